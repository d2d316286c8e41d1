"""Law 09-08 in the product: the record of processing of each region's procedures, and the
retention of personal data (DOMAIN.md, as démarches-simplifiées does it).

- A draft untouched for 3 months expires: it is deleted with its documents and their files.
- A closed dossier (accepted, rejected or withdrawn) is purged `retention_months` after its
  decision or withdrawal (the procedure's, as copied into the dossier when it was started):
  its files (documents, receipt, decision) are deleted from disk and every personal datum
  goes (applicant link, person's name, CIN and mobile, form data, messages, e-mails,
  documents' names and hashes, decision note, extension reason, PIN hash, the audit notes).
  What the indicators and the open data read stays, anonymous: the Dossier row's procedure,
  service, province, channel, status, dates and days, and the Document rows' channel, type,
  pages and upload time.
- The applicant is e-mailed 2 weeks before either deletion, once (`retention_warned_at`); a
  deletion never comes less than 2 weeks after the warning, even when the job ran late.

`run_retention` is idempotent and safe with several workers: every step is a conditional
write (a draft is deleted only if its version did not move; a dossier is purged only while
`purged_at` is empty; a warning is queued only by the write that sets
`retention_warned_at`). Files are deleted after the commit of their rows, so a crash leaves
at worst files no row refers to (`python -m counter cleanup-files` removes those).
`python -m counter purge` and the daily `retention` job (counter.services.jobs) run it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, delete, literal, or_, update
from sqlmodel import Session, col, func, select

from counter.domain.law import (
    DRAFT_EXPIRY_MONTHS,
    MAX_RETENTION_MONTHS,
    RETENTION_WARNING,
    add_months,
    draft_expires,
    purge_due,
)
from counter.domain.lifecycle import Status
from counter.models import (
    Document,
    Dossier,
    Message,
    OutboxMessage,
    Procedure,
    Region,
    Service,
    StatusChange,
    utcnow,
)
from counter.services import storage
from counter.services.audit import erase_notes

logger = logging.getLogger("counter.retention")

CLOSED_STATUSES = (Status.ACCEPTED.value, Status.REJECTED.value, Status.WITHDRAWN.value)
PURGED_DOCUMENT = "purged"  # the scan status of a purged document: never shown, never served
BATCH = 100
_PROCEDURE_VALUES = ("code", "names", "descriptions", "audience", "fields", "documents",
                     "retention_months", "processing_purpose", "legal_basis", "is_investment")


# --- the record of processing -------------------------------------------------------------


def processing_register(session: Session) -> list[dict[str, Any]]:
    """Each region with its procedures filed here (active, not handled elsewhere), as the
    catalog values domain.privacy.processing_record reads: what the privacy page shows."""
    rows = session.exec(
        select(Procedure, Region)
        .join(Service, Service.id == Procedure.service_id)
        .join(Region, Region.id == Service.region_id)
        .where(Procedure.is_active == True,  # noqa: E712
               col(Procedure.external_url).is_(None))
        .order_by(Region.code, Procedure.code)
    ).all()
    regions: dict[str, dict[str, Any]] = {}
    for region in session.exec(select(Region).order_by(Region.code)).all():
        regions[region.code] = {
            "code": region.code,
            "name": dict(region.names),
            "procedures": [],
        }
    for procedure, region in rows:
        regions[region.code]["procedures"].append(
            {name: getattr(procedure, name) for name in _PROCEDURE_VALUES})
    return list(regions.values())


# --- what is due --------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """One step of retention for one dossier: warn its applicant, or delete."""

    dossier_id: int
    action: str  # "warn_draft" | "expire_draft" | "warn_closed" | "purge"
    version: int
    since: datetime  # the draft's last change, or when the dossier was closed
    deletion_at: datetime


def _months(value: Any) -> int:
    try:
        months = int(value)
    except (TypeError, ValueError):
        months = MAX_RETENTION_MONTHS
    return min(max(months, 1), MAX_RETENTION_MONTHS)


def _step(*, since: datetime, due: datetime, warned_at: datetime | None, now: datetime,
          warn: str, delete_: str) -> tuple[str, datetime] | None:
    """Warn from 2 weeks before `due`; delete at `due`, and not before 2 weeks after the
    warning."""
    if warned_at is None:
        if now >= due - RETENTION_WARNING:
            return warn, max(due, now + RETENTION_WARNING)
        return None
    deletion_at = max(due, warned_at + RETENTION_WARNING)
    return (delete_, deletion_at) if now >= deletion_at else None


def _draft_steps(session: Session, now: datetime) -> Iterator[Due]:
    # Every draft that may be due (add_months is not exactly invertible: one day of margin).
    latest = add_months(now + RETENTION_WARNING, -DRAFT_EXPIRY_MONTHS) + timedelta(days=1)
    rows = session.exec(
        select(Dossier.id, Dossier.version, Dossier.updated_at, Dossier.retention_warned_at)
        .where(Dossier.status == Status.DRAFT, Dossier.updated_at <= latest,
               # The audit trail is never cut: a draft with entries (none has) stays.
               ~select(StatusChange.id).where(StatusChange.dossier_id == Dossier.id)
               .exists())
        .order_by(col(Dossier.id))
    ).all()
    for dossier_id, version, updated_at, warned_at in rows:
        # A warning counts for the draft as it was then: touched since, it is warned anew.
        if warned_at is not None and warned_at < updated_at:
            warned_at = None
        step = _step(since=updated_at, due=draft_expires(updated_at), warned_at=warned_at,
                     now=now, warn="warn_draft", delete_="expire_draft")
        if step:
            yield Due(dossier_id, step[0], version, updated_at, step[1])


def _closed_steps(session: Session, now: datetime) -> Iterator[Due]:
    kept = func.coalesce(col(Dossier.form_schema)["retention_months"].as_integer(),
                         Procedure.retention_months)
    latest = add_months(now + RETENTION_WARNING, -1) + timedelta(days=1)  # 1 month at least
    rows = session.exec(
        select(Dossier.id, Dossier.version, Dossier.decided_at, Dossier.updated_at, kept,
               Dossier.retention_warned_at)
        .join(Procedure, col(Procedure.id) == Dossier.procedure_id)
        .where(col(Dossier.status).in_(CLOSED_STATUSES), col(Dossier.purged_at).is_(None),
               or_(and_(col(Dossier.decided_at).is_not(None), Dossier.decided_at <= latest),
                   and_(col(Dossier.decided_at).is_(None), Dossier.updated_at <= latest)))
        .order_by(col(Dossier.id))
    ).all()
    for dossier_id, version, decided_at, updated_at, months, warned_at in rows:
        closed = decided_at or updated_at  # a withdrawal is the dossier's last change
        step = _step(since=closed, due=purge_due(closed, _months(months)),
                     warned_at=warned_at, now=now, warn="warn_closed", delete_="purge")
        if step:
            yield Due(dossier_id, step[0], version, closed, step[1])


def retention_due(session: Session, *, now: datetime | None = None) -> list[Due]:
    """Every warning and deletion due at `now`. Reads only."""
    now = now or utcnow()
    return [*_draft_steps(session, now), *_closed_steps(session, now)]


# --- doing it -----------------------------------------------------------------------------


@dataclass
class RetentionReport:
    warned_drafts: int = 0
    warned_closed: int = 0
    expired_drafts: int = 0
    purged: int = 0
    files_removed: int = 0
    mails: int = 0
    failed_batches: int = 0
    dry_run: bool = False
    dossier_ids: dict[str, list[int]] = field(default_factory=dict)

    def count(self, action: str, dossier_id: int) -> None:
        attribute = {"warn_draft": "warned_drafts", "warn_closed": "warned_closed",
                     "expire_draft": "expired_drafts", "purge": "purged"}[action]
        setattr(self, attribute, getattr(self, attribute) + 1)
        self.dossier_ids.setdefault(action, []).append(dossier_id)

    @property
    def anything(self) -> bool:
        return bool(self.warned_drafts or self.warned_closed or self.expired_drafts
                    or self.purged or self.failed_batches)


def _warn(session: Session, due: Due, now: datetime) -> tuple[bool, bool]:
    """Set `retention_warned_at` once, and queue the e-mail with that write: (warned here,
    e-mail queued). Nobody to mail (a person without an account) is warned all the same:
    the deletion follows 2 weeks later."""
    from counter.services.mail import notify_retention

    warnable = (or_(col(Dossier.retention_warned_at).is_(None),
                    Dossier.retention_warned_at < Dossier.updated_at)
                if due.action == "warn_draft" else col(Dossier.retention_warned_at).is_(None))
    claimed = session.execute(
        update(Dossier)
        .where(col(Dossier.id) == due.dossier_id, col(Dossier.version) == due.version,
               col(Dossier.purged_at).is_(None), warnable)
        .values(retention_warned_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        return False, False
    dossier = session.get(Dossier, due.dossier_id, populate_existing=True)
    kind = "draft_expiring" if due.action == "warn_draft" else "data_deletion"
    return True, notify_retention(session, dossier, kind, deletion_at=due.deletion_at,
                                  since=due.since, now=now) is not None


def _stored_names(session: Session, dossier_ids: Sequence[int]) -> list[str]:
    names = list(session.exec(select(Document.stored_name)
                              .where(col(Document.dossier_id).in_(dossier_ids))).all())
    for receipt, decision in session.exec(
            select(Dossier.receipt_name, Dossier.decision_name)
            .where(col(Dossier.id).in_(dossier_ids))).all():
        names += [name for name in (receipt, decision) if name]
    return [name for name in names if storage.is_stored_name(name)]


def _claim(session: Session, due: Due, now: datetime) -> bool:
    """Take the dossier for its deletion: the conditional write another worker (or the
    applicant touching a draft) makes fail."""
    if due.action == "expire_draft":
        condition = [Dossier.status == Status.DRAFT, col(Dossier.version) == due.version,
                     col(Dossier.retention_warned_at).is_not(None)]
        values: dict[str, Any] = {"version": Dossier.version + 1}
    else:
        condition = [col(Dossier.status).in_(CLOSED_STATUSES), col(Dossier.purged_at).is_(None),
                     col(Dossier.retention_warned_at).is_not(None)]
        values = {"purged_at": now, "version": Dossier.version + 1}
    return session.execute(
        update(Dossier).where(col(Dossier.id) == due.dossier_id, *condition).values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount == 1


def _delete_drafts(session: Session, ids: list[int]) -> None:
    for model in (Document, Message, OutboxMessage):
        session.execute(delete(model).where(col(model.dossier_id).in_(ids)))
    session.execute(delete(Dossier).where(col(Dossier.id).in_(ids)))


def _purge_rows(session: Session, ids: list[int]) -> None:
    """Blank every personal datum of purged dossiers; keep what the statistics read."""
    session.execute(
        update(Dossier).where(col(Dossier.id).in_(ids))
        .values(applicant_id=None, company_id=None, person_name=None, person_cin=None,
                person_mobile=None, form_data={}, pin_hash=None, decision_note=None,
                extension_reason=None, receipt_name=None, decision_name=None)
        .execution_options(synchronize_session=False))
    session.execute(
        update(Document).where(col(Document.dossier_id).in_(ids))
        .values(original_name="", sha256="", uploaded_by_id=None, scan_status=PURGED_DOCUMENT,
                stored_name=literal("purged-") + cast(Document.id, String))
        .execution_options(synchronize_session=False))
    for model in (Message, OutboxMessage):
        session.execute(delete(model).where(col(model.dossier_id).in_(ids)))
    erase_notes(session, ids)


def _run_batch(session: Session, batch: list[Due], now: datetime,
               report: RetentionReport) -> None:
    done: list[Due] = []
    mails = 0
    try:
        for due in batch:
            if due.action.startswith("warn"):
                warned, mailed = _warn(session, due, now)
                mails += mailed
                if warned:
                    done.append(due)
            elif _claim(session, due, now):
                done.append(due)
        doomed = [d.dossier_id for d in done if d.action in ("expire_draft", "purge")]
        names = _stored_names(session, doomed) if doomed else []
        if expired := [d.dossier_id for d in done if d.action == "expire_draft"]:
            _delete_drafts(session, expired)
        if purged := [d.dossier_id for d in done if d.action == "purge"]:
            _purge_rows(session, purged)
        session.commit()
    except Exception:
        session.rollback()
        report.failed_batches += 1
        logger.exception("retention batch failed (it is tried again on the next run)")
        return
    for name in names:
        with contextlib.suppress(OSError):
            existed = storage.private_path(name).exists()
            storage.remove(name)
            report.files_removed += int(existed)
    report.mails += mails
    for due in done:
        report.count(due.action, due.dossier_id)


def run_retention(session: Session, *, now: datetime | None = None, dry_run: bool = False,
                  batch: int = BATCH) -> RetentionReport:
    """Warn, expire drafts and purge closed dossiers as due at `now`, committing one batch
    at a time (files are deleted after their batch commits). With `dry_run`, only says
    what would be done."""
    now = now or utcnow()
    due = retention_due(session, now=now)
    report = RetentionReport(dry_run=dry_run)
    if dry_run:
        for step in due:
            report.count(step.action, step.dossier_id)
        return report
    session.rollback()  # the reads above end their transaction before the writes begin
    for start in range(0, len(due), batch):
        _run_batch(session, due[start:start + batch], now, report)
    return report
