"""Retention of personal data under law 09-08 (services.retention): warnings two weeks ahead,
once; drafts expiring after 3 months; closed dossiers purged after their retention, leaving
an anonymous record that keeps the indicators and the open data exactly as they were, and
an audit trail that still verifies."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import JSON, Engine, String, Text, inspect, select, text
from sqlmodel import Session, SQLModel, col

from counter.db import make_engine
from counter.domain.law import RETENTION_WARNING, add_months
from counter.models import (
    Account,
    Document,
    Dossier,
    Message,
    OutboxMessage,
    Procedure,
    Service,
    StatusChange,
)
from counter.services import storage
from counter.services.accounts import create_staff, register_citizen
from counter.services.audit import verify_chain
from counter.services.dossiers import (
    answer_request,
    attach_document,
    save_field,
    start_draft,
    submit_own,
    withdraw,
)
from counter.services.indicators import compute_indicators
from counter.services.migrations import alembic_config, upgrade_to_head
from counter.services.opendata import (
    DOSSIER_FIELDS,
    INDICATOR_FIELDS,
    csv_chunks,
    dossier_rows,
    indicator_rows,
)
from counter.services.retention import retention_due, run_retention
from counter.services.review import (
    decide,
    extend_deadline,
    request_information,
    start_assisted,
    take,
)
from counter.services.seed import load_demo_data
from counter.services.synthetic import generate_history
from counter.settings import PROJECT_ROOT, get_settings

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday
DAY = timedelta(days=1)
DECIDED = T0 + 5 * DAY
PURGE_DUE = add_months(DECIDED, 12)  # the demo procedures used here keep 12 months
NOTE = "DRA_URBAN_INFORMATION_NOTE"
ACCESS = "DRA_ACCESS_INFO"
# What must disappear: the applicant's name (also in the e-mail address and a file name),
# the CIN, the mobile, and words typed into forms, messages and reasons.
APPLICANT = {"full_name": "Hassan Tamazirt", "cin": "ZT987654",
             "email": "hassan.tamazirt@example.ma", "mobile": "+212698765432"}
PERSON = {"person_name": "Mina Aitbaamrane", "person_cin": "JK445566",
          "person_mobile": "+212677001122"}
NEEDLES = ("Tamazirt", "ZT987654", "698765432", "Ouzzine", "Aitbaamrane", "JK445566",
           "677001122", "Amezrou")


@pytest.fixture
def world_session(any_engine: Engine, cheap_hashing, private_settings) -> Iterator[Session]:
    """The demo catalog on SQLite or PostgreSQL, files under tmp_path."""
    with Session(any_engine, expire_on_commit=False) as session:
        load_demo_data(session)
        session.commit()
        yield session


@dataclass
class World:
    citizen: Account
    online: int  # rejected after a complement request and its answer
    assisted: int  # filed at the counter for a person without an account, accepted
    access: int  # an access-to-information request, extended then accepted


def _agent(session: Session, service_code: str, email: str) -> Account:
    service = session.exec(select(Service).where(Service.code == service_code)).scalars().one()
    return create_staff(session, role="agent", full_name=f"Agent {service_code}", email=email,
                        password="Figuier de Barbarie 1987", service_id=service.id)


def _fill(session: Session, account: Account, dossier_id: int, values: dict[str, str]) -> None:
    for code, value in values.items():
        assert save_field(session, account=account, dossier_id=dossier_id, code=code,
                          value=value) is None, code


def closed_world(session: Session, received) -> World:
    """Three dossiers decided on DECIDED, with documents, messages, e-mails and notes."""
    citizen = register_citizen(session, password="Palmeraie de Skoura 2026", lang="fr",
                               **APPLICANT)
    urbanism = _agent(session, "DRA_URBANISM", "samira@urbanisme.example.ma")
    information = _agent(session, "DRA_COMM_INFO", "karim@communication.example.ma")
    session.commit()

    online = start_draft(session, account=citizen, procedure_code=NOTE)
    _fill(session, citizen, online.id, {"plot_location": "Douar Ouzzine, lot 12",
                                        "plot_area_m2": "1200", "province": "ouarzazate"})
    attach_document(session, account=citizen, dossier_id=online.id, doc_code="site_plan",
                    received=received("plan-Tamazirt.pdf"))
    submit_own(session, account=citizen, dossier_id=online.id, now=T0)
    take(session, agent=urbanism, dossier_id=online.id, version=online.version, now=T0 + DAY)
    request_information(session, agent=urbanism, dossier_id=online.id, version=online.version,
                        items=["doc:cadastral_plan"],
                        message="Le plan cadastral du lot d'Ouzzine, s'il vous plaît.",
                        now=T0 + 2 * DAY)
    attach_document(session, account=citizen, dossier_id=online.id, doc_code="cadastral_plan",
                    received=received("cadastre-Tamazirt.pdf"))
    answer_request(session, account=citizen, dossier_id=online.id,
                   message="Voici le plan du lot d'Ouzzine.", now=T0 + 3 * DAY)
    decide(session, agent=urbanism, dossier_id=online.id, version=online.version, accept=False,
           reason="Le lot d'Ouzzine est hors du périmètre.", now=DECIDED)
    session.commit()

    assisted = start_assisted(session, agent=urbanism, procedure_code=NOTE, lang="ar",
                              consent=True, now=T0, **PERSON)
    _fill(session, urbanism, assisted.id, {"plot_location": "Ksar Amezrou",
                                           "plot_area_m2": "800", "province": "zagora"})
    attach_document(session, account=urbanism, dossier_id=assisted.id, doc_code="site_plan",
                    received=received("plan-Aitbaamrane.pdf"))
    submit_own(session, account=urbanism, dossier_id=assisted.id, now=T0)
    take(session, agent=urbanism, dossier_id=assisted.id, version=assisted.version,
         now=T0 + DAY)
    decide(session, agent=urbanism, dossier_id=assisted.id, version=assisted.version,
           accept=True, reason="Retrait au guichet, Mina Aitbaamrane.", now=DECIDED)
    session.commit()

    access = start_draft(session, account=citizen, procedure_code=ACCESS)
    _fill(session, citizen, access.id, {"information_requested": "Le budget du douar Ouzzine",
                                        "delivery_format": "electronic"})
    submit_own(session, account=citizen, dossier_id=access.id, now=T0)
    take(session, agent=information, dossier_id=access.id, version=access.version,
         now=T0 + DAY)
    extend_deadline(session, agent=information, dossier_id=access.id, version=access.version,
                    reason="Les comptes d'Ouzzine sont aux archives.", now=T0 + 2 * DAY)
    decide(session, agent=information, dossier_id=access.id, version=access.version,
           accept=True, now=DECIDED)
    session.commit()
    return World(citizen, online.id, assisted.id, access.id)


def _rounded(value):  # noqa: ANN001, ANN202
    """Floats to 9 decimals: PostgreSQL's avg() adds in the rows' physical order, which an
    UPDATE changes, so a mean may differ in its 15th digit (the files publish 4)."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    return value


