"""SECURITY 27 and 28 in a real browser, against the product in production mode.

An agent signs in (the cookie is the server's, HttpOnly), opens a dossier, signs out and
reloads the tab: neither the page nor any websocket frame holds the applicant's name or
CIN. Another browser, without the cookie, that connects with the agent's client token
receives nothing private either.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import file_investment, new_phone_page, open_page
from tests.browser.test_backoffice_browser import desk, sign_in

pytestmark = pytest.mark.browser
AGENT = next(a for a in DEMO_ACCOUNTS if a["role"] == "agent")  # the investment centre
BUSINESS = next(a for a in DEMO_ACCOUNTS if a["role"] == "business")
# What the agent's review shows of the applicant: name, CIN, contact, company.
SECRETS = (BUSINESS["full_name"], BUSINESS["cin"], BUSINESS["email"],
           BUSINESS["company"]["name"])


def recorded(page: Page) -> list[str]:
    """Every websocket frame the page receives from now on."""
    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on(
        "framereceived", lambda payload: frames.append(str(payload))))
    return frames


@pytest.fixture(scope="module")
def filed(live_app, browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo business files an investment application; its tracking code."""
    page = new_phone_page(browser)
    sign_in(page, live_app, BUSINESS["email"], BUSINESS["password"], r"/business$")
    file_investment(page, live_app, tmp_path_factory.mktemp("plan"))
    code = page.locator("#tracking-code").inner_text()
    page.context.close()
    return code


def open_a_dossier(page: Page, base: str, code: str) -> str:
    """The investment centre's agent opens the business's dossier; its address."""
    sign_in(page, base, AGENT["email"], AGENT["password"], r"/agent$")
    page.locator("#queue-search").fill(code.lower().replace("-", ""))
    page.locator(".queue-row", has_text=code).get_by_role("link").first.click()
    expect(page.locator("#review-code")).to_have_text(code)
    for secret in SECRETS:
        expect(page.locator("body")).to_contain_text(secret)
    return page.url


def assert_nothing_private(page: Page, frames: list[str]) -> None:
    page.wait_for_timeout(1500)  # the hydrate and the page's load events have answered
    text = page.locator("body").inner_text()
    for secret in SECRETS:
        assert secret not in text
        assert not [frame for frame in frames if secret in frame]
    assert frames, "the websocket was recorded"


def test_security_27_the_session_cookie_is_httponly_and_set_by_the_server(
        live_app, browser: Browser):
    page = desk(browser)
    sign_in(page, live_app, AGENT["email"], AGENT["password"], r"/agent$")
    cookie = next(c for c in page.context.cookies() if c["name"] == "counter_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert cookie["path"] == "/" and cookie["expires"] == -1  # gone when the browser closes
    assert "counter_session" not in page.evaluate("document.cookie")
    # A script of the page cannot replace it with a token of its choosing either.
    page.evaluate("document.cookie = 'counter_session=forged; path=/'")
    open_page(page, f"{live_app}/agent")
    expect(page.locator(".queue-row").first).to_be_visible()
    # SameSite=Strict, and still signed in when arriving from a link elsewhere (an e-mail
    # in a webmail): the page comes without the cookie, its websocket (same site) with it.
    page.goto("about:blank")
    page.set_content(f'<a id="mail-link" href="{live_app}/agent">Votre dossier</a>')
    page.locator("#mail-link").click()
    expect(page.locator(".queue-row").first).to_be_visible()
    page.context.close()


def test_security_28_after_sign_out_reloading_the_tab_shows_nothing_private(
        live_app, browser: Browser, filed: str):
    page = desk(browser)
    review = open_a_dossier(page, live_app, filed)
    open_page(page, f"{live_app}/account")
    page.locator("#sign-out").click()
    expect(page).to_have_url(re.compile(re.escape(live_app) + "/$"))
    expect(page.locator("#nav-signin")).to_be_visible()  # the home page, loaded afresh
    assert not [c for c in page.context.cookies() if c["name"] == "counter_session"]

    frames = recorded(page)
    page.goto(review)
    expect(page).to_have_url(re.compile(r"/signin"))
    assert_nothing_private(page, frames)
    page.go_back()
    assert_nothing_private(page, frames)
    page.context.close()


def test_security_28_a_client_token_replayed_without_the_cookie_opens_nothing(
        live_app, browser: Browser, filed: str):
    victim = desk(browser)
    review = open_a_dossier(victim, live_app, filed)
    token = victim.evaluate("window.sessionStorage.getItem('token')")
    assert token
    victim.close()  # the agent's tab is gone; their session and its page state remain

    attacker = desk(browser)
    attacker.context.add_init_script(f"window.sessionStorage.setItem('token', '{token}')")
    frames = recorded(attacker)
    attacker.goto(review)
    assert attacker.evaluate("window.sessionStorage.getItem('token')") == token
    assert_nothing_private(attacker, frames)
    attacker.context.close()
    victim.context.close()
