import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter.domain.identifiers import (
    TRACKING_ALPHABET,
    InvalidIdentifier,
    is_tracking_code,
    new_pin,
    new_tracking_code,
    normalize_cin,
    normalize_ice,
    normalize_mobile,
    normalize_tracking_code,
)

LETTERS = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2)
DIGITS = st.text("0123456789", min_size=1, max_size=6)


@pytest.mark.parametrize("cin", ["AB123456", "J123456", "ab 123 456", "BE-9087"])
def test_valid_cin_is_normalized(cin):
    assert re.fullmatch(r"[A-Z]{1,2}\d+", normalize_cin(cin))


@pytest.mark.parametrize("cin", ["", "123456", "ABC12345", "AB", "A1B2", "AB1234567", "AB12*4"])
def test_invalid_cin_is_refused(cin):
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_cin(cin)
    assert caught.value.code == "error.cin_invalid"


@given(LETTERS, DIGITS)
def test_any_letters_then_digits_is_a_cin(letters, digits):
    assert normalize_cin(f"{letters.lower()}{digits}") == f"{letters}{digits}"


@pytest.mark.parametrize("ice", ["001234567000089", "001 234 567 000 089"])
def test_valid_ice(ice):
    assert normalize_ice(ice) == "001234567000089"


@pytest.mark.parametrize("ice", ["", "12345678901234", "1234567890123456", "00123456700008A"])
def test_invalid_ice(ice):
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_ice(ice)
    assert caught.value.code == "error.ice_invalid"


@given(st.text("0123456789", min_size=15, max_size=15))
def test_any_fifteen_digits_is_an_ice(digits):
    assert normalize_ice(digits) == digits


@pytest.mark.parametrize(
    "phone",
    ["+212612345678", "0612345678", "06 12 34 56 78", "00212612345678", "212612345678",
     "+212 6-12-34-56-78"],
)
def test_mobile_forms_are_normalized(phone):
    assert normalize_mobile(phone) == "+212612345678"


@pytest.mark.parametrize(
    "phone", ["", "+212512345678", "+21261234567", "+2126123456789", "0512345678", "+33612345678",
              "+212812345678", "phone"]
)
def test_invalid_mobile_is_refused(phone):
    with pytest.raises(InvalidIdentifier) as caught:
        normalize_mobile(phone)
    assert caught.value.code == "error.mobile_invalid"


@given(st.sampled_from("67"), st.text("0123456789", min_size=8, max_size=8))
def test_any_moroccan_mobile_is_accepted(first, rest):
    assert normalize_mobile(f"0{first}{rest}") == f"+212{first}{rest}"


def test_tracking_alphabet_has_no_ambiguous_characters():
    for ambiguous in "0O1IL":
        assert ambiguous not in TRACKING_ALPHABET


@given(st.integers(min_value=0, max_value=200))
def test_tracking_codes_are_short_readable_and_well_formed(_):
    code = new_tracking_code()
    assert is_tracking_code(code)
    assert len(code) == 9 and code[4] == "-"
    assert set(code.replace("-", "")) <= set(TRACKING_ALPHABET)
    assert normalize_tracking_code(code.lower().replace("-", " ")) == code


def test_tracking_codes_do_not_repeat():
    assert len({new_tracking_code() for _ in range(5000)}) == 5000


@pytest.mark.parametrize("typed", ["", "K7QM3XT", "K7QM-3XTR9", "K0QM-3XTR", "K7QM-3XIR"])
def test_malformed_tracking_code_is_refused(typed):
    with pytest.raises(InvalidIdentifier):
        normalize_tracking_code(typed)


def test_pin_has_six_digits():
    pins = {new_pin() for _ in range(200)}
    assert all(len(p) == 6 and p.isdigit() for p in pins)
    assert len(pins) > 150


def test_tracking_code_is_unique_in_the_database(session, region_id):
    from counter.models import Dossier, Procedure, Service
    from counter.services.dossiers import TrackingCodeExhausted, unique_tracking_code

    service = Service(code="S", names={"fr": "s", "ar": "s", "en": "s"}, region_id=region_id)
    session.add(service)
    session.flush()
    procedure = Procedure(code="P", service_id=service.id, names={"fr": "p", "ar": "p", "en": "p"},
                          legal_deadline_days=10)
    session.add(procedure)
    session.flush()
    session.add(Dossier(procedure_id=procedure.id, service_id=service.id,
                        tracking_code="AAAA-BBBB"))
    session.flush()
    offered = iter(["AAAA-BBBB", "AAAA-BBBB", "CCCC-DDDD"])
    assert unique_tracking_code(session, generate=lambda: next(offered)) == "CCCC-DDDD"
    with pytest.raises(TrackingCodeExhausted):
        unique_tracking_code(session, generate=lambda: "AAAA-BBBB", attempts=3)
