"""The public tracking page's address, as printed in QR codes and e-mails.

The tracking code alone opens nothing, so it may travel in the query string. The PIN is a
secret: it goes only in the fragment (after `#`), which browsers never send to a server, so
it reaches no access log, proxy log or Referer; the page reads it and removes it from the
address bar at once.
"""

from __future__ import annotations

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
