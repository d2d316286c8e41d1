"""The gettext catalogs (counter/i18n/locale/*/LC_MESSAGES/counter.po) are complete and
well-formed, and a broken one fails with its file and line (issue 12, point 2)."""

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from counter.i18n import CATALOGS, LANGUAGES, REGISTRY, catalogs, t
from counter.i18n.__main__ import main as i18n_command
from counter.i18n.catalogs import LOCALE_DIR, check_all, load, placeholders, po_path
from counter.i18n.formats import plural_category


@pytest.fixture
def locale(tmp_path) -> Path:
    """A copy of the shipped catalogs, to break."""
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, copy)
    return copy


def line_of(path: Path, key: str, occurrence: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    found = [n for n, line in enumerate(lines, 1) if line == f'msgctxt "{key}"']
    return found[occurrence]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_entry(path: Path, key: str, old: str, new: str) -> None:
    """Replace `old` by `new` inside the entry of `key` only."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f'msgctxt "{key}"\n')
    end = text.find("\n\n", start)
    end = len(text) if end < 0 else end
    block = text[start:end]
    assert old in block, (key, old)
    path.write_text(text[:start] + block.replace(old, new, 1) + text[end:], encoding="utf-8")


def problems_naming(problems: list[str], path: Path, line: int) -> list[str]:
    return [p for p in problems if p.startswith(f"{path}:{line}:")]


# --- The shipped catalogs --------------------------------------------------------------------

def test_every_language_of_the_registry_has_a_catalog_file():
    for entry in REGISTRY:
        assert po_path(entry.code).is_file(), entry.code


def test_the_shipped_catalogs_pass_every_check():
    assert check_all() == []


def test_the_check_command_passes_on_the_shipped_catalogs(capsys):
    assert i18n_command(["check"]) == 0
    assert "Catalogs OK." in capsys.readouterr().out


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda entry: entry.code)
def test_every_catalog_has_every_french_key_and_no_other(entry):
    """Every key, or for a language that covers the public pages only, every public key."""
    assert set(load(REGISTRY[0]).messages) == set(CATALOGS["fr"])
    assert set(CATALOGS[entry.code]) == catalogs.covered(entry, CATALOGS["fr"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_form_of_every_message_has_the_french_placeholders(lang):
    wrong = []
    for key, message in CATALOGS[lang].items():
        forms = message.values() if isinstance(message, dict) else [message]
        wrong += [(key, text) for text in forms
                  if placeholders(text) != placeholders(CATALOGS["fr"][key])]
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_empty_or_a_draft(lang):
    """No empty message; drafts (fuzzy) only in a language under review."""
    entry = next(e for e in REGISTRY if e.code == lang)
    for key, message in CATALOGS[lang].items():
        forms = message.values() if isinstance(message, dict) else [message]
        assert all(text.strip() for text in forms), (lang, key)
    assert entry.under_review or not catalogs.load(entry).fuzzy


@pytest.mark.parametrize("entry", REGISTRY, ids=lambda entry: entry.code)
def test_the_plural_forms_header_is_cldrs(entry):
    with po_path(entry.code).open("rb") as file:
        catalog = read_po(file)
    assert catalog.num_plurals == len(entry.plural_categories)
    assert catalog.plural_forms == entry.plural_forms
    expected = {"fr": 2, "en": 2, "ar": 6}
    if entry.code in expected:
        assert catalog.num_plurals == expected[entry.code]


def test_arabic_plural_forms_are_in_gettexts_order():
    """msgstr[0..5] of an Arabic entry are zero, one, two, few (3-10), many (11-99), other."""
    with po_path("ar").open("rb") as file:
        catalog = read_po(file)
    days = catalog.get(("{n} jour", "{n} jours"), context="unit.days")
    assert list(days.string) == ["{n} يوم", "{n} يوم", "{n} يومان", "{n} أيام", "{n} يوما",
                                 "{n} يوم"]
    assert [plural_category(n, "ar") for n in (0, 1, 2, 3, 11, 100)] == [
        "zero", "one", "two", "few", "many", "other"]


def test_no_key_is_defined_twice_in_a_catalog_file():
    for entry in REGISTRY:
        keys = re.findall(r'^msgctxt "(.*)"$', po_path(entry.code).read_text("utf-8"), re.M)
        assert len(keys) == len(set(keys)), entry.code


def test_a_translator_sees_the_french_text_and_the_part_of_the_product():
    text = po_path("ar").read_text(encoding="utf-8")
    assert ('#. area: receipts\nmsgctxt "receipt.title"\nmsgid "Récépissé de dépôt"\n'
            'msgstr "وصل الإيداع"') in text
    assert "#, python-brace-format\n" in text  # Weblate and Poedit check {placeholders}


def test_translations_are_read_once_t_reads_no_file(monkeypatch):
    def no_file(*_args, **_kwargs):
        raise AssertionError("t() read a catalog file")

    monkeypatch.setattr(catalogs, "read_po", no_file)
    monkeypatch.setattr(Path, "open", no_file)
    assert t("receipt.title", "ar") == "وصل الإيداع"
    assert t("unit.days", "ar", n=5) == "5 أيام"


# --- Broken catalogs fail with their file and line ------------------------------------------

def test_a_missing_placeholder_fails_with_the_file_and_line(locale):
    path = po_path("ar", locale)
    edit_entry(path, "unit.days", 'msgstr[3] "{n} أيام"', 'msgstr[3] "أيام"')
    problems = check_all(locale)
    [problem] = problems_naming(problems, path, line_of(path, "unit.days"))
    assert "'unit.days'" in problem and "placeholders [] msgstr[3]" in problem
    assert "['n']" in problem


def test_a_misspelt_placeholder_fails_with_the_file_and_line(locale):
    path = po_path("en", locale)
    edit_entry(path, "receipt.region", 'msgstr "{name} Region"', 'msgstr "{nom} Region"')
    problems = check_all(locale)
    assert problems_naming(problems, path, line_of(path, "receipt.region"))


def test_a_broken_placeholder_fails_with_the_file_and_line(locale):
    path = po_path("en", locale)
    edit_entry(path, "receipt.region", 'msgstr "{name} Region"', 'msgstr "{name Region"')
    problems = problems_naming(check_all(locale), path, line_of(path, "receipt.region"))
    assert any("broken placeholder" in problem for problem in problems), problems


@pytest.mark.parametrize("hostile", ["{name.__class__}", "{name[0]}", "{name:>99999999}",
                                     "{name!r}", "{0}", "{}"])
def test_a_placeholder_that_is_not_a_plain_name_fails(locale, hostile):
    """A translation is data: it must not reach into the values str.format is given."""
    path = po_path("en", locale)
    edit_entry(path, "receipt.region", 'msgstr "{name} Region"', f'msgstr "{{name}} {hostile}"')
    problems = problems_naming(check_all(locale), path, line_of(path, "receipt.region"))
    assert any("not a plain named placeholder" in p for p in problems), problems


def test_a_missing_plural_form_fails_with_the_file_and_line(locale):
    path = po_path("ar", locale)
    edit_entry(path, "unit.days", '\nmsgstr[5] "{n} يوم"', "")
    problems = check_all(locale)
    [problem] = problems_naming(problems, path, line_of(path, "unit.days"))
    assert "empty plural form msgstr[5] (other)" in problem


def test_plural_forms_in_the_wrong_order_fail_with_the_header_line(locale):
    path = po_path("ar", locale)
    header = "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5"
    edit(path, header, "n%100>=3 && n%100<=10 ? 4 : n%100>=11 ? 3 : 5")
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                if text.startswith('"Plural-Forms:'))
    problems = problems_naming(check_all(locale), path, line)
    assert any("CLDR says 'few'" in p for p in problems), problems


def test_two_plural_forms_for_arabic_fail_with_the_file_and_line(locale):
    path = po_path("ar", locale)
    text = path.read_text("utf-8")
    start = text.index('"Plural-Forms:')
    end = text.index("\n", start)
    path.write_text(text[:start] + '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
                    + text[end:], "utf-8")
    [problem] = [p for p in check_all(locale) if p.startswith(f"{path}:")]
    assert re.match(rf"{re.escape(str(path))}:\d+: .*more translations than num_plurals",
                    problem), problem


def test_a_duplicate_key_fails_with_the_file_and_line_of_the_second(locale):
    path = po_path("fr", locale)
    with path.open("a", encoding="utf-8") as file:
        file.write('\nmsgctxt "nav.home"\nmsgid "Accueil"\nmsgstr "Accueil bis"\n')
    problems = check_all(locale)
    second = line_of(path, "nav.home", 1)
    [problem] = problems_naming(problems, path, second)
    assert "duplicate key 'nav.home'" in problem
    assert f"first at line {line_of(path, 'nav.home')}" in problem


def test_a_missing_key_and_an_empty_message_fail(locale):
    path = po_path("en", locale)
    edit_entry(path, "nav.home", 'msgctxt "nav.home"\nmsgid "Accueil"\nmsgstr "Home"', "")
    edit_entry(path, "receipt.title", 'msgstr "Filing receipt"', 'msgstr ""')
    problems = [p for p in check_all(locale) if p.startswith(f"{path}:")]
    assert any("key 'nav.home' of the French catalog is missing" in p for p in problems)
    assert problems_naming(problems, path, line_of(path, "receipt.title"))
    assert any("'receipt.title' has an empty message" in p for p in problems)


def test_a_key_only_in_a_translation_fails(locale):
    path = po_path("ar", locale)
    with path.open("a", encoding="utf-8") as file:
        file.write('\nmsgctxt "no.such.key"\nmsgid "Rien"\nmsgstr "لا شيء"\n')
    problems = problems_naming(check_all(locale), path, line_of(path, "no.such.key"))
    assert any("is not in the French catalog" in p for p in problems)


def test_a_count_without_plural_forms_in_one_catalog_fails(locale):
    path = po_path("en", locale)
    edit_entry(path, "unit.days", 'msgid_plural "{n} jours"\nmsgstr[0] "{n} day"\n'
               'msgstr[1] "{n} days"', 'msgstr "{n} days"')
    [problem] = check_all(locale)
    assert problem.startswith(f"{path}:{line_of(path, 'unit.days')}: 'unit.days' has no "
                              "msgid_plural, but plural forms in fr, ar")


def test_a_syntax_error_fails_with_the_file_and_line(locale):
    path = po_path("en", locale)
    edit_entry(path, "receipt.title", 'msgstr "Filing receipt"', 'msgstrr "Filing receipt"')
    problems = [p for p in check_all(locale) if p.startswith(f"{path}:")]
    assert problems and re.match(rf"{re.escape(str(path))}:\d+: ", problems[0])


def test_the_check_command_fails_the_build_on_a_broken_catalog(locale, capsys):
    edit_entry(po_path("ar", locale), "unit.days", 'msgstr[3] "{n} أيام"', 'msgstr[3] "أيام"')
    assert i18n_command(["check", "--locale-dir", str(locale)]) == 1
    assert "unit.days" in capsys.readouterr().out


# --- Keeping the catalogs in step ------------------------------------------------------------

def test_update_marks_a_translation_fuzzy_when_its_french_text_changes(locale):
    french = po_path("fr", locale)
    edit_entry(french, "receipt.title", 'msgstr "Récépissé de dépôt"', 'msgstr "Reçu de dépôt"')
    changed = catalogs.update(locale)
    assert changed["ar"] == {"receipt.title"} and changed["en"] == {"receipt.title"}
    arabic = load(next(e for e in REGISTRY if e.code == "ar"), locale)
    assert arabic.fuzzy == {"receipt.title"}
    assert arabic.sources["receipt.title"] == "Reçu de dépôt"
    assert arabic.messages["receipt.title"] == "وصل الإيداع"  # kept for the translator
    assert '#, fuzzy\nmsgctxt "receipt.title"\nmsgid "Reçu de dépôt"' in \
        po_path("ar", locale).read_text("utf-8")
    assert 'msgctxt "receipt.title"\nmsgid "Reçu de dépôt"\nmsgstr ""' in \
        (locale / "counter.pot").read_text("utf-8")
    assert check_all(locale) == []


def test_update_of_unchanged_catalogs_changes_no_message(locale):
    before = {e.code: load(e, locale).messages for e in REGISTRY}
    assert all(not keys for keys in catalogs.update(locale).values())
    assert {e.code: load(e, locale).messages for e in REGISTRY} == before
