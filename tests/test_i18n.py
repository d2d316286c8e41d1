import re

import pytest

from counter.i18n import CATALOGS, format_date, format_mad, negotiate, t, text_direction

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def forms(message) -> list[str]:
    """The texts of a message: itself, or each of its plural forms."""
    return list(message.values()) if isinstance(message, dict) else [message]


def placeholders(message) -> set[str]:
    return {name for text in forms(message) for name in PLACEHOLDER.findall(text)}


def test_every_catalog_has_every_key():
    keys = {lang: set(messages) for lang, messages in CATALOGS.items()}
    assert keys["ar"] == keys["fr"] == keys["en"]


@pytest.mark.parametrize("key", sorted(CATALOGS["fr"]))
def test_placeholders_agree_across_languages(key):
    expected = placeholders(CATALOGS["fr"][key])
    for lang in (lang for lang in CATALOGS if lang != "fr" and key in CATALOGS[lang]):
        assert placeholders(CATALOGS[lang][key]) == expected, (lang, key)


def test_arabic_catalog_is_arabic():
    for key, message in CATALOGS["ar"].items():
        for text in forms(message):
            words = PLACEHOLDER.sub("", text)
            if key.startswith("unit.mad") or not any(ch.isalpha() for ch in words):
                continue  # a pure layout pattern such as "{where}: {problem}"
            assert any("\u0600" <= ch <= "\u06ff" for ch in text), key


def test_translation_falls_back_to_french_and_fills_params():
    assert t("unit.days", "en", n=30) == "30 days"
    assert t("unit.days", "xx", n=3) == "3 jours"
    assert t("no.such.key", "ar") == "no.such.key"


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("ar-MA,ar;q=0.9,fr;q=0.8", "ar"),
        ("en-US,en;q=0.9", "en"),
        ("de-DE,de;q=0.9", "fr"),
        ("de,en;q=0.5,ar;q=0.7", "ar"),
        ("", "fr"),
        ("fr;q=0,en", "en"),
        ("ar;q=abc,en;q=0.2", "en"),
    ],
)
def test_language_from_the_browser_with_french_fallback(header, lang):
    assert negotiate(header) == lang


def test_arabic_is_right_to_left():
    assert text_direction("ar") == "rtl"
    assert text_direction("fr") == text_direction("en") == "ltr"


def test_dates_and_amounts_use_moroccan_conventions():
    from datetime import date

    assert format_date(date(2026, 3, 7), "ar") == "07/03/2026"
    assert format_mad(1250000, "fr") == "1\u202f250\u202f000 MAD"
    assert format_mad(1500000.5, "fr") == "1\u202f500\u202f000,5 MAD"
    assert format_mad(99.5, "ar").endswith("درهم")


def test_times_are_shown_in_moroccan_time():
    from datetime import UTC, datetime

    from counter.i18n import format_datetime

    # Morocco keeps UTC+1 outside Ramadan.
    assert format_datetime(datetime(2026, 11, 23, 16, 20, tzinfo=UTC), "fr") == "23/11/2026 17:20"
