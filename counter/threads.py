"""The few threads a worker runs its short blocking work in (issue 13, point 4).

Event handlers (`states/base.off_loop`) and the session check before each event
(`states/binding`) wait on the database here, off the event loop. Few threads
(`COUNTER_HANDLER_THREADS`, 2), not Python's default pool of cores + 4: with six, the event
loop waited for the GIL behind them, and the embedded worker's p99 at 100 people doubled.
A password's hash (Argon2id: one core for about 200 ms) runs in a lane of its own
(`in_hashing_thread`, for the handlers marked `states.base.password_work`): as many
threads, at a lower CPU priority (nice + 5), so that when many people sign in at once the
cores serve everybody's pages first, instead of every event waiting behind a queue of
hashes; and the handler threads stay free meanwhile. Measured at 100 people on 2 cores
(bench/load.py): the production set-up's p99 went from 276-345 to 96-191 ms, a sign-in in
the first seconds' crowd (25 at once) from p50/p95 0.4/1.4 s to 0.3/3.0 s. At + 10, a
saturated machine (200 people) starved the sign-ins: some waited over 15 s; at + 5 none
failed (p95 10 s there, where every event queues).
Long work (a file's checks, an antivirus scan, the background jobs) and the HTTP side (a
page read from disk) keep Python's pool, so a page is never served after a queue of events
(measured: an HTTP p95 of 3.8 s at 200 people when pages waited here).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import functools
import os
import threading
from collections.abc import Callable
from typing import Any

from counter.settings import get_settings

_POOLS: dict[str, concurrent.futures.ThreadPoolExecutor] = {}
_POOL_LOCK = threading.Lock()
THREAD_PREFIX = "handler"
HASHING_PREFIX = "hashing"  # the threads' names
HASHING_NICENESS = 5  # added to the process's: Linux gives each thread its own


def _lower_priority() -> None:
    """This thread (Linux: a thread's nice value is its own) yields the cores to the others."""
    me = threading.get_native_id()
    # Not allowed here (never on Linux, a nice value can always go up): the lane still
    # keeps the handler threads free.
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, me, os.getpriority(os.PRIO_PROCESS, me)
                       + HASHING_NICENESS)


def _pool(prefix: str,
          initializer: Callable | None = None) -> concurrent.futures.ThreadPoolExecutor:
    with _POOL_LOCK:
        if prefix not in _POOLS:
            _POOLS[prefix] = concurrent.futures.ThreadPoolExecutor(
                max_workers=get_settings().handler_threads, thread_name_prefix=prefix,
                initializer=initializer)
        return _POOLS[prefix]


def worker_threads() -> concurrent.futures.ThreadPoolExecutor:
    """This process's pool, made at first use with the settings' size."""
    return _pool(THREAD_PREFIX)


def hashing_threads() -> concurrent.futures.ThreadPoolExecutor:
    """This process's lane for passwords' hashes: as many threads, at a lower priority."""
    return _pool(HASHING_PREFIX, _lower_priority)


async def _run_in(pool: concurrent.futures.Executor, fn: Callable, *args: Any,
                  **kwargs: Any) -> Any:  # noqa: ANN401
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(
        pool, functools.partial(context.run, fn, *args, **kwargs))


async def in_thread(fn: Callable, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
    """`fn(*args, **kwargs)` in one of the worker's threads, with the caller's context
    variables (as `asyncio.to_thread`)."""
    return await _run_in(worker_threads(), fn, *args, **kwargs)


async def in_hashing_thread(fn: Callable, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
    """`fn(*args, **kwargs)` in the passwords' lane (a lower priority), with the caller's
    context variables."""
    return await _run_in(hashing_threads(), fn, *args, **kwargs)
