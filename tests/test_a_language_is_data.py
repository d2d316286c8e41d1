"""A language is data (issue 12, point 6): a catalog file and a registry line alone add one.

The test copies the product's package, adds ONE line to its registry and ONE catalog file
(a pseudo-translation of the French catalog, written in the .po format translators use),
and nothing else; then, in a fresh process on that copy, it renders a page (the state the
browser receives for the catalog page, through the app's own event processing), files a
dossier (its receipt PDF) and queues its e-mail, all in the new language.

The pseudo-language `qps` (ISO 639's private-use range) is Latin script, left to right,
with Spanish numbers and plural rules (CLDR: one, many, other: three forms where the
French msgids have two), falling back to English then French.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from counter.i18n import registry
from counter.i18n.catalogs import LOCALE_DIR, load, po_path, write

ROOT = Path(__file__).resolve().parent.parent
CODE = "qps"
OWN_NAME = "Pseüdö"
REGISTRY_LINE = (
    f'    Language("{CODE}", "{OWN_NAME}", "ltr", "Latn", "Noto Sans", "es",'
    ' ("one", "many", "other"), "nplurals=3; plural=(n == 1 ? 0 : n != 0 && n % 1000000 == 0'
    ' ? 1 : 2);", fallbacks=("en",)),\n'
)
VOWELS = str.maketrans("aeiouAEIOU", "äëïöüÄËÏÖÜ")


def pseudo(text: str) -> str:
    """The French text with its vowels marked, placeholders kept: "Récëpïssé {code}"."""
    parts = re.split(r"(\{\w+\})", text)
    return "".join(part if part.startswith("{") else part.translate(VOWELS) for part in parts)


def pseudo_catalog(path: Path) -> None:
    """The new language's catalog: every French message, pseudo-translated."""
    entry = registry.Language(CODE, OWN_NAME, "ltr", "Latn", "Noto Sans", "es",
                              ("one", "many", "other"), "nplurals=3; plural=(n == 1 ? 0 : "
                              "n != 0 && n % 1000000 == 0 ? 1 : 2);")
    french = load(registry.language("fr"))
    messages = {}
    for key, text in french.sources.items():
        if isinstance(text, dict):
            messages[key] = {"one": pseudo(text["one"]), "many": pseudo(text["other"]),
                             "other": pseudo(text["other"])}
        else:
            messages[key] = pseudo(text)
    write(entry, messages, french.sources, path, areas=french.areas)


def add_registry_line(registry_file: Path) -> None:
    text = registry_file.read_text(encoding="utf-8")
    end = text.index("\n)\n", text.index("REGISTRY: tuple[Language, ...] = ("))
    registry_file.write_text(text[:end + 1] + REGISTRY_LINE + text[end + 1:], encoding="utf-8")


SCRIPT = textwrap.dedent('''
    import json, sys
    from pathlib import Path

    from sqlmodel import Session, select

    import counter
    from counter.i18n import LANGUAGES, t
    from counter.models import OutboxMessage, Procedure
    from counter.services import storage
    from counter.services.dossiers import start_draft, save_field, submit_own
    from counter.services.migrations import upgrade_to_head
    from counter.services.seed import load_demo_data
    from counter.db import get_engine
    from counter.settings import get_settings
    from counter.states.base import AppState
    from counter.states.catalog import CatalogState
    from tests.test_security_sessions import Browser, Server, handler
    from pypdf import PdfReader
    import io

    from counter.services.catalog_admin import input_labels

    out = {"package": counter.__file__, "languages": list(LANGUAGES),
           "editor_label": input_labels("fr")["name_qps"]}
    upgrade_to_head(get_settings().db_url)
    with Session(get_engine(), expire_on_commit=False) as session:
        load_demo_data(session)
        named = session.exec(select(Procedure).where(
            Procedure.code == "LSH_REGISTRATION_CERTIFICATE")).one()
        named.names = {**named.names, "qps": "Cërtïfïcät Pseüdö"}
        session.add(named)
        session.commit()
        from counter.models import Account
        citizen = session.exec(select(Account).where(Account.role == "citizen")).first()
        citizen.correspondence_lang = None
        session.add(citizen)
        dossier = start_draft(session, account=citizen, procedure_code=named.code,
                              screen_lang="qps")
        for code, value in {"programme_name": "Programme Tassawar", "session_year": "2019",
                            "certificate_language": "fr"}.items():
            save_field(session, account=citizen, dossier_id=dossier.id, code=code, value=value)
        session.commit()
        filed = submit_own(session, account=citizen, dossier_id=dossier.id, screen_lang="qps")
        session.commit()
        pdf = storage.read_private(filed.dossier.receipt_name)
        out["dossier_lang"] = filed.dossier.lang
        out["receipt"] = "\\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        mail = session.exec(select(OutboxMessage)).all()
        out["mail"] = [{"lang": m.lang, "subject": m.subject, "body": m.body} for m in mail]
        out["procedure_names"] = {p.code: p.names for p in session.exec(select(Procedure))}

    server = Server()
    tab = Browser(token="pseudo-tab")
    server.hydrate(tab, "/procedures")
    server.send(tab, handler(AppState, "set_lang"), "/procedures", lang="qps")
    server.send(tab, handler(CatalogState, "load_list"), "/procedures")  # the page's on_load
    for _ in range(10):  # the list shows a screenful at a time: every card, for the names
        server.send(tab, handler(CatalogState, "show_more"), "/procedures")
    out["page_frames"] = tab.frames
    out["tr"] = server.value(tab, AppState, "tr")
    out["text_dir"] = server.value(tab, AppState, "text_dir")
    out["results"] = server.value(tab, CatalogState, "results")
    out["count_label"] = server.value(tab, CatalogState, "count_label")
    json.dump(out, sys.stdout, ensure_ascii=False, default=str)
''')


