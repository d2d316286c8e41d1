"""The public catalog in a real browser: search, open a procedure, switch to Arabic."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import new_phone_page, open_page, screenshot

pytestmark = pytest.mark.browser

ARABIC = re.compile(r"[\u0600-\u06FF]")
PAGE_SIZE = 12  # counter.states.catalog.PAGE_SIZE: the cards a list shows at first


def listed(page) -> int:  # noqa: ANN001
    """How many procedures the list matches, as its count says ("52 démarches"); the
    cards shown are at most a screenful more than the taps on "Voir … de plus"."""
    return int(re.match(r"\d+", page.locator("#results-count").inner_text()).group(0))


def count_changes(page, before: int) -> int:  # noqa: ANN001
    expect(page.locator("#results-count")).not_to_have_text(re.compile(rf"^{before}\b"))
    return listed(page)


def test_search_open_a_procedure_and_read_it_in_arabic(live_app, page):
    open_page(page, f"{live_app}/procedures")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les démarches")
    cards = page.locator(".procedure-card")
    expect(cards.first).to_be_visible()
    total = listed(page)
    assert total >= 2 * PAGE_SIZE
    # A screenful first, then one big tap shows the next ones.
    expect(cards).to_have_count(PAGE_SIZE)
    more = page.locator("#show-more")
    expect(more).to_have_text(f"Voir {PAGE_SIZE} démarches de plus")
    more.click()
    expect(cards).to_have_count(2 * PAGE_SIZE)

    page.get_by_label("Rechercher une démarche").fill("établissement touristique")
    expect(cards).to_have_count(1)
    expect(page.locator("#results-count")).to_have_text("1 démarche")
    screenshot(page, "catalog-search-fr")

    cards.first.click()
    expect(page).to_have_url(re.compile(r"/procedures/SMA_TOURIST_ESTABLISHMENT$"))
    expect(page.locator("#procedure-name")).to_contain_text("touristique")
    expect(page.get_by_role("heading", name="Documents à fournir")).to_be_visible()
    assert page.locator("#documents-list li").count() >= 1
    screenshot(page, "procedure-fr")

    page.locator("#lang-ar").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("#frame")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="الوثائق المطلوبة")).to_be_visible()
    expect(page.locator("#procedure-name")).to_have_text(ARABIC)
    # The layout mirrors: the heading starts on the right.
    heading = page.locator("#procedure-name").bounding_box()
    assert heading["x"] + heading["width"] > 300
    screenshot(page, "procedure-ar")

    # The choice is remembered on the next visit.
    open_page(page, f"{live_app}/procedures")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("الإجراءات")
    # The search is kept too, now shown in Arabic; clearing it lists everything again.
    expect(page.locator("#catalog-search")).to_have_value("établissement touristique")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("رخصة")
    page.get_by_role("button", name="مسح عوامل التصفية").click()
    expect(cards).to_have_count(PAGE_SIZE)
    expect(page.locator("#show-more")).to_have_text("عرض 12 إجراءً إضافيًا")
    screenshot(page, "catalog-ar")


def test_language_defaults_to_the_browsers_and_falls_back_to_french(live_app, browser):
    arabic = new_phone_page(browser, locale="ar-MA")
    open_page(arabic, live_app)
    expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
    expect(arabic.get_by_role("heading", level=1)).to_have_text("أنجزوا إجراءاتكم عبر الإنترنت")
    screenshot(arabic, "home-ar")
    arabic.context.close()

    german = new_phone_page(browser, locale="de-DE")
    open_page(german, live_app)
    expect(german.locator("html")).to_have_attribute("lang", "fr")
    expect(german.get_by_role("heading", level=1)).to_have_text("Faites vos démarches en ligne")
    german.context.close()


def test_filters_by_audience_and_service(live_app, page):
    open_page(page, f"{live_app}/procedures")
    cards = page.locator(".procedure-card")
    expect(cards.first).to_be_visible()
    total = listed(page)
    page.locator("#audience-business").click()
    expect(page.locator("#audience-business")).to_have_attribute("aria-pressed", "true")
    business = count_changes(page, total)
    assert 0 < business < total
    page.locator("#audience-all").click()
    assert count_changes(page, business) == total  # the whole list before the next filter
    page.locator("#service-filter").select_option("DRA_CRI")
    service = count_changes(page, total)
    expect(cards.first).to_contain_text("Centre régional d'investissement")
    assert service < total and cards.count() == min(service, PAGE_SIZE)
    page.get_by_role("button", name="Effacer les filtres").click()
    assert count_changes(page, service) == total
    expect(cards).to_have_count(PAGE_SIZE)


def test_an_unknown_procedure_says_so(live_app, page):
    open_page(page, f"{live_app}/procedures/NO_SUCH_THING")
    expect(page.get_by_text("Cette démarche n'existe pas")).to_be_visible()


def test_home_leads_to_the_catalog_and_to_tracking(live_app, page):
    open_page(page, live_app)
    expect(page.locator("#go-catalog")).to_have_attribute("href", "/procedures")
    expect(page.locator("#go-track")).to_have_attribute("href", "/track")
    page.locator("#go-catalog").click()
    expect(page).to_have_url(re.compile(r"/procedures$"))
    screenshot(page, "home-to-catalog")


def test_keyboard_reaches_the_skip_link_first(live_app, page):
    open_page(page, f"{live_app}/procedures")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/procedures/?#main$"))
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_catalog_filtered_by_region_in_french_and_arabic(live_app, browser):
    for width, name in ((360, "phone"), (1366, "desktop")):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
        context.set_default_timeout(20_000)
        page = context.new_page()
        open_page(page, f"{live_app}/procedures")
        cards = page.locator(".procedure-card")
        expect(cards.first).to_be_visible()
        total = listed(page)
        page.locator("#region-filter").select_option("DRA")
        in_dra = count_changes(page, total)
        expect(cards.first).to_contain_text("Drâa-Tafilalet")
        assert 3 <= in_dra < total
        dra = min(in_dra, PAGE_SIZE)
        expect(cards).to_have_count(dra)
        badges = page.locator(".procedure-card .region-badge").all_inner_texts()
        assert len(badges) == dra and set(badges) == {"Drâa-Tafilalet"}
        screenshot(page, f"catalog-region-fr-{name}")

        # Remembered like the language, and shown in Arabic.
        open_page(page, f"{live_app}/procedures")
        expect(page.locator("#region-filter")).to_have_value("DRA")
        page.locator("#lang-ar").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(cards).to_have_count(dra)
        assert set(page.locator(".procedure-card .region-badge").all_inner_texts()) == {
            "درعة تافيلالت"}
        screenshot(page, f"catalog-region-ar-{name}")

        # A search the region cannot answer says where else it is found, one tap away.
        page.locator("#lang-fr").click()
        page.get_by_label("Rechercher une démarche").fill("établissement touristique")
        expect(cards).to_have_count(0)
        expect(page.locator("#elsewhere-count")).to_have_text("Dans les autres régions : 1")
        page.locator("#show-all-regions").click()
        expect(cards).to_have_count(1)
        expect(cards.first).to_contain_text("Souss-Massa")
        expect(page.locator("#region-filter")).to_have_value("")
        context.close()


def test_the_catalogs_help_leads_to_chikaya_and_rokhas(live_app, page):
    open_page(page, f"{live_app}/procedures")
    for portal, address in (("chikaya", "https://www.chikaya.ma"),
                            ("rokhas", "https://www.rokhas.ma")):
        link = page.locator(f"#catalog-footer-{portal}")
        expect(link).to_have_attribute("href", address)
        expect(link).to_have_attribute("rel", "noopener noreferrer")
    # A procedure handled elsewhere explains and links out instead of starting a dossier.
    open_page(page, f"{live_app}/procedures/DRA_COMPLAINT")
    expect(page.locator("#elsewhere-note")).to_contain_text("Chikaya.ma")
    expect(page.locator("#go-elsewhere")).to_have_attribute("href", "https://www.chikaya.ma")
    expect(page.locator("#start-dossier")).to_have_count(0)
