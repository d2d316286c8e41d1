"""Issue 10, the accounts' screens in a real browser on a 360 px phone: sign-up keeps the
chosen procedure and opens its dossier (8), says every error at once (9), documents follow
the screen of filing and the account page chooses the language of e-mails and documents
(3), languages by their own names (20), a neutral receipt icon (21), and the accessibility
of these forms (hints and errors tied to fields, 44 px targets)."""

from __future__ import annotations

import re
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from counter.i18n import t
from tests.browser.conftest import activate_by_mail, new_phone_page, open_page, screenshot
from tests.browser.test_citizen_journey import PASSWORD

pytestmark = pytest.mark.browser
PROCEDURE = "DRA_ACCESS_INFO"  # two fields, no document


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def active_id(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def fill_person(page: Page, *, cin: str, mobile: str = "", password2: str = PASSWORD) -> str:
    suffix = uuid.uuid4().hex[:8]
    email = f"compte-{suffix}@example.ma"
    page.locator("#input-full_name").fill("Samira Ait Baha")
    page.locator("#input-cin").fill(cin)
    page.locator("#input-email").fill(email)
    page.locator("#input-mobile").fill(mobile)
    page.locator("#input-password").fill(PASSWORD)
    page.locator("#input-password2").fill(password2)
    return email


def text_x(page: Page, selector: str, needle: str) -> float:
    """Where a piece of an element's text is drawn, from the left of the screen."""
    return page.evaluate("""([selector, needle]) => {
        const node = document.querySelector(selector).firstChild;
        const start = node.textContent.indexOf(needle);
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + needle.length);
        return range.getBoundingClientRect().x; }""", [selector, needle])


def a_cin() -> str:
    return f"JD{int(uuid.uuid4().hex[:6], 16) % 1_000_000:06d}"


def test_sign_up_says_every_error_at_once_in_a_summary_linked_to_the_fields(live_app, page):
    open_page(page, f"{live_app}/signup?kind=business")
    # Required fields say so, the company's included; e-mail and mobile are one-of-two.
    for field in ("full_name", "cin", "company_name", "ice", "rc_number", "rc_court",
                  "password", "password2"):
        expect(page.locator(f"label[for='input-{field}']")).to_contain_text("(obligatoire)")
    for field in ("email", "mobile"):
        expect(page.locator(f"label[for='input-{field}']")).not_to_contain_text("obligatoire")
    # The format hints are tied to their fields; inputs are big enough for a thumb.
    for field in ("cin", "mobile", "password", "ice", "email"):
        assert page.locator(f"#input-{field}").get_attribute("aria-describedby") == (
            f"input-{field}-hint")
    assert box(page, "#input-cin")["height"] >= 44
    expect(page.locator("#input-mobile-hint")).to_contain_text("06 ou 07")

    # An empty form: no browser bubble, every missing field in the summary, focused.
    page.locator("#signup-submit").click()
    summary = page.locator("#signup-errors")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(page.locator("#signup-errors li")).to_have_count(8)
    for key in ("error.full_name_required", "error.cin_required", "error.contact_required",
                "error.company_name_required", "error.ice_required", "error.rc_number_required",
                "error.rc_court_required", "error.password_too_short"):
        expect(summary).to_contain_text(t(key, "fr"))
    page.wait_for_function("document.activeElement && document.activeElement.id === "
                           "'signup-errors'")
    screenshot(page, "accounts-signup-errors-business-fr")

    # A mistyped CIN, a mistyped mobile and two different passwords: all three at once.
    page.locator("#kind-citizen").click()
    fill_person(page, cin="123", mobile="06 12", password2=PASSWORD + "!")
    page.locator("#signup-submit").click()
    expect(page.locator("#signup-errors li")).to_have_count(3)
    for key in ("error.cin_invalid", "error.mobile_invalid", "error.password_mismatch"):
        expect(summary).to_contain_text(t(key, "fr"))
    # The mobile message says what is accepted: 06 / 07 numbers.
    expect(page.locator("#input-mobile-error")).to_contain_text("06 ou 07")
    cin = page.locator("#input-cin")
    expect(cin).to_have_attribute("aria-invalid", "true")
    assert cin.get_attribute("aria-describedby") == "input-cin-hint input-cin-error"
    expect(page.locator("#input-password2")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#input-full_name")).to_have_attribute("aria-invalid", "false")
    # Each item leads to its field.
    page.locator("#signup-errors a[href$='#input-mobile']").click()
    page.wait_for_function("document.activeElement && document.activeElement.id === "
                           "'input-mobile'")
    no_sideways_scroll(page)
    screenshot(page, "accounts-signup-errors-fr")

    arabic = new_phone_page(page.context.browser, locale="ar-MA")
    open_page(arabic, f"{live_app}/signup")
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    arabic.locator("#input-cin").fill("123")
    arabic.locator("#signup-submit").click()
    expect(arabic.locator("#signup-errors")).to_contain_text(t("form.errors_title", "ar"))
    expect(arabic.locator("#signup-errors")).to_contain_text(t("error.cin_invalid", "ar"))
    # The example number reads left to right inside the Arabic sentence.
    assert text_x(arabic, "#input-mobile-hint", "06\u00a0") < text_x(arabic, "#input-mobile-hint",
                                                                     "78")
    no_sideways_scroll(arabic)
    screenshot(arabic, "accounts-signup-errors-ar")
    arabic.context.close()


def test_the_chosen_procedure_survives_sign_up_and_its_receipt_follows_the_screen(
        live_app, page):
    # Signed out, "Faire ma demande" leads to sign-in, whose sign-up link keeps the way.
    open_page(page, f"{live_app}/procedures/{PROCEDURE}")
    page.locator("#start-dossier").click()
    expect(page).to_have_url(re.compile(r"/signin\?next="))
    screenshot(page, "accounts-signin-next-fr")
    page.locator("#signup-citizen-link").click()
    expect(page).to_have_url(re.compile(rf"/signup\?next=/procedures/{PROCEDURE}/start$"))
    email = fill_person(page, cin=a_cin())
    page.locator("#signup-submit").click()
    activate_by_mail(page, live_app, email)
    # Straight into the new dossier of that procedure, not an empty list.
    expect(page).to_have_url(re.compile(r"/dossiers/\d+/edit$"))
    edit_url = page.url

    # Signed up in French, the person files in Arabic: the receipt is in Arabic.
    page.locator("#lang-ar").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#step-1")).to_contain_text("المعلومات")  # the form came back in Arabic
    request = page.locator("#field-information_requested")
    request.fill("ميزانية الجهة لسنة 2025")
    request.press("Tab")
    page.locator("#field-delivery_format").select_option("electronic")
    page.wait_for_timeout(500)
    page.locator("#to-documents").click()  # no documents: straight to the review
    page.locator("#submit-dossier").click()
    expect(page.locator("#tracking-code")).to_have_text(re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$"))
    expect(page.locator("#receipt-link svg.lucide-file-check")).to_have_count(1)
    with page.expect_download() as download:
        page.locator("#receipt-link").click()
    receipt = PdfReader(BytesIO(Path(download.value.path()).read_bytes()))
    assert receipt.metadata.title.startswith(t("receipt.title", "ar"))

    # The receipt is offered with a plain document icon, never a till receipt with "$".
    dossier_url = edit_url.removesuffix("/edit")
    open_page(page, dossier_url)
    button = page.locator("#dossier-receipt-link")
    expect(button.locator("svg.lucide-file-check")).to_have_count(1)
    expect(page.locator("svg.lucide-receipt")).to_have_count(0)
    assert box(page, "#dossier-receipt-link button")["height"] >= 44
    screenshot(page, "accounts-dossier-receipt-ar")

    # The account page says what the language choice does, and keeps it.
    open_page(page, f"{live_app}/account")
    expect(page.locator("#correspondence-form")).to_contain_text(
        t("account.correspondence_lead", "ar"))
    expect(page.locator("#correspondence-screen")).to_be_checked()
    no_sideways_scroll(page)
    screenshot(page, "accounts-account-ar")
    page.locator("#lang-fr").click()
    expect(page.locator("#correspondence-form")).to_contain_text(
        "Vos e-mails, vos reçus et vos décisions sont écrits dans cette langue")
    page.locator("label", has=page.locator("#correspondence-en")).click()
    assert box(page, "label:has(#correspondence-en)")["height"] >= 44
    page.locator("#correspondence-save").click()
    expect(page.locator("#correspondence-form")).to_contain_text(
        "Votre choix de langue est enregistré.")
    screenshot(page, "accounts-account-fr")
    open_page(page, f"{live_app}/account")
    expect(page.locator("#correspondence-en")).to_be_checked()


@pytest.mark.parametrize("locale", ["fr-FR", "ar-MA"])
def test_languages_are_named_in_their_own_words_and_fit_a_small_phone(live_app, browser,
                                                                      locale):
    page = new_phone_page(browser, locale=locale)
    open_page(page, f"{live_app}/")
    for code, name in (("fr", "Français"), ("ar", "العربية"), ("en", "English")):
        button = page.locator(f"#lang-{code}")
        expect(button).to_have_text(name)
        # The accessible name is the visible text (axe label-content-name-mismatch).
        expect(button).to_have_accessible_name(name)
        assert button.get_attribute("lang") == code
        size = box(page, f"#lang-{code}")
        assert size["height"] >= 44 and size["width"] >= 44, (code, size)
    no_sideways_scroll(page)
    expect(page.locator("svg.lucide-receipt")).to_have_count(0)
    screenshot(page, f"accounts-header-home-{locale[:2]}")
    page.context.close()


def test_at_the_counter_the_persons_language_starts_as_the_agents_screen(live_app, page):
    from tests.browser.test_backoffice_browser import DEMO, sign_in

    sign_in(page, live_app, DEMO["agent"]["email"], DEMO["agent"]["password"], r"/agent$")
    page.locator("#lang-ar").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    open_page(page, f"{live_app}/agent/assisted")
    expect(page.locator("#assisted-lang")).to_have_value("ar")
    page.locator("#assisted-lang").select_option("en")
    expect(page.locator("#assisted-lang")).to_have_value("en")
