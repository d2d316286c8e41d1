"""Numbers to watch (issue 14.6): /metrics in Prometheus text, internal only; /_health."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families
from reflex_base.event.processor import BaseStateEventProcessor
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.testclient import TestClient

from counter import db
from counter.api.routes import api
from counter.metrics import Measure, time_events
from counter.models import OutboxMessage
from counter.services.documents import DocumentRejected, receive_upload
from counter.settings import get_settings

LOOPBACK = ("127.0.0.1", 50000)


def _point_at(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str, **env: str) -> None:
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REFLEX_DB_URL", url)
    for name in ("COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD", "REFLEX_REDIS_URL",
                 "COUNTER_METRICS_ALLOW", "PROMETHEUS_MULTIPROC_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if db.get_engine.cache_info().currsize:
        db.get_engine().dispose()
    db.get_engine.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def product(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    _point_at(monkeypatch, tmp_path, sqlite_url)
    yield sqlite_url
    db.get_engine.cache_clear()
    get_settings.cache_clear()


def scrape(client: TestClient) -> dict[str, float]:
    """Every sample of /metrics, parsed by prometheus_client's own parser."""
    answer = client.get("/metrics")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(answer.text):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return samples


def test_metrics_are_prometheus_text_with_every_figure_to_watch(product):
    with TestClient(Measure(api), client=LOOPBACK) as client:
        samples = scrape(client)
    names = {key.split("{")[0] for key in samples}
    assert {"counter_outbox_backlog", "counter_outbox_oldest_age_seconds",
            "counter_dossiers_submitted_total", "counter_events_total",
            "counter_websockets_open", "counter_event_duration_seconds_count"} <= names
    assert samples["counter_outbox_backlog{}"] == 0


def test_the_outbox_backlog_and_its_oldest_age_move_with_waiting_mail(product):
    engine = db.get_engine()
    with Session(engine) as session:
        session.add(OutboxMessage(kind="submitted", to_address="a@example.ma",
                                  subject="s", body="b"))
        session.commit()
    with TestClient(api, client=LOOPBACK) as client:
        samples = scrape(client)
    assert samples["counter_outbox_backlog{}"] == 1
    assert samples["counter_outbox_oldest_age_seconds{}"] >= 0


def test_a_request_moves_the_request_latency_histogram(product):
    with TestClient(Measure(api), client=LOOPBACK) as client:
        before = scrape(client).get("counter_http_request_duration_seconds_count{kind=api}", 0)
        client.get("/api/documents/1")
        after = scrape(client)["counter_http_request_duration_seconds_count{kind=api}"]
    assert after == before + 1


def test_a_refused_upload_is_counted_by_its_reason(product):
    with TestClient(api, client=LOOPBACK) as client:
        before = scrape(client).get("counter_documents_rejected_total{reason=file_type}", 0)
        stream = io.BytesIO(b"<html>not a pdf</html>")

        async def read(size: int) -> bytes:
            return stream.read(size)

        with pytest.raises(DocumentRejected):
            asyncio.run(receive_upload(read, original_name="x.pdf"))
        after = scrape(client)["counter_documents_rejected_total{reason=file_type}"]
    assert after == before + 1


def test_an_event_moves_the_event_counter_and_latency(product):
    """The wrapped step is Reflex's own: an upgrade that renames it fails here."""
    assert callable(BaseStateEventProcessor._execute_event)

    class Processor:
        async def _execute_event(self, **_kwargs: object) -> None:
            await asyncio.sleep(0.01)

    processor = Processor()
    time_events(processor)
    time_events(processor)  # once only
    with TestClient(api, client=LOOPBACK) as client:
        before = scrape(client)
        asyncio.run(processor._execute_event(entry=None, registered_handler=None))
        after = scrape(client)
    assert after["counter_events_total{}"] == before["counter_events_total{}"] + 1
    assert (after["counter_event_duration_seconds_count{}"]
            == before["counter_event_duration_seconds_count{}"] + 1)
    assert (after["counter_event_duration_seconds_sum{}"]
            - before["counter_event_duration_seconds_sum{}"]) >= 0.01


def test_an_open_websocket_is_counted_while_open(product):
    async def echo(websocket) -> None:  # noqa: ANN001
        await websocket.accept()
        await websocket.receive_text()
        await websocket.close()

    sockets = Measure(Starlette(routes=[WebSocketRoute("/_event", echo)]))
    with TestClient(api, client=LOOPBACK) as client, TestClient(sockets) as other:
        before = scrape(client)["counter_websockets_open{}"]
        with other.websocket_connect("/_event") as socket:
            during = scrape(client)["counter_websockets_open{}"]
            socket.send_text("bye")
        after = scrape(client)["counter_websockets_open{}"]
    assert (before, during, after) == (before, before + 1, before)


@pytest.mark.parametrize("client_address, headers", [
    (("192.0.2.7", 50000), {}),
    (LOOPBACK, {"X-Forwarded-For": "192.0.2.7"}),
    (LOOPBACK, {"X-Real-IP": "192.0.2.7"}),
    (LOOPBACK, {"Forwarded": "for=192.0.2.7"}),
])
def test_metrics_are_refused_from_outside_and_through_the_proxy(product, client_address,
                                                                 headers):
    with TestClient(api, client=client_address) as client:
        answer = client.get("/metrics", headers=headers)
    assert answer.status_code == 404 and "counter_" not in answer.text


def test_an_address_listed_in_counter_metrics_allow_may_scrape(product, tmp_path, monkeypatch):
    _point_at(monkeypatch, tmp_path, product, COUNTER_METRICS_ALLOW="192.0.2.9, 192.0.2.10")
    with TestClient(api, client=("192.0.2.10", 50000)) as client:
        assert client.get("/metrics").status_code == 200
    with TestClient(api, client=("192.0.2.11", 50000)) as client:
        assert client.get("/metrics").status_code == 404


def test_health_is_ok_when_the_database_answers(product):
    with TestClient(api) as client:
        answer = client.get("/_health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "checked": ["database"]}


def test_health_is_503_naming_the_database_when_it_is_down(tmp_path, monkeypatch):
    _point_at(monkeypatch, tmp_path, "postgresql://postgres@127.0.0.1:1/nothing")
    with TestClient(api) as client:
        answer = client.get("/_health")
    assert answer.status_code == 503
    assert "database" in answer.json()["failed"]


def test_health_checks_redis_when_state_lives_there(product, tmp_path, monkeypatch):
    _point_at(monkeypatch, tmp_path, product, REFLEX_REDIS_URL="redis://127.0.0.1:1/0")
    with TestClient(api) as client:
        down = client.get("/_health")
    _point_at(monkeypatch, tmp_path, product, REFLEX_REDIS_URL="redis://127.0.0.1:6379/0")
    with TestClient(api) as client:
        up = client.get("/_health")
    assert down.status_code == 503 and list(down.json()["failed"]) == ["redis"]
    assert up.status_code == 200 and up.json()["checked"] == ["database", "redis"]
