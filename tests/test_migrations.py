"""Alembic alone creates the schema, and the result equals the models (no drift)."""

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

import counter.models  # noqa: F401
from counter.db import make_engine
from counter.domain.clock import decided_days
from counter.services.migrations import alembic_config, upgrade_to_head


def _drift(url: str) -> list:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            return compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()


def test_empty_sqlite_migrates_to_the_models_schema(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    upgrade_to_head(url)
    assert _drift(url) == []


def test_empty_postgres_migrates_to_the_models_schema(empty_pg_url):
    upgrade_to_head(empty_pg_url)
    assert _drift(empty_pg_url) == []


def test_migrating_twice_is_harmless(tmp_path):
    url = f"sqlite:///{tmp_path / 'twice.db'}"
    upgrade_to_head(url)
    upgrade_to_head(url)
    engine = make_engine(url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"dossier", "procedure", "statuschange", "alembic_version"} <= tables


def test_the_product_never_calls_create_all():
    from counter.settings import PROJECT_ROOT

    for path in (PROJECT_ROOT / "counter").rglob("*.py"):
        assert "create_all" not in path.read_text(encoding="utf-8"), path


# --- 0006: the decided dossiers' days, computed for the dossiers decided before it ---------

SUBMITTED = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def _old_catalog(session: Session, *, region: bool = True) -> tuple[int, int]:
    """A region, a service and a procedure, written as the old schema had them (today's
    models know columns the old tables do not)."""
    if region:
        session.execute(text("INSERT INTO region (id, code, name_fr, name_ar, name_en) "
                             "VALUES (1, 'DRA', 'Drâa-Tafilalet', 'درعة تافيلالت', 'Draa')"))
        session.execute(text("INSERT INTO region (id, code, name_fr, name_ar, name_en) "
                             "VALUES (2, 'ORI', 'Oriental', 'الشرق', 'Oriental')"))
    session.execute(text(
        "INSERT INTO service (id, code, region_id, name_fr, name_ar, name_en, is_active, "
        "created_at) VALUES (1, 'OLD', NULL, 'Service', 'مصلحة', 'Service', true, :at)"),
        {"at": SUBMITTED})
    session.execute(text(
        "INSERT INTO procedure (id, code, service_id, audience, name_fr, name_ar, name_en, "
        "description_fr, description_ar, description_en, legal_deadline_days, "
        "target_reduction_pct, is_investment, documents, fields, is_active, created_at, "
        "updated_at) VALUES (1, 'OLD_PROC', 1, 'both', 'P', 'P', 'P', '', '', '', 30, 50, "
        "false, '[]', '[]', true, :at, :at)"), {"at": SUBMITTED})
    session.commit()
    return 1, 1


def _at_0005_with_dossiers(url: str, *, broken: bool = False) -> None:
    """A database as 0005 left it, with dossiers decided before 0006 and their documents."""
    command.upgrade(alembic_config(url), "0005")
    engine = make_engine(url)
    with Session(engine) as session:
        procedure_id, service_id = _old_catalog(session)
        rows = [  # status, decided after, applicant wait (seconds)
            ("accepted", timedelta(days=12, hours=6), 3 * 86400.0),
            ("rejected", timedelta(days=40, seconds=1), 0.0),
            ("in_review", None, 86400.0),
            ("accepted", None if broken else timedelta(days=1), 0.0),
        ]
        for number, (status, after, wait) in enumerate(rows, start=1):
            session.execute(text(
                "INSERT INTO dossier (id, procedure_id, service_id, status, channel, lang, "
                "form_schema, form_data, created_at, updated_at, submitted_at, decided_at, "
                "applicant_wait_seconds, version) VALUES (:id, :p, :s, :status, 'online', "
                "'fr', '{}', '{}', :at, :at, :at, :decided, :wait, 1)"),
                {"id": number, "p": procedure_id, "s": service_id, "status": status,
                 "at": SUBMITTED, "decided": SUBMITTED + after if after else None,
                 "wait": wait})
            session.execute(text(
                "INSERT INTO document (dossier_id, doc_code, original_name, stored_name, "
                "content_type, size_bytes, pages, sha256, channel, scan_status, uploaded_at) "
                "VALUES (:id, 'cin', 'cin.pdf', :name, 'application/pdf', 10, 1, 'x', "
                "'online', 'clean', :at)"), {"id": number, "name": f"f{number}", "at": SUBMITTED})
        session.commit()
    engine.dispose()


def _dossier_days(url: str) -> dict[int, tuple]:
    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT id, calendar_days, admin_days FROM dossier ORDER BY id")).all()
    engine.dispose()
    return {row[0]: tuple(row[1:]) for row in rows}


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_0006_computes_the_days_of_dossiers_decided_before_it(database, tmp_path, request):
    url = (f"sqlite:///{tmp_path / 'old.db'}" if database == "sqlite"
           else request.getfixturevalue("empty_pg_url"))
    _at_0005_with_dossiers(url)

    upgrade_to_head(url)

    days = _dossier_days(url)
    expected = {1: decided_days(SUBMITTED, SUBMITTED + timedelta(days=12, hours=6), 3 * 86400.0),
                2: decided_days(SUBMITTED, SUBMITTED + timedelta(days=40, seconds=1), 0.0),
                4: decided_days(SUBMITTED, SUBMITTED + timedelta(days=1), 0.0)}
    assert days[3] == (None, None)  # not decided: nothing to compute
    for number, (calendar, admin) in expected.items():
        assert days[number] == pytest.approx((calendar, admin), abs=1e-8), number
    assert days[1] == pytest.approx((12.25, 9.25), abs=1e-8)
    assert _drift(url) == []
    engine = make_engine(url)
    with engine.connect() as connection:  # the documents still belong to their dossiers
        assert connection.execute(text(
            "SELECT count(*) FROM document JOIN dossier ON dossier.id = document.dossier_id"
        )).scalar() == 4
        if database == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    # From now on the database refuses a decided dossier without its days.
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("UPDATE dossier SET status = 'accepted' WHERE id = 3"))
    engine.dispose()


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_a_failing_migration_changes_nothing(database, tmp_path, request):
    # A decided dossier without a decision time cannot get its days: the constraint of
    # 0006 fails, and the database is left exactly as 0005 had it.
    url = (f"sqlite:///{tmp_path / 'old.db'}" if database == "sqlite"
           else request.getfixturevalue("empty_pg_url"))
    _at_0005_with_dossiers(url, broken=True)

    with pytest.raises(IntegrityError):
        upgrade_to_head(url)

    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() \
            == "0005"
        columns = {c["name"] for c in inspect(connection).get_columns("dossier")}
        assert "admin_days" not in columns and "calendar_days" not in columns
        assert connection.execute(text("SELECT count(*) FROM document")).scalar() == 4
    engine.dispose()


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_0006_can_be_undone_and_redone(database, tmp_path, request):
    url = (f"sqlite:///{tmp_path / 'back.db'}" if database == "sqlite"
           else request.getfixturevalue("empty_pg_url"))
    _at_0005_with_dossiers(url)
    upgrade_to_head(url)

    command.downgrade(alembic_config(url), "0005")
    engine = make_engine(url)
    with engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("dossier")}
        assert "admin_days" not in columns
        assert connection.execute(text("SELECT count(*) FROM document")).scalar() == 4
    engine.dispose()
    upgrade_to_head(url)
    assert _drift(url) == []
    assert _dossier_days(url)[1] == pytest.approx((12.25, 9.25), abs=1e-8)


# --- 0007: every service in a region; administrators by scope ------------------------------


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_0007_gives_services_without_a_region_the_installations_region(
        database, tmp_path, request, monkeypatch):
    url = (f"sqlite:///{tmp_path / 'old.db'}" if database == "sqlite"
           else request.getfixturevalue("empty_pg_url"))
    command.upgrade(alembic_config(url), "0006")
    engine = make_engine(url)
    with Session(engine) as session:
        _old_catalog(session)
    engine.dispose()
    monkeypatch.setenv("COUNTER_REGION", "ORI")

    upgrade_to_head(url)

    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT region_id FROM service")).scalar() == 2
        with pytest.raises(IntegrityError):  # from now on a service needs its region
            connection.execute(text("UPDATE service SET region_id = NULL"))
    engine.dispose()
    assert _drift(url) == []
    command.downgrade(alembic_config(url), "0006")
    upgrade_to_head(url)
    assert _drift(url) == []


def test_0007_refuses_services_it_cannot_place_and_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0006")
    engine = make_engine(url)
    with Session(engine) as session:
        _old_catalog(session, region=False)
    engine.dispose()

    with pytest.raises(RuntimeError, match="without a region"):
        upgrade_to_head(url)

    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() \
            == "0006"
    engine.dispose()
