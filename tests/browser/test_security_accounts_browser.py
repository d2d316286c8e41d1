"""SECURITY 30 and 31 in a real browser, on a 360 px phone: sign-up gives one answer and the
account exists once its e-mailed link is opened; a sign-up without an e-mail is activated
at a counter; a forgotten password comes back by a link or a counter code, ending every
session; a wait after failed sign-ins is told with its seconds."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from counter.i18n import t
from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import (
    activate_by_mail,
    mailed_link,
    new_phone_page,
    open_page,
    screenshot,
)
from tests.browser.test_accessibility import switch_language
from tests.browser.test_backoffice_browser import sign_in

pytestmark = pytest.mark.browser
PASSWORD = "Une phrase longue pour 2026"
NEW_PASSWORD = "Figuier de Barbarie 1987"
DEMO = {a["role"]: a for a in DEMO_ACCOUNTS}


def fill_sign_up(page: Page, base: str, *, email: str = "", mobile: str = "",
                 cin: str = "") -> str:
    open_page(page, f"{base}/signup")
    cin = cin or f"JK{uuid.uuid4().int % 1_000_000:06d}"
    page.locator("#input-full_name").fill("Zineb Ait Ouarab")
    page.locator("#input-cin").fill(cin)
    page.locator("#input-email").fill(email)
    page.locator("#input-mobile").fill(mobile)
    page.locator("#input-password").fill(PASSWORD)
    page.locator("#input-password2").fill(PASSWORD)
    page.locator("#signup-submit").click()
    expect(page.locator("#signup-answer")).to_be_visible()
    return cin


def signed_up(browser: Browser, base: str, *, mobile: str = "") -> tuple[Page, str, str]:
    """A phone signed in to a new account, activated by its e-mail; the e-mail and CIN."""
    email = f"zineb-{uuid.uuid4().hex[:8]}@example.ma"
    page = new_phone_page(browser)
    cin = fill_sign_up(page, base, email=email, mobile=mobile)
    activate_by_mail(page, base, email)
    expect(page).to_have_url(re.compile(r"/dossiers$"))
    return page, email, cin


def answer_of(page: Page, email: str) -> str:
    return page.locator("#signup-answer-box").inner_text().replace(email, "<email>")


def a_mobile() -> str:
    return f"07{uuid.uuid4().int % 100_000_000:08d}"


def test_security_31_sign_up_says_the_same_for_a_taken_and_a_new_email(live_app, browser):
    page = new_phone_page(browser)
    taken = DEMO["agent"]["email"]
    fill_sign_up(page, live_app, email=taken)
    said_for_taken = answer_of(page, taken)
    new = f"zineb-{uuid.uuid4().hex[:8]}@example.ma"
    fill_sign_up(page, live_app, email=new)
    assert answer_of(page, new) == said_for_taken
    expect(page.locator("#signup-answer-box")).to_contain_text(new)
    screenshot(page, "security-31-signup-sent-fr")
    # The owner of the taken address is told by e-mail, with a way to reset the password.
    assert mailed_link(live_app, taken, "already_registered").endswith("/signin")

    # The new address's link creates the account and signs the person in.
    activate_by_mail(page, live_app, new)
    expect(page).to_have_url(re.compile(r"/dossiers$"))
    # Opened twice, the link says it no longer works.
    open_page(page, mailed_link(live_app, new))
    expect(page.locator("#activate-problem")).to_contain_text(
        t("error.activation_invalid", "fr"))
    assert "#" not in page.url  # the token left the address bar
    screenshot(page, "security-31-activate-invalid-fr")
    switch_language(page, "ar")
    expect(page.locator("#activate-problem")).to_be_visible()
    screenshot(page, "security-31-activate-invalid-ar")
    page.context.close()

    arabic = new_phone_page(browser)
    open_page(arabic, f"{live_app}/signup")
    switch_language(arabic, "ar")
    other = f"zineb-{uuid.uuid4().hex[:8]}@example.ma"
    arabic.locator("#input-full_name").fill("زينب أيت واراب")
    arabic.locator("#input-cin").fill(f"JK{uuid.uuid4().int % 1_000_000:06d}")
    arabic.locator("#input-email").fill(other)
    arabic.locator("#input-password").fill(PASSWORD)
    arabic.locator("#input-password2").fill(PASSWORD)
    arabic.locator("#signup-submit").click()
    expect(arabic.locator("#signup-answer")).to_have_text(t("signup.sent_title", "ar"))
    screenshot(arabic, "security-31-signup-sent-ar")
    arabic.context.close()


def test_security_31_a_sign_up_without_email_is_activated_by_an_agent_at_the_counter(
        live_app, browser):
    person = new_phone_page(browser)
    mobile = a_mobile()
    cin = fill_sign_up(person, live_app, mobile=mobile)
    expect(person.locator("#signup-answer")).to_have_text(t("signup.counter_title", "fr"))
    screenshot(person, "security-31-signup-counter-fr")

    agent = new_phone_page(browser)
    sign_in(agent, live_app, DEMO["agent"]["email"], DEMO["agent"]["password"], r"/agent$")
    agent.locator("#counter-accounts-link").click()
    expect(agent).to_have_url(re.compile(r"/agent/accounts$"))
    agent.locator("#input-login").fill(mobile)
    agent.locator("#input-cin").fill("ZZ999999")  # not the card's number
    agent.locator("#counter-search").click()
    expect(agent.locator("#counter-error")).to_contain_text(
        t("error.counter_nothing_found", "fr"))
    agent.locator("#input-cin").fill(cin)
    agent.locator("#counter-search").click()
    expect(agent.locator("#counter-found")).to_contain_text("Zineb Ait Ouarab")
    screenshot(agent, "security-31-counter-pending-fr")
    agent.locator("#counter-activate").click()
    expect(agent.get_by_text(t("counter_accounts.activated", "fr"))).to_be_visible()
    switch_language(agent, "ar")
    screenshot(agent, "security-31-counter-ar")
    agent.context.close()

    sign_in(person, live_app, mobile, PASSWORD, r"/dossiers$")
    person.context.close()


def test_security_31_a_forgotten_password_comes_back_by_link_and_every_session_ends(
        live_app, browser):
    first, email, _ = signed_up(browser, live_app)

    other = new_phone_page(browser)
    open_page(other, f"{live_app}/signin")
    other.locator("#forgot-link").click()
    expect(other).to_have_url(re.compile(r"/forgot$"))
    screenshot(other, "security-31-forgot-fr")
    other.locator("#input-login").fill(email)
    other.locator("#forgot-submit").click()
    expect(other.locator("#forgot-sent")).to_contain_text(t("forgot.sent", "fr")[:40])
    screenshot(other, "security-31-forgot-sent-fr")
    # An address without an account gets the very same answer.
    open_page(other, f"{live_app}/forgot")
    other.locator("#input-login").fill(f"nobody-{uuid.uuid4().hex[:6]}@example.ma")
    other.locator("#forgot-submit").click()
    expect(other.locator("#forgot-sent")).to_contain_text(t("forgot.sent", "fr")[:40])

    link = mailed_link(live_app, email, "password_reset")
    assert "?" not in link and "/reset#" in link
    open_page(other, link)
    expect(other.locator("#input-code")).to_have_count(0)  # the link is the proof
    assert "#" not in other.url  # read, then taken out of the address bar
    screenshot(other, "security-31-reset-fr")
    other.locator("#input-password").fill("password")
    other.locator("#input-password2").fill("password")
    other.locator("#reset-submit").click()
    expect(other.locator("#input-password-error")).to_contain_text(
        t("error.password_common", "fr"))
    other.locator("#input-password").fill(NEW_PASSWORD)
    other.locator("#input-password2").fill(NEW_PASSWORD)
    other.locator("#reset-submit").click()
    expect(other.locator("#reset-done")).to_be_visible()

    # The first phone's session ended: its private page sends it to sign in.
    open_page(first, f"{live_app}/dossiers")
    expect(first).to_have_url(re.compile(r"/signin"))
    sign_in(first, live_app, email, NEW_PASSWORD, r"/dossiers$")
    first.context.close()

    # The link works once (opened again from the mail, as a new page of the same phone).
    again = other.context.new_page()
    open_page(again, link)
    expect(again.locator("#reset-link-invalid")).to_be_visible()
    switch_language(again, "ar")
    screenshot(again, "security-31-reset-ar")
    open_page(other, f"{live_app}/forgot")
    screenshot(other, "security-31-forgot-ar")
    other.context.close()


def test_security_31_an_agent_hands_over_a_reset_code_after_checking_the_cin(
        live_app, browser):
    mobile = a_mobile()
    person, _, cin = signed_up(browser, live_app, mobile=mobile)

    agent = new_phone_page(browser)
    sign_in(agent, live_app, DEMO["agent"]["email"], DEMO["agent"]["password"], r"/agent$")
    open_page(agent, f"{live_app}/agent/accounts")
    agent.locator("#input-login").fill(mobile)
    agent.locator("#input-cin").fill(cin.lower())
    agent.locator("#counter-search").click()
    agent.locator("#counter-give-code").click()
    notice = agent.locator("#counter-code")
    expect(notice).to_contain_text(re.compile(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}"))
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", notice.inner_text()).group(0)
    screenshot(agent, "security-31-counter-code-fr")
    agent.context.close()

    open_page(person, f"{live_app}/forgot")
    person.locator("#have-code-link").click()
    expect(person).to_have_url(re.compile(r"/reset$"))
    person.locator("#input-code").fill(code.lower())
    person.locator("#input-password").fill(NEW_PASSWORD)
    person.locator("#input-password2").fill(NEW_PASSWORD)
    person.locator("#reset-submit").click()
    expect(person.locator("#reset-done")).to_be_visible()
    sign_in(person, live_app, mobile, NEW_PASSWORD, r"/dossiers$")
    person.context.close()


def test_security_30_after_failed_sign_ins_the_wait_is_told_and_the_owner_gets_in(
        live_app, browser):
    page, email, _ = signed_up(browser, live_app)
    page.context.close()

    page = new_phone_page(browser)
    open_page(page, f"{live_app}/signin")
    for _ in range(7):
        page.locator("#input-login").fill(email)
        page.locator("#input-password").fill("pas le bon mot de passe")
        page.locator("#signin-submit").click()
        expect(page.locator("#signin-error")).to_be_visible()
    page.locator("#input-password").fill(PASSWORD)
    page.locator("#signin-submit").click()
    expect(page.locator("#signin-error")).to_contain_text(re.compile(r"Attendez \d+ seconde"))
    screenshot(page, "security-30-signin-wait-fr")
    page.wait_for_timeout(9000)  # at most 8 s after seven failures
    page.locator("#signin-submit").click()
    expect(page).to_have_url(re.compile(r"/dossiers$"))
    page.context.close()
