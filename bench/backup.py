"""Backup and restore times for 10,000 dossiers (issue 14, point 4).

Fills an install with the synthetic generator (counter.services.synthetic: dossiers, their
transitions and document rows), gives the first `--files` document rows a real stored file
(random bytes of `--file-kb`, written by the storage service, SHA-256 in the row; the other
synthetic document rows, which have no file, are removed), then
times `create_backup` and `restore_backup` into an empty install, on SQLite and, with
`--postgres`, on PostgreSQL (pg_dump and psql). Usage:

    .venv/bin/python bench/backup.py [--dossiers 10000] [--files 2000] [--file-kb 200]
                                     [--postgres]

With --postgres the bench creates and drops databases of its own on the local server.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, update
from sqlmodel import Session, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _fill(url: str, documents: Path, *, dossiers: int, files: int, file_kb: int) -> int:
    from counter.db import make_engine
    from counter.models import Document
    from counter.services import storage
    from counter.services.migrations import upgrade_to_head
    from counter.services.synthetic import generate_history

    upgrade_to_head(url)
    engine = make_engine(url)
    with Session(engine) as session:
        generate_history(session, dossiers=dossiers, seed=14)
        session.commit()
        ids = session.exec(select(Document.id).order_by(Document.id).limit(files)).all()
        for document_id in ids:
            body = os.urandom(file_kb * 1024)
            name = storage.write_private(body, ".pdf", directory=documents)
            session.execute(update(Document).where(Document.id == document_id).values(
                stored_name=name, sha256=hashlib.sha256(body).hexdigest(),
                size_bytes=len(body)))
        # A real install has a file behind every row: the rows left without one go.
        session.execute(delete(Document).where(Document.id.not_in(ids)))
        session.commit()
    engine.dispose()
    return len(ids)


def run(label: str, source: str, target: str, work: Path, args: argparse.Namespace) -> None:
    from counter.services.backup import create_backup, restore_backup

    documents = work / f"{label}-documents"
    stored = _fill(source, documents, dossiers=args.dossiers, files=args.files,
                   file_kb=args.file_kb)
    archive = work / f"{label}.tar"
    started = time.perf_counter()
    report = create_backup(archive, db_url=source, documents_dir=documents)
    backup_s = time.perf_counter() - started
    started = time.perf_counter()
    restored = restore_backup(archive, db_url=target, documents_dir=work / f"{label}-restored")
    restore_s = time.perf_counter() - started
    assert restored.chain_ok and restored.files == report.files
    print(f"{label}: {args.dossiers} dossiers, {sum(report.rows.values())} rows, "
          f"{stored} files of {args.file_kb} KB; archive {archive.stat().st_size / 1e6:.0f} MB; "
          f"backup {backup_s:.1f} s, restore {restore_s:.1f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=2_000)
    parser.add_argument("--file-kb", type=int, default=200)
    parser.add_argument("--postgres", action="store_true",
                        help="also on the local PostgreSQL (bench/agent_queue.PG_ADMIN_URL)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        os.environ["COUNTER_DATA_DIR"] = str(work / "data")
        run("sqlite", f"sqlite:///{work / 'source.db'}", f"sqlite:///{work / 'target.db'}",
            work, args)
        if args.postgres:
            from agent_queue import postgres_database  # bench/agent_queue.py's helper

            with postgres_database() as source, postgres_database() as target:
                run("postgresql", source, target, work, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
