"""What people type in a procedure's form, read as they write it in their language."""

import pytest

from counter.domain.forms import FieldInvalid, clean_value, display_value, plain_number


@pytest.mark.parametrize("typed", [
    "1500000,5", "1 500 000,5", "1\u202f500\u202f000,5", "1.500.000,5",  # French, Arabic
    "1 500 000.5", "1,500,000.5", "1500000.5",  # with a point, English
])
def test_an_amount_is_read_as_written_in_any_of_the_languages(typed):
    field = {"code": "amount", "type": "amount_mad", "required": True}
    assert clean_value(field, typed) == 1500000.5


@pytest.mark.parametrize(("typed", "plain"), [
    ("1.500", "1500"), ("1,500", "1500"), ("12,5", "12.5"), ("٬١٥٠٠٫٥", "١٥٠٠.٥"),
    ("1.5.6", "1.5.6"), ("1,2,3.4", "1,2,3.4"),  # not numbers: left for Decimal to refuse
])
def test_thousands_marks_and_decimal_marks_are_told_apart(typed, plain):
    assert plain_number(typed) == plain


def test_what_is_not_an_amount_is_still_refused():
    field = {"code": "amount", "type": "amount_mad", "required": True}
    for typed in ("1.5.6", "1 250 000,505", "douze"):
        with pytest.raises(FieldInvalid):
            clean_value(field, typed)
    assert clean_value({"code": "n", "type": "number"}, "1.500") == 1500


def test_an_amount_is_shown_the_languages_way():
    field = {"code": "amount", "type": "amount_mad"}
    assert display_value(field, 1500000.5, "fr") == "1\u202f500\u202f000,5 MAD"
    assert display_value(field, 1500000.5, "ar") == "1.500.000,5 درهم"
    assert display_value(field, 1500000.5, "en") == "1,500,000.5 MAD"
