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


# --- every log a JSON line, and the workers' figures summed ------------------------------

_LOGGING_PROCESS = r"""
import logging, warnings
from counter.logs import install_json_logs, log_event, say
install_json_logs()
say("Database schema is up to date.")
logging.getLogger("sqlalchemy.pool").warning("connection %s lost", "db\nFORGED")
logging.getLogger("counter.jobs").error("job failed", exc_info=ValueError("boom"))
warnings.warn("an old call", DeprecationWarning, stacklevel=1)
log_event("signin_failed", login="a\nb")
"""


def _run_logging(json_mode: str | None) -> list[str]:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "REFLEX_LOG_JSON"}
    if json_mode is not None:
        env["REFLEX_LOG_JSON"] = json_mode
    done = subprocess.run([sys.executable, "-W", "always", "-c", _LOGGING_PROCESS], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    return [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]


def test_in_json_mode_every_record_of_every_logger_is_one_json_line():
    import json

    lines = _run_logging("true")
    records = [json.loads(line) for line in lines]  # each line is JSON, or this fails
    messages = [r.get("message") or r.get("event") for r in records]
    assert "Database schema is up to date." in messages
    assert any("connection db\\nFORGED lost" in (m or "") for m in messages)
    assert any(r.get("logger") == "counter.jobs" and r["level"] == "error" for r in records)
    assert any("an old call" in (m or "") for m in messages)  # a warning, captured
    assert "signin_failed" in messages
    assert len(records) == 5


def test_outside_json_mode_the_commands_messages_stay_plain_text():
    lines = _run_logging(None)
    assert "Database schema is up to date." in lines


def test_a_prebuilt_start_empties_the_shared_metrics_folder(tmp_path, monkeypatch):
    from counter.serving import metrics_folder

    _point_at(monkeypatch, tmp_path, f"sqlite:///{tmp_path / 'm.db'}")
    env: dict[str, str] = {}
    folder = metrics_folder(get_settings(), env)
    assert env["PROMETHEUS_MULTIPROC_DIR"] == str(folder) == str(tmp_path / "data" / "metrics")
    (folder / "counter_1234.db").write_bytes(b"a dead worker's figures")
    (folder / "keep.txt").write_text("not ours")
    assert metrics_folder(get_settings(), env) == folder
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]
    mine = tmp_path / "operator"
    assert metrics_folder(get_settings(), {"PROMETHEUS_MULTIPROC_DIR": str(mine)}) == mine
