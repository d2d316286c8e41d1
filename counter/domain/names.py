"""Names of catalog things (regions, provinces, services, procedures, field labels, choices,
documents) as translatable values: one shape, a mapping of language code to text, and one
rule to read it.

    {"fr": "Errachidia", "ar": "الرشيدية", "en": "Errachidia"}

A mapping may lack a language (an entry written in French only, or a language added after
the entry): `pick` then follows the language's fallback chain (ar -> fr, en -> fr,
zgh -> ar -> fr), then takes any language that has a text. It never returns a key or an
empty string when the mapping has a text in some language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

from counter.i18n import registry
from counter.settings import LANGUAGES

# The language every fallback chain ends in: a catalog thing needs at least its name in it,
# the other languages are optional (they fall back).
ROOT_LANGUAGE = registry.SOURCE_LANG

Names = dict[str, str]
T = TypeVar("T")


def fallback_chain(lang: str | None) -> tuple[str, ...]:
    """`lang`, then the languages it falls back to (the registry's), without repeats."""
    return registry.fallbacks(lang)


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def pick(names: Mapping[str, object] | None, lang: str | None, default: str = "") -> str:
    """The text of `names` in `lang`, else along its fallback chain, else in any language
    that has one (the product's languages first); `default` only if there is none."""
    if not names:
        return default
    for code in (*fallback_chain(lang), *LANGUAGES, *names):
        text = _text(names.get(code))
        if text:
            return text
    return default


def fallback_source(names: Mapping[str, object] | None, lang: str) -> str | None:
    """The language whose text `pick` shows for `lang` when `lang` itself has none (for the
    catalog editor's "shown in French" hint); None when `lang` has its own text or when
    there is no text at all."""
    if not names or _text(names.get(lang)):
        return None
    for code in (*fallback_chain(lang), *LANGUAGES, *names):
        if _text(names.get(code)):
            return code
    return None


def names_of(values: Mapping[str, object], prefix: str = "name",
             languages: Iterable[str] = LANGUAGES) -> Names:
    """A mapping from form values or old-style columns `<prefix>_<lang>`, trimmed; the
    languages left empty are left out (they fall back when read)."""
    return {lang: text for lang in languages
            if (text := _text(values.get(f"{prefix}_{lang}")))}


def cleaned(names: Mapping[str, object] | None) -> Names:
    """The mapping with its texts trimmed and its empty languages left out."""
    return {lang: text for lang, value in (names or {}).items() if (text := _text(value))}


def by_name(rows: Iterable[T], lang: str = LANGUAGES[0]) -> list[T]:
    """Rows that have `names`, in the order of their name in `lang` (with its fallback):
    lists of procedures, services and provinces are sorted by their French name."""
    return sorted(rows, key=lambda row: pick(row.names, lang))  # type: ignore[attr-defined]
