"""Import of paper-era registers: the records a procedure's pre-digital baseline is computed from.

The CSV has the header `procedure_code,received_on,decided_on,outcome` (ISO dates, outcome
`accepted` or `rejected`). The whole file is checked before anything is written: if one row is
bad, every bad row is reported with its line number (the header is line 1) and nothing is
imported, so a register is never half in the database. A large file is read twice, streaming:
once to check, once to insert in batches, never held in memory as a whole.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from counter.i18n import t
from counter.models import HistoricalRecord, Procedure, utcnow

HEADER = ("procedure_code", "received_on", "decided_on", "outcome")
OUTCOMES = frozenset({"accepted", "rejected"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOM = "\ufeff"

ERROR_EMPTY_FILE = "history.error_empty_file"
ERROR_HEADER = "history.error_header"
ERROR_COLUMNS = "history.error_columns"
ERROR_MISSING_VALUE = "history.error_missing_value"
ERROR_UNKNOWN_PROCEDURE = "history.error_unknown_procedure"
ERROR_BAD_DATE = "history.error_bad_date"
ERROR_DECIDED_BEFORE_RECEIVED = "history.error_decided_before_received"
ERROR_UNKNOWN_OUTCOME = "history.error_unknown_outcome"
ERROR_UNREADABLE = "history.error_unreadable"


class HistoryFileChanged(RuntimeError):
    """The file changed between the check and the insert: the caller rolls back."""


@dataclass(frozen=True)
class ParsedRow:
    line: int
    procedure_code: str
    received_on: date
    decided_on: date
    outcome: str


@dataclass(frozen=True)
class RowError:
    """A problem on one line; `detail` is the offending value (or what was expected)."""

    line: int
    code: str
    detail: str = ""


@dataclass
class HistoryCheck:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)


def error_message(error: RowError, lang: str | None = "fr") -> str:
    """`line N: what is wrong`, in the reader's language."""
    return t("history.error_line", lang, line=error.line,
             message=t(error.code, lang, detail=error.detail))


def _date(value: str, line: int, errors: list[RowError]) -> date | None:
    if not _ISO_DATE.fullmatch(value):
        errors.append(RowError(line, ERROR_BAD_DATE, value))
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(RowError(line, ERROR_BAD_DATE, value))
        return None


def _parse_row(cells: list[str], line: int, known_codes: set[str]
               ) -> tuple[ParsedRow | None, list[RowError]]:
    if len(cells) != len(HEADER):
        return None, [RowError(line, ERROR_COLUMNS, str(len(cells)))]
    code, received, decided, outcome = (cell.strip() for cell in cells)
    errors: list[RowError] = []
    for name, value in zip(HEADER, (code, received, decided, outcome), strict=True):
        if not value:
            errors.append(RowError(line, ERROR_MISSING_VALUE, name))
    if code and code not in known_codes:
        errors.append(RowError(line, ERROR_UNKNOWN_PROCEDURE, code))
    received_on = _date(received, line, errors) if received else None
    decided_on = _date(decided, line, errors) if decided else None
    if received_on and decided_on and decided_on < received_on:
        errors.append(RowError(line, ERROR_DECIDED_BEFORE_RECEIVED, f"{decided} < {received}"))
    outcome = outcome.lower()
    if outcome and outcome not in OUTCOMES:
        errors.append(RowError(line, ERROR_UNKNOWN_OUTCOME, cells[3].strip()))
    if errors:
        return None, errors
    return ParsedRow(line, code, received_on, decided_on, outcome), []


def _without_bom(lines: Iterable[str]) -> Iterator[str]:
    first = True
    for text in lines:
        if first:
            text, first = text.removeprefix(_BOM), False
        yield text


def _records(reader: Any) -> Iterator[tuple[int, list[str] | None]]:
    """(first line of the record, its cells); None, once, for a record csv cannot read (an
    unclosed quote runs to the end of the file or past the field size limit)."""
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield line, None
            return
        yield line, cells
        line = reader.line_num + 1


def scan_history_csv(lines: Iterable[str], known_codes: set[str]
                     ) -> Iterator[tuple[ParsedRow | None, list[RowError]]]:
    """Each line's outcome, one at a time: a parsed row, or the problems of that line."""
    reader = csv.reader(_without_bom(lines))
    header_line = 0
    data_seen = False
    for line, cells in _records(reader):
        if cells is None:
            yield None, [RowError(line, ERROR_UNREADABLE, reader.dialect.quotechar)]
            return
        if not any(cell.strip() for cell in cells):
            continue  # blank lines (trailing ones in particular) carry nothing
        if not header_line:
            header_line = line
            if tuple(cell.strip().lower() for cell in cells) != HEADER:
                yield None, [RowError(line, ERROR_HEADER, ",".join(HEADER))]
                # No header at all: the first line is data, and is checked as such.
                if len(cells) == len(HEADER) and cells[0].strip() in known_codes:
                    data_seen = True
                    yield _parse_row(cells, line, known_codes)
            continue
        data_seen = True
        yield _parse_row(cells, line, known_codes)
    if not data_seen:
        yield None, [RowError(header_line + 1, ERROR_EMPTY_FILE)]


def check_history_csv(lines: Iterable[str], known_codes: set[str]) -> HistoryCheck:
    """Check a whole file (any iterable of lines, with or without line ends)."""
    check = HistoryCheck()
    for row, errors in scan_history_csv(lines, known_codes):
        if row is not None:
            check.rows.append(row)
        check.errors += errors
    return check


def _open(path: Path):  # noqa: ANN202
    # utf-8-sig drops a BOM; newline="" lets csv handle CRLF and quoted line breaks; a byte
    # that is not UTF-8 becomes U+FFFD, which then fails the check of its own line.
    return open(path, encoding="utf-8-sig", errors="replace", newline="")  # noqa: SIM115


def procedure_ids(session: Session) -> dict[str, int]:
    return {code: id_ for code, id_ in session.exec(select(Procedure.code, Procedure.id))}


def import_history(
    session: Session,
    path: str | Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    batch: int = 10000,
) -> ImportReport:
    """Check the file, then, only if every row is good, insert it in batches.

    Runs in the caller's transaction (the caller commits): rows already inserted when an
    error occurs go away with the rollback.
    """
    path = Path(path)
    ids = procedure_ids(session)
    known = set(ids)
    total = 0
    errors: list[RowError] = []
    with _open(path) as lines:
        for row, row_errors in scan_history_csv(lines, known):
            total += row is not None
            errors += row_errors
    if errors:
        return ImportReport(imported=0, errors=errors)

    statement = insert(HistoricalRecord)
    imported_at = utcnow()
    done = 0
    pending: list[dict] = []

    def flush() -> None:
        nonlocal done
        session.execute(statement, pending)
        done += len(pending)
        pending.clear()
        if progress is not None:
            progress(done, total)

    with _open(path) as lines:
        for row, _ in scan_history_csv(lines, known):
            if row is None:
                raise HistoryFileChanged(str(path))
            pending.append({"procedure_id": ids[row.procedure_code],
                            "received_on": row.received_on, "decided_on": row.decided_on,
                            "outcome": row.outcome, "imported_at": imported_at})
            if len(pending) >= batch:
                flush()
    if pending:
        flush()
    return ImportReport(imported=done, errors=[])
