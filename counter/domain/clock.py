"""The administration's clock: time a dossier waits on the applicant does not count.

calendar time = end - first submission; applicant wait = time in info_requested;
admin time = calendar time - applicant wait (DOMAIN.md). `end` is the decision, or now
for an open dossier; a dossier waiting on the applicant has its clock stopped. These
published durations are in calendar days whatever the procedure.

The legal deadline is counted in the procedure's unit (calendar or working days,
domain.workdays): `due_date` replays a dossier's pauses on its calendar, so the due date,
the time left and "on time" follow the law's own count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from counter.domain.workdays import WorkCalendar

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


@dataclass(frozen=True)
class Pause:
    """A time the dossier waited on the applicant (info_requested); `end` None while it
    still does."""

    start: datetime
    end: datetime | None = None


def due_date(calendar: WorkCalendar, *, submitted_at: datetime, deadline_days: int,
             pauses: Sequence[Pause] = (), restart_on_answer: bool = False,
             extension_days: int = 0) -> datetime:
    """When the deadline falls on the administration's clock, in the calendar's unit.

    The clock runs from the first submission for `deadline_days` (+ an extension), and
    stops during each pause: a finished pause pushes the due date back by its own length
    counted on the calendar (working time only, for working days). With
    `restart_on_answer` the applicant's answer starts the whole deadline again (law 55-19
    lets each procedure say which). A pause still running freezes the due date: the time
    left is then counted from the pause's start (`days_left`).
    """
    start, budget = submitted_at, float(deadline_days + extension_days)
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.end is None:
            break
        if restart_on_answer:
            start, budget = pause.end, float(deadline_days + extension_days)
        else:
            budget += calendar.elapsed_days(pause.start, pause.end)
    return calendar.advance(start, budget)


def days_left(calendar: WorkCalendar, due: datetime, clock: datetime) -> float:
    """Days of the deadline left at `clock` (negative once past), in the calendar's unit."""
    if clock <= due:
        return calendar.elapsed_days(clock, due)
    return -calendar.elapsed_days(due, clock)
