"""The frame every page shares, in a real browser: a clean first visit (no script error, no
missing resource) and what a person sees when the connection drops and comes back."""

from __future__ import annotations

import re
import urllib.request

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from tests.browser.conftest import new_phone_page, open_page, screenshot

pytestmark = pytest.mark.browser


def test_first_visit_has_no_script_error_and_no_missing_resource(live_app, browser):
    page = new_phone_page(browser)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    page.on("console", lambda message: message.type == "error"
            and errors.append(f"console: {message.text}"))
    page.on("response", lambda response: response.status >= 400
            and errors.append(f"{response.status} {response.url}"))
    for path in ("/", "/procedures", "/procedures/DRA_ACCESS_INFO", "/track"):
        open_page(page, f"{live_app}{path}")
        page.wait_for_load_state("networkidle")
        expect(page.locator("#main h1").first).to_be_visible()
    # Browsers ask for the icon by themselves (Playwright does not report that request).
    with urllib.request.urlopen(f"{live_app}/favicon.ico", timeout=10) as response:  # noqa: S310
        assert response.status == 200
        assert response.headers["content-type"].startswith("image/")
    assert not errors, errors
    page.context.close()


def listening_addresses(port: int) -> set[str]:
    """The local addresses (hex, as /proc/net/tcp writes them) listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in list(lines)[1:]:
                fields = line.split()
                address, hex_port = fields[1].rsplit(":", 1)
                if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


def test_the_product_listens_on_this_machine_only_by_default(live_app):
    port = int(live_app.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, not 0.0.0.0 nor ::


class Link:
    """The page's network as the test wants it: cut (offline, its websocket closed) or up.

    Playwright hands the test the page's websocket (route_web_socket), so that cutting the
    link closes it as a dropped mobile connection would; offline, every reconnection fails.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.sockets: list[WebSocketRoute] = []
        page.route_web_socket(re.compile(r"/_event"), self._route)

    def _route(self, socket: WebSocketRoute) -> None:
        socket.connect_to_server()  # offline, the connection fails as it would in a village
        self.sockets.append(socket)

    def cut(self) -> None:
        self.page.context.set_offline(True)
        for socket in self.sockets:
            socket.close()
        self.sockets.clear()

    def restore(self) -> None:
        self.page.context.set_offline(False)


@pytest.mark.parametrize(("lang", "lost", "back"), [
    ("ar", "انقطع الاتصال", "عاد الاتصال"),
    ("fr", "Connexion perdue", "Connexion rétablie"),
])
def test_a_lost_connection_is_said_in_the_page_language_and_what_was_typed_is_sent(
        live_app, browser, lang, lost, back):
    page = new_phone_page(browser, locale="ar-MA" if lang == "ar" else "fr-FR")
    link = Link(page)
    open_page(page, f"{live_app}/track")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#track-submit")).to_be_visible()
    page.wait_for_load_state("networkidle")

    link.cut()
    notice = page.locator("#connection-lost")
    expect(notice).to_contain_text(lost, timeout=15_000)
    # Typed and sent while the link is down: kept on the page, sent when it is back.
    page.locator("#track-code").fill("ZZZZ-ZZZZ")
    page.locator("#track-pin").fill("123456")
    page.locator("#track-submit").click()
    expect(page.get_by_text("Cannot connect")).to_have_count(0)
    expect(page.get_by_text("websocket")).to_have_count(0)
    expect(page.locator("#track-error")).to_have_count(0)  # nothing answered yet
    screenshot(page, f"connection-lost-{lang}")

    link.restore()
    expect(page.locator("#connection-back")).to_contain_text(back, timeout=30_000)
    expect(notice).to_have_count(0)
    expect(page.locator("#track-code")).to_have_value("ZZZZ-ZZZZ")
    expect(page.locator("#track-error")).to_be_visible()  # the queued search was answered
    screenshot(page, f"connection-back-{lang}")
    page.context.close()
