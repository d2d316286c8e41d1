"""A company files an investment file and follows it against the 30-day legal limit."""

import re

import pytest
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import new_phone_page, open_page, screenshot

pytestmark = pytest.mark.browser
BUSINESS = next(a for a in DEMO_ACCOUNTS if a["role"] == "business")


def test_company_files_an_investment_and_sees_it_on_its_dashboard(live_app, browser,
                                                                   tmp_path):
    plan = tmp_path / "plan-affaires.pdf"
    drawing = canvas.Canvas(str(plan))
    drawing.drawString(100, 700, "Plan d'affaires")
    drawing.save()

    page = new_phone_page(browser)
    open_page(page, f"{live_app}/signin")
    page.get_by_label("E-mail ou numéro de mobile").fill(BUSINESS["email"])
    page.locator("#input-password").fill(BUSINESS["password"])
    page.locator("#signin-submit").click()
    expect(page).to_have_url(re.compile(r"/business$"))

    open_page(page, f"{live_app}/procedures/DRA_INVESTMENT_INCENTIVE")
    page.locator("#start-dossier").click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d+/edit$"))
    for selector, value in (("#field-investment_amount", "12 500 000"),
                            ("#field-jobs_planned", "45"),
                            ("#field-project_summary", "Unité de séchage solaire de dattes.")):
        page.locator(selector).fill(value)
        page.locator(selector).press("Tab")
    page.locator("#field-sector").select_option("agriculture")
    page.locator("#field-province").select_option("errachidia")
    page.locator("#field-incentive_type").select_option("job_creation")
    page.locator("#to-documents").click()
    for index in (0, 1):
        page.locator("#doc_upload-target").select_option(index=index)
        with page.expect_file_chooser() as chooser:
            page.locator(".upload-zone").click()
        chooser.value.set_files(str(plan))
        expect(page.locator(".document-row").nth(index)).to_contain_text("plan-affaires.pdf")
    page.locator("#to-review").click()
    page.locator("#submit-dossier").click()
    expect(page.locator("#tracking-code")).to_be_visible()

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
