"""The command line: no default administrator, an explicit one, orphan cleanup, the jobs
runner, audit check."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import text

from counter.db import make_engine
from counter.settings import PROJECT_ROOT


def run(tmp_path, *args, extra_env=None):
    env = {"COUNTER_DATA_DIR": str(tmp_path), "PATH": os.environ.get("PATH", "/usr/bin")}
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "counter", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def migrated(tmp_path):
    assert run(tmp_path, "migrate").returncode == 0
    return tmp_path


def _count(tmp_path, sql):
    engine = make_engine(f"sqlite:///{tmp_path / 'counter.db'}")
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar()
    engine.dispose()
    return value


def test_no_account_exists_after_installation(migrated):
    assert _count(migrated, "select count(*) from account") == 0


def test_the_first_administrator_comes_from_an_explicit_command(migrated):
    result = run(migrated, "create-admin", "--email", "chef@region.example.ma", "--name",
                 "Chef de service", extra_env={"COUNTER_ADMIN_PASSWORD": "une phrase solide 2026"})
    assert result.returncode == 0, result.stderr
    assert _count(migrated, "select count(*) from account where role='admin'") == 1
    weak = run(migrated, "create-admin", "--email", "autre@region.example.ma", "--name", "X",
               extra_env={"COUNTER_ADMIN_PASSWORD": "password"})
    assert weak.returncode == 1
    assert "password" in weak.stderr.lower()
    assert _count(migrated, "select count(*) from account") == 1


def test_audit_verify_on_an_empty_chain(migrated):
    result = run(migrated, "audit", "verify")
    assert result.returncode == 0
    assert "whole" in result.stdout


def test_cleanup_files_removes_orphans(migrated):
    documents = migrated / "documents" / "ab"
    documents.mkdir(parents=True)
    orphan = documents / ("ab" + "0" * 30 + ".pdf")
    orphan.write_bytes(b"%PDF-1.4 orphan")
    os.utime(orphan, (1_000_000_000, 1_000_000_000))
    result = run(migrated, "cleanup-files")
    assert result.returncode == 0, result.stderr
    assert not orphan.exists()


def test_the_jobs_command_runs_every_due_job_once(migrated):
    orphan = migrated / "documents" / "cd" / ("cd" + "1" * 30 + ".pdf")
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.4 left by a crash")
    os.utime(orphan, (1_000_000_000, 1_000_000_000))
    result = run(migrated, "jobs", "--once")
    assert result.returncode == 0, result.stderr
    assert _count(migrated, "select count(*) from job where runs = 1 and failures = 0") == 6
    assert not orphan.exists()
    assert run(migrated, "jobs", "--once").returncode == 0
    assert _count(migrated, "select sum(runs) from job") == 6  # none due again yet


def test_create_admin_makes_a_regions_or_the_consortiums_administrator(migrated):
    assert run(migrated, "seed").returncode == 0
    env = {"COUNTER_ADMIN_PASSWORD": "une phrase solide 2026"}
    result = run(migrated, "create-admin", "--email", "ori@region.example.ma", "--name",
                 "Chef Oriental", "--region", "ORI", extra_env=env)
    assert result.returncode == 0, result.stderr
    assert _count(migrated, "select count(*) from account a join region r on r.id = a.region_id "
                            "where a.email = 'ori@region.example.ma' and r.code = 'ORI'") == 1
    unknown = run(migrated, "create-admin", "--email", "x@region.example.ma", "--name", "X",
                  "--region", "MARS", extra_env=env)
    assert unknown.returncode == 1 and "MARS" in unknown.stderr
    assert _count(migrated, "select count(*) from account where email = 'x@region.example.ma'") == 0
