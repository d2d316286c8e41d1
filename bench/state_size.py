"""State per browser tab, and what each page load sends over the websocket (issue 13).

The product's real app, middleware and states process the events of one tab's journey, as
the websocket delivers them, over Reflex's in-memory state manager; then each part of the
tab's state is serialized as the disk and Redis managers store it (`_serialize`). Usage:

    .venv/bin/python bench/state_size.py [--json]

Exits 1 when the state of the tab is over 16 KB (the goal of issue 13).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

GOAL_BYTES = 16 * 1024
ORIGIN = "http://localhost:3000"  # the default COUNTER_PUBLIC_URL
PROCEDURE = "DRA_RURAL_BUILDING_PERMIT"


class Tab:
    """One browser tab on the real app: its token, its cookie, the frames it received."""

    def __init__(self, token: str) -> None:
        from reflex.istate.manager.memory import StateManagerMemory

        from counter.counter import app

        self.app, self.token, self.cookie = app, token, ""
        self.manager = StateManagerMemory()
        self.frames: list[bytes] = []

    async def emit_update(self, update: Any, token: str) -> None:  # noqa: ANN401
        frame = {"delta": update.delta, "events": [repr(e) for e in update.events or []]}
        self.frames.append(json.dumps(frame, default=str, ensure_ascii=False).encode())

    def send(self, handler: str, path: str, **payload: Any) -> int:  # noqa: ANN401
        """One event, as the websocket delivers it; the bytes of the frames it sent back."""
        from reflex_base.event import Event
        from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor

        from counter.services.sessions import SESSION_COOKIE

        before = len(self.frames)
        router_data = {"pathname": path.split("?")[0], "asPath": path, "query": {},
                       "headers": {"cookie": f"{SESSION_COOKIE}={self.cookie}" if self.cookie
                                   else "", "origin": ORIGIN},
                       "ip": "203.0.113.7", "token": self.token, "sid": f"sid-{self.token}"}

        async def run() -> None:
            processor = BaseStateEventProcessor(middleware=self.app)
            processor.configure(state_manager=self.manager, event_namespace=self)
            async with processor:
                future = await processor.enqueue(
                    self.token, Event(name=handler, payload=payload, router_data=router_data))
                await asyncio.wait_for(future.wait_all(), timeout=60)

        asyncio.run(run())
        return sum(len(frame) for frame in self.frames[before:])

    def open(self, path: str) -> int:
        """A page load: the websocket connects, hydrates and runs the page's load events."""
        from reflex.state import State

        return self.send(f"{State.get_full_name()}.hydrate_and_load", path)

    def state_bytes(self) -> dict[str, int]:
        """Each part of the tab's state as the server stores it between events."""
        from reflex.istate.manager.token import BaseStateToken
        from reflex.state import State

        async def run() -> dict[str, int]:
            root = await self.manager.get_state(BaseStateToken(ident=self.token, cls=State))
            sizes, todo = {}, [root]
            while todo:
                state = todo.pop()
                sizes[state.get_full_name()] = len(state._serialize())
                todo.extend(state.substates.values())
            return sizes

        return asyncio.run(run())


def handler(state_cls: type, name: str) -> str:
    return f"{state_cls.get_full_name()}.{name}"


def journey() -> dict[str, Any]:
    """A citizen's tab: home, catalog, a search, a procedure, tracking with a wrong PIN,
    the Arabic screen, then signed in: their dossiers and a draft's form."""
    from sqlmodel import Session, select

    from counter.db import get_engine
    from counter.models import Account
    from counter.services.accounts import open_session
    from counter.services.dossiers import start_draft
    from counter.states.base import AppState
    from counter.states.catalog import CatalogState
    from counter.states.dossiers import TrackState

    tab = Tab("bench-tab")
    loads: dict[str, int] = {}
    loads["/"] = tab.open("/")
    loads["/procedures"] = tab.open("/procedures")
    loads["search"] = tab.send(handler(CatalogState, "set_query"), "/procedures", value="permis")
    loads["/procedures/CODE"] = tab.open(f"/procedures/{PROCEDURE}")
    loads["/track"] = tab.open("/track")
    loads["track"] = tab.send(handler(TrackState, "lookup"), "/track",
                              form={"code": "DRA-2026-000001", "pin": "000000"})
    loads["language"] = tab.send(handler(AppState, "set_lang"), "/track", lang="ar")
    with Session(get_engine(), expire_on_commit=False) as session:
        account = session.exec(select(Account).where(
            Account.email == "citoyen@demo.example.ma")).one()
        tab.cookie = open_session(session, account, client_ip="203.0.113.7")
        draft = start_draft(session, account=account, procedure_code=PROCEDURE)
        session.commit()
    loads["/dossiers"] = tab.open("/dossiers")
    loads["/dossiers/ID/edit"] = tab.open(f"/dossiers/{draft.id}/edit")
    return {"websocket_bytes": loads, "state_bytes": tab.state_bytes()}


def prepare(data_dir: Path) -> None:
    """A fresh embedded install (SQLite in `data_dir`) with the demo data."""
    os.environ["COUNTER_DATA_DIR"] = str(data_dir)
    os.environ["REFLEX_DB_URL"] = f"sqlite:///{data_dir / 'counter.db'}"
    os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    from sqlmodel import Session

    from counter.db import get_engine
    from counter.services.migrations import upgrade_to_head
    from counter.services.seed import load_demo_data

    upgrade_to_head()
    with Session(get_engine()) as session:
        load_demo_data(session)
        session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    with tempfile.TemporaryDirectory() as folder:
        prepare(Path(folder))
        figures = journey()
    total = sum(figures["state_bytes"].values())
    figures["state_total_bytes"] = total
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print("websocket bytes received per step:")
        for step, size in figures["websocket_bytes"].items():
            print(f"  {step:<22} {size / 1024:6.1f} KB")
        print("state of the tab, by part (largest first):")
        for name, size in sorted(figures["state_bytes"].items(), key=lambda p: -p[1])[:8]:
            print(f"  {name.rsplit('.', 1)[-1]:<40} {size / 1024:6.1f} KB")
        verdict = "PASS" if total <= GOAL_BYTES else "FAIL"
        print(f"state per tab: {total / 1024:.1f} KB (goal <= {GOAL_BYTES // 1024} KB) {verdict}")
    return 0 if total <= GOAL_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
