"""Access control (SECURITY 7, 8, 9, 23): ownership on every dossier function, who may read
what, fields no role may set, handlers refused and logged in one JSON line."""

from __future__ import annotations

import asyncio
import inspect
import io
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from passlib.context import CryptContext
from reportlab.pdfgen import canvas
from sqlmodel import Session, func, select

from counter import db, security
from counter.domain.lifecycle import Actor, Status, TransitionError
from counter.logs import log_event
from counter.models import Account, Document, Dossier, Message, Service, StatusChange
from counter.services import dossiers
from counter.services.access import can_read_document, can_read_dossier
from counter.services.accounts import (
    close_session,
    create_staff,
    disable_account,
    open_session,
    register_business,
    register_citizen,
)
from counter.services.documents import ReceivedFile, receive_upload
from counter.services.dossiers import (
    DossierError,
    answer_request,
    attach_document,
    owned_dossier,
    remove_document,
    save_field,
    start_draft,
    submit_own,
    transition,
    withdraw,
)
from counter.services.seed import load_demo_data
from counter.settings import Settings, get_settings
from counter.states.dossiers import DossierState
from counter.states.filing import APPLICANT_ROLES, FilingState
from counter.states.session import SessionState

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
CHEAP_HASHING = CryptContext(
    schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1
)
NOTE = "DRA_URBAN_INFORMATION_NOTE"  # citizens and businesses, URBANISM service, site_plan required
NOTE_VALUES = {"plot_location": "Douar Tizgui", "plot_area_m2": "1200", "province": "ouarzazate"}
PASSWORD = "Figuier de Barbarie 1987"


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "_context", CHEAP_HASHING)
    monkeypatch.setattr(dossiers, "_DUMMY_PIN_HASH", CHEAP_HASHING.hash("000000-no-such-dossier"))


