"""The audit trail of transitions: append-only and hash-chained.

Appending locks the chain's head row (FOR UPDATE on PostgreSQL; SQLite serializes
writers), so two transitions never fork the chain.

Each entry is hashed over the SHA-256 of its note (`note_sha256`, written at append), so
that the retention purge (law 09-08, services.retention) can erase the note of a purged
dossier and the chain still verifies. A note changed is found (it no longer matches its
digest); a note erased is accepted only on a purged dossier.

The chain is keyed (SECURITY 36): each hash is an HMAC-SHA256 under the audit key, which
lives outside the database, in `COUNTER_AUDIT_KEY` or in the file `COUNTER_AUDIT_KEY_FILE`
(default `<data dir>/audit.key`, created 0600 with a random key on first use). Every worker
and every machine of one installation must use the same key: an entry appended under
another key breaks the chain. Losing the key makes the chain unverifiable; keep it in the
backups of the machine, apart from the database's.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, col, select

from counter.domain.audit import GENESIS, NO_NOTE, entry_hash, note_digest, unkeyed_hash
from counter.models import AccountEvent, AuditHead, Dossier, StatusChange, utcnow
from counter.settings import AUDIT_KEY_MIN_LENGTH, SettingsError, get_settings


def audit_key() -> bytes:
    """The audit chain's key: COUNTER_AUDIT_KEY, else the key file (created if absent)."""
    settings = get_settings()
    return _load_key(settings.audit_key, settings.audit_key_file)


def derived_key(purpose: str) -> bytes:
    """A key of its own for one purpose (the tracking PINs), derived from the audit key:
    outside the database like it, the same in every worker, never the audit key itself."""
    return hmac.new(audit_key(), f"counter derived key: {purpose}".encode(),
                    hashlib.sha256).digest()


@lru_cache(maxsize=4)
def _load_key(value: str | None, path: Path) -> bytes:
    if value:
        return value.encode("utf-8")
    if not path.exists():
        _create_key_file(path)
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise SettingsError(f"COUNTER_AUDIT_KEY_FILE {path} cannot be read: {error}") from None
    if len(text) < AUDIT_KEY_MIN_LENGTH:
        raise SettingsError(f"COUNTER_AUDIT_KEY_FILE {path} must hold a key of at least "
                            f"{AUDIT_KEY_MIN_LENGTH} characters")
    return text.encode("utf-8")


def _create_key_file(path: Path) -> None:
    """A random key, written 0600 under a temporary name then linked into place: two
    workers starting at once end up with the one key whichever links first."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def _fields(entry: StatusChange, prev_hash: str) -> dict:
    return {"prev_hash": prev_hash, "entry_id": entry.id, "dossier_id": entry.dossier_id,
            "actor_id": entry.actor_id, "at": entry.at, "from_status": entry.from_status,
            "to_status": entry.to_status, "note_sha256": entry.note_sha256,
            "petition_id": entry.petition_id}


def _hash_of(entry: StatusChange, prev_hash: str, key: bytes | None = None) -> str:
    return entry_hash(key=key or audit_key(), **_fields(entry, prev_hash))


def append_transition(
    session: Session,
    *,
    dossier_id: int | None = None,
    petition_id: int | None = None,
    actor_id: int | None,
    from_status: str | None,
    to_status: str,
    note: str | None = None,
    at: datetime | None = None,
) -> StatusChange:
    # Touch the head row first: this takes the write lock (SQLite) or the row lock
    # (PostgreSQL) before the head is read, so no other append can slip in between.
    session.execute(update(AuditHead).where(col(AuditHead.id) == 1)
                    .values(last_id=AuditHead.last_id))
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    if (dossier_id is None) == (petition_id is None):
        raise ValueError("an audit entry is a dossier's or a petition's")
    entry = StatusChange(
        dossier_id=dossier_id,
        petition_id=petition_id,
        actor_id=actor_id,
        from_status=from_status,
        to_status=to_status,
        note=note,
        note_sha256=note_digest(note),
        at=at or utcnow(),
        prev_hash=head.last_hash,
    )
    session.add(entry)
    session.flush()
    entry.entry_hash = _hash_of(entry, head.last_hash)
    head.last_id, head.last_hash = entry.id, entry.entry_hash
    session.add_all([entry, head])
    session.flush()
    return entry


def erase_notes(session: Session, dossier_ids: list[int]) -> int:
    """Erase the notes of purged dossiers' entries (law 09-08); their digests stay, so the
    chain still verifies. The only change ever made to an entry; the caller commits."""
    if not dossier_ids:
        return 0
    result = session.execute(update(StatusChange)
                             .where(col(StatusChange.dossier_id).in_(dossier_ids),
                                    col(StatusChange.note).is_not(None))
                             .values(note=None)
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


UNKEYED = ("hashed without the audit key: recomputed by someone with database access "
           "alone, or checked with another key than the one that wrote it")


def verify_chain(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the chain in order; report the first entry whose link does not hold."""
    key = audit_key()
    prev_hash, checked, last_id = GENESIS, 0, 0
    while True:
        rows = session.exec(
            select(StatusChange).where(StatusChange.id > last_id).order_by(StatusChange.id)
            .limit(batch)
        ).all()
        if not rows:
            break
        erased = {e.dossier_id for e in rows if e.note is None and e.note_sha256 != NO_NOTE}
        purged = _purged_dossiers(session, erased)
        for entry in rows:
            if entry.prev_hash != prev_hash:
                return ChainReport(False, checked, entry.id, "previous entry missing or changed")
            if _hash_of(entry, prev_hash, key) != entry.entry_hash:
                reason = ("entry content changed"
                          if unkeyed_hash(**_fields(entry, prev_hash)) != entry.entry_hash
                          else UNKEYED)
                return ChainReport(False, checked, entry.id, reason)
            if entry.note is not None and note_digest(entry.note) != entry.note_sha256:
                return ChainReport(False, checked, entry.id, "entry content changed")
            if (entry.note is None and entry.note_sha256 != NO_NOTE
                    and entry.dossier_id not in purged):
                return ChainReport(False, checked, entry.id, "note erased outside a purge")
            prev_hash, last_id, checked = entry.entry_hash, entry.id, checked + 1
    head = session.get(AuditHead, 1)
    if head is None or head.last_hash != prev_hash or head.last_id != last_id:
        return ChainReport(False, checked, head.last_id if head else None,
                           "newest entries missing")
    return ChainReport(True, checked)


def _purged_dossiers(session: Session, dossier_ids: set[int]) -> set[int]:
    if not dossier_ids:
        return set()
    return set(session.exec(select(Dossier.id).where(
        col(Dossier.id).in_(dossier_ids), col(Dossier.purged_at).is_not(None))).all())


# --- accounts -----------------------------------------------------------------------------


def record_account_event(
    session: Session,
    *,
    account_id: int | None,
    kind: str,
    channel: str = "",
    actor_id: int | None = None,
    client_ip: str | None = None,
    at: datetime | None = None,
) -> AccountEvent:
    """Append what happened to an account (activated, password reset, a counter code
    given), who did it (an agent's id, or None for the person themself) and from where;
    the security log gets the same record (SECURITY 31). Entries are never changed."""
    from counter.logs import log_event

    entry = AccountEvent(account_id=account_id, actor_id=actor_id, kind=kind[:32],
                         channel=channel[:16], client_ip=(client_ip or None) and client_ip[:64],
                         at=at or utcnow())
    session.add(entry)
    session.flush()
    log_event(kind, account=account_id, actor=actor_id, channel=channel, client=client_ip)
    return entry
