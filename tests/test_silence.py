"""Acceptance by silence at the deadline (law 55-19): the job, its attestation, the mail, the
audit trail, the agent's countdown and the catalog editor's switch. Dossiers are filed the
way applicants file them, so each carries its own copy of the procedure's rules."""

from __future__ import annotations

import io
import threading
import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from counter import db
from counter.i18n import LOCAL_TIME, t
from counter.models import Account, Dossier, OutboxMessage, Procedure, Service, StatusChange
from counter.services import catalog_admin, demo_data, silence, storage
from counter.services.accounts import create_staff
from counter.services.audit import verify_chain
from counter.services.decisions import verification_view
from counter.services.dossiers import (
    Conflict,
    attach_document,
    save_field,
    start_draft,
    submit_own,
)
from counter.services.review import decide, queue, request_information, take
from counter.services.seed import load_demo_data
from counter.services.silence import accept_round, accept_silent_dossiers
from counter.settings import get_settings

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
CITIZEN = "citoyen@demo.example.ma"
PASSWORD = "Figuier de Barbarie 1987"
PERMIT = "DRA_RURAL_BUILDING_PERMIT"  # silence acceptance on in the demo catalog
NOTE = "DRA_URBAN_INFORMATION_NOTE"  # the same service, silence acceptance off
FILED = {
    PERMIT: ({"commune": "Aït Benhaddou, douar Tissergate", "province": "ouarzazate",
              "plot_area_m2": "400", "built_area_m2": "120", "floors_count": "1",
              "building_use": "housing"},
             ("ownership_proof", "site_plan", "building_plans")),
    NOTE: ({"plot_location": "Douar Tizgui, parcelle 14", "plot_area_m2": "1200",
            "province": "ouarzazate"}, ("site_plan",)),
}
REFERENCE = next(p for p in demo_data.PROCEDURE_TEMPLATES
                 if p["code"] == "RURAL_BUILDING_PERMIT")["silence_reference"]


@pytest.fixture(autouse=True)
def _fast_and_private(cheap_hashing, private_settings):
    """Cheap password hashing; every stored file under the test's own folder."""
    yield


# --- helpers ------------------------------------------------------------------------------


def citizen_of(session: Session) -> Account:
    return session.exec(select(Account).where(Account.email == CITIZEN)).one()


def file(session: Session, received, code: str = PERMIT, *, now: datetime = T0,
         lang: str | None = None) -> Dossier:
    """A dossier filed online by the demo citizen and submitted at `now`."""
    citizen = citizen_of(session)
    if lang:  # the language the citizen chose for her documents (domain/languages.py)
        citizen.correspondence_lang = lang
        session.add(citizen)
    values, documents = FILED[code]
    dossier = start_draft(session, account=citizen, procedure_code=code)
    for field, value in values.items():
        assert save_field(session, account=citizen, dossier_id=dossier.id, code=field,
                          value=value) is None, field
    for doc in documents:
        attach_document(session, account=citizen, dossier_id=dossier.id, doc_code=doc,
                        received=received(f"{doc}.pdf"))
    submit_own(session, account=citizen, dossier_id=dossier.id, now=now)
    session.commit()
    return dossier


def urbanism_agent(session: Session) -> Account:
    service_id = session.exec(select(Service.id).where(Service.code == "DRA_URBANISM")).one()
    agent = create_staff(session, role="agent", full_name="Samira Oulhaj",
                         email="samira@urbanisme.example.ma", password=PASSWORD,
                         service_id=service_id)
    session.commit()
    return agent


def ask_information(session: Session, agent: Account, dossier: Dossier, now: datetime) -> None:
    """The one complement request: the site plan; the administration's clock stops."""
    request_information(session, agent=agent, dossier_id=dossier.id, version=dossier.version,
                        items=["doc:site_plan"], message="Plan de situation illisible.",
                        now=now)


def fresh(engine: Engine, dossier_id: int) -> Dossier:
    with Session(engine) as other:
        dossier = other.get(Dossier, dossier_id)
        other.expunge(dossier)
        return dossier


def stored_files() -> set[str]:
    root = get_settings().documents_dir
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def silence_mails(session: Session, dossier_id: int) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).where(
        OutboxMessage.dossier_id == dossier_id,
        OutboxMessage.kind == "accepted_by_silence")).all())


