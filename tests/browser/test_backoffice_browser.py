"""The administration's side, the whole way, in a real browser.

An administrator creates an agent for Drâa-Tafilalet's school service; a citizen of Zagora
files (the receipt is headed Drâa-Tafilalet, as the province list offers that region's
provinces only); the agent takes
the dossier and requests information; the citizen answers with a new document; the agent
accepts; the citizen downloads the decision, whose code verifies on the public page; an
agent of another service cannot see the dossier.
"""

import re
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import SUBMISSION_MS, new_phone_page, open_page, screenshot
from tests.browser.test_citizen_journey import PASSWORD, choose_file, files, sign_up  # noqa: F401

pytestmark = pytest.mark.browser
DEMO = {a["role"]: a for a in DEMO_ACCOUNTS}


def desk(browser: Browser, locale: str = "fr-FR") -> Page:
    """An agent's screen."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale=locale)
    context.set_default_timeout(20_000)
    return context.new_page()


def sign_in(page: Page, base: str, email: str, password: str, landing: str) -> None:
    open_page(page, f"{base}/signin")
    page.get_by_label(re.compile("E-mail ou numéro de mobile|البريد الإلكتروني")).fill(email)
    page.locator("#input-password").fill(password)
    page.locator("#signin-submit").click()
    expect(page).to_have_url(re.compile(landing))


def create_agent(browser: Browser, base: str, name: str, service: str) -> str:
    """The administrator creates an agent of `service` (its label in the list); its e-mail."""
    admin = desk(browser)
    sign_in(admin, base, DEMO["admin"]["email"], DEMO["admin"]["password"], r"/admin$")
    agent_email = f"agent-{uuid.uuid4().hex[:6]}@region.example.ma"
    admin.get_by_label("Nom et prénom").fill(name)
    admin.locator("form #input-email").fill(agent_email)
    admin.locator("#agent-service").select_option(label=service)
    admin.locator("#input-password").fill(PASSWORD)
    admin.locator("#create-agent").click()
    expect(admin.get_by_text("Compte agent créé.")).to_be_visible()
    expect(admin.locator(".account-row", has_text=name)).to_be_visible()
    admin.context.close()
    return agent_email


def test_file_review_request_answer_accept_and_verify(live_app, browser, files):  # noqa: F811
    # The administrator creates an agent of the school service.
    agent_email = create_agent(
        browser, live_app, "Nadia Ait Lahcen",
        "Drâa-Tafilalet — Service des affaires scolaires et de la formation")

    # A citizen files a school transport grant with two documents.
    citizen = new_phone_page(browser)
    sign_up(citizen, live_app, name="Rachid Idrissi", labels={
        "name": "Nom et prénom", "cin": "Numéro de CIN", "email": "Adresse e-mail"})
    open_page(citizen, f"{live_app}/procedures/DRA_SCHOOL_TRANSPORT_GRANT")
    expect(citizen.locator("body")).to_contain_text("Région Drâa-Tafilalet")
    citizen.locator("#start-dossier").click()
    expect(citizen).to_have_url(re.compile(r"/dossiers/\d+/edit$"))
    dossier_id = re.search(r"/dossiers/(\d+)/edit", citizen.url).group(1)
    for selector, value in (("#field-pupil_name", "Salma Idrissi"),
                            ("#field-school_name", "École Al Massira"),
                            ("#field-distance_km", "9")):
        citizen.locator(selector).fill(value)
        citizen.locator(selector).press("Tab")
    citizen.locator("#field-school_level").select_option(index=1)
    # A Zagora resident: the list holds Drâa-Tafilalet's five provinces, no other region's.
    provinces = citizen.locator("#field-province option").evaluate_all(
        "options => options.map(o => o.value).filter(v => v)")
    assert sorted(provinces) == ["errachidia", "midelt", "ouarzazate", "tinghir", "zagora"]
    citizen.locator("#field-province").select_option("zagora")
    citizen.locator("#to-documents").click()
    for index, path in ((0, files["pdf"]), (1, files["photo"])):
        citizen.locator("#doc_upload-target").select_option(index=index)
        choose_file(citizen, path)
        expect(citizen.locator(".document-row").nth(index)).to_contain_text(path.name)
    citizen.locator("#to-review").click()
    citizen.locator("#submit-dossier").click()
    code = citizen.locator("#tracking-code")
    expect(code).to_be_visible(timeout=SUBMISSION_MS)
    tracking = code.inner_text()
    with citizen.expect_download() as download:
        citizen.locator("#receipt-link").click()
    receipt = PdfReader(BytesIO(Path(download.value.path()).read_bytes())).pages[0].extract_text()
    assert "Région Drâa-Tafilalet" in receipt and tracking in receipt

    # The agent finds it in the queue, takes it and asks for information.
    agent = desk(browser)
    sign_in(agent, live_app, agent_email, PASSWORD, r"/agent$")
    agent.locator("#queue-search").fill(tracking.lower().replace("-", ""))
    row = agent.locator(".queue-row", has_text=tracking)
    expect(row).to_be_visible()
    screenshot(agent, "queue-fr")
    agent.locator("#lang-ar").click()
    expect(agent.get_by_role("heading", level=1)).to_have_text("لائحة الملفات")
    expect(row).to_contain_text("دعم النقل المدرسي")
    screenshot(agent, "queue-ar")
    agent.locator("#lang-fr").click()
    expect(row).to_contain_text("Aide au transport scolaire")
    row.get_by_role("link").click()
    expect(agent.locator("#review-code")).to_have_text(tracking)
    expect(agent.locator(".review-document")).to_have_count(2)
    agent.locator("#action-take").click()
    agent.locator("#action-take-confirm").click()
    expect(agent.locator("#action-request")).to_be_visible()
    agent.locator("#action-request").click()
    # The one complement request (law 55-19): what is missing is ticked among what the
    # procedure lists; nothing ticked, nothing sent.
    agent.locator("#request-text").fill("Le certificat de scolarité doit être signé.")
    expect(agent.locator("#action-request-confirm")).to_be_disabled()
    expect(agent.locator(".complement-item")).to_have_count(7)  # 2 documents, 5 fields
    agent.locator("label[for='complement-doc-school_certificate']").click()
    screenshot(agent, "complement-request-fr")
    agent.locator("#action-request-confirm").click()
    expect(agent.get_by_text("le délai est suspendu").first).to_be_visible()
    screenshot(agent, "review-fr")

    # The citizen answers with a message and a new document; the dossier goes back to review.
    open_page(citizen, f"{live_app}/dossiers/{dossier_id}")
    expect(citizen.locator("#answer-form")).to_contain_text("signé")
    # The answer asks for exactly what the request named: only that document may be sent.
    targets = citizen.locator("#answer_upload-target option").all_inner_texts()
    assert targets == ["Certificat de scolarité de l'élève"], targets
    citizen.locator("#answer-text").fill("Voici le certificat signé.")
    citizen.locator("#send-answer").click()
    expect(citizen.locator("#answer-text-error")).to_contain_text("Certificat de scolarité")
    screenshot(citizen, "complement-answer-fr")
    choose_file(citizen, files["pdf"], "#answer-form .upload-zone")
    expect(citizen.locator("#answer-files")).to_contain_text(files["pdf"].name)
    citizen.locator("#send-answer").click()
    expect(citizen.get_by_text("Votre réponse est envoyée")).to_be_visible()

    # The agent accepts.
    open_page(agent, f"{live_app}/agent/dossiers/{dossier_id}")
    expect(agent.locator(".review-document")).to_have_count(3)
    expect(agent.locator(".new-document")).to_have_count(1)  # what came with the answer
    expect(agent.locator("#complement-used")).to_be_visible()  # no second request
    agent.locator("#action-accept").click()
    agent.locator("#accept-note").fill("Aide accordée pour l'année scolaire.")
    agent.locator("#action-accept-confirm").click()
    expect(agent.locator("#decision-link")).to_be_visible()

    # The citizen downloads the decision; its code verifies publicly.
    open_page(citizen, f"{live_app}/dossiers/{dossier_id}")
    expect(citizen.locator(".status-badge").first).to_contain_text("Accepté")
    with citizen.expect_download() as download:
        citizen.locator("#decision-link").click()
    text = "".join(p.extract_text() for p in
                   PdfReader(BytesIO(Path(download.value.path()).read_bytes())).pages)
    verification = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", text).group(0)
    assert tracking in text
    public = new_phone_page(browser)
    open_page(public, f"{live_app}/verify")
    public.locator("#verify-code").fill(verification.lower())
    public.locator("#verify-submit").click()
    result = public.locator("#verify-result")
    expect(result).to_contain_text("Accepté")
    expect(result).not_to_contain_text("Rachid")
    screenshot(public, "verify-fr")
    public.locator("#verify-code").fill("ZZZZ-ZZZZ-ZZZZ")
    public.locator("#verify-submit").click()
    expect(public.locator("#verify-result")).not_to_contain_text("Accepté")
    public.context.close()
    citizen.context.close()

    # An agent of another service sees nothing of it.
    other = desk(browser)
    sign_in(other, live_app, DEMO["agent"]["email"], DEMO["agent"]["password"], r"/agent$")
    other.locator("#queue-search").fill(tracking)
    expect(other.locator("#queue-count")).to_have_text(re.compile(r"^0 dossier"))
    expect(other.locator(".queue-row", has_text=tracking)).to_have_count(0)
    open_page(other, f"{live_app}/agent/dossiers/{dossier_id}")
    expect(other.locator("#review-not-found")).to_be_visible()
    other.context.close()

    # The review in Arabic.
    open_page(agent, f"{live_app}/agent/dossiers/{dossier_id}")
    agent.locator("#lang-ar").click()
    expect(agent.locator("html")).to_have_attribute("dir", "rtl")
    expect(agent.locator(".status-badge").first).to_contain_text("مقبول")
    screenshot(agent, "review-ar")
    agent.context.close()


def file_land_request(agent: Page, pdf: Path) -> None:
    """Fill in and submit the open DRA_INVESTMENT_LAND draft of a counter filing."""
    for selector, value in (("#field-investment_amount", "800000"), ("#field-jobs_planned", "6"),
                            ("#field-land_area_m2", "2500")):
        agent.locator(selector).fill(value)
        agent.locator(selector).press("Tab")
    for selector in ("#field-sector", "#field-land_use"):
        agent.locator(selector).select_option(index=1)
    agent.locator("#field-province").select_option("errachidia")
    agent.locator("#to-documents").click()
    for index in (0, 1):
        agent.locator("#doc_upload-target").select_option(index=index)
        choose_file(agent, pdf)
        expect(agent.locator(".document-row").nth(index)).to_contain_text("certificat")
    agent.locator("#to-review").click()
    agent.locator("#submit-dossier").click()


def test_an_agent_files_at_the_counter_for_a_person(live_app, browser, files):  # noqa: F811
    agent = desk(browser)
    sign_in(agent, live_app, DEMO["agent"]["email"], DEMO["agent"]["password"], r"/agent$")
    agent.locator("#start-assisted").click()
    expect(agent).to_have_url(re.compile(r"/agent/assisted$"))
    agent.locator("#assisted-procedure").select_option("DRA_INVESTMENT_LAND")
    agent.locator("#input-person_name").fill("Brahim Oufkir")
    agent.locator("#input-person_cin").fill("jc123987")
    agent.locator("#assisted-submit").click()
    expect(agent.locator("#assisted-consent-error")).to_contain_text("accord")
    agent.locator("#assisted-consent").click()
    agent.locator("#assisted-submit").click()
    expect(agent).to_have_url(re.compile(r"/agent/assisted/\d+$"))
    file_land_request(agent, files["pdf"])
    expect(agent.locator("#tracking-code")).to_be_visible()
    tracking = agent.locator("#tracking-code").inner_text()
    pin = agent.locator("#tracking-pin").inner_text()
    with agent.expect_download() as download:
        agent.locator("#receipt-link").click()
    receipt = PdfReader(BytesIO(Path(download.value.path()).read_bytes()))
    # An Errachidia investment file goes to Drâa-Tafilalet's CRI, not another region's.
    assert tracking in receipt.pages[0].extract_text()
    assert "Région Drâa-Tafilalet" in receipt.pages[0].extract_text()
    screenshot(agent, "assisted-submitted-fr")

    # The dossier is in the service's queue as filed at the counter.
    open_page(agent, f"{live_app}/agent")
    agent.locator("#queue-search").fill(tracking)
    expect(agent.locator(".queue-row", has_text=tracking)).to_contain_text("Au guichet")
    agent.context.close()

    # The person follows it with the code and PIN of the printed receipt.
    person = new_phone_page(browser)
    open_page(person, f"{live_app}/track?code={tracking}&pin={pin}")
    expect(person.locator("#track-result")).to_contain_text("Déposé")
    person.context.close()
