"""The regional digital services counter (guichet numérique)."""
