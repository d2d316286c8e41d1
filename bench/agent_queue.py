"""The agent's queue at scale: page 1 at 100,000 open dossiers in under 0.5 s, with a small,
size-independent memory footprint (only the page's rows are loaded).

For SQLite (a temporary file) and PostgreSQL (a fresh database, dropped afterwards), both
migrated to head: 1,000 open dossiers of one service are bulk-inserted, the queries timed, then
99,000 more inserted and the same queries timed again. Besides the open dossiers the table holds
what a real one would: decided dossiers of the same service (20% more) and another service's
(10% more). 15% of the open dossiers wait on the applicant (their clock is paused).
PostgreSQL is ANALYZEd after each load, as autovacuum would do; SQLite is not (the product never
runs ANALYZE there).

Queries, each through `counter.services.review.queue` as the agent's page calls it:
- page 1: the whole service queue, least time left first;
- filtered: status in_review + one procedure + one province + "mine";
- name search: a surname substring (LIKE '%...%' on the applicant's or the person's name);
- code search: a tracking code typed in lower case without its dash.

Prints, per database and size, the median of 5 runs (wall clock, a new Session each run), the
ratio 100k / 1k, and the peak Python memory allocated during one call (tracemalloc), then
EXPLAIN QUERY PLAN / EXPLAIN ANALYZE of the page query and of its count at 100k.

    .venv/bin/python bench/queue.py [--small 1000] [--large 100000] [--no-postgres]

Exits with status 1 if page 1 at the large size misses 0.5 s on either database.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named like the standard library's `queue`, which threading-based libraries
# import: never let its own folder shadow the standard library.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]
sys.path.insert(0, str(ROOT))

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from typing import Any  # noqa: E402

GOAL_SECONDS = 0.5
RUNS = 5
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 6, 15, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)
NO_LOGIN = "!"  # a hash no password matches: these accounts never sign in
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
FIRST_NAMES = ("Fatima", "Mohamed", "Khadija", "Youssef", "Aicha", "Hassan", "Zineb", "Omar",
               "Naima", "Brahim", "Samira", "Rachid", "Meryem", "Abdellah", "Hanane", "Said")
SURNAMES = ("Ait Lahcen", "Ouhmad", "Benali", "El Idrissi", "Amrani", "Oubella", "Tazi",
            "Bennani", "Ait Brahim", "Boutaleb", "Lamrani", "Ouazzani", "Chakir", "Zerouali",
            "El Fassi", "Berrada", "Aouad", "Moutaouakil", "Haddou", "Ait Ouarab")


def code_for(number: int) -> str:
    size = len(ALPHABET)
    chars = [ALPHABET[(number // size**i) % size] for i in range(8)]
    return "".join(chars[:4]) + "-" + "".join(chars[4:])


@dataclass
class Setup:
    agent_id: int
    other_agent_id: int
    service_id: int
    other_service_id: int
    procedures: list[tuple[int, int]]  # (id, deadline days) of the service
    other_procedure: int
    provinces: list[int]
    applicants: list[int]


def prepare(engine: Any) -> Setup:
    """Demo catalog and accounts, plus citizen accounts to file the dossiers."""
    from passlib.context import CryptContext
    from sqlalchemy import insert
    from sqlmodel import Session, select

    from counter import security
    from counter.models import Account, Procedure, Province, Service
    from counter.services.seed import load_demo_data

    security._context = CryptContext(  # the demo accounts' hashes: not what is measured
        schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1)
    rnd = random.Random(42)
    with Session(engine) as session:
        load_demo_data(session)
        session.commit()
        agent = session.exec(select(Account).where(Account.role == "agent")).one()
        other_service = session.exec(select(Service).where(Service.code == "DRA_URBANISM")).one()
        other_agent = Account(role="agent", full_name="Samira Oulhaj", password_hash=NO_LOGIN,
                              email="samira@bench.example.ma", service_id=agent.service_id)
        session.add(other_agent)
        session.commit()
        procedures = session.exec(select(Procedure).where(
            Procedure.service_id == agent.service_id)).all()
        other_procedure = session.exec(select(Procedure.id).where(
            Procedure.service_id == other_service.id)).first()
        provinces = list(session.exec(select(Province.id).order_by(Province.id)).all())
        rows = [{"role": "citizen", "full_name": f"{rnd.choice(FIRST_NAMES)} "
                 f"{rnd.choice(SURNAMES)}", "email": f"citoyen{n}@bench.example.ma",
                 "password_hash": NO_LOGIN, "lang": "fr", "is_active": True, "created_at": NOW}
                for n in range(5000)]
        session.execute(insert(Account), rows)
        session.commit()
        applicants = list(session.exec(select(Account.id).where(
            Account.role == "citizen", Account.email.like("%@bench.example.ma"))).all())
        return Setup(agent.id, other_agent.id, agent.service_id, other_service.id,
                     [(p.id, p.legal_deadline_days) for p in procedures], other_procedure,
                     provinces, applicants)


def dossier_rows(setup: Setup, start: int, count: int, rnd: random.Random) -> Iterator[dict]:
    """`count` open dossiers of the service, plus 20% decided ones and 10% of another
    service's, numbered from `start` (tracking codes stay unique)."""
    from counter.domain.clock import decided_days

    number = start
    extra_decided, extra_other = count // 5, count // 10
    for kind, n in (("open", count), ("decided", extra_decided), ("other", extra_other)):
        for _ in range(n):
            number += 1
            procedure_id, deadline = rnd.choice(setup.procedures)
            service_id = setup.service_id
            if kind == "other":
                procedure_id, deadline, service_id = setup.other_procedure, 30, \
                    setup.other_service_id
            submitted = NOW - timedelta(seconds=rnd.uniform(0, 90 * 86400))
            wait = rnd.choice((0.0, 0.0, 0.0, rnd.uniform(0, 20 * 86400)))
            roll = rnd.random()
            if kind == "decided":
                status = "accepted" if roll < 0.8 else "rejected"
            else:
                status = "submitted" if roll < 0.4 else "in_review" if roll < 0.85 \
                    else "info_requested"
            paused = None
            if status == "info_requested":
                paused = NOW - timedelta(seconds=rnd.uniform(0, 15 * 86400))
            assisted = rnd.random() < 0.15
            yield {
                "procedure_id": procedure_id,
                "service_id": service_id,
                "province_id": rnd.choice(setup.provinces),
                "applicant_id": None if assisted else rnd.choice(setup.applicants),
                "status": status,
                "channel": "assisted" if assisted else "online",
                "tracking_code": code_for(number),
                "lang": "fr",
                "form_schema": {"fields": [], "documents": [], "legal_deadline_days": deadline},
                "form_data": {"province": "x"},
                "person_name": (f"{rnd.choice(FIRST_NAMES)} {rnd.choice(SURNAMES)}"
                                if assisted else None),
                "person_cin": "JB123456" if assisted else None,
                "assigned_to_id": (None if status == "submitted" else
                                   rnd.choice((setup.agent_id, setup.other_agent_id))),
                "created_at": submitted,
                "updated_at": submitted,
                "submitted_at": submitted,
                "due_at": submitted + timedelta(days=deadline, seconds=wait),
                "paused_at": paused,
                "applicant_wait_seconds": wait,
                "decided_at": NOW if kind == "decided" else None,
                **(decided_days(submitted, NOW, wait)._asdict() if kind == "decided"
                   else {"calendar_days": None, "admin_days": None}),
                "version": 3,
            }


