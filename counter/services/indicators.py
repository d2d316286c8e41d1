"""Processing-time indicators (DOMAIN.md, "Indicators"), computed in the database.

Every figure over dossiers is an SQL aggregate; Python only loops over the per-group
result rows (procedures, services, provinces, months) to assemble them. The rules the
figures follow (percentile, reduction, verdict, weighted mean) live in
counter.domain.indicators.

Definitions, for a dossier decided (accepted or rejected) in the period [from, to):
- calendar_days = (decided_at - submitted_at) / 86400 s;
- admin_days = calendar_days - applicant_wait_seconds / 86400 s (time waiting on the
  applicant is not the administration's delay). Both are written on the dossier with its
  decision (domain.clock.decided_days; they never change afterwards), so the figures
  read them rather than compute them from timestamps on every request;
- percentiles by linear interpolation between the closest ranks (numpy's default, as
  PostgreSQL's percentile_cont): the database finds the two values around the rank
  (ORDER BY ... LIMIT 2 OFFSET, read in the order of an index of the days from its nearer
  end, so nothing is sorted), and domain.indicators interpolates; the same statements on
  both databases. A region's figures, and the consortium's, are read the same way over
  all their dossiers (never derived from their procedures' medians);
- on time: admin_days <= the dossier's legal deadline, i.e. decided_at <= due_at. A
  dossier keeps the deadline in force when it was filed (form_schema, due_at = submitted_at
  + deadline + applicant wait): a later catalog edit does not make old decisions late;
- open (submitted, in_review, info_requested) and overdue: the administration's time so
  far (now - submitted_at - applicant wait, the clock stopped while paused) exceeds the
  dossier's deadline, i.e. coalesce(paused_at, now) > due_at (what the agent queue shows).

Periods: `date_from` and `date_to` are days; the bounds are UTC midnights and `date_to` is
excluded ([from, to)), so a dossier decided at exactly from 00:00 UTC counts and one at
to 00:00 UTC does not. Moroccan local time (UTC+1 most of the year) shifts the edge by
an hour; the published period says "UTC". None leaves that side open. The status of a
dossier is its current one: open_count is the backlog now, of dossiers submitted before
`to` when `to` is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlmodel import Session

from counter.domain.indicators import (
    DEFAULT_TARGET_PCT,
    interpolate,
    rank_position,
    reduction_pct,
    round_half_up,
    share_pct,
    target_met,
    verdict,
    weighted_mean,
)
from counter.domain.lifecycle import OPEN_STATUSES, Status
from counter.models import (
    Document,
    Dossier,
    HistoricalRecord,
    Procedure,
    Province,
    Region,
    Service,
)
from counter.services.sql import epoch_seconds, year_month

DAY = 86400.0
MEDIAN, P90 = 0.5, 0.9

_D = Dossier.__table__.c  # type: ignore[attr-defined]
_P = Procedure.__table__.c  # type: ignore[attr-defined]
_H = HistoricalRecord.__table__.c  # type: ignore[attr-defined]
_DOC = Document.__table__.c  # type: ignore[attr-defined]

_OPEN = sorted(str(s) for s in OPEN_STATUSES)

ON_TIME = _D.decided_at <= _D.due_at

PROCEDURE_KEYS = (
    "procedure_code", "procedure_name_fr", "procedure_name_ar", "procedure_name_en",
    "service_code", "region_code", "decided_count", "accepted_count", "rejected_count",
    "median_admin_days", "p90_admin_days", "mean_admin_days", "median_calendar_days",
    "baseline_median_days", "baseline_source", "reduction_pct", "target_reduction_pct",
    "target_met", "legal_deadline_days", "on_time_pct", "open_count", "open_overdue_count",
    "verdict",
)
BREAKDOWN_KEYS = (
    "code", "name_fr", "name_ar", "name_en", "decided_count", "accepted_count",
    "rejected_count", "median_admin_days", "p90_admin_days", "mean_admin_days",
    "median_calendar_days", "on_time_pct", "open_count", "open_overdue_count",
)
BACKLOG_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    # label, first whole day, first whole day of the next bucket
    ("0-7", 0, 8), ("8-15", 8, 16), ("16-30", 16, 31), ("31-60", 31, 61), (">60", 61, None),
)


class UnknownCode(ValueError):
    """A filter names a region, service, province or procedure that does not exist."""


@dataclass
class IndicatorReport:
    """Per procedure; one region-wide row per region (`regions`, each with its
    `region_code`); `total`, the whole scope's row: the consortium's (region_code None)
    without a region filter, else the region's (the same figures as its row in `regions`).
    Aggregate rows have procedure_code None."""

    date_from: date | None
    date_to: date | None
    now: datetime
    service_code: str | None
    province_code: str | None
    region_code: str | None = None
    procedures: list[dict[str, Any]] = field(default_factory=list)
    regions: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] = field(default_factory=dict)
    paper: dict[str, Any] = field(default_factory=dict)


# --- scope: the period and the filters, as SQL conditions ---------------------------------


def _midnight(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


@dataclass
class _Scope:
    start: datetime | None
    end: datetime | None
    now: datetime
    procedure_ids: list[int] | None = None
    province_id: int | None = None

    def filters(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.procedure_ids is not None:
            conditions.append(_among(_D.procedure_id, self.procedure_ids))
        if self.province_id is not None:
            conditions.append(_D.province_id == self.province_id)
        return conditions

    def decided(self) -> list[ColumnElement[bool]]:
        # admin_days is written with every decision, and only then (ck_dossier_decided_days)
        conditions: list[ColumnElement[bool]] = [_D.admin_days.is_not(None)]
        if self.start:
            conditions.append(_D.decided_at >= self.start)
        if self.end:
            conditions.append(_D.decided_at < self.end)
        return conditions + self.filters()

    def open(self) -> list[ColumnElement[bool]]:
        conditions = [_D.status.in_(_OPEN), _D.submitted_at.is_not(None)]
        if self.end:
            conditions.append(_D.submitted_at < self.end)
        return conditions + self.filters()

    def now_param(self) -> ColumnElement[Any]:
        return bindparam("now", self.now, type_=_D.paused_at.type)


def _scope(session: Session, *, date_from: date | None, date_to: date | None,
           now: datetime | None, service_code: str | None = None,
           province_code: str | None = None, procedure_code: str | None = None,
           region_code: str | None = None) -> _Scope:
    """The filters combine: the procedures of the region, of the service and the one named
    (none if they disagree), and the dossiers of the province."""
    scope = _Scope(_midnight(date_from), _midnight(date_to),
                   (now or datetime.now(UTC)).astimezone(UTC))
    chosen: list[set[int]] = []
    if region_code is not None:
        region_id = _id_of(session, Region, region_code)
        chosen.append(set(session.execute(select(_P.id).join(
            Service, Service.id == _P.service_id).where(Service.region_id == region_id))
            .scalars()))
    if service_code is not None:
        service_id = _id_of(session, Service, service_code)
        chosen.append(set(session.execute(
            select(_P.id).where(_P.service_id == service_id)).scalars()))
    if procedure_code is not None:
        chosen.append({_id_of(session, Procedure, procedure_code)})
    if chosen:
        scope.procedure_ids = sorted(set.intersection(*chosen))
    if province_code is not None:
        scope.province_id = _id_of(session, Province, province_code)
    return scope


def _among(column: ColumnElement[int], ids: Sequence[int]) -> ColumnElement[bool]:
    """`column IN ids`, written as ranges when the ids run in a few blocks.

    A region's or a service's procedures are usually created together, so their ids are
    consecutive: a BETWEEN costs two comparisons per index entry walked, where an IN list
    is a lookup (the quantile reads test it on every entry of an index of the days).
    """
    runs: list[list[int]] = []
    for value in sorted(set(ids)):
        if runs and value == runs[-1][1] + 1:
            runs[-1][1] = value
        else:
            runs.append([value, value])
    if not runs or len(runs) > 3:
        return column.in_(list(ids))
    terms = [column == low if low == high else column.between(low, high)
             for low, high in runs]
    return terms[0] if len(terms) == 1 else or_(*terms)


def _id_of(session: Session, model: type, code: str) -> int:
    found = session.execute(select(model.id).where(model.code == code)).scalar()  # type: ignore[attr-defined]
    if found is None:
        raise UnknownCode(f"unknown {model.__name__.lower()} code: {code!r}")
    return found


# --- the SQL aggregates -------------------------------------------------------------------


@dataclass
class _Stats:
    groups: dict[Any, dict[str, Any]]
    pools: dict[Any, dict[str, Any]] = field(default_factory=dict)


Members = Callable[["_Scope", Any], list[ColumnElement[bool]]]
"""members(scope, g): the conditions for the decided dossiers of the scope in group g."""


def _month_bounds(month: str) -> tuple[datetime, datetime]:
    """The first instant of a UTC month "YYYY-MM" and of the next."""
    year, number = int(month[:4]), int(month[5:7])
    return (datetime(year, number, 1, tzinfo=UTC),
            datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC))


def _month_members(scope: _Scope, month: str) -> list[ColumnElement[bool]]:
    # The month's bounds within the period: one range on decided_at, which an index seeks
    # (with two, SQLite would seek the period's and filter the month out of it).
    start, end = _month_bounds(month)
    return replace(scope, start=max(start, scope.start or start),
                   end=min(end, scope.end or end)).decided()


def _equal(column: ColumnElement[Any]) -> Members:
    return lambda scope, g: [*scope.decided(), column.is_(None) if g is None else column == g]


@dataclass(frozen=True)
class _Grouping:
    """What the figures are grouped by, and how to read one group's decided dossiers.

    `key` groups the counts statement; `members(scope, g)` are the conditions for the
    dossiers whose key is g (the same rows, written so that an index finds them); `indexes` name,
    per value column, the index whose order the quantile statements read, and
    `count_index` the one the counts statement reads. On SQLite these are given as
    INDEXED BY: without statistics its planner would rather compute and sort. PostgreSQL's
    planner finds the same plans itself.
    """

    key: ColumnElement[Any]
    members: Members
    indexes: dict[str, str] = field(default_factory=dict)
    count_index: str | None = None
    via_procedure: bool = False  # the key is a procedure column: join the procedure table

    def source(self, columns: Iterable[ColumnElement[Any]],
               conditions: Sequence[ColumnElement[bool]], index: str | None = None
               ) -> Select[Any]:
        statement = select(self.key.label("g"), *columns)
        if self.via_procedure:
            statement = statement.select_from(
                Dossier.__table__.join(Procedure.__table__, _P.id == _D.procedure_id))  # type: ignore[attr-defined]
        return _indexed(statement.where(*conditions), index)


_BY_VALUE = {"admin": "ix_dossier_admin_order", "calendar": "ix_dossier_calendar_order"}

BY_PROCEDURE = _Grouping(
    _D.procedure_id, _equal(_D.procedure_id),
    {"admin": "ix_dossier_admin_rank", "calendar": "ix_dossier_calendar_rank"},
    count_index="ix_dossier_admin_rank")
BY_SERVICE = _Grouping(
    _P.service_id,
    lambda scope, g: [*scope.decided(),
                      _D.procedure_id.in_(select(_P.id).where(_P.service_id == g))],
    _BY_VALUE, via_procedure=True)
BY_PROVINCE = _Grouping(_D.province_id, _equal(_D.province_id), _BY_VALUE)
BY_MONTH = _Grouping(
    year_month(_D.decided_at), _month_members,
    {"admin": "ix_dossier_decided_when", "calendar": "ix_dossier_decided_when"},
    count_index="ix_dossier_decided_when")
WHOLE = _Grouping(literal_column("'all'"), lambda scope, g: scope.decided(), _BY_VALUE)

_VALUES = {"admin": _D.admin_days, "calendar": _D.calendar_days}


def _indexed(statement: Select[Any], index: str | None, model: type = Dossier) -> Select[Any]:
    if index is None:
        return statement
    return statement.with_hint(model.__table__, f"INDEXED BY {index}",  # type: ignore[attr-defined]
                               dialect_name="sqlite")


def _prepare(session: Session) -> None:
    """On PostgreSQL, room to sort in memory and no JIT for these statements.

    SET LOCAL lasts until the end of the caller's transaction; the values only change
    speed (a month of decided dossiers sorts in memory; JIT compiling costs more than it
    saves here).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL work_mem = '64MB'"))
        session.execute(text("SET LOCAL jit = off"))


