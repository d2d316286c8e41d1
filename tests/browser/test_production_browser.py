"""Production as the README's "Running in production" sets it up, and two machines.

Debian's nginx in front (a config made from deploy/nginx-counter.conf: only the ports,
certificate and log paths change), TLS with a self-signed certificate made by the
template's openssl command, the frontend built once (`python -m counter build`) and served
by `serve --prebuilt` on PostgreSQL and Redis with several workers, bound to the loopback.
Then two instances (two data folders, two ports, as two machines) behind one upstream,
sharing PostgreSQL, Redis and the documents folder.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from PIL import Image
from playwright.sync_api import Browser, Page, expect
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from sqlalchemy import create_engine, text

from counter.settings import PROJECT_ROOT
from tests.browser.conftest import (
    _free_port,
    _wait_for,
    file_investment,
    open_page,
    stop_group,
)
from tests.conftest import fresh_pg_database

pytestmark = pytest.mark.browser
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TEMPLATE = PROJECT_ROOT / "deploy" / "nginx-counter.conf"
REDIS_URL = "redis://127.0.0.1:6379/8"
UPLOAD_MB = 2
DEMO = {"email": "entreprise@demo.example.ma", "password": "Demo-Entreprise-2026!"}


def nginx_site(folder: Path, https_port: int, http_port: int, upstreams: list[str]) -> str:
    """The deploy/ site with this test's ports, certificate (made once, in the folder's
    parent), logs and upload limit."""
    site = TEMPLATE.read_text()
    for old, new in {
        "    listen 80;\n    listen [::]:80;\n": f"    listen 127.0.0.1:{http_port};\n",
        "    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n":
            f"    listen 127.0.0.1:{https_port} ssl http2;\n",
        "    server 127.0.0.1:3000;\n": "".join(f"    server {u};\n" for u in upstreams),
        "/etc/ssl/certs/counter.crt": str(folder.parent / "counter.crt"),
        "/etc/ssl/private/counter.key": str(folder.parent / "counter.key"),
        "/var/log/nginx/": f"{folder}/",
        "client_max_body_size 11m;": f"client_max_body_size {UPLOAD_MB + 1}m;",
    }.items():
        assert old in site, f"deploy/nginx-counter.conf no longer has {old!r}"
        site = site.replace(old, new)
    return site


def certificate(folder: Path) -> None:
    """The template's documented openssl command, for 127.0.0.1."""
    command = re.search(r"#   (openssl req .*?)\n(?!#     )", TEMPLATE.read_text(), re.S)
    assert command, "deploy/nginx-counter.conf documents its openssl command"
    line = re.sub(r"\\\n#\s+", "", command.group(1))
    line = (line.replace("/etc/ssl/private/counter.key", str(folder / "counter.key"))
            .replace("/etc/ssl/certs/counter.crt", str(folder / "counter.crt"))
            .replace("CN=guichet.region.example.ma", "CN=127.0.0.1")
            .replace("DNS:guichet.region.example.ma", "IP:127.0.0.1"))
    subprocess.run(line, shell=True, check=True, capture_output=True)  # noqa: S602


@contextmanager
def nginx(folder: Path, https_port: int, http_port: int, upstreams: list[str]) -> Iterator[Path]:
    """Debian's nginx in the foreground on its own config; its access log's path."""
    folder.mkdir(exist_ok=True)
    # proxy_bind: nginx reaches the product from 127.0.0.2, the browser comes from
    # 127.0.0.1, so the client address the product records tells them apart.
    (folder / "nginx.conf").write_text(
        f"user root;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "daemon off;\nworker_processes 1;\nevents { worker_connections 256; }\n"
        "http {\n  include /etc/nginx/mime.types;\n"
        f"  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
        "  proxy_bind 127.0.0.2;\n"
        + nginx_site(folder, https_port, http_port, upstreams) + "\n}\n")
    with (folder / "nginx.out").open("w") as out:
        process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while not (folder / "nginx.pid").exists():
            assert process.poll() is None, (folder / "nginx.out").read_text()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.1)
        yield folder / "counter.access.log"
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def instance(data_dir: Path, port: int, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """`python -m counter serve --prebuilt`, as counter.service starts it."""
    data_dir.mkdir()
    log = data_dir / "app.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "counter", "serve", "--prebuilt", "--no-demo",
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=PROJECT_ROOT, env=dict(env, COUNTER_DATA_DIR=str(data_dir)),
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        started = time.monotonic()
        _wait_for(f"http://127.0.0.1:{port}/", process, log, timeout=120)
        print(f"instance on {port} ready in {time.monotonic() - started:.1f} s")
        yield process
    finally:
        stop_group(process)


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (`make nginx` installs Debian's)")
    root = tmp_path_factory.mktemp("production")
    certificate(root)
    https_port, http_port = _free_port(), _free_port()
    public = f"https://127.0.0.1:{https_port}"
    redis.Redis.from_url(REDIS_URL).flushdb()
    with fresh_pg_database() as db_url:
        env = dict(os.environ, REFLEX_DB_URL=db_url, REFLEX_REDIS_URL=REDIS_URL,
                   COUNTER_PUBLIC_URL=public, COUNTER_WORKERS="2",
                   COUNTER_TRUSTED_PROXY_HOPS="1", COUNTER_JOBS="external",
                   COUNTER_DOCUMENTS_DIR=str(root / "documents"),
                   COUNTER_AUDIT_KEY=secrets.token_hex(32), COUNTER_MAX_UPLOAD_MB=str(UPLOAD_MB),
                   COUNTER_DATA_DIR=str(root / "build-data"))
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "counter", "build"], cwd=PROJECT_ROOT, env=env,
                       check=True, capture_output=True)
        print(f"frontend built once in {time.monotonic() - started:.0f} s")
        subprocess.run([sys.executable, "-m", "counter", "seed"], cwd=PROJECT_ROOT, env=env,
                       check=True, capture_output=True)
        ports = [_free_port(), _free_port()]
        with (instance(root / "machine-a", ports[0], env) as a,
              instance(root / "machine-b", ports[1], env) as b):
            yield {"root": root, "public": public, "https": https_port, "http": http_port,
                   "ports": ports, "processes": [a, b], "db_url": db_url,
                   "documents": root / "documents"}
    redis.Redis.from_url(REDIS_URL).flushdb()


def tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def desk(browser: Browser) -> Page:
    # Four workers, nginx, PostgreSQL and Chromium share two cores here: a submission (its
    # receipt drawn) took more than Playwright's 5 s once in two runs.
    expect.set_options(timeout=20_000)
    context = browser.new_context(ignore_https_errors=True, locale="fr-FR",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    return context.new_page()


def sign_in(page: Page, base: str) -> None:
    open_page(page, f"{base}/signin")
    page.get_by_label("E-mail ou numéro de mobile").fill(DEMO["email"])
    page.locator("#input-password").fill(DEMO["password"])
    page.locator("#signin-submit").click()
    expect(page).to_have_url(re.compile(r"/business$|/dossiers$"))


def business_plan(path: Path, size: int) -> Path:
    """A real PDF of about `size` bytes: a page with a noise image (it does not compress)."""
    side = int((size / 3) ** 0.5)
    for _ in range(2):  # the second time corrected by what the encoding added
        image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        drawing = canvas.Canvas(str(path))
        drawing.drawImage(ImageReader(image), 50, 200, width=400, height=400)
        drawing.save()
        side = int(side * (size / path.stat().st_size) ** 0.5)
    return path


def _websocket_upstreams(log: Path) -> set[str]:
    lines = [line for line in log.read_text().splitlines() if "GET /_event" in line]
    assert lines and all('" 101 ' in line for line in lines), lines
    return {line.rsplit("upstream=", 1)[1] for line in lines}


def test_citizen_journey_through_nginx_over_https_with_workers_on_postgresql_and_redis(
        production, browser):
    root, ports = production["root"], production["ports"]
    with nginx(root / "nginx-one", production["https"], production["http"],
               [f"127.0.0.1:{ports[0]}"]) as access_log:
        # Plain HTTP is sent to HTTPS.
        plain = http.client.HTTPConnection("127.0.0.1", production["http"], timeout=10)
        plain.request("GET", "/procedures")
        answer = plain.getresponse()
        assert answer.status == 301
        assert answer.getheader("Location") == "https://127.0.0.1/procedures"  # port 443

        page = desk(browser)
        open_page(page, f"{production['public']}/procedures")
        expect(page.locator("body")).to_contain_text("Drâa-Tafilalet")
        # The hashed scripts come through nginx cached for a year, never revalidated.
        script = page.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name)"
            ".find(n => n.includes('/assets/') && n.endsWith('.js'))")
        with urllib.request.urlopen(script, context=tls_context(),  # noqa: S310
                                    timeout=20) as response:
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
        sign_in(page, production["public"])  # an event on the websocket, through nginx
        assert _websocket_upstreams(access_log) == {f"127.0.0.1:{ports[0]}"}
        # The product recorded the browser's address, not nginx's (trusted_proxy_hops).
        engine = create_engine(production["db_url"])
        with engine.connect() as conn:
            addresses = set(conn.execute(text("SELECT client_ip FROM usersession")).scalars())
        engine.dispose()
        assert addresses == {"127.0.0.1"}

        # Near the limit: refused by nginx before the product sees it; under it: accepted.
        too_big = (UPLOAD_MB + 1) * 1024 * 1024 + 1
        refused = http.client.HTTPSConnection("127.0.0.1", production["https"], timeout=30,
                                              context=tls_context())
        refused.request("POST", "/_upload", body=b"x" * too_big,
                        headers={"Content-Type": "application/octet-stream"})
        answer = refused.getresponse()
        assert answer.status == 413 and b"nginx" in answer.read()
        plan = business_plan(root / "plan-affaires.pdf", UPLOAD_MB * 1024 * 1024 - 150_000)
        assert UPLOAD_MB * 1024 * 1024 - 300_000 < plan.stat().st_size < UPLOAD_MB * 1024 * 1024
        file_investment(page, production["public"], root, plan)
        uploads = [line for line in access_log.read_text().splitlines() if "/_upload" in line]
        assert [line.split('" ')[1][:3] for line in uploads].count("200") >= 2, uploads
        page.context.close()


