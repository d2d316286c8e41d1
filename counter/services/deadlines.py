"""Legal deadlines as the law writes them: each dossier's due date on its region's calendar.

A dossier keeps its procedure's rules from filing (form_schema: deadline, unit, extension,
urgent deadline, clock after a complement). Its calendar is the unit's: calendar days, or
working days of its handling region (Morocco's holidays from the holidays package, with
the administrators' corrections, national then regional). The due date is replayed from
the dossier's submission and pauses (domain.clock.due_date), so a late holiday correction
moves the due dates of the open dossiers (`refresh_due_dates`, the `due_dates` job).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from counter.domain.clock import Pause, due_date
from counter.domain.law import ComplementClock
from counter.domain.lifecycle import OPEN_STATUSES, Status
from counter.domain.workdays import DeadlineUnit, HolidayCorrection, WorkCalendar, calendar_for
from counter.models import Dossier, Region, Service, StatusChange
from counter.models import HolidayCorrection as HolidayCorrectionRow


def corrections(session: Session) -> list[HolidayCorrection]:
    """Every administrator's correction, as the calendar reads them."""
    rows = session.exec(select(HolidayCorrectionRow, Region).outerjoin(
        Region, Region.id == HolidayCorrectionRow.region_id).order_by(
        HolidayCorrectionRow.id)).all()
    return [HolidayCorrection(day=row.day, is_holiday=row.is_holiday,
                              region_code=region.code if region else None, name=row.name)
            for row, region in rows]


class Calendars:
    """The calendars of one unit of work (a page, a job), built once per region and unit."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._corrections: list[HolidayCorrection] | None = None
        self._regions: dict[int, str] = {}
        self._built: dict[tuple[str, str | None], WorkCalendar] = {}

    def _region_code(self, service_id: int) -> str | None:
        if service_id not in self._regions:
            self._regions[service_id] = self.session.exec(
                select(Region.code).join(Service, Service.region_id == Region.id)
                .where(Service.id == service_id)).first()
        return self._regions[service_id]

    def of(self, dossier: Dossier) -> WorkCalendar:
        unit = dossier.form_schema.get("deadline_unit") or DeadlineUnit.CALENDAR
        region = self._region_code(dossier.service_id) if unit == DeadlineUnit.WORKING else None
        key = (unit, region)
        if key not in self._built:
            if unit == DeadlineUnit.WORKING and self._corrections is None:
                self._corrections = corrections(self.session)
            self._built[key] = calendar_for(unit, self._corrections or (), region)
        return self._built[key]


def deadline_days(dossier: Dossier) -> int:
    """The deadline in force: an urgent request's (law 31-13) or the procedure's."""
    schema = dossier.form_schema
    if dossier.urgent and schema.get("urgent_deadline_days"):
        return int(schema["urgent_deadline_days"])
    return int(schema.get("legal_deadline_days") or 0)


def extension_days(dossier: Dossier) -> int:
    """The one extension once granted: as long as the deadline in force (law 31-13)."""
    if dossier.extended_at is None:
        return 0
    schema = dossier.form_schema
    if dossier.urgent and schema.get("urgent_deadline_days"):
        return int(schema["urgent_deadline_days"])
    return int(schema.get("extension_days") or 0)


def pauses_of(session: Session, dossier: Dossier) -> list[Pause]:
    """The dossier's waits on the applicant, from its audit trail."""
    changes = session.exec(select(StatusChange.to_status, StatusChange.at).where(
        StatusChange.dossier_id == dossier.id).order_by(col(StatusChange.id))).all()
    pauses: list[Pause] = []
    started: datetime | None = None
    for status, at in changes:
        if status == Status.INFO_REQUESTED:
            started = at
        elif started is not None:
            pauses.append(Pause(started, at))
            started = None
    if started is not None:
        pauses.append(Pause(started))
    return pauses


def due_at_for(session: Session, dossier: Dossier, *, calendars: Calendars | None = None,
               pauses: list[Pause] | None = None, **changes: Any) -> datetime:
    """The dossier's due date, replayed on its calendar; `changes` (submitted_at, urgent,
    extended_at) are values about to be written, `pauses` the pauses to count if not
    those of its trail (e.g. with the one that is ending)."""
    view = Dossier.model_validate({**dossier.model_dump(), **changes})
    calendar = (calendars or Calendars(session)).of(view)
    return due_date(
        calendar, submitted_at=view.submitted_at, deadline_days=deadline_days(view),
        pauses=pauses_of(session, view) if pauses is None else pauses,
        restart_on_answer=(view.form_schema.get("complement_clock") == ComplementClock.RESTART),
        extension_days=extension_days(view))


def refresh_due_dates(session: Session, region_id: int | None = None) -> int:
    """Recompute the due dates of the open working-day dossiers (of one region, or all)
    after a holiday correction; decided dossiers keep the date their decision was judged
    against. Returns how many changed."""
    query = select(Dossier).where(col(Dossier.status).in_([s.value for s in OPEN_STATUSES]),
                                  col(Dossier.submitted_at).is_not(None))
    if region_id is not None:
        query = query.where(col(Dossier.service_id).in_(
            select(Service.id).where(Service.region_id == region_id)))
    calendars = Calendars(session)
    changed = 0
    for dossier in session.exec(query).all():
        if dossier.form_schema.get("deadline_unit") != DeadlineUnit.WORKING:
            continue
        due = due_at_for(session, dossier, calendars=calendars)
        if due != dossier.due_at:
            from counter.services.dossiers import save_versioned

            save_versioned(session, dossier, due_at=due)
            changed += 1
    return changed
