"""The back office (DOMAIN lifecycle; SECURITY 7, 8, 11, 13, 22): an agent's queue, review
actions with optimistic locking, decisions, assisted filing and claiming a counter-filed
dossier. Plain service calls over a Session, the way the agent's Reflex state calls them."""

from __future__ import annotations

import asyncio
import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from passlib.context import CryptContext
from pypdf import PdfReader
from reportlab.pdfgen import canvas
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from counter import security
from counter.domain.identifiers import TRACKING_ALPHABET
from counter.domain.lifecycle import TransitionError
from counter.i18n import t
from counter.models import (
    Account,
    Channel,
    Company,
    Document,
    Dossier,
    Message,
    OutboxMessage,
    Procedure,
    Province,
    Service,
    StatusChange,
)
from counter.services import dossiers, review, storage
from counter.services.accounts import create_staff, register_citizen
from counter.services.audit import verify_chain
from counter.services.documents import ReceivedFile, receive_upload
from counter.services.dossiers import (
    Conflict,
    DossierError,
    TrackingRefused,
    answer_request,
    attach_document,
    dossier_list,
    owned_dossier,
    progress,
    save_field,
    start_draft,
    submit_own,
    withdraw,
)
from counter.services.review import (
    PAGE_SIZE,
    QueueFilters,
    claim_assisted,
    decide,
    queue,
    request_information,
    review_view,
    start_assisted,
    take,
)
from counter.services.seed import load_demo_data
from counter.settings import Settings, get_settings

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
CHEAP_HASHING = CryptContext(
    schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1
)
PASSWORD = "Figuier de Barbarie 1987"
NOTE = "DRA_URBAN_INFORMATION_NOTE"  # URBANISM service; citizens and businesses; site_plan required
NOTE_VALUES = {"plot_location": "Douar Tizgui, parcelle 14", "plot_area_m2": "1200",
               "province": "ouarzazate"}
PERMIT = "DRA_RURAL_BUILDING_PERMIT"  # URBANISM too
INVESTMENT = "DRA_INVESTMENT_INCENTIVE"  # CRI: another service
VERIFICATION_CODE = re.compile(f"[{TRACKING_ALPHABET}]{{4}}(-[{TRACKING_ALPHABET}]{{4}}){{2}}")
IP = "198.51.100.20"


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with tiny costs (PINs, accounts): the product's cost is for production."""
    monkeypatch.setattr(security, "_context", CHEAP_HASHING)
    monkeypatch.setattr(dossiers, "_DUMMY_PIN_HASH", CHEAP_HASHING.hash("000000-no-such-dossier"))


