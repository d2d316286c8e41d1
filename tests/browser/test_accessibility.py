"""axe-core on every page of the product, in every language, on a phone and on a desktop.

Each page is audited at 360 and 1280 px in each language of the product, signed in as the
role the page is for; the test fails on any critical or serious violation, and on a touch
target smaller than 44 x 44 px on the phone. axe-core comes from the npm registry
(tests/browser/axe/package.json, installed by `make browser`) and is injected by Playwright.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from counter.i18n import LANGUAGES
from counter.services.demo_data import DEMO_ACCOUNTS
from counter.settings import PROJECT_ROOT
from tests.browser.conftest import open_page, screenshot
from tests.browser.test_backoffice_browser import desk, sign_in

pytestmark = pytest.mark.browser
AXE = PROJECT_ROOT / "tests" / "browser" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (360, 1280)
PASSWORD = "Une phrase longue pour 2026"
DEMO = {(a["role"], a["region_code"]): a for a in DEMO_ACCOUNTS}

# The violations that fail the test, and what is reported of each.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 4).map(n => n.target.join(' '))}));
}"""

# Interactive elements smaller than 44 x 44 px on screen. A control inside a <label> counts
# the label's box (a tap on the label works the control); a link inside running text is
# exempt (WCAG 2.5.8's inline exception).
SMALL_TARGETS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, '
    + '[role=button], [role=checkbox], [role=switch], [role=tab], [role=radio], [role=combobox]';
  const small = [];
  for (const element of document.querySelectorAll(selector)) {
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    let box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    // Visually hidden controls (a file input behind its labelled button) are not tapped.
    if (box.width <= 1 && box.height <= 1) continue;
    if (element.matches('.skip-link')) continue;
    if (element.closest('p, li.prose, .prose') && element.matches('a')) continue;
    // A tap anywhere on a control's box works it: its label, or a text field's frame.
    const frame = element.closest('label, .rt-TextFieldRoot');
    if (frame) box = frame.getBoundingClientRect();
    if (box.width < 43.5 || box.height < 43.5) {
      small.push((element.id ? '#' + element.id : element.tagName.toLowerCase())
                 + ' "' + (element.innerText || element.getAttribute('aria-label') || '')
                   .trim().slice(0, 30) + '" ' + Math.round(box.width) + 'x'
                 + Math.round(box.height));
    }
  }
  return small;
}"""

# Buttons and badges whose words spill out of them, or that are cut by their card or the
# screen's edge (on a 360 px phone, long labels must wrap inside their button).
SPILLED = """() => {
  const spilled = [];
  for (const element of document.querySelectorAll('.rt-BaseButton, .rt-Badge')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || getComputedStyle(element).visibility === 'hidden') continue;
    const name = (element.id ? '#' + element.id + ' ' : '') + '"'
      + element.innerText.trim().slice(0, 40) + '"';
    if (element.scrollWidth > element.clientWidth + 1
        || element.scrollHeight > element.clientHeight + 1) spilled.push(name + ' overflows');
    // Inside a box that scrolls sideways (a wide table), being past its edge is expected.
    let scroller = element.parentElement;
    while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX)) {
      scroller = scroller.parentElement;
    }
    if (scroller) continue;
    const card = element.closest('.rt-BaseCard');
    const edge = card ? card.getBoundingClientRect()
                      : {left: 0, right: document.documentElement.clientWidth};
    if (box.left < edge.left - 1 || box.right > edge.right + 1) spilled.push(name + ' is cut');
  }
  return spilled;
}"""


class Audit:
    """Collects every failure of the run, so one run shows them all."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.audited: list[str] = []

    def watch(self, page: Page) -> Page:
        """Script errors (a hydration error #418 among them) fail the audit too."""
        page.on("pageerror", lambda error: self.failures.append(
            f"{page.url} script error: {str(error)[:200]}"))
        return page

    def page(self, page: Page, name: str) -> None:
        """Audit the page now on screen in every language, at each width."""
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for lang in LANGUAGES:
                switch_language(page, lang)
                if not page.evaluate("typeof window.axe !== 'undefined'"):
                    # Evaluated, not added as an inline <script>: the page's CSP (SECURITY
                    # 26) refuses inline scripts it does not list.
                    page.evaluate(AXE.read_text())
                where = f"{name} [{lang}, {width} px]"
                for violation in page.evaluate(RUN_AXE):
                    self.failures.append(f"{where} {violation['id']} ({violation['impact']}): "
                                         f"{violation['nodes']}")
                if width == 360:
                    small = page.evaluate(SMALL_TARGETS)
                    if small:
                        self.failures.append(f"{where} touch targets under 44 px: {small}")
                    spilled = page.evaluate(SPILLED)
                    if spilled:
                        self.failures.append(f"{where} labels spill out: {spilled}")
                    if lang in ("fr", "ar"):
                        screenshot(page, f"axe-{name}-{lang}-{width}")
                self.audited.append(where)
        # Back to where the journey goes on: French on the desktop.
        page.set_viewport_size({"width": 1280, "height": 900})
        switch_language(page, "fr")


