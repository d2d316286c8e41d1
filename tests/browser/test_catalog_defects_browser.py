"""Issue 10, defects 24 and 13 in a real browser: a forgiving catalog search whose filters
live in the address, and sizes and page counts written in the screen's language."""

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import new_phone_page, open_page, screenshot

pytestmark = pytest.mark.browser
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
    page.locator("#region-filter").select_option("")
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
