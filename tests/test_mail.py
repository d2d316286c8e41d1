"""E-mails to applicants (services.mail): queued in the outbox with the event, in the
applicant's language, then delivered to a real SMTP server (aiosmtpd) with retries."""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import smtplib
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from passlib.context import CryptContext
from sqlalchemy import Engine
from sqlmodel import Session, select

from counter import db, security
from counter.domain.clock import due_at
from counter.domain.identifiers import new_tracking_code
from counter.i18n import format_date, format_datetime, t
from counter.models import Account, Channel, Dossier, OutboxMessage, Procedure, Role
from counter.security import hash_password
from counter.services import jobs, mail
from counter.services.mail import (
    KINDS,
    MAX_ATTEMPTS,
    DeliveryReport,
    deliver_pending,
    notify,
    outbox_rows,
    retry_delay,
)
from counter.services.seed import load_demo_data
from counter.settings import Settings, load_settings

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PIN = "907153"
PUBLIC_URL = "https://guichet.region.example.ma"
CITIZEN_EMAIL = "citoyen@demo.example.ma"  # chose "ar" for e-mails in the demo data
BUSINESS_EMAIL = "entreprise@demo.example.ma"  # lang "fr"


CHEAP_HASHING = CryptContext(
    schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1
)


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with tiny costs (PIN hashes, demo accounts): the product's cost is for prod."""
    monkeypatch.setattr(security, "_context", CHEAP_HASHING)


# --- a real SMTP server -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage


