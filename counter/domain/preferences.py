"""What a visitor's browser remembers for them, as cookies of a year: the screen's language
(`counter_lang`) and their region (`counter_region`). Read on the server from a request's
Cookie header (the served page's <html lang dir>, api/edge.py; each page load's detection,
states/base.py) and written by the page when the person changes them. Cookies are only
preferences: anything that is not a language of the product, or a region code, picks
nothing."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

from counter.i18n import registry

SCREEN_LANG_COOKIE = "counter_lang"
REGION_COOKIE = "counter_region"
MAX_AGE = 365 * 24 * 3600
_REGION_CODE = re.compile(r"[A-Z0-9_]{1,16}")


def browser_cookie(header: str | None, name: str) -> str:
    """The cookie `name` of a request's Cookie header ("" if absent or malformed)."""
    cookie = SimpleCookie()
    try:
        cookie.load(header or "")
    except Exception:  # noqa: BLE001  (a malformed cookie header gives nothing)
        return ""
    morsel = cookie.get(name)
    return morsel.value if morsel else ""


def picked_screen_lang(header: str | None) -> str | None:
    """The screen language the person picked, if it is one of the product's."""
    return registry.match(browser_cookie(header, SCREEN_LANG_COOKIE)) or None


def region_code(value: str | None) -> str:
    """`value` if it can be a region's code (the pages check it against their regions)."""
    return value if value and _REGION_CODE.fullmatch(value) else ""


def picked_region(header: str | None) -> str:
    """The region the person chose last, "" for none."""
    return region_code(browser_cookie(header, REGION_COOKIE))


def remember_script(name: str, value: str) -> str:
    """The page's script that keeps a preference (`value`, already checked) for a year."""
    return (f"document.cookie='{name}={value}; path=/; max-age={MAX_AGE}; samesite=lax'"
            "+(location.protocol==='https:'?'; secure':'');")
