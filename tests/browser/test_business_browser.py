"""A company files an investment file and follows it against the 30-day legal limit."""

import re

import pytest
from playwright.sync_api import expect

from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import file_investment, new_phone_page, open_page, screenshot

pytestmark = pytest.mark.browser
BUSINESS = next(a for a in DEMO_ACCOUNTS if a["role"] == "business")


def test_company_files_an_investment_and_sees_it_on_its_dashboard(live_app, browser,
                                                                   tmp_path):
    page = new_phone_page(browser)
    open_page(page, f"{live_app}/signin")
    page.get_by_label("E-mail ou numéro de mobile").fill(BUSINESS["email"])
    page.locator("#input-password").fill(BUSINESS["password"])
    page.locator("#signin-submit").click()
    expect(page).to_have_url(re.compile(r"/business$"))

    file_investment(page, live_app, tmp_path)

    open_page(page, f"{live_app}/business")
    card = page.locator(".investment-card").first
    expect(card).to_contain_text("12\u202f500\u202f000 MAD")
    expect(card).to_contain_text("45")
    expect(card).to_contain_text("Errachidia")
    expect(card).to_contain_text("sur 30")
    screenshot(page, "business-fr")
    page.locator("#lang-ar").click()
    expect(card).to_contain_text("درهم")
    expect(card).to_contain_text("الرشيدية")
    screenshot(page, "business-ar")
    page.context.close()