@dataclass
class Collector:
    """An aiosmtpd handler keeping what it receives; refuses the addresses in `refuse`."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"


class SmtpServer:
    def __init__(self, port: int | None = None, **smtp_options: object) -> None:
        self.port = port or free_port()
        self.handler = Collector()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                     **smtp_options)

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def mail_settings(tmp_path: Path, port: int | None, **env: str) -> Settings:
    values = {
        "COUNTER_DATA_DIR": str(tmp_path / "data"),
        "COUNTER_PUBLIC_URL": PUBLIC_URL,
        "COUNTER_SMTP_TLS": "none",
        "COUNTER_MAIL_FROM": "guichet@draa-tafilalet.example.ma",
    }
    if port is not None:
        values |= {"COUNTER_SMTP_HOST": "127.0.0.1", "COUNTER_SMTP_PORT": str(port)}
    return load_settings(values | env)


# --- demo data and dossiers ---------------------------------------------------------------


def account(session: Session, address: str) -> Account:
    return session.exec(select(Account).where(Account.email == address)).one()


def a_procedure(session: Session) -> Procedure:
    return session.exec(select(Procedure).order_by(Procedure.id)).first()


def make_dossier(
    session: Session,
    applicant: Account | None,
    *,
    status: str = "submitted",
    lang: str = "fr",
    channel: str = Channel.ONLINE,
) -> Dossier:
    procedure = a_procedure(session)
    dossier = Dossier(
        procedure_id=procedure.id,
        service_id=procedure.service_id,
        applicant_id=applicant.id if applicant else None,
        status=status,
        channel=channel,
        tracking_code=new_tracking_code(),
        pin_hash=hash_password(PIN),
        lang=lang,
        form_schema={"fields": [], "documents": [],
                     "legal_deadline_days": procedure.legal_deadline_days},
        submitted_at=NOW - timedelta(days=1),
        due_at=due_at(NOW - timedelta(days=1), procedure.legal_deadline_days, 0.0),
    )
    session.add(dossier)
    session.flush()
    return dossier


@pytest.fixture
def demo(session: Session) -> Session:
    load_demo_data(session)
    session.flush()
    return session


def outbox(session: Session) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


NOTES = {"info_requested": "Merci d'ajouter l'attestation de résidence.",
         "rejected": "Le projet est hors du périmètre de la région."}


# --- notify -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_each_event_queues_one_message_in_the_applicants_language(demo, tmp_path, kind):
    settings = mail_settings(tmp_path, None)
    citizen = account(demo, CITIZEN_EMAIL)
    assert citizen.correspondence_lang == "ar"
    dossier = make_dossier(demo, citizen, lang="fr")  # the account's chosen language wins

    row = notify(demo, dossier, kind, note=NOTES.get(kind), now=NOW, settings=settings)

    assert outbox(demo) == [row]
    procedure = a_procedure(demo)
    assert row.to_address == CITIZEN_EMAIL and row.lang == "ar" and row.kind == kind
    assert row.subject == t(f"mail.{kind}.subject", "ar", code=dossier.tracking_code,
                            procedure=procedure.names["ar"])
    assert is_arabic(row.subject)
    assert row.body.startswith(t("mail.greeting", "ar", name=citizen.full_name))
    assert procedure.names["ar"] in row.body
    assert dossier.tracking_code in row.body
    assert f"{PUBLIC_URL}/track?code={dossier.tracking_code}\n" in row.body
    assert PIN not in row.body and "pin=" not in row.body
    # Signed by the handling region and service (Drâa-Tafilalet's access to information).
    assert row.body.rstrip().endswith(t(
        "mail.signature", "ar", region="جهة درعة تافيلالت",
        service="مصلحة التواصل والحق في الحصول على المعلومات"))
    if kind in NOTES:
        assert NOTES[kind] in row.body
    if kind == "submitted":
        assert format_date(dossier.due_at, "ar") in row.body
    assert row.sent_at is None and row.attempts == 0 and row.next_attempt_at == NOW
    assert "<" not in row.body  # plain text, no HTML

    citizen.correspondence_lang = "fr"
    demo.add(citizen)
    french = notify(demo, dossier, kind, note=NOTES.get(kind), now=NOW, settings=settings)
    assert french.lang == "fr" and not is_arabic(french.subject)
    assert french.subject == t(f"mail.{kind}.subject", "fr", code=dossier.tracking_code,
                               procedure=procedure.names["fr"])
    assert french.body.startswith(f"Bonjour {citizen.full_name},")


def test_without_a_chosen_language_emails_follow_the_dossier_not_the_sign_up(demo, tmp_path):
    """Signed up on a French screen, filed on an Arabic one, no choice on the account page:
    the e-mails are in the dossier's language (Arabic), like its documents."""
    settings = mail_settings(tmp_path, None)
    business = account(demo, BUSINESS_EMAIL)
    assert (business.lang, business.correspondence_lang) == ("fr", None)
    dossier = make_dossier(demo, business, lang="ar")

    row = notify(demo, dossier, "submitted", now=NOW, settings=settings)

    assert row.lang == "ar" and is_arabic(row.subject)
    assert row.body.startswith(t("mail.greeting", "ar", name=business.full_name))


def test_the_reason_or_request_is_read_from_the_dossier_when_not_given(demo, tmp_path):
    from counter.models import StatusChange

    settings = mail_settings(tmp_path, None)
    dossier = make_dossier(demo, account(demo, BUSINESS_EMAIL), status="info_requested")
    demo.add(StatusChange(dossier_id=dossier.id, from_status="in_review",
                          to_status="info_requested", note="Joindre le plan du terrain."))
    dossier.decision_note = "Dossier hors délai."
    demo.add(dossier)
    demo.flush()

    request = notify(demo, dossier, "info_requested", now=NOW, settings=settings)
    rejection = notify(demo, dossier, "rejected", now=NOW, settings=settings)

    assert "Joindre le plan du terrain." in request.body
    assert "Dossier hors délai." in rejection.body


def test_an_acceptance_note_is_passed_on(demo, tmp_path):
    dossier = make_dossier(demo, account(demo, BUSINESS_EMAIL))
    row = notify(demo, dossier, "accepted", note="Retrait au guichet de Ouarzazate.",
                 now=NOW, settings=mail_settings(tmp_path, None))
    assert "Message du service :\nRetrait au guichet de Ouarzazate." in row.body


