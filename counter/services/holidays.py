"""Administrators correct the public holidays the working-day deadlines skip.

Islamic holidays follow the moon and are announced late: the holidays package only
estimates them. A consortium administrator corrects the national calendar; a region's
administrator that region's (services.scope). Each correction makes the `due_dates` job
due at once (services.jobs): within a runner's tick it moves the due dates of the open
working-day dossiers (services.deadlines.refresh_due_dates), off the administrator's
request, however many dossiers are open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from counter.domain.catalog import localized
from counter.domain.forms import FieldProblem
from counter.domain.workdays import package_holidays
from counter.i18n import format_date
from counter.models import Account, HolidayCorrection, Region
from counter.services.jobs import run_soon
from counter.services.scope import admin_scope, region_by_code, require_region

LANGS = ("fr", "ar", "en")


@dataclass
class HolidayError(ValueError):
    code: str
    errors: dict[str, str] = field(default_factory=dict)


def parse_day(text: str) -> date:
    """DD/MM/YYYY (as screens write dates) or YYYY-MM-DD; ValueError otherwise."""
    text = (text or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a day, no time)
        except ValueError:
            continue
    raise ValueError(text)


def correct(session: Session, *, admin: Account, day: str, region_code: str = "",
            is_holiday: bool = True, name: dict[str, str] | None = None,
            reason: str = "") -> HolidayCorrection:
    """Say that `day` is (or is not) a public holiday, nationally or in one region. A
    correction of the same day and scope replaces the previous one."""
    scope = admin_scope(admin)
    errors: dict[str, str] = {}
    try:
        when = parse_day(day)
        if not 2000 <= when.year <= 2100:
            raise ValueError(day)
    except ValueError:
        errors["day"] = "error.holiday_date"
        when = None
    region = region_by_code(session, region_code)
    if (region_code or "").strip() and region is None:
        errors["region_code"] = "error.choice_invalid"
    names = {lang: str((name or {}).get(lang, "")).strip()[:120] for lang in LANGS}
    if is_holiday and not all(names.values()):
        for lang in LANGS:
            if not names[lang]:
                errors[f"name_{lang}"] = "error.field_required"
    if len(reason or "") > 500:
        errors["reason"] = FieldProblem("error.text_too_long", max=500)
    if errors:
        raise HolidayError("error.form_invalid", errors)
    # National corrections are the consortium's; a region's, its administrators'.
    require_region(scope, region.id if region else None, what="holiday_correction")
    same_scope = (col(HolidayCorrection.region_id) == region.id if region
                  else col(HolidayCorrection.region_id).is_(None))
    existing = session.exec(select(HolidayCorrection).where(
        HolidayCorrection.day == when, same_scope)).first()
    row = existing or HolidayCorrection(day=when, region_id=region.id if region else None)
    row.is_holiday, row.name, row.reason = bool(is_holiday), names, (reason or "").strip()
    row.created_by_id = admin.id
    session.add(row)
    session.flush()
    run_soon(session, "due_dates")
    return row


def remove(session: Session, *, admin: Account, correction_id: int) -> None:
    scope = admin_scope(admin)
    row = session.get(HolidayCorrection, correction_id)
    if row is None:
        raise HolidayError("error.holiday_not_found")
    require_region(scope, row.region_id, what="holiday_correction")
    session.delete(row)
    session.flush()
    run_soon(session, "due_dates")


def year_rows(session: Session, *, admin: Account, year: int, lang: str
              ) -> list[dict[str, Any]]:
    """The package's holidays of `year` and the corrections the administrator may see
    (national, and their region's or every region's), in date order."""
    scope = admin_scope(admin)
    regions = {r.id: r for r in session.exec(select(Region)).all()}
    rows: list[dict[str, Any]] = [
        {"day": day, "date": format_date(day, lang), "name": localized(names, lang),
         "scope": "", "kind": "package", "id": ""}
        for day, names in package_holidays(year).items()]
    corrections = session.exec(select(HolidayCorrection).where(
        HolidayCorrection.day >= date(year, 1, 1), HolidayCorrection.day <= date(year, 12, 31))
    ).all()
    for row in corrections:
        if row.region_id is not None and not scope.covers(row.region_id):
            continue
        region = regions.get(row.region_id) if row.region_id else None
        rows.append({
            "day": row.day, "date": format_date(row.day, lang),
            "name": localized(row.name, lang) if row.name else "",
            "scope": localized(region.names, lang)
            if region else "",
            "kind": "added" if row.is_holiday else "removed",
            "id": str(row.id), "reason": row.reason,
        })
    rows.sort(key=lambda r: (r["day"], r["kind"] != "package"))
    return [{**{k: v for k, v in r.items() if k != "day"}, "iso": r["day"].isoformat()}
            for r in rows]
