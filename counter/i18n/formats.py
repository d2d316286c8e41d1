"""The one way to write numbers, amounts, durations, sizes and dates for people.

Babel applies each language's CLDR conventions (decimal comma in French and Arabic, their
grouping, their plural categories). Digits stay Western (0-9) in every language, as the
Moroccan administration writes them, and dates are DD/MM/YYYY (DOMAIN.md).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.numbers import format_decimal

from counter.i18n.registry import SOURCE_LANG, babel_locales

# The CLDR locale of each language of the product (the registry's): Morocco's where CLDR
# has one.
BABEL_LOCALES = babel_locales()
FALLBACK_LOCALE = BABEL_LOCALES[SOURCE_LANG]

try:
    LOCAL_TIME = ZoneInfo("Africa/Casablanca")
except ZoneInfoNotFoundError:  # a system without the time zone database
    LOCAL_TIME = UTC


def babel_locale(lang: str | None) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(lang or "", FALLBACK_LOCALE))


def plural_category(n: float | int, lang: str | None) -> str:
    """CLDR's category of `n` in `lang`: Arabic has zero/one/two/few/many/other."""
    return babel_locale(lang).plural_form(n)


def format_number(value: float | int | None, lang: str | None, digits: int = 1) -> str:
    """A number with at most `digits` decimals: 1 500 000,5 (fr), 1.500.000,5 (ar), 27.8 (en)."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=babel_locale(lang),
                          numbering_system="latn")


def format_percent(value: float | int | None, lang: str | None, digits: int = 0) -> str:
    """A percentage given on 0-100: "36 %" in French, "36%" in Arabic and English."""
    if value is None:
        return "—"
    number = format_number(value, lang, digits)
    return f"{number}\u00a0%" if (lang or "fr") == "fr" else f"{number}%"


def format_date(value: date | datetime | None, lang: str | None = None) -> str:
    """DD/MM/YYYY with Western digits, the norm of Moroccan administration, in every language."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TIME)
    return value.strftime("%d/%m/%Y")


def format_month(year: int, month: int, lang: str | None = None) -> str:
    """MM/YYYY, the month of a DD/MM/YYYY date (a chart's axis of months)."""
    return f"{month:02d}/{year:04d}"


def format_datetime(value: datetime | None, lang: str | None = None) -> str:
    """DD/MM/YYYY HH:MM in Moroccan time (stored times are UTC)."""
    if value is None:
        return ""
    return value.astimezone(LOCAL_TIME).strftime("%d/%m/%Y %H:%M")


def format_size_parts(size: int) -> tuple[float, str]:
    """A byte count as (value, unit key): KB below one megabyte, MB above."""
    if size >= 1024 * 1024:
        return size / 1024 / 1024, "unit.mb"
    return max(size // 1024, 1), "unit.kb"
