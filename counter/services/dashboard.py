"""The figures of the administrators' dashboard and of the public transparency page.

Everything is computed by services.indicators (SQL aggregates, DOMAIN.md definitions);
this module only shapes the results for screens: display strings in one language, and
plain numbers for charts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from counter.domain.catalog import localized
from counter.i18n import format_datetime, t
from counter.models import Province, Service
from counter.services import indicators


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


def _number(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"


def _rounded(value: Any) -> float | None:
    return None if value is None else round(value, 1)


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value:.0f} %"


def _short(name: str, length: int = 30) -> str:
    """A chart label: the name, or its beginning and an ellipsis (the table has it whole)."""
    return name if len(name) <= length else name[:length - 1].rstrip() + "…"


def _days(value: Any, lang: str) -> str:
    return "—" if value is None else t("unit.days_short", lang, n=_number(value))


def verdict_label(verdict: str | None, lang: str) -> str:
    return t(f"verdict.{verdict or 'no_data'}", lang)


def _row(item: dict[str, Any], lang: str) -> dict[str, str]:
    names = {k: item.get(f"procedure_name_{k}") or "" for k in ("fr", "ar", "en")}
    return {
        "code": item.get("procedure_code") or "",
        "name": localized(names, lang) if any(names.values()) else t("dashboard.region", lang),
        "decided": str(item.get("decided_count") or 0),
        "median": _days(item.get("median_admin_days"), lang),
        "p90": _days(item.get("p90_admin_days"), lang),
        "mean": _days(item.get("mean_admin_days"), lang),
        "calendar": _days(item.get("median_calendar_days"), lang),
        "baseline": _days(item.get("baseline_median_days"), lang),
        "reduction": _pct(item.get("reduction_pct")),
        "target": _pct(item.get("target_reduction_pct")),
        "on_time": _pct(item.get("on_time_pct")),
        "deadline": _days(item.get("legal_deadline_days"), lang),
        "open": str(item.get("open_count") or 0),
        "overdue": str(item.get("open_overdue_count") or 0),
        "verdict": item.get("verdict") or "no_data",
        "verdict_label": verdict_label(item.get("verdict"), lang),
    }


def filter_options(session: Session, lang: str) -> dict[str, list[list[str]]]:
    services = session.exec(select(Service).order_by(Service.code)).all()
    provinces = session.exec(select(Province).order_by(Province.name_fr)).all()
    names = lambda row: {k: getattr(row, f"name_{k}") for k in ("fr", "ar", "en")}  # noqa: E731
    return {"services": [[s.code, localized(names(s), lang)] for s in services],
            "provinces": [[p.code, localized(names(p), lang)] for p in provinces]}


@dataclass(frozen=True)
class Figures:
    """The language-free figures of one period and filter, and when they were computed."""

    period: Period
    computed_at: datetime
    report: indicators.IndicatorReport
    series: list[dict[str, Any]]
    backlog: list[dict[str, Any]]


def compute(session: Session, *, period: Period, service_code: str = "",
            province_code: str = "", now: datetime | None = None) -> Figures:
    now = now or datetime.now(UTC)
    filters = {"service_code": service_code or None, "province_code": province_code or None}
    report = indicators.compute_indicators(session, date_from=period.date_from,
                                           date_to=period.date_to, now=now, **filters)
    series = indicators.monthly_series(session, date_from=period.date_from,
                                       date_to=period.date_to, now=now, **filters)
    backlog = indicators.backlog_by_age(session, now=now, **filters)
    return Figures(period, now, report, series, backlog)


def dashboard(session: Session, *, period: Period, lang: str, service_code: str = "",
              province_code: str = "", now: datetime | None = None) -> dict[str, Any]:
    """Tables (display strings) and chart series (numbers) for one period and filter."""
    return shaped(compute(session, period=period, service_code=service_code,
                          province_code=province_code, now=now), lang)


def shaped(figures: Figures, lang: str) -> dict[str, Any]:
    """The figures as the screens show them, in one language."""
    report, series, backlog = figures.report, figures.series, figures.backlog
    procedures = [row for row in report.procedures if row.get("decided_count")
                  or row.get("open_count")]
    by_channel = (report.paper or {}).get("by_channel", {})
    return {
        "computed_at": format_datetime(figures.computed_at, lang),  # Moroccan time
        "region": _row(report.region, lang),
        "procedures": [_row(row, lang) for row in procedures],
        "series": [{"month": point["month"],
                    "median": round(point["median_admin_days"] or 0, 1),
                    "p90": round(point["p90_admin_days"] or 0, 1),
                    "baseline": _rounded(point.get("baseline_median_days")),
                    "target": _rounded(point.get("target_median_days")),
                    "on_time": round(point.get("on_time_pct") or 0, 1),
                    "decided": point.get("decided_count") or 0} for point in series],
        "on_time": [{"name": _short(_row(row, lang)["name"]),
                     "on_time": round(row.get("on_time_pct") or 0, 1)}
                    for row in procedures if row.get("decided_count")],
        "backlog": [{"bucket": t(f"backlog.{item['bucket'].replace('>60', '60+')}", lang),
                     "count": item["open_count"], "overdue": item["overdue_count"]}
                    for item in backlog],
        "paper": [{"channel": t(f"channel.{channel}", lang),
                   "documents": by_channel.get(channel, {}).get("documents", 0),
                   "pages": by_channel.get(channel, {}).get("pages", 0)}
                  for channel in ("online", "assisted")],
    }


PUBLIC_MAX_AGE = timedelta(minutes=5)  # the public page says so (transparency.refresh)


class PublicFigures:
    """The public page's figures (whole region, last 12 months), computed at most once
    per `max_age` in each server process, whoever asks and in whatever language.

    Anyone may open the page, as often as they like: without this, each visit would cost
    the database the whole computation (seconds at a million dossiers). Concurrent
    visitors wait for one computation rather than each starting their own.
    """

    def __init__(self, max_age: timedelta = PUBLIC_MAX_AGE) -> None:
        self.max_age = max_age
        self._figures: Figures | None = None
        self._lock = threading.Lock()

    def get(self, session_factory: Callable[[], AbstractContextManager[Session]],
            now: datetime | None = None) -> Figures:
        now = now or datetime.now(UTC)
        period = Period.last_months(today=now.date())
        with self._lock:
            cached = self._figures
            if (cached is None or cached.period != period
                    or now - cached.computed_at >= self.max_age or now < cached.computed_at):
                with session_factory() as session:
                    cached = self._figures = compute(session, period=period, now=now)
            return cached


public_figures = PublicFigures()
