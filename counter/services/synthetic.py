"""A synthetic history of the demo catalog, for benchmarks, tests and demonstrations.

About 24 months of dossiers after digitalisation: the administration's time per
procedure starts near its pre-digital baseline and falls month after month, to below
half of it for most procedures and not for a few; about 15% of the dossiers wait once
on the applicant (an information request), about 5% are withdrawn, and those whose
decision would fall after `now` are still open (some overdue, some paused in
info_requested). A quarter are filed at a counter (assisted). Some procedures also get
paper-era HistoricalRecord rows (the two years before digitalisation), so their
baseline comes from history rather than from the catalog.

No personal data: no applicant account, no person fields, no PIN (such a dossier
cannot be tracked publicly). StatusChange, Message and Outbox rows are not written,
and the Document rows have no file in storage (`stored_name` is `synthetic-...`): the
history serves the indicators, not the dossier pages. The Dossier columns are kept
consistent with what the product writes: submitted_at < decided_at, decided_at -
submitted_at >= applicant_wait_seconds, due_at = submitted_at + legal deadline +
completed waits, paused_at set only in info_requested.

Deterministic: the same seed on the same database state with the same `now` writes the
same rows (random.Random(seed), no clock, no uuid). Fast: Core executemany in batches,
explicit dossier ids (the PostgreSQL sequence is moved past them afterwards).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import time
from bisect import bisect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import column, func, insert, select, table, text
from sqlmodel import Session, col

from counter.domain.clock import Pause, decided_days, due_date
from counter.domain.identifiers import TRACKING_ALPHABET, TRACKING_GROUP_LENGTH
from counter.domain.lifecycle import Status
from counter.domain.workdays import WorkCalendar, calendar_for
from counter.models import (
    Channel,
    Document,
    Dossier,
    HistoricalRecord,
    Procedure,
    Province,
    Service,
)
from counter.services.seed import load_demo_data

DAY = 86400
HISTORY_DAYS = 730  # digitalisation started about 24 months before `now`
STORED_PREFIX = "synthetic-"

_CODE_SPACE = len(TRACKING_ALPHABET) ** (2 * TRACKING_GROUP_LENGTH)
_LANGS = ("fr", "fr", "ar", "ar", "en")


@dataclass
class GenerationReport:
    dossiers: int = 0
    decided: int = 0
    open: int = 0
    withdrawn: int = 0
    info_requests: int = 0
    documents: int = 0
    historical_records: int = 0
    first_dossier_id: int | None = None
    last_dossier_id: int | None = None
    seconds: float = 0.0
    statuses: dict[str, int] = field(default_factory=dict)


@dataclass
class _Profile:
    """How one procedure behaves in the synthetic history."""

    procedure_id: int
    service_id: int
    deadline: int
    paper_median: float  # the pre-digital median the curve starts from, in days
    final_ratio: float  # admin median at the end, as a share of the paper median
    sigma: float
    reject_rate: float
    documents: list[str]
    optional_documents: list[str]
    provinces: list[int]
    form_schema: str  # JSON, serialised once
    with_history: bool
    calendar: WorkCalendar  # the deadline's unit: calendar or working days


def _pause(submitted: datetime, asked_after: int, wait: int) -> Pause | None:
    if not wait:
        return None
    asked = submitted + timedelta(seconds=asked_after)
    return Pause(asked, asked + timedelta(seconds=wait))


def _tracking_code(number: int) -> str:
    chars = []
    for _ in range(2 * TRACKING_GROUP_LENGTH):
        number, digit = divmod(number, len(TRACKING_ALPHABET))
        chars.append(TRACKING_ALPHABET[digit])
    return "".join(chars[:TRACKING_GROUP_LENGTH]) + "-" + "".join(chars[TRACKING_GROUP_LENGTH:])


class _TrackingCodes:
    """Distinct codes from a seeded affine permutation of the code space.

    a*n + b mod 30^8 is a bijection when a shares no factor with 30, so the codes of
    one run never repeat; codes already in the database are skipped (checked per batch).
    """

    def __init__(self, rng: random.Random) -> None:
        while True:
            a = rng.randrange(_CODE_SPACE // 3, _CODE_SPACE)
            if math.gcd(a, 30) == 1:
                break
        self._a, self._b, self._n = a, rng.randrange(_CODE_SPACE), 0

    def next(self) -> str:
        code = _tracking_code((self._a * self._n + self._b) % _CODE_SPACE)
        self._n += 1
        return code


def _between(rng: random.Random, low: int, high: int) -> int:
    """rng.randint, without its cost at a million calls."""
    return low + int(rng.random() * (high - low + 1))


def _at(moment: datetime, seconds: float) -> datetime:
    return moment + timedelta(seconds=int(seconds))


def _profiles(session: Session, rng: random.Random) -> list[_Profile]:
    procedures = session.execute(
        select(Procedure).where(Procedure.is_active).order_by(Procedure.code)
    ).scalars().all()
    region_of = dict(session.execute(select(Service.id, Service.region_id)).all())
    provinces: dict[int, list[int]] = {}
    for province_id, region_id in session.execute(
        select(Province.id, Province.region_id).order_by(Province.id)
    ).all():
        provinces.setdefault(region_id, []).append(province_id)
    with_history_ids = set(session.execute(select(HistoricalRecord.procedure_id)).scalars())
    order = list(range(len(procedures)))
    rng.shuffle(order)
    slow = set(order[: max(1, len(order) // 4)])  # these miss the target
    profiles = []
    for rank, procedure in enumerate(procedures):
        baseline = procedure.baseline_median_days or 2 * procedure.legal_deadline_days
        has_province = any(f.get("type") == "province" for f in procedure.fields)
        profiles.append(_Profile(
            procedure_id=procedure.id,
            service_id=procedure.service_id,
            deadline=procedure.legal_deadline_days,
            paper_median=baseline * rng.uniform(0.85, 1.2),
            final_ratio=rng.uniform(0.55, 0.85) if rank in slow else rng.uniform(0.28, 0.45),
            sigma=rng.uniform(0.35, 0.6),
            reject_rate=rng.uniform(0.05, 0.25),
            documents=[d["code"] for d in procedure.documents if d.get("required")],
            optional_documents=[d["code"] for d in procedure.documents if not d.get("required")],
            provinces=provinces.get(region_of.get(procedure.service_id), [])
            if has_province else [],
            form_schema=json.dumps({"legal_deadline_days": procedure.legal_deadline_days,
                                    "deadline_unit": procedure.deadline_unit,
                                    "fields": [], "documents": [], "synthetic": True}),
            with_history=procedure.id not in with_history_ids and rank % 2 == 0,
            calendar=calendar_for(procedure.deadline_unit),
        ))
    return profiles


def _history_rows(profile: _Profile, rng: random.Random, start: date,
                  imported_at: datetime) -> list[dict[str, Any]]:
    rows = []
    for _ in range(rng.randint(40, 120)):
        received = start - timedelta(days=rng.randrange(HISTORY_DAYS))
        days = max(1, round(profile.paper_median * math.exp(0.35 * rng.gauss(0.0, 1.0))))
        rows.append({
            "procedure_id": profile.procedure_id,
            "received_on": received,
            "decided_on": received + timedelta(days=days),
            "outcome": "rejected" if rng.random() < profile.reject_rate else "accepted",
            "imported_at": imported_at,
        })
    return rows


def generate_history(
    session: Session,
    *,
    dossiers: int,
    seed: int,
    now: datetime | None = None,
    batch: int = 5000,
    progress: Callable[[int, int], None] | None = None,
) -> GenerationReport:
    """Add `dossiers` synthetic dossiers (and their documents) to the demo catalog.

    Loads the demo catalog first if there is no procedure. The caller commits.
    """
    started = time.perf_counter()
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    if session.execute(select(func.count()).select_from(Procedure)).scalar_one() == 0:
        load_demo_data(session)
        session.flush()
    profiles = _profiles(session, random.Random(f"{seed}:profiles"))
    if not profiles:
        raise ValueError("no active procedure to generate dossiers for")
    report = GenerationReport()
    start = now - timedelta(days=HISTORY_DAYS)

    history_rng = random.Random(f"{seed}:history")
    history = [row for p in profiles if p.with_history
               for row in _history_rows(p, history_rng, start.date(), now)]
    if history:
        session.execute(insert(HistoricalRecord), history)
        report.historical_records = len(history)

    rng = random.Random(f"{seed}:dossiers")
    codes = _TrackingCodes(rng)
    weights = [rng.uniform(0.3, 1.0) * math.sqrt(60 / p.deadline) for p in profiles]
    cumulative = [sum(weights[: i + 1]) for i in range(len(weights))]
    next_id = (session.execute(select(func.max(Dossier.id))).scalar_one() or 0) + 1
    write = _Writer(session, codes)
    pending: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    with write.big_cache():
        for n in range(dossiers):
            profile = profiles[bisect(cumulative, rng.random() * cumulative[-1])]
            row, docs = _dossier(profile, rng, next_id + n, codes.next(), start, now)
            pending.append(row)
            documents += docs
            report.statuses[row["status"]] = report.statuses.get(row["status"], 0) + 1
            report.info_requests += bool(row["applicant_wait_seconds"] or row["paused_at"])
            if len(pending) >= batch or n == dossiers - 1:
                write(pending, documents)
                report.documents += len(documents)
                pending, documents = [], []
                if progress:
                    progress(n + 1, dossiers)
    if dossiers:
        report.first_dossier_id, report.last_dossier_id = next_id, next_id + dossiers - 1
    report.dossiers = dossiers
    report.decided = report.statuses.get("accepted", 0) + report.statuses.get("rejected", 0)
    report.withdrawn = report.statuses.get("withdrawn", 0)
    report.open = dossiers - report.decided - report.withdrawn
    if not write.sqlite and dossiers:
        # Explicit ids do not move PostgreSQL's sequence: the next real dossier would clash.
        session.execute(text(
            "SELECT setval(pg_get_serial_sequence('dossier', 'id'), (SELECT max(id) FROM dossier))"
        ))
    report.seconds = time.perf_counter() - started
    return report


def _dossier(profile: _Profile, rng: random.Random, dossier_id: int, code: str,
             start: datetime, now: datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    # Volume grows as the counter becomes known: part uniform, part a linear ramp.
    u = rng.random()
    share = u if rng.random() < 0.4 else math.sqrt(u)
    submitted = _at(start, share * HISTORY_DAYS * DAY)
    median = profile.paper_median * (
        profile.final_ratio + (1 - profile.final_ratio) * (1 - share) ** 1.5)
    admin_days = median * math.exp(profile.sigma * rng.gauss(0.0, 1.0))
    if rng.random() < 0.03:
        admin_days *= rng.uniform(2.0, 5.0)  # files forgotten on a desk
    admin = max(int(admin_days * DAY), 900)
    wait = 0
    asked_after = 0
    if rng.random() < 0.15:
        wait = max(int(5 * DAY * math.exp(0.7 * rng.gauss(0.0, 1.0))), 3600)
        asked_after = int(admin * rng.uniform(0.15, 0.85))
    decided = submitted + timedelta(seconds=admin + wait)
    def due(pause: Pause | None = None) -> datetime:
        """The legal due date on the deadline's calendar, pushed back by a finished pause."""
        return due_date(profile.calendar, submitted_at=submitted,
                        deadline_days=profile.deadline, pauses=[pause] if pause else [])

    row: dict[str, Any] = {
        "id": dossier_id,
        "procedure_id": profile.procedure_id,
        "service_id": profile.service_id,
        "province_id": rng.choice(profile.provinces) if profile.provinces else None,
        "applicant_id": None,
        "company_id": None,
        "channel": (Channel.ASSISTED if rng.random() < 0.25 else Channel.ONLINE).value,
        "tracking_code": code,
        "pin_hash": None,
        "lang": rng.choice(_LANGS),
        "form_schema": profile.form_schema,
        "form_data": "{}",
        "filed_by_id": None,
        "person_name": None,
        "person_cin": None,
        "person_mobile": None,
        "assigned_to_id": None,
        "created_at": submitted - timedelta(seconds=_between(rng, 300, 7200)),
        "submitted_at": submitted,
        "paused_at": None,
        "decided_at": None,
        "calendar_days": None,
        "admin_days": None,
        "decision_note": None,
        "verification_code": None,
        "receipt_name": None,
        "decision_name": None,
        "urgent": False,
        "extended_at": None,
        "extension_reason": None,
        "complement_requested_at": None,
        "complement_items": "[]",
        "accepted_by_silence": False,
        "retention_warned_at": None,
        "purged_at": None,
        "version": 1,
    }
    row["consent_at"] = submitted if row["channel"] == Channel.ASSISTED else None
    if wait and submitted + timedelta(seconds=asked_after) <= now:  # the one complement request
        row["complement_requested_at"] = submitted + timedelta(seconds=asked_after)
    withdrawn_at = _at(submitted, (admin + wait) * rng.uniform(0.05, 0.6))
    answered_at = None
    if rng.random() < 0.05 and withdrawn_at <= now:
        row.update(status=Status.WITHDRAWN, applicant_wait_seconds=0.0,
                   due_at=due(), updated_at=withdrawn_at)
    elif decided <= now:
        rejected = rng.random() < profile.reject_rate
        row.update(status=Status.REJECTED if rejected else Status.ACCEPTED,
                   applicant_wait_seconds=float(wait), decided_at=decided, updated_at=decided,
                   due_at=due(_pause(submitted, asked_after, wait)),
                   **decided_days(submitted, decided, float(wait))._asdict())
        answered_at = submitted + timedelta(seconds=asked_after + wait) if wait else None
    else:
        asked = submitted + timedelta(seconds=asked_after)
        answered = asked + timedelta(seconds=wait)
        if wait and asked <= now < answered:
            row.update(status=Status.INFO_REQUESTED, applicant_wait_seconds=0.0,
                       paused_at=asked, due_at=due(), updated_at=asked)
        elif wait and answered <= now:
            row.update(status=Status.IN_REVIEW, applicant_wait_seconds=float(wait),
                       due_at=due(Pause(asked, answered)), updated_at=answered)
            answered_at = answered
        else:
            fresh = now - submitted < timedelta(days=2)
            row.update(status=Status.SUBMITTED if fresh and rng.random() < 0.6
                       else Status.IN_REVIEW, applicant_wait_seconds=0.0,
                       due_at=due(), updated_at=submitted)
    row["status"] = str(row["status"])
    return row, _documents(profile, rng, row, answered_at)


