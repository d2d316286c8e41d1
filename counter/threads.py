"""The few threads a worker runs its short blocking work in (issue 13, point 4).

Event handlers (`states/base.off_loop`) and the session check before each event
(`states/binding`) wait on the database here, off the event loop. Few threads
(`COUNTER_HANDLER_THREADS`, 2), not Python's default pool of cores + 4: with six, the event
loop waited for the GIL behind them, and the embedded worker's p99 at 100 people doubled.
Long work (a file's checks, an antivirus scan, the background jobs) and the HTTP side (a
page read from disk) keep Python's pool, so a page is never served after a queue of events
(measured: an HTTP p95 of 3.8 s at 200 people when pages waited here).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import functools
import threading
from collections.abc import Callable
from typing import Any

from counter.settings import get_settings

_POOL: concurrent.futures.ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
THREAD_PREFIX = "handler"


def worker_threads() -> concurrent.futures.ThreadPoolExecutor:
    """This process's pool, made at first use with the settings' size."""
    global _POOL  # noqa: PLW0603
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = concurrent.futures.ThreadPoolExecutor(
                max_workers=get_settings().handler_threads, thread_name_prefix=THREAD_PREFIX)
        return _POOL


async def in_thread(fn: Callable, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
    """`fn(*args, **kwargs)` in one of the worker's threads, with the caller's context
    variables (as `asyncio.to_thread`)."""
    context = contextvars.copy_context()
    return await asyncio.get_running_loop().run_in_executor(
        worker_threads(), functools.partial(context.run, fn, *args, **kwargs))