def _quantile(session: Session, value: ColumnElement[float],
              conditions: Sequence[ColumnElement[bool]], n: int, q: float,
              index: str | None = None) -> float | None:
    """The q-quantile of `value` over the n rows meeting `conditions`.

    The database orders the rows and skips to the rank: ORDER BY value LIMIT 2 OFFSET
    floor((n - 1) q). Read in the order of an index of the values, the skip walks index
    entries without sorting or reading anything else; the interpolation between the two
    values is DOMAIN.md's rule (domain.indicators). `n` must be the count of the same rows.
    A rank in the upper half is read from the top (ORDER BY value DESC, the index walked
    backwards): a p90 skips a tenth of the entries rather than nine tenths.
    """
    offset, fraction = rank_position(n, q)
    wanted = 2 if fraction else 1  # the value at the rank, and the next one if between
    statement = select(value).where(*conditions)
    if offset <= (n - 1) / 2:
        statement = statement.order_by(value).limit(wanted).offset(offset)
        values = list(session.execute(_indexed(statement, index)).scalars())
    else:
        statement = statement.order_by(value.desc()).limit(wanted).offset(
            n - offset - wanted)
        values = list(session.execute(_indexed(statement, index)).scalars())[::-1]
    return interpolate(values, fraction)


def _quantile_near(session: Session, value: ColumnElement[float],
                   conditions: Sequence[ColumnElement[bool]], n: int, q: float, pivot: float,
                   index: str | None = None, count_index: str | None = None,
                   counted: Sequence[ColumnElement[bool]] | None = None) -> float | None:
    """`_quantile`, read from a value near the rank: `pivot`, e.g. the same quantile of a
    larger set the rows belong to (a region's median near the consortium's).

    Counting the rows below the pivot (or above it, for a rank in the upper half: fewer)
    walks only the rows themselves, in an index that holds them together (`count_index`,
    with `counted`: the same rows, written so that it seeks them, e.g. their procedures as
    an IN list); the read then starts at the pivot in `index` and walks on, up or down, to
    the rank, passing only the rows between (and the other rows mixed with them there).
    """
    offset, fraction = rank_position(n, q)
    upper = q > 0.5  # count the smaller side: above the pivot for a p90
    side_count = session.execute(_indexed(select(func.count()).where(
        *(conditions if counted is None else counted),
        value >= pivot if upper else value < pivot), count_index)).scalar() or 0
    below = n - side_count if upper else side_count
    ranks = range(offset, offset + (2 if fraction else 1))
    values: list[float] = []
    for side in ([r for r in ranks if r < below], [r for r in ranks if r >= below]):
        if not side:
            continue
        if side[0] >= below:  # at or above the pivot: upwards from it
            statement = (select(value).where(*conditions, value >= pivot).order_by(value)
                         .limit(len(side)).offset(side[0] - below))
            values += session.execute(_indexed(statement, index)).scalars()
        else:  # below it: downwards from it
            statement = (select(value).where(*conditions, value < pivot)
                         .order_by(value.desc()).limit(len(side))
                         .offset(below - side[0] - len(side)))
            values += list(session.execute(_indexed(statement, index)).scalars())[::-1]
    return interpolate(values, fraction)


