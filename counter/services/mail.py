"""E-mails to applicants: written to the outbox with the event, sent later by SMTP.

`notify` only writes an OutboxMessage row in the caller's transaction, so a transition
and the message telling of it commit (or roll back) together and a slow or absent mail
server never blocks an agent or an applicant. `deliver_pending` sends what is due and
retries failures with exponential backoff; the `mail` job (services.jobs) runs it.

Rules:
- Only applicants with an account and an e-mail are told; an assisted dossier filed for
  someone without an account gets no e-mail (SMS is out of scope).
- The message is in the language the account chose for its e-mails, else in the dossier's
  (domain.languages.mail_lang), plain text, and never carries the PIN: the link opens
  the public tracking page, which still asks for it.
- A failed message is retried after 1 min, 2, 4 ... at most 6 h apart; after
  MAX_ATTEMPTS failures it is no longer retried and stays in the outbox, marked failed,
  for an administrator to read.
- Without COUNTER_SMTP_HOST nothing is sent: messages wait in the outbox.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime as rfc2822_date
from typing import Any

from sqlmodel import Session, col, func, select

from counter.domain.catalog import localized
from counter.domain.languages import mail_lang
from counter.domain.tracking import tracking_url
from counter.i18n import LANGUAGES, format_date, format_datetime, t
from counter.models import (
    Account,
    Dossier,
    OutboxMessage,
    Procedure,
    Service,
    StatusChange,
    utcnow,
)
from counter.services.applicants import applicant_of
from counter.settings import Settings, get_settings

logger = logging.getLogger("counter.mail")

KINDS = ("submitted", "info_requested", "accepted", "rejected", "extended",
         "accepted_by_silence")  # the deadline passed without a decision (services.silence)
DECISION_KINDS = ("accepted", "rejected", "accepted_by_silence")
# Law 09-08: the warnings two weeks before a draft expires or a closed file's documents and
# personal data are deleted (services.retention); see notify_retention.
RETENTION_KINDS = ("draft_expiring", "data_deletion")
# E-mails about an account itself (services.signup, services.password_reset), not a dossier.
ACCOUNT_KINDS = ("activation", "already_registered", "password_reset")
# At most this many e-mails of one kind to one address an hour: a form cannot flood a box.
ACCOUNT_MAILS_PER_HOUR = 3
SMTP_TIMEOUT_SECONDS = 15
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
MAX_ATTEMPTS = 20
ERROR_MAX_CHARS = 500

SmtpFactory = Callable[[Settings], smtplib.SMTP]


# --- writing messages ---------------------------------------------------------------------


def tracking_link(settings: Settings, code: str) -> str:
    """The public tracking page for a code; the PIN is never part of it."""
    return tracking_url(settings.public_url, code)


def _recipient(session: Session, dossier: Dossier) -> Account | None:
    account = session.get(Account, dossier.applicant_id) if dossier.applicant_id else None
    return account if account is not None and account.email else None


def _last_note(session: Session, dossier: Dossier, kind: str) -> str:
    """The note of the latest transition to `kind`: the request or the reason."""
    if kind == "rejected" and dossier.decision_note:
        return dossier.decision_note
    note = session.exec(
        select(StatusChange.note)
        .where(StatusChange.dossier_id == dossier.id, StatusChange.to_status == kind)
        .order_by(col(StatusChange.id).desc())
    ).first()
    return note or ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def notify(
    session: Session,
    dossier: Dossier,
    kind: str,
    *,
    note: str | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> OutboxMessage | None:
    """Queue the e-mail telling the applicant of `kind`; None when there is nobody to mail.

    `note` is the information request (info_requested), the reason (rejected) or an
    optional message with an acceptance; when omitted it is read from the dossier's
    latest transition. Call it right after the transition, in the same transaction.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if not dossier.tracking_code:
        raise ValueError("a dossier is notified only once it has a tracking code")
    addressee = _addressee(session, dossier)
    if addressee is None:
        return None
    account, lang, names = addressee
    settings = settings or get_settings()
    now = now or utcnow()
    if note is None and kind in ("info_requested", "rejected", "extended"):
        note = _last_note(session, dossier, kind)
    if note is None and kind == "accepted_by_silence":  # the text it applies under
        note = str(dossier.form_schema.get("silence_reference") or "")
    params = {
        "name": account.full_name,
        "procedure": localized(names, lang),
        "code": dossier.tracking_code,
        "link": tracking_link(settings, dossier.tracking_code),
        "date": format_date(dossier.due_at, lang),
        "note": (note or "").strip(),
    }
    paragraphs = [t("mail.greeting", lang, **params), t(f"mail.{kind}.body", lang, **params)]
    if kind == "accepted" and params["note"]:
        paragraphs.insert(2, t("mail.accepted.note", lang, note=params["note"]))
    if kind in DECISION_KINDS:
        company = applicant_of(session, dossier)
        if company.company:  # the decision is the company's, not its representative's
            paragraphs.insert(1, t("mail.for_company", lang, company=company.company,
                                   ice=company.ice))
    return _queue(session, dossier, account, kind, lang, params, paragraphs, now)