def switch_language(page: Page, lang: str) -> None:
    """Choose `lang` with the header's button, again if a page load still under way (after a
    sign-in, say) put its own language back."""
    for _attempt in range(3):
        page.wait_for_load_state("networkidle")
        if page.evaluate("document.documentElement.lang") != lang:
            # Dispatched on the button itself: the header mirrors when the direction
            # changes, and a click by position could land on its neighbour.
            page.locator(f"#lang-{lang}").dispatch_event("click")
        try:
            expect(page.locator("#frame")).to_have_attribute("lang", lang, timeout=5_000)
            expect(page.locator("html")).to_have_attribute("lang", lang, timeout=5_000)
            expect(page.locator("#frame")).to_have_attribute("data-loaded", "true",
                                                             timeout=10_000)
        except AssertionError:
            continue
        page.wait_for_load_state("networkidle")
        if page.evaluate("document.documentElement.lang") == lang:
            return
    expect(page.locator("html")).to_have_attribute("lang", lang)


def visit(audit: Audit, page: Page, base: str, path: str, name: str, ready: str) -> None:
    open_page(page, f"{base}{path}")
    expect(page.locator(ready).first).to_be_visible()
    audit.page(page, name)


def file_access_request(audit: Audit | None, page: Page, prefix: str) -> str:
    """Walk the filing steps of a request for information, which asks for no document
    (audited when `audit` is given); returns the dossier's URL path."""
    expect(page).to_have_url(re.compile(r"/edit$|/agent/assisted/\d+$"))
    switch_language(page, "fr")
    page.locator("#field-information_requested").fill("Le budget 2026 des routes rurales.")
    page.locator("#field-delivery_format").select_option(index=1)
    if audit:
        audit.page(page, f"{prefix}-step-fields")
    page.locator("#to-documents").click()  # no document asked for: straight to the review
    expect(page.locator("#submit-dossier")).to_be_visible()
    if audit:
        audit.page(page, f"{prefix}-step-review")
    path = page.url.split("127.0.0.1", 1)[1].split("/", 1)[1]
    page.locator("#submit-dossier").click()
    return "/" + path.removesuffix("/edit")


