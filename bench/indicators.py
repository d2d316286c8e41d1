"""The published indicators at scale: compute_indicators for the whole consortium (every
procedure, each region's row and the consortium's, the paper figures).

    .venv/bin/python bench/indicators.py [--sizes 10000,100000,1000000]
                                         [--databases sqlite,postgresql]

For each database (a temporary SQLite file, and a fresh PostgreSQL database created and
dropped here), the schema is migrated (the product's migrations, indexes included) and
a synthetic history is generated incrementally (10k, then 90k more, then 900k more), so
each size reuses the rows of the one before. After each size PostgreSQL's statistics
are refreshed (VACUUM ANALYZE, as autovacuum would, so index-only scans work; SQLite
gets no ANALYZE, as the product never runs one) and compute_indicators
is measured in a fresh subprocess: one warm-up call, then the median of 3 timed calls,
the tracemalloc peak of one traced call, and the growth of the process's peak RSS
(resource.getrusage) over all those calls. Two periods: all the history (24 months)
and the last 12 months. Every step runs in its own subprocess and this one imports
nothing heavy: on Linux a child's ru_maxrss starts from its parent's, so a parent that
had generated a million rows would hide the growth being measured.

Goals at 1,000,000 dossiers: <= 1 s on PostgreSQL, <= 2 s on SQLite, memory growth
< 200 MB, and time growing no faster than the number of dossiers. Exit status 1 if a
goal measured in the run is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

# The project first; and not this folder, whose scripts' names (queue.py) would shadow the
# standard library's modules for the libraries imported here.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)  # fixed: the same data on every run
PERIODS = {
    "all": (None, None),
    "12 months": ((NOW - timedelta(days=365)).date(), NOW.date()),
}
GOAL_SECONDS = {"sqlite": 2.0, "postgresql": 1.0}
GOAL_MEMORY_MB = 200.0
GOAL_SIZE = 1_000_000

def _run(*args: str) -> str:
    """One step in a subprocess (see the module docstring); its last line of output."""
    done = subprocess.run([sys.executable, __file__, "--step", *args], check=True,
                          stdout=subprocess.PIPE, text=True)
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


@contextmanager
def database(kind: str) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="counter-bench-") as folder:
            yield f"sqlite:///{folder}/counter.db"
        return
    url = _run("create-pg")
    try:
        yield url
    finally:
        _run("drop-pg", url)


def step(name: str, args: list[str]) -> None:
    """The work of one subprocess."""
    from sqlalchemy import create_engine, make_url, text

    if name in ("create-pg", "drop-pg"):
        admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            if name == "create-pg":
                database = f"counter_bench_{uuid.uuid4().hex[:10]}"
                connection.execute(text(f'CREATE DATABASE "{database}"'))
                print(make_url(PG_SERVER).set(database=database)
                      .render_as_string(hide_password=False))
            else:
                database = make_url(args[0]).database
                connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
    elif name == "setup":
        from counter.services.migrations import upgrade_to_head

        upgrade_to_head(args[0])
    elif name == "grow":
        print(json.dumps(grow(args[0], int(args[1]), int(args[2]))))
    elif name == "measure":
        print(json.dumps(measure(args[0], int(args[1]))))


def grow(url: str, dossiers: int, seed: int) -> float:
    import time

    from sqlmodel import Session

    from counter.db import make_engine
    from counter.services.synthetic import generate_history

    engine = make_engine(url)
    started = time.perf_counter()
    step = max(dossiers // 10, 1)

    def progress(done: int, total: int) -> None:
        if done % step < 5000 or done == total:
            print(f"    {done:>9,} / {total:,}  {time.perf_counter() - started:6.1f} s",
                  file=sys.stderr, flush=True)

    with Session(engine) as session:
        generate_history(session, dossiers=dossiers, seed=seed, now=NOW, progress=progress)
        session.commit()
    seconds = time.perf_counter() - started
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            connection.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()
    return seconds


def measure(url: str, runs: int) -> dict:
    """The timings and memory of compute_indicators, in this fresh process."""
    import resource
    import time
    import tracemalloc

    from sqlalchemy import text
    from sqlmodel import Session

    from counter.db import make_engine
    from counter.services.indicators import compute_indicators

    engine = make_engine(url)
    with Session(engine) as session:
        session.execute(text("SELECT 1"))
    results: dict = {}
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for name, (date_from, date_to) in PERIODS.items():
        def once(date_from=date_from, date_to=date_to) -> dict:  # noqa: ANN001
            with Session(engine) as session:
                report = compute_indicators(session, date_from=date_from, date_to=date_to,
                                            now=NOW)
                session.rollback()
            return report.total

        region = once()  # warm-up: caches, statement compilation
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            once()
            seconds.append(time.perf_counter() - started)
        tracemalloc.start()
        once()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        results[name] = {
            "seconds": statistics.median(seconds), "min": min(seconds), "max": max(seconds),
            "tracemalloc_mb": peak / 2**20, "decided": region["decided_count"],
            "open": region["open_count"],
        }
    growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline_kb
    for entry in results.values():
        entry["rss_growth_mb"] = growth_kb / 1024
        entry["rss_baseline_mb"] = baseline_kb / 1024
    engine.dispose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--step", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step(args.step[0], args.step[1:])
        return 0

    sizes = sorted(int(s) for s in args.sizes.split(","))
    table = []
    for kind in args.databases.split(","):
        with database(kind) as url:
            print(f"{kind}: migrating", flush=True)
            _run("setup", url)
            have = 0
            for seed, size in enumerate(sizes, start=1):
                print(f"  generating {size - have:,} more dossiers (to {size:,})", flush=True)
                generated = json.loads(_run("grow", url, str(size - have), str(seed)))
                print(f"    generated in {generated:.0f} s", flush=True)
                have = size
                measured = json.loads(_run("measure", url, str(args.runs)))
                for period, entry in measured.items():
                    table.append({"db": kind, "size": size, "period": period,
                                  "generated_s": generated, **entry})
                    print(f"  {size:>9,} {period:<9} {entry['seconds']:7.3f} s "
                          f"(min {entry['min']:.3f}, max {entry['max']:.3f})  "
                          f"tracemalloc {entry['tracemalloc_mb']:.1f} MB  "
                          f"RSS +{entry['rss_growth_mb']:.1f} MB "
                          f"(peak before {entry['rss_baseline_mb']:.0f} MB)  "
                          f"decided {entry['decided']:,}", flush=True)
    return report(table, sizes)


def report(table: list[dict], sizes: list[int]) -> int:
    print("\n| database | dossiers | period | seconds (median of 3) | time ratio | size ratio "
          "| tracemalloc peak | RSS growth |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    missed = []
    previous: dict[tuple[str, str], dict] = {}
    for row in table:
        key = (row["db"], row["period"])
        before = previous.get(key)
        ratio = row["seconds"] / before["seconds"] if before else None
        size_ratio = row["size"] / before["size"] if before else None
        previous[key] = row
        ratios = (f"{ratio:.1f}x" if ratio else "-", f"{size_ratio:.0f}x" if size_ratio else "-")
        print(f"| {row['db']} | {row['size']:,} | {row['period']} | {row['seconds']:.3f} | "
              f"{ratios[0]} | {ratios[1]} | {row['tracemalloc_mb']:.1f} MB "
              f"| {row['rss_growth_mb']:.1f} MB |")
        if row["rss_growth_mb"] >= GOAL_MEMORY_MB or row["tracemalloc_mb"] >= GOAL_MEMORY_MB:
            missed.append(f"{row['db']} {row['size']:,} {row['period']}: memory")
        if ratio and size_ratio and ratio > size_ratio * 1.2:
            missed.append(f"{row['db']} {row['size']:,} {row['period']}: time grows "
                          f"{ratio:.1f}x for {size_ratio:.0f}x the dossiers")
        if row["size"] >= GOAL_SIZE and row["period"] == "all" \
                and row["seconds"] > GOAL_SECONDS[row["db"]]:
            missed.append(f"{row['db']} {row['size']:,}: {row['seconds']:.2f} s "
                          f"> {GOAL_SECONDS[row['db']]} s")
    print("\nGoals:", "all met" if not missed else "MISSED: " + "; ".join(missed))
    if max(sizes) < GOAL_SIZE:
        print(f"(the time goals are for {GOAL_SIZE:,} dossiers; run without --sizes for them)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
