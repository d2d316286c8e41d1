"""The administrators' dashboard and the public transparency page show charts and verdicts,
per region: the consortium's administrator compares the regions, a region's sees its own, and
the public page opens on the region the visitor chose in the catalog."""

import re

import pytest
from playwright.sync_api import expect

from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import new_phone_page, open_page, screenshot
from tests.browser.test_backoffice_browser import desk, sign_in

pytestmark = pytest.mark.browser
ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin" and not a["region_code"])
ADMIN_DRA = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin" and a["region_code"] == "DRA")


def test_dashboard_and_transparency_show_charts_tables_and_verdicts(live_app, browser):
    admin = desk(browser)
    sign_in(admin, live_app, ADMIN["email"], ADMIN["password"], r"/admin$")
    admin.locator("#go-indicators").click()
    expect(admin).to_have_url(re.compile(r"/admin/indicators$"))
    expect(admin.locator("#region-verdict .verdict")).to_be_visible()
    for chart in ("chart-monthly", "chart-on-time", "chart-backlog", "chart-paper"):
        expect(admin.locator(f"#{chart} svg.recharts-surface[role='application']")).to_be_visible()
    expect(admin.locator("#chart-monthly .recharts-line-curve").first).to_be_visible()
    expect(admin.locator("#chart-paper .recharts-bar-rectangle").first).to_be_visible()
    expect(admin.locator(".indicator-row").first).to_be_visible()
    expect(admin.locator("#explanations")).to_contain_text("sans compter")
    # The consortium's administrator compares the four regions, and chooses one.
    expect(admin.locator("#region-table .region-row")).to_have_count(5)
    expect(admin.locator("#chart-regions svg.recharts-surface[role='application']")).to_be_visible()
    expect(admin.locator("#chart-regions .recharts-bar-rectangle").first).to_be_visible()
    expect(admin.locator("#figures-scope")).to_contain_text("Les quatre régions")
    screenshot(admin, "dashboard-fr")
    admin.locator("#figures-region").select_option("ORI")
    expect(admin.locator("#figures-scope")).to_contain_text("Oriental")
    expect(admin.locator("#region-table")).to_have_count(0)
    services = admin.locator("#ind-service option").evaluate_all("o => o.map(e => e.value)")
    assert services[0] == "" and {code.split("_")[0] for code in services[1:]} == {"ORI"}
    provinces = admin.locator("#ind-province option").all_inner_texts()
    assert "Nador" in provinces and "Ouarzazate" not in provinces
    screenshot(admin, "dashboard-region-fr")
    admin.locator("#figures-region").select_option("")
    admin.locator("#lang-ar").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("آجال المعالجة")
    screenshot(admin, "dashboard-ar")
    admin.context.close()

    public = new_phone_page(browser)
    open_page(public, f"{live_app}/transparency")
    expect(public.locator("#region-verdict .verdict")).to_be_visible()
    expect(public.locator("#chart-monthly svg.recharts-surface[role='application']")).to_be_visible()
    expect(public.locator("#open-data a[href^='/api/open-data/datapackage.json?from=']")
           ).to_be_visible()
    expect(public.locator("#computed-at")).to_contain_text(re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d"))
    screenshot(public, "transparency-fr")
    public.locator("#lang-ar").click()
    expect(public.locator("html")).to_have_attribute("dir", "rtl")
    expect(public.locator("#explanations")).to_contain_text("الإدارة")
    expect(public.locator("#computed-at")).to_contain_text("أرقام محسوبة بتاريخ")
    screenshot(public, "transparency-ar")
    public.context.close()


def test_a_region_administrator_sees_their_region_only(live_app, browser):
    admin = desk(browser)
    sign_in(admin, live_app, ADMIN_DRA["email"], ADMIN_DRA["password"], r"/admin$")
    open_page(admin, f"{live_app}/admin/indicators")
    expect(admin.locator("#figures-scope")).to_contain_text("Drâa-Tafilalet")
    expect(admin.locator("#figures-region")).to_be_disabled()
    expect(admin.locator("#figures-region")).to_have_value("DRA")
    expect(admin.locator("#region-table")).to_have_count(0)
    services = admin.locator("#ind-service option").evaluate_all("o => o.map(e => e.value)")
    assert {code.split("_")[0] for code in services[1:]} == {"DRA"}
    admin.context.close()


def test_transparency_opens_on_the_region_chosen_in_the_catalog(live_app, browser):
    for width, name in ((360, "phone"), (1366, "desktop")):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
        context.set_default_timeout(20_000)
        page = context.new_page()
        open_page(page, f"{live_app}/procedures")
        expect(page.locator(".procedure-card").first).to_be_visible()
        page.locator("#region-filter").select_option("SMA")
        expect(page.locator(".procedure-card").first).to_contain_text("Souss-Massa")
        # The choice is remembered (the page writes the cookie with the filtered list).
        page.wait_for_function("document.cookie.includes('counter_region=SMA')")
        if name == "phone":
            open_page(page, f"{live_app}/transparency")  # a new visit
        else:
            page.locator("#footer-transparency").click()  # a link within the site
            expect(page).to_have_url(re.compile(r"/transparency$"))

        expect(page.locator("#figures-region")).to_have_value("SMA")
        expect(page.locator("#figures-scope")).to_contain_text("Souss-Massa")
        expect(page.locator("#region-verdict .verdict")).to_be_visible()
        links = page.locator("#downloads a")
        expect(links).to_have_count(4)
        for href in links.evaluate_all("a => a.map(e => e.getAttribute('href'))"):
            assert re.search(r"\?region=SMA&from=\d{4}-\d\d-\d\d&to=\d{4}-\d\d-\d\d$", href), href
        screenshot(page, f"transparency-region-fr-{name}")

        page.locator("#lang-ar").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("#figures-scope")).to_contain_text("سوس ماسة")
        expect(page.locator("#figures-region")).to_have_value("SMA")
        # Right to left: the procedure's name is the first column, on the right, in view.
        headers = page.locator("#procedure-table th")
        first, last = headers.first.bounding_box(), headers.last.bounding_box()
        assert first["x"] > last["x"] and first["x"] + first["width"] <= width
        screenshot(page, f"transparency-region-ar-{name}")

        # Another region here is remembered for the catalog too; all four, for everything.
        page.locator("#figures-region").select_option("ORI")
        expect(page.locator("#figures-scope")).to_contain_text("الشرق")
        expect(links.first).to_have_attribute("href", re.compile(r"region=ORI&"))
        open_page(page, f"{live_app}/procedures")
        expect(page.locator("#region-filter")).to_have_value("ORI")
        open_page(page, f"{live_app}/transparency")
        page.locator("#figures-region").select_option("")
        expect(page.locator("#figures-scope")).to_contain_text("الجهات الأربع")
        expect(links.first).not_to_have_attribute("href", re.compile("region="))
        context.close()
