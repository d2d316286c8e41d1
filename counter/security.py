"""Password hashing: Argon2id through passlib (never bcrypt, which truncates at 72 bytes)."""

from __future__ import annotations

import unicodedata

from passlib.context import CryptContext

_context = CryptContext(schemes=["argon2"], deprecated="auto")


def normalize_password(password: str) -> str:
    """NFKC: the same password typed on another keyboard (full-width digits, composed or
    decomposed accents, Arabic presentation forms) is the same password."""
    return unicodedata.normalize("NFKC", password or "")


def hash_password(password: str) -> str:
    return _context.hash(normalize_password(password))


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _context.verify(normalize_password(password), password_hash)
    except (ValueError, TypeError):
        return False
