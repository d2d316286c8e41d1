"""Backup and restore (SECURITY 40): the database and the private documents of one instant.

A backup is one tar file (mode 0600: it holds personal data) with:
- `database/<table>.jsonl`: every table of the schema, one JSON array per row (a first line
  names the columns). The same portable dump for SQLite and PostgreSQL, read through
  SQLAlchemy, so a backup also moves an installation from one to the other;
- on PostgreSQL, `database/postgresql.sql` too: `pg_dump --data-only` of the same snapshot
  (exported by the backup's transaction, `pg_dump --snapshot`), which a restore into
  PostgreSQL loads with `psql` in one transaction;
- `documents/<stored name>`: every file the database snapshot points to (documents,
  receipts, decisions), and nothing else;
- `manifest.json` (last): the schema revision, the rows per table, each file's SHA-256
  and size (the database dumps' too), and a fingerprint of the audit key that wrote the
  chain (not the key).

One instant: deletions of stored files are paused (storage.deletions_paused) while the
database snapshot is taken and the files it references are hard-linked into a staging
folder; deletions then resume and the archive is written from the snapshot and the links.
A file uploaded after the snapshot is not referenced and stays out; a file purged after
the snapshot is still in the staging folder. SQLite's snapshot is a copy made with the
sqlite3 backup API; PostgreSQL's is a REPEATABLE READ, READ ONLY transaction whose
snapshot pg_dump shares.

A restore goes into an empty installation only (no rows, no stored file): it migrates the
schema, checks the archive's revision is this one, checks every file's SHA-256 (against the
manifest, and for a document against its `Document.sha256` row) before anything is
written, loads the rows in one transaction, writes the files, then verifies the documents
on disk and the audit chain. The audit key is not in the archive: restore with the same
COUNTER_AUDIT_KEY or key file, kept apart from the backups.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import (
    Connection,
    Date,
    DateTime,
    Engine,
    Table,
    func,
    inspect,
    make_url,
    select,
    text,
)
from sqlmodel import Session, SQLModel

from counter import models  # noqa: F401  (the tables of SQLModel.metadata)
from counter.db import make_engine
from counter.services import storage
from counter.services.audit import audit_key, verify_chain

FORMAT = "counter-backup/1"
MANIFEST = "manifest.json"
PG_DUMP = "database/postgresql.sql"
BATCH = 2000
CHUNK = 1024 * 1024
# Rows the migrations write themselves (the audit chain's head): replaced by the archive's.
SEEDED_TABLES = {"audithead"}

Progress = Callable[[str], None]


class BackupError(RuntimeError):
    """The backup or the restore cannot go on; the message says why and what to do."""


def _quiet(_message: str) -> None:
    pass


def key_fingerprint() -> str:
    """Names the audit key without revealing it: whether the restoring install has the key
    that wrote the chain."""
    return hmac.new(audit_key(), b"counter audit key fingerprint", hashlib.sha256).hexdigest()[:16]


def _tables() -> list[Table]:
    return list(SQLModel.metadata.sorted_tables)


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


# --- backup ----------------------------------------------------------------------------


@dataclass
class BackupReport:
    path: Path
    rows: dict[str, int]
    files: int
    missing: list[str] = field(default_factory=list)
    """Files the snapshot references that were not in the storage (already damaged)."""


def _referenced(connection: Connection) -> dict[str, str | None]:
    """Stored name -> the SHA-256 the database holds for it (None: receipts, decisions)."""
    names: dict[str, str | None] = dict(connection.execute(
        select(models.Document.stored_name, models.Document.sha256)).all())
    for receipt, decision in connection.execute(
            select(models.Dossier.receipt_name, models.Dossier.decision_name)):
        for name in (receipt, decision):
            if name:
                names.setdefault(name, None)
    return {name: digest for name, digest in names.items() if storage.is_stored_name(name)}


@dataclass
class Snapshot:
    connection: Connection
    pg_snapshot: str | None = None
    """PostgreSQL: the exported snapshot id, for `pg_dump --snapshot` while it is open."""


@contextlib.contextmanager
def _snapshot(url: str, workdir: Path) -> Iterator[Snapshot]:
    """A connection that sees the database of one instant, for as long as it is open."""
    if url.startswith("sqlite"):
        source_path = make_url(url).database
        copy = workdir / "snapshot.db"
        source = sqlite3.connect(source_path, timeout=30)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)  # one consistent copy, whatever writes meanwhile
        finally:
            target.close()
            source.close()
        engine = make_engine(f"sqlite:///{copy}")
        try:
            with engine.connect() as connection:
                yield Snapshot(connection)
        finally:
            engine.dispose()
        return
    engine = make_engine(url)
    try:
        with engine.connect().execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True) as connection, \
                connection.begin():
            # The snapshot starts here; pg_dump shares it while this transaction is open.
            exported = connection.execute(text("SELECT pg_export_snapshot()")).scalar()
            yield Snapshot(connection, exported)
    finally:
        engine.dispose()


def libpq_url(url: str) -> tuple[str, dict[str, str]]:
    """The database address for pg_dump and psql, and the environment carrying its
    password (never on a command line, which other users of the machine can read)."""
    parsed = make_url(url)
    environment = {**os.environ}
    if parsed.password:
        environment["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def _pg_dump(url: str, snapshot: str, target: Path) -> None:
    address, environment = libpq_url(url)
    done = subprocess.run(
        ["pg_dump", "--data-only", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
         "--exclude-table=alembic_version", "--file", str(target), address],
        env=environment, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()[:500]} (pg_dump of the "
                          "server's major version must be installed)")


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot back up a {type(value).__name__}")


def _dump_table(connection: Connection, table: Table, target: Path) -> int:
    count = 0
    order = list(table.primary_key.columns) or list(table.columns)
    with target.open("w", encoding="utf-8") as out:
        out.write(json.dumps([c.name for c in table.columns]) + "\n")
        result = connection.execution_options(yield_per=BATCH).execute(
            select(*table.columns).order_by(*order))
        for row in result:
            out.write(json.dumps(list(row), default=_json_value, ensure_ascii=False) + "\n")
            count += 1
    return count


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _stage(names: list[str], staging: Path, documents: Path) -> list[str]:
    """Hard-link each file into the staging folder (a copy where links are refused);
    return the names not found."""
    missing = []
    for name in names:
        source = storage.private_path(name, directory=documents)
        try:
            try:
                os.link(source, staging / name)
            except OSError as error:
                if isinstance(error, FileNotFoundError):
                    raise
                shutil.copy2(source, staging / name)
        except FileNotFoundError:
            missing.append(name)
    return missing


def create_backup(target: Path, *, db_url: str, documents_dir: Path,
                  progress: Progress = _quiet) -> BackupReport:
    """Write a backup of the database at `db_url` and its documents to `target`."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name")
    storage.documents_dir(documents_dir)
    staging = documents_dir / f".backup-{secrets.token_hex(8)}"
    staging.mkdir(mode=0o700)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        with tempfile.TemporaryDirectory(dir=target.parent) as work, \
                contextlib.ExitStack() as stack:
            workdir = Path(work)
            with storage.deletions_paused(documents_dir):
                progress("Pausing file deletions and taking the database snapshot...")
                snapshot = stack.enter_context(_snapshot(db_url, workdir))
                connection = snapshot.connection
                referenced = _referenced(connection)
                progress(f"Linking the {len(referenced)} file(s) of the snapshot...")
                missing = _stage(sorted(referenced), staging, documents_dir)
            progress("File deletions resumed.")
            revision = _revision(connection)
            rows: dict[str, int] = {}
            dumps = workdir / "database"
            dumps.mkdir()
            for table in _tables():
                rows[table.name] = _dump_table(connection, table, dumps / f"{table.name}.jsonl")
                progress(f"  table {table.name}: {rows[table.name]} row(s)")
            if snapshot.pg_snapshot:
                progress("pg_dump of the same snapshot...")
                _pg_dump(db_url, snapshot.pg_snapshot, workdir / PG_DUMP)
            stack.close()  # the snapshot is read: end its transaction
            files = _write_archive(partial, dumps, staging, referenced, missing, revision,
                                   rows, progress)
        os.replace(partial, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        partial.unlink(missing_ok=True)
    if missing:
        progress(f"WARNING: {len(missing)} file(s) the database references were missing "
                 f"from the storage: {', '.join(missing[:5])}")
    progress(f"Backup written to {target}: {sum(rows.values())} row(s), {files} file(s).")
    return BackupReport(path=target, rows=rows, files=files, missing=missing)


def _write_archive(partial: Path, dumps: Path, staging: Path, referenced: dict[str, str | None],
                   missing: list[str], revision: str | None, rows: dict[str, int],
                   progress: Progress) -> int:
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    manifest_files = []
    with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as archive:
        database_files = [dumps / f"{table.name}.jsonl" for table in _tables()]
        if (dumps / Path(PG_DUMP).name).exists():
            database_files.append(dumps / Path(PG_DUMP).name)
        manifest_database = []
        for path in database_files:
            manifest_database.append({"name": f"database/{path.name}", "sha256": _sha256(path),
                                      "size": path.stat().st_size})
            archive.add(path, arcname=f"database/{path.name}")
        names = [name for name in sorted(referenced) if name not in missing]
        for number, name in enumerate(names, start=1):
            path = staging / name
            manifest_files.append({"name": name, "sha256": _sha256(path),
                                   "size": path.stat().st_size})
            archive.add(path, arcname=f"documents/{name}")
            if number % 100 == 0 or number == len(names):
                progress(f"  documents: {number}/{len(names)}")
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "revision": revision,
            "tables": rows,
            "files": manifest_files,
            "database_files": manifest_database,
            "missing_files": missing,
            "audit_key_fingerprint": key_fingerprint(),
        }
        body = json.dumps(manifest, indent=1).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(body), int(datetime.now(UTC).timestamp()), 0o600
        archive.addfile(info, io.BytesIO(body))
        raw.flush()
        os.fsync(raw.fileno())
    return len(manifest_files)


