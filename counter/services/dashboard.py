"""The figures of the administrators' dashboard and of the public transparency page.

Everything is computed by services.indicators (SQL aggregates, DOMAIN.md definitions);
this module shapes the results for screens (display strings in one language, and plain
numbers for charts), and decides which region an administrator's dashboard may show
(services.scope: a region's administrator sees their region only; the consortium's chooses
a region or all four).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from counter.domain.catalog import localized
from counter.domain.names import by_name, names_of
from counter.i18n import (
    format_datetime,
    format_days,
    format_number,
    format_percent,
    format_period,
    t,
)
from counter.i18n.formats import format_month
from counter.models import Account, Province, Region, Service
from counter.services import indicators
from counter.services.scope import admin_scope, region_by_code, regions_in, require_region


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date

    @classmethod
    def last_months(cls, months: int = 12, today: date | None = None) -> Period:
        today = today or datetime.now(UTC).date()
        return cls(today - timedelta(days=round(months * 30.44)), today + timedelta(days=1))

    @classmethod
    def parse(cls, date_from: str, date_to: str, default: Period | None = None) -> Period:
        """Dates typed in the filters (YYYY-MM-DD); anything unreadable keeps the default."""
        default = default or cls.last_months()
        try:
            start = date.fromisoformat(date_from) if date_from else default.date_from
            end = date.fromisoformat(date_to) if date_to else default.date_to
        except ValueError:
            return default
        return cls(start, end) if start < end else default


def _rounded(value: Any) -> float | None:
    return None if value is None else round(value, 1)


def _count(value: Any, lang: str) -> str:
    return format_number(value or 0, lang, digits=0)


def _pct(value: Any, lang: str) -> str:
    return format_percent(value, lang)


def _texts(point: dict[str, Any], lang: str, **formats: Callable[[Any, str], str]
           ) -> dict[str, Any]:
    """A chart's point and, beside each value, its text as the tables write it
    (`<key>_text`): what the chart's tooltip shows."""
    return {**point, **{f"{key}_text": write(point.get(key), lang)
                        for key, write in formats.items()}}


def _short(name: str, length: int = 30) -> str:
    """A chart label: the name, or its beginning and an ellipsis (the table has it whole)."""
    return name if len(name) <= length else name[:length - 1].rstrip() + "…"


def _days(value: Any, lang: str) -> str:
    return format_days(value, lang, key="unit.days_short")


def verdict_label(verdict: str | None, lang: str) -> str:
    return t(f"verdict.{verdict or 'no_data'}", lang)


def scope_name(region_code: str | None, region_names: dict[str, dict[str, str]],
               lang: str) -> str:
    """A region's name, or the four regions together."""
    if region_code and region_code in region_names:
        return localized(region_names[region_code], lang)
    return t("figures.all_regions", lang)


def _row(item: dict[str, Any], lang: str,
         region_names: dict[str, dict[str, str]] | None = None) -> dict[str, str]:
    names = names_of(item, "procedure_name")
    return {
        "code": item.get("procedure_code") or item.get("region_code") or "",
        "name": localized(names, lang) if any(names.values())
        else scope_name(item.get("region_code"), region_names or {}, lang),
        "decided": _count(item.get("decided_count"), lang),
        "median": _days(item.get("median_admin_days"), lang),
        "p90": _days(item.get("p90_admin_days"), lang),
        "mean": _days(item.get("mean_admin_days"), lang),
        "calendar": _days(item.get("median_calendar_days"), lang),
        "baseline": _days(item.get("baseline_median_days"), lang),
        "reduction": _pct(item.get("reduction_pct"), lang),
        "target": _pct(item.get("target_reduction_pct"), lang),
        "on_time": _pct(item.get("on_time_pct"), lang),
        "deadline": _days(item.get("legal_deadline_days"), lang),
        "open": _count(item.get("open_count"), lang),
        "overdue": _count(item.get("open_overdue_count"), lang),
        "verdict": item.get("verdict") or "no_data",
        "verdict_label": verdict_label(item.get("verdict"), lang),
        "region": scope_name(item.get("region_code"), region_names or {}, lang)
        if item.get("procedure_code") and item.get("region_code") else "",
    }


def region_options(session: Session, lang: str) -> list[list[str]]:
    """Every region, [code, name], for the public page's region choice."""
    rows = session.exec(select(Region).order_by(Region.code)).all()
    return [[r.code, localized(r.names, lang)] for r in rows]


def filter_options(session: Session, lang: str,
                   region_code: str | None = None) -> dict[str, list[list[str]]]:
    """The services and provinces to filter by: the region's only, when one is chosen."""
    services = select(Service).order_by(Service.code)
    provinces = select(Province)
    if region_code:
        region = region_by_code(session, region_code)
        region_id = region.id if region else -1
        services = services.where(Service.region_id == region_id)
        provinces = provinces.where(Province.region_id == region_id)
    return {"services": [[s.code, localized(s.names, lang)]
                         for s in session.exec(services).all()],
            "provinces": [[p.code, localized(p.names, lang)]
                          for p in by_name(session.exec(provinces).all())]}


