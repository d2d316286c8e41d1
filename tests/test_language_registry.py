"""One language registry (issue 12, point 1): what every screen, PDF, e-mail, the language
switch and the tests read; COUNTER_DEFAULT_LANG; unknown codes fall back as it says."""

import json
from pathlib import Path

import pytest

from counter import i18n, settings
from counter.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    REGISTRY,
    RTL_LANGUAGES,
    direction,
    fallbacks,
    languages,
    negotiate,
    normalize_lang,
    t,
    text_direction,
)
from counter.i18n import registry as language_registry
from counter.i18n.formats import BABEL_LOCALES
from counter.settings import SettingsError, get_settings, load_settings

FONTS = Path(i18n.__file__).resolve().parent.parent / "fonts"


@pytest.fixture
def default_lang(monkeypatch):
    """Start the product with COUNTER_DEFAULT_LANG set to the given language."""
    def use(lang: str) -> None:
        monkeypatch.setenv("COUNTER_DEFAULT_LANG", lang)
        get_settings.cache_clear()

    yield use
    monkeypatch.delenv("COUNTER_DEFAULT_LANG", raising=False)
    get_settings.cache_clear()


# --- The registry ----------------------------------------------------------------------------

def test_the_registry_lists_the_languages_in_the_switchs_order():
    assert languages() == LANGUAGES == settings.LANGUAGES == ("fr", "ar", "en", "zgh")
    assert [entry.code for entry in REGISTRY] == list(LANGUAGES)


def test_each_language_has_its_own_name_direction_script_font_and_locale():
    by_code = {entry.code: entry for entry in REGISTRY}
    assert {code: e.name for code, e in by_code.items()} == LANGUAGE_NAMES == {
        "fr": "Français", "ar": "العربية", "en": "English", "zgh": "ⵜⴰⵎⴰⵣⵉⵖⵜ"}
    assert {code: e.direction for code, e in by_code.items()} == {
        "fr": "ltr", "ar": "rtl", "en": "ltr", "zgh": "ltr"}
    assert {code: e.script for code, e in by_code.items()} == {
        "fr": "Latn", "ar": "Arab", "en": "Latn", "zgh": "Tfng"}
    assert BABEL_LOCALES == {"fr": "fr_MA", "ar": "ar_MA", "en": "en", "zgh": "zgh_MA"}
    assert {code: (e.covers, e.under_review) for code, e in by_code.items()} == {
        "fr": ("all", False), "ar": ("all", False), "en": ("all", False),
        "zgh": ("public", True)}


def test_each_languages_font_is_shipped():
    shipped = {path.name for path in FONTS.glob("*.ttf")}
    for entry in REGISTRY:
        assert f"{entry.font.replace(' ', '')}-Regular.ttf" in shipped, entry.code


def test_direction_comes_from_the_registry():
    assert set(RTL_LANGUAGES) == {"ar"}
    assert [direction(code) for code in LANGUAGES] == ["ltr", "rtl", "ltr", "ltr"]
    assert [text_direction(code) for code in LANGUAGES] == ["ltr", "rtl", "ltr", "ltr"]


def test_a_missing_message_is_looked_for_along_the_fallback_chain(monkeypatch):
    assert fallbacks("fr") == ("fr",)
    assert fallbacks("ar") == ("ar", "fr")
    assert fallbacks("en") == ("en", "fr")
    pseudo = language_registry.Language(
        "zz", "Zz", "ltr", "Latn", "Noto Sans", "en", ("one", "other"),
        "nplurals=2; plural=(n != 1);", fallbacks=("ar",), covers="public")
    monkeypatch.setitem(language_registry._BY_CODE, "zz", pseudo)
    assert fallbacks("zz") == ("zz", "ar", "fr")


def test_the_language_switch_offers_every_language_of_the_registry():
    from counter.components.layout import language_switch

    rendered = str(language_switch())
    for entry in REGISTRY:
        assert f'dir:"{entry.direction}",highContrast:true,id:"lang-{entry.code}",' \
               f'lang:"{entry.code}"' in rendered
        assert json.dumps(entry.name) in rendered or f'"{entry.name}"' in rendered


# --- COUNTER_DEFAULT_LANG --------------------------------------------------------------------

def test_without_a_setting_the_default_language_is_french():
    assert load_settings({}).default_lang == "fr"
    assert negotiate("de-DE,de;q=0.9") == "fr"


def test_counter_default_lang_is_the_language_when_the_browser_asks_for_none_we_have(
        default_lang):
    default_lang("ar")
    assert negotiate("de-DE,de;q=0.9") == "ar"
    assert negotiate("") == "ar"
    assert negotiate(None) == "ar"
    assert negotiate("en-GB,de;q=0.5") == "en"  # a language we have still wins
    assert normalize_lang(None) == "ar"
    assert t("nav.home", "de") == "الرئيسية"


def test_counter_default_lang_must_be_a_language_of_the_registry():
    with pytest.raises(SettingsError, match="COUNTER_DEFAULT_LANG"):
        load_settings({"COUNTER_DEFAULT_LANG": "de"})
    assert load_settings({"COUNTER_DEFAULT_LANG": "en"}).default_lang == "en"


def test_a_new_page_without_a_remembered_language_takes_the_default(default_lang):
    """AppState._read_preferences: no cookie, a browser asking for German."""
    from types import SimpleNamespace

    from counter.states.base import AppState

    default_lang("en")
    state = SimpleNamespace(lang="", remembered_region="", _prefs_read_for="")
    AppState._read_preferences(state, {"sid": "socket-1", "headers": {
        "cookie": "", "accept-language": "de-DE,de;q=0.9"}})
    assert normalize_lang(state.lang) == "en"  # "" (not assigned again) is the default


# --- Unknown language codes ------------------------------------------------------------------

@pytest.mark.parametrize(("code", "expected"), [
    ("ar", "ar"), ("ar-MA", "ar"), ("AR", "ar"), ("en_GB", "en"), ("fr-FR", "fr"),
    ("de", "fr"), ("", "fr"), (None, "fr"), ("x" * 500, "fr"), ("<script>", "fr"), (3, "fr"),
])
def test_an_unknown_language_code_in_a_cookie_falls_back_as_the_registry_says(code, expected):
    assert normalize_lang(code) == expected
    assert t("nav.home", code) == t("nav.home", expected)


def test_an_unknown_cookie_falls_back_to_counter_default_lang(default_lang):
    default_lang("en")
    assert normalize_lang("de") == "en" and normalize_lang("ar-MA") == "ar"


@pytest.mark.parametrize(("header", "expected"), [
    ("de-DE,de;q=0.9", "fr"), ("*", "fr"), ("ar-Arab-MA", "ar"), ("EN-us", "en"),
    (";;;,,,q=1", "fr"), ("de;q=1,ar;q=0.1", "ar"),
])
def test_an_unknown_language_in_accept_language_falls_back_as_the_registry_says(header,
                                                                                 expected):
    assert negotiate(header) == expected


def test_the_tag_of_pages_and_documents_comes_from_the_registry():
    from counter.i18n.registry import tag

    assert (tag("fr"), tag("ar"), tag("en")) == ("fr-MA", "ar-MA", "en")
    assert tag("xx") == tag(language_registry.default_lang())  # unknown: the default's