@pytest.fixture(autouse=True)
def settings(tmp_path: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
             ) -> Iterator[Settings]:
    """Files under tmp_path; the product's own engine (session_scope) on the test database."""
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REFLEX_DB_URL", sqlite_url)
    for name in ("COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield get_settings()
    if db.get_engine.cache_info().currsize:
        db.get_engine().dispose()
    db.get_engine.cache_clear()
    get_settings.cache_clear()


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(logging.Formatter("%(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def security_log() -> Iterator[list[str]]:
    """What the security logger writes (it does not propagate, so caplog cannot see it)."""
    logger = logging.getLogger("counter.security")
    handler = Lines()
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)


@dataclass
class People:
    owner: Account  # the demo citizen
    intruder: Account  # another citizen
    business: Account
    agent: Account  # of the dossiers' service (URBANISM)
    other_agent: Account  # the demo agent, of the CRI
    admin: Account


@pytest.fixture
def people(session: Session) -> People:
    load_demo_data(session)
    by_role = {account.role: account for account in session.exec(select(Account)).all()}
    urbanism = session.exec(select(Service).where(Service.code == "DRA_URBANISM")).one()
    intruder = register_citizen(session, full_name="Omar Bennani", cin="K998877",
                                email="omar@example.ma", mobile=None, password=PASSWORD)
    business = register_business(session, full_name="Salma Tazi", cin="BK112233",
                                 email="salma@atlas.example.ma", mobile=None, password=PASSWORD,
                                 company_name="Atlas Sable", ice="002345678000091",
                                 rc_number="1200", rc_court="Tribunal de commerce d'Oujda")
    agent = create_staff(session, role="agent", full_name="Hassan Ouali",
                         email="urbanisme@region.example.ma", password=PASSWORD,
                         service_id=urbanism.id)
    session.commit()
    return People(by_role["citizen"], intruder, business, agent, by_role["agent"],
                  by_role["admin"])


def pdf_bytes(text: str = "Plan de situation") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def upload(settings: Settings, name: str = "plan.pdf") -> ReceivedFile:
    stream = io.BytesIO(pdf_bytes(name))

    async def read(size: int) -> bytes:
        return stream.read(size)

    return asyncio.run(receive_upload(read, original_name=name, settings=settings))


def draft_of(session: Session, settings: Settings, account: Account) -> Dossier:
    """A complete draft with its site plan attached."""
    dossier = start_draft(session, account=account, procedure_code=NOTE)
    for code, value in NOTE_VALUES.items():
        assert save_field(session, account=account, dossier_id=dossier.id, code=code,
                          value=value) is None
    attach_document(session, account=account, dossier_id=dossier.id, doc_code="site_plan",
                    received=upload(settings))
    session.commit()
    return dossier


def dossier_in(session: Session, settings: Settings, people: People, status: str) -> Dossier:
    dossier = draft_of(session, settings, people.owner)
    if status == "draft":
        return dossier
    submit_own(session, account=people.owner, dossier_id=dossier.id, now=T0)
    if status in ("in_review", "info_requested"):
        transition(session, dossier, actor=people.agent, as_actor=Actor.AGENT,
                   to_status=Status.IN_REVIEW, now=T0 + DAY)
    if status == "info_requested":
        transition(session, dossier, actor=people.agent, as_actor=Actor.AGENT,
                   to_status=Status.INFO_REQUESTED, note="Plan illisible", now=T0 + DAY,
                   paused_at=T0 + DAY)
    session.commit()
    assert dossier.status == status
    return dossier


def state_of(session: Session, dossier_id: int) -> dict[str, Any]:
    """Everything a refused call must leave as it was."""
    session.expire_all()
    dossier = session.get(Dossier, dossier_id)
    documents = session.exec(select(Document.id, Document.stored_name)
                             .where(Document.dossier_id == dossier_id)).all()
    return {
        "row": dossier.model_dump(),
        "documents": sorted(documents),
        "changes": session.exec(select(func.count()).select_from(StatusChange)
                                .where(StatusChange.dossier_id == dossier_id)).one(),
        "messages": session.exec(select(func.count()).select_from(Message)
                                 .where(Message.dossier_id == dossier_id)).one(),
    }


# --- citizen B cannot touch citizen A's dossier -----------------------------------------

Call = Callable[[Session, Account, Dossier, Settings], Any]

CALLS: dict[str, tuple[str, Call]] = {
    "owned_dossier": ("draft", lambda s, who, d, _: owned_dossier(s, who, d.id)),
    "save_field": ("draft", lambda s, who, d, _: save_field(
        s, account=who, dossier_id=d.id, code="plot_location", value="Chez quelqu'un d'autre")),
    "attach_document": ("draft", lambda s, who, d, settings: attach_document(
        s, account=who, dossier_id=d.id, doc_code="site_plan", received=upload(settings))),
    "remove_document": ("draft", lambda s, who, d, _: remove_document(
        s, account=who, dossier_id=d.id,
        document_id=s.exec(select(Document.id).where(Document.dossier_id == d.id)).first())),
    "submit_own": ("draft", lambda s, who, d, _: submit_own(
        s, account=who, dossier_id=d.id, now=T0)),
    "withdraw": ("submitted", lambda s, who, d, _: withdraw(
        s, account=who, dossier_id=d.id, note="Je retire")),
    "answer_request": ("info_requested", lambda s, who, d, _: answer_request(
        s, account=who, dossier_id=d.id, message="Voici", now=T0 + 2 * DAY)),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_security_8_nobody_but_the_owner_reaches_a_dossier_by_its_id(session, settings, people, name):
    status, call = CALLS[name]
    dossier = dossier_in(session, settings, people, status)
    before = state_of(session, dossier.id)

    for who in (people.intruder, people.business, people.agent, people.other_agent,
                people.admin):
        with pytest.raises(DossierError) as caught:
            call(session, who, session.get(Dossier, dossier.id), settings)
        assert caught.value.code == "error.dossier_not_found", who.role
        session.rollback()
        assert state_of(session, dossier.id) == before, who.role

    # The very same call works for the owner: the refusal was about who asked.
    call(session, people.owner, session.get(Dossier, dossier.id), settings)
    session.commit()
    assert state_of(session, dossier.id) != before or name == "owned_dossier"


def test_an_unknown_id_looks_the_same_as_someone_elses(session, settings, people):
    dossier = draft_of(session, settings, people.owner)

    refusals = set()
    for account, dossier_id in [(people.intruder, dossier.id), (people.intruder, 10**9),
                                (people.owner, 10**9), (None, dossier.id), (people.owner, -1)]:
        with pytest.raises(DossierError) as caught:
            owned_dossier(session, account, dossier_id)
        refusals.add((caught.value.code, str(caught.value)))
    assert refusals == {("error.dossier_not_found", "error.dossier_not_found")}


# --- who may read a dossier and its documents -------------------------------------------

READERS = {
    "owner": True,
    "intruder": False,
    "business": False,
    "agent": True,
    "other_agent": False,
    "admin": False,
    "nobody": False,
}


def test_who_may_read_a_dossier_and_its_documents(session, settings, people):
    dossier = dossier_in(session, settings, people, "submitted")
    document = session.exec(select(Document).where(Document.dossier_id == dossier.id)).one()

    for scan_status in ("not_configured", "clean", "pending", "infected", "error", ""):
        document.scan_status = scan_status
        for who, allowed in READERS.items():
            account = getattr(people, who) if who != "nobody" else None
            assert can_read_dossier(account, dossier) is allowed, who
            # An agent sees a file only once the scanner passed it (or none is configured).
            expected = allowed and (who != "agent" or scan_status in ("clean", "not_configured"))
            assert can_read_document(account, dossier, document) is expected, (who, scan_status)


def test_a_disabled_account_reads_nothing(session, settings, people):
    dossier = dossier_in(session, settings, people, "submitted")
    document = session.exec(select(Document).where(Document.dossier_id == dossier.id)).one()
    assert can_read_document(people.owner, dossier, document)
    assert can_read_document(people.agent, dossier, document)

    for account in (people.owner, people.agent):
        disable_account(session, account.id)
    session.commit()

    for account in (people.owner, people.agent):
        assert not can_read_dossier(account, dossier)
        assert not can_read_document(account, dossier, document)


def test_a_document_is_read_only_through_its_own_dossier(session, settings, people):
    mine = dossier_in(session, settings, people, "submitted")
    theirs = draft_of(session, settings, people.intruder)
    their_document = session.exec(select(Document).where(Document.dossier_id == theirs.id)).one()

    assert not can_read_document(people.owner, mine, their_document)
    assert not can_read_document(people.agent, mine, their_document)
    assert not can_read_document(people.owner, mine, None)
    assert not can_read_document(people.owner, None, their_document)
    assert not can_read_dossier(people.owner, None)


# --- fields no role may set -------------------------------------------------------------

FORBIDDEN_FIELDS = ["status", "applicant_id", "tracking_code", "assigned_to_id", "decision_note",
                    "decided_at", "pin_hash", "version", "service_id", "procedure_id",
                    "company_id", "form_data", "receipt_name", "__class__", "doc:site_plan"]


def test_security_9_a_field_outside_the_form_cannot_be_set(session, settings, people):
    dossier = draft_of(session, settings, people.owner)
    before = state_of(session, dossier.id)

    for code in FORBIDDEN_FIELDS:
        for value in ("accepted", str(people.intruder.id), "AAAA-BBBB", "{}"):
            with pytest.raises(DossierError) as caught:
                save_field(session, account=people.owner, dossier_id=dossier.id, code=code,
                           value=value)
            assert caught.value.code == "error.field_unknown", code
            session.rollback()

    after = state_of(session, dossier.id)
    assert after == before
    assert after["row"]["status"] == "draft"
    assert after["row"]["applicant_id"] == people.owner.id
    assert after["row"]["tracking_code"] is None
    assert not set(FORBIDDEN_FIELDS) & set(after["row"]["form_data"])


def test_a_form_field_never_reaches_a_column(session, settings, people):
    dossier = draft_of(session, settings, people.owner)

    save_field(session, account=people.owner, dossier_id=dossier.id, code="province",
               value="zagora")
    session.commit()

    stored = state_of(session, dossier.id)["row"]
    assert stored["form_data"]["province"] == "zagora"
    assert stored["province_id"] is None  # set from the clean form at submission only


def test_a_citizen_cannot_submit_again_a_dossier_under_review(session, settings, people):
    dossier = dossier_in(session, settings, people, "in_review")
    before = state_of(session, dossier.id)

    result = submit_own(session, account=people.owner, dossier_id=dossier.id, now=T0 + 2 * DAY)
    session.commit()

    # Idempotent, not an error: nothing moves, no new PIN, no new receipt.
    assert result.already is True and result.pin is None
    assert state_of(session, dossier.id) == before
    assert before["row"]["status"] == "in_review"


@pytest.mark.parametrize("target", [Status.IN_REVIEW, Status.ACCEPTED, Status.REJECTED,
                                    Status.INFO_REQUESTED])
def test_security_9_an_applicant_cannot_make_an_agents_move(session, settings, people, target):
    dossier = dossier_in(session, settings, people, "submitted")
    if target != Status.IN_REVIEW:
        transition(session, dossier, actor=people.agent, as_actor=Actor.AGENT,
                   to_status=Status.IN_REVIEW, now=T0 + DAY)
        session.commit()
    before = state_of(session, dossier.id)

    with pytest.raises(TransitionError) as caught:
        transition(session, dossier, actor=people.owner, as_actor=Actor.APPLICANT,
                   to_status=target, note="Accordé par moi-même")

    assert caught.value.code == "error.transition_wrong_actor"
    session.rollback()
    assert state_of(session, dossier.id) == before


# --- Reflex handlers: refused and logged ------------------------------------------------


class FakeHandlerState:
    """The server side of a Reflex state, without a browser: the real `_account` and
    `_require` of SessionState, fed with the cookie a client would send (the server reads
    it from the connection's `Cookie` header)."""

    _account = SessionState._account
    _require = SessionState._require

    def __init__(self, token: str) -> None:
        self.token = token

    def _session_token(self) -> str:
        return self.token

    def _client_ip(self) -> str:
        return "203.0.113.9"


def test_security_7_a_citizen_calling_a_handler_of_another_role_is_refused_and_logged(
        session, settings, people, security_log):
    citizen_token = open_session(session, people.owner, client_ip="203.0.113.9")
    agent_token = open_session(session, people.agent, client_ip="203.0.113.10")
    session.commit()

    assert FakeHandlerState(citizen_token)._require("agent") is None
    assert FakeHandlerState(citizen_token)._require("admin") is None
    assert FakeHandlerState(agent_token)._require(*APPLICANT_ROLES) is None

    records = [json.loads(line) for line in security_log]
    assert [(r["event"], r["state"], r["account"], r["client"]) for r in records] == [
        ("handler_refused", "FakeHandlerState", people.owner.id, "203.0.113.9"),
        ("handler_refused", "FakeHandlerState", people.owner.id, "203.0.113.9"),
        ("handler_refused", "FakeHandlerState", people.agent.id, "203.0.113.9"),
    ]
    assert all(datetime.fromisoformat(r["at"]).utcoffset() == timedelta(0) for r in records)

    security_log.clear()
    assert FakeHandlerState(citizen_token)._require(*APPLICANT_ROLES).id == people.owner.id
    assert FakeHandlerState(agent_token)._require("agent").id == people.agent.id
    assert security_log == []


def test_an_ended_or_forged_session_is_refused_and_logged(session, settings, people,
                                                          security_log):
    closed = open_session(session, people.owner, client_ip="203.0.113.9")
    close_session(session, closed)
    expired = open_session(session, people.owner, client_ip="203.0.113.9",
                           now=datetime.now(UTC) - timedelta(days=2))
    disabled = open_session(session, people.intruder, client_ip="203.0.113.9")
    disable_account(session, people.intruder.id)
    session.commit()

    for token in (closed, expired, disabled, "forged-token", "x" * 5000):
        assert FakeHandlerState(token)._require(*APPLICANT_ROLES) is None
    assert [json.loads(line)["account"] for line in security_log] == [None] * 5


STATE_HANDLERS = [
    (FilingState, "save_field"), (FilingState, "upload"), (FilingState, "remove_document"),
    (FilingState, "submit"), (FilingState, "undo_remove"), (DossierState, "upload"),
    (DossierState, "send_answer"), (DossierState, "set_answer_text"), (DossierState, "withdraw"),
]


@pytest.mark.parametrize(("state", "name"), STATE_HANDLERS)
def test_security_7_every_applicant_handler_that_writes_checks_the_role_on_the_server(state, name):
    source = inspect.getsource(state.event_handlers[name].fn)

    assert ("self._require(*APPLICANT_ROLES)" in source
            or "self._require(*self.FILING_ROLES)" in source)
    assert state.FILING_ROLES == ("citizen", "business")
    assert source.index("self._require(") < source.index("service.")
    assert "account=account" in source  # the service is given the server-side account


def test_security_23_log_event_writes_one_json_line_that_user_input_cannot_break(security_log):
    hostile = 'evil"}\n{"event": "signed_in", "account": 1}\r\n\u2028\x00\u202e'

    line = log_event("handler_refused", state="FilingState", account=7, client=hostile,
                     value=["a\nb"], flag=True, nothing=None)

    assert security_log == [line]
    assert "\n" not in line and "\r" not in line and "\u2028" not in line
    assert line.isascii()
    record = json.loads(line)
    assert record["event"] == "handler_refused"
    assert record["client"] == hostile
    assert record["value"] == "['a\\nb']"
    assert (record["account"], record["flag"], record["nothing"]) == (7, True, None)
    assert datetime.fromisoformat(record["at"]).utcoffset() == timedelta(0)
    assert list(record)[:2] == ["at", "event"]
