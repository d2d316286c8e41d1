"""Security round two, the data promises: open data cannot single a person out (35), the
audit chain is keyed (36), a backup is consistent and its restore verifies every document
(40)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tarfile
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, func, text
from sqlmodel import Session, SQLModel, select
from starlette.testclient import TestClient

from counter import db
from counter.api.routes import api
from counter.cli import DEMO_HISTORY_DOSSIERS, DEMO_HISTORY_SEED
from counter.db import make_engine, session_scope
from counter.domain.audit import entry_hash, unkeyed_hash
from counter.domain.disclosure import K_ANONYMITY, plan_disclosure
from counter.models import AuditHead, Document, Dossier, StatusChange
from counter.services import opendata, storage
from counter.services.audit import append_transition, audit_key, verify_chain
from counter.services.backup import PG_DUMP, check_archive, create_backup, restore_backup
from counter.services.migrations import alembic_config, upgrade_to_head
from counter.services.seed import load_demo_data
from counter.services.synthetic import generate_history
from counter.settings import PROJECT_ROOT, SettingsError, get_settings, load_settings
from tests import test_audit
from tests.conftest import fresh_pg_database
from tests.test_audit import counter_command
from tests.test_retention import _chain_at_0008

# The audit tests' product: a data folder shared with the command line, and a chain of 8
# transitions made by the services (with documents, receipts and decisions).
fast_hashing, data_dir, chain = test_audit.fast_hashing, test_audit.data_dir, test_audit.chain

# --- 36: the audit chain is keyed -----------------------------------------------------------


def _recompute(engine: Engine, hash_of) -> None:  # noqa: ANN001
    """What someone with write access to the database alone can do: change an entry, then
    recompute every hash after it and the head, with the formula the source code shows."""
    with Session(engine) as session:
        session.execute(text("UPDATE statuschange SET to_status = 'accepted' WHERE id = 6"))
        session.commit()
        prev = ""
        for entry in session.exec(select(StatusChange).order_by(StatusChange.id)).all():
            entry.prev_hash = prev
            entry.entry_hash = hash_of(
                prev_hash=prev, entry_id=entry.id, dossier_id=entry.dossier_id,
                actor_id=entry.actor_id, at=entry.at, from_status=entry.from_status,
                to_status=entry.to_status, note_sha256=entry.note_sha256)
            prev = entry.entry_hash
            session.add(entry)
        head = session.get(AuditHead, 1)
        head.last_hash = prev
        session.add(head)
        session.commit()


def test_security_36_a_chain_recomputed_with_plain_sha256_fails_and_names_entry_1(
        chain, data_dir):
    _recompute(chain, unkeyed_hash)

    with Session(chain) as session:
        report = verify_chain(session)
    assert not report.ok and report.broken_id == 1
    assert "without the audit key" in report.reason
    result = counter_command(data_dir, "audit", "verify")
    assert result.returncode == 1
    assert "BROKEN at entry 1" in result.stderr


def test_security_36_a_chain_recomputed_under_another_key_fails(chain, data_dir):
    _recompute(chain, lambda **fields: entry_hash(key=b"x" * 64, **fields))

    result = counter_command(data_dir, "audit", "verify")
    assert result.returncode == 1
    assert "BROKEN at entry 1" in result.stderr


def test_security_36_the_untouched_chain_verifies_under_its_key_only(chain, data_dir,
                                                                    monkeypatch):
    result = counter_command(data_dir, "audit", "verify")
    assert result.returncode == 0, result.stderr
    assert "8 entries verified" in result.stdout

    monkeypatch.setenv("COUNTER_AUDIT_KEY", "another-key-of-at-least-32-characters!")
    get_settings.cache_clear()
    with Session(chain) as session:
        assert not verify_chain(session).ok


def test_security_36_the_key_file_is_created_private_outside_the_database(chain, data_dir):
    key_file = data_dir / "audit.key"
    assert key_file.is_file()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(key) == 64 and audit_key() == key.encode()
    with chain.connect() as conn:
        dump = "\n".join(conn.connection.driver_connection.iterdump())
    assert key not in dump


def test_security_36_a_key_from_the_environment_wins_and_must_be_long(tmp_path: Path):
    settings = load_settings({"COUNTER_DATA_DIR": str(tmp_path),
                              "COUNTER_AUDIT_KEY": "k" * 40})
    assert settings.audit_key == "k" * 40
    assert "k" * 40 not in repr(settings)
    with pytest.raises(SettingsError, match="COUNTER_AUDIT_KEY"):
        load_settings({"COUNTER_DATA_DIR": str(tmp_path), "COUNTER_AUDIT_KEY": "short"})
    assert load_settings({"COUNTER_AUDIT_KEY_FILE": str(tmp_path / "k")}).audit_key_file == (
        tmp_path / "k")


# --- 35: open data cannot single a person out ------------------------------------------------

OPEN_DATA = "/api/open-data"


@pytest.fixture
def demo_product(data_dir: Path, sqlite_template: Path) -> Iterator[TestClient]:
    """The product as `serve` starts it: the demo catalog and its 3,000-dossier history
    (the data the finding was made on), with the open-data routes."""
    data_dir.mkdir(parents=True)
    shutil.copy(sqlite_template, data_dir / "counter.db")
    db.get_engine.cache_clear()
    try:
        with session_scope() as session:
            load_demo_data(session)
            generate_history(session, dossiers=DEMO_HISTORY_DOSSIERS, seed=DEMO_HISTORY_SEED,
                             now=datetime(2026, 11, 1, tzinfo=UTC))
        with TestClient(api) as client:
            yield client
    finally:
        db.get_engine().dispose()
        db.get_engine.cache_clear()


def _records(text_: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text_, newline="")))


def _groups(records: list[dict[str, str]]) -> Counter:
    return Counter((r["procedure_code"], r["province"], r["submitted_on"][:7]) for r in records)


def test_security_35_no_published_procedure_province_month_group_is_smaller_than_5(
        demo_product):
    with session_scope() as session:
        # The attack of the finding: in the demo data most cells hold one dossier.
        cells = opendata._cell_counts(session, region=None)
    assert sum(1 for n in cells.values() if n == 1) > 100

    for query in ("", "?region=DRA", "?from=2026-03-01&to=2026-07-15"):
        records = _records(demo_product.get(f"{OPEN_DATA}/dossiers.csv{query}").text)
        assert records, query
        assert min(_groups(records).values()) >= K_ANONYMITY, query


def test_security_35_no_time_finer_than_a_day_is_published(demo_product):
    response = demo_product.get(f"{OPEN_DATA}/dossiers.csv")
    header = response.text.splitlines()[0].split(",")
    assert "submitted_at" not in header and "decided_at" not in header
    for record in _records(response.text):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["submitted_on"])
        assert re.fullmatch(r"(\d{4}-\d{2}-\d{2})?", record["decided_on"])
        assert re.fullmatch(r"\d*", record["admin_days"] + record["applicant_wait_days"])
    package = demo_product.get(f"{OPEN_DATA}/datapackage.json").json()
    dossiers = next(r for r in package["resources"] if r["name"] == "dossiers")
    assert {f["type"] for f in dossiers["schema"]["fields"]} <= {"string", "date", "integer"}


def test_security_35_what_is_left_out_is_said_in_the_metadata(demo_product):
    with session_scope() as session:
        submitted = session.exec(select(func.count()).select_from(Dossier).where(
            Dossier.status != "draft")).one()
    response = demo_product.get(f"{OPEN_DATA}/dossiers.csv")
    published = len(_records(response.text))
    suppressed = int(response.headers["x-open-data-suppressed-rows"])
    assert published + suppressed == submitted and suppressed > 0

    package = demo_product.get(f"{OPEN_DATA}/datapackage.json").json()
    dossiers = next(r for r in package["resources"] if r["name"] == "dossiers")
    assert (dossiers["publishedRows"], dossiers["suppressedRows"]) == (published, suppressed)
    assert dossiers["kAnonymity"] == K_ANONYMITY
    assert f"{suppressed} non publié(s)" in dossiers["description"]
    # The indicators still count every decided dossier, suppressed or not.
    indicators = demo_product.get(f"{OPEN_DATA}/indicators.json").json()[-1]
    decided_rows = sum(1 for r in _records(response.text) if r["status"] in (
        "accepted", "rejected"))
    assert indicators["decided_count"] > decided_rows


def test_security_35_two_downloads_of_overlapping_periods_publish_a_row_the_same_way(
        demo_product):
    """Differencing: a month and the same month from its 16th must not reveal, by what one
    publishes and the other withholds, the province of a row."""
    whole = _records(demo_product.get(f"{OPEN_DATA}/dossiers.csv?from=2026-05-01&to="
                                      "2026-06-01").text)
    part = _records(demo_product.get(f"{OPEN_DATA}/dossiers.csv?from=2026-05-16&to="
                                     "2026-06-01").text)
    # Every row of the part is in the whole, published the same way (same province or
    # the same withholding); the part leaves out groups it holds fewer than 5 of.
    later = [r for r in whole if r["submitted_on"] >= "2026-05-16"]
    assert part and all(row in later for row in part)
    assert min(_groups(part).values()) >= K_ANONYMITY


def test_security_35_the_rule_merges_small_provinces_then_suppresses_small_months():
    month = "2026-05"
    plan = plan_disclosure({
        ("P", "A", month): 7, ("P", "B", month): 2, ("P", "C", month): 2, ("P", None, month): 1,
        ("Q", "A", month): 3, ("Q", "B", month): 5,
        ("R", "A", month): 4,
    })
    # P: A stands alone; B, C and the dossiers without province (5 together) are merged.
    assert plan.provinces[("P", "A", month)] == "A"
    assert {plan.provinces[("P", p, month)] for p in ("B", "C", None)} == {None}
    # Q: the 3 of A are too few even merged: B, the smallest province shown, joins them.
    assert plan.provinces[("Q", "A", month)] is None and plan.provinces[("Q", "B", month)] is None
    # R: 4 dossiers in the month, whatever the province: not published.
    assert not plan.published(("R", "A", month))
    tally = plan.tally({("P", "B", month): 2, ("R", "A", month): 4, ("P", "A", month): 7})
    assert (tally.published, tally.suppressed, tally.withheld) == (9, 4, 2)


@given(st.dictionaries(
    st.tuples(st.sampled_from("PQR"), st.sampled_from(["A", "B", "C", None]),
              st.sampled_from(["2026-01", "2026-02"])),
    st.integers(min_value=0, max_value=12)))
def test_security_35_every_published_group_holds_at_least_5(counts):
    plan = plan_disclosure(counts)
    groups: Counter = Counter()
    for (procedure, province, month), n in counts.items():
        if plan.published((procedure, province, month)):
            groups[procedure, plan.provinces[procedure, province, month], month] += n
    assert all(n >= K_ANONYMITY for n in groups.values())
    tally = plan.tally(counts)
    assert tally.published + tally.suppressed == sum(counts.values())
    # Only what cannot be published is suppressed: a procedure's month of fewer than 5.
    for (procedure, _province, month), n in counts.items():
        month_total = sum(m for (p, _, mo), m in counts.items() if (p, mo) == (procedure, month))
        assert plan.published((procedure, _province, month)) or month_total < K_ANONYMITY or n == 0


# --- 40: a backup is consistent and its restore verifies every document ----------------------


def _command(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {"COUNTER_DATA_DIR": str(data_dir), "PATH": os.environ.get("PATH", ""),
                   **env}
    return subprocess.run([sys.executable, "-m", "counter", *args], cwd=PROJECT_ROOT,
                          env=environment, capture_output=True, text=True, timeout=180)


def _stored(documents: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in documents.glob("??/*")
            if storage.is_stored_name(path.name)}


def _rows(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        counts = {table.name: connection.execute(select(func.count()).select_from(table))
                  .scalar() for table in SQLModel.metadata.sorted_tables}
    engine.dispose()
    return counts


def test_security_40_a_backup_restores_into_an_empty_install_and_everything_verifies(
        chain, data_dir, tmp_path):
    archive = tmp_path / "backup.tar"
    made = _command(data_dir, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert "table dossier: 2 row(s)" in made.stderr  # progress on the terminal
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600

    elsewhere = tmp_path / "new-machine"
    key = {"COUNTER_AUDIT_KEY_FILE": str(data_dir / "audit.key")}  # the key, kept apart
    restored = _command(elsewhere, "restore", str(archive), **key)
    assert restored.returncode == 0, restored.stderr
    assert "every file's SHA-256 checked" in restored.stderr
    assert "Audit chain verified: 8 entries" in restored.stderr

    assert _rows(f"sqlite:///{elsewhere / 'counter.db'}") == _rows(
        f"sqlite:///{data_dir / 'counter.db'}")
    files = _stored(elsewhere / "documents")
    assert files == _stored(data_dir / "documents")
    engine = make_engine(f"sqlite:///{elsewhere / 'counter.db'}")
    with Session(engine) as session:
        documents = session.exec(select(Document)).all()
        dossiers_ = session.exec(select(Dossier)).all()
    engine.dispose()
    assert documents and all(hashlib.sha256(files[d.stored_name]).hexdigest() == d.sha256
                             for d in documents)
    assert all(d.receipt_name in files for d in dossiers_)
    assert any(d.decision_name in files for d in dossiers_)
    verified = _command(elsewhere, "audit", "verify", **key)
    assert verified.returncode == 0, verified.stderr


def test_security_40_restore_refuses_an_install_that_is_not_empty(chain, data_dir, tmp_path):
    archive = tmp_path / "backup.tar"
    assert _command(data_dir, "backup", str(archive)).returncode == 0
    before = _rows(f"sqlite:///{data_dir / 'counter.db'}")

    refused = _command(data_dir, "restore", str(archive))
    assert refused.returncode == 1
    assert "Restore refused" in refused.stderr and "not empty" in refused.stderr
    assert _rows(f"sqlite:///{data_dir / 'counter.db'}") == before


def _corrupt(archive: Path, target: Path) -> str:
    """A copy of the archive where one document has a byte changed: its name."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as out:
        victim = next(m.name for m in source.getmembers() if m.name.startswith("documents/"))
        for member in source.getmembers():
            body = source.extractfile(member).read()
            if member.name == victim:
                body = body[:-10] + bytes([body[-10] ^ 0xFF]) + body[-9:]
            out.addfile(member, io.BytesIO(body))
    return victim.removeprefix("documents/")