def _decided_stats(session: Session, scope: _Scope, grouping: _Grouping, *,
                   pools: dict[Any, list[int] | None] | None = None,
                   calendar: bool = True) -> _Stats:
    """Per group, and per pool of procedures, the decided dossiers' figures.

    Counts, the sum of admin_days and the on-time count in one GROUP BY statement; then
    per group the admin_days median and p90 and the calendar_days median, each read at
    its rank (`_quantile`). `pools` (BY_PROCEDURE only) name sets of procedures (a region's;
    None: all of the scope) whose dossiers are taken together: their counts are the sums
    of their procedures', their quantiles read at their rank among all their dossiers.
    """
    specs: dict[str, tuple[float, ...]] = {"admin": (MEDIAN, P90)}
    if calendar:
        specs["calendar"] = (MEDIAN,)
    src = grouping.source([
        _D.admin_days.label("admin"), _D.status.label("status"),
        case((ON_TIME, 1), else_=0).label("on_time"),
    ], scope.decided(), grouping.count_index).subquery()
    totals = select(
        src.c.g,
        func.count().label("decided"),
        func.sum(case((src.c.status == Status.ACCEPTED.value, 1), else_=0)).label("accepted"),
        func.sum(case((src.c.status == Status.REJECTED.value, 1), else_=0)).label("rejected"),
        func.sum(src.c.admin).label("admin_sum"),
        func.sum(src.c.on_time).label("on_time"),
    ).group_by(src.c.g)
    stats = _Stats({row.g: _entry(row._mapping) for row in session.execute(totals)})

    def quantiles(conditions: list[ColumnElement[bool]], n: int,
                  indexes: dict[str, str]) -> dict[tuple[str, float], float | None]:
        return {(name, q): _quantile(session, _VALUES[name], conditions, n, q,
                                     indexes.get(name))
                for name, qs in specs.items() for q in qs}

    def pooled_quantiles(ids: list[int], n: int, near: dict[tuple[str, float], Any]
                         ) -> dict[tuple[str, float], float | None]:
        conditions = [*scope.decided(), _among(_D.procedure_id, ids)]
        counted = [*scope.decided(), _D.procedure_id.in_(ids)]
        return {(name, q): _quantile_near(session, _VALUES[name], conditions, n, q,
                                          near[(name, q)], WHOLE.indexes.get(name),
                                          BY_PROCEDURE.indexes.get(name), counted)
                if near.get((name, q)) is not None else
                _quantile(session, _VALUES[name], conditions, n, q, WHOLE.indexes.get(name))
                for name, qs in specs.items() for q in qs}

    for g, entry in stats.groups.items():
        entry["quantiles"] = quantiles(grouping.members(scope, g), entry["decided"],
                                       grouping.indexes)
    # The whole scope first (pool None): its quantiles are where each region's are read
    # from (`_quantile_near`), the regions' dossiers being mixed in the same index.
    for name, ids in sorted((pools or {}).items(), key=lambda pool: pool[0] is not None):
        members = [entry for g, entry in stats.groups.items() if ids is None or g in ids]
        pooled = {key: sum(entry[key] for entry in members)
                  for key in ("decided", "accepted", "rejected", "admin_sum", "on_time")}
        if not pooled["decided"]:
            pooled["quantiles"] = {}
        elif ids is None:
            pooled["quantiles"] = quantiles(scope.decided(), pooled["decided"], WHOLE.indexes)
        else:
            near = stats.pools.get(None, {}).get("quantiles", {})
            pooled["quantiles"] = pooled_quantiles(ids, pooled["decided"], near)
        stats.pools[name] = pooled
    return stats


