"""Issue 10 on the agents' and administrators' screens, in a real browser: the end of a
counter filing speaks to the agent (11), the queue fits at 1280 px and names every dossier
(18), the catalog editor's errors and buttons (19), and the names and touch targets of
their controls."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from pypdf import PdfReader

from tests.browser.conftest import new_phone_page, open_page, screenshot
from tests.browser.test_backoffice_browser import DEMO, desk, file_land_request, sign_in
from tests.browser.test_citizen_journey import files  # noqa: F401

pytestmark = pytest.mark.browser
TARGET = 44


# Frames' print() counted in window.printed rather than opening a print dialog.
COUNT_PRINTS = """() => {
    const frameWindow = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype,
                                                        'contentWindow');
    window.printed = 0;
    // The frame's blob, kept to read its first bytes (the page's CSP rightly forbids
    // fetching blob: addresses).
    const createObjectURL = URL.createObjectURL;
    window.blobs = {};
    URL.createObjectURL = (blob) => {
        const address = createObjectURL(blob); window.blobs[address] = blob; return address; };
    Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {get() {
        const real = frameWindow.get.call(this);
        return real && new Proxy(real, {get(target, key) {
            if (key === 'print') return () => { window.printed += 1; };
            const value = Reflect.get(target, key);
            return typeof value === 'function' ? value.bind(target) : value;
        }});
    }});
}"""


def height(locator: Locator) -> float:
    return locator.bounding_box()["height"]


def switch_language(page: Page, lang: str) -> None:
    page.locator(f"#lang-{lang}").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.wait_for_timeout(300)


def screen(browser: Browser, width: int) -> Page:
    if width <= 400:
        return new_phone_page(browser)
    page = desk(browser)
    page.set_viewport_size({"width": width, "height": 900})
    return page


def test_the_end_of_a_counter_filing_speaks_to_the_agent_and_starts_the_next_one(
        live_app, browser, files):  # noqa: F811
    agent = desk(browser)
    sign_in(agent, live_app, DEMO["agent"]["email"], DEMO["agent"]["password"], r"/agent$")
    agent.locator("#start-assisted").click()
    expect(agent).to_have_url(re.compile(r"/agent/assisted$"))
    # The consent box is named by its words, and its whole row takes the tap.
    consent = agent.get_by_role("checkbox", name=re.compile("La personne accepte"))
    expect(consent).to_have_attribute("id", "assisted-consent")
    assert height(agent.locator("label[for='assisted-consent']")) >= TARGET
    agent.locator("#assisted-procedure").select_option("DRA_INVESTMENT_LAND")
    agent.locator("#input-person_name").fill("Brahim Oufkir")
    agent.locator("#input-person_cin").fill("jc123987")
    agent.locator("label[for='assisted-consent']").click()
    expect(consent).to_be_checked()
    agent.locator("#assisted-submit").click()
    expect(agent).to_have_url(re.compile(r"/agent/assisted/\d+$"))
    dossier_id = re.search(r"/agent/assisted/(\d+)$", agent.url).group(1)
    expect(agent.get_by_text("Dépôt au guichet pour Brahim Oufkir")).to_be_visible()
    file_land_request(agent, files["pdf"])

    # The end says whose dossier it is and what to hand over, to the agent.
    done = agent.locator("#assisted-done")
    expect(done).to_contain_text("Le dossier de Brahim Oufkir est déposé")
    expect(done).to_contain_text("Remettez-lui le reçu")
    expect(agent.locator("main")).not_to_contain_text("Votre demande est déposée")
    expect(agent.locator("main")).not_to_contain_text("Voir mes dossiers")
    tracking = agent.locator("#tracking-code").inner_text()
    pin = agent.locator("#tracking-pin").inner_text()
    assert re.fullmatch(r"\d{6}", pin)
    with agent.expect_download() as download:
        agent.locator("#receipt-link").click()
    receipt = PdfReader(BytesIO(Path(download.value.path()).read_bytes())).pages[0].extract_text()
    assert tracking in receipt and "Brahim Oufkir" in receipt
    # Printing loads the receipt into a frame of its own and prints it from there (the print
    # dialog is counted instead: headless Chromium cannot print a PDF).
    agent.evaluate(COUNT_PRINTS)
    agent.locator("#print-receipt").click()
    expect(agent.locator("#receipt-print-frame")).to_be_attached()
    agent.wait_for_function("window.printed === 1")
    printed = agent.evaluate("""async () => {
        const blob = window.blobs[document.getElementById('receipt-print-frame').src];
        return await blob.slice(0, 5).text(); }""")
    assert printed == "%PDF-"
    for button in ("#print-receipt", "#assisted-another"):
        assert height(agent.locator(button)) >= TARGET, button
    for lang in ("fr", "ar"):
        switch_language(agent, lang)
        expect(agent.locator("#tracking-pin")).to_have_text(pin)  # a language switch keeps it
        for width in (1366, 360):
            agent.set_viewport_size({"width": width, "height": 900})
            screenshot(agent, f"assisted-done-{lang}-{width}")
    expect(done).to_contain_text("تم إيداع ملف Brahim Oufkir")
    expect(agent.locator("#filing-title")).to_have_text("طلب عقار لإنجاز مشروع استثماري")
    agent.set_viewport_size({"width": 1366, "height": 900})
    switch_language(agent, "fr")

    # The next person: an empty form, and nothing of Brahim Oufkir is left to show.
    agent.locator("#assisted-another").click()
    expect(agent).to_have_url(re.compile(r"/agent/assisted$"))
    for field in ("#input-person_name", "#input-person_cin", "#input-person_mobile"):
        expect(agent.locator(field)).to_have_value("")
    expect(agent.locator("#assisted-consent")).not_to_be_checked()
    expect(agent.locator("#assisted-procedure")).to_have_value("")
    open_page(agent, f"{live_app}/agent/assisted/{dossier_id}")
    expect(agent).to_have_url(re.compile(rf"/agent/dossiers/{dossier_id}$"))
    expect(agent.locator("main")).not_to_contain_text(pin)

    # The queue lists the dossier under the person filed for.
    open_page(agent, f"{live_app}/agent")
    agent.locator("#queue-search").fill(tracking)
    expect(agent.locator(".queue-row", has_text=tracking)).to_contain_text("Brahim Oufkir")
    agent.context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_the_queue_fits_its_filters_codes_and_names(live_app, browser, width):
    agent = screen(browser, width)
    sign_in(agent, live_app, DEMO["agent"]["email"], DEMO["agent"]["password"], r"/agent$")
    expect(agent.locator(".queue-row").first).to_be_visible()
    for lang in ("fr", "ar"):
        if lang == "ar":
            switch_language(agent, "ar")
            expect(agent.get_by_role("heading", level=1)).to_have_text("لائحة الملفات")
        # Each filter shows its whole choice beside the select's arrow.
        room = agent.evaluate("""() => [...document.querySelectorAll(
            '#queue-status, #queue-procedure, #queue-province')].map(select => {
              const style = getComputedStyle(select);
              const pen = document.createElement('canvas').getContext('2d');
              pen.font = style.font;
              const text = select.options[select.selectedIndex].text;
              const free = select.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight) - 24;
              return [text, Math.round(free - pen.measureText(text).width)];
            })""")
        assert all(spare >= 0 for _, spare in room), room
        # A tracking code stays on one line; every dossier is listed under a name.
        lines = agent.locator(".queue-row td:first-child a").evaluate_all(
            "links => links.map(a => a.getClientRects().length)")
        assert lines and set(lines) == {1}, lines
        names = agent.locator(".queue-applicant > :first-child").all_inner_texts()
        assert names and all(name.strip() for name in names), names
        # Right to left, the table's first column is on the right.
        code_x = agent.locator("th").first.bounding_box()["x"]
        last_x = agent.locator("th").last.bounding_box()["x"]
        assert (code_x > last_x) if lang == "ar" else (code_x < last_x)
        # "Only mine" is named by its words, and its row takes the tap.
        mine = agent.get_by_role("checkbox", name=re.compile("Seulement les miens|ملفاتي فقط"))
        expect(mine).to_have_attribute("id", "queue-mine")
        assert height(agent.locator("label[for='queue-mine']")) >= TARGET
        for button in ("#start-assisted button", "#queue-next"):
            assert height(agent.locator(button)) >= TARGET, button
        screenshot(agent, f"queue-{lang}-{width}")
    agent.locator("label[for='queue-mine']").click()
    expect(agent.locator("#queue-mine")).to_be_checked()
    agent.context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_the_catalog_editor_names_languages_asks_for_a_service_and_fits_its_buttons(
        live_app, browser, width):
    admin = screen(browser, width)
    sign_in(admin, live_app, DEMO["admin"]["email"], DEMO["admin"]["password"], r"/admin$")
    assert height(admin.locator("#go-catalog-admin button")) >= TARGET
    admin.locator("#go-catalog-admin").click()
    expect(admin).to_have_url(re.compile(r"/admin/catalog$"))
    for lang in ("fr", "ar"):
        if lang == "ar":
            switch_language(admin, "ar")
            expect(admin.locator("#procedure-list")).to_contain_text("سحب من الدليل")
        # Every "Remove from the catalog" button is whole, inside the screen.
        buttons = admin.locator(".deactivate-procedure")
        expect(buttons.first).to_be_visible()
        for index in range(4):
            box = buttons.nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (index, box)
            assert box["height"] >= TARGET
        fits = buttons.evaluate_all("all => all.every(b => b.scrollWidth <= b.clientWidth)")
        assert fits
        assert admin.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(admin, f"catalog-admin-{lang}-{width}")

        # A new procedure with no service chosen, a field labelled in French and English only
        # (the Arabic falls back to the French) and its empty first document.
        admin.locator("#new-procedure").click()
        field = admin.locator("#procedure-editor .field-editor").first
        field.get_by_placeholder("code").fill("douar")
        field.get_by_label(re.compile("Libellé en français|التسمية بالفرنسية")).fill("Douar")
        field.get_by_label(re.compile("Libellé en anglais|التسمية بالإنجليزية")).fill("Village")
        admin.wait_for_timeout(500)
        admin.locator("#save-procedure").click()
        service_error = admin.locator("#proc-service-error")
        problems = admin.locator("#definition-errors")
        if lang == "fr":
            expect(service_error).to_have_text(re.compile("Choisissez le service"))
            expect(problems).to_contain_text("Document 1 : il manque le libellé en français")
            expect(problems).not_to_contain_text("Champ 1")
            expect(problems).not_to_contain_text("« fr »")
        else:
            expect(service_error).to_have_text(re.compile("اختاروا المصلحة"))
            expect(problems).to_contain_text("تنقص التسمية بالفرنسية")
            expect(problems).not_to_contain_text("«fr»")
        expect(service_error).not_to_contain_text(re.compile("introuvable|غير موجودة"))
        for box in admin.locator("#procedure-editor .check-row").all():
            assert height(box) >= TARGET
        expect(admin.get_by_role("checkbox", name=re.compile(
            "Dossier d'investissement|ملف استثمار"))).to_have_attribute("id", "proc-is_investment")
        screenshot(admin, f"catalog-admin-errors-{lang}-{width}")
        admin.locator("#procedure-editor").get_by_role("button", name=re.compile(
            "^(Annuler|إلغاء)$")).click()
    admin.context.close()


def test_open_data_buttons_are_big_enough_to_tap(live_app, browser):
    public = new_phone_page(browser)
    open_page(public, f"{live_app}/transparency")
    buttons = public.locator("#open-data button")
    expect(buttons.first).to_be_visible()
    assert all(box["height"] >= TARGET for box in
               (b.bounding_box() for b in buttons.all())), "open-data buttons"
    public.context.close()
