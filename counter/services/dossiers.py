"""Dossiers, from draft to submission, as the applicant sees them.

Every function takes the caller's Account and checks ownership itself: a state or a
route never decides who may see or change a dossier. Every status change goes through
`_transition`, which asks the lifecycle, bumps the version (optimistic locking) and
appends to the audit trail. Functions flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from counter.domain.catalog import localized
from counter.domain.clock import Pause, admin_days, decided_days
from counter.domain.clock import days_left as clock_days_left
from counter.domain.forms import FieldInvalid, clean_value, display_value, form_errors
from counter.domain.identifiers import (
    InvalidIdentifier,
    new_pin,
    new_tracking_code,
    normalize_tracking_code,
)
from counter.domain.languages import documents_lang
from counter.domain.lifecycle import (
    DECIDED_STATUSES,
    OPEN_STATUSES,
    Actor,
    Status,
    check_transition,
)
from counter.domain.tracking import (
    PIN_DIGEST_PREFIX,
    is_pin_digest,
    pin_digest,
    pin_matches,
    tracking_url,
)
from counter.domain.workdays import DeadlineUnit
from counter.i18n import (
    LOCAL_TIME,
    format_date,
    format_datetime,
    format_days,
    format_number,
    t,
)
from counter.models import (
    Account,
    Audience,
    Channel,
    Document,
    Dossier,
    Message,
    Petition,
    Procedure,
    Province,
    Region,
    Role,
    Service,
    StatusChange,
    utcnow,
)
from counter.security import verify_password
from counter.services import throttle
from counter.services.audit import append_transition, derived_key
from counter.services.deadlines import (
    Calendars,
    deadline_days,
    due_at_for,
    extension_days,
    pauses_of,
)
from counter.settings import Settings, get_settings

# What an unknown tracking code is checked against: a digest no PIN gives, so a guess at a
# code that does not exist costs what a guess at one that does costs.
_DUMMY_PIN_HASH = PIN_DIGEST_PREFIX + "0" * 64


def _pin_key() -> bytes:
    return derived_key("tracking pin")


def stored_pin(code: str, pin: str) -> str:
    """What is kept of the PIN of the receipt `code` (a dossier's or a petition's)."""
    return pin_digest(_pin_key(), code, pin)


class DossierError(ValueError):
    """A refusal the user can read: `code` is a message key, `errors` per field if any."""

    def __init__(self, code: str, errors: dict[str, str] | None = None, **params: Any) -> None:
        self.code = code
        self.errors = errors or {}
        self.params = params
        super().__init__(code)


class Conflict(DossierError):
    def __init__(self) -> None:
        super().__init__("error.conflict")


class TrackingCodeExhausted(RuntimeError):
    pass


# --- lookups and authorization ----------------------------------------------------------


def _procedure_by_code(session: Session, code: str) -> Procedure:
    procedure = session.exec(
        select(Procedure).where(Procedure.code == code, Procedure.is_active == True)  # noqa: E712
    ).first()
    if procedure is None:
        raise DossierError("error.procedure_not_found")
    return procedure


def owned_dossier(session: Session, account: Account, dossier_id: int) -> Dossier:
    """The caller's own dossier; anyone else's is 'not found' (no hint that it exists).

    The agent who files a dossier at the counter holds it while it is a draft.
    """
    dossier = session.get(Dossier, dossier_id)
    if dossier is None or account is None:
        raise DossierError("error.dossier_not_found")
    if dossier.applicant_id is not None and dossier.applicant_id == account.id:
        return dossier
    if (account.role == Role.AGENT and dossier.channel == Channel.ASSISTED
            and dossier.filed_by_id == account.id and dossier.status == Status.DRAFT):
        return dossier
    raise DossierError("error.dossier_not_found")


def may_file(account: Account, procedure: Procedure) -> bool:
    if account.role == Role.CITIZEN:
        return procedure.audience in (Audience.CITIZEN, Audience.BOTH)
    if account.role == Role.BUSINESS:
        return procedure.audience in (Audience.BUSINESS, Audience.BOTH)
    return False


def province_codes(session: Session, dossier: Dossier) -> set[str]:
    """The provinces a dossier's province fields accept: those of the region that handles
    it (a Zagora permit goes to Drâa-Tafilalet, never to another region's service)."""
    return set(session.exec(select(Province.code).join(
        Service, Service.region_id == Province.region_id).where(
        Service.id == dossier.service_id)).all())


def unique_tracking_code(
    session: Session, generate: Callable[[], str] = new_tracking_code, attempts: int = 20
) -> str:
    """A tracking code no dossier and no petition has yet: one tracking page finds either
    (the unique indexes stay the last word)."""
    for _ in range(attempts):
        code = generate()
        if (session.exec(select(Dossier.id).where(Dossier.tracking_code == code)).first() is None
                and session.exec(select(Petition.id).where(Petition.tracking_code == code))
                .first() is None):
            return code
    raise TrackingCodeExhausted(f"no free tracking code after {attempts} attempts")


# --- versioned writes and transitions ---------------------------------------------------


def save_versioned(session: Session, dossier: Dossier, **values: Any) -> Dossier:
    """Write `values` only if nobody changed the dossier since it was read."""
    values.setdefault("updated_at", utcnow())
    result = session.execute(
        update(Dossier)
        .where(col(Dossier.id) == dossier.id, col(Dossier.version) == dossier.version)
        .values(version=Dossier.version + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict()
    session.flush()
    session.refresh(dossier)
    return dossier


def transition(
    session: Session,
    dossier: Dossier,
    *,
    actor: Account | None,
    as_actor: Actor,
    to_status: Status,
    note: str | None = None,
    now: datetime | None = None,
    **values: Any,
) -> Dossier:
    """The one way a dossier changes status: lifecycle check, versioned write, audit entry."""
    now = now or utcnow()
    source = dossier.status
    check_transition(source, to_status, as_actor, note)
    if to_status in DECIDED_STATUSES:
        decided_at = values.setdefault("decided_at", now)
        values.update(decided_days(dossier.submitted_at, decided_at,
                                   dossier.applicant_wait_seconds)._asdict())
    save_versioned(session, dossier, status=to_status.value, updated_at=now, **values)
    append_transition(
        session,
        dossier_id=dossier.id,
        actor_id=actor.id if actor else None,
        from_status=source,
        to_status=to_status.value,
        note=(note or "").strip() or None,
        at=now,
    )
    return dossier


# --- drafts -------------------------------------------------------------------------------


def form_schema_of(procedure: Procedure) -> dict[str, Any]:
    """What a new dossier keeps of its procedure, as it is when the dossier is started: the
    definitions and the law's rules in force (a later catalog edit changes neither).
    Every rule a dossier follows after filing is added here, and only here."""
    return {
        "fields": procedure.fields,
        "documents": procedure.documents,
        "legal_deadline_days": procedure.legal_deadline_days,
        "deadline_unit": procedure.deadline_unit,
        "extension_days": procedure.extension_days,
        "urgent_deadline_days": procedure.urgent_deadline_days,
        "complement_clock": procedure.complement_clock,
        "silence_acceptance": procedure.silence_acceptance,
        "silence_reference": procedure.silence_reference,
        "retention_months": procedure.retention_months,  # law 09-08 (services.retention)
        "catalog_updated_at": procedure.updated_at.isoformat(),
    }


def start_draft(session: Session, *, account: Account, procedure_code: str,
                screen_lang: str | None = None) -> Dossier:
    """A new draft, or the caller's draft for this procedure if one is already open.

    `screen_lang` is the language of the screen it is started on (domain.languages)."""
    procedure = _procedure_by_code(session, procedure_code)
    if procedure.external_url:
        raise DossierError("error.handled_elsewhere")
    if not may_file(account, procedure):
        raise DossierError("error.audience_not_allowed")
    existing = session.exec(
        select(Dossier).where(
            Dossier.applicant_id == account.id,
            Dossier.procedure_id == procedure.id,
            Dossier.status == Status.DRAFT,
        )
    ).first()
    if existing:
        return existing
    dossier = Dossier(
        procedure_id=procedure.id,
        service_id=procedure.service_id,
        applicant_id=account.id,
        company_id=account.company_id if account.role == Role.BUSINESS else None,
        lang=documents_lang(preference=account.correspondence_lang, screen=screen_lang),
        channel=Channel.ONLINE,
        form_schema=form_schema_of(procedure),
        form_data={},
    )
    session.add(dossier)
    session.flush()
    return dossier


def _field(dossier: Dossier, code: str) -> dict[str, Any]:
    for definition in dossier.form_schema.get("fields", []):
        if definition["code"] == code:
            return definition
    raise DossierError("error.field_unknown")


def save_field(
    session: Session, *, account: Account, dossier_id: int, code: str, value: str
) -> str | None:
    """Keep what was typed (nothing is lost) and return the field's problem, if any.

    A draft's fields are all editable; after submission, only those a complement request
    asked for, while it waits for the answer."""
    dossier = owned_dossier(session, account, dossier_id)
    if not (dossier.status == Status.DRAFT or (dossier.status == Status.INFO_REQUESTED
                                               and code in requested(dossier, "field"))):
        raise DossierError("error.dossier_not_editable")
    definition = _field(dossier, code)
    raw = str(value if value is not None else "")[:10_000]
    try:
        stored: Any = clean_value(definition, raw, province_codes(session, dossier))
        problem = None
    except FieldInvalid as error:
        stored, problem = raw, error.problem
    data = dict(dossier.form_data)
    data[code] = stored
    save_versioned(session, dossier, form_data=data)
    return problem


def set_urgent(session: Session, *, account: Account, dossier_id: int, urgent: bool) -> Dossier:
    """Mark a draft urgent, where its procedure has an urgent deadline (law 31-13)."""
    dossier = owned_dossier(session, account, dossier_id)
    if dossier.status != Status.DRAFT:
        raise DossierError("error.dossier_not_editable")
    if urgent and not dossier.form_schema.get("urgent_deadline_days"):
        raise DossierError("error.urgent_not_allowed")
    return save_versioned(session, dossier, urgent=bool(urgent))


def documents_of(session: Session, dossier_id: int) -> list[Document]:
    return list(
        session.exec(
            select(Document).where(Document.dossier_id == dossier_id).order_by(Document.id)
        ).all()
    )


def attach_document(
    session: Session,
    *,
    account: Account,
    dossier_id: int,
    doc_code: str,
    received: Any,
) -> Document:
    """Attach a received file. In a draft it replaces the same listed document."""
    dossier = owned_dossier(session, account, dossier_id)
    return add_document_row(session, dossier, doc_code=doc_code, received=received,
                            uploaded_by=account, channel=dossier.channel)


def add_document_row(
    session: Session,
    dossier: Dossier,
    *,
    doc_code: str,
    received: Any,
    uploaded_by: Account,
    channel: str,
) -> Document:
    if dossier.status not in (Status.DRAFT, Status.INFO_REQUESTED):
        raise DossierError("error.dossier_not_editable")
    codes = {d["code"] for d in dossier.form_schema.get("documents", [])}
    if doc_code not in codes:
        raise DossierError("error.document_not_listed")
    if (dossier.status == Status.INFO_REQUESTED and dossier.complement_items
            and doc_code not in requested(dossier, "doc")):
        # An answer adds what was asked for; it never replaces a document that was fine.
        raise DossierError("error.document_not_requested")
    if dossier.status == Status.DRAFT:
        for old in documents_of(session, dossier.id):
            if old.doc_code == doc_code:
                session.delete(old)  # its file is removed by the orphan cleanup
    document = Document(
        dossier_id=dossier.id,
        doc_code=doc_code,
        original_name=received.original_name,
        stored_name=received.stored_name,
        content_type=received.content_type,
        size_bytes=received.size_bytes,
        pages=received.pages,
        sha256=received.sha256,
        scan_status=received.scan_status,
        channel=channel,
        uploaded_by_id=uploaded_by.id,
    )
    session.add(document)
    save_versioned(session, dossier)
    return document


def remove_document(session: Session, *, account: Account, dossier_id: int,
                    document_id: int) -> dict[str, Any]:
    """Take a file out of a draft and return what `restore_document` needs to put it back.

    The stored file stays: the orphan cleanup's grace period starts again now, so an
    "Undo" finds it."""
    from counter.services import storage

    dossier = owned_dossier(session, account, dossier_id)
    if dossier.status != Status.DRAFT:
        raise DossierError("error.dossier_not_editable")
    document = session.get(Document, document_id)
    if document is None or document.dossier_id != dossier.id:
        raise DossierError("error.document_not_found")
    removed = document.model_dump(exclude={"id"})
    session.delete(document)
    save_versioned(session, dossier)
    storage.keep_for_now(document.stored_name)
    return removed


def restore_document(session: Session, *, account: Account, dossier_id: int,
                     removed: dict[str, Any]) -> Document:
    """Put back a file just removed from a draft ("Undo"), unless the draft moved on since:
    submitted, the same document sent again, or the file gone."""
    from counter.services import storage

    dossier = owned_dossier(session, account, dossier_id)
    if dossier.status != Status.DRAFT:
        raise DossierError("error.dossier_not_editable")
    stored_name = str(removed.get("stored_name", ""))
    if removed.get("dossier_id") != dossier.id or not storage.is_stored_name(stored_name):
        raise DossierError("error.document_not_found")
    taken = session.exec(select(Document.id).where(Document.stored_name == stored_name)).first()
    if (taken is not None
            or any(d.doc_code == removed["doc_code"] for d in documents_of(session, dossier.id))
            or not storage.private_path(stored_name).is_file()):
        raise DossierError("error.undo_too_late")
    document = Document(**{**removed, "dossier_id": dossier.id})
    session.add(document)
    save_versioned(session, dossier)
    return document


def last_request_at(session: Session, dossier: Dossier) -> datetime | None:
    """When information was last requested of the applicant (None if it never was)."""
    return session.exec(
        select(StatusChange.at).where(StatusChange.dossier_id == dossier.id,
                                      StatusChange.to_status == Status.INFO_REQUESTED)
        .order_by(col(StatusChange.id).desc())
    ).first()


def answer_documents(session: Session, dossier: Dossier) -> list[Document]:
    """The files sent in answer to the open information request (none outside one)."""
    since = last_request_at(session, dossier) if dossier.status == Status.INFO_REQUESTED \
        else None
    if since is None:
        return []
    return list(session.exec(
        select(Document).where(Document.dossier_id == dossier.id, Document.uploaded_at >= since)
        .order_by(Document.id)
    ).all())


def upload_choices(session: Session, dossier: Dossier) -> tuple[list[str], str]:
    """The listed documents the applicant may send now, and the one to preselect.

    A draft may send any listed document; an answer, those the request asked for (every
    listed one if it named none). Only a document still missing is preselected, never one
    that the new file would replace: otherwise the person chooses."""
    listed = [d["code"] for d in dossier.form_schema.get("documents", [])]
    if dossier.status == Status.DRAFT:
        targets = listed
        sent = {d.doc_code for d in documents_of(session, dossier.id)}
    elif dossier.status == Status.INFO_REQUESTED:
        asked = requested(dossier, "doc")
        targets = [code for code in listed if code in asked] if dossier.complement_items \
            else listed
        sent = {d.doc_code for d in answer_documents(session, dossier)}
        if not asked:
            sent = set(targets)  # the request named no document: nothing is known missing
    else:
        return [], ""
    missing = [code for code in targets if code not in sent]
    return targets, missing[0] if missing else ""


def missing_items(session: Session, dossier: Dossier) -> dict[str, str]:
    """What still blocks submission: field codes and `doc:<code>` entries, with reasons."""
    problems = form_errors(
        dossier.form_schema.get("fields", []), dossier.form_data,
        province_codes(session, dossier)
    )
    present = {d.doc_code for d in documents_of(session, dossier.id)}
    for doc in dossier.form_schema.get("documents", []):
        if doc.get("required", True) and doc["code"] not in present:
            problems[f"doc:{doc['code']}"] = "error.document_missing"
    return problems


# --- submission ---------------------------------------------------------------------------


@dataclass
class Submission:
    dossier: Dossier
    pin: str | None  # shown once; None when the dossier had already been submitted
    already: bool = False


def _region(session: Session, service: Service) -> Region | None:
    return session.get(Region, service.region_id) if service.region_id else None


def receipt_data(
    session: Session, dossier: Dossier, *, pin: str, applicant_name: str, settings: Settings
) -> Any:
    from counter.services.receipts import ReceiptData

    procedure = session.get(Procedure, dossier.procedure_id)
    service = session.get(Service, dossier.service_id)
    region = _region(session, service)
    labels = {d["code"]: d["label"] for d in dossier.form_schema.get("documents", [])}
    documents = tuple(
        (localized(labels.get(d.doc_code), dossier.lang), d.original_name, d.sha256)
        for d in documents_of(session, dossier.id)
    )
    return ReceiptData(
        lang=dossier.lang,
        region_name=dict(region.names) if region else {},
        service_name=dict(service.names),
        procedure_name=dict(procedure.names),
        procedure_code=procedure.code,
        tracking_code=dossier.tracking_code,
        pin=pin,
        applicant_name=applicant_name,
        channel=dossier.channel,
        submitted_at=dossier.submitted_at,
        legal_deadline_days=deadline_days(dossier),
        deadline_unit=dossier.form_schema.get("deadline_unit") or DeadlineUnit.CALENDAR,
        expected_decision_on=dossier.due_at.astimezone(LOCAL_TIME).date(),
        documents=documents,
        tracking_url=tracking_url(settings.public_url, dossier.tracking_code, pin),
    )


def submit(
    session: Session,
    *,
    account: Account,
    dossier: Dossier,
    as_actor: Actor = Actor.APPLICANT,
    applicant_name: str | None = None,
    screen_lang: str | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> Submission:
    """Submit a complete draft: tracking code, PIN, transition, receipt. Idempotent.

    The dossier keeps the language of its documents from here on (domain.languages): filed
    online, the applicant's chosen language or `screen_lang`, the screen it is submitted
    on; filed at the counter, the language the agent chose for the person at the start."""
    from counter.services import storage
    from counter.services.receipts import render_receipt

    settings = settings or get_settings()
    if dossier.status != Status.DRAFT:
        if dossier.tracking_code:
            return Submission(dossier, pin=None, already=True)
        check_transition(dossier.status, Status.SUBMITTED, as_actor)
    problems = missing_items(session, dossier)
    if problems:
        raise DossierError("error.dossier_incomplete", problems)
    now = now or utcnow()
    fields = dossier.form_schema.get("fields", [])
    provinces = province_codes(session, dossier)
    clean = {f["code"]: clean_value(f, dossier.form_data.get(f["code"]), provinces)
             for f in fields}
    province_code = next((clean[f["code"]] for f in fields if f["type"] == "province"
                          and clean.get(f["code"])), None)
    province_id = None
    if province_code:
        province_id = session.exec(select(Province.id).where(Province.code == province_code)).one()
    pin = new_pin()
    tracking_code = unique_tracking_code(session)
    # Render the receipt from the values about to be written, then write them all at once.
    lang = dossier.lang
    if screen_lang is not None and dossier.channel == Channel.ONLINE:
        lang = documents_lang(preference=account.correspondence_lang, screen=screen_lang)
    draft_view = Dossier.model_validate(dossier.model_dump())
    draft_view.tracking_code, draft_view.submitted_at, draft_view.lang = tracking_code, now, lang
    draft_view.due_at = due_at_for(session, dossier, submitted_at=now, pauses=[])
    name = applicant_name or account.full_name
    pdf = render_receipt(receipt_data(session, draft_view, pin=pin, applicant_name=name,
                                      settings=settings))
    receipt_name = storage.write_private(pdf, ".pdf")
    try:
        transition(
            session, dossier, actor=account, as_actor=as_actor, to_status=Status.SUBMITTED,
            now=now, tracking_code=tracking_code,
            pin_hash=stored_pin(tracking_code, pin), form_data=clean,
            submitted_at=now, due_at=draft_view.due_at, province_id=province_id,
            receipt_name=receipt_name, lang=lang,
        )
    except Conflict:
        storage.remove(receipt_name)
        fresh = session.get(Dossier, dossier.id, populate_existing=True)
        if fresh is not None and fresh.status != Status.DRAFT:
            # Another click or tab submitted first: that submission and its receipt stand.
            return Submission(fresh, pin=None, already=True)
        raise
    _notify_submitted(session, dossier)
    return Submission(dossier, pin=pin)


def _notify_submitted(session: Session, dossier: Dossier) -> None:
    from counter.services.mail import notify

    notify(session, dossier, "submitted")


def submit_own(session: Session, *, account: Account, dossier_id: int, **kwargs: Any):
    """Submit the caller's draft: the applicant's own, or one an agent files at the counter."""
    filed = session.get(Dossier, dossier_id)
    if (filed is not None and account is not None and filed.filed_by_id == account.id
            and filed.channel == Channel.ASSISTED and filed.status != Status.DRAFT
            and filed.tracking_code):
        return Submission(filed, pin=None, already=True)  # the agent's second click or tab
    dossier = owned_dossier(session, account, dossier_id)
    if dossier.channel == Channel.ASSISTED and dossier.filed_by_id == account.id:
        kwargs.setdefault("as_actor", Actor.AGENT)
        kwargs.setdefault("applicant_name", dossier.person_name)
    return submit(session, account=account, dossier=dossier, **kwargs)


# --- after submission ---------------------------------------------------------------------


def withdraw(session: Session, *, account: Account, dossier_id: int, note: str = "") -> Dossier:
    dossier = owned_dossier(session, account, dossier_id)
    values: dict[str, Any] = {}
    if dossier.status == Status.INFO_REQUESTED and dossier.paused_at:
        values = _resume_values(session, dossier, utcnow())
    return transition(session, dossier, actor=account, as_actor=Actor.APPLICANT,
                      to_status=Status.WITHDRAWN, note=note, **values)


def _resume_values(session: Session, dossier: Dossier, now: datetime) -> dict[str, Any]:
    """The clock starts again: the wait is added to the applicant's time, and the due date
    moves by the pause as the deadline counts it (or the deadline restarts, if the
    procedure says so)."""
    paused = max((now - dossier.paused_at).total_seconds(), 0.0) if dossier.paused_at else 0.0
    values: dict[str, Any] = {
        "paused_at": None,
        "applicant_wait_seconds": dossier.applicant_wait_seconds + paused,
    }
    if dossier.due_at and dossier.paused_at:
        pauses = [*pauses_of(session, dossier)[:-1], Pause(dossier.paused_at, max(
            now, dossier.paused_at))]
        values["due_at"] = due_at_for(session, dossier, pauses=pauses)
    return values


def complement_choices(dossier: Dossier) -> dict[str, dict[str, str]]:
    """What a complement request may ask for: the procedure's listed documents and fields
    (law 55-19: nothing else), as `doc:<code>` / `field:<code>` with their labels."""
    schema = dossier.form_schema
    choices = {f"doc:{d['code']}": d["label"] for d in schema.get("documents", [])}
    choices.update({f"field:{f['code']}": f["label"] for f in schema.get("fields", [])})
    return choices


def complement_text(dossier: Dossier, items: list[str], note: str, lang: str) -> str:
    """The request as the applicant reads it: what is missing, one per line, then the note."""
    labels = complement_choices(dossier)
    lines = [t("complement.intro", lang)]
    lines += [f"- {localized(labels[item], lang)}" for item in items if item in labels]
    if note:
        lines += ["", note]
    return "\n".join(lines)


def requested(dossier: Dossier, kind: str) -> set[str]:
    """The codes of the documents (`doc`) or fields (`field`) the complement asked for."""
    prefix = f"{kind}:"
    return {item[len(prefix):] for item in dossier.complement_items or []
            if item.startswith(prefix)}


def answer_problem(session: Session, *, account: Account, dossier_id: int, message: str
                   ) -> DossierError | None:
    """What keeps the applicant's answer from being sent now (None when it may go): the
    answer gives exactly what the request asked for, or at least a message or a file."""
    dossier = owned_dossier(session, account, dossier_id)
    text = (message or "").strip()
    if dossier.status != Status.INFO_REQUESTED:
        return DossierError("error.transition_not_allowed")
    new_docs = {d.doc_code for d in answer_documents(session, dossier)}
    if dossier.complement_items:
        # Each requested document sent again, each requested field valid.
        missing: dict[str, str] = {f"doc:{code}": "error.document_missing"
                                   for code in requested(dossier, "doc") - new_docs}
        fields = {f["code"]: f for f in dossier.form_schema.get("fields", [])}
        for code in requested(dossier, "field") & set(fields):
            try:
                clean_value(fields[code], dossier.form_data.get(code),
                            province_codes(session, dossier))
            except FieldInvalid as error:
                missing[code] = error.problem
        if missing:
            return DossierError("error.answer_incomplete", missing)
    elif not text and not new_docs:
        return DossierError("error.answer_empty", {"message": "error.answer_empty"})
    if len(text) > 5000:
        return DossierError("error.text_too_long", {"message": "error.text_too_long"}, max=5000)
    return None


def answer_request(
    session: Session, *, account: Account, dossier_id: int, message: str,
    now: datetime | None = None,
) -> Dossier:
    """The applicant answers an information request: the file goes back to review."""
    problem = answer_problem(session, account=account, dossier_id=dossier_id, message=message)
    if problem is not None:
        raise problem
    dossier = owned_dossier(session, account, dossier_id)
    text = (message or "").strip()
    now = now or utcnow()
    if text:
        session.add(Message(dossier_id=dossier.id, author_id=account.id, kind="answer",
                            body=text, at=now))
    return transition(session, dossier, actor=account, as_actor=Actor.APPLICANT,
                      to_status=Status.IN_REVIEW, note=None, now=now,
                      **_resume_values(session, dossier, now))


# --- what the applicant and the public see ------------------------------------------------


def progress(session: Session, dossier: Dossier, now: datetime | None = None,
             calendars: Calendars | None = None) -> dict[str, Any]:
    """The deadline as the law counts it (in the procedure's unit, calendar or working
    days): the days used and left of it, whether it is past, and the expected decision day
    (while the dossier waits on the applicant, as if they answered now). `admin_days` is
    the published figure, in calendar days whatever the unit (DOMAIN.md)."""
    now = now or utcnow()
    end = dossier.decided_at or now
    days = admin_days(dossier.submitted_at, wait_so_far=dossier.applicant_wait_seconds,
                      paused_at=dossier.paused_at, end=end)
    deadline = deadline_days(dossier) + extension_days(dossier)
    unit = dossier.form_schema.get("deadline_unit") or DeadlineUnit.CALENDAR
    if not (dossier.submitted_at and dossier.due_at):
        return {"admin_days": days, "deadline_days": deadline, "unit": unit, "used_days": 0.0,
                "left_days": float(deadline), "overdue": False, "expected_on": None}
    calendars = calendars or Calendars(session)
    clock = dossier.decided_at or dossier.paused_at or now
    left = clock_days_left(calendars.of(dossier), dossier.due_at, clock)
    expected = dossier.due_at
    if dossier.paused_at and not dossier.decided_at:
        expected = due_at_for(session, dossier, calendars=calendars, pauses=[
            *pauses_of(session, dossier)[:-1], Pause(dossier.paused_at, max(now,
                                                                            dossier.paused_at))])
    return {
        "admin_days": days,
        "deadline_days": deadline,
        "unit": unit,
        "used_days": max(deadline - left, 0.0),
        "left_days": left,
        "overdue": left < 0,
        "expected_on": expected,
    }


def deadline_used_text(info: dict[str, Any], lang: str) -> str:
    """'12 jours sur 30' or '4 jours ouvrables sur 20' (whole days used, as the deadline
    counts them), with each language's plural ('3 أيام من أصل 30')."""
    key = "unit.working_days" if info["unit"] == DeadlineUnit.WORKING else "unit.days"
    return t("business.deadline_used", lang,
             used=format_days(int(info["used_days"]), lang, key=key),
             deadline=format_number(info["deadline_days"], lang, digits=0))


def deadline_used_pct(info: dict[str, Any]) -> int:
    """How full the deadline bar is, 0 to 100: the whole days used (the days the text
    says: 0 days is an empty bar) of the deadline, a deadline past is full."""
    if not info["deadline_days"]:
        return 0
    return min(100, round(100 * int(info["used_days"]) / info["deadline_days"]))


def dossier_list(session: Session, account: Account, lang: str) -> list[dict[str, str]]:
    rows = session.exec(
        select(Dossier, Procedure)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(Dossier.applicant_id == account.id)
        .order_by(col(Dossier.updated_at).desc())
    ).all()
    result = []
    calendars = Calendars(session)
    for dossier, procedure in rows:
        info = progress(session, dossier, calendars=calendars)
        result.append({
            "id": str(dossier.id),
            "procedure": localized(procedure.names, lang),
            "status": dossier.status,
            "status_label": t(f"status.{dossier.status}", lang),
            "tracking_code": dossier.tracking_code or "",
            "submitted_on": format_date(dossier.submitted_at, lang),
            "days": deadline_used_text(info, lang) if dossier.submitted_at else "",
            "overdue": "1" if info["overdue"] and dossier.status in OPEN_STATUSES else "",
            "action": t("dossier.continue" if dossier.status == Status.DRAFT
                        else "dossier.answer" if dossier.status == Status.INFO_REQUESTED
                        else "dossier.open", lang),
        })
    return result


def timeline(session: Session, dossier_id: int | None, lang: str, *, public: bool,
             petition_id: int | None = None, label: str = "status.{}") -> list[dict]:
    """Transitions of a dossier (or of the petition `petition_id`, whose statuses are worded
    by `label`) in order; the public view carries no notes and no names."""
    owner = (col(StatusChange.dossier_id) == dossier_id if petition_id is None
             else col(StatusChange.petition_id) == petition_id)
    entries = session.exec(select(StatusChange).where(owner).order_by(StatusChange.id)).all()
    return [
        {
            "status": e.to_status,
            "label": t(label.format(e.to_status), lang),
            "at": format_datetime(e.at, lang),
            "note": "" if public else (e.note or ""),
        }
        for e in entries
    ]


def messages_of(session: Session, dossier_id: int, lang: str) -> list[dict[str, str]]:
    rows = session.exec(
        select(Message).where(Message.dossier_id == dossier_id).order_by(Message.id)
    ).all()
    return [{"kind": m.kind, "kind_label": t(f"message.{m.kind}", lang), "body": m.body,
             "at": format_datetime(m.at, lang)} for m in rows]


def province_names(session: Session) -> dict[str, dict[str, str]]:
    return {p.code: dict(p.names) for p in session.exec(select(Province)).all()}


def form_summary(session: Session, dossier: Dossier, lang: str) -> list[dict[str, str]]:
    names = province_names(session)
    return [
        {"label": localized(f["label"], lang),
         "value": display_value(f, dossier.form_data.get(f["code"]), lang, names)}
        for f in dossier.form_schema.get("fields", [])
    ]


# --- public tracking ----------------------------------------------------------------------


class TrackingRefused(DossierError):
    pass


def _pin_checks(session: Session, row: Dossier | Petition | None, code: str, pin: str) -> bool:
    """The PIN of `row`, a dossier or a petition (None: the code is unknown). A PIN issued
    before the keyed digests is an Argon2 hash: it is checked once the slow way, then
    replaced by its digest (only if no other check replaced it first), so each old receipt
    costs that once."""
    stored = row.pin_hash if row is not None else None
    if stored and not is_pin_digest(stored):
        if not verify_password(pin, stored):
            return False
        table = type(row)
        session.exec(update(table).where(col(table.id) == row.id,
                                         col(table.pin_hash) == stored)
                     .values(pin_hash=stored_pin(code, pin)))
        return True
    return pin_matches(_pin_key(), code, pin, stored or _DUMMY_PIN_HASH) and row is not None


def track(
    session: Session, *, code: str, pin: str, client_ip: str, lang: str,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The public view of a dossier, or of a deposited petition, by the tracking code and
    PIN of its receipt. Rate-limited.

    A wrong PIN and an unknown code give the same refusal. Failures slow the next try down
    per code and per address (services.throttle, SECURITY 30): the receipt's holder gets in
    after a short wait, never locked out for long. The caller commits even when this raises,
    so the failed attempt counts.
    """
    now = now or datetime.now(UTC)
    try:
        canonical = normalize_tracking_code(code)
    except InvalidIdentifier:
        canonical = (code or "").strip().upper()[:16]
    client_key, code_key = f"ip:{client_ip}", f"code:{canonical}"
    try:
        throttle.check(session, "track", key=code_key, address=client_key,
                       key_rule=throttle.CODE_RULE, address_rule=throttle.TRACK_ADDRESS_RULE,
                       now=now)
    except throttle.Throttled as wait:
        raise TrackingRefused("error.tracking_throttled", n=wait.seconds) from None
    dossier = session.exec(select(Dossier).where(Dossier.tracking_code == canonical)).first()
    petition = None if dossier is not None else session.exec(
        select(Petition).where(Petition.tracking_code == canonical)).first()
    pin_text = (pin or "").strip()[:12]
    ok = _pin_checks(session, dossier or petition, canonical, pin_text)
    throttle.record(session, "track", keys=(client_key, code_key), subject=code_key,
                    success=ok, at=now)
    if not ok:
        raise TrackingRefused("error.tracking_failed")
    if petition is not None:
        from counter.services.petition_views import tracked_petition

        return tracked_petition(session, petition, lang)
    from counter.services.catalog import handling_names

    procedure = session.get(Procedure, dossier.procedure_id)
    info = progress(session, dossier, now)
    handling = handling_names(session, dossier.service_id, lang)
    return {
        "kind": "dossier",
        "tracking_code": dossier.tracking_code,
        "procedure": localized(procedure.names, lang),
        "region": handling["region"],
        "service": handling["service"],
        "status": dossier.status,
        "status_label": t(f"status.{dossier.status}", lang),
        "submitted_on": format_date(dossier.submitted_at, lang),
        "expected_on": ("" if dossier.status in DECIDED_STATUSES | {Status.WITHDRAWN}
                        else format_date(info["expected_on"], lang)),
        "decided_on": format_date(dossier.decided_at, lang),
        "timeline": timeline(session, dossier.id, lang, public=True),
    }


# --- businesses ---------------------------------------------------------------------------


def investment_files(session: Session, account: Account, lang: str) -> list[dict[str, Any]]:
    """The company's investment files with elapsed days against the 30-day legal limit."""
    if account.role != Role.BUSINESS or account.company_id is None:
        return []
    rows = session.exec(
        select(Dossier, Procedure)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(Dossier.company_id == account.company_id, Procedure.is_investment == True)  # noqa: E712
        .order_by(col(Dossier.updated_at).desc())
    ).all()
    provinces = province_names(session)
    calendars = Calendars(session)
    result = []
    for dossier, procedure in rows:
        fields = {f["code"]: f for f in dossier.form_schema.get("fields", [])}
        data = dossier.form_data
        info = progress(session, dossier, calendars=calendars)
        amount = data.get("investment_amount")
        sector = display_value(fields["sector"], data.get("sector"), lang) if "sector" in fields \
            else ""
        province = localized(provinces.get(str(data.get("province")), {}), lang)
        result.append({
            "id": str(dossier.id),
            "procedure": localized(procedure.names, lang),
            "status": dossier.status,
            "status_label": t(f"status.{dossier.status}", lang),
            "tracking_code": dossier.tracking_code or "",
            "amount": display_value(fields.get("investment_amount", {"type": "amount_mad"}),
                                    amount, lang) if amount not in (None, "") else "",
            "jobs": str(data.get("jobs_planned") or ""),
            "sector": sector,
            "province": province,
            "elapsed": deadline_used_text(info, lang) if dossier.submitted_at else "",
            "percent": deadline_used_pct(info) if dossier.submitted_at else 0,
            "deadline_days": info["deadline_days"],
            "overdue": "1" if info["overdue"] and dossier.status in OPEN_STATUSES else "",
        })
    return result