def notify_retention(
    session: Session,
    dossier: Dossier,
    kind: str,
    *,
    deletion_at: datetime,
    since: datetime,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> OutboxMessage | None:
    """Queue the warning that `dossier` is deleted (a draft, `draft_expiring`) or loses its
    documents and personal data (a closed file, `data_deletion`) on `deletion_at`; `since`
    is when the draft was last changed or the file closed. None when there is nobody to
    mail. A draft has no tracking code: its link opens the applicant's files."""
    if kind not in RETENTION_KINDS:
        raise ValueError(f"unknown retention warning {kind!r}")
    addressee = _addressee(session, dossier)
    if addressee is None:
        return None
    account, lang, names = addressee
    settings = settings or get_settings()
    now = now or utcnow()
    code = dossier.tracking_code or ""
    params = {
        "name": account.full_name,
        "procedure": localized(names, lang),
        "code": code,
        "link": tracking_link(settings, code) if code else f"{settings.public_url}/dossiers",
        "date": format_date(deletion_at, lang),
        "since": format_date(since, lang),
    }
    paragraphs = [t("mail.greeting", lang, **params), t(f"mail.{kind}.body", lang, **params)]
    return _queue(session, dossier, account, kind, lang, params, paragraphs, now)


def _addressee(session: Session, dossier: Dossier
               ) -> tuple[Account, str, dict[str, str]] | None:
    """Who is mailed about `dossier`, in which language, and its procedure's names."""
    account = _recipient(session, dossier)
    if account is None:
        return None
    lang = mail_lang(preference=account.correspondence_lang, dossier_lang=dossier.lang)
    procedure = session.get(Procedure, dossier.procedure_id)
    return account, lang, dict(procedure.names)


def _queue(session: Session, dossier: Dossier, account: Account, kind: str, lang: str,
           params: dict[str, Any], paragraphs: list[str], now: datetime) -> OutboxMessage:
    """The e-mail into the outbox, signed by the handling region and service."""
    from counter.services.catalog import handling_names

    paragraphs = [*paragraphs, t("mail.signature", lang,
                                 **handling_names(session, dossier.service_id, lang))]
    message = OutboxMessage(
        dossier_id=dossier.id,
        kind=kind,
        to_address=account.email,
        lang=lang,
        subject=_one_line(t(f"mail.{kind}.subject", lang, **params))[:300],
        body="\n\n".join(paragraphs) + "\n",
        created_at=now,
        next_attempt_at=now,
    )
    session.add(message)
    session.flush()
    return message


def notify_account(
    session: Session,
    *,
    kind: str,
    to: str,
    lang: str,
    name: str = "",
    params: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> OutboxMessage | None:
    """Queue an e-mail about an account (ACCOUNT_KINDS) to `to`, in `lang`. None, and
    nothing queued, past ACCOUNT_MAILS_PER_HOUR of that kind to that address."""
    if kind not in ACCOUNT_KINDS:
        raise ValueError(f"unknown account e-mail {kind!r}")
    now = now or utcnow()
    lang = lang if lang in LANGUAGES else "fr"
    recent = session.exec(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.kind == kind, OutboxMessage.to_address == to,
        OutboxMessage.created_at > now - timedelta(hours=1))).one()
    if recent >= ACCOUNT_MAILS_PER_HOUR:
        logger.warning("account e-mail %s not queued: %s already this hour", kind, recent)
        return None
    params = dict(params or {})
    greeting = t("mail.greeting", lang, name=name) if name else ""
    paragraphs = [p for p in (greeting, t(f"mail.{kind}.body", lang, **params),
                              t("mail.account_signature", lang)) if p]
    message = OutboxMessage(
        kind=kind, to_address=to, lang=lang,
        subject=_one_line(t(f"mail.{kind}.subject", lang, **params))[:300],
        body="\n\n".join(paragraphs) + "\n", created_at=now, next_attempt_at=now)
    session.add(message)
    session.flush()
    return message


# --- sending ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryReport:
    sent: int
    failed: int


def connect(settings: Settings) -> smtplib.SMTP:
    """An SMTP connection as configured: TLS from the start, STARTTLS, or plain (local relay).

    With STARTTLS configured, a server that does not offer it is an error: nothing is ever
    sent in clear text by mistake.
    """
    context = ssl.create_default_context()
    if settings.smtp_tls == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                              timeout=SMTP_TIMEOUT_SECONDS, context=context)
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port,
                            timeout=SMTP_TIMEOUT_SECONDS)
    try:
        if settings.smtp_tls == "starttls":
            smtp.starttls(context=context)
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is None:
        return
    try:
        smtp.quit()
    except Exception:  # the connection is being dropped anyway
        smtp.close()