def _entry(row: Any) -> dict[str, Any]:
    return {"decided": row["decided"] or 0, "accepted": row["accepted"] or 0,
            "rejected": row["rejected"] or 0, "admin_sum": row["admin_sum"] or 0.0,
            "on_time": row["on_time"] or 0, "quantiles": {}}


def _open_counts(session: Session, scope: _Scope, grouping: _Grouping) -> dict[Any, dict]:
    """Open dossiers and those past their deadline on the administration's clock."""
    overdue = func.coalesce(_D.paused_at, scope.now_param()) > _D.due_at
    # Grouping by `key + 0` rather than the bare column keeps SQLite from walking a whole
    # procedure-ordered index for the order of the GROUP BY instead of seeking the few
    # open dossiers by status.
    source = replace(grouping, key=grouping.key + 0).source(
        [case((overdue, 1), else_=0).label("overdue")], scope.open()).subquery()
    rows = session.execute(select(source.c.g, func.count().label("open"),
                                  func.sum(source.c.overdue).label("overdue"))
                           .group_by(source.c.g))
    return {row.g: {"open": row.open, "overdue": row.overdue or 0} for row in rows}


def _history_baselines(session: Session) -> dict[int, int]:
    """Per procedure, the median of the paper-era delays, rounded half up to whole days."""
    days = (epoch_seconds(_H.decided_on) - epoch_seconds(_H.received_on)) / DAY
    counts = session.execute(select(_H.procedure_id, func.count()).group_by(_H.procedure_id))
    return {procedure_id: round_half_up(_quantile(  # type: ignore[arg-type]
                session, days, [_H.procedure_id == procedure_id], n, MEDIAN))
            for procedure_id, n in counts.all()}


