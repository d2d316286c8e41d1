"""Standard Moroccan Amazigh (zgh, Tifinagh) on the public pages (issue 12, point 5): its
registry entry, how a phone's language reaches it, its catalog of drafts under review, the
fallback of what it does not translate, the notice on its pages, its font on screen and its
receipts and decisions."""

import base64
import io
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from babel import Locale
from pypdf import PdfReader

from counter.i18n import CATALOGS, FUZZY, SCREEN_CATALOGS, catalogs, negotiate, registry, t
from counter.i18n import review_notice as notice_of
from counter.i18n.catalogs import (
    LOCALE_DIR,
    check,
    check_all,
    covered,
    is_public,
    load,
    po_path,
    shown,
    update,
)
from counter.services.decisions import render_decision
from counter.services.receipts import render_receipt
from counter.settings import PROJECT_ROOT

sys.path.insert(0, str(Path(__file__).parent))
from test_catalogs import edit_entry, line_of  # noqa: E402
from test_decisions import decision  # noqa: E402
from test_receipts import receipt  # noqa: E402

TIFINAGH = re.compile(r"[\u2D30-\u2D7F]")
ZGH = registry.language("zgh")
FRENCH = registry.language("fr")


@pytest.fixture
def locale(tmp_path) -> Path:
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, copy)
    return copy


def values_for(message: object) -> dict[str, object]:
    """A value for every placeholder of a message, a count of 2 for `n`."""
    return {name: 2 if name in ("n", "max") else "X" for name in catalogs.placeholders(message)}


# --- The registry --------------------------------------------------------------------------

def test_amazigh_is_in_the_registry_under_its_own_name_left_to_right_in_tifinagh():
    assert registry.languages()[-1] == "zgh"
    assert (ZGH.name, ZGH.direction, ZGH.script, ZGH.font) == (
        "ⵜⴰⵎⴰⵣⵉⵖⵜ", "ltr", "Tfng", "Noto Sans Tifinagh")
    assert (ZGH.covers, ZGH.under_review, ZGH.speech) == ("public", True, "zgh-MA")
    assert registry.fallbacks("zgh") == ("zgh", "ar", "fr")


def test_amazigh_plural_forms_are_cldrs_one_form_for_every_count():
    cldr = Locale.parse(ZGH.babel_locale)
    assert cldr.get_display_name() == "ⵜⴰⵎⴰⵣⵉⵖⵜ (ⵍⵎⵖⵔⵉⴱ)"
    assert {cldr.plural_form(n) for n in range(1001)} == {"other"} == set(ZGH.plural_categories)
    assert ZGH.plural_forms == "nplurals=1; plural=0;"
    assert [t("unit.days", "zgh", n=n) for n in (0, 1, 2, 11)] == [
        "0 ⵏ ⵡⵓⵙⵙⴰⵏ", "1 ⵏ ⵡⵓⵙⵙⴰⵏ", "2 ⵏ ⵡⵓⵙⵙⴰⵏ", "11 ⵏ ⵡⵓⵙⵙⴰⵏ"]


@pytest.mark.parametrize("header", [
    "zgh", "zgh-MA", "zgh-Tfng-MA", "ZGH_ma", "tzm", "tzm-Latn-MA", "shi-MA", "shi-Tfng",
    "rif", "ber", "ber-MA", "de;q=1,shi;q=0.5", "fr;q=0.4,tzm-MA;q=0.9",
])
def test_a_phone_set_to_an_amazigh_language_gets_the_amazigh_pages(header):
    assert negotiate(header) == "zgh"


def test_an_amazigh_code_in_a_cookie_or_a_dossier_resolves_to_zgh_and_others_do_not():
    assert [registry.resolve(code) for code in ("shi", "tzm-MA", "rif", "zgh")] == ["zgh"] * 4
    assert registry.match("kab") is None  # Kabyle (Algeria, Latin script): not ours
    assert negotiate("kab,ar;q=0.5") == "ar"


# --- The catalog: the public pages, drafts under review ------------------------------------

def test_the_amazigh_catalog_translates_every_key_of_the_public_pages_and_no_other():
    public = covered(ZGH, CATALOGS["fr"])
    assert set(CATALOGS["zgh"]) == public
    for key in ("nav.home", "home.title", "catalog.title", "procedure.documents", "track.title",
                "verify.title", "transparency.title", "privacy.title", "auth.signin_title",
                "auth.signup_title", "listen.button", "status.accepted", "footer.privacy",
                "error.tracking_failed", "receipt.title", "decision.title", "notice.under_review"):
        assert key in public and TIFINAGH.search(CATALOGS["zgh"][key]), key
    assert not is_public("review.accept") and not is_public("error.complement_once")