def _documents(profile: _Profile, rng: random.Random, dossier: dict[str, Any],
               answered_at: datetime | None) -> list[dict[str, Any]]:
    codes = list(profile.documents)
    codes += [c for c in profile.optional_documents if rng.random() < 0.3]
    drafting = int((dossier["submitted_at"] - dossier["created_at"]).total_seconds())
    moments = [dossier["created_at"] + timedelta(seconds=_between(rng, 1, drafting - 1))
               for _ in codes]
    if answered_at is not None and codes:
        codes.append(rng.choice(codes))  # the missing piece, sent with the answer
        moments.append(answered_at)
    rows = []
    for k, (doc_code, moment) in enumerate(zip(codes, moments, strict=True)):
        is_pdf = rng.random() < 0.7
        pages = min(1 + int(rng.expovariate(1 / 3)), 40) if is_pdf else 1
        stored = f"{STORED_PREFIX}{dossier['id']}-{k}.{'pdf' if is_pdf else 'jpg'}"
        rows.append({
            "dossier_id": dossier["id"],
            "doc_code": doc_code,
            "original_name": f"{doc_code}.{'pdf' if is_pdf else 'jpg'}",
            "stored_name": stored,
            "content_type": "application/pdf" if is_pdf else "image/jpeg",
            "size_bytes": pages * _between(rng, 60_000, 400_000) if is_pdf
            else _between(rng, 300_000, 2_500_000),
            "pages": pages,
            "sha256": hashlib.sha256(stored.encode()).hexdigest(),
            "channel": dossier["channel"],
            "scan_status": "clean",
            "uploaded_by_id": None,
            "uploaded_at": moment,
        })
    return rows


