"""The audit trail of transitions: append-only and hash-chained.

Appending locks the chain's head row (FOR UPDATE on PostgreSQL; SQLite serializes
writers), so two transitions never fork the chain.

Each entry is hashed over the SHA-256 of its note (`note_sha256`, written at append), so
that the retention purge (law 09-08, services.retention) can erase the note of a purged
dossier and the chain still verifies. A note changed is found (it no longer matches its
digest); a note erased is accepted only on a purged dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from counter.domain.audit import GENESIS, NO_NOTE, entry_hash, note_digest
from counter.models import AccountEvent, AuditHead, Dossier, StatusChange, utcnow


def _hash_of(entry: StatusChange, prev_hash: str) -> str:
    return entry_hash(
        prev_hash=prev_hash,
        entry_id=entry.id,
        dossier_id=entry.dossier_id,
        actor_id=entry.actor_id,
        at=entry.at,
        from_status=entry.from_status,
        to_status=entry.to_status,
        note_sha256=entry.note_sha256,
    )


def append_transition(
    session: Session,
    *,
    dossier_id: int,
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
    entry = StatusChange(
        dossier_id=dossier_id,
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


def verify_chain(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the chain in order; report the first entry whose link does not hold."""
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
            if _hash_of(entry, prev_hash) != entry.entry_hash:
                return ChainReport(False, checked, entry.id, "entry content changed")
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
