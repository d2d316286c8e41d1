"""The citizen's whole way in a real browser, on a 360 px phone.

Sign up, file a dossier with two uploads (progress shown), submit, download the receipt and
read it, sign out, track the dossier publicly with code and PIN; the filing once more in
Arabic.
"""

import re
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from tests.browser.conftest import activate_by_mail, new_phone_page, open_page, screenshot

pytestmark = pytest.mark.browser
PASSWORD = "Une phrase longue pour 2026"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("uploads")
    pdf = folder / "certificat-scolarite.pdf"
    drawing = canvas.Canvas(str(pdf))
    drawing.drawString(100, 700, "Certificat de scolarite")
    drawing.showPage()
    drawing.drawString(100, 700, "page 2")
    drawing.save()
    photo = folder / "attestation-residence.jpg"
    Image.new("RGB", (1200, 900), (210, 220, 235)).save(photo, quality=85)
    fake = folder / "facture.pdf"
    fake.write_text("<html><script>alert(1)</script></html>")
    return {"pdf": pdf, "photo": photo, "fake": fake}


def sign_up(page: Page, base: str, *, name: str, labels: dict[str, str]) -> str:
    """Create a citizen account through the form; returns its e-mail."""
    open_page(page, f"{base}/signup")
    suffix = uuid.uuid4().hex[:8]
    page.get_by_label(labels["name"]).fill(name)
    page.get_by_label(labels["cin"]).fill(f"JB{int(suffix, 16) % 1_000_000:06d}")
    email = f"citoyen-{suffix}@example.ma"
    page.get_by_label(labels["email"]).fill(email)
    page.locator("#input-password").fill(PASSWORD)
    page.locator("#input-password2").fill(PASSWORD)
    page.locator("#signup-submit").click()
    activate_by_mail(page, base, email)  # the account exists once its link is opened
    expect(page).to_have_url(re.compile(r"/dossiers$"))
    return email


def choose_file(page: Page, path: Path, zone: str = ".upload-zone") -> None:
    with page.expect_file_chooser() as chooser:
        page.locator(zone).first.click()
    chooser.value.set_files(str(path))


