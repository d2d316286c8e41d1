"""Moroccan identifiers (CIN, ICE, mobile numbers) and dossier tracking codes.

Validators normalise what people type (spaces, dashes, lower case, a leading 0 on a
phone number) and return the canonical form, or raise InvalidIdentifier whose `code`
is a message key for the user.
"""

from __future__ import annotations

import re
import secrets

_CIN = re.compile(r"[A-Z]{1,2}[0-9]{1,6}")
_ICE = re.compile(r"[0-9]{15}")
_MOBILE = re.compile(r"\+212[67][0-9]{8}")
_SEPARATORS = re.compile(r"[\s\-./]")

# Crockford-like alphabet without the characters people confuse when reading aloud or
# copying by hand: 0/O, 1/I/L, and U (which reads like V on poor prints).
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_GROUPS = 2
TRACKING_GROUP_LENGTH = 4
_TRACKING = re.compile(
    "-".join([f"[{TRACKING_ALPHABET}]{{{TRACKING_GROUP_LENGTH}}}"] * TRACKING_GROUPS)
)


class InvalidIdentifier(ValueError):
    def __init__(self, code: str, value: str) -> None:
        self.code = code
        super().__init__(f"{code}: {value!r}")


def normalize_cin(value: str) -> str:
    """CIN: one or two letters then digits, e.g. AB123456 or J123456."""
    cin = _SEPARATORS.sub("", value or "").upper()
    if not _CIN.fullmatch(cin):
        raise InvalidIdentifier("error.cin_invalid", value)
    return cin


def normalize_ice(value: str) -> str:
    """ICE: exactly 15 digits."""
    ice = _SEPARATORS.sub("", value or "")
    if not _ICE.fullmatch(ice):
        raise InvalidIdentifier("error.ice_invalid", value)
    return ice


def normalize_mobile(value: str) -> str:
    """Moroccan mobile: +212 then 6 or 7 and 8 digits. Accepts 06..., 00212..., 212..."""
    phone = _SEPARATORS.sub("", value or "").replace("(", "").replace(")", "")
    if phone.startswith("00212"):
        phone = "+" + phone[2:]
    elif phone.startswith("212"):
        phone = "+" + phone
    elif phone.startswith("0") and len(phone) == 10:
        phone = "+212" + phone[1:]
    if not _MOBILE.fullmatch(phone):
        raise InvalidIdentifier("error.mobile_invalid", value)
    return phone


def new_tracking_code() -> str:
    """A random tracking code such as `K7QM-3XTR` (about 40 bits)."""
    groups = (
        "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_GROUP_LENGTH))
        for _ in range(TRACKING_GROUPS)
    )
    return "-".join(groups)


def normalize_tracking_code(value: str) -> str:
    """Canonical form of a typed code: upper case, with or without the dash."""
    raw = _SEPARATORS.sub("", value or "").upper()
    size = TRACKING_GROUPS * TRACKING_GROUP_LENGTH
    if len(raw) != size or any(c not in TRACKING_ALPHABET for c in raw):
        raise InvalidIdentifier("error.tracking_code_invalid", value)
    return "-".join(
        raw[i : i + TRACKING_GROUP_LENGTH] for i in range(0, size, TRACKING_GROUP_LENGTH)
    )


def is_tracking_code(value: str) -> bool:
    return bool(_TRACKING.fullmatch(value or ""))


def new_pin() -> str:
    """A 6-digit PIN printed on the receipt."""
    return f"{secrets.randbelow(1_000_000):06d}"


MAX_ROW_ID = 2**31 - 1  # INTEGER primary keys on PostgreSQL


def parse_row_id(value: object) -> int | None:
    """A database id typed in an address, or None: ASCII digits only, within INTEGER."""
    text = str(value or "")
    if not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if 0 < number <= MAX_ROW_ID else None
