"""The public pages in Standard Moroccan Amazigh (zgh, Tifinagh) on a 360 px phone (issue
12, point 5): reached from a phone set to an Amazigh language, named ⵜⴰⵎⴰⵣⵉⵖⵜ in the language
switch, left to right, in the shipped Noto Sans Tifinagh, with the notice that the version is
under review, no raw message key, and no critical or serious axe violation. Screenshots are
saved under /tmp/shots/zgh/ to be looked at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from counter.i18n import CATALOGS
from tests.browser.conftest import new_phone_page, open_page
from tests.browser.test_accessibility import AXE, RUN_AXE, SMALL_TARGETS

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/zgh")
PUBLIC_PAGES = ("/", "/procedures", "/procedures/DRA_ACCESS_INFO", "/track", "/verify",
                "/transparency", "/privacy", "/signin", "/signup")
TIFINAGH = re.compile(r"[\u2D30-\u2D7F]")
KEY_LIKE = re.compile(r"\b[a-z_]+(?:\.[a-z0-9_+-]+)+\b")

# Whether the page's Tifinagh is drawn in the shipped web font: its face loaded, from the
# product's own file.
FONT_STATE = """() => ({
  loaded: [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Noto Sans Tifinagh')
                             .map(f => f.status),
  fetched: performance.getEntriesByType('resource').map(e => e.name)
                      .filter(n => n.endsWith('/fonts/NotoSansTifinagh-Regular.woff2')),
  usable: document.fonts.check('16px "Noto Sans Tifinagh"', 'ⵜⴰⵎⴰⵣⵉⵖⵜ'),
})"""


def raw_keys(text: str) -> set[str]:
    return {word for word in KEY_LIKE.findall(text) if word in CATALOGS["fr"]}


def test_every_public_page_in_amazigh_on_a_phone(live_app, browser):
    page = new_phone_page(browser, locale="tzm-MA")  # a phone set to Central Atlas Tamazight
    context = page.context
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)[:200]))
    SHOTS.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    for path in PUBLIC_PAGES:
        open_page(page, f"{live_app}{path}")
        page.wait_for_load_state("networkidle")
        expect(page.locator("html")).to_have_attribute("lang", "zgh")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        switch = page.locator("#lang-zgh")
        expect(switch).to_have_text("ⵜⴰⵎⴰⵣⵉⵖⵜ")
        expect(switch).to_have_attribute("aria-pressed", "true")
        notice = page.locator("#review-notice")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("ⵜⴰⵎⴰⵣⵉⵖⵜ")
        expect(notice).to_contain_text("La version en amazighe")
        heading = page.locator("#main h1").first
        expect(heading).to_be_visible()
        assert TIFINAGH.search(heading.inner_text()), (path, heading.inner_text())
        body = page.locator("body").inner_text()
        if keys := raw_keys(body):
            failures.append(f"{path}: raw keys {sorted(keys)}")
        page.evaluate("document.fonts.ready.then(() => true)")
        fonts = page.evaluate(FONT_STATE)
        if "loaded" not in fonts["loaded"] or not fonts["fetched"] or not fonts["usable"]:
            failures.append(f"{path}: Tifinagh web font not in use: {fonts}")
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(AXE.read_text())
        for violation in page.evaluate(RUN_AXE):
            failures.append(f"{path} axe {violation['id']} ({violation['impact']}): "
                            f"{violation['nodes']}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            failures.append(f"{path}: {width} px wide, past the 360 px screen")
        if small := page.evaluate(SMALL_TARGETS):
            failures.append(f"{path}: touch targets under 44 px: {small}")
        if path.startswith("/procedures/"):  # its description falls back to Arabic
            description = page.locator("#procedure-description")
            if re.search("[\u0600-\u06ff]", description.inner_text()[:40]):
                direction = description.evaluate("e => getComputedStyle(e).direction")
                if direction != "rtl":
                    failures.append(f"{path}: an Arabic fallback laid out {direction}")
        name = path.strip("/").replace("/", "-") or "home"
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert not failures, failures
    assert not errors, errors
    context.close()


def test_the_language_switch_takes_a_french_page_to_amazigh_and_back(live_app, browser):
    """A French page draws the switch's "ⵜⴰⵎⴰⵣⵉⵖⵜ" with the inline letters, without
    downloading the Tifinagh font; in Amazigh the page downloads it."""
    page = new_phone_page(browser)
    context = page.context
    open_page(page, f"{live_app}/procedures")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#review-notice")).to_have_count(0)
    page.evaluate("document.fonts.ready.then(() => true)")
    fonts = page.evaluate(FONT_STATE)
    assert fonts["fetched"] == [] and "loaded" in fonts["loaded"], fonts
    page.locator("#lang-zgh").click()
    expect(page.locator("html")).to_have_attribute("lang", "zgh")
    expect(page.locator("#review-notice")).to_be_visible()
    expect(page.locator("#main h1").first).to_have_text(CATALOGS["zgh"]["catalog.title"])
    page.wait_for_load_state("networkidle")
    assert page.evaluate(FONT_STATE)["fetched"], "the Tifinagh font, for the page's text"
    page.locator("#lang-fr").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#review-notice")).to_have_count(0)
    context.close()
