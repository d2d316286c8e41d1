"""Import of paper-era registers (DOMAIN.md "Historical records"): the whole file is checked
first, every bad row is reported with its line number, and a file with one bad row imports
nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from passlib.context import CryptContext
from sqlalchemy import func
from sqlmodel import Session, select

from counter import security
from counter.cli import main
from counter.db import make_engine
from counter.i18n import t
from counter.models import HistoricalRecord, Procedure
from counter.services.history import (
    ERROR_BAD_DATE,
    ERROR_COLUMNS,
    ERROR_DECIDED_BEFORE_RECEIVED,
    ERROR_EMPTY_FILE,
    ERROR_HEADER,
    ERROR_MISSING_VALUE,
    ERROR_UNKNOWN_OUTCOME,
    ERROR_UNKNOWN_PROCEDURE,
    ERROR_UNREADABLE,
    RowError,
    check_history_csv,
    error_message,
    import_history,
)
from counter.services.seed import load_demo_data
from counter.settings import PROJECT_ROOT

HEADER = "procedure_code,received_on,decided_on,outcome"
KNOWN = {"DRA_ACCESS_INFO", "DRA_CITIZEN_PETITION"}

GOOD = [
    HEADER,
    "DRA_ACCESS_INFO,2019-01-02,2019-02-15,accepted",
    "DRA_ACCESS_INFO,2019-03-01,2019-03-01,rejected",
    "DRA_CITIZEN_PETITION,2018-11-30,2019-01-20,accepted",
]

# Each kind of bad row at least once, on a known line (the header is line 1).
BAD = [
    HEADER,                                              # 1
    "DRA_ACCESS_INFO,2019-01-02,2019-02-15,accepted",        # 2 good
    "NO_SUCH_PROCEDURE,2019-01-02,2019-02-15,accepted",  # 3 unknown procedure
    "DRA_ACCESS_INFO,2019-02-30,2019-03-15,accepted",        # 4 bad date (no 30 February)
    "DRA_ACCESS_INFO,02/01/2019,2019-03-15,accepted",        # 5 bad date (not ISO)
    "DRA_ACCESS_INFO,2019-05-10,2019-05-01,rejected",        # 6 decided before received
    "DRA_ACCESS_INFO,2019-01-02,2019-02-15,pending",         # 7 unknown outcome
    "DRA_ACCESS_INFO,2019-01-02,2019-02-15",                 # 8 a column missing
    "DRA_ACCESS_INFO,2019-01-02,2019-02-15,accepted,extra",  # 9 a column too many
    "DRA_ACCESS_INFO,2019-01-02,,accepted",                  # 10 a value missing
    "DRA_CITIZEN_PETITION,2019-01-02,2019-02-15,rejected",   # 11 good
]
BAD_EXPECTED = {
    (3, ERROR_UNKNOWN_PROCEDURE),
    (4, ERROR_BAD_DATE),
    (5, ERROR_BAD_DATE),
    (6, ERROR_DECIDED_BEFORE_RECEIVED),
    (7, ERROR_UNKNOWN_OUTCOME),
    (8, ERROR_COLUMNS),
    (9, ERROR_COLUMNS),
    (10, ERROR_MISSING_VALUE),
}


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo accounts' passwords are hashed cheaply: these tests are about registers."""
    monkeypatch.setattr(security, "_context", CryptContext(
        schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1))


def write(path: Path, lines: list[str], *, newline: str = "\n", bom: bool = False,
          trailing: str = "") -> Path:
    text = newline.join(lines) + newline + trailing
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def count(session: Session) -> int:
    return session.exec(select(func.count()).select_from(HistoricalRecord)).one()


@pytest.fixture
def demo(session: Session) -> Session:
    load_demo_data(session)
    session.commit()
    return session


# --- the check ----------------------------------------------------------------------------


def test_a_good_file_checks_clean_with_dates_and_outcomes_parsed():
    check = check_history_csv(GOOD, KNOWN)

    assert check.ok and check.errors == []
    assert [(r.line, r.procedure_code, r.received_on, r.decided_on, r.outcome)
            for r in check.rows] == [
        (2, "DRA_ACCESS_INFO", date(2019, 1, 2), date(2019, 2, 15), "accepted"),
        (3, "DRA_ACCESS_INFO", date(2019, 3, 1), date(2019, 3, 1), "rejected"),
        (4, "DRA_CITIZEN_PETITION", date(2018, 11, 30), date(2019, 1, 20), "accepted"),
    ]


