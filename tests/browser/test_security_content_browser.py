"""SECURITY 29 and 37 in the real served app: the receipt's QR code opens the dossier without
the PIN ever reaching a server or staying in the address bar; a client's text cannot forge a
record in the server's log."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, expect

from counter.logs import escape_log_text
from tests.browser.conftest import (
    file_access_request,
    new_phone_page,
    open_page,
    running_app,
    screenshot,
)
from tests.browser.test_citizen_journey import sign_up

pytestmark = pytest.mark.browser

LABELS = {"name": "Nom et prénom", "cin": "Numéro de CIN", "email": "Adresse e-mail"}
FORGED = '\n{"at":"2026-12-01T10:00:00+00:00","event":"signed_in","account":4}'


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app as `python -m counter serve` starts it, and the file its output goes to."""
    data_dir = tmp_path_factory.mktemp("content-data")
    with running_app(data_dir) as (base, _process):
        yield base, data_dir / "app.log"


def _file_and_scan_receipt(browser: Browser, base: str, folder: Path) -> tuple[str, str, str]:
    """A citizen files a request; returns its tracking code, PIN and its receipt's QR code."""
    page = new_phone_page(browser)
    sign_up(page, base, name="Khadija Benali", labels=LABELS)
    code, pin = file_access_request(page, base)
    with page.expect_download() as download:
        page.locator("#receipt-link").click()
    pdf = folder / "receipt.pdf"
    Path(download.value.path()).replace(pdf)
    page.context.close()
    subprocess.run(["pdftoppm", "-png", "-r", "100", pdf, folder / "page"], check=True)
    scanned = subprocess.run(["zbarimg", "--quiet", "--raw", next(folder.glob("page*.png"))],
                             capture_output=True, text=True, check=True).stdout.strip()
    return code, pin, scanned


def test_security_29_the_qr_code_opens_the_dossier_and_the_pin_reaches_no_server(
        served, browser, tmp_path):
    base, _log = served
    code, pin, scanned = _file_and_scan_receipt(browser, base, tmp_path)
    assert scanned == f"{base}/track?code={code}#pin={pin}"

    phone = new_phone_page(browser)  # the family's phone, its camera opening the QR code
    requested: list[str] = []
    phone.on("request", lambda r: requested.append(r.url))
    phone.on("websocket", lambda ws: requested.append(ws.url))
    open_page(phone, scanned)

    expect(phone.locator("#track-result")).to_contain_text("Déposé")
    screenshot(phone, "security-29-track-from-qr")
    assert pin not in phone.url and "pin" not in phone.url
    address = urlsplit(phone.url)
    assert (address.path.rstrip("/"), address.query, address.fragment) == (
        "/track", f"code={code}", "")
    assert phone.evaluate("window.location.hash") == ""
    assert requested and not [url for url in requested if pin in url or "pin=" in url]
    # Back in the tab's history: no entry keeps the PIN either.
    phone.go_back()
    assert pin not in phone.url
    phone.context.close()


def test_security_37_a_client_text_with_a_newline_cannot_forge_a_server_log_record(
        served, browser):
    base, log = served
    page = new_phone_page(browser)
    open_page(page, f"{base}/track")
    marker = "forged-by-test-37"
    # Any visitor can make the browser report a "frontend exception" with a text of its own.
    page.evaluate("(text) => setTimeout(() => { throw new Error(text); })",
                  f"{marker}{FORGED}")

    def logged() -> str:
        return log.read_text(errors="replace")

    expect(page.locator("html[dir]")).to_be_attached()
    for _ in range(100):
        if marker in logged():
            break
        page.wait_for_timeout(200)
    page.context.close()

    text = logged()
    lines = [line for line in text.splitlines() if marker in line]
    assert len(lines) == 1, text[-3000:]
    assert escape_log_text(FORGED) in lines[0]
    assert not re.search(r'^\W*\{"at":"2026-12-01T10:00:00', text, re.MULTILINE)
