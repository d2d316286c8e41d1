"""Background jobs that exactly one runner takes at a time (issue 14, point 2): two runners
against one PostgreSQL run each job once per due time, a crashed runner's job is taken over,
a failing job is retried with backoff and its failures counted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta

from sqlmodel import Session, select

from counter import db
from counter.models import Job
from counter.services import jobs
from counter.services.jobs import JobSpec, RunnerLock, next_due, retry_delay, run_due

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
NAMES = ("mail", "silence", "retention", "purge", "orphans", "due_dates")


def rows(engine) -> dict[str, Job]:
    with Session(engine) as session:
        return {row.name: row for row in session.exec(select(Job)).all()}


def test_two_runners_on_one_postgres_run_each_job_once_per_due_time(pg_url):
    ran: list[tuple[str, str, datetime]] = []
    lock = threading.Lock()
    step = {"now": T0}

    def job(name: str, runner: str):
        def run() -> None:
            with lock:
                ran.append((name, runner, step["now"]))
            time.sleep(0.05)  # long enough for the other runner to meet the lock
        return run

    engines = {runner: db.make_engine(pg_url) for runner in ("a", "b")}
    specs = {runner: [JobSpec(name, timedelta(minutes=1 if name == "mail" else 5),
                              job(name, runner)) for name in NAMES] for runner in engines}
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def runner(name: str) -> None:
        try:
            for minute in range(11):
                barrier.wait()
                if name == "a":
                    step["now"] = T0 + timedelta(minutes=minute)
                barrier.wait()
                run_due(engines[name], specs[name], runner=name, now=step["now"])
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=runner, args=(name,)) for name in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    try:
        assert not errors
        per_due = {}
        for name, _, at in ran:
            per_due[(name, at)] = per_due.get((name, at), 0) + 1
        # Due at T0, then every minute (mail) or five minutes (the others): once each.
        expected = {("mail", T0 + timedelta(minutes=m)) for m in range(11)} | {
            (name, T0 + timedelta(minutes=m)) for name in NAMES if name != "mail"
            for m in (0, 5, 10)}
        assert set(per_due) == expected
        assert set(per_due.values()) == {1}
        # Both runners took work: a held job is skipped, not waited for.
        assert {runner for _, runner, _ in ran} == {"a", "b"}
        schedule = rows(engines["a"])
        assert schedule["mail"].runs == 11 and schedule["purge"].runs == 3
        assert schedule["mail"].next_run_at == T0 + timedelta(minutes=11)
    finally:
        for engine in engines.values():
            engine.dispose()


CRASHING_RUNNER = textwrap.dedent("""
    import sys, time
    from datetime import timedelta
    from counter.db import make_engine
    from counter.services.jobs import JobSpec, run_due

    def hang():
        print("running", flush=True)
        time.sleep(600)

    run_due(make_engine(sys.argv[1]), [JobSpec("purge", timedelta(hours=1), hang)],
            runner="doomed")