# --- assembling the figures ---------------------------------------------------------------


def _figures(totals: dict | None, opened: dict | None) -> dict[str, Any]:
    """The keys shared by procedures, groups and the region, from one group's rows."""
    totals = totals or {}
    quantiles = totals.get("quantiles") or {}
    decided = totals.get("decided", 0)
    return {
        "decided_count": decided,
        "accepted_count": totals.get("accepted") or 0,
        "rejected_count": totals.get("rejected") or 0,
        "median_admin_days": quantiles.get(("admin", MEDIAN)),
        "p90_admin_days": quantiles.get(("admin", P90)),
        "mean_admin_days": totals["admin_sum"] / decided if decided else None,
        "median_calendar_days": quantiles.get(("calendar", MEDIAN)),
        "on_time_pct": share_pct(totals.get("on_time") or 0, decided),
        "open_count": (opened or {}).get("open", 0),
        "open_overdue_count": (opened or {}).get("overdue", 0),
    }


def _names(row: Any, prefix: str) -> dict[str, str | None]:
    """A row's names as the open data's columns (`name_fr`, ...: the published schema's
    languages); a language the row lacks is empty, not another language's text."""
    return {f"{prefix}_{lang}": row.names.get(lang) if row is not None else None
            for lang in ("fr", "ar", "en")}