def published(session: Session, now: datetime) -> dict:
    """Everything the product publishes from the dossiers: indicators and open data."""
    report = compute_indicators(session, date_from=None, date_to=None, now=now)
    return {
        "indicators": _rounded(dataclasses.asdict(report)),
        "indicator_rows": indicator_rows(session, date_from=None, date_to=None),
        "dossier_rows": list(dossier_rows(session, date_from=None, date_to=None)),
        "indicators_csv": "".join(csv_chunks(INDICATOR_FIELDS, indicator_rows(
            session, date_from=None, date_to=None))),
        "dossiers_csv": "".join(csv_chunks(DOSSIER_FIELDS, dossier_rows(
            session, date_from=None, date_to=None))),
    }


def _is_text(column_type) -> bool:  # noqa: ANN001
    """Strings (SQLModel's AutoString decorates String), text and JSON."""
    return isinstance(getattr(column_type, "impl", column_type), String | Text | JSON)


def traces(session: Session, needles=NEEDLES, *, own_account: int | None = None) -> list:
    """Every text value of every table holding one of `needles` (the applicant's own account
    row aside: the account is theirs, not the dossier's)."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        columns = [c for c in table.c if _is_text(c.type)]
        for row in session.execute(select(table)).mappings():
            if table.name == "account" and row["id"] == own_account:
                continue
            for column in columns:
                value = row[column.name]
                value = (json.dumps(value, ensure_ascii=False)
                         if isinstance(column.type, JSON) else str(value or ""))
                hits = [needle for needle in needles if needle.lower() in value.lower()]
                if hits:
                    found.append((table.name, column.name, row.get("id"), hits))
    return found


def stored_files(world: World, session: Session) -> list[Path]:
    ids = [world.online, world.assisted, world.access]
    names = list(session.execute(select(Document.stored_name).where(
        col(Document.dossier_id).in_(ids))).scalars())
    for receipt, decision in session.execute(select(Dossier.receipt_name, Dossier.decision_name)
                                             .where(col(Dossier.id).in_(ids))):
        names += [receipt, decision]
    return [storage.private_path(name) for name in names if name]


def run(session: Session, now: datetime, **kwargs):
    report = run_retention(session, now=now, **kwargs)
    session.expire_all()
    return report


def warn_then_purge(session: Session) -> None:
    """The two runs of the applicant's timeline: the warning, then the purge 2 weeks on."""
    warned = run(session, PURGE_DUE - RETENTION_WARNING)
    assert warned.warned_closed == 3 and warned.purged == 0
    purged = run(session, PURGE_DUE)
    assert purged.purged == 3