COLUMNS = ("procedure_id", "service_id", "province_id", "applicant_id", "status", "channel",
           "tracking_code", "lang", "form_schema", "form_data", "person_name", "person_cin",
           "assigned_to_id", "created_at", "updated_at", "submitted_at", "due_at", "paused_at",
           "applicant_wait_seconds", "decided_at", "calendar_days", "admin_days", "version")
JSON_COLUMNS = ("form_schema", "form_data")
TIME_COLUMNS = ("created_at", "updated_at", "submitted_at", "due_at", "paused_at", "decided_at")


def _sqlite_time(value: datetime | None) -> str | None:
    """As SQLAlchemy stores a UTC datetime in SQLite."""
    return None if value is None else f"{value.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"


def insert_dossiers(engine: Any, setup: Setup, start: int, count: int) -> int:
    """Bulk insert below the ORM (its per-row bind processing is most of the load time):
    executemany on SQLite, COPY on PostgreSQL, values in the form the product stores them."""
    rnd = random.Random(start + count)
    json_text: dict[tuple[str, int], str] = {}  # few distinct values: encode each once
    rows = []
    for row in dossier_rows(setup, start, count, rnd):
        deadline = row["form_schema"]["legal_deadline_days"]
        for name in JSON_COLUMNS:
            key = (name, deadline)
            if key not in json_text:
                json_text[key] = json.dumps(row[name])
            row[name] = json_text[key]
        if engine.dialect.name == "sqlite":
            for name in TIME_COLUMNS:
                row[name] = _sqlite_time(row[name])
        rows.append(tuple(row[name] for name in COLUMNS))
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "sqlite":
            marks = ", ".join("?" * len(COLUMNS))
            statement = f"INSERT INTO dossier ({', '.join(COLUMNS)}) VALUES ({marks})"  # noqa: S608 (constant column names)
            cursor.executemany(statement, rows)
        else:
            with cursor.copy(f"COPY dossier ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        raw.commit()
    finally:
        raw.close()
    return start + len(rows)


@dataclass
class Measure:
    name: str
    seconds: float
    peak_kb: float
    total: int


def measure(engine: Any, setup: Setup, sample_code: str) -> list[Measure]:
    from sqlmodel import Session

    from counter.models import Account
    from counter.services import review

    filters: list[tuple[str, review.QueueFilters]] = [
        ("page 1", review.QueueFilters()),
        ("filtered", review.QueueFilters(status="in_review", procedure_code="DRA_INVESTMENT_LAND",
                                         province_code="agadir_ida_outanane", mine=True)),
        ("name search", review.QueueFilters(search="ouhmad")),
        ("code search", review.QueueFilters(search=sample_code.lower().replace("-", ""))),
    ]
    results = []
    for name, query_filters in filters:

        def call(query_filters: review.QueueFilters = query_filters) -> review.QueuePage:
            with Session(engine) as session:
                agent = session.get(Account, setup.agent_id)
                return review.queue(session, agent=agent, filters=query_filters, page=1,
                                    now=NOW)

        page = call()  # warm-up: statement caches, pages in the OS cache
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            call()
            timings.append(time.perf_counter() - started)
        tracemalloc.start()
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        call()
        peak = tracemalloc.get_traced_memory()[1] - before
        tracemalloc.stop()
        results.append(Measure(name, statistics.median(timings), peak / 1024, page.total))
    return results


@contextmanager
def captured_statements(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    from sqlalchemy import event

    statements: list[tuple[str, Any]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", keep)


def explain(engine: Any, setup: Setup) -> list[str]:
    """The database's plan for the page query and the count, as the product sends them."""
    from sqlmodel import Session

    from counter.models import Account
    from counter.services import review

    with captured_statements(engine) as statements, Session(engine) as session:
        review.queue(session, agent=session.get(Account, setup.agent_id), page=1, now=NOW)
    page_sql = next(s for s in statements if "LIMIT" in s[0].upper() and "count(" not in s[0])
    count_sql = next(s for s in statements if "count(" in s[0].lower())
    lines: list[str] = []
    with engine.connect() as conn:
        for label, (sql, params) in (("page query", page_sql), ("count query", count_sql)):
            lines.append(f"  -- {label}")
            if engine.dialect.name == "sqlite":
                plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params).all()
                lines += [f"  {'  ' * _depth(plan, row)}{row[3]}" for row in plan]
            else:
                plan = conn.exec_driver_sql("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params).all()
                lines += [f"  {row[0]}" for row in plan]
    return lines


def _depth(plan: list, row: Any) -> int:
    parents = {r[0]: r[1] for r in plan}
    depth, parent = 0, row[1]
    while parent in parents:
        depth, parent = depth + 1, parents[parent]
    return depth


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="counter-bench-") as folder:
        yield f"sqlite:///{Path(folder) / 'counter.db'}"


@contextmanager
def postgres_database() -> Iterator[str]:
    from sqlalchemy import create_engine, make_url, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"counter_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_on(label: str, database: Callable[[], Any], small: int, large: int
           ) -> tuple[dict[int, list[Measure]], list[str], dict[str, float]]:
    from sqlalchemy import text

    from counter.db import make_engine
    from counter.services.migrations import upgrade_to_head

    with database() as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        try:
            setup = prepare(engine)
            results: dict[int, list[Measure]] = {}
            load: dict[str, float] = {}
            number = opened = 0  # the last tracking-code number used; open dossiers so far
            for size in (small, large):
                started = time.perf_counter()
                number = insert_dossiers(engine, setup, number, size - opened)
                opened = size
                if engine.dialect.name == "postgresql":
                    with engine.begin() as conn:  # what autovacuum would have done
                        conn.execute(text("ANALYZE"))
                load[f"{size:,}"] = time.perf_counter() - started
                results[size] = measure(engine, setup, code_for(7))
            plan = explain(engine, setup)
        finally:
            engine.dispose()
    print(f"{label}: data loaded in " + ", ".join(f"{s:.1f} s ({k} open)"
                                                  for k, s in load.items()))
    return results, plan, load


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()

    databases: list[tuple[str, Callable[[], Any]]] = [("SQLite", sqlite_database)]
    if not args.no_postgres:
        databases.append(("PostgreSQL", postgres_database))
    started = time.perf_counter()
    verdicts = []
    reports = []
    for label, database in databases:
        results, plan, _ = run_on(label, database, args.small, args.large)
        reports.append((label, results, plan))

    header = (f"{'database':<11} {'query':<12} {'open':>8} {'matches':>8} {'seconds':>9} "
              f"{'x vs small':>10} {'peak KB':>8}")
    print()
    print(header)
    print("-" * len(header))
    for label, results, _ in reports:
        small_by_name = {m.name: m for m in results[args.small]}
        for size in (args.small, args.large):
            for m in results[size]:
                ratio = (f"{m.seconds / small_by_name[m.name].seconds:.1f}"
                         if size == args.large else "")
                print(f"{label:<11} {m.name:<12} {size:>8,} {m.total:>8,} {m.seconds:>9.4f} "
                      f"{ratio:>10} {m.peak_kb:>8.0f}")
        page_one = next(m for m in results[args.large] if m.name == "page 1")
        verdicts.append((label, page_one.seconds))
    for label, _, plan in reports:
        print()
        print(f"{label} plan at {args.large:,} open dossiers:")
        print("\n".join(plan))
    print()
    failed = False
    for label, seconds in verdicts:
        verdict = "PASS" if seconds < GOAL_SECONDS else "FAIL"
        failed = failed or verdict == "FAIL"
        print(f"goal: page 1 at {args.large:,} under {GOAL_SECONDS} s on {label}: "
              f"{seconds:.3f} s {verdict}")
    print(f"total run time {time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
