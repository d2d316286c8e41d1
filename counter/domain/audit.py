"""The hash chain of the audit trail: each entry's hash covers the previous entry's hash."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

GENESIS = ""


def entry_hash(
    *,
    prev_hash: str,
    entry_id: int,
    dossier_id: int,
    actor_id: int | None,
    at: datetime,
    from_status: str | None,
    to_status: str,
    note: str | None,
) -> str:
    payload = json.dumps(
        [prev_hash, entry_id, dossier_id, actor_id, at.isoformat(timespec="microseconds"),
         from_status, to_status, note or ""],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