def test_every_amazigh_entry_is_a_draft_marked_fuzzy_and_shown_on_screen():
    assert FUZZY["zgh"] == set(CATALOGS["zgh"])
    text = po_path("zgh").read_text(encoding="utf-8")
    assert text.count('\nmsgctxt "') == text.count("#, fuzzy") == len(CATALOGS["zgh"])
    assert SCREEN_CATALOGS["zgh"]["home.title"] == CATALOGS["zgh"]["home.title"]
    assert t("home.title", "zgh") != t("home.title", "ar")


def test_a_fuzzy_entry_is_shown_only_in_a_language_under_review(locale):
    """A reviewed language's stale translation (fuzzy after its French text changed) gives
    way to its fallback, as gettext does; a language under review shows its drafts."""
    arabic = po_path("ar", locale)
    edit_entry(arabic, "home.title", 'msgctxt "home.title"', '#, fuzzy\nmsgctxt "home.title"')
    loaded = load(registry.language("ar"), locale)
    assert loaded.fuzzy == {"home.title"}
    assert "home.title" not in shown(registry.language("ar"), loaded)
    assert "home.title" in shown(replace(registry.language("ar"), under_review=True), loaded)
    amazigh = load(ZGH, locale)
    assert shown(ZGH, amazigh) == amazigh.messages and amazigh.fuzzy == set(amazigh.messages)


@pytest.mark.parametrize("key", sorted(CATALOGS["fr"]))
def test_no_key_ever_shows_in_amazigh_whatever_page_asks(key):
    """A public key in Amazigh; any other from Arabic (the registry's fallback), never a key."""
    french = CATALOGS["fr"][key]
    text = t(key, "zgh", **values_for(french))
    assert text and text != key
    if not is_public(key):
        assert text == t(key, "ar", **values_for(french))


def test_the_check_refuses_an_amazigh_entry_that_drops_a_placeholder_with_file_and_line(
        locale):
    path = po_path("zgh", locale)
    edit_entry(path, "receipt.region", 'msgstr "ⵜⴰⵎⵏⴰⴹⵜ ⵏ {name}"', 'msgstr "ⵜⴰⵎⵏⴰⴹⵜ"')
    problems = check_all(locale)
    assert [p for p in problems if p.startswith(f"{path}:{line_of(path, 'receipt.region')}:")
            and "placeholders" in p]


def test_the_check_refuses_a_missing_or_empty_public_key_and_accepts_a_missing_other(locale):
    path = po_path("zgh", locale)
    text = path.read_text(encoding="utf-8")
    start = text.index('msgctxt "track.title"')
    block_start = text.rindex("\n\n", 0, start) + 2
    block_end = text.index("\n\n", start)
    path.write_text(text[:block_start] + text[block_end + 2:], encoding="utf-8")
    edit_entry(path, "verify.title", 'msgstr "ⵙⵙⵉⵏⵜ ⴰⵙⵖⵜⴰⵙ"', 'msgstr ""')
    source = load(FRENCH, locale).messages
    problems = check(ZGH, locale, source)
    assert any("'track.title' of the French catalog is missing" in p for p in problems)
    assert any(p.startswith(f"{path}:{line_of(path, 'verify.title')}:") and "empty" in p
               for p in problems)
    assert len(problems) == 2  # the hundreds of back-office keys it lacks are no problem


def test_update_keeps_the_amazigh_catalog_to_the_public_pages_and_its_translations(locale):
    update(locale)
    assert check_all(locale) == []
    amazigh = load(ZGH, locale)
    assert set(amazigh.sources) == covered(ZGH, load(FRENCH, locale).messages)
    assert amazigh.fuzzy == set(amazigh.messages) == set(CATALOGS["zgh"])


# --- The notice on every page shown in Amazigh ---------------------------------------------

def test_a_language_under_review_says_so_in_itself_and_in_french():
    local, french = notice_of("zgh")
    assert "ⵜⴰⵎⴰⵣⵉⵖⵜ" in local and TIFINAGH.search(local)
    assert french.startswith("La version en amazighe") and "relecture" in french
    assert [notice_of(code) for code in ("fr", "ar", "en")] == [None, None, None]


