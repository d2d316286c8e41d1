"""What the filing and answer screens are told by the services (issue 10, defects 1, 2, 4,
10): range errors that name their bounds, uploads that never silently replace a document, a
removal that can be undone, an answer's error that goes once it no longer applies."""

from __future__ import annotations

import os
import time
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from counter.domain.forms import FieldInvalid, clean_value, params_of
from counter.domain.lifecycle import Status
from counter.i18n import LANGUAGES
from counter.models import Account, Document, Dossier, Service
from counter.services import storage
from counter.services.accounts import create_staff
from counter.services.catalog_admin import CatalogError, check_procedure
from counter.services.dossiers import (
    DossierError,
    answer_documents,
    answer_problem,
    answer_request,
    attach_document,
    documents_of,
    missing_items,
    remove_document,
    restore_document,
    save_field,
    start_draft,
    submit_own,
    upload_choices,
)
from counter.services.review import request_information, review_view, take
from counter.states.uploads import message

PERMIT = "DRA_RURAL_BUILDING_PERMIT"  # floors_count from 1 to 3; three required documents
NOTE = "DRA_URBAN_INFORMATION_NOTE"  # site_plan required, cadastral_plan optional
NOTE_VALUES = {"plot_location": "Douar Tizgui, parcelle 14", "plot_area_m2": "1200",
               "province": "ouarzazate"}


@pytest.fixture
def citizen(demo_session: Session) -> Account:
    return demo_session.exec(select(Account).where(Account.role == "citizen")).first()


@pytest.fixture
def agent(demo_session: Session) -> Account:
    """An agent of the service that handles NOTE and PERMIT."""
    service_id = demo_session.exec(
        select(Service.id).where(Service.code == "DRA_URBANISM")).one()
    account = create_staff(demo_session, role="agent", full_name="Samira Oulhaj",
                           email="samira@urbanisme.example.ma",
                           password="Figuier de Barbarie 1987", service_id=service_id)
    demo_session.commit()
    return account


def attach(session: Session, received, account: Account, dossier: Dossier, doc_code: str,
           name: str | None = None) -> Document:
    return attach_document(session, account=account, dossier_id=dossier.id, doc_code=doc_code,
                           received=received(name or f"{doc_code}.pdf"))


def submitted_note(session: Session, received, citizen: Account) -> Dossier:
    dossier = start_draft(session, account=citizen, procedure_code=NOTE)
    for code, value in NOTE_VALUES.items():
        save_field(session, account=citizen, dossier_id=dossier.id, code=code, value=value)
    attach(session, received, citizen, dossier, "site_plan", "plan-ok.pdf")
    submit_own(session, account=citizen, dossier_id=dossier.id)
    session.commit()
    return dossier


def asked(session: Session, agent: Account, dossier: Dossier, items: list[str]) -> Dossier:
    take(session, agent=agent, dossier_id=dossier.id, version=dossier.version)
    request_information(session, agent=agent, dossier_id=dossier.id, version=dossier.version,
                        items=items, message="Merci de compléter.")
    session.commit()
    return dossier


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


# --- 2. an answer adds what was asked for; nothing replaced is lost -----------------------


def test_only_a_missing_document_is_preselected_in_a_draft(demo_session, citizen, received):
    session = demo_session
    dossier = start_draft(session, account=citizen, procedure_code=PERMIT)
    listed = ["ownership_proof", "site_plan", "building_plans"]

    assert upload_choices(session, dossier) == (listed, "ownership_proof")
    attach(session, received, citizen, dossier, "ownership_proof")
    assert upload_choices(session, dossier) == (listed, "site_plan")
    attach(session, received, citizen, dossier, "site_plan")
    attach(session, received, citizen, dossier, "building_plans")
    # Every document is there: any choice would replace one, so the person chooses.
    assert upload_choices(session, dossier) == (listed, "")