# --- restore ---------------------------------------------------------------------------


@dataclass
class RestoreReport:
    rows: dict[str, int]
    files: int
    chain_ok: bool
    chain_reason: str = ""


def _stored_files(documents_dir: Path) -> list[str]:
    if not documents_dir.is_dir():
        return []
    return [path.name for folder in documents_dir.iterdir() if folder.is_dir()
            for path in folder.iterdir() if storage.is_stored_name(path.name)]


def _non_empty_tables(connection: Connection) -> list[str]:
    existing = set(inspect(connection).get_table_names())
    return [table.name for table in _tables() if table.name not in SEEDED_TABLES
            and table.name in existing
            and connection.execute(select(func.count()).select_from(table)).scalar()]


def _refuse_if_not_empty(engine: Engine) -> None:
    with engine.connect() as connection:
        if busy := _non_empty_tables(connection):
            raise BackupError(f"the database is not empty ({', '.join(busy[:5])} hold "
                              "rows): restore only into an empty install")


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError:
        raise BackupError("not a backup of this product: it has no manifest.json") from None
    manifest = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _member_sha256(archive: tarfile.TarFile, name: str, folder: str = "documents/") -> str:
    digest = hashlib.sha256()
    handle = archive.extractfile(f"{folder}{name}")
    if handle is None:
        raise KeyError(name)
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _document_digests(archive: tarfile.TarFile) -> dict[str, str]:
    """stored_name -> sha256 of the Document rows in the archive."""
    handle = archive.extractfile("database/document.jsonl")
    columns = json.loads(handle.readline())
    name, digest = columns.index("stored_name"), columns.index("sha256")
    return {row[name]: row[digest] for row in map(json.loads, handle)}


