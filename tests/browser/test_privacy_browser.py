"""The privacy page (law 09-08) in a real browser: French and Arabic, on a 360 px phone and on
a desktop; it opens on the region chosen in the catalog; the footer links to it and, safely,
to Chikaya.ma and Rokhas.ma on every page."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import open_page, screenshot

pytestmark = pytest.mark.browser

ARABIC = re.compile(r"[\u0600-\u06FF]")


def desktop(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(20_000)
    return context.new_page()


def assert_footer_links(page: Page) -> None:
    expect(page.locator("#footer-privacy")).to_have_attribute("href", "/privacy")
    for link_id, address in (("footer-chikaya", "https://www.chikaya.ma"),
                             ("footer-rokhas", "https://www.rokhas.ma")):
        link = page.locator(f"#{link_id}")
        expect(link).to_have_attribute("href", address)
        expect(link).to_have_attribute("target", "_blank")
        expect(link).to_have_attribute("rel", "noopener noreferrer")


def assert_fits(page: Page, width: int) -> None:
    """Nothing wider than the screen: no sideways scrolling on a phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_privacy_page_in_french_and_arabic_on_a_phone(live_app, page):
    open_page(page, f"{live_app}/")
    assert_footer_links(page)  # on every page: here the home page
    page.locator("#footer-privacy").click()
    expect(page).to_have_url(re.compile(r"/privacy$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos données personnelles")
    expect(page.locator("#privacy-region")).to_have_value("DRA")
    expect(page.locator("#controller-name")).to_have_text("Conseil de la région Drâa-Tafilalet")
    records = page.locator(".privacy-procedure")
    expect(records.first).to_be_visible()
    assert records.count() >= 5
    access = page.locator("#record-DRA_ACCESS_INFO")
    access.locator("summary").click()
    expect(access).to_contain_text("31-13")
    expect(access).to_contain_text("12 mois après la décision")
    company = page.locator("#record-DRA_COMPANY_CREATION")
    company.locator("summary").click()
    expect(company.locator(".privacy-data li").first).to_be_visible()
    expect(company).to_contain_text("Identité")
    expect(page.locator("#rights")).to_contain_text("Rectification")
    expect(page.locator("#cndp-link")).to_have_attribute("rel", "noopener noreferrer")
    assert_footer_links(page)
    assert_fits(page, 360)
    screenshot(page, "privacy-fr")

    page.locator("#privacy-region").select_option("SMA")
    expect(page.locator("#controller-name")).to_have_text("Conseil de la région Souss-Massa")
    expect(page.locator("#record-SMA_TOURIST_ESTABLISHMENT")).to_be_visible()

    page.locator("#lang-ar").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("معطياتكم الشخصية")
    expect(page.locator("#controller-name")).to_have_text("مجلس جهة سوس ماسة")
    tourism = page.locator("#record-SMA_TOURIST_ESTABLISHMENT")
    tourism.locator("summary").click()
    expect(tourism).to_contain_text("80.14")
    expect(tourism.locator(".privacy-data li").first).to_have_text(ARABIC)
    # The layout mirrors: the heading and the region's name start on the right.
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert heading["x"] + heading["width"] > 300
    name = page.locator("#controller-name").bounding_box()
    assert name["x"] + name["width"] > 280
    assert_fits(page, 360)
    screenshot(page, "privacy-ar")


def test_the_privacy_page_opens_on_the_region_chosen_in_the_catalog(live_app, page):
    open_page(page, f"{live_app}/procedures")
    page.locator("#region-filter").select_option("ORI")
    page.wait_for_function("document.cookie.includes('counter_region=ORI')")

    open_page(page, f"{live_app}/privacy")

    expect(page.locator("#privacy-region")).to_have_value("ORI")
    expect(page.locator("#controller-name")).to_have_text("Conseil de la région Oriental")


def test_the_privacy_page_on_a_desktop(live_app, browser):
    wide = desktop(browser)
    open_page(wide, f"{live_app}/privacy")
    expect(wide.locator("#controller-name")).to_be_visible()
    wide.locator("#record-DRA_RURAL_BUILDING_PERMIT summary").click()
    assert_footer_links(wide)
    screenshot(wide, "privacy-desktop-fr")
    wide.locator("#lang-ar").click()
    expect(wide.locator("html")).to_have_attribute("dir", "rtl")
    expect(wide.locator("#national-portals")).to_contain_text("الشكايات")
    screenshot(wide, "privacy-desktop-ar")
    wide.context.close()
