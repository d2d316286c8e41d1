"""The hash chain of the audit trail: each entry's hash covers the previous entry's hash.

The hash is an HMAC-SHA256 under a key kept outside the database (SECURITY 36): someone who
can write to the database alone cannot recompute a chain that verifies. `unkeyed_hash` is
the formula of the chains written before the key (up to migration 0011), kept to tell such a
chain, or one recomputed without the key, from plain tampering.

An entry's hash covers the SHA-256 of its note rather than the note itself: the note is
free text that may be personal (a reason, a request), and law 09-08 has it erased when the
dossier's retention ends; its digest stays, and the chain still verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

GENESIS = ""


def note_digest(note: str | None) -> str:
    """The SHA-256 of a note; no note and an empty note are the same."""
    return hashlib.sha256((note or "").encode("utf-8")).hexdigest()


NO_NOTE = note_digest(None)


def _payload(
    *,
    prev_hash: str,
    entry_id: int,
    dossier_id: int | None,
    actor_id: int | None,
    at: datetime,
    from_status: str | None,
    to_status: str,
    note_sha256: str,
    petition_id: int | None = None,
) -> bytes:
    """What an entry's hash covers: its fields, its note's digest and the previous hash.
    A petition's entry (no dossier) adds its petition; a dossier's hashes as it always did."""
    fields = [prev_hash, entry_id, dossier_id, actor_id, at.isoformat(timespec="microseconds"),
              from_status, to_status, note_sha256]
    if petition_id is not None:
        fields.append({"petition_id": petition_id})
    return json.dumps(
        fields,
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")


def entry_hash(*, key: bytes, **fields: Any) -> str:
    """HMAC-SHA256 (hex) of an entry (the fields of `_payload`) under the audit key."""
    if not key:
        raise ValueError("the audit chain needs a key")
    return hmac.new(key, _payload(**fields), hashlib.sha256).hexdigest()


def unkeyed_hash(**fields: Any) -> str:
    """Plain SHA-256: the formula before the key, which anyone can recompute."""
    return hashlib.sha256(_payload(**fields)).hexdigest()
