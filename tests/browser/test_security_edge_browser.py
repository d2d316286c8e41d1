"""SECURITY 25, 26 and 32 against the real product (`python -m counter serve`, one port), in
Chromium and on the wire: a page of another origin cannot read a private PDF with the
visitor's session nor open the websocket; pages run under their CSP without one violation
and still work; an upload without a session, or too big, is refused by the server."""

from __future__ import annotations

import http.client
import re
import select
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import file_investment, open_page, wait_until_loaded

pytestmark = pytest.mark.browser
DEMO = {a["role"]: a for a in DEMO_ACCOUNTS}
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => window.reportViolation(
  [e.violatedDirective, e.blockedURI, e.sample, e.sourceFile, e.lineNumber].join(" | ")));
"""


# --- helpers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def foreign_origin() -> Iterator[str]:
    """A page on another port of the same host: the attacker's site of finding 2."""

    class Attack(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = b"<!DOCTYPE html><html><body><h1>Jeu concours</h1></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Attack)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def watched_context(browser: Browser) -> tuple[BrowserContext, list[str]]:
    """A desktop context whose every CSP violation and console error is written down."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(20_000)
    problems: list[str] = []
    context.expose_function("reportViolation", lambda text: problems.append(f"CSP: {text}"))
    context.add_init_script(REPORT_VIOLATIONS)

    def watch(page: Page) -> None:
        page.on("console", lambda message: message.type == "error"
                and problems.append(f"console ({page.url}): {message.text[:300]}"))
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))

    context.on("page", watch)
    return context, problems


def sign_in(page: Page, base: str, role: str, landing: str) -> None:
    open_page(page, f"{base}/signin")
    page.get_by_label("E-mail ou numéro de mobile").fill(DEMO[role]["email"])
    page.locator("#input-password").fill(DEMO[role]["password"])
    page.locator("#signin-submit").click()
    expect(page).to_have_url(re.compile(landing))


def headers_of(url: str, origin: str | None = None) -> dict[str, str]:
    request = urllib.request.Request(url, headers={"Origin": origin} if origin else {})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as error:
        return {k.lower(): v for k, v in error.headers.items()}


def websocket_handshake(base: str, origin: str) -> str:
    """The status line the server answers to a socket.io websocket opening from `origin`."""
    address = urlparse(base)
    with socket.create_connection((address.hostname, address.port), timeout=20) as sock:
        sock.sendall((
            "GET /_event/?EIO=4&transport=websocket HTTP/1.1\r\n"
            f"Host: {address.netloc}\r\nOrigin: {origin}\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        return sock.recv(4096).decode(errors="replace").split("\r\n", 1)[0]


# --- 26 (and the upload of 32) in a real browser ------------------------------------------


def test_security_26_pages_run_under_their_policy_without_one_violation(live_app, browser,
                                                                         tmp_path):
    context, problems = watched_context(browser)
    page = context.new_page()
    for path, ready in (("/", "#main h1"), ("/procedures", ".procedure-card"),
                        ("/procedures/DRA_ACCESS_INFO", "#start-dossier"),
                        ("/signin", "#signin-submit")):
        response = page.goto(f"{live_app}{path}")
        headers = response.all_headers()
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "'unsafe-inline'" not in (
            re.search(r"script-src ([^;]+)", policy).group(1)), (path, policy)
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        wait_until_loaded(page)
        expect(page.locator(ready).first).to_be_visible()
    # An event round trip still works under the policy: the language switch.
    page.locator("#lang-ar").dispatch_event("click")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.locator("#lang-fr").dispatch_event("click")
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    # A signed-in business files (uploads through the upload guard) and sees its dossier.
    uploads: list[int] = []
    page.on("response", lambda response: "/_upload" in response.url
            and uploads.append(response.status))
    sign_in(page, live_app, "business", r"/business$")
    file_investment(page, live_app, tmp_path)
    assert uploads and all(status == 200 for status in uploads), uploads
    dossier_id = re.search(r"/dossiers/(\d+)", page.url).group(1)
    open_page(page, f"{live_app}/business")
    expect(page.locator(".investment-card").first).to_be_visible()
    context.close()

    # A signed-in citizen's own page.
    context_citizen, citizen_problems = watched_context(browser)
    citizen = context_citizen.new_page()
    sign_in(citizen, live_app, "citizen", r"/dossiers$")
    expect(citizen.locator("#main h1").first).to_be_visible()
    citizen.wait_for_load_state("networkidle")
    context_citizen.close()

    # The agent's queue, and the dossier with its documents shown in frames.
    context_agent, agent_problems = watched_context(browser)
    agent = context_agent.new_page()
    sign_in(agent, live_app, "agent", r"/agent$")
    expect(agent.locator(".queue-row").first).to_be_visible()
    agent.wait_for_load_state("networkidle")
    open_page(agent, f"{live_app}/agent/dossiers/{dossier_id}")
    expect(agent.locator("#review-code")).to_be_visible()
    expect(agent.locator("iframe").first).to_be_attached()
    agent.wait_for_load_state("networkidle")
    context_agent.close()
    everything = problems + citizen_problems + agent_problems
    assert not everything, everything


def test_security_26_files_and_data_can_run_nothing_and_cannot_be_framed(live_app):
    for path in ("/api/documents/1", "/ping", "/api/open-data/indicators.csv", "/favicon.ico"):
        headers = headers_of(f"{live_app}{path}")
        assert "frame-ancestors" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff", path
        assert "strict-transport-security" not in headers, path  # plain http: no HSTS


# --- 25: only the product's own origin ----------------------------------------------------


def test_security_25_a_page_of_another_origin_cannot_read_a_private_pdf(live_app, browser,
                                                                         tmp_path,
                                                                         foreign_origin):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(20_000)
    page = context.new_page()
    sign_in(page, live_app, "business", r"/business$")
    file_investment(page, live_app, tmp_path)
    receipt = page.locator("#receipt-link").get_attribute("href")
    url = receipt if receipt.startswith("http") else f"{live_app}{receipt}"
    fetch = """async (url) => {
        try { const r = await fetch(url, {credentials: "include"});
              return r.status + " " + (await r.blob()).size; }
        catch (error) { return "refused: " + error; } }"""
    own = page.evaluate(fetch, url)
    assert own.startswith("200 ") and int(own.split()[1]) > 1000, own  # the visitor's own PDF
    # The same visitor, still signed in, lands on another site of the same host.
    attacker = context.new_page()
    attacker.goto(f"{foreign_origin}/")
    stolen = attacker.evaluate(fetch, url)
    assert stolen.startswith("refused"), stolen
    context.close()


def test_security_25_a_foreign_origin_is_never_echoed_by_api_routes(live_app, foreign_origin):
    for path in ("/api/documents/1", "/api/dossiers/1/receipt.pdf",
                 "/api/dossiers/1/decision.pdf"):
        headers = headers_of(f"{live_app}{path}", origin=foreign_origin)
        assert headers.get("access-control-allow-origin") is None, (path, headers)
        own = headers_of(f"{live_app}{path}", origin=live_app)
        assert own.get("access-control-allow-origin") == live_app, (path, own)
    # Open data stays readable by any site, but never with a visitor's credentials.
    public = headers_of(f"{live_app}/api/open-data/indicators.csv", origin=foreign_origin)
    assert public.get("access-control-allow-origin") == "*"


def test_security_25_a_websocket_from_another_origin_is_refused(live_app, foreign_origin):
    assert " 403 " in websocket_handshake(live_app, foreign_origin) + " "
    assert " 403 " in websocket_handshake(live_app, "null") + " "
    assert " 101 " in websocket_handshake(live_app, live_app) + " "


# --- 32: uploads on the real server -------------------------------------------------------


def _post_chunked(base: str, headers: dict[str, str], megabytes: int) -> tuple[int, int]:
    """POST /_upload with a chunked body of up to `megabytes` (no Content-Length), stopping
    as soon as the server answers; the status and how many bytes went out before it did."""
    address = urlparse(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    connection.putrequest("POST", "/_upload")
    for name, value in {**headers, "Transfer-Encoding": "chunked",
                        "Content-Type": "multipart/form-data; boundary=xyz"}.items():
        connection.putheader(name, value)
    connection.endheaders()
    sent = 0
    chunk = b"\0" * 65536
    head = (b"--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.pdf\""
            b"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n")
    try:
        connection.send(f"{len(head):x}\r\n".encode() + head + b"\r\n")
        for _ in range(megabytes * 16):
            if select.select([connection.sock], [], [], 0)[0]:
                break  # the server has answered: it reads no more
            connection.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            sent += len(chunk)
        else:
            connection.send(b"0\r\n\r\n")
    except OSError:
        pass  # the server answered and closed while we were still sending
    status = connection.getresponse().status
    connection.close()
    return status, sent


def test_security_32_the_server_refuses_uploads_without_a_session_and_cuts_big_ones(
        live_app, browser, tmp_path):
    context = browser.new_context(locale="fr-FR")
    context.set_default_timeout(20_000)
    page = context.new_page()
    upload_headers: dict[str, str] = {}
    page.on("request", lambda request: "/_upload" in request.url
            and upload_headers.update(request.headers))
    sign_in(page, live_app, "business", r"/business$")
    file_investment(page, live_app, tmp_path)
    cookie = next(c["value"] for c in context.cookies() if c["name"] == "counter_session")
    context.close()
    replay = {name: value for name, value in upload_headers.items()
              if name.startswith("reflex-")}
    assert replay, upload_headers

    status, sent = _post_chunked(live_app, {**replay,
                                            "Cookie": "counter_session=made-up-token"}, 300)
    assert status == 401
    assert sent < 50 * 1024 * 1024, sent  # answered long before the 300 MB were sent
    status, sent = _post_chunked(live_app, {**replay, "Cookie": f"counter_session={cookie}"},
                                 300)
    assert status == 413
    assert sent < 100 * 1024 * 1024, sent  # cut near the 10 MB limit, not at 300 MB
