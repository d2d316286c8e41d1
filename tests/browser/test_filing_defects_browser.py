"""The filing and answer screens as new users met them (issue 10: defects 1, 2, 4, 5, 10,
15 and the accessibility of the filing steps), in a real browser, French and Arabic."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SUBMISSION_MS, new_phone_page, open_page, screenshot
from tests.browser.test_backoffice_browser import create_agent, desk, sign_in
from tests.browser.test_citizen_journey import PASSWORD, choose_file, files, sign_up  # noqa: F401

pytestmark = pytest.mark.browser
FR = {"name": "Nom et prénom", "cin": "Numéro de CIN", "email": "Adresse e-mail"}
AR = {"name": "الاسم الكامل", "cin": "رقم البطاقة الوطنية", "email": "البريد الإلكتروني"}
PERMIT_FIELDS = (("#field-commune", "Tinejdad, douar Ait Ali"), ("#field-plot_area_m2", "400"),
                 ("#field-built_area_m2", "120"), ("#field-floors_count", "2"))


def start(page: Page, base: str, procedure: str) -> None:
    open_page(page, f"{base}/procedures/{procedure}")
    page.locator("#start-dossier").click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d+/edit$"))


def type_in(page: Page, selector: str, value: str) -> None:
    page.locator(selector).fill(value)
    page.locator(selector).press("Tab")


def fill_permit(page: Page) -> None:
    for selector, value in PERMIT_FIELDS:
        type_in(page, selector, value)
    page.locator("#field-province").select_option("tinghir")
    page.locator("#field-building_use").select_option("housing")


def focused_id(page: Page) -> str:
    page.wait_for_function("document.activeElement && document.activeElement.id !== ''")
    return page.evaluate("document.activeElement.id")


def assert_targets(page: Page, selectors: list[str]) -> None:
    """Every one of these controls is at least 44 px high (thumbs on small phones)."""
    for selector in selectors:
        box = page.locator(selector).first.bounding_box()
        assert box and box["height"] >= 44, (selector, box)


def test_a_permit_filed_on_a_phone_errors_uploads_removal_and_focus(live_app, browser, files):  # noqa: F811
    page = new_phone_page(browser)
    sign_up(page, live_app, name="Hassan Ouali", labels=FR)
    start(page, live_app, "DRA_RURAL_BUILDING_PERMIT")

    # 1. Five levels where the permit allows 1 to 3: the bounds are said, no placeholder.
    type_in(page, "#field-floors_count", "5")
    error = page.locator("#field-floors_count-error")
    expect(error).to_have_text("Entrez un nombre entre 1 et 3.")
    expect(page.locator("#field-floors_count")).to_have_attribute(
        "aria-describedby", "field-floors_count-error")
    fill_permit(page)
    expect(error).to_have_count(0)
    screenshot(page, "filing-defects-1-information-fr")

    # A step change moves the focus to the step's heading, which says where one is.
    page.locator("#to-documents").click()
    expect(page.locator("#step-heading")).to_have_text("Étape 2 sur 3 : Documents")
    assert focused_id(page) == "step-heading"

    # The zone is a named button, its file input is labelled, nothing nameless takes focus.
    zone_button = page.get_by_role("button", name="Prendre une photo ou choisir un fichier")
    expect(zone_button).to_have_count(1)
    expect(zone_button).to_have_accessible_description("PDF, JPEG ou PNG, 10 Mo au plus")
    file_input = page.locator("#doc_upload input[type=file]")
    expect(file_input).to_have_attribute("aria-labelledby", "doc_upload-button")
    expect(file_input).to_have_attribute("tabindex", "-1")
    expect(page.locator("#doc_upload")).not_to_have_attribute("tabindex", "0")

    # 4. Once a file is in, the progress goes; the next missing document is offered.
    target = page.locator("#doc_upload-target")
    expect(target).to_have_value("ownership_proof")
    choose_file(page, files["pdf"])
    expect(page.locator(".document-row").nth(0)).to_contain_text("certificat-scolarite.pdf")
    expect(page.locator("#doc_upload-progress-text")).to_have_count(0)
    expect(target).to_have_value("site_plan")
    # A refused file: its message, and no progress left behind.
    choose_file(page, files["fake"])
    expect(page.locator("#doc_upload-error")).to_contain_text("type de fichier")
    expect(page.locator("#doc_upload-progress-text")).to_have_count(0)

    # "Remove" takes the file out and offers to put it back; the focus goes to that offer.
    page.locator(".remove-document").first.click()
    expect(page.locator("#undo-notice")).to_contain_text("certificat-scolarite.pdf")
    assert focused_id(page) == "undo-remove"
    expect(page.locator(".document-row").nth(0)).not_to_contain_text("certificat-scolarite")
    expect(page.locator("#doc_upload-error")).to_have_count(0)
    expect(target).to_have_value("ownership_proof")
    screenshot(page, "filing-defects-2-removed-fr")
    page.locator("#undo-remove").click()
    expect(page.locator("#undo-notice")).to_have_text("Le fichier est remis.")
    expect(page.locator(".document-row").nth(0)).to_contain_text("certificat-scolarite.pdf")

    # Removed again, the same file chosen again goes in again.
    page.locator(".remove-document").first.click()
    expect(page.locator("#undo-remove")).to_be_visible()
    choose_file(page, files["pdf"])
    expect(page.locator(".document-row").nth(0)).to_contain_text("certificat-scolarite.pdf")
    expect(page.locator("#undo-notice")).to_have_count(0)
    for index in (1, 2):
        choose_file(page, files["photo"])
        expect(page.locator(".document-row").nth(index)).to_contain_text(
            "attestation-residence.jpg")

    # Every document is in: nothing is preselected that a new file would replace.
    expect(target).to_have_value("")
    expect(zone_button).to_be_disabled()
    target.select_option("site_plan")
    expect(page.locator("#doc_upload-effect")).to_have_text(
        "Le fichier « attestation-residence.jpg » envoyé avant sera remplacé.")
    assert_targets(page, ["#doc_upload-button", ".remove-document", "#to-review",
                          "#documents-back", "#doc_upload-target"])
    screenshot(page, "filing-defects-3-documents-fr")

    page.locator("#to-review").click()
    expect(page.locator("#step-heading")).to_have_text("Étape 3 sur 3 : Vérifier et envoyer")
    assert focused_id(page) == "step-heading"
    expect(page.get_by_text("Tout est prêt")).to_be_visible()
    screenshot(page, "filing-defects-4-review-fr")
    page.context.close()


def test_in_arabic_errors_read_well_and_values_sit_with_their_labels(live_app, browser, files):  # noqa: F811
    page = new_phone_page(browser, locale="ar-MA")
    sign_up(page, live_app, name="محمد أمين", labels=AR)
    start(page, live_app, "DRA_RURAL_BUILDING_PERMIT")
    type_in(page, "#field-floors_count", "5")
    expect(page.locator("#field-floors_count-error")).to_have_text("أدخلوا عددا بين 1 و3.")
    screenshot(page, "filing-defects-1-information-ar")
    fill_permit(page)
    page.locator("#to-documents").click()
    expect(page.locator("#step-heading")).to_have_text("المرحلة 2 من 3: الوثائق")
    for index in range(3):
        choose_file(page, files["pdf"])
        expect(page.locator(".document-row").nth(index)).to_contain_text("certificat")
    screenshot(page, "filing-defects-3-documents-ar")
    page.locator(".remove-document").first.click()
    expect(page.locator("#undo-notice")).to_contain_text("تم حذف الملف «certificat-scolarite.pdf»")
    screenshot(page, "filing-defects-2-removed-ar")
    page.locator("#undo-remove").click()
    expect(page.locator("#undo-notice")).to_have_text("تم إرجاع الملف.")
    page.locator("#to-review").click()
    expect(page.locator("#step-heading")).to_contain_text("المرحلة 3 من 3")
    screenshot(page, "filing-defects-4-review-ar")

    # 15. On a desktop, each value lines up under its label, on the right (and on the left
    # in French), with Latin values in their own direction.
    page.set_viewport_size({"width": 1280, "height": 900})
    rows = page.locator(".value-row")
    expect(rows.first).to_be_visible()
    for index in range(rows.count()):
        row = rows.nth(index)
        label, value = row.locator("dt").bounding_box(), row.locator("dd bdi").bounding_box()
        label_end, value_end = label["x"] + label["width"], value["x"] + value["width"]
        assert abs(label_end - value_end) < 4, (index, label, value)
    commune = page.locator(".value-row", has_text="Tinejdad").locator("dd bdi")
    assert commune.evaluate("e => getComputedStyle(e).direction") == "ltr"
    screenshot(page, "filing-defects-5-review-ar-desktop")
    page.locator("#lang-fr").click()
    expect(page.locator("#step-heading")).to_contain_text("Étape 3 sur 3")
    for index in range(rows.count()):
        row = rows.nth(index)
        label, value = row.locator("dt").bounding_box(), row.locator("dd bdi").bounding_box()
        assert abs(label["x"] - value["x"]) < 4, (index, label, value)
    page.context.close()


def test_a_procedure_without_documents_has_no_documents_step(live_app, browser):
    page = new_phone_page(browser)
    sign_up(page, live_app, name="Amina Berrada", labels=FR)
    start(page, live_app, "DRA_ACCESS_INFO")
    # What to write is said under the field, and read with it.
    request = page.locator("#field-information_requested")
    expect(request).to_have_attribute(
        "aria-describedby", "field-information_requested-help field-information_requested-error")
    expect(request).to_have_accessible_description(re.compile("le plus précisément possible"))
    expect(page.locator("#step-1")).to_be_visible()
    expect(page.locator("#step-2")).to_have_count(0)
    expect(page.locator("#step-3")).to_contain_text("2")
    page.locator("#to-documents").click()
    expect(page.locator("#step-heading")).to_have_text("Étape 2 sur 2 : Vérifier et envoyer")
    expect(page.locator(".upload-zone")).to_have_count(0)
    expect(page.locator("#doc_upload-target")).to_have_count(0)
    expect(page.get_by_text("Vos documents")).to_have_count(0)
    screenshot(page, "filing-defects-6-no-documents-fr")
    page.locator("#review-back").click()
    expect(page.locator("#step-heading")).to_have_text("Étape 1 sur 2 : Informations")
    page.context.close()


def test_an_answer_adds_what_was_asked_and_its_error_goes_once_fixed(live_app, browser, files):  # noqa: F811
    agent_email = create_agent(browser, live_app, "Samira Oulhaj",
                               "Drâa-Tafilalet — Agence urbaine – service de l'urbanisme")

    # A citizen files an urban information note with two documents.
    citizen = new_phone_page(browser)
    sign_up(citizen, live_app, name="Rachid Idrissi", labels=FR)
    start(citizen, live_app, "DRA_URBAN_INFORMATION_NOTE")
    dossier_id = re.search(r"/dossiers/(\d+)/edit", citizen.url).group(1)
    type_in(citizen, "#field-plot_location", "Douar Tizgui, parcelle 14")
    type_in(citizen, "#field-plot_area_m2", "1200")
    citizen.locator("#field-province").select_option("ouarzazate")
    citizen.locator("#to-documents").click()
    choose_file(citizen, files["pdf"])
    expect(citizen.locator(".document-row").nth(0)).to_contain_text("certificat-scolarite.pdf")
    choose_file(citizen, files["photo"])
    expect(citizen.locator(".document-row").nth(1)).to_contain_text("attestation-residence.jpg")
    citizen.locator("#to-review").click()
    citizen.locator("#submit-dossier").click()
    expect(citizen.locator("#tracking-code")).to_be_visible(timeout=SUBMISSION_MS)

    # The agent asks again for the second document and for the plot's area.
    agent = desk(browser)
    sign_in(agent, live_app, agent_email, PASSWORD, r"/agent$")
    open_page(agent, f"{live_app}/agent/dossiers/{dossier_id}")
    agent.locator("#action-take").click()
    agent.locator("#action-take-confirm").click()
    agent.locator("#action-request").click()
    agent.locator("label[for='complement-doc-cadastral_plan']").click()
    agent.locator("label[for='complement-field-plot_area_m2']").click()
    agent.locator("#action-request-confirm").click()
    expect(agent.get_by_text("le délai est suspendu").first).to_be_visible()

    # 2. The answer offers only what was asked for, and says that it adds.
    open_page(citizen, f"{live_app}/dossiers/{dossier_id}")
    target = citizen.locator("#answer_upload-target")
    expect(target.locator("option")).to_have_count(1)
    expect(target).to_have_value("cadastral_plan")
    expect(citizen.locator("#answer_upload-effect")).to_contain_text("ajouté à votre réponse")
    citizen.locator("#lang-ar").click()
    expect(citizen.locator("#answer_upload-effect")).to_contain_text("يضاف الملف إلى جوابكم")
    screenshot(citizen, "filing-defects-7-answer-ar")
    citizen.locator("#lang-fr").click()
    expect(citizen.locator("#answer_upload-effect")).to_contain_text("ajouté à votre réponse")

    # 10. An empty "Send": the error says what is missing, and goes once it is given.
    citizen.locator("#send-answer").click()
    answer_error = citizen.locator("#answer-text-error")
    expect(answer_error).to_contain_text("Plan cadastral")
    # 1. The asked field's bounds are said on the answer form too.
    type_in(citizen, "#field-plot_area_m2", "5")
    expect(citizen.locator("#field-plot_area_m2-error")).to_have_text(
        "Entrez un nombre entre 10 et 10000000.")
    type_in(citizen, "#field-plot_area_m2", "1250")
    expect(citizen.locator("#field-plot_area_m2-error")).to_have_count(0)
    citizen.locator("#answer-text").fill("Voici le plan cadastral.")
    expect(answer_error).to_contain_text("Plan cadastral")  # still missing: still said
    screenshot(citizen, "filing-defects-8-answer-error-fr")
    choose_file(citizen, files["pdf"], "#answer-form .upload-zone")
    expect(citizen.locator("#answer-files")).to_contain_text("certificat-scolarite.pdf")
    expect(answer_error).to_have_count(0)
    expect(citizen.locator("#answer_upload-progress-text")).to_have_count(0)
    screenshot(citizen, "filing-defects-9-answer-ready-fr")
    citizen.locator("#send-answer").click()
    expect(citizen.get_by_text("Votre réponse est envoyée")).to_be_visible()

    # The agent sees every file: the new one marked new, the one it replaces marked so.
    open_page(agent, f"{live_app}/agent/dossiers/{dossier_id}")
    expect(agent.locator(".review-document")).to_have_count(3)
    new = agent.locator(".review-document", has=agent.locator(".new-document"))
    replaced = agent.locator(".review-document", has=agent.locator(".replaced-document"))
    expect(new).to_have_count(1)
    expect(new).to_contain_text("certificat-scolarite.pdf")
    expect(replaced).to_have_count(1)
    expect(replaced).to_contain_text("attestation-residence.jpg")
    expect(replaced.get_by_role("link", name="Télécharger")).to_be_visible()
    screenshot(agent, "filing-defects-10-review-agent-fr")
    agent.context.close()
    citizen.context.close()
