"""Password hashing: Argon2id through passlib (never bcrypt, which truncates at 72 bytes)."""

from __future__ import annotations

import unicodedata

from passlib.context import CryptContext

# Argon2id with 64 MiB and 3 passes (RFC 9106's option for when memory is scarce) in one
# lane: a check takes one core for its time, not all of them, so a sign-in on a small server
# leaves the other core serving everyone else (issue 13: with 4 lanes on 2 cores, every
# sign-in stalled the whole server for about 120 ms). Hashes made with other costs still
# verify, and are made again at the next sign-in (`needs_rehash`).
ARGON2_MEMORY_KIB, ARGON2_PASSES, ARGON2_LANES = 65536, 3, 1
_context = CryptContext(schemes=["argon2"], deprecated="auto",
                        argon2__memory_cost=ARGON2_MEMORY_KIB, argon2__rounds=ARGON2_PASSES,
                        argon2__parallelism=ARGON2_LANES)


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


def needs_rehash(password_hash: str) -> bool:
    """True when `password_hash` was made with other costs than the product's today."""
    try:
        return _context.needs_update(password_hash)
    except (ValueError, TypeError):
        return False
