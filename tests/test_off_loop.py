"""Issue 13, point 4: no event handler of the product stops a worker's event loop."""

from __future__ import annotations

import asyncio
import inspect
import threading
import time

import pytest
from reflex.istate.manager.memory import StateManagerMemory
from reflex.state import State
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor

import counter.counter  # noqa: F401  (the app: every state registered)
from counter.states import dossiers as dossier_states
from counter.states.base import AppState
from counter.states.dossiers import TrackState


def _all_states(cls: type) -> list[type]:
    return [cls, *[s for sub in cls.get_substates() for s in _all_states(sub)]]


def test_every_handler_of_the_product_runs_off_the_event_loop():
    handlers = [(cls.__name__, name, handler) for cls in _all_states(AppState)
                for name, handler in cls.event_handlers.items()
                if handler.fn.__module__.startswith("counter.")]
    assert len(handlers) > 100
    blocking = [(cls, name) for cls, name, handler in handlers
                if not (inspect.iscoroutinefunction(handler.fn)
                        or inspect.isasyncgenfunction(handler.fn)
                        or getattr(handler.fn, "_rx_off_loop", ""))]
    assert blocking == []

    async def in_the_processor() -> object:
        return TrackState.event_handlers["set_pin"].fn(State(_reflex_internal_init=True)
                                                       .get_substate(_path(TrackState)), "1")

    called = asyncio.run(in_the_processor())
    assert inspect.iscoroutine(called)
    asyncio.run(called)


def _path(cls: type) -> list[str]:
    return cls.get_full_name().split(".")[1:]


def test_a_handler_called_from_another_is_the_plain_function():
    """A handler calling another directly (in its own thread) gets its result, not a
    coroutine to await."""
    state = State(_reflex_internal_init=True)
    app_state = state.get_substate(_path(AppState))
    assert not inspect.iscoroutinefunction(app_state.set_lang)
    # And where no event loop runs (a test calling Handler.fn(state)) it runs at once.
    track = state.get_substate(_path(TrackState))
    assert TrackState.set_pin.fn(track, "123456") is None and track.pin == "123456"


class _Namespace:
    def __init__(self) -> None:
        self.frames: list[object] = []

    async def emit_update(self, update: object, token: str) -> None:
        self.frames.append(update)


async def _one_event(token: str, name: str, path: str, payload: dict) -> None:
    """One tab's event, as the websocket delivers it to the real app."""
    processor = BaseStateEventProcessor(middleware=counter.counter.app)
    processor.configure(state_manager=StateManagerMemory(), event_namespace=_Namespace())
    router = {"pathname": path, "asPath": path, "query": {},
              "headers": {"origin": "http://localhost:3000"}, "ip": "203.0.113.9",
              "token": token, "sid": f"sid-{token}"}
    async with processor:
        future = await processor.enqueue(token, Event(name=name, payload=payload,
                                                      router_data=router))
        await asyncio.wait_for(future.wait_all(), timeout=30)


async def _track_lookup(token: str) -> None:
    """One tab's tracking lookup."""
    await _one_event(token, f"{TrackState.get_full_name()}.lookup", "/track",
                     {"form": {"code": "DRA-2026-000001", "pin": "1234"}})


def test_a_slow_handler_leaves_the_loop_serving_others(monkeypatch: pytest.MonkeyPatch,
                                                       private_settings, product_engine):
    """While one tab's tracking waits 0.4 s on the database (a stand-in: time.sleep), the
    loop keeps ticking every 10 ms: other tabs and HTTP requests are served meanwhile."""
    def slow_track(session, **kwargs):  # noqa: ANN001, ANN003, ANN202
        time.sleep(0.4)
        raise dossier_states.service.TrackingRefused("error.tracking_failed")

    monkeypatch.setattr(dossier_states.service, "track", slow_track)

    async def run() -> int:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        task = asyncio.create_task(ticker())
        await _track_lookup("slow-tab")
        task.cancel()
        return ticks

    assert asyncio.run(run()) >= 20


def test_handlers_run_in_the_few_threads_of_the_worker(monkeypatch: pytest.MonkeyPatch,
                                                        private_settings, product_engine):
    """Not in Python's default pool (cores + 4 threads): a handful of handler threads, so the
    event loop does not fight many threads for the GIL (issue 13: the embedded worker's
    p99 at 100 people went from 170-320 to 125-146 ms)."""
    from counter import threads
    from counter.settings import get_settings

    seen: list[str] = []

    def where(session, **kwargs):  # noqa: ANN001, ANN003, ANN202
        seen.append(threading.current_thread().name)
        raise dossier_states.service.TrackingRefused("error.tracking_failed")

    monkeypatch.setattr(dossier_states.service, "track", where)
    asyncio.run(_track_lookup("thread-tab"))
    assert seen and seen[0].startswith("handler")
    assert threads.worker_threads()._max_workers == get_settings().handler_threads == 2


def test_a_sign_in_hashes_in_its_own_lane_at_a_lower_priority(monkeypatch: pytest.MonkeyPatch,
                                                              private_settings, product_engine):
    """A password's hash (Argon2id, one core for about 200 ms) runs in the hashing lane:
    not in the handler threads, which stay free for everybody's pages, and at a nice value
    above the worker's, so a crowd signing in at once yields the cores to everybody's pages."""
    import os

    from counter import threads
    from counter.states import auth as auth_states
    from counter.states.auth import ProfileState, ResetState, SignInState, SignUpState

    seen: list[tuple[str, int, int]] = []
    base = os.getpriority(os.PRIO_PROCESS, 0)

    def where(session, **kwargs):  # noqa: ANN001, ANN003, ANN202
        me = threading.get_native_id()
        seen.append((threading.current_thread().name, os.getpriority(os.PRIO_PROCESS, me),
                     base))
        raise auth_states.accounts.SignInFailed()

    monkeypatch.setattr(auth_states.accounts, "sign_in", where)
    asyncio.run(_one_event("hashing-tab", f"{SignInState.get_full_name()}.sign_in", "/signin",
                           {"form": {"login": "a@example.ma", "password": "x" * 12}}))
    assert seen, "the sign-in did not run"
    name, niceness, process = seen[0]
    assert name.startswith(threads.HASHING_PREFIX)
    assert niceness == min(process + threads.HASHING_NICENESS, 19)
    # The handler threads keep their priority.
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == base
    # Every handler that hashes a password is in the lane; a tracking lookup is not.
    for state, handler in ((SignUpState, "sign_up"), (ResetState, "save"),
                           (ProfileState, "change_password"), (ProfileState, "save_profile")):
        assert getattr(state.event_handlers[handler].fn.__wrapped__,
                       "_counter_password_work", False), handler
    assert not getattr(TrackState.event_handlers["lookup"].fn.__wrapped__,
                       "_counter_password_work", False)
