"""The one translation function, its catalogs (fr, ar, en) and language negotiation."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from counter.i18n import ar, en, fr
from counter.i18n.areas import AREAS

LANGUAGES = ("fr", "ar", "en")
DEFAULT_LANG = "fr"
RTL_LANGUAGES = frozenset({"ar"})
LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية", "en": "English"}


def _load_catalogs() -> dict[str, dict[str, str]]:
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


CATALOGS: dict[str, dict[str, str]] = _load_catalogs()


def normalize_lang(lang: str | None) -> str:
    return lang if lang in CATALOGS else DEFAULT_LANG


def t(key: str, lang: str | None = DEFAULT_LANG, **params: object) -> str:
    """The message `key` in `lang` (French if missing), with `{name}` params filled in."""
    lang = normalize_lang(lang)
    text = CATALOGS[lang].get(key) or CATALOGS[DEFAULT_LANG].get(key) or key
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


try:
    LOCAL_TIME = ZoneInfo("Africa/Casablanca")
except ZoneInfoNotFoundError:  # a system without the time zone database
    LOCAL_TIME = UTC


def format_date(value: date | datetime | None, lang: str | None = DEFAULT_LANG) -> str:
    """DD/MM/YYYY with Western digits, the norm of Moroccan administration, in every language."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TIME)
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None, lang: str | None = DEFAULT_LANG) -> str:
    """DD/MM/YYYY HH:MM in Moroccan time (stored times are UTC)."""
    if value is None:
        return ""
    return value.astimezone(LOCAL_TIME).strftime("%d/%m/%Y %H:%M")


def format_mad(amount: float | int | None, lang: str | None = DEFAULT_LANG) -> str:
    """An amount in dirhams with thin-space thousands: 1 250 000 MAD / 1 250 000 درهم."""
    if amount is None:
        return ""
    whole = f"{amount:,.2f}".rstrip("0").rstrip(".").replace(",", "\u202f")
    return f"{whole} {t('unit.mad', lang)}"
