"""The one translation function, its catalogs and language negotiation.

The languages are the registry's (`counter.i18n.registry`); their messages are gettext
catalogs (`locale/<lang>/LC_MESSAGES/counter.po`, `counter.i18n.catalogs`), read once at
import: `t()` is then a dictionary lookup.
"""

from __future__ import annotations

from datetime import date

from babel import Locale

from counter.i18n import registry
from counter.i18n.catalogs import Message, load, shown
from counter.i18n.formats import (
    LOCAL_TIME,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_size_parts,
    plural_category,
)
from counter.i18n.registry import REGISTRY, direction, fallbacks, language, languages

__all__ = ["LOCAL_TIME", "REGISTRY", "direction", "fallbacks", "format_date", "format_datetime",
           "format_number", "format_percent", "language", "languages"]

# Thin aliases of the registry, for the code that reads them.
LANGUAGES = languages()
DEFAULT_LANG = registry.SOURCE_LANG  # the language of the msgids, the last fallback
RTL_LANGUAGES = registry.rtl_languages()
LANGUAGE_NAMES = {entry.code: entry.name for entry in REGISTRY}

_LOADED = {entry.code: load(entry) for entry in REGISTRY}
# Each language's own messages (what its catalog translates and a screen shows: a fuzzy
# draft only in a language under review, catalogs.shown), and its drafts under review.
CATALOGS: dict[str, dict[str, Message]] = {
    entry.code: shown(entry, _LOADED[entry.code]) for entry in REGISTRY}
FUZZY: dict[str, frozenset[str]] = {code: frozenset(c.fuzzy) for code, c in _LOADED.items()}
# What t() reads: every key of every language, a missing one taken from the language's
# fallbacks; with the language whose plural rules the text follows.
_RESOLVED: dict[str, dict[str, tuple[Message, str]]] = {
    code: {key: (message, step) for step in reversed(fallbacks(code))
           for key, message in CATALOGS[step].items()}
    for code in LANGUAGES
}
# What screens read by key (t(key) has no params there): the plain texts. A message with
# plural forms needs its count, so the state writes it with t(key, lang, n=...).
SCREEN_CATALOGS: dict[str, dict[str, str]] = {
    code: {key: text for key, (text, _) in messages.items() if isinstance(text, str)}
    for code, messages in _RESOLVED.items()
}


def area_keys(area: str) -> set[str]:
    """The keys of one part of the product ("#. area: documents" in the catalogs)."""
    areas = _LOADED[registry.SOURCE_LANG].areas
    return {key for key, name in areas.items() if name == area}


def normalize_lang(lang: str | None) -> str:
    """A language of the product for any code (cookie, header, dossier): itself, its
    primary subtag ("ar-MA"), else COUNTER_DEFAULT_LANG."""
    return registry.resolve(lang)


def t(key: str, lang: str | None = DEFAULT_LANG, **params: object) -> str:
    """The message `key` in `lang` (from its fallbacks if missing), `{name}` params filled in.

    A key may carry its values (domain.forms.FieldProblem: "error.text_too_long", max=200).
    A count is the param `n` (else a plural message's only numeric param, such as `max`):
    a number given as `n` is written the language's way (format_number), and a message
    with plural forms (CLDR's categories, the catalog's msgstr[0..]) takes the form of the
    count in that language.
    """
    messages = _RESOLVED.get(lang) if isinstance(lang, str) else None
    if messages is None:
        lang = normalize_lang(lang)
        messages = _RESOLVED[lang]
    text, plural_lang = messages.get(key) or (key, lang)
    if type(key) is not str:  # a key carrying its values (domain.forms.FieldProblem)
        params = {**getattr(key, "params", {}), **params}
    if not params and isinstance(text, str):
        return text
    count = params.get("n")
    if isinstance(text, dict):
        counted = count if _is_number(count) else _only_number(params)
        category = plural_category(counted, plural_lang) if counted is not None else "other"
        text = text.get(category) or text["other"]
    if _is_number(count):
        params["n"] = format_number(count, lang)
    return text.format(**params) if params else text


def language_in(code: str, lang: str | None = DEFAULT_LANG) -> str:
    """A language of the product named in the reader's words ("en arabe", "بالفرنسية"):
    its catalog entry `language.in.<code>` where the reader's catalogs have one, else its own
    name in the registry ("en ⵜⴰⵎⴰⵣⵉⵖⵜ"), so a language added by a catalog file and a
    registry line alone is named too."""
    key = f"language.in.{code}"
    if key in _RESOLVED[normalize_lang(lang)]:
        return t(key, lang)
    return t("language.in_own_name", lang, name=LANGUAGE_NAMES.get(code, code))


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _only_number(params: dict[str, object]) -> int | float | None:
    """The count of a plural message whose number is not `n` ("{max} caractères au plus"):
    its only numeric param."""
    numbers = [value for value in params.values() if _is_number(value)]
    return numbers[0] if len(numbers) == 1 else None


def review_notice(lang: str | None) -> tuple[str, str] | None:
    """What a page in a language under review (registry `under_review`) says about it: the
    notice in that language, then in French; None for a reviewed language."""
    entry = language(lang)
    if not entry.under_review:
        return None
    french_name = Locale.parse(entry.babel_locale).get_language_name(registry.SOURCE_LANG)
    return (t("notice.under_review", entry.code, language=entry.name),
            t("notice.under_review", registry.SOURCE_LANG, language=french_name))


def text_direction(lang: str | None) -> str:
    return direction(lang)


def negotiate(accept_language: str | None, default: str | None = None) -> str:
    """Pick a language of the product from an HTTP Accept-Language header; none we have:
    `default`, else COUNTER_DEFAULT_LANG."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        code = registry.match(tag.strip())
        if code and quality > 0:
            ranked.append((-quality, index, code))
    return min(ranked)[2] if ranked else registry.resolve(default)


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
