"""An administrator adds a procedure; it appears in the public catalog and can be filed."""

import re

import pytest
from playwright.sync_api import expect

from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import new_phone_page, open_page, screenshot
from tests.browser.test_backoffice_browser import desk, sign_in
from tests.browser.test_citizen_journey import sign_up

pytestmark = pytest.mark.browser
ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin")


def test_a_procedure_created_by_an_administrator_can_be_filed(live_app, browser):
    admin = desk(browser)
    sign_in(admin, live_app, ADMIN["email"], ADMIN["password"], r"/admin$")
    admin.locator("#go-catalog-admin").click()
    expect(admin).to_have_url(re.compile(r"/admin/catalog$"))
    admin.locator("#new-procedure").click()
    editor = admin.locator("#procedure-editor")
    admin.locator("#proc-code").fill("WELL_REPAIR")
    admin.locator("#proc-service").select_option("DRA_INFRASTRUCTURE")
    admin.locator("#proc-audience").select_option("citizen")
    admin.locator("#proc-legal_deadline_days").fill("15")
    admin.locator("#proc-baseline_median_days").fill("40")
    admin.locator("#proc-name_en").fill("Well repair grant")
    # The French name left empty on purpose (the one language a name needs); the field's
    # French label too. Arabic is left empty all along: it falls back to French.
    field = editor.locator(".field-editor").first
    field.get_by_placeholder("code").fill("douar")
    field.get_by_label("Libellé en anglais").fill("Village")
    document = editor.locator(".document-editor").first
    document.get_by_placeholder("code").fill("photo_puits")
    document.get_by_label("Libellé en français").fill("Photo du puits")
    document.get_by_label("Libellé en arabe").fill("صورة البئر")
    document.get_by_label("Libellé en anglais").fill("Photo of the well")
    admin.wait_for_timeout(500)
    admin.locator("#save-procedure").click()
    expect(admin.locator("#definition-errors")).to_contain_text("Champ 1")
    expect(admin.locator("#definition-errors")).to_contain_text("en français")
    expect(admin.locator("#proc-name_fr-error")).to_be_visible()
    screenshot(admin, "catalog-admin-errors-fr")

    admin.locator("#proc-name_fr").fill("Aide à la réparation d'un puits")
    field.get_by_label("Libellé en français").fill("Douar")
    admin.wait_for_timeout(500)
    expect(admin.locator("#proc-name_ar-fallback")).to_contain_text(
        "Aide à la réparation d'un puits")
    admin.locator("#save-procedure").click()
    expect(admin.get_by_text("Démarche WELL_REPAIR enregistrée.")).to_be_visible()
    expect(admin.locator(".procedure-row", has_text="WELL_REPAIR")).to_be_visible()
    admin.context.close()

    citizen = new_phone_page(browser)
    sign_up(citizen, live_app, name="Lahcen Ait Baha", labels={
        "name": "Nom et prénom", "cin": "Numéro de CIN", "email": "Adresse e-mail"})
    open_page(citizen, f"{live_app}/procedures")
    citizen.get_by_label("Rechercher une démarche").fill("puits")
    card = citizen.locator(".procedure-card")
    expect(card).to_have_count(1)
    card.click()
    expect(citizen.locator("#procedure-name")).to_have_text("Aide à la réparation d'un puits")
    citizen.locator("#start-dossier").click()
    expect(citizen).to_have_url(re.compile(r"/dossiers/\d+/edit$"))
    citizen.locator("#field-douar").fill("Tagmout")
    citizen.locator("#field-douar").press("Tab")
    citizen.locator("#to-documents").click()
    expect(citizen.locator(".document-row")).to_contain_text("Photo du puits")
    citizen.context.close()


def test_a_region_administrator_sees_only_their_regions_catalog(live_app, browser):
    region_admin = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin" and a["region_code"])
    admin = desk(browser)
    sign_in(admin, live_app, region_admin["email"], region_admin["password"], r"/admin$")
    expect(admin.locator("#admin-scope")).to_contain_text("Drâa-Tafilalet")
    services = admin.locator("#agent-service option").all_inner_texts()
    assert services and all(s.startswith("Drâa-Tafilalet — ") for s in services)
    admin.locator("#go-catalog-admin").click()
    expect(admin).to_have_url(re.compile(r"/admin/catalog$"))
    rows = admin.locator(".procedure-row")
    expect(rows.first).to_be_visible()
    codes = [c.strip() for c in admin.locator(".procedure-row .mono").all_inner_texts()]
    assert "DRA_ACCESS_INFO" in codes
    assert not [c for c in codes if c.split("_")[0] in ("ORI", "SMA", "LSH")], codes
    regions = {row.locator(".procedure-region").inner_text().split(" — ")[0]
               for row in rows.all()}
    assert regions == {"Drâa-Tafilalet"}
    screenshot(admin, "catalog-admin-region-fr")
    admin.context.close()


def test_a_region_administrator_corrects_a_holiday_of_their_region(live_app, browser):
    region_admin = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin" and a["region_code"])
    for width, name in ((1366, "desktop"), (360, "phone")):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
        context.set_default_timeout(20_000)
        admin = context.new_page()
        sign_in(admin, live_app, region_admin["email"], region_admin["password"], r"/admin$")
        admin.locator("#tab-holidays").click()
        expect(admin.locator(".holiday-row").first).to_be_visible()
        # Only the nation (read-only for a region) and their own region can be chosen.
        regions = admin.locator("#holiday-region option").all_inner_texts()
        assert regions == ["Tout le Maroc", "Drâa-Tafilalet"], regions
        if name == "desktop":
            admin.locator("#input-day").fill("31/02/2026")
            admin.locator("#holiday-region").select_option("DRA")
            admin.locator("#save-holiday").click()
            expect(admin.locator("#input-day-error")).to_contain_text("JJ/MM/AAAA")
            admin.locator("#input-day").fill("29/05/2026")
            admin.locator("#holiday-region").select_option("DRA")
            for lang, text in (("fr", "Aïd Al Adha (2e jour, confirmé)"), ("ar", "عيد الأضحى"),
                               ("en", "Eid al-Adha")):
                admin.locator(f"#input-name_{lang}").fill(text)
            admin.locator("#save-holiday").click()
            expect(admin.get_by_text("les délais en cours sont recalculés")).to_be_visible()
            expect(admin.locator(".holiday-row", has_text="confirmé")).to_contain_text(
                "Drâa-Tafilalet")
        screenshot(admin, f"holidays-fr-{name}")
        admin.locator("#lang-ar").click()
        expect(admin.locator("html")).to_have_attribute("dir", "rtl")
        expect(admin.locator("#tab-holidays")).to_contain_text("أيام العطل الرسمية")
        admin.locator("#tab-holidays").click()
        screenshot(admin, f"holidays-ar-{name}")
        context.close()