def compute_indicators(
    session: Session,
    *,
    date_from: date | None,
    date_to: date | None,
    region_code: str | None = None,
    service_code: str | None = None,
    province_code: str | None = None,
    now: datetime | None = None,
) -> IndicatorReport:
    """The published indicators: per procedure, per region, for the whole scope, and
    paper saved.

    Procedures: every active one (of the region and service, if given) and any inactive
    one with dossiers decided in the period or still open. A region's row and the whole
    scope's: counts are sums; median, p90, mean and on_time_pct are over all their decided
    dossiers; reduction_pct is the mean of the procedures' reductions weighted by
    decided_count, over the procedures that have one, judged against the 50% target.
    Regions: the one filtered; else those of the filtered service or procedures; else all.
    """
    _prepare(session)
    scope = _scope(session, date_from=date_from, date_to=date_to, now=now,
                   region_code=region_code, service_code=service_code,
                   province_code=province_code)
    region_of = dict(session.execute(  # every procedure's region code
        select(_P.id, Region.code).join(Service, Service.id == _P.service_id)
        .join(Region, Region.id == Service.region_id)).all())
    in_scope = list(region_of) if scope.procedure_ids is None else scope.procedure_ids
    if region_code is not None:
        codes = [region_code]
    elif scope.procedure_ids is not None:
        codes = sorted({region_of[i] for i in in_scope})
    else:
        codes = list(session.execute(select(Region.code).order_by(Region.code)).scalars())
    pools: dict[str | None, list[int] | None] = {None: None}
    if len(codes) > 1 or any(region_of[i] not in codes for i in in_scope):
        pools.update({code: [i for i in in_scope if region_of[i] == code] for code in codes})
    # else the only region's dossiers are the scope's: its row has the total's figures
    stats = _decided_stats(session, scope, BY_PROCEDURE, pools=pools)
    opened = _open_counts(session, scope, BY_PROCEDURE)
    history = _history_baselines(session)
    query = select(Procedure, Service.code).join(Service, Service.id == Procedure.service_id)
    if scope.procedure_ids is not None:
        query = query.where(Procedure.id.in_(scope.procedure_ids))  # type: ignore[union-attr]
    procedures = []
    for procedure, code in session.execute(query.order_by(Service.code, Procedure.code)):
        if not (procedure.is_active or procedure.id in stats.groups or procedure.id in opened):
            continue
        procedures.append(_procedure_figures(procedure, code, region_of[procedure.id],
                                             stats.groups.get(procedure.id),
                                             opened.get(procedure.id), history))
    regions = [_aggregate_figures([p for p in procedures if p["region_code"] == code],
                                  stats.pools.get(code, stats.pools[None]),
                                  service_code, code) for code in codes]
    total = _aggregate_figures(procedures, stats.pools[None], service_code, region_code)
    return IndicatorReport(
        date_from=date_from, date_to=date_to, now=scope.now, service_code=service_code,
        province_code=province_code, region_code=region_code, procedures=procedures,
        regions=regions, total=total, paper=_paper(session, scope),
    )


def _procedure_figures(procedure: Procedure, service_code: str, region_code: str,
                       totals: dict | None, opened: dict | None,
                       history: dict[int, int]) -> dict[str, Any]:
    figures = _figures(totals, opened)
    if procedure.id in history:
        baseline, source = history[procedure.id], "history"
    elif procedure.baseline_median_days:
        baseline, source = procedure.baseline_median_days, "catalog"
    else:
        baseline, source = None, None
    target = _target(procedure)
    reduction = reduction_pct(baseline, figures["median_admin_days"])
    row = {
        "procedure_code": procedure.code,
        **_names(procedure, "procedure_name"),
        "service_code": service_code,
        "region_code": region_code,
        **figures,
        "baseline_median_days": baseline,
        "baseline_source": source,
        "reduction_pct": reduction,
        "target_reduction_pct": target,
        "target_met": target_met(reduction, target),
        "legal_deadline_days": procedure.legal_deadline_days,
        "verdict": verdict(reduction, figures["on_time_pct"], target),
    }
    return {key: row[key] for key in PROCEDURE_KEYS}


def _target(procedure: Procedure) -> float:
    return (DEFAULT_TARGET_PCT if procedure.target_reduction_pct is None
            else procedure.target_reduction_pct)


def _aggregate_figures(procedures: list[dict[str, Any]], totals: dict[str, Any] | None,
                       service_code: str | None, region_code: str | None) -> dict[str, Any]:
    """A region's or the whole scope's row: all its decided dossiers (`totals`); the
    reduction weighted over its procedures."""
    opened = {"open": sum(p["open_count"] for p in procedures),
              "overdue": sum(p["open_overdue_count"] for p in procedures)}
    reduction = weighted_mean((p["reduction_pct"], p["decided_count"]) for p in procedures)
    figures = _figures(totals, opened)
    row = {
        "procedure_code": None, "procedure_name_fr": None, "procedure_name_ar": None,
        "procedure_name_en": None, "service_code": service_code, "region_code": region_code,
        **figures,
        "baseline_median_days": None, "baseline_source": None,
        "reduction_pct": reduction,
        "target_reduction_pct": DEFAULT_TARGET_PCT,
        "target_met": target_met(reduction, DEFAULT_TARGET_PCT),
        "legal_deadline_days": None,
        "verdict": verdict(reduction, figures["on_time_pct"], DEFAULT_TARGET_PCT),
    }
    return {key: row[key] for key in PROCEDURE_KEYS}