# --- the anonymous record -----------------------------------------------------------------


def test_a_purge_leaves_the_indicators_and_the_open_data_exactly_as_they_were(
        world_session, received):
    session = world_session
    closed_world(session, received)
    # Some history around them, decided long before and after (anonymous already).
    generate_history(session, dossiers=3000, seed=9, now=T0 + 30 * DAY)
    session.commit()
    measured = T0 + 40 * DAY
    before = published(session, measured)
    assert len(before["dossier_rows"]) > 3 and before["indicators"]["paper"]["documents"] > 3

    for now in (PURGE_DUE - RETENTION_WARNING, PURGE_DUE, PURGE_DUE + 400 * DAY):
        run(session, now)
    assert session.execute(select(Dossier.id).where(
        col(Dossier.purged_at).is_not(None))).first() is not None

    assert published(session, measured) == before


def test_purged_dossiers_keep_no_name_cin_contact_form_data_message_mail_or_document(
        world_session, received):
    session = world_session
    world = closed_world(session, received)
    assert {hit[0] for hit in traces(session, own_account=world.citizen.id)} >= {
        "dossier", "document", "message", "outboxmessage", "statuschange"}
    files = stored_files(world, session)
    assert len(files) == 9 and all(path.exists() for path in files)  # 3 documents, 6 PDFs

    warn_then_purge(session)

    assert traces(session, own_account=world.citizen.id) == []
    assert not any(path.exists() for path in files)
    for dossier in session.execute(select(Dossier)).scalars():
        assert dossier.applicant_id is None and dossier.form_data == {}
        assert dossier.pin_hash is None and dossier.receipt_name is None
        assert dossier.decision_name is None and dossier.decision_note is None
        assert dossier.extension_reason is None and dossier.purged_at == PURGE_DUE
    assert session.execute(select(Message)).first() is None
    assert session.execute(select(OutboxMessage)).first() is None
    for document in session.execute(select(Document)).scalars():
        assert document.original_name == document.sha256 == ""
        assert document.stored_name == f"purged-{document.id}"
        assert document.uploaded_by_id is None and document.scan_status == "purged"
    # The applicant's account is theirs and stays; the counter's copy of it went.
    assert session.get(Account, world.citizen.id).cin == APPLICANT["cin"]