def _check_member(archive: tarfile.TarFile, entry: dict[str, Any], folder: str,
                  problems: list[str]) -> str | None:
    """The member's SHA-256 (None if absent), a problem noted if it is not the manifest's."""
    name = entry["name"]
    try:
        actual = _member_sha256(archive, name, folder)
    except KeyError:
        problems.append(f"{name}: listed in the manifest, absent from the archive")
        return None
    if actual != entry["sha256"]:
        problems.append(f"{name}: SHA-256 {actual} differs from the manifest's "
                        f"{entry['sha256']}")
    return actual


def check_archive(archive: tarfile.TarFile, manifest: dict[str, Any],
                  progress: Progress = _quiet) -> list[str]:
    """Every file of the archive against its SHA-256 (the manifest's; a document's row's
    too): the problems found, one line each, naming the file."""
    problems: list[str] = []
    for entry in manifest.get("database_files", []):
        _check_member(archive, entry, "", problems)
    if problems:
        return problems  # the rows themselves cannot be trusted
    rows = _document_digests(archive)
    files = manifest["files"]
    for number, entry in enumerate(files, start=1):
        name = entry["name"]
        actual = _check_member(archive, entry, "documents/", problems)
        if actual is None:
            continue
        if actual == entry["sha256"] and name in rows and rows[name] != actual:
            problems.append(f"{name}: SHA-256 {actual} differs from its document row's "
                            f"{rows[name]}")
        if number % 100 == 0 or number == len(files):
            progress(f"  checked {number}/{len(files)} file(s)")
    listed = {entry["name"] for entry in files}
    problems += [f"{name}: a document row without its file in the archive"
                 for name in sorted(set(rows) - listed - set(manifest.get("missing_files", [])))]
    return problems


