"""Background jobs that exactly one runner takes at a time.

Mail, silence acceptance, retention (with its warnings two weeks ahead), the purge of old
throttling records and sessions, the removal of crash leftovers and the due dates' refresh
after a holiday correction each have a row in `job`: when it is next due, how often it ran,
how often it failed. Any number of runners may be started (the in-app runner of each server
worker, `python -m counter jobs` on any machine); a runner takes a due job by locking its row:

- on PostgreSQL with a transaction-level advisory lock on the job's name
  (pg_try_advisory_xact_lock), held for as long as the job runs. Another runner does not
  wait: it skips the job and goes on to the next one. The job's next due time is committed
  before the lock is released, so it runs once per due time. A runner that crashes loses
  its connection and with it the lock: the next runner takes the job over. The row itself
  is never locked for long, so making a job due (`run_soon`, e.g. after a holiday
  correction) never waits for a run; a run that was going on is followed by another.
- on SQLite (the embedded, single-process default) one runner per data folder holds a file
  lock; the others do nothing.

A job that fails is retried with backoff (1 minute, doubling, at most its interval or an
hour, whichever is longer) and its failure counted (`failures_total`, for the metrics).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from sqlalchemy import Engine, case, func, literal
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select, update

from counter.models import Job, utcnow
from counter.settings import get_settings

logger = logging.getLogger("counter.jobs")

TICK_SECONDS = 5.0
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)


@dataclass(frozen=True)
class JobSpec:
    name: str
    interval: timedelta
    run: Callable[[], object]


@dataclass(frozen=True)
class Outcome:
    name: str
    due: datetime
    error: str | None = None


# --- the product's jobs ---------------------------------------------------------------------


def _mail() -> object:
    from counter.services.mail import deliver_round

    return deliver_round()


def _silence() -> object:
    from counter.services.silence import accept_round

    return accept_round()


def _retention() -> object:
    from counter.db import session_scope
    from counter.services.retention import run_retention

    with session_scope() as session:
        return run_retention(session)


def _purge() -> object:
    from counter.db import session_scope
    from counter.services.housekeeping import purge

    with session_scope() as session:
        return purge(session)


def _orphans() -> object:
    from counter.db import session_scope
    from counter.services.storage import remove_orphans

    grace = timedelta(minutes=get_settings().orphan_grace_minutes)
    with session_scope() as session:
        removed = remove_orphans(session, older_than=grace)
    if removed:
        logger.info("orphans: %s leftover file(s) removed", len(removed))
    return removed


def _due_dates() -> object:
    from counter.db import session_scope
    from counter.services.deadlines import refresh_due_dates

    with session_scope() as session:
        return refresh_due_dates(session)


def product_jobs() -> tuple[JobSpec, ...]:
    """The product's jobs and how often each is due."""
    grace = timedelta(minutes=get_settings().orphan_grace_minutes)
    return (
        JobSpec("mail", timedelta(seconds=30), _mail),
        JobSpec("silence", timedelta(minutes=5), _silence),
        JobSpec("retention", timedelta(days=1), _retention),
        JobSpec("purge", timedelta(hours=1), _purge),
        # Half the grace period: a leftover goes at most one and a half grace periods after
        # its crash.
        JobSpec("orphans", max(grace / 2, timedelta(minutes=1)), _orphans),
        JobSpec("due_dates", timedelta(days=1), _due_dates),
    )


# --- the schedule -----------------------------------------------------------------------------


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def retry_delay(failures: int, interval: timedelta) -> timedelta:
    """1 minute after the first failure, then doubling, at most max(interval, 1 hour)."""
    return min(FIRST_RETRY * 2 ** max(failures - 1, 0), max(interval, LONGEST_RETRY))


def next_due(due: datetime, interval: timedelta, now: datetime) -> datetime:
    """The first due time after `now` on the job's beat (a runner down for a while does not
    run the missed rounds one after another)."""
    missed = max(int((now - due) / interval), 0)
    return due + interval * (missed + 1)


def ensure_schedule(engine: Engine, specs: Sequence[JobSpec], now: datetime) -> None:
    """A row for each job, due now, unless it has one (safe when runners start together)."""
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(Job).values([
        {"name": spec.name, "next_run_at": now, "runs": 0, "failures": 0, "failures_total": 0}
        for spec in specs]).on_conflict_do_nothing(index_elements=["name"])
    with Session(engine) as session:
        session.exec(statement)  # type: ignore[call-overload]
        session.commit()


def run_soon(session: Session, name: str, *, now: datetime | None = None) -> None:
    """Make a job due now (in the caller's transaction): e.g. the due dates after a holiday
    correction. A job without its row yet is due at the runner's first round anyway."""
    session.exec(update(Job).where(col(Job.name) == name)  # type: ignore[call-overload]
                 .values(next_run_at=now or utcnow()))


def failure_counts(session: Session) -> dict[str, int]:
    """Failures of each job since the installation (for the metrics)."""
    return {row.name: row.failures_total for row in session.exec(select(Job)).all()}


