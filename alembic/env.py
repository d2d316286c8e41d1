"""Alembic environment: the product's models and the configured database URL."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Engine, event
from sqlmodel import SQLModel

import counter.models  # noqa: F401  (registers the tables)
from counter.db import make_engine
from counter.settings import get_settings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def _url() -> str:
    return config.attributes.get("url") or get_settings().db_url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    if engine.dialect.name == "sqlite":
        _migrating_sqlite(engine)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _migrating_sqlite(engine: Engine) -> None:
    """SQLite connections fit for migrations: all or nothing, and tables can be rebuilt.

    The driver's own transaction handling commits before each DDL statement, so a failed
    migration would leave half of its changes: here the transaction is ours (BEGIN on
    begin). Foreign keys are off while migrating, as SQLite asks for rebuilding a table
    (batch mode copies it and drops the old one, which other tables reference); they are
    checked before the commit (`_run`).
    """

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:  # noqa: ANN001
        connection.exec_driver_sql("BEGIN")


def _run(connection) -> None:  # noqa: ANN001
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        transactional_ddl=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"foreign keys broken by the migration: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
