"""The one translation function, its catalogs (fr, ar, en) and language negotiation."""

from __future__ import annotations

import importlib
from datetime import date

from counter.i18n import ar, en, fr
from counter.i18n.areas import AREAS
from counter.i18n.formats import (
    LOCAL_TIME,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_size_parts,
    plural_category,
)

__all__ = ["LOCAL_TIME", "format_date", "format_datetime", "format_number", "format_percent"]

LANGUAGES = ("fr", "ar", "en")
DEFAULT_LANG = "fr"
RTL_LANGUAGES = frozenset({"ar"})
LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية", "en": "English"}


Message = str | dict[str, str]  # a text, or its plural forms by CLDR category


def _load_catalogs() -> dict[str, dict[str, Message]]:
    catalogs = {"fr": dict(fr.MESSAGES), "ar": dict(ar.MESSAGES), "en": dict(en.MESSAGES)}
    for area in AREAS:
        try:
            module = importlib.import_module(f"counter.i18n.areas.{area}")
        except ModuleNotFoundError:
            continue
        for key, texts in module.MESSAGES.items():
            for lang in LANGUAGES:
                catalogs[lang][key] = texts.get(lang, "")
    return catalogs


CATALOGS: dict[str, dict[str, Message]] = _load_catalogs()
# What screens read by key (t(key) has no params there): the plain texts. A message with
# plural forms needs its count, so the state writes it with t(key, lang, n=...).
SCREEN_CATALOGS: dict[str, dict[str, str]] = {
    lang: {key: text for key, text in messages.items() if isinstance(text, str)}
    for lang, messages in CATALOGS.items()
}


def normalize_lang(lang: str | None) -> str:
    return lang if lang in CATALOGS else DEFAULT_LANG


def t(key: str, lang: str | None = DEFAULT_LANG, **params: object) -> str:
    """The message `key` in `lang` (French if missing), with `{name}` params filled in.

    A count is always the param `n`: a number given as `n` is written the language's way
    (format_number), and a message with plural forms ({"one": ..., "other": ...}, CLDR's
    categories) takes the form of that number in that language.
    """
    lang = normalize_lang(lang)
    text = CATALOGS[lang].get(key) or CATALOGS[DEFAULT_LANG].get(key) or key
    count = params.get("n")
    if isinstance(text, dict):
        category = plural_category(count, lang) if isinstance(count, int | float) else "other"
        text = text.get(category) or text["other"]
    if isinstance(count, int | float) and not isinstance(count, bool):
        params["n"] = format_number(count, lang)
    return text.format(**params) if params else text


def text_direction(lang: str | None) -> str:
    return "rtl" if lang in RTL_LANGUAGES else "ltr"


def negotiate(accept_language: str | None, default: str = DEFAULT_LANG) -> str:
    """Pick a supported language from an HTTP Accept-Language header."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in CATALOGS and quality > 0:
            ranked.append((-quality, index, primary))
    return min(ranked)[2] if ranked else default


def format_mad(amount: float | int | None, lang: str | None = DEFAULT_LANG) -> str:
    """An amount in dirhams: 1 250 000,5 MAD (fr), 1.250.000,5 درهم (ar), 1,250,000.5 MAD (en)."""
    if amount is None:
        return ""
    return f"{format_number(amount, lang, digits=2)} {t('unit.mad', lang)}"


def format_days(value: float | int | None, lang: str | None = DEFAULT_LANG,
                key: str = "unit.days") -> str:
    """A duration in days with the language's plural ("5 أيام", "11 يوما"); "—" when unknown."""
    return "—" if value is None else t(key, lang, n=value)


def format_deadline(days: int, unit: str, lang: str | None = DEFAULT_LANG) -> str:
    """A legal deadline in its unit (domain.workdays): "20 jours ouvrables", "30 jours"."""
    return format_days(days, lang, "unit.working_days" if unit == "working" else "unit.days")


def format_size(size: int, lang: str | None = DEFAULT_LANG) -> str:
    """A file size in the language's units: "1,5 Mo", "1.5 MB", "1,5 ميغابايت"."""
    value, unit = format_size_parts(size)
    return t(unit, lang, n=value)


def format_period(date_from: date | None, date_to: date | None,
                  lang: str | None = DEFAULT_LANG) -> str:
    """A period in words, in reading order for the language: "du 01/12/2025 au 30/11/2026"."""
    return t("period.range", lang, start=format_date(date_from, lang) or "…",
             end=format_date(date_to, lang) or "…")
