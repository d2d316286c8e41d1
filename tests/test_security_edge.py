"""SECURITY 25, 26 and 32 at the edge of the backend (counter/api/edge.py), each test named
after its number: only the product's own origin, security headers on every response, and an
upload refused before its body is stored or cut while it streams."""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
import starlette.formparsers
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.testclient import TestClient
from starlette.websockets import WebSocket, WebSocketDisconnect

from counter import db
from counter.api import edge
from counter.db import session_scope
from counter.services.accounts import close_session, create_staff, open_session
from counter.settings import SettingsError, get_settings, load_settings

OWN = "http://127.0.0.1:3917"
FOREIGN = "http://127.0.0.1:8888"  # another port of the same host: the attack of finding 2


# --- the product, its database and a signed-in account ------------------------------------


@pytest.fixture
def product(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
            cheap_hashing: None) -> Iterator[None]:
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REFLEX_DB_URL", sqlite_url)
    monkeypatch.setenv("COUNTER_PUBLIC_URL", OWN)
    monkeypatch.setenv("COUNTER_MAX_UPLOAD_MB", "1")
    for name in ("COUNTER_ALLOWED_ORIGINS", "COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield
    db.get_engine().dispose()
    db.get_engine.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def session_token(product: None) -> str:
    with session_scope() as session:
        account = create_staff(session, role="admin", full_name="Rachid El Idrissi",
                               email="admin@region.example.ma", password="Bonne-phrase-2026")
        return open_session(session, account, client_ip="127.0.0.1")


class Spooled:
    """Counts what Starlette's form parser writes to its temporary files."""

    created = 0
    written = 0

    def __init__(self, real: type) -> None:
        self.real = real

    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN204
        Spooled.created += 1
        file = self.real(*args, **kwargs)
        write = file.write

        def counted(data: bytes) -> int:
            Spooled.written += len(data)
            return write(data)

        file.write = counted
        return file


@pytest.fixture
def spooling(monkeypatch: pytest.MonkeyPatch) -> type[Spooled]:
    Spooled.created = Spooled.written = 0
    monkeypatch.setattr(starlette.formparsers, "SpooledTemporaryFile",
                        Spooled(starlette.formparsers.SpooledTemporaryFile))
    return Spooled


class Backend:
    """Stands for Reflex's /_upload: parses the form as its buffered path does
    (`request.form()`, which spools files to temporary files), counting the bytes it reads."""

    def __init__(self) -> None:
        self.read = 0
        self.calls = 0
        self.files: list[bytes] = []

        async def upload(request: Request) -> Response:
            self.calls += 1
            form = await request.form()
            for file in form.getlist("files"):
                self.files.append(await file.read())
            return JSONResponse({"files": len(self.files)})

        async def page(request: Request) -> Response:
            return HTMLResponse(PAGE)

        async def data(request: Request) -> Response:
            return JSONResponse({"ok": True})

        async def own_policy(request: Request) -> Response:
            return PlainTextResponse("pdf", headers={
                "Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'"})

        async def cached(request: Request) -> Response:
            etag = '"' + request.query_params.get("v", "1") + '"'
            if request.headers.get("if-none-match") == etag:
                return Response(status_code=304, headers={"ETag": etag})
            return HTMLResponse(PAGE, headers={"ETag": etag})

        async def socket(websocket: WebSocket) -> None:
            await websocket.accept()
            await websocket.send_text("hello")
            await websocket.close()

        self.app = Starlette(routes=[
            Route("/_upload", upload, methods=["POST"]),
            Route("/", page),
            Route("/data.json", data),
            Route("/cached", cached),
            Route("/api/documents/1", own_policy),
            WebSocketRoute("/_event/", socket),
        ])

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        async def counted_receive():  # noqa: ANN202
            message = await receive()
            self.read += len(message.get("body", b""))
            return message

        await self.app(scope, counted_receive, send)


@pytest.fixture
def backend(product: None) -> Backend:
    return Backend()


def _client(backend: Backend) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=edge.edge(backend)),
                             base_url=OWN)


def _post(backend: Backend, **kwargs) -> httpx.Response:  # noqa: ANN003
    async def go() -> httpx.Response:
        async with _client(backend) as client:
            return await client.post("/_upload", **kwargs)

    return asyncio.run(go())


def _multipart(size: int, boundary: str = "xyz") -> tuple[bytes, bytes]:
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
            f"filename=\"plan.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
    return head, f"\r\n--{boundary}--\r\n".encode()


# --- 25: origins --------------------------------------------------------------------------


def test_security_25_the_allowed_origins_are_the_products_own_by_default():
    settings = load_settings({"COUNTER_PUBLIC_URL": "https://guichet.region.ma/"})
    assert settings.allowed_origins == ("https://guichet.region.ma",)
    local = load_settings({})
    assert local.allowed_origins == ("http://localhost:3000", "http://127.0.0.1:3000")


