"""What the filing and answer screens are told by the services (issue 10): range errors
that name their bounds."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from counter.domain.forms import FieldInvalid, clean_value, params_of
from counter.i18n import LANGUAGES
from counter.models import Account, Dossier
from counter.services.catalog_admin import CatalogError, check_procedure
from counter.services.dossiers import missing_items, save_field, start_draft
from counter.states.uploads import message

PERMIT = "DRA_RURAL_BUILDING_PERMIT"  # floors_count from 1 to 3; three required documents


@pytest.fixture
def citizen(demo_session: Session) -> Account:
    return demo_session.exec(select(Account).where(Account.role == "citizen")).first()


# --- 1. range errors name their bounds ----------------------------------------------------


@pytest.mark.parametrize(
    ("bounds", "raw", "code", "params"),
    [
        ({"min": 1, "max": 3}, "5", "error.number_range", {"min": 1, "max": 3}),
        ({"min": 1000}, "10", "error.number_min", {"min": 1000}),
        ({"max": 60}, "61", "error.number_max", {"max": 60}),
    ],
)
def test_a_range_error_names_both_bounds_or_the_only_one(bounds, raw, code, params):
    field = {"code": "n", "type": "number", "required": True, **bounds}

    with pytest.raises(FieldInvalid) as caught:
        clean_value(field, raw)

    assert caught.value.problem == code
    assert params_of(caught.value.problem) == params


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("bounds", "raw", "shown"),
    [({"min": 1, "max": 3}, "5", ("1", "3")), ({"min": 1000}, "10", ("1000",)),
     ({"max": 60}, "61", ("60",))],
)
def test_range_messages_fill_their_placeholders_in_every_language(lang, bounds, raw, shown):
    field = {"code": "n", "type": "amount_mad", "required": True, **bounds}
    with pytest.raises(FieldInvalid) as caught:
        clean_value(field, raw)

    text = message(caught.value.problem, lang)

    assert "{" not in text and "}" not in text
    assert all(bound in text for bound in shown)


def test_a_building_permit_with_five_levels_is_told_one_to_three(demo_session, citizen):
    session = demo_session
    dossier = start_draft(session, account=citizen, procedure_code=PERMIT)

    problem = save_field(session, account=citizen, dossier_id=dossier.id, code="floors_count",
                         value="5")

    assert message(problem, "fr") == "Entrez un nombre entre 1 et 3."
    assert message(problem, "ar") == "أدخلوا عددا بين 1 و3."
    # The problems listed again (the review step, a reload) carry their bounds too.
    again = missing_items(session, session.get(Dossier, dossier.id))["floors_count"]
    assert message(again, "en") == "Enter a number between 1 and 3."


def test_the_catalog_editor_names_the_bounds_of_a_deadline(demo_session):
    from counter.states.catalog_admin import _errors_of

    with pytest.raises(CatalogError) as caught:
        check_procedure(demo_session, {"legal_deadline_days": "0"}, existing=None)

    assert _errors_of(caught.value, "fr")["legal_deadline_days"] == (
        "Entrez un nombre entre 1 et 365.")
    assert "{" not in _errors_of(caught.value, "ar")["legal_deadline_days"]