def test_every_bad_row_is_reported_with_its_line_number():
    check = check_history_csv(BAD, KNOWN)

    assert {(e.line, e.code) for e in check.errors} == BAD_EXPECTED
    assert [r.line for r in check.rows] == [2, 11]
    details = {e.line: e.detail for e in check.errors}
    assert details[3] == "NO_SUCH_PROCEDURE"
    assert details[4] == "2019-02-30"
    assert details[7] == "pending"
    assert details[10] == "decided_on"


def test_every_problem_of_one_row_is_reported():
    check = check_history_csv([HEADER, "NOPE,2019-13-01,2019-01-01,maybe"], KNOWN)

    assert {(e.line, e.code) for e in check.errors} == {
        (2, ERROR_UNKNOWN_PROCEDURE), (2, ERROR_BAD_DATE), (2, ERROR_UNKNOWN_OUTCOME)}


@pytest.mark.parametrize("lines", [[], [""], ["", "  ", ""], ["\ufeff"]])
def test_an_empty_file_is_an_error(lines):
    assert check_history_csv(lines, KNOWN).errors == [RowError(1, ERROR_EMPTY_FILE)]


def test_a_header_without_records_is_an_empty_file():
    assert check_history_csv([HEADER, ""], KNOWN).errors == [RowError(2, ERROR_EMPTY_FILE)]


def test_a_wrong_header_is_reported_on_line_1():
    check = check_history_csv(["code,received,decided,outcome", *GOOD[1:]], KNOWN)

    assert [(e.line, e.code) for e in check.errors] == [(1, ERROR_HEADER)]
    assert len(check.rows) == 3


def test_a_missing_header_is_reported_and_the_first_line_still_checked():
    check = check_history_csv([*GOOD[1:], "DRA_ACCESS_INFO,2019-01-02,2019-02-15,lost"], KNOWN)

    assert [(e.line, e.code) for e in check.errors] == [(1, ERROR_HEADER),
                                                       (4, ERROR_UNKNOWN_OUTCOME)]
    assert [r.line for r in check.rows] == [1, 2, 3]


def test_an_unclosed_quote_is_reported_where_its_record_starts():
    lines = [HEADER, GOOD[1], '"DRA_ACCESS_INFO' + "x" * 200_000, GOOD[2]]

    check = check_history_csv(lines, KNOWN)

    assert [(e.line, e.code) for e in check.errors] == [(3, ERROR_UNREADABLE)]


def test_header_case_and_spaces_and_outcome_case_are_tolerated():
    check = check_history_csv(
        [" Procedure_Code , received_on,DECIDED_ON,outcome ",
         " DRA_ACCESS_INFO , 2019-01-02 ,2019-02-15, Accepted "], KNOWN)

    assert check.ok
    assert check.rows[0].outcome == "accepted"
    assert check.rows[0].procedure_code == "DRA_ACCESS_INFO"


def test_messages_exist_in_every_language_and_name_the_line():
    error = RowError(7, ERROR_UNKNOWN_OUTCOME, "pending")

    assert error_message(error, "en") == 'line 7: unknown outcome "pending" ' \
                                         "(expected accepted or rejected)"
    assert error_message(error, "fr").startswith("ligne 7 : issue inconnue")
    assert "7" in error_message(error, "ar")
    for code in {code for _, code in BAD_EXPECTED} | {ERROR_HEADER, ERROR_EMPTY_FILE}:
        for lang in ("fr", "ar", "en"):
            assert t(code, lang) != code


# --- the import ---------------------------------------------------------------------------


def test_a_good_file_imports_all_rows(demo, tmp_path):
    report = import_history(demo, write(tmp_path / "register.csv", GOOD))
    demo.commit()

    assert report.imported == 3 and report.errors == []
    records = demo.exec(select(HistoricalRecord, Procedure.code)
                        .join(Procedure).order_by(HistoricalRecord.id)).all()
    assert [(code, r.received_on, r.decided_on, r.outcome) for r, code in records] == [
        ("DRA_ACCESS_INFO", date(2019, 1, 2), date(2019, 2, 15), "accepted"),
        ("DRA_ACCESS_INFO", date(2019, 3, 1), date(2019, 3, 1), "rejected"),
        ("DRA_CITIZEN_PETITION", date(2018, 11, 30), date(2019, 1, 20), "accepted"),
    ]
    assert all(r.imported_at is not None for r, _ in records)


