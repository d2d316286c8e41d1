"""The real product, started as the README's run command starts it, and Debian's Chromium."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from reportlab.pdfgen import canvas

from counter.settings import PROJECT_ROOT

CHROMIUM = os.environ.get("COUNTER_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
# A submission writes the receipt (PDF, QR code) and its audit entry before the page shows
# the tracking code: long work, given more than an expectation's 5 s on a busy machine.
SUBMISSION_MS = 20_000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app stopped (exit {process.returncode}):\n{log.read_text()[-4000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"the app did not answer at {url} in {timeout:.0f} s:\n{log.read_text()[-4000:]}")


def _database_variable(base: str) -> str:
    return f"COUNTER_TEST_DB_{base.rsplit(':', 1)[1]}"


def stop_group(process: subprocess.Popen) -> None:
    """Stop a server started in its own session, with its workers."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


@contextmanager
def running_app(data_dir: Path, **env_overrides: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`python -m counter serve` on a fresh database: migrate, demo data, production build."""
    port = _free_port()
    log = data_dir / "app.log"
    env = dict(os.environ, COUNTER_DATA_DIR=str(data_dir),
               COUNTER_PUBLIC_URL=f"http://127.0.0.1:{port}")
    env.pop("REFLEX_DB_URL", None)
    env.pop("REFLEX_REDIS_URL", None)
    env.update(env_overrides)
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "counter", "serve", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    # Its database, for the tests that read the e-mails it queued (this module may be
    # imported twice, by pytest and by test modules: the environment is shared).
    os.environ[_database_variable(base)] = (env.get("REFLEX_DB_URL")
                                            or f"sqlite:///{data_dir / 'counter.db'}")
    _RUNNING_LOGS.append(log)
    try:
        _wait_for(f"{base}/ping", process, log, timeout=900)
        _wait_for(f"{base}/", process, log, timeout=120)
        yield base, process
    finally:
        stop_group(process)
        _RUNNING_LOGS.remove(log)


# The logs of the apps running now: a failing test's report ends with their last lines.
_RUNNING_LOGS: list[Path] = []


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    report = yield
    if report.failed and call.when == "call":
        for log in _RUNNING_LOGS:
            lines = log.read_text(errors="replace").splitlines()[-60:]
            report.sections.append((f"server log {log.parent.name} (last lines)",
                                    "\n".join(lines)))
    return report


# The fixtures that start an app of their own (test_scaled_browser,
# test_security_content_browser, test_production_browser).
OWN_APP_FIXTURES = {"scaled_app", "served", "production"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start an app of their own (`running_app`) rebuild the frontend in the
    project folder, the one the session's `live_app` serves, compiled for their port: they
    run last, or every `live_app` test after them finds pages that never connect."""
    items.sort(key=lambda item: bool(OWN_APP_FIXTURES & set(getattr(item, "fixturenames", ()))))


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The embedded default: SQLite, state on local disk, one worker."""
    with running_app(tmp_path_factory.mktemp("live-data")) as (base, _process):
        yield base


def processes_in_group(pgid: int) -> list[str]:
    """Command lines of the processes of a process group (the server and its workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                cmdline = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ")
                found.append(cmdline.decode(errors="replace"))
        except (OSError, IndexError, ValueError):
            continue
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_phone_page(browser: Browser, locale: str = "fr-FR") -> Page:
    """A 360 px wide phone screen, the size of a cheap smartphone."""
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, locale=locale, device_scale_factor=1
    )
    context.set_default_timeout(20_000)
    return context.new_page()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = new_phone_page(browser)
    yield page
    page.context.close()


def screenshot(page: Page, name: str) -> None:
    """Kept for people to look at after a run (test-artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def mailed_link(base: str, to: str, kind: str = "activation", timeout: float = 20) -> str:
    """The first link of the newest e-mail of `kind` queued for `to` (the outbox table):
    an activation link (sign-up, SECURITY 31), a password reset link..."""
    from sqlalchemy import create_engine, text

    engine = create_engine(os.environ[_database_variable(base)])
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                body = conn.execute(text(
                    "SELECT body FROM outboxmessage WHERE to_address = :to AND kind = :kind "
                    "ORDER BY id DESC"), {"to": to, "kind": kind}).scalar()
            if body:
                match = re.search(r"https?://\S+", body)
                assert match, body
                return match.group(0)
            time.sleep(0.3)
    finally:
        engine.dispose()
    pytest.fail(f"no {kind} e-mail for {to}")


def activate_by_mail(page: Page, base: str, email: str) -> None:
    """After a sign-up: open the activation link of the e-mail, as its owner would."""
    expect(page.locator("#signup-answer")).to_be_visible()
    open_page(page, mailed_link(base, email))


def open_page(page: Page, url: str) -> None:
    """Go to `url` and wait until the app is live: connected, and the page's load events
    run (the served HTML has <html lang dir> from the start, so that says nothing)."""
    page.goto(url)
    wait_until_loaded(page)


def wait_until_loaded(page: Page) -> None:
    """The page's load events have run (layout.frame's `data-loaded`)."""
    page.wait_for_selector("#frame[data-loaded=true]", state="attached")


def file_investment(page: Page, base: str, folder: Path, plan: Path | None = None) -> None:
    """A signed-in business files an investment incentive application (DRA), with a
    business plan (`plan`, or a PDF written in `folder`) as both of its documents, and lands
    on its receipt."""
    if plan is None:
        plan = folder / "plan-affaires.pdf"
        drawing = canvas.Canvas(str(plan))
        drawing.drawString(100, 700, "Plan d'affaires")
        drawing.save()
    open_page(page, f"{base}/procedures/DRA_INVESTMENT_INCENTIVE")
    page.locator("#start-dossier").click()
    page.wait_for_url(re.compile(r"/dossiers/\d+/edit$"))
    for selector, value in (("#field-investment_amount", "12 500 000"),
                            ("#field-jobs_planned", "45"),
                            ("#field-project_summary", "Unité de séchage solaire de dattes.")):
        page.locator(selector).fill(value)
        page.locator(selector).press("Tab")
    page.locator("#field-sector").select_option("agriculture")
    page.locator("#field-province").select_option("errachidia")
    page.locator("#field-incentive_type").select_option("job_creation")
    page.locator("#to-documents").click()
    for index in (0, 1):
        page.locator("#doc_upload-target").select_option(index=index)
        with page.expect_file_chooser() as chooser:
            page.locator(".upload-zone").click()
        chooser.value.set_files(str(plan))
        expect(page.locator(".document-row").nth(index)).to_contain_text(plan.name)
    page.locator("#to-review").click()
    page.locator("#submit-dossier").click()
    expect(page.locator("#tracking-code")).to_be_visible()


def file_access_request(page: Page, base: str) -> tuple[str, str]:
    """A signed-in citizen files a request for information (no document) and lands on its
    receipt; returns the tracking code and the PIN shown there."""
    open_page(page, f"{base}/procedures/DRA_ACCESS_INFO")
    page.locator("#start-dossier").click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d+/edit$"))
    request = page.locator("#field-information_requested")
    request.fill("Le budget 2026 des routes rurales de la province.")
    request.press("Tab")
    page.locator("#field-delivery_format").select_option(index=1)
    page.locator("#to-documents").click()  # no documents: straight to the review
    expect(page.get_by_text("Tout est prêt")).to_be_visible()
    page.locator("#submit-dossier").click()
    code = page.locator("#tracking-code")
    expect(code).to_have_text(re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$"))
    return code.inner_text(), page.locator("#tracking-pin").inner_text()