def test_security_40_a_corrupted_document_in_the_archive_is_reported_and_nothing_restored(
        chain, data_dir, tmp_path):
    archive = tmp_path / "backup.tar"
    assert _command(data_dir, "backup", str(archive)).returncode == 0
    damaged = tmp_path / "damaged.tar"
    name = _corrupt(archive, damaged)

    elsewhere = tmp_path / "new-machine"
    refused = _command(elsewhere, "restore", str(damaged),
                       COUNTER_AUDIT_KEY_FILE=str(data_dir / "audit.key"))
    assert refused.returncode == 1
    assert "damaged" in refused.stderr and f"{name}: SHA-256" in refused.stderr
    assert not _stored(elsewhere / "documents")
    counts = _rows(f"sqlite:///{elsewhere / 'counter.db'}")
    assert counts["dossier"] == counts["document"] == 0


def test_security_40_uploads_and_purges_during_a_backup_leave_it_consistent(
        chain, data_dir, tmp_path):
    """An upload after the snapshot stays out; a purge while the snapshot's files are
    linked waits; a purge after that does not take a file from the backup."""
    settings = get_settings()
    documents = settings.documents_dir
    with Session(chain) as session:
        names = sorted(session.exec(select(Document.stored_name)).all())
        dossier_id = session.exec(select(Dossier.id)).first()
    purged_while_linking, purged_after = names[0], names[1]
    events: dict[str, object] = {}

    def upload_now() -> None:
        name = storage.write_private(b"%PDF-1.4 uploaded during the backup", ".pdf")
        with Session(chain) as session:
            session.add(Document(dossier_id=dossier_id, doc_code="late", original_name="x.pdf",
                                 stored_name=name, content_type="application/pdf",
                                 size_bytes=10, sha256="0" * 64))
            session.commit()
        events["late"] = name

    def progress(message: str) -> None:
        if message.startswith("Linking"):
            upload_now()  # after the snapshot
            purge = threading.Thread(target=storage.remove, args=(purged_while_linking,))
            purge.start()
            purge.join(0.5)
            events["purge_waited"] = purge.is_alive() and storage.private_path(
                purged_while_linking).exists()
            events["purge"] = purge
        elif message == "File deletions resumed.":
            events["purge"].join(10)
            storage.remove(purged_after)

    archive = tmp_path / "backup.tar"
    report = create_backup(archive, db_url=settings.db_url, documents_dir=documents,
                           progress=progress)

    assert events["purge_waited"] is True
    assert not storage.private_path(purged_while_linking).exists()  # the purge went on after
    assert not storage.private_path(purged_after).exists()
    assert not report.missing
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        in_archive = {entry["name"] for entry in manifest["files"]}
        assert {purged_while_linking, purged_after} <= in_archive
        assert events["late"] not in in_archive
        assert not check_archive(opened, manifest)
    assert manifest["tables"]["document"] == len(names)
    assert not any(path.name.startswith(".backup-") for path in documents.iterdir())

    restored = restore_backup(archive, db_url=f"sqlite:///{tmp_path / 'restored.db'}",
                              documents_dir=tmp_path / "restored-documents")
    assert restored.chain_ok and restored.files == len(in_archive)