@dataclass(frozen=True)
class AdminChoice:
    """What an administrator's dashboard shows: a region ("" for the consortium's four, for
    a consortium administrator only), and the region's filters to choose from."""

    region_code: str
    is_consortium: bool
    regions: list[list[str]]  # [code, name] the administrator may choose from
    services: list[list[str]]
    provinces: list[list[str]]


def admin_choice(session: Session, *, admin: Account | None, lang: str, region_code: str = "",
                 service_code: str = "", province_code: str = "") -> AdminChoice:
    """The region and filters an administrator asked for, checked against their scope.

    A region's administrator gets their own region whatever they ask ("" included); asking
    for another region, or for a service or province of another region, is refused and
    logged (OutOfScope). An unknown code is an indicators.UnknownCode.
    """
    scope = admin_scope(admin)
    region = region_by_code(session, region_code) if region_code else None
    if region_code and region is None:
        raise indicators.UnknownCode(f"unknown region code: {region_code!r}")
    if region is None and scope.region_id is not None:
        region = session.get(Region, scope.region_id)
    require_region(scope, region.id if region else None, what="figures")
    for model, code in ((Service, service_code), (Province, province_code)):
        if code:
            row = session.exec(select(model).where(model.code == code)).first()
            if row is None:
                raise indicators.UnknownCode(f"unknown {model.__name__.lower()}: {code!r}")
            require_region(scope, row.region_id, what="figures")
    options = filter_options(session, lang, region.code if region else None)
    return AdminChoice(
        region_code=region.code if region else "", is_consortium=scope.is_consortium,
        regions=[[r.code, localized(r.names, lang)] for r in regions_in(session, scope)],
        services=options["services"], provinces=options["provinces"])


@dataclass(frozen=True)
class Figures:
    """The language-free figures of one period, region and filter, and when they were
    computed; the regions' names, for the screens."""

    period: Period
    computed_at: datetime
    report: indicators.IndicatorReport
    series: list[dict[str, Any]]
    backlog: list[dict[str, Any]]
    region_names: dict[str, dict[str, str]]


def compute(session: Session, *, period: Period, region_code: str = "", service_code: str = "",
            province_code: str = "", now: datetime | None = None) -> Figures:
    now = now or datetime.now(UTC)
    filters = {"region_code": region_code or None, "service_code": service_code or None,
               "province_code": province_code or None}
    report = indicators.compute_indicators(session, date_from=period.date_from,
                                           date_to=period.date_to, now=now, **filters)
    series = indicators.monthly_series(session, date_from=period.date_from,
                                       date_to=period.date_to, now=now, **filters)
    backlog = indicators.backlog_by_age(session, now=now, **filters)
    names = {r.code: dict(r.names) for r in session.exec(select(Region)).all()}
    return Figures(period, now, report, series, backlog, names)


def admin_dashboard(session: Session, *, admin: Account | None, period: Period, lang: str,
                    region_code: str = "", service_code: str = "", province_code: str = "",
                    now: datetime | None = None) -> tuple[AdminChoice, dict[str, Any]]:
    """An administrator's dashboard: the checked choice (admin_choice) and its figures."""
    choice = admin_choice(session, admin=admin, lang=lang, region_code=region_code,
                          service_code=service_code, province_code=province_code)
    return choice, dashboard(session, period=period, lang=lang, region_code=choice.region_code,
                             service_code=service_code, province_code=province_code, now=now)


def dashboard(session: Session, *, period: Period, lang: str, region_code: str = "",
              service_code: str = "", province_code: str = "",
              now: datetime | None = None) -> dict[str, Any]:
    """Tables (display strings) and chart series (numbers) for one period and filter, with
    no scope check: what admin_dashboard shows once it has checked the choice."""
    return shaped(compute(session, period=period, region_code=region_code,
                          service_code=service_code, province_code=province_code, now=now),
                  lang)