def test_an_assisted_dossier_without_an_account_gets_no_message(demo, tmp_path):
    settings = mail_settings(tmp_path, None)
    assisted = make_dossier(demo, None, channel=Channel.ASSISTED)
    assisted.person_name, assisted.person_mobile = "Mohamed Ouali", "+212612345678"
    demo.add(assisted)
    mobile_only = Account(role=Role.CITIZEN, full_name="Aicha Baha", mobile="+212698765432",
                          password_hash="x", lang="ar")
    demo.add(mobile_only)
    demo.flush()

    for kind in KINDS:
        assert notify(demo, assisted, kind, note="x", now=NOW, settings=settings) is None
        assert notify(demo, make_dossier(demo, mobile_only), kind, note="x", now=NOW,
                      settings=settings) is None
    assert outbox(demo) == []


def test_an_unknown_kind_is_a_programming_error(demo, tmp_path):
    dossier = make_dossier(demo, account(demo, BUSINESS_EMAIL))
    with pytest.raises(ValueError, match="unknown notification kind"):
        notify(demo, dossier, "withdrawn", settings=mail_settings(tmp_path, None))


# --- delivery -----------------------------------------------------------------------------


def queue_two(session: Session, settings: Settings) -> tuple[Dossier, Dossier]:
    """One message to the Arabic-speaking citizen, one to the French-speaking business."""
    arabic = make_dossier(session, account(session, CITIZEN_EMAIL))
    french = make_dossier(session, account(session, BUSINESS_EMAIL))
    notify(session, arabic, "submitted", now=NOW, settings=settings)
    notify(session, french, "rejected", note=NOTES["rejected"], now=NOW, settings=settings)
    return arabic, french


def test_queued_messages_reach_the_smtp_server_intact(demo, tmp_path, smtp_server):
    settings = mail_settings(tmp_path, smtp_server.port)
    arabic, french = queue_two(demo, settings)

    report = deliver_pending(demo, settings=settings, now=NOW + timedelta(seconds=5))

    assert report == DeliveryReport(sent=2, failed=0)
    rows = outbox(demo)
    assert [r.sent_at for r in rows] == [NOW + timedelta(seconds=5)] * 2
    assert len(smtp_server.received) == 2
    for row, dossier, got in zip(rows, (arabic, french), smtp_server.received, strict=True):
        message = got.message
        assert got.rcpt_tos == [row.to_address]
        assert got.mail_from == settings.mail_from
        assert message["From"] == settings.mail_from and message["To"] == row.to_address
        assert message["Subject"] == row.subject
        assert message.get_content_type() == "text/plain"
        assert message.get_content_charset() == "utf-8"
        assert message["Date"] and message["Message-ID"]
        body = message.get_content()
        assert body.replace("\r\n", "\n") == row.body
        assert dossier.tracking_code in body
        assert f"{PUBLIC_URL}/track?code={dossier.tracking_code}" in body
        assert PIN not in body
    assert is_arabic(smtp_server.received[0].message["Subject"])
    assert "Décision" in smtp_server.received[1].message["Subject"]
    # Sent once: a second run finds nothing due.
    assert deliver_pending(demo, settings=settings, now=NOW + timedelta(hours=1)) == \
        DeliveryReport(0, 0)
    assert len(smtp_server.received) == 2


def test_with_the_server_down_messages_wait_and_go_once_it_is_back(demo, tmp_path):
    port = free_port()  # nobody listens there yet
    settings = mail_settings(tmp_path, port)
    queue_two(demo, settings)

    report = deliver_pending(demo, settings=settings, now=NOW)

    assert report == DeliveryReport(sent=0, failed=2)
    for row in outbox(demo):
        assert row.sent_at is None and row.attempts == 1
        assert row.last_error and "Connection" in row.last_error
        assert row.next_attempt_at == NOW + timedelta(minutes=1)

    server = SmtpServer(port).start()
    try:
        # Not due yet: nothing is tried before the minute is over.
        assert deliver_pending(demo, settings=settings, now=NOW + timedelta(seconds=30)) == \
            DeliveryReport(0, 0)
        later = NOW + timedelta(minutes=1, seconds=1)
        assert deliver_pending(demo, settings=settings, now=later) == DeliveryReport(2, 0)
    finally:
        server.stop()
    assert len(server.received) == 2
    for row in outbox(demo):
        assert row.sent_at == later and row.attempts == 1 and row.last_error is None


