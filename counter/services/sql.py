"""SQL pieces that differ between SQLite and PostgreSQL, written once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Float, String
from sqlalchemy.dialects.sqlite.base import SQLiteCompiler
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class epoch_seconds(FunctionElement):  # noqa: N801  (reads like the SQL function it is)
    """Seconds since 1970 of a timestamp column or value, as a float."""

    type = Float()
    inherit_cache = True
    name = "epoch_seconds"


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    # Timestamps are stored as UTC text; julianday reads them, 2440587.5 is 1970-01-01.
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


@compiles(epoch_seconds, "postgresql")
def _epoch_postgresql(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    # date_part gives a double (exact to the microsecond for today's dates); EXTRACT gives a
    # numeric since PostgreSQL 14, and numeric arithmetic over a million rows is slow.
    return f"date_part('epoch', {compiler.process(element.clauses, **kw)})"


class year_month(FunctionElement):  # noqa: N801
    """'YYYY-MM' of a UTC timestamp column, for monthly series."""

    type = String()
    inherit_cache = True
    name = "year_month"


@compiles(year_month, "sqlite")
def _year_month_sqlite(element: year_month, compiler: Any, **kw: Any) -> str:
    # Stored as UTC text 'YYYY-MM-DD HH:MM:SS.ffffff': the month is its first 7 characters.
    return f"substr({compiler.process(element.clauses, **kw)}, 1, 7)"


@compiles(year_month, "postgresql")
def _year_month_postgresql(element: year_month, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC', 'YYYY-MM')"


def _sqlite_from_hint_text(self: SQLiteCompiler, table: Any, text: str | None) -> str | None:
    return text


# Table hints on SQLite: `select(...).with_hint(table, "INDEXED BY ix_name", "sqlite")`.
# SQLAlchemy's SQLite compiler drops table hints; SQLite's one (INDEXED BY, after the table
# name) is rendered as MySQL's compiler renders its index hints. SQLite refuses a statement
# the named index cannot serve, so a hint never silently reads the wrong index.
SQLiteCompiler.get_from_hint_text = _sqlite_from_hint_text  # type: ignore[method-assign]
