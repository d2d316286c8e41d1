"""The administrators' dashboard and the public transparency page show charts and verdicts."""

import re

import pytest
from playwright.sync_api import expect

from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import new_phone_page, open_page, screenshot
from tests.browser.test_backoffice_browser import desk, sign_in

pytestmark = pytest.mark.browser
ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin")


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
    screenshot(admin, "dashboard-fr")
    admin.locator("#lang-ar").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("آجال المعالجة")
    screenshot(admin, "dashboard-ar")
    admin.context.close()

    public = new_phone_page(browser)
    open_page(public, f"{live_app}/transparency")
    expect(public.locator("#region-verdict .verdict")).to_be_visible()
    expect(public.locator("#chart-monthly svg.recharts-surface[role='application']")).to_be_visible()
    expect(public.locator("#open-data a[href='/api/open-data/datapackage.json']")).to_be_visible()
    expect(public.locator("#computed-at")).to_contain_text(re.compile(r"\d\d/\d\d/\d{4} \d\d:\d\d"))
    screenshot(public, "transparency-fr")
    public.locator("#lang-ar").click()
    expect(public.locator("html")).to_have_attribute("dir", "rtl")
    expect(public.locator("#explanations")).to_contain_text("الإدارة")
    expect(public.locator("#computed-at")).to_contain_text("أرقام محسوبة بتاريخ")
    screenshot(public, "transparency-ar")
    public.context.close()
