"""Many people at once on the real product, over its real event protocol (issue 13, point 5).

Starts the product as `make run` does (`python -m counter serve`, production build) on
loopback, in the embedded default (SQLite, state on disk, one worker) and in the production
set-up of the README (PostgreSQL + Redis, several workers), then lets N simulated people use
it for a bounded time. Each person speaks what the browser speaks: Reflex's socket.io
websocket at `/_event` (engine.io 4, namespace `/_event`: `42/_event,["event", {...}]`),
with the router data a browser sends, the hashes of the defaults its compiled page holds
(each page's hydrate; the server sends only what differs), re-sending the events the server
chains (on-load events), and the session cookie a sign-in delivers (`POST /api/session`
with the ticket of its script). A person, with 0.5-1.5 s between actions: opens the home
page, the catalog, searches, opens a procedure, tracks a dossier with a wrong PIN; one in
four signs in, opens their dossiers and starts (or reopens) a draft. Each round is a visit:
its first page is loaded (the address fetched over HTTP, timed, then a new websocket and its
hydrate), the next ones are links followed within the page (Reflex's client-side routing:
the same websocket, the page's load events); the sign-in loads its next page again, with
the session cookie.

    .venv/bin/python bench/load.py                 # 25, 50, 100, 200 people, both set-ups
    .venv/bin/python bench/load.py --quick         # 25 people, 20 s, embedded only
    .venv/bin/python bench/load.py --people 100 --setups production --seconds 60

Prints p50/p95/p99 of the event round trip (an event sent until the server's first frame
back), HTTP latency, errors, events per second, the server's memory (resident, all its
processes) and the CPU each event cost (the product, PostgreSQL and Redis, the generator;
steadier than round trips on a shared machine, so the figure to compare versions by);
exits 1 when a goal of issue 13 it measured is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/11"
# Issue 13's table: event p95 / p99 in ms, per set-up and number of people.
GOALS = {("production", 100): (100, 250), ("production", 200): (250, None),
         ("embedded", 100): (60, 150)}
PROCEDURES = ("DRA_RURAL_BUILDING_PERMIT", "ORI_ASSOCIATION_GRANT", "SMA_TOURIST_ESTABLISHMENT")
SEARCHES = ("permis", "subvention", "استثمار", "tourist", "transport scolaire")
CITIZEN = ("citoyen@demo.example.ma", "Demo-Citoyen-2026!")
NAMESPACE = "/_event"  # socket.io's namespace: the path of the browser's io("…/_event")
TICKET = re.compile(r'ticket[\\"]*\s*:\s*[\\"]*([A-Za-z0-9_\-.~]{16,})')
# Where the compiled frontend holds its defaults' hashes (Reflex's initialStateHashes).
FRONTEND_CONTEXT = ROOT / ".web" / "utils" / "context.jsx"


def names() -> dict[str, str]:
    """The events' full names (state path + handler), read from the product's states."""
    sys.path.insert(0, str(ROOT))
    from reflex.state import OnLoadInternalState, State

    from counter.states.auth import SignInState
    from counter.states.catalog import CatalogState
    from counter.states.dossiers import TrackState

    return {"hydrate": f"{State.get_full_name()}.hydrate_and_load",
            "navigate": f"{OnLoadInternalState.get_full_name()}.on_load_internal",
            "query": f"{CatalogState.get_full_name()}.set_query",
            "track": f"{TrackState.get_full_name()}.lookup",
            "sign_in": f"{SignInState.get_full_name()}.sign_in"}


def initial_hashes() -> list[str]:
    """The per-state hashes of the defaults the compiled frontend holds, which a browser
    sends with each page's first hydrate: the server then sends only the vars that differ
    from them, as it does for a browser (read from the build the server just made)."""
    found = re.search(r"initialStateHashes\s*=\s*(\[[^\]]*\])",
                      FRONTEND_CONTEXT.read_text(encoding="utf-8"))
    return json.loads(found.group(1)) if found else []


@dataclass
class Figures:
    http: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    events: int = 0
    new_tokens: int = 0  # page loads that were handed a new client token (see connect)
    by_event: dict[str, list[float]] = field(default_factory=dict)  # round trips by event


class Person:
    """One browser tab: a websocket at a time (a page load opens a new one, as a reload)."""

    def __init__(self, base: str, events: dict[str, str], figures: Figures,
                 hashes: list[str]) -> None:
        self.base, self.names, self.figures, self.hashes = base, events, figures, hashes
        self.token, self.cookie, self.ws, self.path = str(uuid.uuid4()), "", None, "/"
        self.frames: asyncio.Queue = asyncio.Queue()
        self.reader: asyncio.Task | None = None

    async def connect(self) -> None:
        import websockets

        await self.close()
        url = (self.base.replace("http", "ws", 1)
               + f"/_event/?token={self.token}&EIO=4&transport=websocket")
        headers = {"Origin": self.base, **({"Cookie": f"counter_session={self.cookie}"}
                                           if self.cookie else {})}
        self.ws = await websockets.connect(url, additional_headers=headers, max_size=2**24,
                                           open_timeout=30)
        opened = await self.ws.recv()
        if not str(opened).startswith("0"):
            raise RuntimeError(f"engine.io open: {opened!r}")
        await self.ws.send(f"40{NAMESPACE},")
        self.frames = asyncio.Queue()
        self.reader = asyncio.create_task(self._read())
        # As the browser: until the namespace's connect, adopt a new token if the server
        # gives one (with several workers, the last page's websocket may still hold this
        # token: Reflex then hands the tab a new one, as it does to a browser reloading),
        # and take deltas already sent to this tab as the page would.
        while True:
            kind, value = await asyncio.wait_for(self.frames.get(), 30)
            if kind == "connect":
                return
            if kind == "new_token":
                self.token = str(value)
                self.figures.new_tokens += 1
            elif kind != "event":
                raise RuntimeError(f"socket.io connect: {kind!r}")

    async def _read(self) -> None:
        try:
            async for message in self.ws:
                text = str(message)
                if text == "2":
                    await self.ws.send("3")
                elif text.startswith(f"40{NAMESPACE}"):
                    await self.frames.put(("connect", None))
                elif text.startswith(f"42{NAMESPACE},"):
                    name, *args = json.loads(text[len(NAMESPACE) + 3:])
                    await self.frames.put((name, args[0] if args else None))
        except Exception:  # noqa: BLE001  (the connection closed: close() or the server)
            return

    async def close(self) -> None:
        if self.reader:
            self.reader.cancel()
        if self.ws is not None:
            await self.ws.close()
        self.ws = self.reader = None

    async def event(self, name: str, path: str | None = None, **payload: Any) -> list[dict]:  # noqa: ANN401
        """Send one event, time it to the first frame back, then follow what it chains."""
        path = path or self.path
        message = {"name": name, "payload": payload, "token": self.token,
                   "router_data": {"pathname": path.split("?")[0], "asPath": path, "query": {}}}
        started = time.perf_counter()
        await self.ws.send(f"42{NAMESPACE}," + json.dumps(["event", message]))
        received: list[dict] = []
        try:
            kind, update = await asyncio.wait_for(self.frames.get(), 30)
        except TimeoutError:
            self.figures.errors.append(f"no answer to {name.rsplit('.', 1)[-1]}")
            return received
        self.figures.by_event.setdefault(name.rsplit(".", 1)[-1], []).append(
            (time.perf_counter() - started) * 1000)
        self.figures.events += 1
        while True:
            if kind == "event" and update:
                received.append(update)
                for chained in update.get("events") or []:
                    if not chained.get("name", "_").startswith("_"):
                        received += await self.event(chained["name"], path,
                                                     **(chained.get("payload") or {}))
            try:
                kind, update = await asyncio.wait_for(self.frames.get(), 0.05)
            except TimeoutError:
                return received

    async def open(self, path: str) -> list[dict]:
        """A page load: a new websocket, hydrate and the page's load events."""
        self.path = path
        started = time.perf_counter()
        await asyncio.to_thread(self._get, path)
        self.figures.http.append((time.perf_counter() - started) * 1000)
        await self.connect()
        return await self.event(self.names["hydrate"], path, hashes=self.hashes)

    async def navigate(self, path: str) -> list[dict]:
        """A link followed within the page (the browser's client-side routing): the same
        websocket, the new page's load events (Reflex's on_load_internal), no page fetch."""
        self.path = path
        return await self.event(self.names["navigate"], path)

    def _get(self, path: str) -> None:
        request = urllib.request.Request(self.base + path, headers={"Cookie": (  # noqa: S310
            f"counter_session={self.cookie}" if self.cookie else "")})
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            answer.read()

    async def sign_in(self) -> None:
        """The sign-in page, then what its script does: the ticket exchanged for the
        session cookie, and the page loaded again with it (a new websocket)."""
        await self.navigate("/signin")
        updates = await self.event(self.names["sign_in"], "/signin",
                                   form={"login": CITIZEN[0], "password": CITIZEN[1]})
        scripts = json.dumps(updates)
        found = TICKET.search(scripts)
        deadline = time.monotonic() + 15  # the answer may follow frames of the page load
        while not found and time.monotonic() < deadline:
            try:
                _, update = await asyncio.wait_for(self.frames.get(), 1)
            except TimeoutError:
                continue
            scripts = json.dumps(update)
            found = TICKET.search(scripts)
        if not found:
            self.figures.errors.append(f"sign-in gave no session ticket: {scripts[:160]}")
            return
        body = json.dumps({"ticket": found.group(1)}).encode()
        request = urllib.request.Request(  # noqa: S310
            self.base + "/api/session", data=body, method="POST",
            headers={"Content-Type": "application/json", "Origin": self.base})
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            cookie = answer.headers.get("Set-Cookie", "")
        self.cookie = cookie.split(";")[0].partition("=")[2]
        await self.open("/dossiers")  # reloaded with the cookie: the sign-in's next page

    async def repeat(self, until: float, rng: random.Random, action: str) -> None:
        """One action again and again (--only), to see what each costs. "nothing": the same
        search sent again, an event that changes nothing (no var, no query, no page), the
        framework's floor; "reload": the catalog's page loaded again (HTTP, a new websocket,
        hydrate, its load); "navigate": a procedure's page then the catalog, within the page;
        "search": a new search in the catalog; "track": a wrong PIN."""
        try:
            await self.open("/procedures")
            while time.monotonic() < until:
                await asyncio.sleep(rng.uniform(0.5, 1.5))
                if action == "nothing":
                    await self.event(self.names["query"], "/procedures", value="permis")
                elif action == "reload":
                    await self.open("/procedures")
                elif action == "navigate":
                    await self.navigate(f"/procedures/{rng.choice(PROCEDURES)}")
                    await asyncio.sleep(rng.uniform(0.5, 1.5))
                    await self.navigate("/procedures")
                elif action == "search":
                    await self.event(self.names["query"], "/procedures",
                                     value=rng.choice(SEARCHES))
                else:
                    await self.event(self.names["track"], "/track", form={
                        "code": "DRA-2026-000001", "pin": f"{rng.randrange(10**6):06d}"})
        except Exception as error:  # noqa: BLE001  (counted, and the person stops)
            self.figures.errors.append(f"{type(error).__name__}: {error}"[:160])
        finally:
            await self.close()

    async def journey(self, until: float, rng: random.Random, signs_in: bool) -> None:
        async def pause() -> None:
            await asyncio.sleep(rng.uniform(0.5, 1.5))

        try:
            while time.monotonic() < until:
                await self.open("/")  # a visit: the page loaded, then links followed
                await pause()
                await self.navigate("/procedures")
                await pause()
                await self.event(self.names["query"], "/procedures", value=rng.choice(SEARCHES))
                await pause()
                code = rng.choice(PROCEDURES)
                await self.navigate(f"/procedures/{code}")
                await pause()
                await self.navigate("/track")
                guess = f"{rng.randrange(10**6):06d}"
                await self.event(self.names["track"], "/track",
                                 form={"code": "DRA-2026-000001", "pin": guess})
                await pause()
                if signs_in and time.monotonic() < until:
                    if not self.cookie:
                        await self.sign_in()
                        await pause()
                    await self.navigate("/dossiers")
                    await pause()
                    updates = await self.navigate(f"/procedures/{code}/start")
                    edit = re.search(r"/dossiers/\d+/edit", json.dumps(updates))
                    if edit:
                        await self.navigate(edit.group(0))
                    await pause()
        except Exception as error:  # noqa: BLE001  (counted, and the person stops)
            self.figures.errors.append(f"{type(error).__name__}: {error}"[:160])
        finally:
            await self.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            todo += [int(child) for child in
                     Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except OSError:
            continue
    return found


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (/proc/PID/stat), in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _TICK


def _services() -> list[int]:
    """The database and Redis servers of the machine (the production set-up's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                name = (entry / "comm").read_text().strip()
            except OSError:
                continue
            if name in ("postgres", "redis-server"):
                found.append(int(entry.name))
    return found


def _machine_busy() -> tuple[float, float]:
    """All cores' busy and total jiffies so far (/proc/stat)."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values) - idle, sum(values)


class CpuMeter:
    """CPU spent during the load, per event: the product's processes, PostgreSQL and Redis,
    the load generator itself; and how busy the machine's cores were. On a shared machine
    the round trips move from run to run; the CPU an event costs moves much less, so it
    is what compares two versions of the product."""

    def __init__(self, server_pid: int) -> None:
        self.server = _tree(server_pid)
        self.services = _services()
        self.start = self._read()

    def _read(self) -> tuple[float, float, float, tuple[float, float]]:
        return (_cpu_seconds(self.server), _cpu_seconds(self.services),
                time.process_time(), _machine_busy())

    def per_event(self, events: int) -> dict[str, float]:
        end = self._read()
        per = 1000 / max(events, 1)
        busy, total = (end[3][0] - self.start[3][0]), (end[3][1] - self.start[3][1])
        return {"server_ms": (end[0] - self.start[0]) * per,
                "services_ms": (end[1] - self.start[1]) * per,
                "generator_ms": (end[2] - self.start[2]) * per,
                "machine_busy": busy / max(total, 1)}


def _server_memory(pid: int) -> float:
    """Resident memory of the server and all its processes, in MB."""
    total = 0
    for current in _tree(pid):
        try:
            total += int(re.search(r"VmRSS:\s+(\d+)",
                                   Path(f"/proc/{current}/status").read_text()).group(1))
        except (OSError, AttributeError):
            continue
    return total / 1024


class Server:
    """The product as `make run` serves it, on a fresh data folder."""

    def __init__(self, setup: str, workers: int) -> None:
        self.setup, self.workers, self.port = setup, workers, _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="counter-load-"))
        self.database = f"counter_load_{os.getpid()}"
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://localhost:{self.port}"

    def __enter__(self) -> Server:
        env = {**os.environ, "COUNTER_DATA_DIR": str(self.folder / "data"),
               "COUNTER_PUBLIC_URL": self.base, "GRANIAN_WORKERS": str(self.workers),
               "REFLEX_TELEMETRY_ENABLED": "false", "REFLEX_CHECK_LATEST_VERSION": "false",
               "REFLEX_USE_NPM": "1", "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
        env.pop("REFLEX_REDIS_URL", None)
        env["REFLEX_DB_URL"] = f"sqlite:///{self.folder / 'data' / 'counter.db'}"
        if self.setup == "production":
            self._create_database()
            env["REFLEX_DB_URL"] = f"postgresql://postgres@127.0.0.1:5432/{self.database}"
            env["REFLEX_REDIS_URL"] = REDIS
        log = open(self.folder / "server.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "counter", "serve", "--port", str(self.port)], cwd=ROOT,
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                with (urllib.request.urlopen(self.base + "/ping", timeout=2),  # noqa: S310
                      urllib.request.urlopen(self.base + "/", timeout=10)):  # noqa: S310
                    return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(1)
        raise RuntimeError(f"the server did not start: see {self.folder / 'server.log'}")

    def __exit__(self, *_: object) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
        if self.setup == "production":
            self._drop_database()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _admin(self, statement: str) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()

    def _create_database(self) -> None:
        self._drop_database()
        self._admin(f'CREATE DATABASE "{self.database}"')

    def _drop_database(self) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


ACTIONS = ("nothing", "reload", "navigate", "search", "track")


async def run_load(server: Server, people: int, seconds: float, events: dict[str, str],
                   only: str = "") -> dict:
    figures = Figures()
    rng = random.Random(people)
    until = time.monotonic() + seconds
    peak = [0.0]

    async def watch() -> None:
        while time.monotonic() < until + 5:
            peak[0] = max(peak[0], _server_memory(server.process.pid))
            await asyncio.sleep(1)

    watcher = asyncio.create_task(watch())
    meter = CpuMeter(server.process.pid)
    started = time.monotonic()
    hashes = initial_hashes()
    crowd = [Person(server.base, events, figures, hashes) for _ in range(people)]
    # People arrive over the first seconds, not all in the same millisecond.
    tasks = []
    for index, person in enumerate(crowd):
        person_rng = random.Random(rng.random())
        tasks.append(asyncio.create_task(
            person.repeat(until, person_rng, only) if only
            else person.journey(until, person_rng, signs_in=index % 4 == 0)))
        await asyncio.sleep(min(2.0, seconds / 10) / people)
    await asyncio.gather(*tasks)
    elapsed = time.monotonic() - started
    cpu = meter.per_event(figures.events)
    watcher.cancel()
    return {"people": people, "setup": server.setup + (f" {only}" if only else ""),
            "workers": server.workers,
            "events": figures.events, "events_per_s": figures.events / elapsed,
            "rtt": _percentiles([took for values in figures.by_event.values()
                                 for took in values]), "http": _percentiles(figures.http),
            "errors": len(figures.errors), "error_kinds": sorted(set(figures.errors))[:5],
            "new_tokens": figures.new_tokens,
            "by_event": {name: {"count": len(values), **_percentiles(values)}
                         for name, values in sorted(figures.by_event.items())},
            "memory_mb": peak[0], "cpu": cpu}


def _percentiles(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {"p50": float("nan"), "p95": float("nan"), "p99": float("nan")}
    cuts = statistics.quantiles(values, n=100)
    return {"p50": statistics.median(values), "p95": cuts[94], "p99": cuts[98]}


def verdict(row: dict) -> str:
    goal = GOALS.get((row["setup"], row["people"]))
    if goal is None:
        return "-" if not row["errors"] else "FAIL (errors)"
    p95, p99 = goal
    ok = row["rtt"]["p95"] <= p95 and (p99 is None or row["rtt"]["p99"] <= p99)
    return "PASS" if ok and not row["errors"] else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="25,50,100,200")
    parser.add_argument("--setups", default="embedded,production")
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1,
                        help="backend workers of the production set-up (default: the "
                             "README's sizing, cores + 1)")
    parser.add_argument("--quick", action="store_true", help="25 people, 20 s, embedded")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--by-event", action="store_true",
                        help="also the round trips of each kind of event")
    parser.add_argument("--only", choices=ACTIONS, default="",
                        help="one action repeated instead of the visits, to see its CPU per "
                             "event; 'nothing' is the framework's floor")
    args = parser.parse_args()
    if args.quick:
        args.people, args.setups, args.seconds = "25", "embedded", 20
    events = names()
    rows = []
    for setup in args.setups.split(","):
        with Server(setup, 1 if setup == "embedded" else args.workers) as server:
            for people in (int(n) for n in args.people.split(",")):
                row = asyncio.run(run_load(server, people, args.seconds, events, args.only))
                row["verdict"] = verdict(row)
                rows.append(row)
                print(f"{row['setup']:<10} {row['workers']} worker(s) {people:>4} people: "
                      f"event p50/p95/p99 {row['rtt']['p50']:.0f}/{row['rtt']['p95']:.0f}/"
                      f"{row['rtt']['p99']:.0f} ms, HTTP p50/p95 {row['http']['p50']:.0f}/"
                      f"{row['http']['p95']:.0f} ms, {row['events_per_s']:.0f} events/s, "
                      f"{row['errors']} errors {row['error_kinds']}, "
                      f"{row['new_tokens']} new tokens, server "
                      f"{row['memory_mb']:.0f} MB  {row['verdict']}", flush=True)
                cpu = row["cpu"]
                print(f"    CPU per event: product {cpu['server_ms']:.1f} ms, PostgreSQL and "
                      f"Redis {cpu['services_ms']:.1f} ms, load generator "
                      f"{cpu['generator_ms']:.1f} ms; cores busy {cpu['machine_busy']:.0%}",
                      flush=True)
                if args.by_event:
                    for name, cut in row["by_event"].items():
                        print(f"    {name:<32} {cut['count']:>6} events  p50/p95/p99 "
                              f"{cut['p50']:.0f}/{cut['p95']:.0f}/{cut['p99']:.0f} ms")
    if args.json:
        print(json.dumps(rows, indent=1))
    return 1 if any(row["verdict"].startswith("FAIL") for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
