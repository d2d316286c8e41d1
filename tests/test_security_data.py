"""Security round two, the data promises: open data cannot single a person out (35), the
audit chain is keyed (36), a backup is consistent and its restore verifies every document
(40)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from counter.domain.audit import entry_hash, unkeyed_hash
from counter.models import AuditHead, StatusChange
from counter.services.audit import audit_key, verify_chain
from counter.settings import SettingsError, get_settings, load_settings
from tests import test_audit
from tests.test_audit import counter_command

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