def _paper(session: Session, scope: _Scope) -> dict[str, Any]:
    """Documents and pages received digitally: a PDF counts its pages, an image one page.

    Every document uploaded in the period (Document.uploaded_at), by the channel it came
    through; with a service or province filter, only those of the matching dossiers.
    For the whole region, one statement per channel, each reading its own part of
    ix_document_paper (channel, uploaded_at, ...); with a filter, the documents of the
    filter's dossiers (ix_dossier_procedure), each found in ix_document_dossier.
    """
    pages = case((_DOC.content_type == "application/pdf", _DOC.pages), else_=1)
    period = []
    if scope.start:
        period.append(_DOC.uploaded_at >= scope.start)
    if scope.end:
        period.append(_DOC.uploaded_at < scope.end)
    by_channel = {}
    if scope.procedure_ids is None and scope.province_id is None:
        for channel in ("online", "assisted"):
            statement = _indexed(select(func.count(), func.sum(pages))
                                 .where(_DOC.channel == channel, *period),
                                 "ix_document_paper", Document)
            count, total = session.execute(statement).one()
            by_channel[channel] = {"documents": count or 0, "pages": total or 0}
    else:
        dossiers = select(_D.id).where(*scope.filters())
        columns = []
        for channel in ("online", "assisted"):
            mine = _DOC.channel == channel
            columns += [func.sum(case((mine, 1), else_=0)), func.sum(case((mine, pages), else_=0))]
        statement = _indexed(select(*columns).where(_DOC.dossier_id.in_(dossiers), *period),
                             "ix_document_dossier", Document)
        row = session.execute(statement).one()
        by_channel = {"online": {"documents": row[0] or 0, "pages": row[1] or 0},
                      "assisted": {"documents": row[2] or 0, "pages": row[3] or 0}}
    return {
        "documents": sum(entry["documents"] for entry in by_channel.values()),
        "pages": sum(entry["pages"] for entry in by_channel.values()),
        "by_channel": by_channel,
    }


# --- breakdowns, series and backlog -------------------------------------------------------