def acceptances(session: Session, dossier_id: int) -> list[StatusChange]:
    return list(session.exec(select(StatusChange).where(
        StatusChange.dossier_id == dossier_id, StatusChange.to_status == "accepted")).all())


def pdf_text(document: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(document))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, unicodedata.normalize("NFKC", text)


def after_deadline(dossier: Dossier) -> datetime:
    return dossier.due_at + timedelta(minutes=1)


# --- the job ------------------------------------------------------------------------------


def test_a_dossier_reaching_its_deadline_is_accepted_once_while_two_workers_run_the_job(
        any_engine, received):
    with Session(any_engine, expire_on_commit=False) as setup:
        load_demo_data(setup)
        setup.commit()
        dossier = file(setup, received)
    dossier_id, now = dossier.id, after_deadline(dossier)
    files = stored_files()

    barrier = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def worker(name: str) -> None:
        with Session(any_engine) as own:
            barrier.wait(timeout=10)
            try:
                outcomes[name] = accept_silent_dossiers(own, now)
                own.commit()
            except Exception as error:  # noqa: BLE001 - recorded and asserted below
                own.rollback()
                outcomes[name] = error

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes.values()) == [0, 1], outcomes  # the loser skipped quietly
    accepted = fresh(any_engine, dossier_id)
    assert (accepted.status, accepted.accepted_by_silence) == ("accepted", True)
    assert accepted.version == dossier.version + 1
    with Session(any_engine) as check:
        assert len(acceptances(check, dossier_id)) == 1
        assert len(silence_mails(check, dossier_id)) == 1
        assert verify_chain(check).ok
    # One attestation on disk: the one the dossier refers to (a loser's was removed).
    assert stored_files() - files == {accepted.decision_name}


def test_a_dossier_changed_while_its_attestation_is_drawn_is_skipped_and_its_file_removed(
        demo_session, received, monkeypatch):
    session = demo_session
    agent = urbanism_agent(session)
    dossier = file(session, received)
    now = after_deadline(dossier)
    files = stored_files()
    draw = silence._attestation

    def an_agent_takes_it_meanwhile(own: Session, seen: Dossier, **kwargs):  # noqa: ANN003
        drawn = draw(own, seen, **kwargs)
        with Session(own.get_bind()) as other:
            take(other, agent=other.get(Account, agent.id), dossier_id=seen.id,
                 version=seen.version, now=now)
            other.commit()
        return drawn

    monkeypatch.setattr(silence, "_attestation", an_agent_takes_it_meanwhile)

    assert accept_silent_dossiers(session, now) == 0
    session.commit()

    kept = fresh(session.get_bind(), dossier.id)
    assert (kept.status, kept.accepted_by_silence, kept.decision_name) == (
        "in_review", False, None)
    assert stored_files() == files
    assert acceptances(session, dossier.id) == [] and silence_mails(session, dossier.id) == []


def test_attestations_are_removed_when_the_callers_transaction_rolls_back(demo_session, received):
    session = demo_session
    dossier = file(session, received)
    files = stored_files()

    assert accept_silent_dossiers(session, after_deadline(dossier)) == 1
    assert len(stored_files() - files) == 1
    session.rollback()

    assert stored_files() == files
    assert fresh(session.get_bind(), dossier.id).status == "submitted"


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_attestation_names_the_region_and_the_text_and_its_code_verifies(
        demo_session, received, lang):
    session = demo_session
    dossier = file(session, received, lang=lang)
    assert dossier.lang == lang

    assert accept_silent_dossiers(session, after_deadline(dossier)) == 1
    session.commit()

    reader, text = pdf_text(storage.read_private(dossier.decision_name))
    assert "Drâa-Tafilalet" in text  # the handling region's letterhead
    assert REFERENCE in text
    for printed in (dossier.tracking_code, dossier.verification_code,
                    "/verify", PERMIT):
        assert printed in text, printed
    assert reader.metadata.title.startswith(t("silence.title", lang))  # in its language
    if lang == "fr":
        assert t("silence.title", "fr") in text
        assert t("silence.verdict.accepted", "fr").upper() in text

    view = verification_view(session, dossier.verification_code.lower(), lang)
    assert view["decision"] == "accepted"
    assert view["decision_label"] == t("silence.status_label", lang)
    assert (view["silence"], view["silence_reference"]) == ("1", REFERENCE)
    assert view["decided_on"] == dossier.due_at.astimezone(LOCAL_TIME).strftime("%d/%m/%Y")
    assert dossier.tracking_code not in " ".join(view.values())  # nothing personal


