"""The reading aid in a real browser (issue 12, point 7): the listen button reads the page's
main text with the device's speech synthesis, in the page's language, under the product's
Content-Security-Policy; where the device has no voice for that language it says so.

Chromium here has no voices of its own: `speechSynthesis` is replaced in the page (an init
script) by a recorder that offers the voices a test chooses."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import new_phone_page, open_page, screenshot
from tests.browser.test_accessibility import DEMO, switch_language
from tests.browser.test_backoffice_browser import sign_in

pytestmark = pytest.mark.browser

FAKE_SPEECH = """(() => {
  window.__spoken = []; window.__cancelled = 0; window.__problems = [];
  document.addEventListener('securitypolicyviolation',
    (e) => window.__problems.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI));
  const voices = %(voices)s;
  if (voices === null) {
    try { delete window.speechSynthesis; } catch (e) {}
    Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true});
    return;
  }
  window.SpeechSynthesisUtterance = function (text) {
    this.text = text; this.lang = ''; this.voice = null;
  };
  const synth = {
    getVoices: () => voices.map((lang) => ({lang, name: 'voice ' + lang, voiceURI: lang,
                                            localService: true, default: false})),
    speak: (u) => window.__spoken.push({text: u.text, lang: u.lang,
                                        voice: u.voice && u.voice.lang}),
    cancel: () => { window.__cancelled += 1; },
    addEventListener: () => {}, removeEventListener: () => {},
  };
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
})();"""

PROCEDURE = "/procedures/DRA_ACCESS_INFO"
ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN_ONLY = re.compile(r"^[^\u0600-\u06ff]+$")


def in_language(page: Page, selector: str, lang: str) -> None:
    """Wait until what the server writes (names, labels) is in `lang` too, not only the
    screen's own words."""
    expect(page.locator(selector).first).to_have_text(ARABIC if lang == "ar" else LATIN_ONLY)


def phone(browser: Browser, voices: list[str] | None) -> Page:
    page = new_phone_page(browser)
    voice_list = "null" if voices is None else "[" + ",".join(f"'{v}'" for v in voices) + "]"
    page.context.add_init_script(FAKE_SPEECH % {"voices": voice_list})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors  # type: ignore[attr-defined]
    return page


def spoken(page: Page) -> list[dict]:
    page.wait_for_function("window.__spoken.length > 0")
    return page.evaluate("window.__spoken")


def no_violation(page: Page) -> None:
    assert page.evaluate("window.__problems") == []
    assert page.errors == []  # type: ignore[attr-defined]


def text_of(page: Page, selector: str) -> str:
    return page.locator(selector).first.inner_text().strip()


@pytest.mark.parametrize(("lang", "voices", "speech_lang"),
                         [("fr", ["en-US", "fr-FR"], "fr-FR"), ("ar", ["fr-FR", "ar-SA"], "ar-MA")])
def test_procedure_page_is_read_aloud_in_its_language(live_app, browser, lang, voices,
                                                      speech_lang):
    page = phone(browser, voices)
    open_page(page, f"{live_app}{PROCEDURE}")
    switch_language(page, lang)
    in_language(page, "#procedure-name", lang)
    button = page.locator("#listen")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-pressed", "false")
    screenshot(page, f"reading-aid-procedure-{lang}-360")
    button.click()
    [utterance] = spoken(page)
    assert utterance["lang"] == speech_lang
    assert utterance["voice"] == voices[1]
    text = utterance["text"]
    for selector in ("#procedure-name", "#procedure-description", "#documents-list li",
                     "#fields-list li"):
        if page.locator(selector).count():
            assert text_of(page, selector).split("\n")[0] in text, selector
    # The button's own words, and the other buttons', are not the page's text.
    assert text_of(page, "#listen") not in text
    assert text_of(page, "#start-dossier") not in text
    expect(button).to_have_attribute("aria-pressed", "true")
    # Pressed again, it stops.
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("window.__cancelled") >= 1
    assert len(page.evaluate("window.__spoken")) == 1
    no_violation(page)
    page.context.close()


@pytest.mark.parametrize(("lang", "message"), [
    ("fr", "pas de voix en français"), ("ar", "لا يتوفر جهازك على صوت باللغة العربية")])
def test_without_a_voice_for_the_language_the_page_says_so(live_app, browser, lang, message):
    page = phone(browser, ["en-US"])
    open_page(page, f"{live_app}{PROCEDURE}")
    switch_language(page, lang)
    page.locator("#listen").click()
    expect(page.locator("#listen-message")).to_contain_text(message)
    expect(page.locator("#listen")).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("window.__spoken") == []
    screenshot(page, f"reading-aid-no-voice-{lang}-360")
    no_violation(page)
    page.context.close()


def test_without_speech_synthesis_the_page_says_so(live_app, browser):
    page = phone(browser, None)
    open_page(page, f"{live_app}{PROCEDURE}")
    switch_language(page, "fr")
    page.locator("#listen").click()
    expect(page.locator("#listen-message")).to_contain_text("ne sait pas lire à voix haute")
    no_violation(page)
    page.context.close()


def test_a_filing_step_is_read_aloud_in_french_and_arabic(live_app, browser):
    page = phone(browser, ["fr-FR", "ar-MA"])
    citizen = DEMO["citizen", None]
    sign_in(page, live_app, citizen["email"], citizen["password"], r"/dossiers$")
    open_page(page, f"{live_app}{PROCEDURE}")
    page.locator("#start-dossier").click()
    expect(page).to_have_url(re.compile(r"/edit$"))
    for lang, speech_lang in (("fr", "fr-FR"), ("ar", "ar-MA")):
        switch_language(page, lang)
        expect(page.locator("#step-heading")).to_be_visible()
        in_language(page, "label.field-label", lang)
        page.evaluate("window.__spoken = []")
        screenshot(page, f"reading-aid-filing-step-{lang}-360")
        page.locator("#listen").click()
        [utterance] = spoken(page)
        assert utterance["lang"] == speech_lang
        assert text_of(page, "#step-heading") in utterance["text"]
        label = text_of(page, "label.field-label").rstrip(" *")
        assert label in utterance["text"]
        page.locator("#listen").click()
        expect(page.locator("#listen")).to_have_attribute("aria-pressed", "false")
    no_violation(page)
    page.context.close()
