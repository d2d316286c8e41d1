"""Crash leftovers cleaned by themselves (issue 14, point 3; SECURITY 21): a server process
killed (SIGKILL) mid-upload and mid-submit leaves a `.part` file and a receipt no row points
to (with a name and a PIN); the periodic `orphans` job removes them once the grace period
(COUNTER_ORPHAN_GRACE_MINUTES, minutes) is over, and never a file a live row owns."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlmodel import select

from counter import db
from counter.models import Account, Dossier, Role
from counter.services import jobs, storage
from counter.services.dossiers import attach_document, save_field, start_draft, submit_own
from counter.services.seed import load_demo_data

GRACE_MINUTES = 3
ACCESS = {"information_requested": "Budget 2025 des routes rurales",
          "delivery_format": "electronic"}

SERVER = textwrap.dedent("""
    import asyncio, sys
    from sqlmodel import Session
    from counter.db import get_engine
    from counter.models import Account
    from counter.services import storage
    from counter.services.dossiers import submit_own
    from counter.settings import get_settings

    draft_id, account_id = int(sys.argv[1]), int(sys.argv[2])

    async def upload():
        chunks = [b"%PDF-1.7\\n" + b"0" * 300_000]

        async def read(size):
            if chunks:
                return chunks.pop()
            await asyncio.Event().wait()  # the rest of the file never arrives

        await storage.save_stream(read, limit=get_settings().max_upload_bytes)

    async def main():
        task = asyncio.create_task(upload())
        await asyncio.sleep(0.3)
        print("uploading", flush=True)
        session = Session(get_engine(), expire_on_commit=False)
        account = session.get(Account, account_id)
        await asyncio.to_thread(submit_own, session, account=account, dossier_id=draft_id)
        print("submitting", flush=True)  # receipt written, its row not committed yet
        await asyncio.sleep(600)
        await task

    asyncio.run(main())
""")


@pytest.fixture
def product(sqlite_url, product_on, cheap_hashing):
    return product_on(sqlite_url, COUNTER_ORPHAN_GRACE_MINUTES=str(GRACE_MINUTES))


def files(root: Path) -> set[str]:
    return {path.name for path in root.rglob("*") if path.is_file()}


def age(root: Path, minutes: float) -> None:
    """Every stored file as if written `minutes` ago."""
    then = time.time() - minutes * 60
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))


def orphans_round() -> list[jobs.Outcome]:
    with db.session_scope() as session:
        jobs.run_soon(session, "orphans")
    return [outcome for outcome in jobs.run_round() if outcome.name == "orphans"]


def test_a_server_killed_mid_upload_and_mid_submit_leaves_nothing_after_the_cleanup(
        product, received):
    with db.session_scope() as session:
        load_demo_data(session)
        citizen = session.exec(select(Account).where(Account.role == Role.CITIZEN)).first()
        # Live rows: a submitted dossier (its receipt) and a draft with a document.
        filed = start_draft(session, account=citizen, procedure_code="DRA_ACCESS_INFO")
        for code, value in ACCESS.items():
            save_field(session, account=citizen, dossier_id=filed.id, code=code, value=value)
        session.commit()
        live_receipt = submit_own(session, account=citizen, dossier_id=filed.id
                                  ).dossier.receipt_name
        draft = start_draft(session, account=citizen,
                            procedure_code="DRA_URBAN_INFORMATION_NOTE")
        live_document = attach_document(session, account=citizen, dossier_id=draft.id,
                                        doc_code="site_plan",
                                        received=received("plan.pdf")).stored_name
        doomed = start_draft(session, account=citizen, procedure_code="DRA_ACCESS_INFO")
        for code, value in ACCESS.items():
            save_field(session, account=citizen, dossier_id=doomed.id, code=code, value=value)
        doomed_id, citizen_id = doomed.id, citizen.id
    root = product.documents_dir
    before = files(root)
    assert {live_receipt, live_document} <= before

    server = subprocess.Popen([sys.executable, "-c", SERVER, str(doomed_id), str(citizen_id)],
                              stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        assert server.stdout.readline().strip() == "uploading"
        assert server.stdout.readline().strip() == "submitting"
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()

    leftovers = files(root) - before
    assert {name.rsplit(".", 1)[1] for name in leftovers} == {"part", "pdf"}
    with db.session_scope() as session:
        assert session.get(Dossier, doomed_id).receipt_name is None  # the submit died

    # Within the grace period a request could still own them: kept.
    age(root, GRACE_MINUTES - 1)
    [kept] = orphans_round()
    assert kept.error is None and files(root) == before | leftovers

    # Past it: the leftovers go, and nothing a live row owns, however old.
    age(root, GRACE_MINUTES + 1)
    [cleaned] = orphans_round()
    assert cleaned.error is None
    assert files(root) == before
    assert storage.private_path(live_receipt).exists()
    assert storage.private_path(live_document).exists()


def test_the_grace_period_is_a_setting_in_minutes(monkeypatch):
    from counter.settings import SettingsError, load_settings

    assert load_settings({}).orphan_grace_minutes == 10
    assert load_settings({"COUNTER_ORPHAN_GRACE_MINUTES": "5"}).orphan_grace_minutes == 5
    with pytest.raises(SettingsError, match="COUNTER_ORPHAN_GRACE_MINUTES"):
        load_settings({"COUNTER_ORPHAN_GRACE_MINUTES": "0"})
    orphans = {spec.name: spec for spec in jobs.product_jobs()}["orphans"]
    assert orphans.interval.total_seconds() <= 10 * 60
