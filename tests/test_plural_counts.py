"""Counts take the plural of their number in every language (issue 12, point 2): the
Arabic plural bug ("5 يوما", "10 يوما" where Arabic needs "أيام"; "يوما" only for 11-99)
on screens, on the receipt PDF and in the messages that count with another name than n."""

import re
import sys
from pathlib import Path

import pytest

from counter.i18n import LANGUAGES, format_deadline, t
from counter.i18n.formats import plural_category
from counter.services.receipts import render_receipt

sys.path.insert(0, str(Path(__file__).parent))
from test_receipts import pdf_text, receipt  # noqa: E402

COUNTS = (0, 1, 2, 3, 11, 100)
# What each language writes for a number of days: Arabic singular for 0, 1 and 100, dual for
# 2, plural "أيام" for 3-10, and "يوما" (tamyiz) only for 11-99.
DAYS = {
    "fr": ["0 jour", "1 jour", "2 jours", "3 jours", "11 jours", "100 jours"],
    "ar": ["0 يوم", "1 يوم", "2 يومان", "3 أيام", "11 يوما", "100 يوم"],
    "en": ["0 days", "1 day", "2 days", "3 days", "11 days", "100 days"],
    # CLDR gives Standard Moroccan Amazigh one form for every count ("n of days").
    "zgh": [f"{n} ⵏ ⵡⵓⵙⵙⴰⵏ" for n in COUNTS],
}
PROCEDURES = {
    "fr": ["0 démarche", "1 démarche", "2 démarches", "3 démarches", "11 démarches",
           "100 démarches"],
    "ar": ["0 إجراء", "1 إجراء", "2 إجراءان", "3 إجراءات", "11 إجراء", "100 إجراء"],
    "en": ["0 procedures", "1 procedure", "2 procedures", "3 procedures", "11 procedures",
           "100 procedures"],
    "zgh": [f"{n} ⵏ ⵜⵙⵓⵔⴰⴼ" for n in COUNTS],
}


def test_arabic_plural_categories_are_cldrs():
    assert [plural_category(n, "ar") for n in COUNTS] == [
        "zero", "one", "two", "few", "many", "other"]
    assert [plural_category(n, "ar") for n in (5, 10, 99, 101, 111)] == [
        "few", "few", "many", "other", "many"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_count_of_days_on_a_screen_takes_the_plural_of_its_number(lang):
    assert [format_deadline(n, "calendar", lang) for n in COUNTS] == DAYS[lang]
    assert [t("catalog.count", lang, n=n) for n in COUNTS] == PROCEDURES[lang]


def test_arabic_says_ayyam_for_five_and_ten_days_not_yawman():
    assert t("unit.days", "ar", n=5) == "5 أيام"
    assert t("unit.days", "ar", n=10) == "10 أيام"
    assert t("unit.days", "ar", n=12) == "12 يوما"
    assert "day(s)" not in t("unit.days", "en", n=2)


def deadline_line(lang: str, days: int) -> str:
    _, text = pdf_text(render_receipt(receipt(lang, legal_deadline_days=days,
                                              deadline_unit="calendar")))
    label = t("receipt.legal_deadline", lang)
    [line] = [line for line in text.splitlines() if label in line]
    return line


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("index", range(len(COUNTS)), ids=[str(n) for n in COUNTS])
def test_the_receipts_legal_deadline_takes_the_plural_of_its_number(lang, index):
    days, expected = COUNTS[index], DAYS[lang][index]
    line = deadline_line(lang, days)
    if lang == "ar":  # drawn right to left: compare the number and the words, not the order
        assert re.findall(r"\d+", line) == [str(days)]
        noun = expected.split(" ", 1)[1]
        words = set(re.findall(r"[\u0600-\u06ff]+", line))
        assert noun in words, (days, line)
        assert not {"يوم", "يومان", "أيام", "يوما"} - {noun} & words, (days, line)
    else:
        assert line.endswith(expected), line


@pytest.mark.parametrize(("n", "ar", "fr", "en"), [
    (0, "(0 حرف كحد أقصى)", "(0 caractère au plus)", "(0 characters at most)"),
    (1, "(1 حرف كحد أقصى)", "(1 caractère au plus)", "(1 character at most)"),
    (2, "(2 حرفان كحد أقصى)", "(2 caractères au plus)", "(2 characters at most)"),
    (3, "(3 أحرف كحد أقصى)", "(3 caractères au plus)", "(3 characters at most)"),
    (11, "(11 حرفا كحد أقصى)", "(11 caractères au plus)", "(11 characters at most)"),
    (100, "(100 حرف كحد أقصى)", "(100 caractères au plus)", "(100 characters at most)"),
    (300, "(300 حرف كحد أقصى)", "(300 caractères au plus)", "(300 characters at most)"),
])
def test_a_text_limit_takes_the_plural_of_its_number(n, ar, fr, en):
    """Was "300 حرفا" for the 300 characters of a text field (tamyiz is for 11-99 only)."""
    assert ar in t("error.text_too_long", "ar", max=n)
    assert fr in t("error.text_too_long", "fr", max=n)
    assert en in t("error.text_too_long", "en", max=n)


@pytest.mark.parametrize(("key", "n", "ar"), [
    ("law.deadline_max", 60, "في 60 يوما"),
    ("law.deadline_max", 5, "في 5 أيام"),
    ("law.deadline_max", 100, "في 100 يوم"),
    ("law.deadline_investment_max", 30, "في 30 يوما"),
    ("law.deadline_investment_max", 2, "في 2 يومين"),
    ("law.retention_max", 60, "و60 شهرا"),
    ("law.retention_max", 3, "و3 أشهر"),
    ("law.retention_max", 120, "و120 شهر"),
])
def test_the_laws_limits_take_the_plural_of_their_number(key, n, ar):
    assert ar in t(key, "ar", max=n)
    assert f" {n} " in t(key, "fr", max=n) and "(s)" not in t(key, "en", max=n)


def test_a_plural_message_with_two_numbers_and_no_n_takes_its_other_form_in_doubt():
    assert t("error.text_too_long", "ar", max=3, min=1) == "النص طويل جدا (3 حرف كحد أقصى)."