def test_security_25_an_operator_adds_origins_and_a_wildcard_is_refused():
    settings = load_settings({"COUNTER_PUBLIC_URL": "https://guichet.region.ma",
                              "COUNTER_ALLOWED_ORIGINS": "https://ar.guichet.region.ma, "
                                                         "https://GUICHET.ma/"})
    assert settings.allowed_origins == ("https://guichet.region.ma",
                                        "https://ar.guichet.region.ma", "https://guichet.ma")
    for bad in ("*", "guichet.ma", "https://guichet.ma/path", "ftp://guichet.ma"):
        with pytest.raises(SettingsError, match="COUNTER_ALLOWED_ORIGINS"):
            load_settings({"COUNTER_ALLOWED_ORIGINS": bad})


def test_security_25_reflex_cors_and_socketio_get_only_the_products_origins(product):
    import runpy

    from counter.settings import PROJECT_ROOT

    config = runpy.run_path(str(PROJECT_ROOT / "rxconfig.py"))["config"]  # as Reflex reads it
    assert list(config.cors_allowed_origins) == [OWN, "http://localhost:3917"]
    assert "*" not in config.cors_allowed_origins


def test_security_25_a_websocket_from_a_foreign_page_is_refused(backend):
    client = TestClient(edge.edge(backend))
    with (pytest.raises(WebSocketDisconnect) as refused,
          client.websocket_connect("/_event/", headers={"Origin": FOREIGN})):
        pass
    assert refused.value.code == 1008
    with client.websocket_connect("/_event/", headers={"Origin": OWN}) as socket:
        assert socket.receive_text() == "hello"


# --- 26: security headers -----------------------------------------------------------------

