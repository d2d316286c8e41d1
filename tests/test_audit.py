"""The audit trail (SECURITY 22): `python -m counter audit verify` finds an edited or deleted
entry, and concurrent transitions never fork the chain."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from passlib.context import CryptContext
from reportlab.pdfgen import canvas
from sqlalchemy import Engine, text
from sqlmodel import Session, func, select

from counter import security
from counter.db import make_engine
from counter.domain.lifecycle import Actor, Status
from counter.models import Account, AuditHead, Dossier, Procedure, Service, StatusChange
from counter.services import dossiers
from counter.services.accounts import create_staff
from counter.services.audit import append_transition, verify_chain
from counter.services.documents import receive_upload
from counter.services.dossiers import (
    answer_request,
    attach_document,
    save_field,
    start_draft,
    submit_own,
    transition,
)
from counter.services.review import decide, request_information, take
from counter.services.seed import load_demo_data
from counter.settings import PROJECT_ROOT, Settings, get_settings

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
CHEAP_HASHING = CryptContext(
    schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1
)
NOTE = "DRA_URBAN_INFORMATION_NOTE"
NOTE_VALUES = {"plot_location": "Douar Tizgui", "plot_area_m2": "1200", "province": "ouarzazate"}


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "_context", CHEAP_HASHING)
    monkeypatch.setattr(dossiers, "_DUMMY_PIN_HASH", CHEAP_HASHING.hash("000000-no-such-dossier"))


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder the command line and this process share (database and files)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("COUNTER_DATA_DIR", str(folder))
    for name in ("REFLEX_DB_URL", "COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD", "COUNTER_SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def counter_command(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"COUNTER_DATA_DIR": str(data_dir), "PATH": os.environ.get("PATH", "/usr/bin")}
    return subprocess.run([sys.executable, "-m", "counter", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def upload(settings: Settings, name: str):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, name)
    pdf.showPage()
    pdf.save()
    stream = io.BytesIO(buffer.getvalue())

    async def read(size: int) -> bytes:
        return stream.read(size)

    return asyncio.run(receive_upload(read, original_name=f"{name}.pdf", settings=settings))


def _filed(session: Session, citizen: Account) -> Dossier:
    dossier = start_draft(session, account=citizen, procedure_code=NOTE)
    for code, value in NOTE_VALUES.items():
        save_field(session, account=citizen, dossier_id=dossier.id, code=code, value=value)
    attach_document(session, account=citizen, dossier_id=dossier.id, doc_code="site_plan",
                    received=upload(get_settings(), "site_plan"))
    submit_own(session, account=citizen, dossier_id=dossier.id, now=T0)
    session.commit()
    return dossier


@pytest.fixture
def chain(data_dir: Path) -> Iterator[Engine]:
    """A database migrated by the command line, with 8 transitions made by the services:
    1 submit A, 2 submit B, 3 take A, 4 take B, 5 request A, 6 reject B, 7 answer A, 8 accept A.
    """
    result = counter_command(data_dir, "migrate")
    assert result.returncode == 0, result.stderr
    engine = make_engine(f"sqlite:///{data_dir / 'counter.db'}")
    with Session(engine, expire_on_commit=False) as session:
        load_demo_data(session)
        session.flush()
        urbanism = session.exec(select(Service.id).where(Service.code == "DRA_URBANISM")).one()
        agent = create_staff(session, role="agent", full_name="Samira Oulhaj",
                             email="samira@urbanisme.example.ma",
                             password="Figuier de Barbarie 1987", service_id=urbanism)
        citizen = session.exec(select(Account).where(Account.role == "citizen")).one()
        session.commit()
        a, b = _filed(session, citizen), _filed(session, citizen)
        for dossier in (a, b):
            take(session, agent=agent, dossier_id=dossier.id, version=dossier.version,
                 now=T0 + DAY)
            session.commit()
        request_information(session, agent=agent, dossier_id=a.id, version=a.version,
                            items=["field:plot_location"],
                            message="Précisez le lieu, s'il vous plaît.", now=T0 + 2 * DAY)
        session.commit()
        decide(session, agent=agent, dossier_id=b.id, version=b.version, accept=False,
               reason="Parcelle hors périmètre.", now=T0 + 2 * DAY)
        session.commit()
        answer_request(session, account=citizen, dossier_id=a.id, message="Joint.",
                       now=T0 + 3 * DAY)
        session.commit()
        decide(session, agent=agent, dossier_id=a.id, version=a.version, accept=True,
               now=T0 + 4 * DAY)
        session.commit()
        assert [e.to_status for e in session.exec(
            select(StatusChange).order_by(StatusChange.id)).all()] == [
            "submitted", "submitted", "in_review", "in_review", "info_requested", "rejected",
            "in_review", "accepted"]
    yield engine
    engine.dispose()


def sql(engine: Engine, statement: str, **params) -> None:
    with engine.begin() as conn:
        conn.execute(text(statement), params)


def verify(data_dir: Path) -> subprocess.CompletedProcess:
    return counter_command(data_dir, "audit", "verify")


def assert_whole(data_dir: Path) -> None:
    result = verify(data_dir)
    assert result.returncode == 0, result.stderr
    assert "whole" in result.stdout and "8 entries" in result.stdout


def assert_broken(data_dir: Path, entry_id: int, reason: str) -> None:
    result = verify(data_dir)
    assert result.returncode == 1, result.stdout
    assert f"BROKEN at entry {entry_id}:" in result.stderr
    assert reason in result.stderr


def test_security_22_an_edited_entry_is_found_and_named(chain, data_dir):
    assert_whole(data_dir)

    with chain.connect() as conn:
        original = conn.execute(text("SELECT note FROM statuschange WHERE id = 5")).scalar_one()
    sql(chain, "UPDATE statuschange SET note = :note WHERE id = 5",
        note="Rien ne manque, le dossier est complet.")
    assert_broken(data_dir, 5, "entry content changed")

    sql(chain, "UPDATE statuschange SET note = :note WHERE id = 5", note=original)
    assert_whole(data_dir)

    # Any other column: who, when, the statuses.
    sql(chain, "UPDATE statuschange SET to_status = 'accepted' WHERE id = 6")
    assert_broken(data_dir, 6, "entry content changed")


def test_security_22_a_deleted_middle_entry_is_found(chain, data_dir):
    sql(chain, "DELETE FROM statuschange WHERE id = 4")

    assert_broken(data_dir, 5, "previous entry missing or changed")


def test_security_22_a_deleted_newest_entry_is_found_by_the_head(chain, data_dir):
    sql(chain, "DELETE FROM statuschange WHERE id = 8")

    assert_broken(data_dir, 8, "newest entries missing")


# --- concurrency --------------------------------------------------------------------------

ROUNDS = 12


def _two_open_dossiers(engine: Engine) -> tuple[list[int], int]:
    with Session(engine) as session:
        load_demo_data(session)
        session.flush()
        procedure = session.exec(select(Procedure).where(Procedure.code == NOTE)).one()
        agent = create_staff(session, role="agent", full_name="Samira Oulhaj",
                             email="samira@urbanisme.example.ma",
                             password="Figuier de Barbarie 1987",
                             service_id=procedure.service_id)
        made = [Dossier(procedure_id=procedure.id, service_id=procedure.service_id,
                        status="in_review") for _ in range(2)]
        session.add_all(made)
        session.commit()
        return [d.id for d in made], agent.id


def _run_in_two_threads(work) -> list[BaseException]:
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        barrier.wait(timeout=10)
        try:
            work(index)
        except BaseException as error:  # noqa: BLE001 - asserted by the caller
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def assert_one_chain(engine: Engine, expected: int) -> None:
    with Session(engine) as session:
        report = verify_chain(session)
        assert report.ok, report
        assert report.checked == expected
        # No fork: every entry follows a different predecessor.
        distinct = session.exec(select(func.count(func.distinct(StatusChange.prev_hash)))).one()
        assert distinct == expected
        head = session.get(AuditHead, 1)
        assert head.last_id == session.exec(select(func.max(StatusChange.id))).one()


def test_concurrent_transitions_keep_one_chain(any_engine):
    """Two agents working at once (each transition in its own transaction)."""
    dossier_ids, agent_id = _two_open_dossiers(any_engine)

    def work(index: int) -> None:
        for n in range(ROUNDS):
            with Session(any_engine) as session:
                dossier = session.get(Dossier, dossier_ids[index])
                agent = session.get(Account, agent_id)
                if n % 2 == 0:
                    transition(session, dossier, actor=agent, as_actor=Actor.AGENT,
                               to_status=Status.INFO_REQUESTED, note=f"Demande {n}")
                else:
                    transition(session, dossier, actor=None, as_actor=Actor.APPLICANT,
                               to_status=Status.IN_REVIEW)
                session.commit()

    assert _run_in_two_threads(work) == []
    assert_one_chain(any_engine, 2 * ROUNDS)


def test_an_append_waits_for_the_one_in_progress(any_engine, request):
    """Two appends, each the first write of its transaction: the second starts while the
    first is not yet committed, and must link to it once it is."""
    dossier_ids, _ = _two_open_dossiers(any_engine)
    with Session(any_engine) as first:
        append_transition(first, dossier_id=dossier_ids[0], actor_id=None,
                          from_status="in_review", to_status="in_review")
        second_done = threading.Event()
        errors: list[BaseException] = []

        def second_append() -> None:
            try:
                with Session(any_engine) as second:
                    append_transition(second, dossier_id=dossier_ids[1], actor_id=None,
                                      from_status="in_review", to_status="in_review")
                    second.commit()
            except BaseException as error:  # noqa: BLE001 - asserted below
                errors.append(error)
            finally:
                second_done.set()

        thread = threading.Thread(target=second_append)
        thread.start()
        # The second append is now blocked on the first one's lock.
        assert not second_done.wait(0.5)
        first.commit()
    thread.join(timeout=60)

    assert errors == []
    assert_one_chain(any_engine, 2)
