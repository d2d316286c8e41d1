"""Issue 10, defects 24 and 13 in a real browser: a forgiving catalog search whose filters
live in the address, and sizes and page counts written in the screen's language."""

import re

import pytest
from playwright.sync_api import Browser, expect

from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import new_phone_page, open_page, screenshot
from tests.browser.test_backoffice_browser import sign_in
from tests.browser.test_citizen_journey import choose_file, files  # noqa: F401

pytestmark = pytest.mark.browser
CITIZEN = next(a for a in DEMO_ACCOUNTS if a["role"] == "citizen")
GRANTS = "Demande de subvention pour une association"


def test_a_misspelt_search_finds_the_subsidies_and_the_address_keeps_the_list(
        live_app, browser: Browser):
    page = new_phone_page(browser)
    open_page(page, f"{live_app}/procedures")
    cards = page.locator(".procedure-card")
    expect(cards.first).to_be_visible()

    page.get_by_label("Rechercher une démarche").fill("subvension")
    expect(cards).to_have_count(4)
    expect(cards.first).to_contain_text(GRANTS)
    expect(page.locator("#results-count")).to_have_text("4 démarches")
    expect(page.locator("#did-you-mean")).to_contain_text("Vouliez-vous dire :")
    expect(page.locator("#did-you-mean a")).to_have_text(["subvention"])
    page.locator("#region-filter").select_option("DRA")
    expect(cards).to_have_count(1)
    expect(page.locator("#results-count")).to_have_text("1 démarche")
    expect(page).to_have_url(re.compile(r"/procedures/?\?q=subvension&region=DRA$"))
    screenshot(page, "catalog-typo-fr")

    # The address, opened elsewhere (no memory of this tab), shows the same list.
    shared = new_phone_page(browser)
    open_page(shared, page.url)
    expect(shared.locator(".procedure-card")).to_have_count(1)
    expect(shared.locator(".procedure-card").first).to_contain_text(GRANTS)
    expect(shared.locator("#catalog-search")).to_have_value("subvension")
    expect(shared.locator("#region-filter")).to_have_value("DRA")
    shared.context.close()

    # Back from a procedure returns to the filtered list, address included.
    cards.first.click()
    expect(page).to_have_url(re.compile(r"/procedures/DRA_ASSOCIATION_GRANT$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"/procedures/?\?q=subvension&region=DRA$"))
    expect(cards).to_have_count(1)
    expect(page.locator("#catalog-search")).to_have_value("subvension")

    # In Arabic the French word still finds; the list is written right to left.
    page.locator("#lang-ar").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("طلب منحة لفائدة جمعية")
    expect(page.locator("#results-count")).to_have_text("1 إجراء")
    page.get_by_label("البحث عن إجراء").fill("المنحه")  # ه for ة
    expect(page).to_have_url(re.compile(r"q=%D8%A7%D9%84%D9%85%D9%86%D8%AD%D9%87"))
    expect(cards).to_have_count(1)
    screenshot(page, "catalog-typo-ar")

    # Nothing matches: the nearest procedures are offered, one tap away.
    page.locator("#lang-fr").click()
    # The language switch reloads the page's filters from its address: let it finish first.
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#results-count")).to_have_text("1 démarche")
    page.wait_for_load_state("networkidle")
    page.locator("#region-filter").select_option("")
    expect(page).not_to_have_url(re.compile(r"region=DRA"))
    page.get_by_label("Rechercher une démarche").fill("subvention touristique")
    expect(cards).to_have_count(0)
    suggestion = page.locator("#did-you-mean a", has_text=GRANTS)
    expect(suggestion).to_be_visible()
    screenshot(page, "catalog-nearest-fr")
    suggestion.click()
    expect(page).to_have_url(re.compile(r"/procedures/?\?q=Demande\+de\+subvention"))
    expect(page.locator("#catalog-search")).to_have_value(GRANTS)
    expect(cards).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing spills
    page.context.close()


def test_the_documents_step_writes_size_and_pages_in_the_screens_language(
        live_app, browser: Browser, files):  # noqa: F811
    page = new_phone_page(browser)
    sign_in(page, live_app, CITIZEN["email"], CITIZEN["password"], r"/dossiers$")
    open_page(page, f"{live_app}/procedures/DRA_SCHOOL_TRANSPORT_GRANT")
    page.locator("#start-dossier").click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d+/edit$"))
    page.locator("#lang-fr").click()  # the demo citizen signs in in Arabic
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.locator("#to-documents").click()
    page.locator("#doc_upload-target").select_option(index=0)
    choose_file(page, files["pdf"])  # two pages, a few kilobytes
    row = page.locator(".document-row").nth(0)
    expect(row).to_contain_text("certificat-scolarite.pdf")
    expect(row).to_contain_text(re.compile(r"\d+ Ko · 2 pages"))
    expect(row).not_to_contain_text("KB")
    screenshot(page, "filing-documents-size-fr")

    page.locator("#lang-ar").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(row).to_contain_text(re.compile(r"\d+ كيلوبايت · 2 صفحتان"))
    screenshot(page, "filing-documents-size-ar")
    page.context.close()


def test_deadlines_and_counts_read_in_words_on_the_procedure_privacy_and_queue_pages(
        live_app, browser: Browser):
    page = new_phone_page(browser)
    open_page(page, f"{live_app}/procedures/DRA_ACCESS_INFO")
    expect(page.locator("main")).to_contain_text("20 jours ouvrables")
    screenshot(page, "procedure-deadline-fr")
    open_page(page, f"{live_app}/privacy")
    expect(page.locator("#records-count")).to_have_text(
        re.compile(r"^\d+ démarches : touchez-en une pour la lire\.$"))
    screenshot(page, "privacy-counts-fr")
    page.locator("#lang-ar").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#records-count")).to_have_text(re.compile(r"^\d+ (مساطر|مسطرة): "))
    screenshot(page, "privacy-counts-ar")
    open_page(page, f"{live_app}/procedures/DRA_ACCESS_INFO")
    expect(page.locator("main")).to_contain_text("20 يوم عمل")
    screenshot(page, "procedure-deadline-ar")
    page.context.close()

    agent = new_phone_page(browser)
    demo_agent = next(a for a in DEMO_ACCOUNTS if a["role"] == "agent")
    sign_in(agent, live_app, demo_agent["email"], demo_agent["password"], r"/agent$")
    expect(agent.locator("#queue-count")).to_have_text(
        re.compile(r"^\d+ dossiers? — page \d+/\d+$"))
    screenshot(agent, "queue-count-fr")
    agent.locator("#lang-ar").click()
    expect(agent.locator("#queue-count")).to_have_text(
        re.compile(r"^\d+ (ملف|ملفان|ملفات|ملفا) — الصفحة \d+/\d+$"))
    screenshot(agent, "queue-count-ar")
    agent.context.close()