def test_an_answer_offers_only_what_was_asked_and_keeps_the_file_it_replaces(
        demo_session, citizen, agent, received):
    session = demo_session
    dossier = asked(session, agent, submitted_note(session, received, citizen),
                    ["doc:site_plan", "field:plot_area_m2"])
    assert upload_choices(session, dossier) == (["site_plan"], "site_plan")

    attach(session, received, citizen, dossier, "site_plan", "plan-signe.pdf")
    # Sent: nothing more is preselected, and the answer lists what it carries.
    assert upload_choices(session, dossier) == (["site_plan"], "")
    assert [d.original_name for d in answer_documents(session, dossier)] == ["plan-signe.pdf"]
    with pytest.raises(DossierError) as caught:
        attach(session, received, citizen, dossier, "cadastral_plan")
    assert caught.value.code == "error.document_not_requested"

    answer_request(session, account=citizen, dossier_id=dossier.id, message="Voici.")
    session.commit()

    assert [d.original_name for d in documents_of(session, dossier.id)] == [
        "plan-ok.pdf", "plan-signe.pdf"]
    view = review_view(session, agent, dossier.id, "fr")
    shown = [(d["file_name"], d["new"], d["replaced"], d["url"] != "")
             for d in view["documents"]]
    assert shown == [("plan-signe.pdf", "1", "", True), ("plan-ok.pdf", "", "1", True)]


# --- 4. "Remove" can be undone ------------------------------------------------------------


def test_a_removed_file_can_be_put_back_until_the_document_is_sent_again(
        demo_session, citizen, received, private_settings):
    session = demo_session
    dossier = start_draft(session, account=citizen, procedure_code=NOTE)
    document = attach(session, received, citizen, dossier, "site_plan", "plan.pdf")
    path = storage.private_path(document.stored_name)
    two_hours_ago = time.time() - 7200
    os.utime(path, (two_hours_ago, two_hours_ago))
    session.commit()

    removed = remove_document(session, account=citizen, dossier_id=dossier.id,
                              document_id=document.id)
    session.commit()

    assert documents_of(session, dossier.id) == []
    assert "doc:site_plan" in missing_items(session, session.get(Dossier, dossier.id))
    # The file waits for the undo: the orphan cleanup's grace period starts at the removal.
    assert storage.remove_orphans(session, older_than=timedelta(hours=1)) == []
    restored = restore_document(session, account=citizen, dossier_id=dossier.id,
                                removed=removed)
    session.commit()
    assert (restored.original_name, restored.stored_name) == ("plan.pdf", document.stored_name)
    assert [d.id for d in documents_of(session, dossier.id)] == [restored.id]

    removed = remove_document(session, account=citizen, dossier_id=dossier.id,
                              document_id=restored.id)
    attach(session, received, citizen, dossier, "site_plan", "autre-plan.pdf")
    with pytest.raises(DossierError) as caught:
        restore_document(session, account=citizen, dossier_id=dossier.id, removed=removed)
    assert caught.value.code == "error.undo_too_late"
    assert [d.original_name for d in documents_of(session, dossier.id)] == ["autre-plan.pdf"]


def test_a_removal_is_not_undone_into_another_dossier(demo_session, citizen, received):
    session = demo_session
    mine = start_draft(session, account=citizen, procedure_code=NOTE)
    other = start_draft(session, account=citizen, procedure_code=PERMIT)
    document = attach(session, received, citizen, mine, "site_plan")
    removed = remove_document(session, account=citizen, dossier_id=mine.id,
                              document_id=document.id)

    with pytest.raises(DossierError) as caught:
        restore_document(session, account=citizen, dossier_id=other.id, removed=removed)

    assert caught.value.code == "error.document_not_found"
    assert documents_of(session, other.id) == []


# --- 10. the answer's error goes once it no longer applies ---------------------------------


def test_what_blocks_an_answer_is_checked_again_as_the_person_completes_it(
        demo_session, citizen, agent, received):
    session = demo_session
    dossier = asked(session, agent, submitted_note(session, received, citizen),
                    ["doc:site_plan", "field:plot_area_m2"])
    save_field(session, account=citizen, dossier_id=dossier.id, code="plot_area_m2", value="5")

    problem = answer_problem(session, account=citizen, dossier_id=dossier.id, message="")
    assert problem.code == "error.answer_incomplete"
    assert set(problem.errors) == {"doc:site_plan", "plot_area_m2"}
    assert "{" not in message(problem.errors["plot_area_m2"], "fr")

    save_field(session, account=citizen, dossier_id=dossier.id, code="plot_area_m2",
               value="1500")
    attach(session, received, citizen, dossier, "site_plan")
    assert answer_problem(session, account=citizen, dossier_id=dossier.id,
                          message="Voici.") is None
    assert session.get(Dossier, dossier.id).status == Status.INFO_REQUESTED