def test_the_audit_chain_still_verifies_after_a_purge_that_erased_its_notes(
        world_session, received):
    session = world_session
    closed_world(session, received)
    assert session.execute(select(StatusChange.id).where(
        col(StatusChange.note).is_not(None))).first() is not None
    assert verify_chain(session).ok

    warn_then_purge(session)

    assert session.execute(select(StatusChange.id).where(
        col(StatusChange.note).is_not(None))).first() is None
    report = verify_chain(session)
    assert report.ok, report
    assert report.checked == session.execute(text("SELECT count(*) FROM statuschange")).scalar()


def test_a_note_changed_or_erased_outside_a_purge_breaks_the_chain(world_session, received):
    session = world_session
    world = closed_world(session, received)
    entry = session.execute(select(StatusChange).where(
        StatusChange.dossier_id == world.online, col(StatusChange.note).is_not(None))
    ).scalars().first()
    original = entry.note

    def note(value: str | None) -> None:
        session.execute(text("UPDATE statuschange SET note = :note WHERE id = :id"),
                        {"id": entry.id, "note": value})
        session.expire_all()

    note("Rien ne manque.")
    assert verify_chain(session).reason == "entry content changed"
    note(None)
    report = verify_chain(session)
    assert (report.ok, report.broken_id, report.reason) == (
        False, entry.id, "note erased outside a purge")
    note(original)
    assert verify_chain(session).ok


# --- warnings -----------------------------------------------------------------------------


def test_the_applicant_is_warned_by_email_two_weeks_before_the_purge_and_only_once(
        world_session, received):
    session = world_session
    world = closed_world(session, received)

    assert run(session, PURGE_DUE - RETENTION_WARNING - timedelta(seconds=1)).warned_closed == 0
    first = run(session, PURGE_DUE - RETENTION_WARNING)
    again = run(session, PURGE_DUE - RETENTION_WARNING + DAY)

    assert (first.warned_closed, first.mails, again.warned_closed, again.mails) == (3, 2, 0, 0)
    mails = session.execute(select(OutboxMessage).where(
        OutboxMessage.kind == "data_deletion")).scalars().all()
    assert sorted(m.dossier_id for m in mails) == sorted([world.online, world.access])
    assert all(m.to_address == APPLICANT["email"] for m in mails)
    online = next(m for m in mails if m.dossier_id == world.online)
    assert PURGE_DUE.strftime("%d/%m/%Y") in online.subject
    assert "loi 09-08" in online.body and "/track?code=" in online.body
    # The person filed for at the counter has no e-mail: warned all the same (no mail).
    for dossier_id in (world.online, world.assisted, world.access):
        assert session.get(Dossier, dossier_id).retention_warned_at == \
            PURGE_DUE - RETENTION_WARNING
    # Nothing is deleted before its day.
    assert run(session, PURGE_DUE - timedelta(seconds=1)).purged == 0
    assert run(session, PURGE_DUE).purged == 3


def test_a_late_warning_still_gives_two_weeks_before_the_purge(world_session, received):
    session = world_session
    closed_world(session, received)
    late = PURGE_DUE + 30 * DAY  # the job had not run for a month

    warned = run(session, late)
    assert (warned.warned_closed, warned.purged) == (3, 0)
    assert run(session, late + RETENTION_WARNING - timedelta(seconds=1)).purged == 0
    assert run(session, late + RETENTION_WARNING).purged == 3


def test_the_retention_is_the_dossiers_copy_of_its_procedure_at_filing(world_session,
                                                                       received):
    session = world_session
    world = closed_world(session, received)
    procedure = session.execute(select(Procedure).where(Procedure.code == NOTE)).scalars().one()
    procedure.retention_months = 48  # edited after filing: filed dossiers keep 12
    session.add(procedure)
    session.commit()
    assert session.get(Dossier, world.online).form_schema["retention_months"] == 12

    steps = {(d.dossier_id, d.action) for d in retention_due(
        session, now=PURGE_DUE - RETENTION_WARNING)}

    assert steps == {(world.online, "warn_closed"), (world.assisted, "warn_closed"),
                     (world.access, "warn_closed")}