""")


def test_a_crashed_runners_job_is_taken_over(pg_url):
    runner = subprocess.Popen([sys.executable, "-c", CRASHING_RUNNER, pg_url],
                              stdout=subprocess.PIPE, text=True)
    engine = db.make_engine(pg_url)
    ran: list[str] = []
    spec = [JobSpec("purge", timedelta(hours=1), lambda: ran.append("purge"))]
    try:
        assert runner.stdout.readline().strip() == "running"
        # Held by the running (doomed) runner: skipped, not run twice.
        assert run_due(engine, spec, runner="survivor") == []
        os.kill(runner.pid, signal.SIGKILL)
        runner.wait(timeout=10)
        deadline = time.monotonic() + 15
        while not ran and time.monotonic() < deadline:  # the server notices the lost client
            run_due(engine, spec, runner="survivor")
            time.sleep(0.1)
        assert ran == ["purge"]
        row = rows(engine)["purge"]
        assert row.runs == 1 and row.last_runner == "survivor" and row.last_error is None
    finally:
        if runner.poll() is None:
            runner.kill()
        engine.dispose()


def test_a_failing_job_is_retried_with_backoff_and_its_failures_counted(db_url):
    engine = db.make_engine(db_url)
    attempts: list[datetime] = []

    def flaky() -> None:
        attempts.append(T0)
        if len(attempts) <= 3:
            raise OSError("mail server away")

    spec = [JobSpec("mail", timedelta(seconds=30), flaky)]
    try:
        [first] = run_due(engine, spec, now=T0)
        assert first.error == "OSError: mail server away"
        assert rows(engine)["mail"].next_run_at == T0 + timedelta(minutes=1)
        assert run_due(engine, spec, now=T0 + timedelta(seconds=59)) == []  # backing off
        run_due(engine, spec, now=T0 + timedelta(minutes=1))
        assert rows(engine)["mail"].next_run_at == T0 + timedelta(minutes=3)  # doubled
        run_due(engine, spec, now=T0 + timedelta(minutes=3))
        [ok] = run_due(engine, spec, now=T0 + timedelta(minutes=7))
        assert ok.error is None
        row = rows(engine)["mail"]
        assert (row.failures, row.failures_total, row.runs) == (0, 3, 1)
        assert row.last_error is None
        with Session(engine) as session:
            assert jobs.failure_counts(session) == {"mail": 3}
    finally:
        engine.dispose()


def test_the_backoff_doubles_up_to_the_longer_of_the_interval_and_an_hour():
    minute, hour = timedelta(minutes=1), timedelta(hours=1)
    assert [retry_delay(n, minute) for n in (1, 2, 3, 6, 7, 10)] == [
        minute, 2 * minute, 4 * minute, 32 * minute, hour, hour]
    assert retry_delay(20, timedelta(days=1)) == timedelta(days=1)


def test_a_runner_down_for_a_while_runs_a_missed_job_once_on_its_beat():
    five = timedelta(minutes=5)
    assert next_due(T0, five, T0) == T0 + five
    assert next_due(T0, five, T0 + timedelta(minutes=23)) == T0 + timedelta(minutes=25)


def test_every_job_of_the_product_runs_on_each_database(db_url, product_on):
    product_on(db_url)
    outcomes = jobs.run_round()
    assert sorted(o.name for o in outcomes) == sorted(NAMES)
    assert [o for o in outcomes if o.error] == []
    assert jobs.run_round() == []  # none due again yet
    with db.session_scope() as session:
        jobs.run_soon(session, "due_dates")
    assert [o.name for o in jobs.run_round()] == ["due_dates"]


def test_on_sqlite_a_second_process_of_the_data_folder_runs_nothing(sqlite_url, tmp_path,
                                                                    product_on):
    product_on(sqlite_url)
    holder = RunnerLock(tmp_path / "data" / "jobs.lock")
    try:
        assert holder.acquire()
        assert jobs.run_round(RunnerLock(tmp_path / "data" / "jobs.lock")) == []
        holder.release()
        assert len(jobs.run_round(RunnerLock(tmp_path / "data" / "jobs.lock"))) == len(NAMES)
    finally:
        holder.release()


def test_with_an_external_runner_the_in_app_runner_does_nothing(sqlite_url, product_on):
    import asyncio

    product_on(sqlite_url, COUNTER_JOBS="external")
    asyncio.run(asyncio.wait_for(jobs.jobs_loop(tick_seconds=0.01), timeout=5))
    assert rows(db.get_engine()) == {}


def test_making_a_running_job_due_never_waits_and_it_runs_again_after(pg_url):
    engine = db.make_engine(pg_url)
    started, release = threading.Event(), threading.Event()
    ran: list[str] = []

    def slow() -> None:
        ran.append("run")
        started.set()
        release.wait(30)

    spec = [JobSpec("due_dates", timedelta(days=1), slow)]
    runner = threading.Thread(target=run_due, args=(engine, spec), kwargs={"now": T0})
    runner.start()
    try:
        assert started.wait(10)
        began = time.monotonic()
        with Session(engine) as session:  # a holiday correction, while the job runs
            jobs.run_soon(session, "due_dates", now=T0 + timedelta(minutes=1))
            session.commit()
        assert time.monotonic() - began < 2
    finally:
        release.set()
        runner.join(30)
    try:
        # The run that was going on may have missed the correction: due again, not tomorrow.
        assert rows(engine)["due_dates"].next_run_at == T0 + timedelta(minutes=1)
        assert [o.name for o in run_due(engine, spec, now=T0 + timedelta(minutes=1))] == [
            "due_dates"]
        assert ran == ["run", "run"]
    finally:
        engine.dispose()


def test_on_sqlite_one_process_runs_the_jobs_at_a_time(tmp_path):
    path = tmp_path / "data" / "jobs.lock"
    first, second = RunnerLock(path), RunnerLock(path)
    assert first.acquire() and first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()