def test_the_applicant_is_told_once_with_a_link_to_track(demo_session, received):
    session = demo_session
    dossier = file(session, received)
    now = after_deadline(dossier)

    assert accept_silent_dossiers(session, now) == 1
    session.commit()
    assert accept_silent_dossiers(session, now + DAY) == 0  # a second round finds nothing
    session.commit()

    [mail] = silence_mails(session, dossier.id)
    assert mail.to_address == CITIZEN and mail.lang == "ar"
    assert dossier.tracking_code in mail.subject
    assert f"/track?code={dossier.tracking_code}\n" in mail.body
    assert REFERENCE in mail.body


def test_the_audit_entry_names_no_person_and_the_chain_verifies(demo_session, received):
    session = demo_session
    dossier = file(session, received)
    now = after_deadline(dossier)

    accept_silent_dossiers(session, now)
    session.commit()

    [entry] = acceptances(session, dossier.id)
    assert entry.actor_id is None
    assert (entry.from_status, entry.note) == ("submitted", f"silence: {REFERENCE}")
    assert verify_chain(session).ok
    # Accepted at the deadline itself, with the indicators' times written.
    assert dossier.decided_at == dossier.due_at
    assert dossier.admin_days is not None and dossier.calendar_days is not None


def test_a_dossier_an_agent_took_but_did_not_decide_is_accepted_and_the_agent_told_of_it(
        demo_session, received):
    session = demo_session
    agent = urbanism_agent(session)
    dossier = file(session, received)
    take(session, agent=agent, dossier_id=dossier.id, version=dossier.version, now=T0 + DAY)
    session.commit()
    version = dossier.version

    assert accept_silent_dossiers(session, after_deadline(dossier)) == 1
    session.commit()

    assert (dossier.status, acceptances(session, dossier.id)[0].from_status) == (
        "accepted", "in_review")
    with pytest.raises(Conflict):  # the agent was looking at the file before: refused
        decide(session, agent=agent, dossier_id=dossier.id, version=version, accept=False,
               reason="Hors délai.")
    session.rollback()


def test_procedures_with_the_switch_off_are_never_touched(demo_session, received):
    session = demo_session
    note = file(session, received, NOTE)
    assert note.form_schema["silence_acceptance"] is False
    before = (note.status, note.version, note.updated_at)

    assert accept_silent_dossiers(session, note.due_at + 365 * DAY) == 0
    session.commit()

    kept = fresh(session.get_bind(), note.id)
    assert (kept.status, kept.version, kept.updated_at) == before
    assert acceptances(session, note.id) == [] and silence_mails(session, note.id) == []


def test_the_rule_a_dossier_was_filed_under_is_the_one_applied(demo_session, received):
    session = demo_session
    procedure = session.exec(select(Procedure).where(Procedure.code == PERMIT)).one()
    under_silence = file(session, received)  # filed while the switch is on
    procedure.silence_acceptance = False  # then the catalog turns it off
    session.add(procedure)
    session.commit()
    without = file(session, received)

    assert under_silence.form_schema["silence_reference"] == REFERENCE
    assert without.form_schema["silence_acceptance"] is False
    assert accept_silent_dossiers(session, after_deadline(without)) == 1
    session.commit()

    assert fresh(session.get_bind(), under_silence.id).status == "accepted"
    assert fresh(session.get_bind(), without.id).status == "submitted"


def test_paused_and_not_yet_due_dossiers_are_not_accepted(demo_session, received):
    session = demo_session
    agent = urbanism_agent(session)
    paused = file(session, received)
    take(session, agent=agent, dossier_id=paused.id, version=paused.version, now=T0 + DAY)
    ask_information(session, agent, paused, T0 + 2 * DAY)
    session.commit()
    assert accept_silent_dossiers(session, paused.due_at + 100 * DAY) == 0
    session.commit()

    later = file(session, received, now=T0 + 10 * DAY)
    # At a second before its deadline nothing happens; at the deadline it is accepted.
    assert accept_silent_dossiers(session, later.due_at - timedelta(seconds=1)) == 0
    session.commit()
    assert fresh(session.get_bind(), later.id).status == "submitted"
    assert accept_silent_dossiers(session, later.due_at) == 1
    session.commit()

    assert fresh(session.get_bind(), later.id).status == "accepted"
    kept = fresh(session.get_bind(), paused.id)
    assert (kept.status, kept.accepted_by_silence) == ("info_requested", False)
    assert acceptances(session, paused.id) == []