def test_security_40_backup_and_restore_work_with_postgresql(chain, data_dir, tmp_path,
                                                             empty_pg_url):
    settings = get_settings()
    first = tmp_path / "from-sqlite.tar"
    create_backup(first, db_url=settings.db_url, documents_dir=settings.documents_dir)

    restore_backup(first, db_url=empty_pg_url, documents_dir=tmp_path / "pg-documents")
    second = tmp_path / "from-postgresql.tar"
    create_backup(second, db_url=empty_pg_url, documents_dir=tmp_path / "pg-documents")
    report = restore_backup(second, db_url=f"sqlite:///{tmp_path / 'back.db'}",
                            documents_dir=tmp_path / "back-documents")

    assert report.chain_ok
    assert _rows(empty_pg_url) == _rows(settings.db_url) == _rows(
        f"sqlite:///{tmp_path / 'back.db'}")
    assert _stored(tmp_path / "back-documents") == _stored(settings.documents_dir)
    # New rows after a PostgreSQL restore take ids after the restored ones.
    engine = make_engine(empty_pg_url)
    with Session(engine) as session:
        before = session.exec(select(func.max(StatusChange.id))).one()
        dossier = session.exec(select(Dossier)).first()
        entry = append_transition(session, dossier_id=dossier.id, actor_id=None,
                                  from_status="accepted", to_status="accepted")
        session.commit()
        assert entry.id == before + 1 and verify_chain(session).ok
    engine.dispose()


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_security_36_migration_0011_rekeys_a_whole_chain_and_refuses_a_broken_one(
        database, tmp_path, request, data_dir):
    for tamper in (False, True):
        url = (f"sqlite:///{tmp_path / f'old-{tamper}.db'}" if database == "sqlite"
               else request.getfixturevalue("empty_pg_url") if not tamper
               else _another_pg_database(request))
        _chain_at_0008(url)
        command.upgrade(alembic_config(url), "0010_dossier_lang")  # the unkeyed chain
        engine = make_engine(url)
        if tamper:
            with engine.begin() as conn:
                conn.execute(text("UPDATE statuschange SET to_status = 'accepted' WHERE id = 5"))
            with pytest.raises(RuntimeError, match="audit chain broken at entry 5"):
                upgrade_to_head(url)
        else:
            with Session(engine) as session:
                # Unkeyed: anyone recomputes every hash, so the chain is not trusted as it
                # stands (read column by column: the schema of 0010 has no petition_id).
                old = session.exec(select(
                    StatusChange.id, StatusChange.dossier_id, StatusChange.actor_id,
                    StatusChange.at, StatusChange.from_status, StatusChange.to_status,
                    StatusChange.note_sha256, StatusChange.prev_hash, StatusChange.entry_hash)
                    .order_by(StatusChange.id)).all()
                assert old and all(row.entry_hash == unkeyed_hash(
                    prev_hash=row.prev_hash, entry_id=row.id, dossier_id=row.dossier_id,
                    actor_id=row.actor_id, at=row.at, from_status=row.from_status,
                    to_status=row.to_status, note_sha256=row.note_sha256) for row in old)
            upgrade_to_head(url)
            with Session(engine) as session:
                assert verify_chain(session).ok
                first = session.get(StatusChange, 1)
                assert first.entry_hash != unkeyed_hash(
                    prev_hash="", entry_id=1, dossier_id=first.dossier_id,
                    actor_id=first.actor_id, at=first.at, from_status=first.from_status,
                    to_status=first.to_status, note_sha256=first.note_sha256)
        engine.dispose()