@pytest.fixture(autouse=True)
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Uploads, receipts and decisions land under tmp_path."""
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))
    for name in ("COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD", "COUNTER_PUBLIC_URL",
                 "COUNTER_SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@dataclass
class World:
    citizen: Account  # the demo citizen, with an e-mail
    business: Account
    admin: Account
    agent: Account  # URBANISM, the service of NOTE and PERMIT
    colleague: Account  # URBANISM too
    outsider: Account  # the demo agent, of the CRI


def make_world(session: Session) -> World:
    load_demo_data(session)
    session.flush()
    urbanism = session.exec(select(Service.id).where(Service.code == "DRA_URBANISM")).one()
    agent = create_staff(session, role="agent", full_name="Samira Oulhaj",
                         email="samira@urbanisme.example.ma", password=PASSWORD,
                         service_id=urbanism)
    colleague = create_staff(session, role="agent", full_name="Hicham Tazi",
                             email="hicham@urbanisme.example.ma", password=PASSWORD,
                             service_id=urbanism)
    session.commit()
    by_role = {a.role: a for a in session.exec(select(Account)).all()
               if a.id not in (agent.id, colleague.id)}
    return World(by_role["citizen"], by_role["business"], by_role["admin"], agent, colleague,
                 by_role["agent"])


@pytest.fixture
def world(session: Session) -> World:
    return make_world(session)


# --- helpers ------------------------------------------------------------------------------


def pdf_bytes(text: str = "Plan de situation") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def upload(settings: Settings, content: bytes, name: str) -> ReceivedFile:
    stream = io.BytesIO(content)

    async def read(size: int) -> bytes:
        return stream.read(size)

    return asyncio.run(receive_upload(read, original_name=name, settings=settings))


def attach(session: Session, settings: Settings, account: Account, dossier: Dossier,
           doc_code: str = "site_plan") -> Document:
    received = upload(settings, pdf_bytes(doc_code), f"{doc_code}.pdf")
    return attach_document(session, account=account, dossier_id=dossier.id, doc_code=doc_code,
                           received=received)


def fill(session: Session, account: Account, dossier: Dossier,
         values: dict[str, str] = NOTE_VALUES) -> None:
    for code, value in values.items():
        assert save_field(session, account=account, dossier_id=dossier.id, code=code,
                          value=value) is None, code


def filed(session: Session, settings: Settings, applicant: Account, now: datetime = T0
          ) -> Dossier:
    """A NOTE dossier filed online by `applicant` and submitted at `now`."""
    dossier = start_draft(session, account=applicant, procedure_code=NOTE)
    fill(session, applicant, dossier)
    attach(session, settings, applicant, dossier)
    submit_own(session, account=applicant, dossier_id=dossier.id, now=now)
    session.commit()
    return dossier


def entries(session: Session, dossier_id: int | None = None) -> int:
    query = select(func.count()).select_from(StatusChange)
    if dossier_id is not None:
        query = query.where(StatusChange.dossier_id == dossier_id)
    return session.exec(query).one()


def changes(session: Session, dossier_id: int) -> list[tuple[int | None, str | None, str]]:
    rows = session.exec(select(StatusChange).where(StatusChange.dossier_id == dossier_id)
                        .order_by(StatusChange.id)).all()
    return [(r.actor_id, r.from_status, r.to_status) for r in rows]


def outbox(session: Session, dossier_id: int) -> list[tuple[str, str]]:
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.dossier_id == dossier_id)
                        .order_by(OutboxMessage.id)).all()
    return [(r.kind, r.to_address) for r in rows]


def stored_files(settings: Settings) -> set[str]:
    root = settings.documents_dir
    return {p.name for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def fresh(engine_or_session: Any, dossier_id: int) -> Dossier:
    """The dossier as committed, read through a new session."""
    engine = engine_or_session.get_bind() if isinstance(engine_or_session, Session) \
        else engine_or_session
    with Session(engine) as other:
        dossier = other.get(Dossier, dossier_id)
        other.expunge(dossier)
        return dossier


def refused(session: Session, error: type[Exception], call, *args, **kwargs) -> Exception:
    """Run a call that must be refused; roll back as a handler would."""
    with pytest.raises(error) as caught:
        call(*args, **kwargs)
    session.rollback()
    return caught.value


# --- the lifecycle through the services ---------------------------------------------------


def test_the_review_path_from_submission_to_acceptance(session, world, settings):
    dossier = filed(session, settings, world.citizen)
    assert (dossier.status, entries(session, dossier.id)) == ("submitted", 1)
    assert outbox(session, dossier.id) == [("submitted", world.citizen.email)]
    listed = queue(session, agent=world.agent, now=T0 + DAY)
    assert [r["id"] for r in listed.rows] == [str(dossier.id)]
    assert listed.rows[0]["applicant"] == world.citizen.full_name

    # take: submitted -> in_review, assigned to the agent.
    version = dossier.version
    take(session, agent=world.agent, dossier_id=dossier.id, version=version, now=T0 + DAY)
    session.commit()
    dossier = fresh(session, dossier.id)
    assert (dossier.status, dossier.assigned_to_id) == ("in_review", world.agent.id)
    assert dossier.version == version + 1
    assert entries(session, dossier.id) == 2

    # request_information: a message is required.
    # The request says what is missing, among what the procedure lists (law 55-19).
    for empty in ("", "   \n "):
        error = refused(session, DossierError, request_information, session, agent=world.agent,
                        dossier_id=dossier.id, version=dossier.version, message=empty)
        assert error.code == "error.complement_items"
        assert error.errors == {"items": "error.complement_items"}
    assert entries(session, dossier.id) == 2
    asked = " Merci de préciser le lieu de la parcelle. "
    request_information(session, agent=world.agent, dossier_id=dossier.id,
                        version=dossier.version, items=["field:plot_location"], message=asked,
                        now=T0 + 2 * DAY)
    session.commit()
    dossier = fresh(session, dossier.id)
    assert dossier.status == "info_requested"
    assert dossier.paused_at == T0 + 2 * DAY
    assert entries(session, dossier.id) == 3
    messages = session.exec(select(Message).where(Message.dossier_id == dossier.id)).all()
    assert [(m.kind, m.author_id) for m in messages] == [("info_request", world.agent.id)]
    assert messages[0].body.endswith(asked.strip())
    assert outbox(session, dossier.id)[-1] == ("info_requested", world.citizen.email)
    mail = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "info_requested")).one()
    assert asked.strip() in mail.body
    # The administration's clock is stopped: days left are frozen at the request.
    later = queue(session, agent=world.agent, now=T0 + 40 * DAY).rows[0]
    assert later["paused"] == "1" and later["overdue"] == ""

    # The agent cannot ask again (one complement, law 55-19) nor take it while the
    # applicant has it.
    for call, extra in ((request_information, {"items": ["doc:cadastral_plan"]}), (take, {})):
        refused(session, TransitionError, call, session, agent=world.agent,
                dossier_id=dossier.id, version=dossier.version, **extra)
    assert entries(session, dossier.id) == 3

    # The applicant answers three days later: the pause is accounted.
    answer_request(session, account=world.citizen, dossier_id=dossier.id,
                   message="Le plan est joint.", now=T0 + 5 * DAY)
    session.commit()
    dossier = fresh(session, dossier.id)
    assert (dossier.status, dossier.paused_at) == ("in_review", None)
    assert dossier.applicant_wait_seconds == 3 * DAY.total_seconds()
    assert dossier.due_at == T0 + 10 * DAY + 3 * DAY
    assert entries(session, dossier.id) == 4

    # decide: accepted, with a decision document and a verification code.
    before = stored_files(settings)
    decide(session, agent=world.agent, dossier_id=dossier.id, version=dossier.version,
           accept=True, now=T0 + 6 * DAY)
    session.commit()
    dossier = fresh(session, dossier.id)
    assert dossier.status == "accepted"
    assert dossier.decided_at == T0 + 6 * DAY
    # The decision writes the indicators' two durations: 6 days since submission, of which
    # 3 waited on the applicant.
    assert (dossier.calendar_days, dossier.admin_days) == (6.0, 3.0)
    assert VERIFICATION_CODE.fullmatch(dossier.verification_code)
    assert dossier.decision_note is None
    path = storage.private_path(dossier.decision_name)
    assert path.is_file() and path.read_bytes().startswith(b"%PDF")
    assert stored_files(settings) - before == {dossier.decision_name}
    assert dossier.verification_code in "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert progress(session, dossier)["admin_days"] == pytest.approx(3.0)  # 6 days minus 3 waiting
    assert outbox(session, dossier.id)[-1] == ("accepted", world.citizen.email)
    assert entries(session, dossier.id) == 5

    # Nothing moves a decided dossier.
    for call, extra in ((take, {}), (decide, {"accept": False, "reason": "Non."}),
                        (request_information, {"message": "Encore ?"})):
        refused(session, TransitionError, call, session, agent=world.agent,
                dossier_id=dossier.id, version=dossier.version, **extra)
    assert entries(session, dossier.id) == 5
    assert stored_files(settings) - before == {dossier.decision_name}

    assert changes(session, dossier.id) == [
        (world.citizen.id, "draft", "submitted"),
        (world.agent.id, "submitted", "in_review"),
        (world.agent.id, "in_review", "info_requested"),
        (world.citizen.id, "info_requested", "in_review"),
        (world.agent.id, "in_review", "accepted"),
    ]
    view = review_view(session, world.agent, dossier.id, "fr")
    assert (view["status"], view["version"], view["has_decision"]) == (
        "accepted", dossier.version, True)
    assert view["verification_code"] == dossier.verification_code
    assert [m["kind"] for m in view["messages"]] == ["info_request", "answer"]
    assert [e["status"] for e in view["timeline"]] == [
        "submitted", "in_review", "info_requested", "in_review", "accepted"]
    assert queue(session, agent=world.agent, now=T0 + 6 * DAY).total == 0
    report = verify_chain(session)
    assert report.ok and report.checked == 5


def pdf_title(path: Path) -> str:
    return PdfReader(io.BytesIO(path.read_bytes())).metadata.title or ""


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_receipt_decision_and_emails_follow_the_screen_of_filing_not_of_sign_up(
        session, world, settings):
    """Defect 3: signed up in French, filed on an Arabic screen: everything in Arabic."""
    person = register_citizen(session, full_name="Hafsa Idrissi", cin="JA778899",
                              email="hafsa@example.ma", mobile=None, password=PASSWORD,
                              lang="fr")
    session.commit()
    dossier = start_draft(session, account=person, procedure_code=NOTE, screen_lang="fr")
    fill(session, person, dossier)
    attach(session, settings, person, dossier)
    submit_own(session, account=person, dossier_id=dossier.id, screen_lang="ar", now=T0)
    session.commit()
    dossier = fresh(session, dossier.id)
    assert dossier.lang == "ar"
    assert pdf_title(storage.private_path(dossier.receipt_name)).startswith(
        t("receipt.title", "ar"))

    take(session, agent=world.agent, dossier_id=dossier.id, version=dossier.version,
         now=T0 + DAY)
    session.commit()
    dossier = fresh(session, dossier.id)
    decide(session, agent=world.agent, dossier_id=dossier.id, version=dossier.version,
           accept=True, now=T0 + 2 * DAY)
    session.commit()
    dossier = fresh(session, dossier.id)
    assert is_arabic(pdf_title(storage.private_path(dossier.decision_name)))
    mails = session.exec(select(OutboxMessage).where(OutboxMessage.dossier_id == dossier.id)
                         .order_by(OutboxMessage.id)).all()
    assert [(m.kind, m.lang) for m in mails] == [("submitted", "ar"), ("accepted", "ar")]
    assert all(is_arabic(m.subject) for m in mails)


def test_an_assisted_filing_keeps_the_language_chosen_for_the_person(session, world, settings):
    """At the counter the agent picks the person's language; the agent's screen changes
    nothing at submission."""
    dossier = start_assisted(session, agent=world.agent, procedure_code=NOTE,
                             person_name="Lahcen Ait Ali", person_cin="JB445566",
                             person_mobile="", lang="ar", consent=True, now=T0)
    fill(session, world.agent, dossier)
    attach(session, settings, world.agent, dossier)
    submit_own(session, account=world.agent, dossier_id=dossier.id, screen_lang="fr", now=T0)
    session.commit()
    dossier = fresh(session, dossier.id)
    assert dossier.lang == "ar"
    assert pdf_title(storage.private_path(dossier.receipt_name)).startswith(
        t("receipt.title", "ar"))


def test_an_answer_may_be_documents_alone_but_not_nothing(session, world, settings):
    dossier = filed(session, settings, world.citizen)
    take(session, agent=world.agent, dossier_id=dossier.id, version=dossier.version)
    request_information(session, agent=world.agent, dossier_id=dossier.id,
                        version=dossier.version, items=["doc:cadastral_plan"],
                        message="Le plan cadastral, SVP.")
    session.commit()

    error = refused(session, DossierError, answer_request, session, account=world.citizen,
                    dossier_id=dossier.id, message="  ")
    assert error.code == "error.answer_incomplete"
    assert error.errors == {"doc:cadastral_plan": "error.document_missing"}
    assert entries(session, dossier.id) == 3

    attach(session, settings, world.citizen, session.get(Dossier, dossier.id), "cadastral_plan")
    answer_request(session, account=world.citizen, dossier_id=dossier.id, message="")
    session.commit()
    assert fresh(session, dossier.id).status == "in_review"
    assert entries(session, dossier.id) == 4


def test_a_rejection_needs_a_reason(session, world, settings):
    mobile_only = register_citizen(session, full_name="Aicha Ait Ouarab", cin="JA445566",
                                   email=None, mobile="0661223344", password=PASSWORD)
    session.commit()
    dossier = filed(session, settings, mobile_only)
    take(session, agent=world.agent, dossier_id=dossier.id, version=dossier.version)
    session.commit()
    files = stored_files(settings)

    for reason in ("", "  "):
        error = refused(session, DossierError, decide, session, agent=world.agent,
                        dossier_id=dossier.id, version=dossier.version, accept=False,
                        reason=reason)
        assert error.code == "error.transition_note_required"
        assert error.errors == {"message": "error.transition_note_required"}
    assert (fresh(session, dossier.id).status, entries(session, dossier.id)) == ("in_review", 2)
    assert stored_files(settings) == files

    reason = "La parcelle est hors du périmètre couvert par le plan d'aménagement."
    decide(session, agent=world.agent, dossier_id=dossier.id, version=dossier.version,
           accept=False, reason=reason, now=T0 + DAY)
    session.commit()
    dossier = fresh(session, dossier.id)
    assert (dossier.status, dossier.decision_note, dossier.decided_at) == (
        "rejected", reason, T0 + DAY)
    assert VERIFICATION_CODE.fullmatch(dossier.verification_code)
    assert storage.private_path(dossier.decision_name).is_file()
    last = session.exec(select(StatusChange).where(StatusChange.dossier_id == dossier.id)
                        .order_by(col(StatusChange.id).desc())).first()
    assert (last.to_status, last.note, last.actor_id) == ("rejected", reason, world.agent.id)
    assert entries(session, dossier.id) == 3
    # No e-mail for an applicant without one.
    assert outbox(session, dossier.id) == []
    assert verify_chain(session).ok


def test_security_11_skipped_steps_and_final_states_are_refused(session, world, settings):
    submitted = filed(session, settings, world.citizen)
    reviewed = filed(session, settings, world.business)
    take(session, agent=world.agent, dossier_id=reviewed.id, version=reviewed.version)
    waiting = filed(session, settings, world.citizen)
    take(session, agent=world.agent, dossier_id=waiting.id, version=waiting.version)
    request_information(session, agent=world.agent, dossier_id=waiting.id,
                        version=waiting.version, items=["doc:cadastral_plan"],
                        message="Plan manquant.")
    gone = filed(session, settings, world.business)
    session.commit()
    withdraw(session, account=world.business, dossier_id=gone.id, note="Projet abandonné")
    session.commit()
    total, files = entries(session), stored_files(settings)
    assert total == 1 + 2 + 3 + 2

    attempts = [
        (take, reviewed, {}),  # in_review -> in_review
        (decide, submitted, {"accept": True}),  # skips in_review
        (decide, submitted, {"accept": False, "reason": "Non conforme"}),
        (request_information, submitted, {"message": "Plan ?"}),
        (request_information, waiting, {"message": "Encore ?"}),
        (decide, waiting, {"accept": True}),
        (take, waiting, {}),  # info_requested -> in_review is the applicant's move
        (decide, gone, {"accept": True}),
        (decide, gone, {"accept": False, "reason": "Retiré"}),
        (take, gone, {}),
        (request_information, gone, {"message": "Plan ?"}),
    ]
    for call, dossier, extra in attempts:
        current = fresh(session, dossier.id)
        error = refused(session, TransitionError, call, session, agent=world.agent,
                        dossier_id=dossier.id, version=current.version, **extra)
        # submitted -> accepted exists, for the system only (acceptance by silence).
        by_silence_only = call is decide and dossier is submitted and extra.get("accept")
        expected = ("error.transition_wrong_actor"
                    if (call is take and dossier is waiting) or by_silence_only
                    else "error.transition_not_allowed")
        assert error.code == expected, (call.__name__, current.status)
        after = fresh(session, dossier.id)
        assert (after.status, after.version, after.verification_code, after.decision_name) == (
            current.status, current.version, None, None)
        assert entries(session) == total, (call.__name__, current.status)
        # A refused decision leaves no document behind.
        assert stored_files(settings) == files, (call.__name__, current.status)
    assert verify_chain(session).ok


# --- one service only ---------------------------------------------------------------------


def test_an_agent_sees_and_acts_on_their_own_service_only(session, world, settings):
    dossier = filed(session, settings, world.citizen)
    draft = start_draft(session, account=world.business, procedure_code=NOTE)
    session.commit()
    version = dossier.version

    strangers = [world.outsider, world.citizen, world.business, world.admin]
    for who in strangers:
        for target in (dossier.id, draft.id, 10**9):
            for call, kwargs in [
                (review_view, None),
                (take, {}),
                (request_information, {"message": "Plan ?"}),
                (decide, {"accept": True}),
                (decide, {"accept": False, "reason": "Non."}),
            ]:
                with pytest.raises(DossierError) as caught:
                    if kwargs is None:
                        call(session, who, target, "fr")
                    else:
                        call(session, agent=who, dossier_id=target, version=version, **kwargs)
                assert type(caught.value) is DossierError, (who.role, call.__name__)
                assert caught.value.code == "error.dossier_not_found", (who.role, call.__name__)
                session.rollback()
        page = queue(session, agent=who, now=T0)
        assert (page.rows, page.total) == ([], 0), who.role

    # Even the service's own agents do not see a citizen's draft.
    with pytest.raises(DossierError):
        review_view(session, world.agent, draft.id, "fr")
    assert [r["id"] for r in queue(session, agent=world.agent, now=T0).rows] == [str(dossier.id)]
    after = fresh(session, dossier.id)
    assert (after.status, after.version, after.assigned_to_id) == ("submitted", version, None)
    assert entries(session) == 1


# --- optimistic locking -------------------------------------------------------------------


def _setup_on(engine: Engine, settings: Settings) -> tuple[World, int]:
    with Session(engine, expire_on_commit=False) as setup:
        world = make_world(setup)
        dossier = filed(setup, settings, world.citizen)
        return world, dossier.id


def test_security_13_the_second_agent_gets_a_conflict_and_nothing_is_overwritten(any_engine, settings):
    world, dossier_id = _setup_on(any_engine, settings)
    with Session(any_engine) as first, Session(any_engine) as second:
        seen_first = first.get(Dossier, dossier_id)
        seen_second = second.get(Dossier, dossier_id)
        agent_a, agent_b = first.get(Account, world.agent.id), second.get(Account, world.colleague.id)
        version = seen_second.version
        assert seen_first.version == version

        take(first, agent=agent_a, dossier_id=dossier_id, version=version)
        first.commit()

        files = stored_files(settings)
        attempts = [(take, {}), (decide, {"accept": True}),
                    (decide, {"accept": False, "reason": "Hors périmètre"}),
                    (request_information, {"message": "Plan ?"})]
        for call, extra in attempts:
            with pytest.raises(Conflict) as caught:
                call(second, agent=agent_b, dossier_id=dossier_id, version=version, **extra)
            assert caught.value.code == "error.conflict"
            second.rollback()

    dossier = fresh(any_engine, dossier_id)
    assert (dossier.status, dossier.assigned_to_id, dossier.version) == (
        "in_review", world.agent.id, version + 1)
    assert dossier.verification_code is None and dossier.decision_name is None
    with Session(any_engine) as check:
        assert changes(check, dossier_id) == [
            (world.citizen.id, "draft", "submitted"), (world.agent.id, "submitted", "in_review")]
        assert verify_chain(check).ok
    assert stored_files(settings) == files


def test_two_agents_deciding_at_the_same_moment_decide_once(any_engine, settings):
    world, dossier_id = _setup_on(any_engine, settings)
    with Session(any_engine) as setup:
        dossier = setup.get(Dossier, dossier_id)
        take(setup, agent=setup.get(Account, world.agent.id), dossier_id=dossier_id,
             version=dossier.version)
        setup.commit()
        version = dossier.version
    files = stored_files(settings)

    barrier = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def agent_decides(name: str, agent_id: int, accept: bool) -> None:
        with Session(any_engine) as own:
            agent = own.get(Account, agent_id)
            own.get(Dossier, dossier_id)
            barrier.wait(timeout=10)
            try:
                decide(own, agent=agent, dossier_id=dossier_id, version=version, accept=accept,
                       reason="" if accept else "Dossier incomplet.")
                own.commit()
                outcomes[name] = "decided"
            except Exception as error:  # noqa: BLE001 - recorded and asserted below
                own.rollback()
                outcomes[name] = error

    threads = [threading.Thread(target=agent_decides, args=("a", world.agent.id, True)),
               threading.Thread(target=agent_decides, args=("b", world.colleague.id, False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["a", "b"]
    winners = [name for name, outcome in outcomes.items() if outcome == "decided"]
    losers = [outcome for outcome in outcomes.values() if outcome != "decided"]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], Conflict), outcomes

    dossier = fresh(any_engine, dossier_id)
    assert dossier.status == ("accepted" if winners == ["a"] else "rejected")
    assert VERIFICATION_CODE.fullmatch(dossier.verification_code)
    assert dossier.version == version + 1
    with Session(any_engine) as check:
        decided = check.exec(select(StatusChange).where(
            StatusChange.dossier_id == dossier_id,
            col(StatusChange.to_status).in_(["accepted", "rejected"]))).all()
        assert len(decided) == 1
        assert check.exec(select(func.count()).select_from(Dossier).where(
            col(Dossier.verification_code).is_not(None))).one() == 1
        assert verify_chain(check).ok
    # One decision document: the loser's was removed.
    assert stored_files(settings) - files == {dossier.decision_name}


# --- the queue ----------------------------------------------------------------------------

NOW = datetime(2026, 6, 15, 8, 0, tzinfo=UTC)


@dataclass
class Catalog:
    service_id: int
    note_id: int
    permit_id: int
    cri_id: int
    cri_service_id: int
    provinces: dict[str, int]


def catalog_of(session: Session) -> Catalog:
    procedures = {p.code: p for p in session.exec(select(Procedure)).all()}
    return Catalog(
        service_id=procedures[NOTE].service_id,
        note_id=procedures[NOTE].id,
        permit_id=procedures[PERMIT].id,
        cri_id=procedures[INVESTMENT].id,
        cri_service_id=procedures[INVESTMENT].service_id,
        provinces={p.code: p.id for p in session.exec(select(Province)).all()},
    )


def code_for(number: int) -> str:
    """A distinct, valid tracking code per number."""
    size = len(TRACKING_ALPHABET)
    chars = [TRACKING_ALPHABET[(number // size**i) % size] for i in range(8)]
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


def put(session: Session, catalog: Catalog, number: int, *, status: str = "submitted",
        left: timedelta = 10 * DAY, paused: timedelta | None = None, procedure: str = NOTE,
        applicant: Account | None = None, person_name: str | None = None,
        province: str | None = None, assigned: Account | None = None) -> Dossier:
    """An open dossier written directly (the queue only reads): `left` before its due date,
    `paused` ago if it waits on the applicant."""
    procedure_id = {NOTE: catalog.note_id, PERMIT: catalog.permit_id,
                    INVESTMENT: catalog.cri_id}[procedure]
    dossier = Dossier(
        procedure_id=procedure_id,
        service_id=catalog.cri_service_id if procedure == INVESTMENT else catalog.service_id,
        applicant_id=applicant.id if applicant else None,
        channel=Channel.ONLINE if applicant else Channel.ASSISTED,
        person_name=person_name,
        province_id=catalog.provinces[province] if province else None,
        status=status,
        tracking_code=code_for(number) if status != "draft" else None,
        submitted_at=NOW - 5 * DAY if status != "draft" else None,
        due_at=NOW + left if status != "draft" else None,
        paused_at=NOW - paused if paused is not None else None,
        assigned_to_id=assigned.id if assigned else None,
        form_schema={"fields": [], "documents": [], "legal_deadline_days": 10},
    )
    if status in ("accepted", "rejected"):  # decided a day ago (the database insists on times)
        dossier.decided_at = NOW - DAY
        dossier.calendar_days = dossier.admin_days = 4.0
    session.add(dossier)
    session.flush()
    return dossier


def ids(page: review.QueuePage) -> list[int]:
    return [int(row["id"]) for row in page.rows]


def test_the_queue_puts_the_least_time_left_first_with_paused_clocks_frozen(any_engine):
    with Session(any_engine, expire_on_commit=False) as session:
        world = make_world(session)
        catalog = catalog_of(session)
        later = put(session, catalog, 1, left=5 * DAY, applicant=world.citizen)
        urgent = put(session, catalog, 2, status="in_review", left=1 * DAY,
                     applicant=world.business, assigned=world.agent)
        # Due yesterday on the wall clock, but it has waited on the applicant for 4 days:
        # 3 days of the administration's time are left, frozen.
        waiting = put(session, catalog, 3, status="info_requested", left=-1 * DAY,
                      paused=4 * DAY, applicant=world.citizen)
        overdue = put(session, catalog, 4, left=-2 * DAY - timedelta(hours=3),
                      person_name="Mohamed Ouhmad")
        tie = put(session, catalog, 5, left=5 * DAY, applicant=world.citizen)
        for number, status in enumerate(("draft", "accepted", "rejected", "withdrawn"), 10):
            put(session, catalog, number, status=status, left=-30 * DAY, applicant=world.citizen)
        put(session, catalog, 20, procedure=INVESTMENT, left=-30 * DAY, applicant=world.business)
        session.commit()

        page = queue(session, agent=world.agent, now=NOW)
        assert ids(page) == [overdue.id, urgent.id, waiting.id, later.id, tie.id]
        assert (page.total, page.page, page.pages) == (5, 1, 1)
        flags = {int(r["id"]): (r["overdue"], r["paused"]) for r in page.rows}
        assert flags == {overdue.id: ("1", ""), urgent.id: ("", ""), waiting.id: ("", "1"),
                         later.id: ("", ""), tie.id: ("", "")}
        rows = {int(r["id"]): r for r in page.rows}
        assert rows[waiting.id]["left"] == t("queue.days_left", "fr", n=3)
        assert rows[urgent.id]["left"] == t("queue.days_left", "fr", n=1)
        assert rows[overdue.id]["left"] == t("queue.days_over", "fr", n=3)
        assert rows[urgent.id]["assigned"] == world.agent.full_name
        assert rows[overdue.id]["applicant"] == "Mohamed Ouhmad"
        assert rows[overdue.id]["channel"] == t("channel.assisted", "fr")

        # A week later the paused dossier still has 3 days; the others have run out.
        week = queue(session, agent=world.agent, now=NOW + 7 * DAY)
        assert ids(week) == [overdue.id, urgent.id, later.id, tie.id, waiting.id]
        assert [r["overdue"] for r in week.rows] == ["1", "1", "1", "1", ""]

        # The CRI's agent sees only the CRI's dossier.
        assert queue(session, agent=world.outsider, now=NOW).total == 1


def test_queue_filters_and_search(session, world):
    catalog = catalog_of(session)
    a = put(session, catalog, 101, applicant=world.citizen, province="ouarzazate", left=2 * DAY)
    b = put(session, catalog, 102, status="in_review", procedure=PERMIT, province="tinghir",
            applicant=world.business, assigned=world.agent, left=3 * DAY)
    c = put(session, catalog, 103, status="info_requested", paused=DAY, left=4 * DAY,
            person_name="Mohamed Ouhmad", province="ouarzazate", assigned=world.colleague)
    d = put(session, catalog, 104, status="in_review", applicant=world.citizen,
            assigned=world.agent, left=5 * DAY)
    session.commit()

    def found(**filters: Any) -> list[int]:
        return ids(queue(session, agent=world.agent, filters=QueueFilters(**filters), now=NOW))

    assert found() == [a.id, b.id, c.id, d.id]
    assert found(status="in_review") == [b.id, d.id]
    assert found(status="info_requested") == [c.id]
    assert found(status="accepted") == found(status="draft") == found()  # open ones only
    assert found(procedure_code=PERMIT) == [b.id]
    assert found(procedure_code=NOTE) == [a.id, c.id, d.id]
    assert found(province_code="ouarzazate") == [a.id, c.id]
    assert found(province_code="ouarzazate", status="submitted") == [a.id]
    assert found(mine=True) == [b.id, d.id]
    assert found(mine=True, procedure_code=NOTE) == [d.id]

    code = c.tracking_code
    for typed in (code, code.lower(), code.replace("-", ""), f"  {code.lower()} ",
                  code.replace("-", " ")):
        assert found(search=typed) == [c.id], typed
    assert found(search=code_for(999)) == []
    assert found(search="fatima zahra") == [a.id, d.id]  # the account's name
    assert found(search="OUHMAD") == [c.id]  # the person filed for at the counter
    assert found(search="oubella", status="in_review") == [b.id]
    assert found(search="nobody here") == []
    total = queue(session, agent=world.agent, filters=QueueFilters(search="ait"), now=NOW).total
    assert total == 2


def test_queue_pages(session, world):
    catalog = catalog_of(session)
    count = 2 * PAGE_SIZE + 3
    made = [put(session, catalog, n, left=(n % 17 - 5) * DAY + n * timedelta(minutes=1),
                applicant=world.citizen) for n in range(count)]
    session.commit()
    expected = [d.id for d in sorted(made, key=lambda d: (d.due_at, d.id))]

    pages = [queue(session, agent=world.agent, page=n, now=NOW) for n in (1, 2, 3)]
    assert [(p.total, p.page, p.pages, len(p.rows)) for p in pages] == [
        (count, 1, 3, PAGE_SIZE), (count, 2, 3, PAGE_SIZE), (count, 3, 3, 3)]
    assert [i for p in pages for i in ids(p)] == expected
    assert queue(session, agent=world.agent, page=99, now=NOW).page == 3
    assert queue(session, agent=world.agent, page=0, now=NOW).page == 1
    assert queue(session, agent=world.agent, page=-4, now=NOW).rows == pages[0].rows
    overdue = sum(1 for p in pages for r in p.rows if r["overdue"])
    assert overdue == sum(1 for d in made if d.due_at < NOW)


def test_a_surname_that_looks_like_a_tracking_code_is_still_found(session, world):
    catalog = catalog_of(session)
    dossier = put(session, catalog, 7, person_name="Hassan Benhamza")
    session.commit()

    page = queue(session, agent=world.agent, filters=QueueFilters(search="Benhamza"), now=NOW)

    assert ids(page) == [dossier.id]


def test_a_name_typed_in_capitals_with_accents_is_found(any_engine, request):
    with Session(any_engine, expire_on_commit=False) as session:
        world = make_world(session)
        dossier = put(session, catalog_of(session), 8, person_name="SAÏD EL OUAFI")
        session.commit()

        for typed in ("SAÏD", "Saïd el", "saïd el ouafi"):
            page = queue(session, agent=world.agent, filters=QueueFilters(search=typed),
                         now=NOW)
            assert ids(page) == [dossier.id], typed


# --- assisted filing ----------------------------------------------------------------------


def test_assisted_filing_checks_the_person_consent_and_procedure(session, world):
    with pytest.raises(DossierError) as caught:
        start_assisted(session, agent=world.agent, procedure_code=INVESTMENT, person_name="  ",
                       person_cin="12345", person_mobile="0561", lang="fr", consent=False)
    assert caught.value.code == "error.form_invalid"
    assert caught.value.errors == {
        "person_name": "error.field_required",
        "person_cin": "error.cin_invalid",
        "person_mobile": "error.mobile_invalid",
        "consent": "error.consent_required",
        "procedure": "error.procedure_not_found",
    }
    for code in ("NO_SUCH_PROCEDURE", INVESTMENT, NOTE.lower()):
        with pytest.raises(DossierError) as caught:
            start_assisted(session, agent=world.agent, procedure_code=code,
                           person_name="Mohamed Ouhmad", person_cin="JB998877",
                           person_mobile="", lang="fr", consent=True)
        assert caught.value.errors == {"procedure": "error.procedure_not_found"}
    for who in (world.citizen, world.business, world.admin):
        with pytest.raises(DossierError) as caught:
            start_assisted(session, agent=who, procedure_code=NOTE,
                           person_name="Mohamed Ouhmad", person_cin="JB998877",
                           person_mobile="", lang="fr", consent=True)
        assert caught.value.code == "error.forbidden", who.role
    session.rollback()
    assert session.exec(select(func.count()).select_from(Dossier)).one() == 0


def test_assisted_filing_then_claiming_by_the_person(session, world, settings):
    dossier = start_assisted(session, agent=world.agent, procedure_code=NOTE,
                             person_name="  Mohamed   Ouhmad ", person_cin="jb 998877",
                             person_mobile="06 61 22 33 44", lang="ar", consent=True, now=T0)
    session.commit()
    assert (dossier.status, dossier.channel, dossier.applicant_id) == ("draft", "assisted", None)
    assert (dossier.filed_by_id, dossier.consent_at, dossier.lang) == (world.agent.id, T0, "ar")
    assert (dossier.person_name, dossier.person_cin, dossier.person_mobile) == (
        "Mohamed Ouhmad", "JB998877", "+212661223344")
    assert dossier.form_schema["legal_deadline_days"] == 10

    # The filing agent fills it in and uploads the documents.
    fill(session, world.agent, dossier)
    document = attach(session, settings, world.agent, dossier)
    session.commit()
    assert (document.channel, document.uploaded_by_id) == ("assisted", world.agent.id)
    assert review_view(session, world.agent, dossier.id, "fr")["status"] == "draft"

    # Nobody else touches the draft: a colleague of the same service, another service's
    # agent, the citizens.
    for who in (world.colleague, world.outsider, world.citizen, world.business, world.admin):
        for call, kwargs in [
            (save_field, {"code": "plot_location", "value": "Ailleurs"}),
            (submit_own, {}),
            (withdraw, {}),
        ]:
            with pytest.raises(DossierError) as caught:
                call(session, account=who, dossier_id=dossier.id, **kwargs)
            assert caught.value.code == "error.dossier_not_found", (who.full_name, call)
            session.rollback()
        with pytest.raises(DossierError):
            attach(session, settings, who, session.get(Dossier, dossier.id))
        session.rollback()
        if who.role == "agent":
            with pytest.raises(DossierError):
                review_view(session, who, dossier.id, "fr")
    assert queue(session, agent=world.agent, now=T0).total == 0  # a draft is not queued

    result = submit_own(session, account=world.agent, dossier_id=dossier.id, now=T0)
    session.commit()
    dossier = fresh(session, dossier.id)
    assert result.pin and re.fullmatch(r"\d{6}", result.pin)
    assert (dossier.status, dossier.channel, dossier.submitted_at) == ("submitted", "assisted", T0)
    assert storage.private_path(dossier.receipt_name).read_bytes().startswith(b"%PDF")
    assert changes(session, dossier.id) == [(world.agent.id, "draft", "submitted")]
    assert outbox(session, dossier.id) == []  # nobody to e-mail
    row = queue(session, agent=world.agent, now=T0).rows[0]
    assert (row["id"], row["applicant"], row["channel"]) == (
        str(dossier.id), "Mohamed Ouhmad", t("channel.assisted", "fr"))
    view = review_view(session, world.agent, dossier.id, "fr")
    assert (view["cin"], view["contact"]) == ("JB998877", "+212661223344")

    # Claiming: the receipt (code + PIN) and the same CIN.
    person = register_citizen(session, full_name="Mohamed Ouhmad", cin="JB998877",
                              email="m.ouhmad@example.ma", mobile=None, password=PASSWORD)
    someone = register_citizen(session, full_name="Omar Bennani", cin="K998877",
                               email="omar.bennani@example.ma", mobile=None, password=PASSWORD)
    session.commit()
    code, pin = dossier.tracking_code, result.pin
    wrong_pin = f"{(int(pin) + 1) % 1_000_000:06d}"

    for who, typed_pin, expected in [(person, wrong_pin, "error.tracking_failed"),
                                     (someone, pin, "error.claim_cin_mismatch")]:
        with pytest.raises(TrackingRefused) as caught:
            claim_assisted(session, account=who, code=code, pin=typed_pin, client_ip=IP)
        assert caught.value.code == expected
        session.commit()  # as the handler does: the attempt counts
        assert fresh(session, dossier.id).applicant_id is None

    claimed = claim_assisted(session, account=person, code=code.lower().replace("-", ""),
                             pin=pin, client_ip=IP)
    session.commit()
    assert claimed.applicant_id == person.id
    assert owned_dossier(session, person, dossier.id).id == dossier.id
    assert [r["id"] for r in dossier_list(session, person, "fr")] == [str(dossier.id)]
    assert fresh(session, dossier.id).version == dossier.version + 1
    assert queue(session, agent=world.agent, now=T0).rows[0]["applicant"] == "Mohamed Ouhmad"

    for who in (person, someone):
        with pytest.raises(TrackingRefused) as caught:
            claim_assisted(session, account=who, code=code, pin=pin, client_ip=IP)
        assert caught.value.code == "error.claim_not_possible"
        session.rollback()
    assert fresh(session, dossier.id).applicant_id == person.id
    assert entries(session, dossier.id) == 1
    assert verify_chain(session).ok


def test_a_replayed_assisted_submission_returns_the_first_one(session, world, settings):
    dossier = start_assisted(session, agent=world.agent, procedure_code=NOTE,
                             person_name="Mohamed Ouhmad", person_cin="JB998877",
                             person_mobile="", lang="fr", consent=True)
    fill(session, world.agent, dossier)
    attach(session, settings, world.agent, dossier)
    first = submit_own(session, account=world.agent, dossier_id=dossier.id, now=T0)
    session.commit()

    again = submit_own(session, account=world.agent, dossier_id=dossier.id)

    assert (again.already, again.pin, again.dossier.id) == (True, None, dossier.id)
    assert again.dossier.tracking_code == first.dossier.tracking_code
    assert entries(session, dossier.id) == 1


def test_an_online_dossier_cannot_be_claimed(session, world, settings):
    dossier = start_draft(session, account=world.citizen, procedure_code=NOTE)
    fill(session, world.citizen, dossier)
    attach(session, settings, world.citizen, dossier)
    result = submit_own(session, account=world.citizen, dossier_id=dossier.id, now=T0)
    session.commit()
    twin = register_citizen(session, full_name="Fatima Zahra Ait Lahcen",
                            cin=world.citizen.cin, email="fz.twin@example.ma", mobile=None,
                            password=PASSWORD)
    session.commit()

    with pytest.raises(TrackingRefused) as caught:
        claim_assisted(session, account=twin, code=dossier.tracking_code, pin=result.pin,
                       client_ip=IP)

    assert caught.value.code == "error.claim_not_possible"
    session.rollback()
    assert fresh(session, dossier.id).applicant_id == world.citizen.id


def test_the_agent_and_the_applicant_read_pages_sizes_and_days_in_words(
        session, world, settings):
    from counter.states.filing import document_views

    dossier = filed(session, settings, world.citizen)  # 10 calendar days, one 1-page PDF
    expected = {
        "fr": ("1 page", "3 jours sur 10", "7 j", "1 Ko · 1 page"),
        "ar": ("1 صفحة", "3 أيام من أصل 10", "7 أيام", "1 كيلوبايت · 1 صفحة"),
        "en": ("1 page", "3 days of 10", "7 d", "1 KB · 1 page"),
    }
    for lang, (pages, used, left, file_info) in expected.items():
        view = review_view(session, world.agent, dossier.id, lang, now=T0 + 3 * DAY)
        assert view["documents"][0]["pages"] == pages, lang
        assert (view["admin_days"], view["left"]) == (used, left), lang
        assert document_views(session, fresh(session, dossier.id), lang)[0]["file_info"] \
            == file_info, lang
    late = review_view(session, world.agent, dossier.id, "ar", now=T0 + 12 * DAY)
    assert late["left"] == "متجاوز بـ 2 يومين"


# --- who the dossier is for ---------------------------------------------------------------


def pdf_text_of(name: str) -> str:
    document = PdfReader(io.BytesIO(storage.private_path(name).read_bytes()))
    return "\n".join(page.extract_text() for page in document.pages)


def test_a_decision_on_a_business_file_names_the_company_its_ice_and_representative(
        session, world, settings):
    company = session.get(Company, world.business.company_id)
    dossier = filed(session, settings, world.business)
    assert dossier.company_id == company.id
    take(session, agent=world.agent, dossier_id=dossier.id, version=dossier.version)
    session.commit()
    dossier = fresh(session, dossier.id)
    view = review_view(session, world.agent, dossier.id, "fr")
    assert view["company"] == f"{company.name} — ICE {company.ice}"
    assert view["applicant"] == world.business.full_name

    decide(session, agent=world.agent, dossier_id=dossier.id, version=dossier.version,
           accept=False, reason="Le plan de situation est illisible.")
    session.commit()

    text = pdf_text_of(fresh(session, dossier.id).decision_name)
    for expected in (company.name, company.ice, world.business.full_name,
                     t("decision.company", "fr"), t("decision.representative", "fr")):
        assert expected in text, expected
    mail = session.exec(select(OutboxMessage).where(OutboxMessage.dossier_id == dossier.id,
                                                    OutboxMessage.kind == "rejected")).one()
    assert company.name in mail.body and company.ice in mail.body


def test_a_decision_on_a_persons_file_names_the_person_and_no_company(session, world, settings):
    dossier = filed(session, settings, world.citizen)
    take(session, agent=world.agent, dossier_id=dossier.id, version=dossier.version)
    session.commit()
    decide(session, agent=world.agent, dossier_id=dossier.id,
           version=fresh(session, dossier.id).version, accept=True)
    session.commit()

    text = pdf_text_of(fresh(session, dossier.id).decision_name)
    assert world.citizen.full_name in text
    assert t("decision.company", "fr") not in text
    assert review_view(session, world.agent, dossier.id, "fr")["company"] == ""


def test_the_queue_names_the_company_the_person_at_the_counter_or_why_there_is_no_name(
        session, world):
    catalog = catalog_of(session)
    company = session.get(Company, world.business.company_id)
    online = put(session, catalog, 201, applicant=world.citizen, left=1 * DAY)
    business = put(session, catalog, 202, applicant=world.business, left=2 * DAY)
    business.company_id = company.id
    counter = put(session, catalog, 203, person_name="Mohamed Ouhmad", left=3 * DAY)
    # The demo's synthetic history: no account, no person, no company.
    sample = put(session, catalog, 204, left=4 * DAY)
    session.commit()

    for lang in ("fr", "ar", "en"):
        rows = {int(r["id"]): r for r in queue(session, agent=world.agent, lang=lang,
                                               now=NOW).rows}
        assert rows[online.id]["applicant"] == world.citizen.full_name
        assert rows[business.id]["applicant"] == company.name
        assert rows[business.id]["representative"] == t(
            "queue.representative", lang, name=world.business.full_name)
        assert rows[counter.id]["applicant"] == "Mohamed Ouhmad"
        assert rows[sample.id]["applicant"] == t("applicant.unnamed", lang)
        assert rows[sample.id]["unnamed"] == "1"
        assert all(row["applicant"] for row in rows.values())
        assert {rows[i]["unnamed"] for i in (online.id, business.id, counter.id)} == {""}

    by_company = queue(session, agent=world.agent, now=NOW,
                       filters=QueueFilters(search="argane solaire"))
    assert ids(by_company) == [business.id]