PAGE = ("<!DOCTYPE html><html><head><script>window.theme = 'light';</script>"
        "<script type=\"module\" async=\"\">import \"/assets/root.js\";</script>"
        "<script src=\"/assets/app.js\"></script></head><body><script id=\"_R_\">"
        "requestAnimationFrame(function(){})</script></body></html>")


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_security_26_pages_allow_their_own_inline_scripts_by_hash_only(backend):
    response = TestClient(edge.edge(backend)).get("/")
    policy = response.headers["content-security-policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
    inline = ["window.theme = 'light';", 'import "/assets/root.js";',
              "requestAnimationFrame(function(){})"]
    assert sorted(script_src) == sorted(["'self'", "'unsafe-eval'", *map(_sha, inline)])
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "connect-src 'self' ws://127.0.0.1:3917 ws://localhost:3917" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_security_26_a_page_revalidated_by_etag_keeps_its_own_policy(backend):
    client = TestClient(edge.edge(backend))
    first = client.get("/cached?v=7")
    again = client.get("/cached?v=7", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["content-security-policy"] == first.headers["content-security-policy"]
    # A 304 for a page this server never hashed: no policy, never one that blocks its scripts.
    # (The browser sends back the ETag of the variant it got: its language and encoding.)
    variant = first.headers["etag"].removeprefix('"7')
    unknown = client.get("/cached?v=8", headers={"If-None-Match": '"8' + variant})
    assert unknown.status_code == 304
    assert "content-security-policy" not in unknown.headers


def test_security_26_a_compressed_page_is_hashed_from_its_decoded_html():
    assert edge.inline_script_hashes(gzip.decompress(gzip.compress(PAGE.encode()))) == (
        edge.inline_script_hashes(PAGE.encode()))
    assert edge._decoded(gzip.compress(PAGE.encode()), "gzip") == PAGE.encode()
    assert edge._decoded(b"not gzip", "gzip") is None


def test_security_26_other_responses_can_run_nothing_and_cannot_be_framed(backend):
    response = TestClient(edge.edge(backend)).get("/data.json")
    assert response.headers["content-security-policy"] == edge.RESOURCE_POLICY
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_security_26_a_route_that_sets_its_own_policy_keeps_it(backend):
    response = TestClient(edge.edge(backend)).get("/api/documents/1")
    assert response.headers["content-security-policy"] == (
        "default-src 'none'; frame-ancestors 'self'")
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    assert response.headers["referrer-policy"] == "same-origin"


def test_security_26_the_private_document_routes_policy_is_unchanged():
    from counter.api.routes import _private_headers

    policy = _private_headers("attachment")["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'self'" in policy


# --- 32: uploads --------------------------------------------------------------------------


def test_security_32_an_upload_without_a_session_is_refused_before_its_body_is_read(
        backend, spooling):
    head, tail = _multipart(0)
    for cookies in ({}, {"counter_session": "made-up-token-" + "x" * 30}):
        response = _post(backend, content=head + b"%PDF" + b"\0" * 300_000 + tail,
                         headers={"Content-Type": "multipart/form-data; boundary=xyz",
                                  "Accept-Language": "ar",
                                  **({"Cookie": f"counter_session={cookies['counter_session']}"}
                                     if cookies else {})})
        assert response.status_code == 401
        assert "تسجيل الدخول" in response.text or "سجلوا الدخول" in response.text
    assert backend.calls == 0 and backend.read == 0
    assert spooling.created == 0 and spooling.written == 0


def test_security_32_an_ended_session_cannot_upload(backend, session_token, spooling):
    with session_scope() as session:
        close_session(session, session_token)
    head, tail = _multipart(0)
    response = _post(backend, content=head + b"%PDF-1.4" + tail,
                     headers={"Content-Type": "multipart/form-data; boundary=xyz",
                              "Cookie": f"counter_session={session_token}"})
    assert response.status_code == 401
    assert backend.calls == 0 and spooling.created == 0


def test_security_32_a_streamed_body_is_cut_at_the_limit_whatever_it_claims(
        backend, session_token, spooling):
    limit = get_settings().max_upload_bytes + edge.MULTIPART_ALLOWANCE
    chunk = b"\0" * 65536
    sent = 0
    head, _tail = _multipart(0)

    async def three_hundred_megabytes() -> AsyncIterator[bytes]:
        nonlocal sent
        yield head
        for _ in range(300 * 16):  # 300 MB, chunked: no Content-Length to trust
            sent += len(chunk)
            yield chunk

    response = _post(backend, content=three_hundred_megabytes(),
                     headers={"Content-Type": "multipart/form-data; boundary=xyz",
                              "Cookie": f"counter_session={session_token}"})
    assert response.status_code == 413
    assert "1 Mo" in response.text
    assert backend.read <= limit
    assert sent <= limit + 2 * len(chunk)  # the rest of the 300 MB was never pulled in
    assert spooling.written <= limit


def test_security_32_a_declared_oversized_body_is_refused_unread(backend, session_token,
                                                                 spooling):
    async def body() -> AsyncIterator[bytes]:
        yield b"x" * 1000

    async def go() -> httpx.Response:
        async with _client(backend) as client:
            request = client.build_request(
                "POST", "/_upload", content=body(),
                headers={"Content-Type": "multipart/form-data; boundary=xyz",
                         "Content-Length": str(300 * 1024 * 1024),
                         "Cookie": f"counter_session={session_token}"})
            return await client.send(request)

    assert asyncio.run(go()).status_code == 413
    assert backend.calls == 0 and backend.read == 0 and spooling.created == 0


def test_security_32_a_signed_in_upload_within_the_limit_goes_through(backend, session_token):
    content = b"%PDF-1.4\n" + b"a" * (get_settings().max_upload_bytes - 100)
    response = _post(backend, files={"files": ("plan.pdf", content, "application/pdf")},
                     cookies={"counter_session": session_token})
    assert response.status_code == 200
    assert backend.files == [content]


def test_security_32_other_requests_pass_untouched(backend):
    response = TestClient(edge.edge(backend)).get("/data.json")
    assert response.status_code == 200 and response.json() == {"ok": True}


def test_a_page_address_is_served_as_written_not_redirected(tmp_path):
    """The static server redirects `/dossiers` to `/dossiers/` (a round trip on a slow line,
    and a reload after sign-in lands on another address than the router's)."""
    from starlette.applications import Starlette
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from counter.api.edge import PageAddresses

    (tmp_path / "dossiers").mkdir()
    (tmp_path / "dossiers.html").write_text("<p>dossiers</p>")
    (tmp_path / "dossiers" / "index.html").write_text("<p>dossiers</p>")
    (tmp_path / "index.html").write_text("<p>home</p>")
    (tmp_path / "style.css").write_text("p{}")
    static = Starlette(routes=[Mount("/", app=StaticFiles(directory=tmp_path, html=True))])
    plain = TestClient(static, follow_redirects=False)
    assert plain.get("/dossiers").status_code == 307  # what the framework's server does

    client = TestClient(PageAddresses(static, lambda: tmp_path.resolve()),
                        follow_redirects=False)
    answer = client.get("/dossiers")
    assert (answer.status_code, answer.text) == (200, "<p>dossiers</p>")
    assert client.get("/dossiers/").status_code == 200
    assert client.get("/").text == "<p>home</p>"
    assert client.get("/style.css").text == "p{}"
    assert client.get("/../dossiers").status_code in (200, 404)
    assert client.get("/nowhere").status_code == 404
    assert client.post("/dossiers").status_code == 405