def test_a_file_with_bad_rows_imports_nothing_and_reports_them_all(demo, tmp_path):
    import_history(demo, write(tmp_path / "first.csv", GOOD))
    demo.commit()

    report = import_history(demo, write(tmp_path / "register.csv", BAD))
    demo.commit()

    assert report.imported == 0
    assert {(e.line, e.code) for e in report.errors} == BAD_EXPECTED
    assert count(demo) == 3  # only the earlier, good file


def test_bom_crlf_and_trailing_empty_lines_are_handled(demo, tmp_path):
    path = write(tmp_path / "excel.csv", GOOD, newline="\r\n", bom=True, trailing="\r\n\r\n")

    report = import_history(demo, path)

    assert report.errors == [] and report.imported == 3
    assert count(demo) == 3


def test_a_byte_that_is_not_utf8_is_reported_on_its_line(demo, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\nDRA_ACCESS_INFO,2019-01-02,2019-02-15,accept\xe9\n"
                      ).encode("latin-1"))

    report = import_history(demo, path)

    assert [(e.line, e.code) for e in report.errors] == [(2, ERROR_UNKNOWN_OUTCOME)]
    assert count(demo) == 0


def test_progress_is_reported_every_batch(demo, tmp_path):
    rows = [f"DRA_ACCESS_INFO,2019-01-{day:02d},2019-02-{day:02d},accepted" for day in range(1, 26)]
    calls: list[tuple[int, int]] = []

    report = import_history(demo, write(tmp_path / "big.csv", [HEADER, *rows]),
                            progress=lambda done, total: calls.append((done, total)), batch=10)

    assert report.imported == 25
    assert calls == [(10, 25), (20, 25), (25, 25)]
    assert count(demo) == 25


def test_nothing_is_kept_when_the_caller_rolls_back(demo, tmp_path):
    import_history(demo, write(tmp_path / "register.csv", GOOD))
    demo.rollback()

    assert count(demo) == 0


# --- the command line ---------------------------------------------------------------------


@pytest.fixture
def data_dir(sqlite_template: Path, tmp_path: Path) -> Path:
    """A migrated database with the demo catalog, where the CLI looks for it."""
    directory = tmp_path / "data"
    directory.mkdir()
    shutil.copy(sqlite_template, directory / "counter.db")
    engine = make_engine(f"sqlite:///{directory / 'counter.db'}")
    with Session(engine) as session:
        load_demo_data(session)
        session.commit()
    engine.dispose()
    return directory


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"COUNTER_DATA_DIR": str(data_dir), "PATH": os.environ.get("PATH", "/usr/bin")}
    return subprocess.run([sys.executable, "-m", "counter", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def db_count(data_dir: Path) -> int:
    engine = make_engine(f"sqlite:///{data_dir / 'counter.db'}")
    with Session(engine) as session:
        value = count(session)
    engine.dispose()
    return value


def test_the_cli_imports_a_good_file_and_refuses_a_bad_one(data_dir, tmp_path):
    good = cli(data_dir, "import-history", str(write(tmp_path / "good.csv", GOOD, bom=True,
                                                     newline="\r\n")))
    assert good.returncode == 0, good.stderr
    assert "Imported 3 historical record(s)" in good.stdout
    assert db_count(data_dir) == 3

    bad = cli(data_dir, "import-history", str(write(tmp_path / "bad.csv", BAD)))

    assert bad.returncode == 1
    lines = bad.stderr.splitlines()
    for line, code in sorted(BAD_EXPECTED):
        assert any(text.startswith(f"line {line}: ") for text in lines), (line, code)
    assert 'line 3: unknown procedure "NO_SUCH_PROCEDURE"' in lines
    assert "nothing was imported" in bad.stderr
    assert db_count(data_dir) == 3


def test_the_cli_names_a_missing_file(tmp_path, capsys):
    assert main(["import-history", str(tmp_path / "absent.csv")]) == 2
    assert "absent.csv" in capsys.readouterr().err