def test_a_withdrawn_dossier_is_purged_its_retention_after_the_withdrawal(
        world_session, received):
    session = world_session
    citizen = register_citizen(session, password="Palmeraie de Skoura 2026", **APPLICANT)
    dossier = start_draft(session, account=citizen, procedure_code=NOTE)
    _fill(session, citizen, dossier.id, {"plot_location": "Douar Ouzzine",
                                         "plot_area_m2": "300", "province": "midelt"})
    attach_document(session, account=citizen, dossier_id=dossier.id, doc_code="site_plan",
                    received=received("plan-Tamazirt.pdf"))
    submit_own(session, account=citizen, dossier_id=dossier.id)
    withdraw(session, account=citizen, dossier_id=dossier.id, note="Ouzzine: plus besoin.")
    session.commit()
    withdrawn_at = session.get(Dossier, dossier.id).updated_at
    due = add_months(withdrawn_at, 12)

    assert run(session, due - RETENTION_WARNING - DAY).warned_closed == 0
    assert run(session, due - RETENTION_WARNING).warned_closed == 1
    assert run(session, due).purged == 1
    assert traces(session, own_account=citizen.id) == []
    assert verify_chain(session).ok


# --- drafts -------------------------------------------------------------------------------


def _draft(session: Session, received, at: datetime) -> tuple[Account, Dossier, Path]:
    citizen = register_citizen(session, password="Palmeraie de Skoura 2026", **APPLICANT)
    dossier = start_draft(session, account=citizen, procedure_code=NOTE)
    _fill(session, citizen, dossier.id, {"plot_location": "Douar Ouzzine"})
    document = attach_document(session, account=citizen, dossier_id=dossier.id,
                               doc_code="site_plan", received=received("plan-Tamazirt.pdf"))
    session.commit()
    session.execute(text("UPDATE dossier SET updated_at = :at, created_at = :at WHERE id = :id"),
                    {"at": at, "id": dossier.id})
    session.commit()
    session.expire_all()
    return citizen, dossier, storage.private_path(document.stored_name)


def test_a_draft_untouched_for_three_months_expires_with_its_files_and_not_before(
        world_session, received):
    session = world_session
    citizen, draft, file = _draft(session, received, T0)
    draft_id, expires = draft.id, add_months(T0, 3)

    assert run(session, expires - RETENTION_WARNING - timedelta(seconds=1)).warned_drafts == 0
    warned = run(session, expires - RETENTION_WARNING)
    assert (warned.warned_drafts, warned.mails) == (1, 1)
    mail = session.execute(select(OutboxMessage).where(
        OutboxMessage.kind == "draft_expiring")).scalars().one()
    assert expires.strftime("%d/%m/%Y") in mail.subject and mail.body.rstrip().endswith(
        "Ce message est envoyé automatiquement : merci de ne pas y répondre.")
    assert "/dossiers" in mail.body
    assert run(session, expires - RETENTION_WARNING + DAY).warned_drafts == 0  # once
    assert run(session, expires - timedelta(seconds=1)).expired_drafts == 0
    assert session.get(Dossier, draft_id) is not None and file.exists()

    expired = run(session, expires)

    assert (expired.expired_drafts, expired.files_removed) == (1, 1)
    assert session.get(Dossier, draft_id) is None and not file.exists()
    assert session.execute(select(Document).where(Document.dossier_id == draft_id)).first() \
        is None
    assert traces(session, own_account=citizen.id) == []


def test_a_draft_touched_after_its_warning_is_kept_and_warned_anew(world_session, received):
    session = world_session
    citizen, draft, file = _draft(session, received, T0)
    expires = add_months(T0, 3)
    assert run(session, expires - RETENTION_WARNING).warned_drafts == 1

    touched = expires - DAY  # the applicant comes back the day before
    session.execute(text("UPDATE dossier SET updated_at = :at, version = version + 1 "
                         "WHERE id = :id"), {"at": touched, "id": draft.id})
    session.commit()

    assert run(session, expires + RETENTION_WARNING).expired_drafts == 0
    assert file.exists()
    later = add_months(touched, 3)
    assert run(session, later - RETENTION_WARNING).warned_drafts == 1
    assert run(session, later).expired_drafts == 1 and not file.exists()


# --- several workers, the command line ----------------------------------------------------


