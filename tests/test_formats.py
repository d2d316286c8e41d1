"""One formatting path for numbers, amounts, durations, sizes and dates, per language."""

from datetime import date

import pytest

from counter.i18n import (
    CATALOGS,
    format_days,
    format_mad,
    format_number,
    format_percent,
    format_period,
    format_size,
    t,
)
from counter.i18n.formats import plural_category


def test_decimal_comma_in_french_and_arabic_point_in_english():
    assert format_number(27.8, "fr") == "27,8"
    assert format_number(27.8, "ar") == "27,8"
    assert format_number(27.8, "en") == "27.8"
    assert format_number(1500000.5, "fr") == "1\u202f500\u202f000,5"
    assert format_number(1500000.5, "en") == "1,500,000.5"
    assert format_number(None, "fr") == "—"


def test_digits_stay_western_in_arabic():
    written = format_number(1234567.25, "ar", digits=2) + format_days(15, "ar")
    assert not any("\u0660" <= ch <= "\u0669" or "\u06f0" <= ch <= "\u06f9" for ch in written)
    assert "1" in written


def test_amounts_in_dirhams():
    assert format_mad(1500000.5, "fr") == "1\u202f500\u202f000,5 MAD"
    assert format_mad(10, "ar") == "10 درهم"
    assert format_mad(1250.75, "en") == "1,250.75 MAD"


@pytest.mark.parametrize(("n", "text"), [
    (0, "0 يوم"), (1, "1 يوم"), (2, "2 يومان"), (5, "5 أيام"), (10, "10 أيام"),
    (11, "11 يوما"), (30, "30 يوما"), (99, "99 يوما"), (100, "100 يوم"), (103, "103 أيام"),
])
def test_arabic_days_take_the_right_plural(n, text):
    assert format_days(n, "ar") == text


def test_french_and_english_days_singular_and_plural():
    assert format_days(1, "fr") == "1 jour"
    assert format_days(0, "fr") == "0 jour"
    assert format_days(30, "fr") == "30 jours"
    assert format_days(1, "en") == "1 day"
    assert format_days(20, "en", key="unit.working_days") == "20 working days"
    assert format_days(20, "ar", key="unit.working_days") == "20 يوم عمل"
    assert format_days(5, "ar", key="unit.working_days") == "5 أيام عمل"
    assert format_days(None, "fr") == "—"


def test_short_durations_keep_decimals_the_language_way():
    assert t("unit.days_short", "fr", n=27.8) == "27,8 j"
    assert t("unit.days_short", "en", n=27.8) == "27.8 d"
    assert t("unit.days_short", "ar", n=5) == "5 أيام"


def test_percentages():
    assert format_percent(36, "fr") == "36\u00a0%"
    assert format_percent(36.5, "ar", digits=1) == "36,5%"
    assert format_percent(None, "en") == "—"


def test_sizes_in_the_language_units():
    assert format_size(1536 * 1024, "fr") == "1,5 Mo"
    assert format_size(1536 * 1024, "en") == "1.5 MB"
    assert format_size(300, "ar") == "1 كيلوبايت"
    assert format_size(20 * 1024, "fr") == "20 Ko"


def test_pages_are_counted_in_words():
    assert t("unit.pages", "fr", n=1) == "1 page"
    assert t("unit.pages", "en", n=3) == "3 pages"
    assert t("unit.pages", "ar", n=3) == "3 صفحات"


def test_periods_read_in_the_language_order_with_local_dates():
    assert format_period(date(2025, 12, 1), date(2026, 11, 30), "fr") == \
        "du 01/12/2025 au 30/11/2026"
    assert format_period(date(2025, 12, 1), date(2026, 11, 30), "ar") == \
        "من 01/12/2025 إلى 30/11/2026"
    assert format_period(None, date(2026, 11, 30), "en") == "from … to 30/11/2026"


def test_plural_categories_come_from_cldr():
    assert [plural_category(n, "ar") for n in (0, 1, 2, 3, 11, 100)] == \
        ["zero", "one", "two", "few", "many", "other"]
    assert plural_category(0, "fr") == "one"
    assert plural_category(0, "en") == "other"


def test_every_plural_message_has_the_forms_its_language_needs():
    needed = {"fr": {"one", "other"}, "en": {"one", "other"},
              "ar": {"zero", "one", "two", "few", "many", "other"}}
    for lang, messages in CATALOGS.items():
        for key, message in messages.items():
            if isinstance(message, dict):
                assert set(message) >= needed[lang], (lang, key)


def test_percentages_follow_each_languages_cldr_locale():
    """No language is spelled out: a percentage is the registry locale's pattern."""
    from babel.numbers import format_percent as babel_percent

    from counter.i18n.registry import REGISTRY

    for entry in REGISTRY:
        assert format_percent(36, entry.code) == babel_percent(
            0.36, locale=entry.babel_locale, numbering_system="latn")
    assert format_percent(36.54, "fr", digits=1) == "36,5\u00a0%"
    assert format_percent(36.54, "en", digits=1) == "36.5%"
    assert format_percent(1234.5, "ar", digits=1) == "1.234,5%"
    assert format_percent(36.5, "xx", digits=1) == format_percent(36.5, "fr", digits=1)


def test_a_locale_is_parsed_once_per_process():
    from counter.i18n.formats import babel_locale

    assert babel_locale("ar") is babel_locale("ar")


def test_chart_axes_write_numbers_as_the_tables_do():
    """The charts' tick formatter (JavaScript, in the browser) agrees with format_number."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from counter.pages.indicators import NUMBER_TICKS
    from counter.states.base import AppState

    node = shutil.which("node", path=str(Path(sys.executable).parent)) or shutil.which("node")
    if node is None:
        pytest.skip("node is installed by `make install`")
    formatter = str(NUMBER_TICKS).replace(str(AppState.ui_lang), "lang")
    values = [0, 7, 1500, 1500000.5, 27.8]
    script = (f"for (const lang of ['fr', 'ar', 'en']) console.log(JSON.stringify("
              f"{values}.map((v) => ({formatter})(v))));")
    lines = subprocess.run([node, "-e", script], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    import json

    for lang, line in zip(("fr", "ar", "en"), lines, strict=True):
        assert json.loads(line) == [format_number(v, lang) for v in values], lang
