"""The administration's clock: time a dossier waits on the applicant does not count.

calendar time = end - first submission; applicant wait = time in info_requested;
admin time = calendar time - applicant wait (DOMAIN.md). `end` is the decision, or now
for an open dossier; a dossier waiting on the applicant has its clock stopped.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

DAY = 86400.0


class DecidedDays(NamedTuple):
    """The two durations of a decided dossier, stored on it at the decision (DOMAIN.md)."""

    calendar_days: float
    admin_days: float


def decided_days(submitted_at: datetime, decided_at: datetime,
                 applicant_wait_seconds: float) -> DecidedDays:
    """calendar_days = decision - first submission; admin_days = that - applicant wait.

    Fractional days (seconds / 86400). They never change once the dossier is decided, so
    they are written with the decision and the indicators read them as they are.
    """
    calendar = (decided_at - submitted_at).total_seconds() / DAY
    return DecidedDays(calendar, calendar - applicant_wait_seconds / DAY)


def wait_seconds(wait_so_far: float, paused_at: datetime | None, now: datetime) -> float:
    """Total applicant wait, counting the pause in progress."""
    return wait_so_far + (max((now - paused_at).total_seconds(), 0.0) if paused_at else 0.0)


def admin_days(
    submitted_at: datetime | None,
    *,
    wait_so_far: float,
    paused_at: datetime | None,
    end: datetime,
) -> float:
    if submitted_at is None:
        return 0.0
    calendar = (end - submitted_at).total_seconds()
    return max(calendar - wait_seconds(wait_so_far, paused_at, end), 0.0) / DAY


def due_at(submitted_at: datetime, legal_deadline_days: int, wait_so_far: float) -> datetime:
    """The legal deadline on the administration's clock, pushed back by the pauses."""
    return submitted_at + timedelta(days=legal_deadline_days, seconds=wait_so_far)