def test_sign_up_file_submit_receipt_and_track(live_app, page, files):
    sign_up(page, live_app, name="Fatima Zahra Alaoui", labels={
        "name": "Nom et prénom", "cin": "Numéro de CIN", "email": "Adresse e-mail"})

    open_page(page, f"{live_app}/procedures/DRA_SCHOOL_TRANSPORT_GRANT")
    page.locator("#start-dossier").click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d+/edit$"))
    edit_url = page.url

    # Step 1: the form generated from the procedure's fields, checked on the server.
    page.get_by_label("Nom et prénom de l'élève").fill("Youssef Alaoui")
    page.get_by_label("Établissement scolaire").fill("Collège Ibn Battouta")
    page.get_by_label("Niveau scolaire").select_option(index=2)
    distance = page.get_by_label("Distance entre le domicile")
    distance.fill("loin")
    distance.press("Tab")
    expect(page.locator("#field-distance_km-error")).to_contain_text("nombre")
    distance.fill("12")
    distance.press("Tab")
    expect(page.locator("#field-distance_km-error")).to_have_count(0)
    page.get_by_label("Province ou préfecture du domicile").select_option("zagora")
    screenshot(page, "filing-1-information-fr")

    # The draft survives a reload.
    open_page(page, edit_url)
    expect(page.get_by_label("Nom et prénom de l'élève")).to_have_value("Youssef Alaoui")

    # Step 2: two uploads with a progress bar; a disguised file is refused clearly.
    page.locator("#to-documents").click()
    page.locator("#doc_upload-target").select_option(index=0)
    choose_file(page, files["fake"])
    expect(page.locator("#doc_upload-error")).to_contain_text("type de fichier")
    choose_file(page, files["pdf"])
    expect(page.locator(".document-row").nth(0)).to_contain_text("certificat-scolarite.pdf")
    expect(page.locator(".document-row").nth(0)).to_contain_text("2 pages")
    page.locator("#doc_upload-target").select_option(index=1)
    choose_file(page, files["photo"])
    expect(page.locator(".document-row").nth(1)).to_contain_text("attestation-residence.jpg")
    expect(page.locator("#doc_upload-progress-text")).to_have_count(0)  # done: no progress
    screenshot(page, "filing-2-documents-fr")

    # Step 3: review, then submit (a double click gives one dossier).
    page.locator("#to-review").click()
    expect(page.get_by_text("Tout est prêt")).to_be_visible()
    expect(page.get_by_text("Zagora")).to_be_visible()
    screenshot(page, "filing-3-review-fr")
    page.locator("#submit-dossier").dblclick()
    expect(page.locator("#tracking-code")).to_have_text(re.compile(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$"))
    code = page.locator("#tracking-code").inner_text()
    pin = page.locator("#tracking-pin").inner_text()
    assert re.fullmatch(r"\d{6}", pin)
    screenshot(page, "filing-4-submitted-fr")

    with page.expect_download() as download:
        page.locator("#receipt-link").click()
    receipt = PdfReader(BytesIO(Path(download.value.path()).read_bytes()))
    text = "".join(p.extract_text() for p in receipt.pages)
    assert code in text and pin in text

    open_page(page, f"{live_app}/dossiers")
    cards = page.locator(".dossier-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text(code)
    expect(cards.first).to_contain_text("Déposé")

    open_page(page, f"{live_app}/account")
    page.locator("#sign-out").click()
    expect(page.locator("#nav-signin")).to_be_visible()

    # Public tracking, without an account; a wrong PIN reveals nothing.
    open_page(page, f"{live_app}/track")
    page.get_by_label("Code de suivi").fill(code)
    page.get_by_label("Code PIN").fill("000000" if pin != "000000" else "111111")
    page.locator("#track-submit").click()
    expect(page.locator("#track-error")).to_contain_text("incorrect")
    expect(page.locator("#track-result")).to_have_count(0)
    page.get_by_label("Code PIN").fill(pin)
    page.locator("#track-submit").click()
    result = page.locator("#track-result")
    expect(result).to_contain_text("Aide au transport scolaire")
    expect(result).to_contain_text("Déposé")
    expect(result).not_to_contain_text("Youssef")
    expect(result).not_to_contain_text("Fatima")
    screenshot(page, "track-fr")

    # The QR code's link (code and PIN in the address) opens the same view.
    open_page(page, f"{live_app}/track?code={code}&pin={pin}")
    expect(page.locator("#track-result")).to_contain_text("Déposé")


def test_filing_in_arabic_reads_right_to_left(live_app, browser, files):
    page = new_phone_page(browser, locale="ar-MA")
    sign_up(page, live_app, name="محمد أمين", labels={
        "name": "الاسم الكامل", "cin": "رقم البطاقة الوطنية", "email": "البريد الإلكتروني"})
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    open_page(page, f"{live_app}/procedures/DRA_SCHOOL_TRANSPORT_GRANT")
    page.locator("#start-dossier").click()
    expect(page).to_have_url(re.compile(r"/dossiers/\d+/edit$"))
    expect(page.locator("#step-1")).to_contain_text("المعلومات")
    name_field = page.locator("#field-pupil_name")
    name_field.fill("أمين")
    name_field.press("Tab")
    distance = page.locator("#field-distance_km")
    distance.fill("بعيد")
    distance.press("Tab")
    expect(page.locator("#field-distance_km-error")).to_contain_text("عدد")
    label = page.locator("label[for='field-pupil_name']").bounding_box()
    assert label["x"] + label["width"] > 300  # labels start on the right
    screenshot(page, "filing-1-information-ar")
    page.locator("#to-documents").click()
    choose_file(page, files["pdf"])
    expect(page.locator(".document-row").nth(0)).to_contain_text("certificat-scolarite.pdf")
    screenshot(page, "filing-2-documents-ar")
    page.locator("#to-review").click()
    expect(page.locator("#missing-items")).to_contain_text("ما زال ينقص")
    screenshot(page, "filing-3-review-ar")
    page.context.close()


def test_a_draft_survives_a_dropped_connection_and_another_device(live_app, browser):
    phone = new_phone_page(browser)
    email = sign_up(phone, live_app, name="Hassan Ouali", labels={
        "name": "Nom et prénom", "cin": "Numéro de CIN", "email": "Adresse e-mail"})
    open_page(phone, f"{live_app}/procedures/DRA_RURAL_BUILDING_PERMIT")
    phone.locator("#start-dossier").click()
    expect(phone).to_have_url(re.compile(r"/dossiers/\d+/edit$"))
    edit_path = phone.url.split(live_app, 1)[1]
    expect(phone.locator("#field-commune")).to_be_visible()

    # The network drops while the person types: the change is sent when it comes back.
    phone.context.set_offline(True)
    commune = phone.locator("#field-commune")
    commune.fill("Tinejdad")
    commune.press("Tab")
    phone.wait_for_timeout(500)
    phone.context.set_offline(False)
    expect(phone.locator("#field-commune")).to_have_value("Tinejdad")
    phone.wait_for_timeout(3000)

    # Another device, the same account: the draft is there as it was left.
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    other = laptop.new_page()
    open_page(other, f"{live_app}/signin?next={edit_path}")
    other.get_by_label("E-mail ou numéro de mobile").fill(email)
    other.locator("#input-password").fill(PASSWORD)
    other.locator("#signin-submit").click()
    expect(other).to_have_url(re.compile(r"^[^?]*/dossiers/\d+/edit$"))
    assert other.url.endswith(edit_path)
    expect(other.locator("#field-commune")).to_have_value("Tinejdad")
    open_page(other, f"{live_app}/dossiers")
    expect(other.locator(".dossier-card").first).to_contain_text("Continuer le brouillon")
    laptop.close()
    phone.context.close()