def test_two_workers_at_once_purge_each_dossier_once(world_session, any_engine, received):
    session = world_session
    closed_world(session, received)
    run(session, PURGE_DUE - RETENTION_WARNING)
    reports, errors = [], []
    barrier = threading.Barrier(2)

    def worker() -> None:
        try:
            with Session(any_engine, expire_on_commit=False) as own:
                barrier.wait(timeout=10)
                reports.append(run_retention(own, now=PURGE_DUE))
        except BaseException as error:  # noqa: BLE001 - asserted below
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert sum(report.purged for report in reports) == 3
    assert sum(report.failed_batches for report in reports) == 0
    session.expire_all()
    assert verify_chain(session).ok
    assert run(session, PURGE_DUE + DAY).purged == 0


def counter_command(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"COUNTER_DATA_DIR": str(data_dir), "PATH": os.environ.get("PATH", "/usr/bin")}
    return subprocess.run([sys.executable, "-m", "counter", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_purge_command_previews_with_dry_run_then_purges(tmp_path, monkeypatch,
                                                            cheap_hashing):
    data_dir = tmp_path / "data"
    monkeypatch.setenv("COUNTER_DATA_DIR", str(data_dir))
    for name in ("REFLEX_DB_URL", "COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD", "COUNTER_SMTP_HOST",
                 "COUNTER_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    assert counter_command(data_dir, "migrate").returncode == 0
    engine = make_engine(f"sqlite:///{data_dir / 'counter.db'}")
    try:
        with Session(engine, expire_on_commit=False) as session:
            load_demo_data(session)
            session.commit()
            world = closed_world(session, _receiver(get_settings()))
            # Decided 13 months ago and warned a month ago: due now.
            now = datetime.now(UTC)
            session.execute(text("UPDATE dossier SET decided_at = :decided, "
                                 "retention_warned_at = :warned"),
                            {"decided": add_months(now, -13), "warned": now - 30 * DAY})
            session.commit()
            files = stored_files(world, session)
        assert all(path.exists() for path in files)

        preview = counter_command(data_dir, "purge", "--dry-run")
        assert preview.returncode == 0, preview.stderr
        assert "Dry run, nothing changed" in preview.stdout
        assert "purge 3 dossier(s)" in preview.stdout
        assert all(path.exists() for path in files)
        refused = counter_command(data_dir, "purge", "--now", "2030-01-01")
        assert refused.returncode == 2 and "--dry-run" in refused.stderr

        done = counter_command(data_dir, "purge")
        assert done.returncode == 0, done.stderr
        assert "purged 3 dossier(s)" in done.stdout and "9 file(s) deleted" in done.stdout
        assert not any(path.exists() for path in files)
        assert "purged 0 dossier(s)" in counter_command(data_dir, "purge").stdout
        verified = counter_command(data_dir, "audit", "verify")
        assert verified.returncode == 0, verified.stderr
    finally:
        engine.dispose()
        get_settings.cache_clear()


def _receiver(settings):
    """The `received` fixture's upload, for a test that sets up its own data folder."""
    import asyncio
    import io

    from reportlab.pdfgen import canvas

    from counter.services.documents import receive_upload

    def receive(name: str):
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer)
        pdf.drawString(72, 720, name)
        pdf.showPage()
        pdf.save()
        stream = io.BytesIO(buffer.getvalue())

        async def read(size: int) -> bytes:
            return stream.read(size)

        return asyncio.run(receive_upload(read, original_name=name, settings=settings))

    return receive


# --- migration 0009 -----------------------------------------------------------------------


def _old_hash(prev: str, entry_id: int, dossier_id: int, at: datetime, note: str | None,
              from_status: str | None, to_status: str) -> str:
    """The chain's formula up to 0008: over the note itself."""
    payload = json.dumps([prev, entry_id, dossier_id, None, at.isoformat(timespec="microseconds"),
                          from_status, to_status, note or ""], ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _chain_at_0008(url: str, *, tamper: bool = False) -> None:
    command.upgrade(alembic_config(url), "0008")
    engine = make_engine(url)
    steps = [(None, "submitted", None), ("submitted", "in_review", None),
             ("in_review", "info_requested", "Le plan d'Ouzzine"),
             ("info_requested", "in_review", None), ("in_review", "rejected", "Hors périmètre")]
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO region (id, code, name_fr, name_ar, name_en) VALUES "
                          "(1, 'DRA', 'D', 'د', 'D')"))
        conn.execute(text("INSERT INTO service (id, code, region_id, name_fr, name_ar, name_en, "
                          "is_active, created_at) VALUES (1, 'S', 1, 's', 's', 's', true, :at)"),
                     {"at": T0})
        conn.execute(text(
            "INSERT INTO procedure (id, code, service_id, audience, name_fr, name_ar, name_en, "
            "description_fr, description_ar, description_en, legal_deadline_days, "
            "deadline_unit, complement_clock, silence_acceptance, retention_months, "
            "processing_purpose, legal_basis, target_reduction_pct, is_investment, documents, "
            "fields, is_active, created_at, updated_at) VALUES (1, 'P', 1, 'both', 'p', 'p', "
            "'p', '', '', '', 30, 'calendar', 'resume', false, 12, '{}', '{}', 50, false, "
            "'[]', '[]', true, :at, :at)"), {"at": T0})
        conn.execute(text(
            "INSERT INTO dossier (id, procedure_id, service_id, status, channel, lang, "
            "form_schema, form_data, created_at, updated_at, applicant_wait_seconds, "
            "urgent, complement_items, accepted_by_silence, version, submitted_at, "
            "decided_at, calendar_days, admin_days) VALUES (1, 1, 1, 'rejected', 'online', "
            "'fr', '{}', '{}', :at, :at, 0, false, '[]', false, 1, :at, :at, 0, 0)"),
            {"at": T0})
        prev = ""
        for number, (source, target, note) in enumerate(steps, start=1):
            at = T0 + number * DAY
            entry_hash = _old_hash(prev, number, 1, at, note, source, target)
            conn.execute(text(
                "INSERT INTO statuschange (id, dossier_id, at, from_status, to_status, note, "
                "prev_hash, entry_hash) VALUES (:id, 1, :at, :f, :t, :note, :prev, :hash)"),
                {"id": number, "at": at, "f": source, "t": target, "note": note, "prev": prev,
                 "hash": entry_hash})
            prev = entry_hash
        conn.execute(text("UPDATE audithead SET last_id = 5, last_hash = :h"), {"h": prev})
        if tamper:
            conn.execute(text("UPDATE statuschange SET note = 'Complet' WHERE id = 3"))
    engine.dispose()


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_0009_gives_each_entry_its_note_digest_and_rechains_once(database, tmp_path, request):
    url = (f"sqlite:///{tmp_path / 'old.db'}" if database == "sqlite"
           else request.getfixturevalue("empty_pg_url"))
    _chain_at_0008(url)

    upgrade_to_head(url)

    engine = make_engine(url)
    with Session(engine) as session:
        assert verify_chain(session).ok
        digests = dict(session.execute(select(StatusChange.id, StatusChange.note_sha256)).all())
        assert digests[3] == hashlib.sha256(b"Le plan d'Ouzzine").hexdigest()
        assert digests[1] == hashlib.sha256(b"").hexdigest()
    engine.dispose()
    # Undone and redone, the chain still holds.
    command.downgrade(alembic_config(url), "0008")
    upgrade_to_head(url)
    engine = make_engine(url)
    with Session(engine) as session:
        assert verify_chain(session).ok
    engine.dispose()


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_0009_refuses_to_rechain_a_broken_trail_and_changes_nothing(database, tmp_path,
                                                                    request):
    url = (f"sqlite:///{tmp_path / 'old.db'}" if database == "sqlite"
           else request.getfixturevalue("empty_pg_url"))
    _chain_at_0008(url, tamper=True)

    with pytest.raises(RuntimeError, match="audit chain broken at entry 3"):
        upgrade_to_head(url)

    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0008"
        assert "note_sha256" not in {c["name"] for c in inspect(conn).get_columns(
            "statuschange")}
    engine.dispose()
