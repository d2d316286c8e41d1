"""Numbers to watch (issue 14.6): `/metrics` in Prometheus text format, `/_health`.

Figures of the process (request and event latency, events, open websockets, documents
rejected by reason) are prometheus_client metrics; with several workers, set
`PROMETHEUS_MULTIPROC_DIR` to a folder they share (emptied at each start) and the scrape sums
them. Figures of the installation (outbox backlog and oldest message's age, job failures,
dossiers submitted) are read from the database at each scrape, so every worker and every
machine answers the same.

`/metrics` answers only a direct request from loopback, or from an address listed in
`COUNTER_METRICS_ALLOW`; a request that came through the reverse proxy (it carries
`X-Forwarded-For`, `X-Real-IP` or `Forwarded`) is refused (404), so citizens never see it.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, text
from sqlmodel import select
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from counter.db import session_scope
from counter.models import Dossier, OutboxMessage
from counter.settings import get_settings

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
PROXY_HEADERS = ("x-forwarded-for", "x-real-ip", "forwarded")

REQUEST_SECONDS = Histogram("counter_http_request_duration_seconds",
                            "HTTP requests, from the first byte in to the last byte out",
                            ["kind"], buckets=LATENCY_BUCKETS)
EVENT_SECONDS = Histogram("counter_event_duration_seconds",
                          "Reflex events, from the state lock to the handler's end",
                          buckets=LATENCY_BUCKETS)
EVENTS = Counter("counter_events", "Reflex events processed (rate() gives events per second)")
WEBSOCKETS = Gauge("counter_websockets_open", "Open websockets of the event channel",
                   multiprocess_mode="livesum")
DOCUMENTS_REJECTED = Counter("counter_documents_rejected", "Uploaded files refused",
                             ["reason"])


def request_kind(path: str) -> str:
    """A few kinds, never the path itself (ids would make a series each)."""
    if path.startswith("/api/"):
        return "api"
    if path.startswith("/_upload"):
        return "upload"
    if path.startswith("/_"):
        return "internal"
    if path.startswith(("/assets/", "/static/")) or "." in path.rsplit("/", 1)[-1]:
        return "asset"
    return "page"


def document_rejected(code: str) -> None:
    DOCUMENTS_REJECTED.labels(reason=code.removeprefix("error.")).inc()


class Measure:
    """ASGI middleware: request latency by kind, and open websockets of /_event."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            opened = False

            async def counting(message: Message) -> None:
                nonlocal opened
                if message["type"] == "websocket.accept" and not opened:
                    opened = True
                    WEBSOCKETS.inc()
                await send(message)

            try:
                await self.app(scope, receive, counting)
            finally:
                if opened:
                    WEBSOCKETS.dec()
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            REQUEST_SECONDS.labels(kind=request_kind(scope.get("path", ""))).observe(
                time.perf_counter() - started)


def time_events(processor: Any) -> None:
    """Wrap the event processor's step that runs one event (Reflex 0.10's
    `BaseStateEventProcessor._execute_event`) to time it; tested, so an upgrade that renames
    it fails a test instead of silently losing the figure."""
    original = processor._execute_event
    if getattr(original, "_timed", False):
        return

    async def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await original(*args, **kwargs)
        finally:
            EVENT_SECONDS.observe(time.perf_counter() - started)
            EVENTS.inc()

    timed._timed = True  # type: ignore[attr-defined]
    processor._execute_event = timed


class DatabaseFigures(Collector):
    """The installation's figures, read at each scrape."""

    def collect(self) -> Iterator[Any]:
        from counter.services.jobs import failure_counts

        now = datetime.now(UTC)
        with session_scope() as session:
            backlog, oldest = session.exec(select(func.count(), func.min(
                OutboxMessage.created_at)).where(OutboxMessage.sent_at.is_(None))).one()
            failures = failure_counts(session)
            submitted = session.exec(select(func.count()).where(
                Dossier.submitted_at.is_not(None))).one()
        yield GaugeMetricFamily("counter_outbox_backlog", "E-mails waiting to be sent",
                                value=backlog)
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        yield GaugeMetricFamily("counter_outbox_oldest_age_seconds",
                                "Age of the oldest e-mail waiting (0: none)",
                                value=(now - oldest).total_seconds() if oldest else 0.0)
        jobs = CounterMetricFamily("counter_job_failures", "Failed runs of each job",
                                   labels=["job"])
        for name, count in sorted(failures.items()):
            jobs.add_metric([name], count)
        yield jobs
        yield CounterMetricFamily("counter_dossiers_submitted",
                                  "Dossiers ever submitted (still stored)", value=submitted)


def registry() -> CollectorRegistry:
    fresh = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(fresh)
    else:
        for collector in (REQUEST_SECONDS, EVENT_SECONDS, EVENTS, WEBSOCKETS,
                          DOCUMENTS_REJECTED):
            fresh.register(collector)
    fresh.register(DatabaseFigures())
    return fresh


def is_internal(request: Request) -> bool:
    """Loopback without a proxy's headers, or an address the operator listed."""
    host = request.client.host if request.client else ""
    if host in get_settings().metrics_allow:
        return True
    if any(name in request.headers for name in PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def metrics(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    if not is_internal(request):
        return PlainTextResponse("Not found", status_code=404)
    body = await run_in_threadpool(lambda: generate_latest(registry()))
    return Response(body, media_type=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})


def health_problems() -> dict[str, str]:
    """What does not answer: the database, and Redis when the state lives there."""
    problems = {}
    try:
        with session_scope() as session:
            session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    except Exception as error:  # noqa: BLE001
        problems["database"] = type(error).__name__
    if url := get_settings().redis_url:
        import redis

        try:
            client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
            client.ping()
            client.close()
        except Exception as error:  # noqa: BLE001
            problems["redis"] = type(error).__name__
    return problems


async def health(_request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    problems = await run_in_threadpool(health_problems)
    checked = ["database", *(["redis"] if get_settings().redis_url else [])]
    if problems:
        return JSONResponse({"status": "failing", "failed": problems, "checked": checked},
                            status_code=503, headers={"Cache-Control": "no-store"})
    return JSONResponse({"status": "ok", "checked": checked},
                        headers={"Cache-Control": "no-store"})


routes = [
    Route("/metrics", metrics, methods=["GET"]),
    Route("/_health", health, methods=["GET"]),
]