def _python_value(column: Any, value: Any) -> Any:
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    return value  # numbers, text, booleans, JSON as they were


def _load_table(connection: Connection, table: Table, archive: tarfile.TarFile) -> int:
    handle = archive.extractfile(f"database/{table.name}.jsonl")
    columns = [table.columns[name] for name in json.loads(handle.readline())]
    batch, count = [], 0
    for line in handle:
        values = json.loads(line)
        batch.append({c.name: _python_value(c, v) for c, v in zip(columns, values, strict=True)})
        if len(batch) >= BATCH:
            connection.execute(table.insert(), batch)
            count, batch = count + len(batch), []
    if batch:
        connection.execute(table.insert(), batch)
        count += len(batch)
    return count


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL's id sequences continue after the restored rows."""
    for table in _tables():
        key = list(table.primary_key.columns)
        if len(key) != 1 or key[0].type.python_type is not int:
            continue
        sequence = connection.execute(select(func.pg_get_serial_sequence(
            table.name, key[0].name))).scalar()
        if sequence:
            following = select(func.coalesce(func.max(key[0]), 0) + 1).scalar_subquery()
            connection.execute(select(func.setval(sequence, following, False)))


def restore_backup(source: Path, *, db_url: str, documents_dir: Path,
                   progress: Progress = _quiet) -> RestoreReport:
    """Restore `source` into the empty installation at `db_url` and `documents_dir`."""
    from counter.services.migrations import upgrade_to_head

    if not Path(source).is_file():
        raise BackupError(f"{source}: no such backup file")
    if stored := _stored_files(documents_dir):
        raise BackupError(f"the documents folder {documents_dir} is not empty "
                          f"({len(stored)} file(s)): restore only into an empty install")
    with tarfile.open(source, mode="r") as archive:
        manifest = _read_manifest(archive)
        engine = make_engine(db_url)
        try:
            _refuse_if_not_empty(engine)  # before migrating: an install is left as it was
            progress("Preparing the database schema...")
            upgrade_to_head(db_url)
            _restore_into(engine, archive, manifest, documents_dir, progress)
            with Session(engine) as session:
                chain = verify_chain(session)
        finally:
            engine.dispose()
    files = len(manifest["files"])
    progress(f"Restored {sum(manifest['tables'].values())} row(s) and {files} file(s); "
             f"every file's SHA-256 checked.")
    if chain.ok:
        progress(f"Audit chain verified: {chain.checked} entries.")
    else:
        progress(f"Audit chain BROKEN at entry {chain.broken_id}: {chain.reason}.")
    return RestoreReport(rows=manifest["tables"], files=files, chain_ok=chain.ok,
                         chain_reason=chain.reason)


