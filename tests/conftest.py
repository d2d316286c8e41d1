"""Shared fixtures: databases migrated by Alembic, on SQLite and on the local PostgreSQL."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlmodel import Session

from counter.db import make_engine
from counter.services.migrations import upgrade_to_head

PG_SERVER_URL = os.environ.get(
    "COUNTER_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head, copied for each test (migrating is the slow part)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade_to_head(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "counter.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


def _pg_admin_engine() -> Engine:
    return create_engine(PG_SERVER_URL, isolation_level="AUTOCOMMIT")


@contextmanager
def fresh_pg_database() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped afterwards."""
    admin = _pg_admin_engine()
    name = f"counter_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001
        pytest.fail(
            f"PostgreSQL is needed at {PG_SERVER_URL.split('@')[-1]} ({error}); start it with "
            "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`"
        )
    url = make_url(PG_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def empty_pg_url() -> Iterator[str]:
    with fresh_pg_database() as url:
        yield url


@pytest.fixture
def pg_url(empty_pg_url: str) -> str:
    upgrade_to_head(empty_pg_url)
    return empty_pg_url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test on SQLite and on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return request.getfixturevalue(name)


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def any_engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def region_id(session: Session) -> int:
    """A region, for tests that build their own services (every service has one)."""
    from counter.models import Region

    region = Region(code="DRA", names={"fr": "Drâa-Tafilalet", "ar": "درعة تافيلالت",
                    "en": "Draa-Tafilalet"})
    session.add(region)
    session.flush()
    return region.id


# --- shared by the service tests ----------------------------------------------------------


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with tiny costs (passwords, PINs): the product's cost is for production."""
    from passlib.context import CryptContext

    from counter import security
    from counter.services import accounts, dossiers

    context = CryptContext(schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1,
                           argon2__parallelism=1)
    monkeypatch.setattr(security, "_context", context)
    monkeypatch.setattr(dossiers, "_DUMMY_PIN_HASH", context.hash("000000-no-such-dossier"))
    accounts._dummy_hash.cache_clear()
    yield
    accounts._dummy_hash.cache_clear()


@pytest.fixture
def private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Every stored file (uploads, receipts, decisions) under tmp_path."""
    from counter.settings import get_settings

    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))
    for name in ("COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD", "COUNTER_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def demo_session(session: Session, cheap_hashing: None) -> Session:
    """A session on a database holding the demo data (regions, catalog, accounts)."""
    from counter.services.seed import load_demo_data

    load_demo_data(session)
    session.commit()
    return session


def one_page_pdf(text: str) -> bytes:
    """A small valid PDF of one page saying `text`."""
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def pdf_page():
    """`one_page_pdf`, for the tests."""
    return one_page_pdf


@pytest.fixture
def received(private_settings):
    """Stores an upload as the upload route does: the bytes given, or a small valid PDF."""
    import asyncio
    import io

    from counter.services.documents import receive_upload

    def receive(name: str, content: bytes | None = None):
        stream = io.BytesIO(one_page_pdf(name) if content is None else content)

        async def read(size: int) -> bytes:
            return stream.read(size)

        return asyncio.run(receive_upload(read, original_name=name, settings=private_settings))

    return receive


@pytest.fixture
def product_engine(sqlite_url: str, monkeypatch: pytest.MonkeyPatch):
    """The product's own engine (`session_scope`, used by states, middleware and routes) on
    the test database."""
    from counter import db
    from counter.settings import get_settings

    monkeypatch.setenv("REFLEX_DB_URL", sqlite_url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield db.get_engine()
    db.get_engine().dispose()
    db.get_engine.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def product_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Points the product's own settings and engine (`session_scope`, the job runners) at a
    test database, with its data folder under tmp_path and the given variables; no mail
    server, no virus scanner unless given."""
    from counter import db
    from counter.settings import get_settings

    def point(url: str, **env: str):
        monkeypatch.setenv("REFLEX_DB_URL", url)
        monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))
        for name in ("COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD", "COUNTER_SMTP_HOST",
                     "COUNTER_SMTP_USER", "COUNTER_JOBS"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        db.get_engine.cache_clear()
        return get_settings()

    yield point
    db.get_engine().dispose()
    db.get_engine.cache_clear()
    get_settings.cache_clear()
