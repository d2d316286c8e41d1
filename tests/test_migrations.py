"""Alembic alone creates the schema, and the result equals the models (no drift)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import counter.models  # noqa: F401
from counter.db import make_engine
from counter.services.migrations import upgrade_to_head


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