def _restore_into(engine: Engine, archive: tarfile.TarFile, manifest: dict[str, Any],
                  documents_dir: Path, progress: Progress) -> None:
    _refuse_if_not_empty(engine)
    with engine.connect() as connection:
        if (revision := _revision(connection)) != manifest["revision"]:
            raise BackupError(f"the backup is of schema revision {manifest['revision']}, "
                              f"this install is at {revision}: restore with the version of "
                              "the product that made it")
    if manifest.get("audit_key_fingerprint") != key_fingerprint():
        progress("WARNING: this install's audit key is not the one that wrote the backup's "
                 "audit chain: set COUNTER_AUDIT_KEY or COUNTER_AUDIT_KEY_FILE to that key, "
                 "or the chain will not verify.")
    progress(f"Checking the SHA-256 of the {len(manifest['files'])} file(s)...")
    if problems := check_archive(archive, manifest, progress):
        raise BackupError("the backup is damaged, nothing was restored:\n  "
                          + "\n  ".join(problems))
    written: list[Path] = []
    try:
        if engine.dialect.name == "postgresql" and PG_DUMP in archive.getnames():
            _write_files(archive, manifest, documents_dir, written, progress)
            progress("Loading the database with psql (pg_dump of the snapshot)...")
            _psql_load(engine, archive)
            return
        with engine.begin() as connection:
            for table in reversed(_tables()):
                if table.name in SEEDED_TABLES:
                    connection.execute(table.delete())
            for table in _tables():
                count = _load_table(connection, table, archive)
                progress(f"  table {table.name}: {count} row(s)")
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection)
            _write_files(archive, manifest, documents_dir, written, progress)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _psql_load(engine: Engine, archive: tarfile.TarFile) -> None:
    """The archive's pg_dump into the migrated, empty schema, in one transaction: all or
    nothing (the rows the migrations seed are replaced by the dump's)."""
    address, environment = libpq_url(engine.url.render_as_string(hide_password=False))
    seeded = "".join(f"DELETE FROM {name};\n"  # noqa: S608  (the product's own table names)
                     for name in sorted(SEEDED_TABLES))
    with subprocess.Popen(
            ["psql", "--quiet", "--no-psqlrc", "--single-transaction",
             "--set", "ON_ERROR_STOP=1", "--dbname", address],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            env=environment) as psql:
        assert psql.stdin is not None and psql.stderr is not None
        try:
            psql.stdin.write(seeded.encode())
            shutil.copyfileobj(archive.extractfile(PG_DUMP), psql.stdin, CHUNK)
            psql.stdin.close()
        except BrokenPipeError:
            pass
        errors = psql.stderr.read().decode(errors="replace")
    if psql.returncode:
        raise BackupError(f"psql could not load the database, nothing was restored: "
                          f"{errors.strip()[:500]}")


def _write_files(archive: tarfile.TarFile, manifest: dict[str, Any], documents_dir: Path,
                 written: list[Path], progress: Progress) -> None:
    """Each file written as the storage writes (a .part, then its name), its SHA-256
    checked again on disk."""
    root = storage.documents_dir(documents_dir)
    files = manifest["files"]
    for number, entry in enumerate(files, start=1):
        final = storage.private_path(entry["name"], directory=root)
        final.parent.mkdir(mode=0o700, exist_ok=True)
        part = root / f"{secrets.token_hex(16)}{storage.PART_SUFFIX}"
        handle = archive.extractfile(f"documents/{entry['name']}")
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(handle, out, CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, final)
        written.append(final)
        if _sha256(final) != entry["sha256"]:
            raise BackupError(f"{entry['name']}: written to disk with another SHA-256; "
                              "the storage may be failing. Nothing was restored.")
        if number % 100 == 0 or number == len(files):
            progress(f"  documents: {number}/{len(files)}")