def test_a_round_accepts_in_committed_batches_until_none_is_left(sqlite_url, tmp_path,
                                                                monkeypatch, received):
    monkeypatch.setenv("REFLEX_DB_URL", sqlite_url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        with db.session_scope() as session:
            load_demo_data(session)
        with Session(db.get_engine(), expire_on_commit=False) as session:
            ids = [file(session, received).id for _ in range(3)]

        assert accept_round(batch=2) == 3  # two batches, each committed
        assert accept_round(batch=2) == 0

        with Session(db.get_engine()) as check:
            statuses = check.exec(select(Dossier.status).where(col(Dossier.id).in_(ids))).all()
            assert statuses == ["accepted"] * 3
            assert check.exec(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.kind == "accepted_by_silence")).one() == 3
    finally:
        db.get_engine().dispose()
        db.get_engine.cache_clear()
        get_settings.cache_clear()


# --- the agent's queue --------------------------------------------------------------------


def test_the_queue_shows_the_countdown_to_acceptance_by_silence(demo_session, received):
    session = demo_session
    agent = urbanism_agent(session)
    permit = file(session, received)
    note = file(session, received, NOTE)
    now = T0 + 10 * DAY

    rows = {row["id"]: row for row in queue(session, agent=agent, now=now).rows}
    permit_row, note_row = rows[str(permit.id)], rows[str(note.id)]
    days = int(permit_row["left"].split()[0])
    assert 19 <= days <= 20
    assert permit_row["silence"] == "1"
    assert permit_row["silence_label"] == t("silence.queue_in", "fr", n=days)
    assert (note_row["silence"], note_row["silence_label"]) == ("", "")
    arabic = {row["id"]: row for row in queue(session, agent=agent, lang="ar", now=now).rows}
    assert arabic[str(permit.id)]["silence_label"] == t("silence.queue_in", "ar", n=days)

    take(session, agent=agent, dossier_id=permit.id, version=permit.version, now=now)
    ask_information(session, agent, permit, now)
    session.commit()
    rows = {row["id"]: row for row in queue(session, agent=agent, now=now + DAY).rows}
    assert rows[str(permit.id)]["silence_label"] == t("silence.queue_paused", "fr")


# --- the catalog editor -------------------------------------------------------------------


def _edited(session: Session, admin: Account, code: str, **changes: str) -> dict[str, Any]:
    values, fields, documents = catalog_admin.procedure_for_editing(session, admin=admin,
                                                                     code=code)
    return dict(values, existing=True, fields=catalog_admin.fields_from_rows(fields),
                documents=catalog_admin.documents_from_rows(documents), **changes)


def test_the_editor_refuses_the_switch_without_its_reference(demo_session):
    session = demo_session
    admin = session.exec(select(Account).where(Account.email == "admin@demo.example.ma")).one()
    procedure = session.exec(select(Procedure).where(Procedure.code == NOTE)).one()
    before = (procedure.silence_acceptance, procedure.silence_reference, procedure.updated_at)

    for blank in ("", "   \n "):
        with pytest.raises(catalog_admin.CatalogError) as caught:
            catalog_admin.save_procedure(session, admin=admin, values=_edited(
                session, admin, NOTE, silence_acceptance="1", silence_reference=blank))
        session.rollback()
        assert caught.value.errors == {"silence_reference": "law.silence_needs_reference"}
        assert "55-19" in t(caught.value.errors["silence_reference"], "fr")
        procedure = session.exec(select(Procedure).where(Procedure.code == NOTE)).one()
        assert (procedure.silence_acceptance, procedure.silence_reference,
                procedure.updated_at) == before

    text = "Décret n° 2-20-yyy (référence illustrative)"
    saved = catalog_admin.save_procedure(session, admin=admin, values=_edited(
        session, admin, NOTE, silence_acceptance="1", silence_reference=f"  {text} "))
    session.commit()
    assert (saved.silence_acceptance, saved.silence_reference) == (True, text)
    values = _edited(session, admin, NOTE)
    assert (values["silence_acceptance"], values["silence_reference"]) == ("1", text)
