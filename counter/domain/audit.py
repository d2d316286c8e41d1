"""The hash chain of the audit trail: each entry's hash covers the previous entry's hash.

An entry's hash covers the SHA-256 of its note rather than the note itself: the note is
free text that may be personal (a reason, a request), and law 09-08 has it erased when the
dossier's retention ends; its digest stays, and the chain still verifies.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

GENESIS = ""


def note_digest(note: str | None) -> str:
    """The SHA-256 of a note; no note and an empty note are the same."""
    return hashlib.sha256((note or "").encode("utf-8")).hexdigest()


NO_NOTE = note_digest(None)


def entry_hash(
    *,
    prev_hash: str,
    entry_id: int,
    dossier_id: int,
    actor_id: int | None,
    at: datetime,
    from_status: str | None,
    to_status: str,
    note_sha256: str,
) -> str:
    payload = json.dumps(
        [prev_hash, entry_id, dossier_id, actor_id, at.isoformat(timespec="microseconds"),
         from_status, to_status, note_sha256],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
