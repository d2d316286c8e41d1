"""The one way to write numbers, amounts, durations, sizes and dates for people.

Babel applies each language's CLDR conventions (decimal comma in French and Arabic, their
grouping, their plural categories). Digits stay Western (0-9) in every language, as the
Moroccan administration writes them, and dates are DD/MM/YYYY (DOMAIN.md).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_percent

from counter.i18n.registry import SOURCE_LANG, babel_locales

# The CLDR locale of each language of the product (the registry's): Morocco's where CLDR
# has one.
BABEL_LOCALES = babel_locales()
FALLBACK_LOCALE = BABEL_LOCALES[SOURCE_LANG]

try:
    LOCAL_TIME = ZoneInfo("Africa/Casablanca")
except ZoneInfoNotFoundError:  # a system without the time zone database
    LOCAL_TIME = UTC


@cache
def babel_locale(lang: str | None) -> Locale:
    """The CLDR locale of a language of the product (parsed once per process)."""
    return Locale.parse(BABEL_LOCALES.get(lang or "", FALLBACK_LOCALE))


@cache
def _percent_pattern(lang: str | None, digits: int) -> str:
    """The locale's percent pattern ("#,##0\u00a0%" in French, "#,##0%" in English) with
    at most `digits` decimals."""
    pattern = babel_locale(lang).percent_formats[None].pattern
    decimals = "." + "#" * digits if digits > 0 else ""
    return re.sub(r"[#,0]*0", lambda number: number.group(0) + decimals, pattern, count=1)


@lru_cache(maxsize=4096, typed=True)  # typed: 1 is 'one', 1.0 is 'other' in English
def plural_category(n: float | int, lang: str | None) -> str:
    """CLDR's category of `n` in `lang`: Arabic has zero/one/two/few/many/other. Kept per
    (n, lang): the counts of a screen repeat on every page load (issue 13)."""
    return babel_locale(lang).plural_form(n)


def number_symbols(lang: str | None) -> dict[str, str]:
    """The decimal and group separators of `lang` (for the charts' axes, in the browser)."""
    symbols = babel_locale(lang).number_symbols["latn"]
    return {"decimal": symbols["decimal"], "group": symbols["group"]}


def format_number(value: float | int | None, lang: str | None, digits: int = 1) -> str:
    """A number with at most `digits` decimals: 1 500 000,5 (fr), 1.500.000,5 (ar), 27.8 (en)."""
    if value is None:
        return "—"
    return _formatted_number(value, lang, digits)


@lru_cache(maxsize=4096, typed=True)  # typed: 1 is 'one', 1.0 is 'other' in English
def _formatted_number(value: float | int, lang: str | None, digits: int) -> str:
    """Kept per (value, lang, digits): a page's counts and labels are written on every page
    load, and Babel's formatting was a few percent of a worker's time under load."""
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=babel_locale(lang),
                          numbering_system="latn")


def format_percent(value: float | int | None, lang: str | None, digits: int = 0) -> str:
    """A percentage given on 0-100, as the language's CLDR locale writes it: "36,5 %" in
    French, "36,5%" in Arabic, "36.5%" in English."""
    if value is None:
        return "—"
    return babel_percent(value / 100, format=_percent_pattern(lang, digits),
                         locale=babel_locale(lang), numbering_system="latn")


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