def test_without_an_smtp_host_nothing_is_sent_and_messages_wait(demo, tmp_path):
    settings = mail_settings(tmp_path, None)
    assert settings.smtp_host is None
    queue_two(demo, settings)

    def never(_settings: Settings) -> smtplib.SMTP:
        raise AssertionError("no connection without a host")

    report = deliver_pending(demo, settings=settings, now=NOW + timedelta(days=1),
                             smtp_factory=never)

    assert report == DeliveryReport(0, 0)
    assert all(r.sent_at is None and r.attempts == 0 and r.last_error is None
               for r in outbox(demo))
    assert [r["status"] for r in outbox_rows(demo)] == ["waiting", "waiting"]


def test_backoff_doubles_up_to_six_hours_then_retrying_stops(demo, tmp_path):
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(9) == timedelta(minutes=256)
    assert retry_delay(10) == retry_delay(19) == timedelta(hours=6)

    settings = mail_settings(tmp_path, free_port())  # closed port
    notify(demo, make_dossier(demo, account(demo, BUSINESS_EMAIL)), "submitted", now=NOW,
           settings=settings)
    row = outbox(demo)[0]
    delays = []
    now = NOW
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert deliver_pending(demo, settings=settings, now=now) == DeliveryReport(0, 1)
        assert row.attempts == attempt
        delays.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert delays[:5] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert delays[-1] == timedelta(hours=6)
    # Given up: never picked again, kept in the outbox for the administrators.
    assert deliver_pending(demo, settings=settings, now=now + timedelta(days=365)) == \
        DeliveryReport(0, 0)
    assert row.sent_at is None and row.attempts == MAX_ATTEMPTS
    assert outbox_rows(demo)[0]["status"] == "given_up"


def test_a_failing_message_does_not_stop_the_next(demo, tmp_path, smtp_server):
    settings = mail_settings(tmp_path, smtp_server.port)
    refused = make_dossier(demo, account(demo, CITIZEN_EMAIL))
    notify(demo, refused, "submitted", now=NOW, settings=settings)
    smtp_server.handler.refuse.add(CITIZEN_EMAIL)
    demo.add(OutboxMessage(kind="submitted", to_address="x@example.ma\nBcc: y@example.ma",
                           subject="Injected", body="-", created_at=NOW, next_attempt_at=NOW))
    demo.flush()
    good = make_dossier(demo, account(demo, BUSINESS_EMAIL))
    notify(demo, good, "accepted", now=NOW, settings=settings)

    report = deliver_pending(demo, settings=settings, now=NOW)

    assert report == DeliveryReport(sent=1, failed=2)
    first, injected, last = outbox(demo)
    assert first.sent_at is None and first.attempts == 1 and "550" in first.last_error
    assert injected.sent_at is None and "ValueError" in injected.last_error
    assert last.sent_at == NOW
    assert [r.rcpt_tos for r in smtp_server.received] == [[BUSINESS_EMAIL]]


def test_an_exception_inside_the_smtp_client_does_not_stop_the_next(demo, tmp_path,
                                                                     smtp_server):
    settings = mail_settings(tmp_path, smtp_server.port)
    queue_two(demo, settings)
    connections = []

    class Flaky(smtplib.SMTP):
        def send_message(self, msg, *args, **kwargs):  # noqa: ANN001
            if not connections[1:]:
                raise smtplib.SMTPServerDisconnected("connection dropped mid-message")
            return super().send_message(msg, *args, **kwargs)

    def factory(current: Settings) -> smtplib.SMTP:
        connections.append(1)
        return Flaky(current.smtp_host, current.smtp_port, timeout=5)

    report = deliver_pending(demo, settings=settings, now=NOW, smtp_factory=factory)

    assert report == DeliveryReport(sent=1, failed=1)
    assert len(connections) == 2  # the broken connection is replaced
    first, second = outbox(demo)
    assert "connection dropped" in first.last_error and second.sent_at == NOW
    assert [r.rcpt_tos for r in smtp_server.received] == [[BUSINESS_EMAIL]]