def shaped(figures: Figures, lang: str) -> dict[str, Any]:
    """The figures as the screens show them, in one language.

    `regions`: one row per region and the consortium's last (a region's report has only its
    own row); `regions_chart`: the regions' reduction and on-time share, for comparing them.
    """
    report, series, backlog = figures.report, figures.series, figures.backlog
    names = figures.region_names
    procedures = [row for row in report.procedures if row.get("decided_count")
                  or row.get("open_count")]
    by_channel = (report.paper or {}).get("by_channel", {})
    consortium = [report.total] if report.total.get("region_code") is None else []
    # Procedures of several regions share names: say whose each one is.
    several = len({row.get("region_code") for row in procedures}) > 1

    def label(row: dict[str, Any]) -> str:
        name = _row(row, lang)["name"]
        return _short(f"{row['region_code']} · {name}" if several else name)

    on_time = [_texts({"name": label(row), "on_time": round(row.get("on_time_pct") or 0, 1)},
                      lang, on_time=_pct)
               for row in procedures if row.get("decided_count")]
    return {
        "computed_at": format_datetime(figures.computed_at, lang),  # Moroccan time
        "period": format_period(figures.period.date_from,
                                figures.period.date_to - timedelta(days=1), lang),
        "scope": scope_name(report.region_code, names, lang),
        "total": _row(report.total, lang, names),
        "regions": [_row(row, lang, names) for row in [*report.regions, *consortium]],
        "regions_chart": [_texts({"name": _short(scope_name(row["region_code"], names, lang)),
                                  "reduction": _rounded(row.get("reduction_pct")),
                                  "on_time": _rounded(row.get("on_time_pct"))},
                                 lang, reduction=_pct, on_time=_pct)
                          for row in report.regions],
        "regions_domain": [min(0, 10 * math.floor(min(
            (row["reduction_pct"] for row in report.regions
             if row.get("reduction_pct") is not None), default=0) / 10)), 100],
        "procedures": [_row(row, lang, names) for row in procedures],
        "series": chart_series(series, lang),
        "has_partial_month": any(point["partial"] for point in series),
        "several_regions": several,
        "on_time": on_time,
        "on_time_height": max(300, 26 * len(on_time) + 90),  # a row per procedure
        "backlog": [_texts({"bucket": t(f"backlog.{item['bucket'].replace('>60', '60+')}",
                                         lang),
                            "count": item["open_count"], "overdue": item["overdue_count"]},
                           lang, count=_count, overdue=_count)
                    for item in backlog],
        "paper": [_texts({"channel": t(f"channel.{channel}", lang),
                          "documents": by_channel.get(channel, {}).get("documents", 0),
                          "pages": by_channel.get(channel, {}).get("pages", 0)},
                         lang, documents=_count, pages=_count)
                  for channel in ("online", "assisted")],
    }


def chart_series(series: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The monthly line's points: whole months in `median` and `p90`; a month the period or
    the clock cuts (services.indicators.monthly_series' `partial`) only in `median_partial`
    and `p90_partial`, drawn dashed, with the whole month next to it so the line joins.
    A month without decisions has None (a gap), never 0."""
    points = []
    for index, point in enumerate(series):
        beside = series[max(index - 1, 0):index + 2]
        median, p90 = _rounded(point["median_admin_days"]), _rounded(point["p90_admin_days"])
        dashed = point["partial"] or any(other["partial"] and other["decided_count"]
                                         for other in beside)
        points.append(_texts({
            "month": point["month"],
            "label": format_month(int(point["month"][:4]), int(point["month"][5:7]), lang),
            "partial": point["partial"],
            "median": None if point["partial"] else median,
            "p90": None if point["partial"] else p90,
            "median_partial": median if dashed else None,
            "p90_partial": p90 if dashed else None,
            "baseline": _rounded(point.get("baseline_median_days")),
            "target": _rounded(point.get("target_median_days")),
            "decided": point.get("decided_count") or 0,
        }, lang, median=_days, p90=_days, median_partial=_days, p90_partial=_days,
            baseline=_days, target=_days, decided=_count))
    return points


PUBLIC_MAX_AGE = timedelta(minutes=5)  # the public page says so (transparency.refresh)


class PublicFigures:
    """The public page's figures (the last 12 months, of one region or of all four),
    computed at most once per `max_age` per region in each server process, whoever asks
    and in whatever language.

    Anyone may open the page, as often as they like: without this, each visit would cost
    the database the whole computation (seconds at a million dossiers). Concurrent
    visitors of one region wait for one computation rather than each starting their own;
    those of different regions do not wait for each other. Only a region that exists gets
    an entry (an unknown code raises indicators.UnknownCode and leaves nothing behind).
    """

    def __init__(self, max_age: timedelta = PUBLIC_MAX_AGE) -> None:
        self.max_age = max_age
        self._figures: dict[str, Figures] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, session_factory: Callable[[], AbstractContextManager[Session]],
            region_code: str = "", now: datetime | None = None) -> Figures:
        now = now or datetime.now(UTC)
        period = Period.last_months(today=now.date())
        with self._guard:
            lock = self._locks.setdefault(region_code, threading.Lock())
        with lock:
            cached = self._figures.get(region_code)
            if (cached is None or cached.period != period
                    or now - cached.computed_at >= self.max_age or now < cached.computed_at):
                try:
                    with session_factory() as session:
                        cached = compute(session, period=period, region_code=region_code,
                                         now=now)
                except indicators.UnknownCode:
                    with self._guard:
                        if region_code not in self._figures:
                            self._locks.pop(region_code, None)
                    raise
                self._figures[region_code] = cached
            return cached


public_figures = PublicFigures()
