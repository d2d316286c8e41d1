"""Message catalogs by area of the product.

Each module has `MESSAGES = {"key": {"fr": ..., "ar": ..., "en": ...}, ...}`: the three
languages of a message side by side, so a translator sees what is missing.
"""

AREAS = ("accounts", "documents", "receipts", "dossiers", "mail", "backoffice", "decisions", "catalog_admin", "opendata", "indicators", "regions", "law", "silence", "privacy", "figures", "units", "interface", "reading")
