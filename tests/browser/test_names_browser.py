"""A procedure named in French only: the editor shows what each empty language falls back
to, and the public catalog shows it in Arabic and English through the fallback."""

import re

import pytest
from playwright.sync_api import expect

from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import new_phone_page, open_page, screenshot
from tests.browser.test_backoffice_browser import desk, sign_in

pytestmark = pytest.mark.browser
ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin")
NAME = "Autorisation de forage d'un puits"


def test_a_procedure_named_in_french_only_shows_in_every_language(live_app, browser):
    admin = desk(browser)
    sign_in(admin, live_app, ADMIN["email"], ADMIN["password"], r"/admin$")
    open_page(admin, f"{live_app}/admin/catalog")
    admin.locator("#new-procedure").click()
    editor = admin.locator("#procedure-editor")
    admin.locator("#proc-code").fill("WELL_DRILLING")
    admin.locator("#proc-service").select_option("DRA_INFRASTRUCTURE")
    admin.locator("#proc-name_fr").fill(NAME)
    for row, code, label in ((".field-editor", "douar", "Douar"),
                             (".document-editor", "plan", "Plan du forage")):
        editor.locator(row).first.get_by_placeholder("code").fill(code)
        editor.locator(row).first.get_by_label("Libellé en français").fill(label)
    admin.wait_for_timeout(500)
    # Every language of the list has its inputs, labelled; the empty ones say what shows.
    for lang, word in (("ar", "arabe"), ("en", "anglais")):
        expect(admin.get_by_text(f"Nom en {word}", exact=True)).to_be_visible()
        expect(admin.locator(f"#proc-name_{lang}-fallback")).to_contain_text(NAME)
        expect(admin.locator(f"#proc-name_{lang}-fallback")).to_contain_text("en français")
        expect(admin.locator(f"#field-0-label_{lang}-fallback")).to_contain_text("Douar")
    expect(admin.locator("#proc-name_fr-fallback")).to_have_count(0)
    screenshot(admin, "catalog-admin-fallback-fr")
    admin.locator("#save-procedure").click()
    expect(admin.get_by_text("Démarche WELL_DRILLING enregistrée.")).to_be_visible()
    admin.context.close()

    for locale in ("ar-MA", "en-GB"):
        visitor = new_phone_page(browser, locale=locale)
        open_page(visitor, f"{live_app}/procedures")
        visitor.locator("#catalog-search, input[type=search]").first.fill("forage")
        card = visitor.locator(".procedure-card")
        expect(card).to_have_count(1)
        expect(card).to_contain_text(NAME)
        card.click()
        expect(visitor).to_have_url(re.compile(r"/procedures/WELL_DRILLING"))
        expect(visitor.locator("#procedure-name")).to_have_text(NAME)
        expect(visitor.locator("body")).to_contain_text("Plan du forage")
        screenshot(visitor, f"procedure-french-only-{locale[:2]}")
        visitor.context.close()
