"""Keeping no more than needed: old throttling records and ended sessions are deleted.

Both hold client addresses (personal data under law 09-08). Throttling only looks back
15 minutes and a session lives at most COUNTER_SESSION_ABSOLUTE_HOURS, so after
`KEEP` (30 days, long enough to investigate an attack) the rows serve nothing.
The hourly `purge` job (counter.services.jobs) runs it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, or_

from counter.models import Attempt, PasswordReset, PendingSignup, UserSession, utcnow

logger = logging.getLogger("counter.housekeeping")

KEEP = timedelta(days=30)


@dataclass(frozen=True)
class PurgeReport:
    attempts: int
    sessions: int
    # Sign-ups never activated, once out of date (name, CIN, contact: SECURITY 31), and
    # the used ones after `keep`; password resets after `keep`.
    signups: int = 0


def purge(session: Session, *, now: datetime | None = None, keep: timedelta = KEEP
          ) -> PurgeReport:
    """Delete attempts older than `keep`, and sessions ended or expired before that.

    The caller commits.
    """
    before = (now or utcnow()) - keep
    attempts = session.exec(delete(Attempt).where(col(Attempt.at) < before))  # type: ignore[call-overload]
    sessions = session.exec(delete(UserSession).where(  # type: ignore[call-overload]
        or_(col(UserSession.ended_at) < before, col(UserSession.expires_at) < before)))
    now = now or utcnow()
    signups = session.exec(delete(PendingSignup).where(  # type: ignore[call-overload]
        or_(col(PendingSignup.expires_at) < now, col(PendingSignup.used_at) < before)))
    session.exec(delete(PasswordReset).where(  # type: ignore[call-overload]
        col(PasswordReset.expires_at) < before))
    return PurgeReport(attempts.rowcount or 0, sessions.rowcount or 0, signups.rowcount or 0)