def test_starttls_is_never_skipped_when_configured(demo, tmp_path, smtp_server):
    settings = mail_settings(tmp_path, smtp_server.port, COUNTER_SMTP_TLS="starttls")
    queue_two(demo, settings)

    assert deliver_pending(demo, settings=settings, now=NOW) == DeliveryReport(0, 2)
    assert smtp_server.received == []
    assert all("STARTTLS" in r.last_error for r in outbox(demo))


def test_the_account_signs_in_and_its_password_never_shows_in_errors(demo, tmp_path):
    def authenticator(server, session, envelope, mechanism, auth_data):  # noqa: ANN001
        ok = isinstance(auth_data, LoginPassword) and \
            (auth_data.login, auth_data.password) == (b"guichet", b"Bon-mot-de-passe-42")
        return AuthResult(success=ok, handled=False)

    server = SmtpServer(authenticator=authenticator, auth_require_tls=False).start()
    try:
        wrong = mail_settings(tmp_path, server.port, COUNTER_SMTP_USER="guichet",
                              COUNTER_SMTP_PASSWORD="Mauvais-mot-de-passe-7")
        queue_two(demo, wrong)
        assert deliver_pending(demo, settings=wrong, now=NOW) == DeliveryReport(0, 2)
        for row in outbox(demo):
            assert "535" in row.last_error and "Mauvais-mot-de-passe-7" not in row.last_error

        right = mail_settings(tmp_path, server.port, COUNTER_SMTP_USER="guichet",
                              COUNTER_SMTP_PASSWORD="Bon-mot-de-passe-42")
        later = NOW + timedelta(minutes=2)
        assert deliver_pending(demo, settings=right, now=later) == DeliveryReport(2, 0)
    finally:
        server.stop()
    assert len(server.received) == 2


def test_outbox_rows_for_the_administrators_page(demo, tmp_path, smtp_server):
    settings = mail_settings(tmp_path, smtp_server.port)
    queue_two(demo, settings)
    smtp_server.handler.refuse.add(BUSINESS_EMAIL)
    deliver_pending(demo, settings=settings, now=NOW)
    notify(demo, make_dossier(demo, account(demo, BUSINESS_EMAIL)), "accepted",
           now=NOW + timedelta(minutes=5), settings=settings)

    rows = outbox_rows(demo, lang="fr")

    assert [(r["kind"], r["status"]) for r in rows] == [
        ("accepted", "waiting"), ("rejected", "failed"), ("submitted", "sent")]
    waiting, failed, sent = rows
    assert failed["status_label"] == t("outbox.failed", "fr", n=1)
    assert failed["last_error"].startswith("recipient refused: 550")
    assert sent["to"] == CITIZEN_EMAIL and sent["last_error"] == ""
    assert sent["created"] == format_datetime(NOW, "fr")  # Moroccan time
    assert waiting["kind_label"] == t("status.accepted", "fr")
    assert set(waiting) >= {"id", "created", "to", "kind", "subject", "status", "last_error"}
    assert [r["status"] for r in outbox_rows(demo, pending_only=True)] == ["waiting", "failed"]
    assert outbox_rows(demo, limit=1, lang="ar")[0]["status_label"] == t("outbox.waiting", "ar")


# --- both databases -----------------------------------------------------------------------