def _email(row: OutboxMessage, settings: Settings, now: datetime) -> EmailMessage:
    domain = settings.mail_from.rpartition("@")[2].strip(" >") or "localhost"
    email = EmailMessage()
    email["From"] = settings.mail_from
    email["To"] = row.to_address
    email["Subject"] = row.subject
    email["Date"] = rfc2822_date(now)
    # Stable across retries, so a mail client can drop a copy delivered twice.
    email["Message-ID"] = f"<outbox-{row.id}.{int(row.created_at.timestamp())}@{domain}>"
    email.set_content(row.body, subtype="plain", charset="utf-8", cte="quoted-printable")
    return email


def _describe(error: BaseException, settings: Settings) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        text = "; ".join(f"{code} {_text(reply)}" for code, reply in error.recipients.values())
        text = f"recipient refused: {text}"
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{type(error).__name__}: {error.smtp_code} {_text(error.smtp_error)}"
    else:
        text = f"{type(error).__name__}: {error}"
    if settings.smtp_password:
        text = text.replace(settings.smtp_password, "***")
    return text[:ERROR_MAX_CHARS]


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def retry_delay(attempts: int) -> timedelta:
    """1 min after the first failure, then doubling, at most LONGEST_RETRY."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def _failed(row: OutboxMessage, description: str, now: datetime) -> None:
    row.attempts += 1
    row.last_error = description
    row.next_attempt_at = now + retry_delay(row.attempts)
    if row.attempts >= MAX_ATTEMPTS:
        logger.error("outbox message %s given up after %s attempts", row.id, row.attempts)
    else:
        logger.warning("outbox message %s not sent (attempt %s): %s",
                       row.id, row.attempts, description)


def deliver_pending(
    session: Session,
    *,
    settings: Settings | None = None,
    now: datetime | None = None,
    limit: int = 50,
    smtp_factory: SmtpFactory | None = None,
) -> DeliveryReport:
    """Send the due messages, oldest first, over one SMTP connection. The caller commits.

    A message that fails is rescheduled and the next one is sent on a fresh connection.
    If the server cannot be reached at all, the rest of the batch fails with the same error
    at once (one attempt each) rather than waiting out the timeout message after message.
    Results are written once, at the end: on SQLite the write lock is never held while
    talking to the mail server. On PostgreSQL the selected rows stay locked (FOR UPDATE
    SKIP LOCKED) until the caller commits, so two senders never pick the same message.
    """
    settings = settings or get_settings()
    if settings.smtp_host is None:
        return DeliveryReport(0, 0)
    now = now or utcnow()
    factory = smtp_factory or connect
    rows = session.exec(
        select(OutboxMessage)
        .where(
            col(OutboxMessage.sent_at).is_(None),
            OutboxMessage.next_attempt_at <= now,
            OutboxMessage.attempts < MAX_ATTEMPTS,
        )
        .order_by(col(OutboxMessage.created_at), col(OutboxMessage.id))
        .limit(limit)
        .with_for_update(skip_locked=True)  # not rendered on SQLite
    ).all()
    outcomes: list[tuple[OutboxMessage, str | None]] = []
    smtp: smtplib.SMTP | None = None
    unreachable: str | None = None
    for row in rows:
        if unreachable is not None:
            outcomes.append((row, unreachable))
            continue
        try:
            email = _email(row, settings, now)
        except Exception as error:  # a bad row must not stop the others
            outcomes.append((row, _describe(error, settings)))
            continue
        if smtp is None:
            try:
                smtp = factory(settings)
            except Exception as error:
                unreachable = _describe(error, settings)
                outcomes.append((row, unreachable))
                continue
        try:
            smtp.send_message(email, from_addr=settings.mail_from, to_addrs=[row.to_address])
        except Exception as error:
            outcomes.append((row, _describe(error, settings)))
            _close(smtp)
            smtp = None
        else:
            outcomes.append((row, None))
    _close(smtp)
    for row, error in outcomes:
        if error is None:
            row.sent_at = now
            row.last_error = None
        else:
            _failed(row, error, now)
        session.add(row)
    session.flush()
    failed = sum(1 for _, error in outcomes if error is not None)
    return DeliveryReport(sent=len(outcomes) - failed, failed=failed)


# --- the `mail` job -----------------------------------------------------------------------


def deliver_round(*, batch: int = 50, max_batches: int = 20) -> DeliveryReport:
    """Send what is due, one committed batch after another (the `mail` job)."""
    from counter.db import session_scope

    settings = get_settings()
    if settings.smtp_host is None:
        return DeliveryReport(0, 0)
    sent = failed = 0
    for _ in range(max_batches):
        with session_scope() as session:
            report = deliver_pending(session, settings=settings, limit=batch)
        sent, failed = sent + report.sent, failed + report.failed
        if report.sent + report.failed < batch:
            break
    return DeliveryReport(sent, failed)


# --- the administrators' view -------------------------------------------------------------


def _status(row: OutboxMessage, lang: str) -> tuple[str, str]:
    if row.sent_at is not None:
        return "sent", t("outbox.sent", lang)
    if row.attempts >= MAX_ATTEMPTS:
        return "given_up", t("outbox.given_up", lang, n=row.attempts)
    if row.attempts:
        return "failed", t("outbox.failed", lang, n=row.attempts)
    return "waiting", t("outbox.waiting", lang)


def outbox_rows(
    session: Session, *, limit: int = 100, pending_only: bool = False, lang: str = "fr",
    admin: Account | None = None,
) -> list[dict[str, str]]:
    """The outbox, newest first, as the administrators' page shows it: a region's
    administrator sees the e-mails of their region's dossiers only."""
    query = select(OutboxMessage)
    if admin is not None:
        from counter.services.scope import admin_scope

        scope = admin_scope(admin)
        if scope.region_id is not None:
            query = query.where(col(OutboxMessage.dossier_id).in_(
                select(Dossier.id).join(Service, Service.id == Dossier.service_id)
                .where(Service.region_id == scope.region_id)))
    if pending_only:
        query = query.where(col(OutboxMessage.sent_at).is_(None))
    rows = session.exec(
        query.order_by(col(OutboxMessage.created_at).desc(), col(OutboxMessage.id).desc())
        .limit(limit)
    ).all()
    result: list[dict[str, str]] = []
    for row in rows:
        status, label = _status(row, lang)
        result.append({
            "id": str(row.id),
            "created": format_datetime(row.created_at, lang),
            "to": row.to_address,
            "kind": row.kind,
            "kind_label": t(f"status.{row.kind}", lang),
            "subject": row.subject,
            "status": status,
            "status_label": label,
            "attempts": str(row.attempts),
            "sent": format_datetime(row.sent_at, lang),
            "last_error": row.last_error or "",
        })
    return result