_DOSSIER_TIMES = ("created_at", "updated_at", "submitted_at", "due_at", "paused_at",
                  "decided_at", "consent_at", "extended_at", "complement_requested_at",
                  "retention_warned_at", "purged_at")


def _sqlite_time(moment: datetime | None) -> str | None:
    """What SQLAlchemy's DateTime writes on SQLite (UTC, microseconds always shown)."""
    return None if moment is None else moment.isoformat(" ", "microseconds")[:26]


class _Writer:
    """Batched inserts of pre-converted values.

    The rows are written in the database's own storage format (on SQLite, the text
    SQLAlchemy's DateTime writes; JSON already serialised), and the Core insert is
    compiled once and run through executemany with plain parameter tuples: no type
    processor and no per-row parameter building, which more than halves the time at a
    million rows.
    """

    def __init__(self, session: Session, codes: _TrackingCodes) -> None:
        self.session, self.codes = session, codes
        dialect = session.get_bind().dialect
        self.sqlite = dialect.name == "sqlite"
        self._inserts = {}
        for model in (Dossier, Document):
            untyped = table(model.__table__.name, *[column(c.name) for c in model.__table__.c
                                                   if c.name != "id" or model is Dossier])
            compiled = insert(untyped).compile(dialect=dialect)
            keys = compiled.positiontup if compiled.positional else None
            self._inserts[model] = (str(compiled), keys)

    @contextmanager
    def big_cache(self) -> Iterator[None]:
        """On SQLite, a 256 MB page cache while writing (the indexes stay in memory)."""
        if not self.sqlite:
            yield
            return
        connection = self.session.connection()
        before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
        connection.exec_driver_sql("PRAGMA cache_size = -262144")
        try:
            yield
        finally:
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")

    def __call__(self, dossiers: list[dict[str, Any]], documents: list[dict[str, Any]]) -> None:
        self._free_codes(dossiers)
        if self.sqlite:
            for row in dossiers:
                for key in _DOSSIER_TIMES:
                    row[key] = _sqlite_time(row[key])
            for row in documents:
                row["uploaded_at"] = _sqlite_time(row["uploaded_at"])
        self._run(Dossier, dossiers)
        if documents:
            self._run(Document, documents)

    def _run(self, model: type, rows: list[dict[str, Any]]) -> None:
        sql, keys = self._inserts[model]
        params = [tuple(row[k] for k in keys) for row in rows] if keys else rows
        self.session.connection().exec_driver_sql(sql, params)  # type: ignore[arg-type]

    def _free_codes(self, dossiers: list[dict[str, Any]]) -> None:
        """Replace the tracking codes some dossier already has in the database."""
        wanted = {row["tracking_code"] for row in dossiers}
        while wanted:
            taken = set(self.session.execute(
                select(Dossier.tracking_code).where(col(Dossier.tracking_code).in_(wanted))
            ).scalars())
            wanted = set()
            for row in dossiers:
                if row["tracking_code"] in taken:
                    row["tracking_code"] = self.codes.next()
                    wanted.add(row["tracking_code"])
