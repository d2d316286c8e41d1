"""The languages of the product, as data: the one list every screen, PDF, e-mail, the
language switch and the tests read.

Adding a language is a line here and a catalog file (`locale/<code>/LC_MESSAGES/counter.po`).
This module imports nothing of the product, so settings can read it at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

# The language the messages are written in first (the msgid of every catalog entry) and
# the last step of every fallback chain.
SOURCE_LANG = "fr"


@dataclass(frozen=True)
class Language:
    code: str  # the catalog's folder and the `lang` of pages, cookies, dossiers
    name: str  # its own name, in its own script: what the language switch shows
    direction: str  # "ltr" or "rtl"
    script: str  # ISO 15924: Latn, Arab, Tfng
    font: str  # the shipped font family the screen and PDFs write it in
    babel_locale: str  # CLDR locale for numbers and plural categories
    # Gettext's order of the plural forms (msgstr[0], msgstr[1], ...) by CLDR category,
    # and the Plural-Forms header the catalog must carry for them.
    plural_categories: tuple[str, ...]
    plural_forms: str
    fallbacks: tuple[str, ...] = (SOURCE_LANG,)  # where a missing message is looked for
    covers: str = "all"  # "all", or "public": the public pages only
    under_review: bool = False  # translations drafted without a native reviewer
    # Codes a browser or phone may send for this language (Accept-Language, a cookie)
    # other than `code`: their primary subtag reaches it (registry.match).
    aliases: tuple[str, ...] = ()
    speech: str = ""  # the BCP 47 tag the listen button asks the device's voices for


TWO_FORMS = ("one", "other")
ARABIC_FORMS = ("zero", "one", "two", "few", "many", "other")

REGISTRY: tuple[Language, ...] = (
    Language("fr", "Français", "ltr", "Latn", "Noto Sans", "fr_MA", TWO_FORMS,
             "nplurals=2; plural=(n > 1);", fallbacks=(), speech="fr-FR"),
    Language("ar", "العربية", "rtl", "Arab", "Noto Naskh Arabic", "ar_MA", ARABIC_FORMS,
             "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3"
             " : n%100>=11 ? 4 : 5);", speech="ar-MA"),
    Language("en", "English", "ltr", "Latn", "Noto Sans", "en", TWO_FORMS,
             "nplurals=2; plural=(n != 1);", speech="en"),
    # Standard Moroccan Amazigh, in Tifinagh. CLDR gives zgh no plural rule (one form for
    # every count). A phone set to Central Atlas Tamazight (tzm), Tachelhit (shi, Souss-Massa),
    # Tarifit (rif, the Oriental) or the collective code ber reads it rather than French.
    Language("zgh", "ⵜⴰⵎⴰⵣⵉⵖⵜ", "ltr", "Tfng", "Noto Sans Tifinagh", "zgh_MA", ("other",),
             "nplurals=1; plural=0;", fallbacks=("ar", SOURCE_LANG), covers="public",
             under_review=True, aliases=("tzm", "shi", "rif", "ber"), speech="zgh-MA"),
)

_BY_CODE = {language.code: language for language in REGISTRY}
_BY_ALIAS = {alias: language.code for language in REGISTRY for alias in language.aliases}


def languages() -> tuple[str, ...]:
    """The codes of the product's languages, in the language switch's order."""
    return tuple(_BY_CODE)


def language(code: str | None) -> Language:
    """The registry entry of `code`, resolved as `resolve` does."""
    return _BY_CODE[resolve(code)]


def default_lang() -> str:
    """COUNTER_DEFAULT_LANG: the language when a browser asks for none we have."""
    from counter.settings import get_settings  # settings reads this module at import

    return get_settings().default_lang


def match(code: object) -> str | None:
    """A language of the product for a code from outside ("ar-MA", "EN"), or None."""
    if not isinstance(code, str) or not code:
        return None
    if code in _BY_CODE:  # the common case, first: a dict lookup
        return code
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in _BY_CODE else _BY_ALIAS.get(primary)


def resolve(code: object) -> str:
    """The language to use for `code`: itself, its primary subtag, else the default."""
    return match(code) or default_lang()


def direction(code: str | None) -> str:
    return language(code).direction


def tag(code: str | None) -> str:
    """The BCP 47 tag of a language's pages and documents: its code, with the territory of
    its CLDR locale when that locale is of the same language ("fr-MA", "ar-MA", "en")."""
    entry = language(code)
    base, _, territory = entry.babel_locale.partition("_")
    return f"{entry.code}-{territory}" if base == entry.code and territory else entry.code


def rtl_languages() -> frozenset[str]:
    return frozenset(entry.code for entry in REGISTRY if entry.direction == "rtl")


def fallbacks(code: str | None) -> tuple[str, ...]:
    """Where a message of `code` is looked for, in order: itself, its fallbacks, French."""
    chain: list[str] = []
    for step in (resolve(code), *language(code).fallbacks, SOURCE_LANG):
        if step in _BY_CODE and step not in chain:
            chain.append(step)
    return tuple(chain)


def speech_tag(code: str | None) -> str:
    """The tag the device's speech synthesis is asked for (a voice of that language)."""
    entry = language(code)
    return entry.speech or entry.code


def babel_locales() -> dict[str, str]:
    return {entry.code: entry.babel_locale for entry in REGISTRY}
