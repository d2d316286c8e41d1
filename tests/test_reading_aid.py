"""The reading aid for people who read little (issue 12, point 7): a listen button on the
filing steps, a dossier's status and the procedure page; every status with an icon and a
colour beside its word; plain-language descriptions in the demo catalog."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from counter.components.listen import SPEECH_LANGS, listen_button, listen_script
from counter.components.status import PETITION_STYLES, STATUS_STYLES, status_badge
from counter.domain.lifecycle import Status
from counter.i18n import CATALOGS, LANGUAGE_NAMES, LANGUAGES, REGISTRY
from counter.services.demo_data import PROCEDURE_TEMPLATES
from counter.settings import PROJECT_ROOT


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rendered(component) -> str:  # noqa: ANN001
    return str(component.render())


# --- every status with an icon and a colour, the word always there ------------------------


def test_every_dossier_status_has_its_own_icon_and_colour():
    assert set(STATUS_STYLES) == {s.value for s in Status}
    icons = [icon for icon, _, _ in STATUS_STYLES.values()]
    assert len(set(icons)) == len(icons)


def test_every_petition_status_has_its_own_icon_and_colour():
    from counter.domain.petitions import PetitionStatus

    assert set(PETITION_STYLES) == {s.value for s in PetitionStatus}
    # The tracking page shows either: a status both have looks the same in both.
    assert all(STATUS_STYLES[s] == PETITION_STYLES[s]
               for s in set(STATUS_STYLES) & set(PETITION_STYLES))


@pytest.mark.parametrize(("styles", "status"),
                         [("dossier", s) for s in sorted(STATUS_STYLES)]
                         + [("petition", s) for s in sorted(PETITION_STYLES)])
def test_status_colours_have_a_contrast_of_at_least_4_5_to_1(styles, status):
    _, text, background = {"dossier": STATUS_STYLES, "petition": PETITION_STYLES}[styles][status]
    assert contrast(text, background) >= 4.5, (status, round(contrast(text, background), 2))
    assert contrast(text, "#ffffff") >= 4.5


def test_status_badge_hides_its_icon_from_screen_readers_and_always_shows_the_word():
    html = rendered(status_badge("accepted", "Accepted"))
    assert "'contents': '\"Accepted\"'" in html
    icons = re.findall(r"'name': 'Lucide\w+', 'props': \[([^\]]*)\]", html)
    assert len(icons) == len(STATUS_STYLES) + 1
    assert all('"aria-hidden":"true"' in props for props in icons)
    for status, (_icon, text, background) in STATUS_STYLES.items():
        assert text in html and background in html, status


def test_status_shown_on_every_screen_goes_through_the_one_badge():
    """Wherever a dossier's status is shown (lists, dossier, tracking, timeline, agent queue
    and review), it is the status component, never the word alone."""
    pages = PROJECT_ROOT / "counter" / "pages"
    for path in pages.glob("*.py"):
        source = path.read_text()
        assert "STATUS_COLORS" not in source and "STATUS_ICONS" not in source, path.name
        for line in source.splitlines():
            if '["status_label"]' in line or ".status_label" in line:
                assert "status_badge(" in line or path.name == "admin.py", (path.name, line)
    from counter.pages.dossiers import timeline_item

    assert "status-badge" in rendered(timeline_item(_var("entry")))


def _var(name: str):  # noqa: ANN202
    import reflex as rx

    return rx.Var(name).to(dict)


# --- the listen button ---------------------------------------------------------------------


def test_each_language_has_its_speech_language():
    assert SPEECH_LANGS == {"fr": "fr-FR", "ar": "ar-MA", "en": "en", "zgh": "zgh-MA"}
    assert set(LANGUAGES) <= set(SPEECH_LANGS)


def test_listen_messages_exist_in_every_language_and_name_the_language_missing():
    for key in ("listen.button", "listen.hint", "listen.reading", "listen.no_voice",
                "listen.unsupported"):
        for lang in LANGUAGES:
            assert CATALOGS[lang][key].strip(), (key, lang)
    assert "français" in CATALOGS["fr"]["listen.no_voice"]
    assert "العربية" in CATALOGS["ar"]["listen.no_voice"]
    assert "English" in CATALOGS["en"]["listen.no_voice"]
    assert "ⵜⵎⴰⵣⵉⵖⵜ" in CATALOGS["zgh"]["listen.no_voice"]
    assert LANGUAGE_NAMES["fr"] == "Français"


def test_listen_button_is_a_labelled_44_px_toggle_that_reads_its_target():
    html = rendered(listen_button("procedure-text"))
    assert '"procedure-text"' in html
    assert "volume-2" in html.lower() or "Volume2" in html
    assert '"44px"' in html
    assert "aria-pressed" in html and "\"button\"" in html
    for attribute in ("data-target", "data-lang", "data-no-voice", "data-unsupported",
                      "data-reading"):
        assert attribute in html, attribute
    # Its label and its messages are never read aloud as the page's text.
    assert html.count("data-listen-skip") >= 3


def test_listen_script_speaks_in_the_page_language_stops_on_a_second_press_and_is_valid():
    script = listen_script("listen")
    assert "new window.SpeechSynthesisUtterance(text)" in script
    assert "utterance.lang = lang" in script
    assert "synth.cancel()" in script and "aria-pressed" in script
    assert "button.dataset.noVoice" in script and "button.dataset.unsupported" in script
    node = shutil.which("node", path=str(PROJECT_ROOT / ".venv" / "bin")) or shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    check = subprocess.run([node, "--check"], input=script, capture_output=True, text=True,
                           check=False)
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize(("module", "render", "target"), [
    ("counter.pages.procedure", "details", "procedure-text"),
    ("counter.pages.dossiers", "dossier_status", "dossier-status"),
    ("counter.pages.dossiers", "track", "track-result"),
])
def test_the_page_has_a_listen_button_and_the_text_it_reads(module, render, target):
    import importlib

    html = rendered(getattr(importlib.import_module(module), render)())
    assert '"listen"' in html
    assert html.count(f'"{target}"') >= 2  # the button's data-target and the element's id


def test_each_filing_step_has_a_listen_button_reading_the_step():
    from counter.pages.filing import filing_body
    from counter.states.filing import FilingState

    html = rendered(filing_body(FilingState))
    assert '"listen"' in html and html.count('"filing-step"') >= 2


# --- plain-language descriptions in the demo catalog ---------------------------------------

SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")
GET = {"fr": "Vous recevez", "ar": "تتوصل", "en": "You get"}
NEED = {"fr": ("Il faut", "Aucun document"), "ar": ("يلزم", "لا حاجة"),
        "en": ("You need", "No document")}
MAX_WORDS = 25
# The demo descriptions are written in the languages that cover the whole product; Amazigh
# (public pages, under review) shows the Arabic one until it has its own (domain.names).
DESCRIBED = [entry.code for entry in REGISTRY if entry.covers == "all"]


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.strip()) if s]


@pytest.mark.parametrize("template", PROCEDURE_TEMPLATES, ids=lambda t: t["code"])
def test_demo_descriptions_are_short_sentences_in_the_three_languages(template):
    for lang in DESCRIBED:
        text = template["descriptions"][lang]
        for sentence in sentences(text):
            assert len(sentence.split()) <= MAX_WORDS, (lang, sentence)
        assert "(" not in text, (lang, "no asides in brackets (law numbers)")
        assert re.search(r"\b\d{1,2}-\d{2}\b", text) is None, (lang, "no law numbers")


@pytest.mark.parametrize("template", [t for t in PROCEDURE_TEMPLATES if not t.get("external_url")],
                         ids=lambda t: t["code"])
def test_demo_descriptions_say_what_you_get_what_you_need_and_how_long(template):
    has_documents = any(d.get("required") for d in template.get("documents", []))
    for lang in DESCRIBED:
        text = template["descriptions"][lang]
        assert GET[lang] in text, lang
        need, none = NEED[lang]
        assert (need in text) if has_documents else (none in text), lang
        assert str(template["legal_deadline_days"]) in text, lang


def test_arabic_descriptions_count_days_with_the_right_plural():
    """3 to 10 take أيام; 11 to 99 take يوما (or يوم عمل), as Arabic needs."""
    for template in PROCEDURE_TEMPLATES:
        for number, word in re.findall(r"(\d+) (\S+)", template["descriptions"]["ar"]):
            n = int(number)
            if 3 <= n <= 10:
                assert word.startswith("أيام"), (template["code"], number, word)
            elif 11 <= n <= 99:
                assert word.startswith(("يوما", "يوم")), (template["code"], number, word)