def test_two_instances_behind_one_upstream_share_documents_and_tabs(production, browser):
    root, ports = production["root"], production["ports"]
    upstreams = [f"127.0.0.1:{port}" for port in ports]
    with nginx(root / "nginx-two", production["https"], production["http"],
               upstreams) as access_log:
        page = desk(browser)
        sign_in(page, production["public"])
        plan = business_plan(root / "plan-deux.pdf", 300_000)
        file_investment(page, production["public"], root, plan)
        tracking = page.locator("#tracking-code").inner_text()
        # The tab's requests move between the machines: each reload opens a new websocket,
        # which the upstream sends to one or the other; the tab stays signed in, same state.
        # nginx takes turns per request (and per nginx worker): a reload that makes an even
        # number of requests would give every websocket the same machine, so a request of
        # its own between reloads changes whose turn it is, until both had the tab.
        for reload in range(8):
            open_page(page, f"{production['public']}/dossiers")
            expect(page.locator("body")).to_contain_text(tracking)
            if reload >= 3 and _websocket_upstreams(access_log) == set(upstreams):
                break
            with urllib.request.urlopen(f"{production['public']}/ping",  # noqa: S310
                                        context=tls_context(), timeout=20):
                pass
        assert _websocket_upstreams(access_log) == set(upstreams)

        # The document uploaded through one machine is downloaded through each of them.
        engine = create_engine(production["db_url"])
        with engine.connect() as conn:
            document = conn.execute(text("SELECT max(id) FROM document")).scalar()
        engine.dispose()
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies())
        for port in ports:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/documents/{document}", headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                assert response.read() == plan.read_bytes()
        page.context.close()


FIGURES = ("counter_http_request_duration_seconds_bucket", "counter_event_duration_seconds_bucket",
           "counter_events_total", "counter_websockets_open", "counter_outbox_backlog",
           "counter_outbox_oldest_age_seconds", "counter_dossiers_submitted_total")


def _figure(body: str, name: str) -> float:
    """The sum of the samples of `name` (every label set, every worker)."""
    values = [float(line.rsplit(" ", 1)[1]) for line in body.splitlines()
              if line.startswith((f"{name} ", f"{name}{{"))]
    assert values, name
    return sum(values)


def test_the_running_app_shows_its_figures_on_loopback_only_and_logs_json_lines(production):
    """Point 6 of issue 14 on the real servers: after the journeys above, each machine's
    /metrics, read at its loopback address, has every figure of the README's table, its
    workers' counts summed; through nginx it is not found; every line either machine logged
    (start, granian, Reflex, the security log) is a JSON object."""
    root, ports = production["root"], production["ports"]
    events = 0.0
    for port in ports:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics",  # noqa: S310
                                    timeout=20) as response:
            assert response.headers["Content-Type"].startswith("text/plain")
            body = response.read().decode()
        for name in FIGURES:
            _figure(body, name)
        assert _figure(body, "counter_dossiers_submitted_total") >= 2  # one per journey
        assert _figure(body, "counter_http_request_duration_seconds_count") > 0
        events += _figure(body, "counter_events_total")
    assert events > 10  # the journeys' sign-ins, forms and uploads, on both machines
    with nginx(root / "nginx-metrics", production["https"], production["http"],
               [f"127.0.0.1:{ports[0]}"]):
        for path in ("/metrics", "/metrics/"):
            request = http.client.HTTPSConnection("127.0.0.1", production["https"], timeout=20,
                                                  context=tls_context())
            request.request("GET", path)
            answer = request.getresponse()
            assert answer.status == 404 and b"counter_" not in answer.read(), path
    for machine in ("machine-a", "machine-b"):
        lines = [line for line in (root / machine / "app.log").read_text().splitlines()
                 if line.strip()]
        assert lines, machine
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                pytest.fail(f"{machine}: a log line that is not JSON: {line[:300]}")
            assert isinstance(record, dict) and ("message" in record or "event" in record), line