def test_no_critical_or_serious_violation_on_any_page(live_app, browser):
    audit = Audit()
    base = live_app

    # Public pages, signed out.
    visitor = audit.watch(desk(browser))
    for path, name, ready in (
        ("/", "home", "#main h1"),
        ("/procedures", "catalog", ".procedure-card"),
        ("/procedures/DRA_ACCESS_INFO", "procedure", "#start-dossier"),
        ("/procedures/DRA_COMPLAINT", "procedure-elsewhere", "#main h1"),
        ("/track", "track", "#main h1"),
        ("/verify", "verify", "#main h1"),
        ("/signin", "signin", "#signin-submit"),
        ("/signup", "signup", "#signup-submit"),
        ("/forgot", "forgot", "#forgot-submit"),
        ("/reset", "reset", "#reset-submit"),
        ("/activate", "activate", "#activate-problem"),
        ("/privacy", "privacy", "#main h1"),
        ("/transparency", "transparency", "#main h1"),
        ("/petitions", "petitions-register", ".petition-row"),
        ("/petitions/1", "petition", "#petition-count"),
    ):
        visit(audit, visitor, base, path, name, ready)
    visitor.context.close()

    # The consortium's administrator creates an agent of the access-to-information service.
    admin = audit.watch(desk(browser))
    sign_in(admin, base, DEMO["admin", None]["email"], DEMO["admin", None]["password"],
            r"/admin$")
    audit.page(admin, "admin")
    agent_email = f"agent-{uuid.uuid4().hex[:6]}@region.example.ma"
    admin.locator("form #input-full_name").fill("Hafsa Belkadi")
    admin.locator("form #input-email").fill(agent_email)
    admin.locator("#agent-service").select_option(
        label="Drâa-Tafilalet — Service de la communication et de l'accès à l'information")
    admin.locator("#input-password").fill(PASSWORD)
    admin.locator("#create-agent").click()
    expect(admin.locator(".account-row", has_text="Hafsa Belkadi")).to_be_visible()
    visit(audit, admin, base, "/admin/catalog", "admin-catalog", "#main h1")
    visit(audit, admin, base, "/admin/indicators", "admin-indicators", "#main h1")
    admin.context.close()

    # The demo citizen files a request for information, step by step.
    citizen = audit.watch(desk(browser))
    demo_citizen = DEMO["citizen", None]
    sign_in(citizen, base, demo_citizen["email"], demo_citizen["password"], r"/dossiers$")
    audit.page(citizen, "my-dossiers")
    # The documents step, on a school transport grant (it asks for two documents).
    open_page(citizen, f"{base}/procedures/DRA_SCHOOL_TRANSPORT_GRANT")
    citizen.locator("#start-dossier").click()
    expect(citizen).to_have_url(re.compile(r"/edit$"))
    switch_language(citizen, "fr")
    citizen.get_by_label("Nom et prénom de l'élève").fill("Youssef Ait Lahcen")
    citizen.get_by_label("Établissement scolaire").fill("Collège Ibn Battouta")
    citizen.get_by_label("Niveau scolaire").select_option(index=2)
    citizen.get_by_label("Distance entre le domicile").fill("12")
    citizen.get_by_label("Province ou préfecture du domicile").select_option("zagora")
    citizen.locator("#to-documents").click()
    expect(citizen.locator("#to-review")).to_be_visible()
    audit.page(citizen, "filing-step-documents")
    open_page(citizen, f"{base}/procedures/DRA_ACCESS_INFO")
    citizen.locator("#start-dossier").click()
    dossier_path = file_access_request(audit, citizen, "filing")
    expect(citizen.locator("#tracking-code")).to_be_visible()
    audit.page(citizen, "filed")
    visit(audit, citizen, base, dossier_path, "dossier", "#main h1")
    visit(audit, citizen, base, "/account", "account", "#main h1")
    citizen.context.close()

    # The business's investment files.
    business = audit.watch(desk(browser))
    demo_business = DEMO["business", None]
    sign_in(business, base, demo_business["email"], demo_business["password"], r"/business$")
    audit.page(business, "business")
    business.context.close()

    # The new agent: the queue, the dossier under review, a filing at the counter.
    agent = audit.watch(desk(browser))
    sign_in(agent, base, agent_email, PASSWORD, r"/agent$")
    expect(agent.locator(".queue-row").first).to_be_visible()
    audit.page(agent, "agent-queue")
    visit(audit, agent, base, "/agent/accounts", "agent-accounts", "#counter-search")
    dossier_id = dossier_path.rsplit("/", 1)[1]
    visit(audit, agent, base, f"/agent/dossiers/{dossier_id}", "agent-review", "#review-code")
    agent.locator("#action-take").click()
    agent.locator("#action-take-confirm").click()
    expect(agent.locator("#action-accept")).to_be_visible()
    audit.page(agent, "agent-review-taken")
    agent.locator("#action-accept").click()
    agent.locator("#accept-note").fill("Les documents demandés vous sont envoyés.")
    agent.locator("#action-accept-confirm").click()
    expect(agent.locator("#decision-link")).to_be_visible()
    visit(audit, agent, base, "/agent/assisted", "assisted-start", "#assisted-submit")
    agent.locator("#assisted-procedure").select_option(index=1)
    agent.locator("#input-person_name").fill("Mbarek Ouali")
    agent.locator("#input-person_cin").fill(f"JK{int(uuid.uuid4().hex[:5], 16) % 1_000_000:06d}")
    agent.locator("#assisted-consent").click()
    agent.locator("#assisted-submit").click()
    file_access_request(None, agent, "assisted")
    expect(agent.locator("#tracking-code")).to_be_visible()
    audit.page(agent, "assisted-filed")
    agent.context.close()

    # The citizen's dossier once decided: the decision to download.
    citizen = audit.watch(desk(browser))
    sign_in(citizen, base, demo_citizen["email"], demo_citizen["password"], r"/dossiers$")
    visit(audit, citizen, base, dossier_path, "dossier-decided", "#decision-link")
    citizen.context.close()

    print(f"{len(audit.audited)} audits")
    assert not audit.failures, "\n".join(audit.failures)


def test_no_critical_or_serious_violation_on_the_petition_council_pages(live_app, browser,
                                                                         monkeypatch):
    """The council's side of petitions (issue 15): the agent's queue, review and paper
    sheet, the administrator's rules, the association profile, the transparency page with
    the petitions indicator."""
    from tests.browser.test_petitions_council_browser import seed_council

    audit = Audit()
    base = live_app
    council = seed_council(base, monkeypatch, deposits=1)
    agent = audit.watch(desk(browser))
    sign_in(agent, base, council.agent_email, PASSWORD, r"/agent$")
    for path, name, ready in (
        ("/agent/petitions", "council-queue", ".petition-queue-row"),
        (f"/agent/petitions/{council.collecting}/sheet", "council-sheet", "#sheet-number"),
        (f"/agent/petitions/{council.deposited[0]}", "council-review", "#petition-total"),
    ):
        visit(audit, agent, base, path, name, ready)
    agent.locator("#action-admissible").click()
    expect(agent.locator("#decision-committee")).to_be_visible()
    audit.page(agent, "council-decision-dialog")
    agent.context.close()

    admin = audit.watch(desk(browser))
    sign_in(admin, base, DEMO["admin", None]["email"], DEMO["admin", None]["password"],
            r"/admin$")
    visit(audit, admin, base, "/admin/petitions", "petition-settings", "#settings-save")
    admin.context.close()

    citizen = audit.watch(desk(browser))
    demo_citizen = DEMO["citizen", None]
    sign_in(citizen, base, demo_citizen["email"], demo_citizen["password"], r"/dossiers$")
    visit(audit, citizen, base, "/associations", "associations", "#association-submit")
    citizen.context.close()

    visitor = audit.watch(desk(browser))
    visit(audit, visitor, base, "/transparency", "transparency-petitions",
          ".petition-indicator-row")
    visitor.context.close()

    print(f"{len(audit.audited)} audits")
    assert not audit.failures, "\n".join(audit.failures)