# The advisory locks' first key: the product's jobs ("cjob"); the second is the job's name.
LOCK_CLASS = 0x636A6F62
NEXT_RUN_TYPE = Job.__table__.c.next_run_at.type  # type: ignore[attr-defined]


@contextmanager
def _claimed(engine: Engine, name: str, now: datetime) -> Iterator[Job | None]:
    """The job's row (as read) if it is due and no other runner holds it; held until the
    block ends.

    On PostgreSQL the hold is a transaction-level advisory lock on the job's name, so the
    row itself stays free: making a job due (run_soon) never waits for it to finish. On
    SQLite the read ends before the job runs (a transaction held open across the job's own
    writes could not write afterwards); the runner's file lock is the only lock.
    """
    with Session(engine, expire_on_commit=False) as session:
        if engine.dialect.name == "postgresql":
            held = session.exec(select(func.pg_try_advisory_xact_lock(  # type: ignore[call-overload]
                LOCK_CLASS, func.hashtext(name)))).one()
            if not held:
                yield None
                return
        row = session.exec(select(Job).where(col(Job.name) == name,
                                             col(Job.next_run_at) <= now)).first()
        if row is not None:
            session.expunge(row)
        if engine.dialect.name != "postgresql" or row is None:
            session.rollback()
        yield row
        session.commit()  # PostgreSQL: releases the lock


def _record(engine: Engine, spec: JobSpec, claimed: Job, *, runner: str, now: datetime,
            finished: datetime, error: str | None) -> None:
    """The outcome and the next due time, unless the job was made due again meanwhile."""
    due = claimed.next_run_at
    if error is None:
        values = {"runs": Job.runs + 1, "failures": 0}
        after = next_due(due, spec.interval, now)
    else:
        values = {"failures": Job.failures + 1, "failures_total": Job.failures_total + 1}
        after = now + retry_delay(claimed.failures + 1, spec.interval)
    statement = update(Job).where(col(Job.name) == spec.name).values(
        last_started_at=now, last_finished_at=finished, last_runner=runner, last_error=error,
        next_run_at=case((col(Job.next_run_at) == due, literal(after, NEXT_RUN_TYPE)),
                         else_=col(Job.next_run_at)),
        **values)
    with Session(engine) as session:
        session.exec(statement)  # type: ignore[call-overload]
        session.commit()


def run_due(engine: Engine, specs: Sequence[JobSpec], *, runner: str | None = None,
            now: datetime | None = None, clock: Callable[[], datetime] = utcnow
            ) -> list[Outcome]:
    """One round: every due job that no other runner holds, run once, its next due time and
    outcome written before the hold ends. Returns what this runner ran."""
    now = now or clock()
    runner = runner or runner_name()
    ensure_schedule(engine, specs, now)
    outcomes: list[Outcome] = []
    for spec in specs:
        with _claimed(engine, spec.name, now) as claimed:
            if claimed is None:
                continue
            error = None
            started = time.monotonic()
            try:
                spec.run()
            except Exception as failure:  # noqa: BLE001 - recorded, retried, never fatal
                error = f"{type(failure).__name__}: {failure}"[:500]
                logger.exception("job %s failed", spec.name)
            _record(engine, spec, claimed, runner=runner, now=now, finished=clock(),
                    error=error)
            logger.debug("job %s ran in %.2f s", spec.name, time.monotonic() - started)
            outcomes.append(Outcome(spec.name, claimed.next_run_at, error))
    return outcomes


class RunnerLock:
    """On SQLite, one job runner per data folder: several app workers share the database
    but SQLite has no row locks to share the jobs out, so two of them could send the same
    message or draw the same attestation."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        if self._handle is not None:
            return True
        try:
            import fcntl
        except ImportError:  # not POSIX: a single worker is assumed
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


# --- the runners --------------------------------------------------------------------------------


def run_round(lock: RunnerLock | None = None) -> list[Outcome]:
    """One round of the product's jobs on the product's database."""
    from counter.db import get_engine

    settings = get_settings()
    if settings.is_sqlite:
        lock = lock or RunnerLock(settings.data_dir / "jobs.lock")
        if not lock.acquire():
            return []  # another process of this data folder is the runner
    return run_due(get_engine(), product_jobs())


def run_forever(*, tick_seconds: float = TICK_SECONDS, once: bool = False) -> None:
    """`python -m counter jobs`: a dedicated runner, in the foreground."""
    lock = RunnerLock(get_settings().data_dir / "jobs.lock")
    try:
        while True:
            try:
                run_round(lock)
            except Exception:
                logger.exception("jobs round failed")
            if once:
                return
            time.sleep(tick_seconds)
    finally:
        lock.release()


async def jobs_loop(tick_seconds: float = TICK_SECONDS) -> None:
    """The in-app runner of each server worker (unless COUNTER_JOBS=external)."""
    if get_settings().jobs_mode != "app":
        return
    lock = RunnerLock(get_settings().data_dir / "jobs.lock")
    try:
        while True:
            try:
                await asyncio.to_thread(run_round, lock)
            except Exception:
                logger.exception("jobs round failed")
            await asyncio.sleep(tick_seconds)
    finally:
        lock.release()