def test_notify_and_deliver_on_sqlite_and_postgresql(any_engine: Engine, tmp_path, smtp_server):
    settings = mail_settings(tmp_path, smtp_server.port)
    with Session(any_engine, expire_on_commit=False) as session:
        load_demo_data(session)
        session.commit()
    with Session(any_engine, expire_on_commit=False) as session:
        dossier = make_dossier(session, account(session, CITIZEN_EMAIL))
        notify(session, dossier, "info_requested", note=NOTES["info_requested"], now=NOW,
               settings=settings)
        session.commit()
    with Session(any_engine, expire_on_commit=False) as session:
        assert deliver_pending(session, settings=settings, now=NOW) == DeliveryReport(1, 0)
        session.commit()
    with Session(any_engine, expire_on_commit=False) as session:
        (row,) = outbox(session)
        assert row.sent_at == NOW and row.lang == "ar"
    (got,) = smtp_server.received
    assert got.message["Subject"] == row.subject and got.rcpt_tos == [CITIZEN_EMAIL]
    assert NOTES["info_requested"] in got.message.get_content()


def test_two_senders_never_pick_the_same_message_on_postgresql(pg_url, tmp_path, smtp_server):
    """While one sender holds its batch (FOR UPDATE SKIP LOCKED), another finds nothing."""
    engine = db.make_engine(pg_url)
    settings = mail_settings(tmp_path, smtp_server.port)
    try:
        with Session(engine) as session:
            load_demo_data(session)
            queue_two(session, settings)
            session.commit()
        reports = []

        def factory_with_a_rival(current: Settings) -> smtplib.SMTP:
            with Session(engine) as rival:
                reports.append(deliver_pending(rival, settings=current, now=NOW))
                rival.commit()
            return mail.connect(current)

        with Session(engine) as session:
            assert deliver_pending(session, settings=settings, now=NOW,
                                   smtp_factory=factory_with_a_rival) == DeliveryReport(2, 0)
            session.commit()
        assert reports == [DeliveryReport(0, 0)]
        assert len(smtp_server.received) == 2
    finally:
        engine.dispose()


# --- the background loop ------------------------------------------------------------------


@pytest.fixture
def app_env(sqlite_url, product_on, smtp_server) -> Settings:
    """The product's own settings and engine, pointing at a test database and SMTP server."""
    return product_on(sqlite_url, COUNTER_SMTP_HOST="127.0.0.1",
                      COUNTER_SMTP_PORT=str(smtp_server.port), COUNTER_SMTP_TLS="none")


def test_the_mail_job_retries_a_failed_round_and_delivers(app_env, smtp_server, monkeypatch,
                                                          caplog):
    with db.session_scope() as session:
        load_demo_data(session)
        notify(session, make_dossier(session, account(session, BUSINESS_EMAIL)), "submitted",
               now=datetime.now(UTC) - timedelta(seconds=1), settings=app_env)
    real = mail.deliver_pending
    calls = []

    def first_round_fails(*args, **kwargs):  # noqa: ANN002, ANN003
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(mail, "deliver_pending", first_round_fails)
    mail_job = [spec for spec in jobs.product_jobs() if spec.name == "mail"]
    start = datetime.now(UTC)
    with caplog.at_level(logging.ERROR, logger="counter.jobs"):
        [failed] = jobs.run_due(db.get_engine(), mail_job, now=start)
    assert failed.error == "RuntimeError: database went away"
    assert "job mail failed" in caplog.text and not smtp_server.received
    # Tried again after its backoff, by the in-app runner.
    assert jobs.run_due(db.get_engine(), mail_job, now=start + timedelta(seconds=59)) == []

    async def run() -> None:
        task = asyncio.create_task(jobs.jobs_loop(tick_seconds=0.02))
        deadline = time.monotonic() + 10
        while not smtp_server.received and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    with db.session_scope() as session:
        jobs.run_soon(session, "mail")
    asyncio.run(run())

    assert len(smtp_server.received) == 1
    with db.session_scope() as session:
        assert outbox(session)[0].sent_at is not None
        assert jobs.failure_counts(session)["mail"] == 1
