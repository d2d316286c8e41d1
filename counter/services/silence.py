"""Acceptance by the administration's silence at the deadline (law 55-19).

Silence counts as acceptance only for the decisions a text lists: per procedure, off unless
an administrator turns it on with that text's reference (domain.law.silence_errors). A
dossier follows the rule of its own copy of the procedure (form_schema, taken when it was
started), so a later catalog edit never changes dossiers already filed.

When such a dossier's administration time reaches the deadline without a decision (submitted
or in review, its clock running, `due_at` passed), the counter accepts it: an attestation is
issued (drawn and verified like a decision, counter.services.decisions), the applicant is
told, and the audit trail names no person (the system acting under the text). It is decided
at the deadline itself (`decided_at = due_at`), the instant the law gives the acceptance.

Several workers run the job at the same time. On PostgreSQL each takes its dossiers with
SELECT ... FOR UPDATE SKIP LOCKED, so two never hold the same one; everywhere the write is
versioned (dossiers.save_versioned), so a dossier that changed meanwhile (an agent decided
or asked for information, another worker accepted it) is skipped quietly and its attestation
file removed. Attestations are drawn before the first write, so the audit chain's lock is
held only for the writes themselves.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import event
from sqlmodel import Session, col, select

from counter.domain.lifecycle import Actor, Status
from counter.domain.workdays import DeadlineUnit
from counter.i18n import t
from counter.models import Dossier, utcnow
from counter.services import storage
from counter.services.decisions import decision_data_for, new_verification_code, render_decision
from counter.services.dossiers import Conflict, transition
from counter.services.mail import notify
from counter.settings import Settings, get_settings

logger = logging.getLogger("counter.silence")

BATCH = 50
WAITING = (Status.SUBMITTED.value, Status.IN_REVIEW.value)


def audit_note(reference: str) -> str:
    """The audit entry's note: the text the acceptance applies under."""
    return f"silence: {reference}"


def due_for_silence(session: Session, now: datetime, *, limit: int = BATCH) -> list[Dossier]:
    """Dossiers whose own rules accept them by silence and whose deadline has passed with the
    clock running, the oldest deadline first. On PostgreSQL the rows stay locked until the
    caller commits, and rows another worker holds are skipped."""
    return list(session.exec(
        select(Dossier)
        .where(
            col(Dossier.status).in_(WAITING),
            col(Dossier.paused_at).is_(None),
            col(Dossier.due_at).is_not(None),
            col(Dossier.due_at) <= now,
            Dossier.form_schema["silence_acceptance"].as_boolean() == True,  # noqa: E712
            Dossier.form_schema["silence_reference"].as_string() != "",
        )
        .order_by(col(Dossier.due_at), col(Dossier.id))
        .limit(limit)
        .with_for_update(skip_locked=True)  # not rendered on SQLite, which has one writer
        .execution_options(populate_existing=True)
    ).all())


def silence_countdown(dossier: Dossier, left: float, lang: str) -> str:
    """The agent's countdown to acceptance by silence ('' when the dossier's rules have
    none): `left` is what is left of the deadline, in its unit."""
    if not dossier.form_schema.get("silence_acceptance"):
        return ""
    if dossier.paused_at is not None:
        return t("silence.queue_paused", lang)
    if left < 0:
        return t("silence.queue_due", lang)
    if left < 1:
        return t("silence.queue_today", lang)
    working = dossier.form_schema.get("deadline_unit") == DeadlineUnit.WORKING
    return t("silence.queue_in_working" if working else "silence.queue_in", lang, n=int(left))


def _reference(dossier: Dossier) -> str:
    return str(dossier.form_schema.get("silence_reference") or "").strip()


def _attestation(session: Session, dossier: Dossier, *, now: datetime, settings: Settings
                 ) -> tuple[str, str]:
    """Draw and store the attestation for `dossier` as it is about to be written: its
    verification code and stored file name."""
    from counter.services.review import _unique_verification_code

    code = _unique_verification_code(session, new_verification_code)
    preview = Dossier.model_validate(dossier.model_dump())
    preview.status, preview.decided_at = Status.ACCEPTED.value, dossier.due_at
    preview.accepted_by_silence, preview.verification_code = True, code
    pdf = render_decision(decision_data_for(session, preview, settings=settings,
                                            issued_at=now))
    return code, storage.write_private(pdf, ".pdf")


def _removed_on_rollback(session: Session, names: list[str]) -> None:
    """Remove the attestation files `names` if the transaction that refers to them is rolled
    back (by the caller, or by a commit that fails); keep them once it commits."""
    settled = False

    def committed(_session: Session) -> None:
        nonlocal settled
        settled = True

    def rolled_back(_session: Session, _transaction: object) -> None:
        nonlocal settled
        if not settled:
            settled = True
            for name in names:
                storage.remove(name)

    event.listen(session, "after_commit", committed)
    event.listen(session, "after_soft_rollback", rolled_back)


def accept_silent_dossiers(session: Session, now: datetime | None = None, *,
                           limit: int = BATCH, settings: Settings | None = None) -> int:
    """Accept the dossiers whose deadline passed in silence (at most `limit`); return how
    many this call accepted. A dossier someone else changed first is skipped. The caller
    commits; if anything fails here, or the caller rolls back, the attestations drawn here
    are removed: no file is left that no dossier refers to."""
    settings = settings or get_settings()
    now = now or utcnow()
    drawn: list[tuple[Dossier, str, str]] = []
    written: list[str] = []
    accepted = 0
    try:
        for dossier in due_for_silence(session, now, limit=limit):
            if not _reference(dossier):  # the catalog refuses it; an old copy might lack it
                continue
            try:
                code, name = _attestation(session, dossier, now=now, settings=settings)
            except Exception:  # one dossier that cannot be drawn must not stop the others
                logger.exception("silence: no attestation for dossier %s", dossier.id)
                continue
            written.append(name)
            drawn.append((dossier, code, name))
        for dossier, code, name in drawn:
            reference = _reference(dossier)
            try:
                transition(session, dossier, actor=None, as_actor=Actor.SYSTEM,
                           to_status=Status.ACCEPTED, note=audit_note(reference), now=now,
                           decided_at=dossier.due_at, accepted_by_silence=True,
                           verification_code=code, decision_name=name)
            except Conflict:  # changed since it was read: that change stands
                storage.remove(name)
                written.remove(name)
                continue
            notify(session, dossier, "accepted_by_silence", note=reference, now=now,
                   settings=settings)
            accepted += 1
    except BaseException:
        for name in written:
            storage.remove(name)
        raise
    if written:
        _removed_on_rollback(session, written)
    return accepted


def accept_round(*, batch: int = BATCH, max_batches: int = 20) -> int:
    """The `silence` job: committed batches until no dossier is left waiting."""
    from counter.db import session_scope

    settings = get_settings()
    total = 0
    for _ in range(max_batches):
        with session_scope() as session:
            count = accept_silent_dossiers(session, utcnow(), limit=batch, settings=settings)
        total += count
        if count < batch:
            break
    return total
