"""The synthetic history: deterministic, consistent like real dossiers, and safe to add."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlmodel import Session

from counter.db import make_engine, session_scope
from counter.domain.identifiers import TRACKING_ALPHABET
from counter.models import Document, Dossier, HistoricalRecord, Procedure
from counter.services.synthetic import generate_history

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
CODE = re.compile(f"[{TRACKING_ALPHABET}]{{4}}-[{TRACKING_ALPHABET}]{{4}}")


def _fresh(template: Path, folder: Path, name: str) -> Engine:
    path = folder / f"{name}.db"
    shutil.copy(template, path)
    return make_engine(f"sqlite:///{path}")


def _generate(engine: Engine, *, dossiers: int, seed: int) -> None:
    with session_scope(engine) as session:
        generate_history(session, dossiers=dossiers, seed=seed, now=NOW, batch=300)


def _snapshot(engine: Engine) -> list[list[tuple]]:
    with engine.connect() as connection:
        return [list(connection.execute(select(table).order_by(table.c.id)).all())
                for table in (Dossier.__table__, Document.__table__,  # type: ignore[attr-defined]
                              HistoricalRecord.__table__)]  # type: ignore[attr-defined]


def test_the_same_seed_gives_the_same_rows(sqlite_template, tmp_path):
    engines = [_fresh(sqlite_template, tmp_path, name) for name in ("a", "b", "c")]
    for engine, seed in zip(engines, (3, 3, 4), strict=True):
        _generate(engine, dossiers=700, seed=seed)
    first, again, other = (_snapshot(engine) for engine in engines)
    assert first == again
    assert len(first[0]) == 700 and first[1] and first[2]
    assert [row.tracking_code for row in first[0]] != [row.tracking_code for row in other[0]]
    assert [row.submitted_at for row in first[0]] != [row.submitted_at for row in other[0]]
    for engine in engines:
        engine.dispose()


def test_generated_dossiers_are_consistent(engine):
    _generate(engine, dossiers=3000, seed=8)
    with Session(engine) as session:
        dossiers = list(session.execute(select(Dossier)).scalars())
        documents = list(session.execute(select(Document)).scalars())
        deadlines = dict(session.execute(select(Procedure.id, Procedure.legal_deadline_days)).all())
    share = {status: sum(d.status == status for d in dossiers) / len(dossiers)
             for status in ("accepted", "rejected", "withdrawn", "submitted", "in_review",
                            "info_requested")}
    assert 0.03 < share["withdrawn"] < 0.07
    assert 0.05 < share["submitted"] + share["in_review"] + share["info_requested"] < 0.15
    assert share["info_requested"] > 0
    waited = sum(d.applicant_wait_seconds > 0 or d.paused_at is not None for d in dossiers)
    assert 0.10 < waited / len(dossiers) < 0.20
    assert 0.20 < sum(d.channel == "assisted" for d in dossiers) / len(dossiers) < 0.30
    for d in dossiers:
        deadline = timedelta(days=deadlines[d.procedure_id])
        assert d.form_schema["legal_deadline_days"] == deadlines[d.procedure_id]
        assert d.created_at < d.submitted_at <= NOW
        assert d.applicant_id is None and d.person_name is None and d.person_cin is None
        assert d.pin_hash is None and CODE.fullmatch(d.tracking_code)
        if d.form_schema.get("deadline_unit") == "working":  # access to information
            # Working days: the deadline and the wait both count Monday to Friday only.
            assert d.due_at >= d.submitted_at + deadline
        else:
            assert d.due_at == d.submitted_at + deadline + timedelta(
                seconds=d.applicant_wait_seconds)
        assert (d.paused_at is not None) == (d.status == "info_requested")
        if d.status in ("accepted", "rejected"):
            assert d.submitted_at < d.decided_at <= NOW
            calendar = (d.decided_at - d.submitted_at).total_seconds()
            assert calendar >= d.applicant_wait_seconds + 900
        else:
            assert d.decided_at is None
        if d.paused_at:
            assert d.submitted_at < d.paused_at <= NOW and d.applicant_wait_seconds == 0
    assert len({d.tracking_code for d in dossiers}) == len(dossiers)
    by_id = {d.id: d for d in dossiers}
    for doc in documents:
        dossier = by_id[doc.dossier_id]
        assert doc.stored_name.startswith("synthetic-") and doc.channel == dossier.channel
        assert doc.uploaded_at <= NOW and doc.pages >= 1
        assert doc.pages == 1 or doc.content_type == "application/pdf"
    assert len(documents) > len(dossiers)


def test_admin_time_falls_after_digitalisation(engine):
    _generate(engine, dossiers=3000, seed=2)
    with Session(engine) as session:
        rows = session.execute(
            select(Dossier.submitted_at, Dossier.decided_at, Dossier.applicant_wait_seconds)
            .where(Dossier.decided_at.is_not(None))  # type: ignore[union-attr]
        ).all()

    def admin(row: tuple) -> float:
        return (row[1] - row[0]).total_seconds() - row[2]

    first_year = sorted(admin(r) for r in rows if r[0] < NOW - timedelta(days=365))
    last_quarter = sorted(admin(r) for r in rows if r[0] >= NOW - timedelta(days=120))
    assert last_quarter[len(last_quarter) // 2] < 0.75 * first_year[len(first_year) // 2]


def test_a_second_run_never_reuses_a_tracking_code(engine):
    _generate(engine, dossiers=400, seed=6)
    _generate(engine, dossiers=400, seed=6)  # the same codes come first: all are skipped
    with Session(engine) as session:
        codes = list(session.execute(select(Dossier.tracking_code)).scalars())
        history = session.execute(select(func.count()).select_from(HistoricalRecord)).scalar()
        first = session.execute(select(func.count(func.distinct(HistoricalRecord.procedure_id)))
                                ).scalar()
    assert len(codes) == 800 and len(set(codes)) == 800
    assert history and first  # history is only added to procedures that have none


def test_sqlite_timestamps_are_stored_as_sqlalchemy_writes_them(engine):
    """The generator writes text itself; it must be the text the ORM writes and compares."""
    _generate(engine, dossiers=20, seed=1)
    with session_scope(engine) as session:
        for dossier in session.execute(select(Dossier)).scalars():
            dossier.updated_at = dossier.submitted_at  # written back by SQLAlchemy's type
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT submitted_at, updated_at FROM dossier")).all()
    assert len(rows) == 20 and all(written == made for made, written in rows)


def test_postgresql_ids_continue_after_the_generated_ones(pg_url):
    engine = make_engine(pg_url)
    _generate(engine, dossiers=30, seed=1)
    with session_scope(engine) as session:
        procedure = session.execute(select(Procedure)).scalars().first()
        dossier = Dossier(procedure_id=procedure.id, service_id=procedure.service_id)
        session.add(dossier)
        session.flush()
        assert dossier.id == 31
    engine.dispose()


@pytest.mark.parametrize("dossiers", [0, 1])
def test_tiny_runs(engine, dossiers):
    _generate(engine, dossiers=dossiers, seed=1)
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(Dossier)).scalar() == dossiers