def compute_breakdown(
    session: Session,
    *,
    by: Literal["service", "province"],
    date_from: date | None,
    date_to: date | None,
    region_code: str | None = None,
    service_code: str | None = None,
    province_code: str | None = None,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """The decided and open figures per service (the procedure's) or per province.

    Every service (or province) is listed, of the region if one is given, with zero counts
    when it has no dossier; a province-less group (code None) is added when some dossiers
    have no province.
    """
    if by not in ("service", "province"):
        raise ValueError(f"unknown breakdown: {by!r}")
    grouping, model = (BY_SERVICE, Service) if by == "service" else (BY_PROVINCE, Province)
    scope = _scope(session, date_from=date_from, date_to=date_to, now=now,
                   region_code=region_code, service_code=service_code,
                   province_code=province_code)
    _prepare(session)
    stats = _decided_stats(session, scope, grouping)
    opened = _open_counts(session, scope, grouping)
    listed = select(model).order_by(model.code)
    if region_code is not None:
        listed = listed.join(Region, Region.id == model.region_id).where(  # type: ignore[attr-defined]
            Region.code == region_code)
    groups: list[tuple[Any, Any]] = [
        (row.id, row) for row in session.execute(listed).scalars()
    ]
    if None in stats.groups or None in opened:
        groups.append((None, None))
    result = []
    for key, row in groups:
        figures = _figures(stats.groups.get(key), opened.get(key))
        if row is not None and by == "service" and not row.is_active and not (
                figures["decided_count"] or figures["open_count"]):
            continue
        entry = {"code": row.code if row is not None else None, **_names(row, "name"), **figures}
        result.append({k: entry[k] for k in BREAKDOWN_KEYS})
    return result


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_series(
    session: Session,
    *,
    date_from: date | None,
    date_to: date | None,
    procedure_code: str | None = None,
    region_code: str | None = None,
    service_code: str | None = None,
    province_code: str | None = None,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Month by month (UTC months of decided_at): counts, median, p90, on-time share.

    Every month of the period is listed (zero counts for a month without decisions, and no
    median: a gap, never 0 days). `partial`: the period or the clock cuts the month (it
    starts after the 1st, ends before the month does, or the month is not over at `now`),
    so its figures cover part of it only.
    The baseline line is the procedure's baseline for one procedure; otherwise the mean
    of the procedures' baselines weighted by their decided_count over the whole period
    (a guide for the chart, not a published figure). The target line is the median the
    target asks for: baseline x (1 - target / 100).
    """
    scope = _scope(session, date_from=date_from, date_to=date_to, now=now,
                   region_code=region_code, service_code=service_code,
                   province_code=province_code, procedure_code=procedure_code)
    _prepare(session)
    stats = _decided_stats(session, scope, BY_MONTH, calendar=False)
    baseline, target = _series_baseline(session, scope, procedure_code)
    target_line = baseline * (1 - target / 100) if baseline is not None else None
    known = sorted(stats.groups)
    first = (f"{date_from:%Y-%m}" if date_from else (known[0] if known else None))
    last_day = date.fromordinal(date_to.toordinal() - 1) if date_to else None
    last = (f"{last_day:%Y-%m}" if last_day else (known[-1] if known else None))
    if first is None or last is None:
        return []
    series = []
    for month in _months(first, last):
        figures = _figures(stats.groups.get(month), None)
        start, end = _month_bounds(month)
        series.append({
            "month": month,
            "partial": bool((scope.start and scope.start > start)
                            or (scope.end and scope.end < end) or scope.now < end),
            "decided_count": figures["decided_count"],
            "median_admin_days": figures["median_admin_days"],
            "p90_admin_days": figures["p90_admin_days"],
            "on_time_pct": figures["on_time_pct"],
            "baseline_median_days": baseline,
            "target_median_days": target_line,
        })
    return series


def _series_baseline(session: Session, scope: _Scope,
                     procedure_code: str | None) -> tuple[float | None, float]:
    history = _history_baselines(session)
    query = select(Procedure)
    if scope.procedure_ids is not None:
        query = query.where(Procedure.id.in_(scope.procedure_ids))  # type: ignore[union-attr]
    procedures = list(session.execute(query).scalars())

    def baseline_of(procedure: Procedure) -> int | None:
        if procedure.id in history:
            return history[procedure.id]  # type: ignore[index]
        return procedure.baseline_median_days

    if procedure_code is not None:
        procedure = procedures[0] if procedures else None
        if procedure is None:
            return None, DEFAULT_TARGET_PCT
        return baseline_of(procedure), _target(procedure)
    counts = _decided_counts(session, scope)
    baseline = weighted_mean((baseline_of(p), counts.get(p.id, 0)) for p in procedures)
    return baseline, DEFAULT_TARGET_PCT


def _decided_counts(session: Session, scope: _Scope) -> dict[int, int]:
    source = BY_PROCEDURE.source([], scope.decided(), BY_PROCEDURE.count_index).subquery()
    return dict(session.execute(  # type: ignore[arg-type]
        select(source.c.g, func.count()).group_by(source.c.g)).all())


def backlog_by_age(
    session: Session,
    *,
    region_code: str | None = None,
    service_code: str | None = None,
    province_code: str | None = None,
    procedure_code: str | None = None,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    """Open dossiers by the administration's days so far (whole days: 7.9 is in 0-7).

    The clock stops while a dossier waits on the applicant (paused_at). Each bucket says
    how many are open, how many wait on the applicant, and how many are overdue.
    """
    _prepare(session)
    scope = _scope(session, date_from=None, date_to=None, now=now,
                   region_code=region_code, service_code=service_code,
                   province_code=province_code, procedure_code=procedure_code)
    clock = func.coalesce(_D.paused_at, scope.now_param())
    days = (epoch_seconds(clock) - epoch_seconds(_D.submitted_at)
            - _D.applicant_wait_seconds) / DAY
    bucket = case(*[(days < high, index) for index, (_, _, high) in enumerate(BACKLOG_BUCKETS)
                    if high is not None], else_=len(BACKLOG_BUCKETS) - 1)
    source = select(
        bucket.label("bucket"),
        case((_D.paused_at.is_not(None), 1), else_=0).label("paused"),
        case((clock > _D.due_at, 1), else_=0).label("overdue"),
    ).where(*scope.open()).subquery()
    rows = {row.bucket: row for row in session.execute(
        select(source.c.bucket, func.count().label("open"),
               func.sum(source.c.paused).label("paused"),
               func.sum(source.c.overdue).label("overdue")).group_by(source.c.bucket))}
    result = []
    for index, (label, low, high) in enumerate(BACKLOG_BUCKETS):
        row = rows.get(index)
        result.append({
            "bucket": label, "min_days": low, "max_days": high - 1 if high else None,
            "open_count": row.open if row else 0,
            "paused_count": (row.paused or 0) if row else 0,
            "overdue_count": (row.overdue or 0) if row else 0,
        })
    return result
