"""Demo data loads once, completely, or not at all."""

import subprocess
import sys

import pytest
from sqlmodel import Session, func, select

from counter.db import make_engine, session_scope
from counter.models import Account, Company, Procedure, Province, Region, Role, Service
from counter.security import verify_password
from counter.services import demo_data
from counter.services.seed import SeedError, load_demo_data
from counter.settings import PROJECT_ROOT

TABLES = (Region, Province, Service, Procedure, Account, Company)


def _counts(session: Session) -> dict[str, int]:
    return {m.__name__: session.exec(select(func.count()).select_from(m)).one() for m in TABLES}


def test_demo_data_loads_everything(any_engine):
    with session_scope(any_engine) as session:
        load_demo_data(session)
    with Session(any_engine) as session:
        counts = _counts(session)
        assert counts["Region"] == 4 and counts["Province"] == 23
        assert counts["Service"] >= 6 and counts["Procedure"] >= 14
        roles = set(session.exec(select(Account.role)).all())
        assert roles == {r.value for r in Role}
        agent = session.exec(select(Account).where(Account.role == "agent")).one()
        assert agent.service_id is not None
        demo = next(a for a in demo_data.DEMO_ACCOUNTS if a["role"] == "agent")
        assert verify_password(demo["password"], agent.password_hash)
        assert agent.password_hash.startswith("$argon2id$")


def test_a_second_load_adds_nothing(engine):
    with session_scope(engine) as session:
        load_demo_data(session)
    with Session(engine) as session:
        before = _counts(session)
    with session_scope(engine) as session:
        report = load_demo_data(session)
    assert report.total == 0
    with Session(engine) as session:
        assert _counts(session) == before


def test_an_invalid_catalog_is_refused_before_anything_is_written(engine, monkeypatch):
    broken = [dict(demo_data.PROCEDURES[0], fields=[{"code": "Bad Code", "type": "colour"}])]
    monkeypatch.setattr(demo_data, "PROCEDURES", demo_data.PROCEDURES + broken)
    with pytest.raises(SeedError, match="colour"), session_scope(engine) as session:
        load_demo_data(session)
    with Session(engine) as session:
        assert set(_counts(session).values()) == {0}


def test_a_load_failing_halfway_leaves_the_database_as_it_was(engine, monkeypatch):
    # The last account collides with the first one's mobile number: the unique index
    # fails after regions, services and procedures were already flushed.
    clash = dict(demo_data.DEMO_ACCOUNTS[0], email="other@demo.example.ma", role="citizen")
    monkeypatch.setattr(demo_data, "DEMO_ACCOUNTS", demo_data.DEMO_ACCOUNTS + [clash])
    with pytest.raises(Exception), session_scope(engine) as session:  # noqa: B017
        load_demo_data(session)
    with Session(engine) as session:
        assert set(_counts(session).values()) == {0}


def test_seed_command_runs_on_its_own(tmp_path):
    env = {"COUNTER_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "counter"]
    subprocess.run([*run, "migrate"], cwd=PROJECT_ROOT, env=env, check=True, capture_output=True)
    first = subprocess.run([*run, "seed"], cwd=PROJECT_ROOT, env=env, check=True,
                           capture_output=True, text=True)
    second = subprocess.run([*run, "seed"], cwd=PROJECT_ROOT, env=env, check=True,
                            capture_output=True, text=True)
    assert f"{len(demo_data.PROCEDURES)} procedures" in first.stdout
    assert "nothing added" in second.stdout
    engine = make_engine(f"sqlite:///{tmp_path / 'counter.db'}")
    with Session(engine) as session:
        assert _counts(session)["Procedure"] == len(demo_data.PROCEDURES)
    engine.dispose()


def test_a_malformed_setting_stops_the_command_and_names_it(tmp_path):
    env = {"COUNTER_DATA_DIR": str(tmp_path), "COUNTER_MAX_UPLOAD_MB": "lots", "PATH": "/usr/bin"}
    result = subprocess.run([sys.executable, "-m", "counter", "migrate"], cwd=PROJECT_ROOT,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "COUNTER_MAX_UPLOAD_MB" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "counter.db").exists()


def test_the_readme_lists_the_demo_accounts_as_loaded():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for account in demo_data.DEMO_ACCOUNTS:
        assert account["email"] in readme and account["password"] in readme