def _another_pg_database(request: pytest.FixtureRequest) -> str:
    manager = fresh_pg_database()
    request.addfinalizer(lambda: manager.__exit__(None, None, None))
    return manager.__enter__()


def test_security_40_the_orphan_cleanup_keeps_the_decisions_a_backup_needs(chain, data_dir):
    """Decision PDFs are referenced files: `cleanup-files` once took them for orphans."""
    with Session(chain) as session:
        decisions = [d.decision_name for d in session.exec(select(Dossier)).all()
                     if d.decision_name]
        assert decisions
        storage.remove_orphans(session, older_than=timedelta(0))
    assert all(storage.private_path(name).exists() for name in decisions)


def _point_at(monkeypatch: pytest.MonkeyPatch, url: str, documents: Path) -> None:
    """The product's settings, engine and storage on this install."""
    monkeypatch.setenv("REFLEX_DB_URL", url)
    monkeypatch.setenv("COUNTER_DOCUMENTS_DIR", str(documents))
    if db.get_engine.cache_info().currsize:
        db.get_engine().dispose()
    db.get_engine.cache_clear()
    get_settings.cache_clear()


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_security_40_documents_uploaded_while_the_backup_runs_and_the_owner_downloads_after_restore(
        database, chain, data_dir, tmp_path, monkeypatch, request):
    """Citizens keep uploading (through the product's services, in a thread) while the
    backup runs: the archive holds exactly the documents of its database snapshot; restored
    into an empty install (another folder, another database) the owner downloads one
    through the authorizing route, byte for byte."""
    from counter.models import Account
    from counter.services.accounts import open_session
    from tests.test_audit import _filed

    source_url, source_docs = f"sqlite:///{data_dir / 'counter.db'}", data_dir / "documents"
    if database == "postgres":  # the same install, moved to PostgreSQL first
        first = tmp_path / "to-pg.tar"
        create_backup(first, db_url=source_url, documents_dir=source_docs)
        source_url, source_docs = request.getfixturevalue("empty_pg_url"), tmp_path / "pg-docs"
        restore_backup(first, db_url=source_url, documents_dir=source_docs)
    _point_at(monkeypatch, source_url, source_docs)
    engine = make_engine(source_url)
    with Session(engine) as session:
        citizen_id = session.exec(select(Dossier.applicant_id)).first()

    uploaded: list[str] = []  # committed, in order
    starting: list[int] = []  # filings begun, in order
    stop, failures = threading.Event(), []

    def keep_uploading() -> None:
        try:
            while not stop.is_set():
                with Session(engine, expire_on_commit=False) as session:
                    citizen = session.get(Account, citizen_id)
                    starting.append(len(starting))
                    dossier = _filed(session, citizen)  # a draft, its document, submitted
                    uploaded.append(session.exec(select(Document.stored_name).where(
                        Document.dossier_id == dossier.id)).one())
        except Exception as error:  # noqa: BLE001
            failures.append(error)

    def wait_for_uploads(count: int) -> int:
        """Wait until `count` more uploads are committed; the number then committed."""
        target = len(uploaded) + count
        for _ in range(600):
            if len(uploaded) >= target or failures:
                break
            threading.Event().wait(0.05)
        return len(uploaded)

    marks: dict[str, int] = {}

    def progress(message: str) -> None:
        if message.startswith("Pausing"):
            marks["before_snapshot"] = wait_for_uploads(1)  # uploads while the backup runs
        elif message.startswith("Linking"):
            marks["after_snapshot"] = len(starting)
            wait_for_uploads(2)  # and more once the snapshot is taken

    worker = threading.Thread(target=keep_uploading)
    worker.start()
    archive = tmp_path / "backup.tar"
    try:
        wait_for_uploads(1)
        create_backup(archive, db_url=source_url, documents_dir=source_docs, progress=progress)
    finally:
        stop.set()
        worker.join(30)
    assert not failures
    with Session(engine) as session:
        rows_now = set(session.exec(select(Document.stored_name)).all())
    engine.dispose()

    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        handle = opened.extractfile("database/document.jsonl")
        column = json.loads(handle.readline()).index("stored_name")
        snapshot_rows = {json.loads(line)[column] for line in handle}
        handle = opened.extractfile("database/dossier.jsonl")
        columns = json.loads(handle.readline())
        pdfs = {row[columns.index(name)] for row in map(json.loads, handle)
                for name in ("receipt_name", "decision_name")} - {None}
        members = {m.name.removeprefix("documents/") for m in opened.getmembers()
                   if m.name.startswith("documents/")}
        assert (PG_DUMP in opened.getnames()) == (database == "postgres")
        assert not check_archive(opened, manifest)
    assert not manifest["missing_files"]
    late, after = uploaded, uploaded[marks["after_snapshot"]:]
    assert marks["before_snapshot"] >= 2 and len(after) >= 2
    # Exactly the documents of the snapshot: those uploaded before it, none after.
    assert snapshot_rows | pdfs == members and set(late[:marks["before_snapshot"]]) <= members
    assert not set(after) & members and set(after) <= rows_now - snapshot_rows
    assert {entry["name"] for entry in manifest["files"]} == members
    assert any(entry["name"] == PG_DUMP for entry in manifest["database_files"]) == (
        database == "postgres")

    # An empty install elsewhere: another data folder, another database.
    if database == "sqlite":
        target_url = f"sqlite:///{tmp_path / 'elsewhere' / 'counter.db'}"
    else:
        target_url = _another_pg_database(request)
    target_docs = tmp_path / "elsewhere" / "documents"
    report = restore_backup(archive, db_url=target_url, documents_dir=target_docs)
    assert report.chain_ok and report.files == len(members)
    assert _rows(target_url)["document"] == len(snapshot_rows)

    _point_at(monkeypatch, target_url, target_docs)
    owner_file = late[0]
    target = make_engine(target_url)
    with Session(target) as session:
        document = session.exec(select(Document).where(Document.stored_name == owner_file)).one()
        owner = session.get(Account, session.get(Dossier, document.dossier_id).applicant_id)
        token = open_session(session, owner, client_ip="192.0.2.1")
        session.commit()
        document_id, digest = document.id, document.sha256
    target.dispose()
    with TestClient(api) as client:
        client.cookies.set("counter_session", token)
        answer = client.get(f"/api/documents/{document_id}")
        client.cookies.clear()
        stranger = client.get(f"/api/documents/{document_id}")
    assert answer.status_code == 200, answer.text
    assert hashlib.sha256(answer.content).hexdigest() == digest
    assert answer.headers["content-disposition"].startswith("attachment")
    assert stranger.status_code == 404