def test_the_notice_follows_the_registry_not_a_language_code(monkeypatch):
    arabic = replace(registry.language("ar"), under_review=True)
    monkeypatch.setitem(registry._BY_CODE, "ar", arabic)
    monkeypatch.setitem(registry._BY_CODE, "zgh", replace(ZGH, under_review=False))
    assert notice_of("zgh") is None
    assert notice_of("ar")[1] == t("notice.under_review", "fr", language="arabe")


# --- The font on screen ---------------------------------------------------------------------

def test_the_tifinagh_web_font_is_shipped_and_loaded_only_for_tifinagh_letters():
    """The whole font for Tifinagh letters; the letters of the switch's name inline, so a
    page in another language does not download the font to show "ⵜⴰⵎⴰⵣⵉⵖⵜ"."""
    font = PROJECT_ROOT / "assets" / "fonts" / "NotoSansTifinagh-Regular.woff2"
    assert font.read_bytes()[:4] == b"wOF2" and font.stat().st_size < 20_000
    css = (PROJECT_ROOT / "assets" / "style.css").read_text(encoding="utf-8")
    whole, name = re.findall(r"@font-face \{[^}]*\}", css)
    for face in (whole, name):
        assert 'font-family: "Noto Sans Tifinagh"' in face and "font-display: swap" in face
    assert 'url("/fonts/NotoSansTifinagh-Regular.woff2") format("woff2")' in whole
    [inline] = re.findall(r'url\("data:font/woff2;base64,([^"]*)"\)', name)
    assert base64.b64decode(inline)[:4] == b"wOF2" and len(inline) < 2_000
    ranges = {face: re.search(r"unicode-range: ([^;]*);", face).group(1) for face in (whole, name)}
    covered_by = {face: {code for part in ranges[face].split(", ") for code in range(
        int(part[2:].split("-")[0], 16), int(part.split("-")[-1].removeprefix("U+"), 16) + 1)}
        for face in (whole, name)}
    assert covered_by[name] == {ord(char) for char in ZGH.name}
    assert covered_by[whole] | covered_by[name] == set(range(0x2D30, 0x2D80))
    assert not covered_by[whole] & covered_by[name]
    [body] = re.findall(r"body \{ font-family: ([^;]*);", css)
    [radix] = re.findall(r"\.radix-themes \{ --default-font-family: ([^;]*);", css)
    assert '"Noto Sans Tifinagh"' in body and '"Noto Sans Tifinagh"' in radix


# --- Receipts and decisions in Amazigh ------------------------------------------------------

def amazigh_names(data):  # noqa: ANN001, ANN201
    return replace(data, region_name={**data.region_name, "zgh": "ⵙⵓⵙ-ⵎⴰⵙⵙⴰ"},
                   procedure_name={**data.procedure_name, "zgh": "ⵜⵓⵜⵜⵔⴰ ⵏ ⵜⵡⵉⵙⵉ"})


def fonts_of(document: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(document))
    return {str(font["/BaseFont"]) for page in reader.pages
            for font in page["/Resources"]["/Font"].values()}


def text_of(document: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)


@pytest.mark.parametrize("kind", ["receipt", "decision"])
def test_a_dossier_in_amazigh_gets_its_receipt_and_decision_in_tifinagh(kind, tmp_path):
    document = (render_receipt(amazigh_names(receipt("zgh"))) if kind == "receipt"
                else render_decision(amazigh_names(decision("zgh", "accepted"))))
    text = text_of(document)
    for words in (t(f"{kind}.title", "zgh"), "ⵜⵓⵜⵜⵔⴰ ⵏ ⵜⵡⵉⵙⵉ", t(f"{kind}.procedure", "zgh")):
        assert words in text, words
    assert any(font.endswith("NotoSansTifinagh-Regular") for font in fonts_of(document))
    assert b"/Lang (zgh-MA)" in document
    if shutil.which("pdftoppm"):  # the picture looked at: /tmp/shots/zgh/<kind>-1.png
        shots = Path("/tmp/shots/zgh")
        shots.mkdir(parents=True, exist_ok=True)
        (tmp_path / f"{kind}.pdf").write_bytes(document)
        subprocess.run(["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1",
                        str(tmp_path / f"{kind}.pdf"), str(shots / kind)], check=True)
