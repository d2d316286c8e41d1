"""The public tracking page's address, as printed in QR codes and e-mails.

The tracking code alone opens nothing, so it may travel in the query string. The PIN is a
secret: it goes only in the fragment (after `#`), which browsers never send to a server, so
it reaches no access log, proxy log or Referer; the page reads it and removes it from the
address bar at once.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import parse_qs, quote

TRACK_PATH = "/track"
PIN_MAX_CHARS = 12


def tracking_url(public_url: str, code: str, pin: str | None = None) -> str:
    """`/track?code=CODE`, with `#pin=PIN` when the PIN is known (the receipt's QR code)."""
    url = f"{public_url.rstrip('/')}{TRACK_PATH}?code={quote(code)}"
    return f"{url}#pin={quote(pin)}" if pin else url


def pin_from_fragment(fragment: str) -> str:
    """The PIN of a `#pin=...` fragment (with or without its `#`), or "" when there is none."""
    values = parse_qs(str(fragment or "").lstrip("#")).get("pin", [""])
    return values[0].strip()[:PIN_MAX_CHARS]


# A PIN's stored form: a keyed HMAC of the dossier's tracking code and its PIN. The key
# lives outside the database (services.audit.derived_key), so a copy of the database alone
# does not let anyone test the million six-digit PINs; checking one costs microseconds,
# and the rate limits (services.throttle) keep guessing out.
PIN_DIGEST_PREFIX = "hmac-sha256$"


def pin_digest(key: bytes, code: str, pin: str) -> str:
    """What is stored of the PIN of the dossier `code`."""
    message = f"{code}\x00{pin}".encode()
    return PIN_DIGEST_PREFIX + hmac.new(key, message, hashlib.sha256).hexdigest()


def pin_matches(key: bytes, code: str, pin: str, stored: str) -> bool:
    """The PIN against a stored digest, in constant time (an unknown code is checked
    against a digest nothing matches, at the same cost)."""
    return hmac.compare_digest(pin_digest(key, code, pin), stored)


def is_pin_digest(stored: str | None) -> bool:
    """A digest of this scheme, not an Argon2 hash of the PINs issued before it."""
    return bool(stored) and stored.startswith(PIN_DIGEST_PREFIX)