@pytest.fixture(scope="module")
def product_in_a_new_language(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The product copied, with one registry line and one catalog file added, run once."""
    where = tmp_path_factory.mktemp("new-language")
    package = where / "counter"
    shutil.copytree(ROOT / "counter", package, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("alembic", "alembic.ini", "rxconfig.py", "assets", "tests"):
        (where / name).symlink_to(ROOT / name)
    add_registry_line(package / "i18n" / "registry.py")
    pseudo_catalog(po_path(CODE, package / "i18n" / "locale"))
    changed = {str(path.relative_to(where)) for path in package.rglob("*")
               if path.is_file() and not (ROOT / path.relative_to(where)).exists()}
    assert changed == {f"counter/i18n/locale/{CODE}/LC_MESSAGES/counter.po"}
    env = {**os.environ, "PYTHONPATH": str(where), "COUNTER_DATA_DIR": str(where / "data"),
           "REFLEX_DB_URL": f"sqlite:///{where / 'counter.db'}", "COUNTER_DEFAULT_LANG": "fr",
           "REFLEX_TELEMETRY_ENABLED": "false", "REFLEX_CHECK_LATEST_VERSION": "false"}
    for name in ("COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD", "COUNTER_PUBLIC_URL"):
        env.pop(name, None)
    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=where, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-4000:]
    result = json.loads(run.stdout[run.stdout.index("{"):])
    assert result["package"].startswith(str(where))  # the copy ran, not the product
    return result


def test_the_catalog_check_accepts_the_new_catalog(tmp_path):
    from counter.i18n.catalogs import check

    pseudo_catalog(path := po_path(CODE, tmp_path))
    entry = registry.Language(CODE, OWN_NAME, "ltr", "Latn", "Noto Sans", "es",
                              ("one", "many", "other"), "nplurals=3; plural=(n == 1 ? 0 : "
                              "n != 0 && n % 1000000 == 0 ? 1 : 2);")
    assert check(entry, tmp_path) == []
    assert path.read_text(encoding="utf-8").count('msgctxt "') == len(load(
        registry.language("fr"), LOCALE_DIR).sources)


def test_a_language_added_by_a_catalog_file_and_a_registry_line_renders_a_page(
        product_in_a_new_language):
    result = product_in_a_new_language
    assert result["languages"] == [*registry.languages(), CODE]  # the switch offers it
    assert result["editor_label"] == f"Nom en {OWN_NAME}"  # the catalog editor's input
    tr = result["tr"]
    assert tr["catalog.title"] == pseudo(registry_text("catalog.title"))
    assert result["text_dir"] == "ltr"
    frames = "\n".join(result["page_frames"])
    assert "document.documentElement.lang='qps'" in frames
    rows = json.dumps(result["results"], ensure_ascii=False)
    assert "Cërtïfïcät Pseüdö" in rows  # a procedure's name in the new language
    english_only = result["procedure_names"]["DRA_URBAN_INFORMATION_NOTE"]
    assert "qps" not in english_only and english_only["en"] in rows  # falls back to English
    assert result["count_label"] == pseudo_count("catalog.count", len(result["results"]))


def pseudo_count(key: str, n: int) -> str:
    """A counted message as the new language writes it: Spanish plural categories (CLDR)
    and numbers, over the pseudo-translated French forms."""
    from babel import Locale
    from babel.numbers import format_decimal

    forms = load(registry.language("fr")).sources[key]
    category = Locale.parse("es").plural_form(n)
    text = forms["one"] if category == "one" else forms["other"]
    return pseudo(text).format(n=format_decimal(n, locale="es"))


def test_its_receipt_and_email_are_in_the_new_language(product_in_a_new_language):
    result = product_in_a_new_language
    assert result["dossier_lang"] == CODE
    receipt = result["receipt"]
    assert pseudo(registry_text("receipt.tracking_code")) in receipt
    assert "Cërtïfïcät Pseüdö" in receipt
    [mail] = result["mail"]
    assert mail["lang"] == CODE
    assert mail["subject"].startswith(pseudo(registry_text("mail.submitted.subject"))[:8])
    assert "Cërtïfïcät Pseüdö" in mail["subject"]


def registry_text(key: str) -> str:
    """The French text of a key (what the pseudo-translation starts from)."""
    text = load(registry.language("fr")).sources[key]
    return text if isinstance(text, str) else text["other"]
