"""The back office: an agent's queue, review actions and decisions, assisted filing.

An agent sees and acts on the dossiers of their own service only; another service's
dossier is 'not found'. Every action names the version of the dossier the agent was
looking at: if someone else acted meanwhile, the action is refused with a conflict and
nothing is overwritten.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from counter.domain.catalog import localized
from counter.domain.clock import days_left as clock_days_left
from counter.domain.identifiers import (
    InvalidIdentifier,
    normalize_cin,
    normalize_mobile,
    normalize_tracking_code,
)
from counter.domain.lifecycle import OPEN_STATUSES, Actor, Status, check_transition
from counter.domain.names import by_name
from counter.domain.workdays import DeadlineUnit, WorkCalendar
from counter.i18n import format_date, format_datetime, normalize_lang, t
from counter.models import (
    Account,
    Channel,
    Company,
    Dossier,
    Message,
    Procedure,
    Province,
    Role,
    Service,
    utcnow,
)
from counter.services.applicants import Applicant, applicant_from, applicant_of
from counter.services.deadlines import Calendars, due_at_for
from counter.services.dossiers import (
    Conflict,
    DossierError,
    complement_choices,
    complement_text,
    form_schema_of,
    save_versioned,
    transition,
)
from counter.services.sql import epoch_seconds
from counter.settings import Settings, get_settings

PAGE_SIZE = 25
MAX_MESSAGE = 5000


# --- access -------------------------------------------------------------------------------


def service_dossier(session: Session, agent: Account, dossier_id: int) -> Dossier:
    """A dossier of the agent's own service (drafts are the applicant's, not the service's)."""
    dossier = session.get(Dossier, dossier_id)
    if (
        dossier is None
        or agent is None
        or agent.role != Role.AGENT
        or agent.service_id is None
        or dossier.service_id != agent.service_id
        or (dossier.status == Status.DRAFT and dossier.filed_by_id != agent.id)
    ):
        raise DossierError("error.dossier_not_found")
    return dossier


def _at_version(session: Session, agent: Account, dossier_id: int, version: int) -> Dossier:
    dossier = service_dossier(session, agent, dossier_id)
    if dossier.version != version:
        raise Conflict()
    return dossier


# --- the queue ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    procedure_code: str = ""
    province_code: str = ""
    mine: bool = False
    search: str = ""


@dataclass
class QueuePage:
    rows: list[dict[str, str]]
    total: int
    page: int
    pages: int


def _queue_conditions(session: Session, agent: Account, filters: QueueFilters) -> list[Any]:
    """Conditions on the dossier table alone (codes turned into ids first), so the page and
    its count never join the other tables over every open dossier."""
    statuses = [s.value for s in OPEN_STATUSES]
    conditions: list[Any] = [Dossier.service_id == agent.service_id]
    if filters.status in statuses:
        conditions.append(Dossier.status == filters.status)
    else:
        conditions.append(col(Dossier.status).in_(statuses))
    if filters.procedure_code:
        conditions.append(Dossier.procedure_id == select(Procedure.id).where(
            Procedure.code == filters.procedure_code).scalar_subquery())
    if filters.province_code:
        conditions.append(Dossier.province_id == select(Province.id).where(
            Province.code == filters.province_code).scalar_subquery())
    if filters.mine:
        conditions.append(Dossier.assigned_to_id == agent.id)
    text = filters.search.strip()[:100]
    if text:
        pattern = "%" + text.lower().replace("\\", "").replace("%", "").replace("_", " ") + "%"
        by_name = or_(
            col(Dossier.applicant_id).in_(select(Account.id).where(
                func.lower(Account.full_name).like(pattern))),
            func.lower(Dossier.person_name).like(pattern),
            col(Dossier.company_id).in_(select(Company.id).where(
                func.lower(Company.name).like(pattern))),
        )
        try:
            code = normalize_tracking_code(text)
        except InvalidIdentifier:
            code = None
        # A typed tracking code finds its dossier through the unique index; text that only
        # looks like a code (some surnames do) is searched as a name.
        if code and session.exec(select(Dossier.id).where(Dossier.tracking_code == code)
                                 ).first() is not None:
            conditions.append(Dossier.tracking_code == code)
        else:
            conditions.append(by_name)
    return conditions


def queue(
    session: Session,
    *,
    agent: Account,
    filters: QueueFilters = QueueFilters(),  # noqa: B008
    page: int = 1,
    lang: str = "fr",
    now: datetime | None = None,
) -> QueuePage:
    """The service's open dossiers, the least time left first (paused clocks stay frozen)."""
    if agent is None or agent.role != Role.AGENT or agent.service_id is None:
        return QueuePage([], 0, 1, 1)
    now = now or utcnow()
    conditions = _queue_conditions(session, agent, filters)
    total = session.exec(select(func.count()).select_from(Dossier).where(*conditions)).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    # Time left = due_at - now while the clock runs; due_at - paused_at while it waits.
    time_left = epoch_seconds(Dossier.due_at) - epoch_seconds(
        func.coalesce(Dossier.paused_at, now))
    ids = session.exec(
        select(Dossier.id).where(*conditions).order_by(time_left, Dossier.id)
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    found = {
        dossier.id: (dossier, procedure, applicant_from(dossier, account, company), province)
        for dossier, procedure, account, company, province in session.exec(
            select(Dossier, Procedure, Account, Company, Province)
            .join(Procedure, Procedure.id == Dossier.procedure_id)
            .outerjoin(Account, Account.id == Dossier.applicant_id)
            .outerjoin(Company, Company.id == Dossier.company_id)
            .outerjoin(Province, Province.id == Dossier.province_id)
            .where(col(Dossier.id).in_(ids))
        ).all()
    } if ids else {}
    rows = [found[i] for i in ids if i in found]
    agents = _agent_names(session, {d.assigned_to_id for d, *_ in rows if d.assigned_to_id})
    calendars = Calendars(session)
    return QueuePage([_queue_row(d, p, a, pr, agents, lang, now, calendars.of(d))
                      for d, p, a, pr in rows], total, page, pages)


def _agent_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.exec(select(Account.id, Account.full_name)
                             .where(col(Account.id).in_(ids))).all())


def days_left(dossier: Dossier, now: datetime, calendar: WorkCalendar) -> float:
    """Days of the deadline left, in its unit; the clock stands still while paused."""
    if dossier.due_at is None:
        return 0.0
    return clock_days_left(calendar, dossier.due_at, dossier.paused_at or now)


def left_text(dossier: Dossier, left: float, lang: str) -> str:
    """'3 j' / '3 j ouvrables', or how far past the deadline."""
    working = dossier.form_schema.get("deadline_unit") == DeadlineUnit.WORKING
    if left >= 0:
        return t("queue.working_days_left" if working else "queue.days_left", lang,
                 n=int(left))
    return t("queue.working_days_over" if working else "queue.days_over", lang,
             n=math.ceil(-left))


def _queue_row(dossier: Dossier, procedure: Procedure, applicant: Applicant,
               province: Province | None, agents: dict[int, str], lang: str,
               now: datetime, calendar: WorkCalendar) -> dict[str, str]:
    from counter.services.silence import silence_countdown

    left = days_left(dossier, now, calendar)
    return {
        "id": str(dossier.id),
        "tracking_code": dossier.tracking_code or "",
        "procedure": localized(procedure.names, lang),
        "applicant": applicant.display(lang),
        # A company's dossier: who filed it for the company.
        "representative": (t("queue.representative", lang, name=applicant.person)
                           if applicant.company and applicant.person else ""),
        "unnamed": "" if applicant.named else "1",
        "channel": t(f"channel.{dossier.channel}", lang),
        "province": localized(province.names, lang) if province else "",
        "status": dossier.status,
        "status_label": t(f"status.{dossier.status}", lang),
        "submitted_on": format_date(dossier.submitted_at, lang),
        "left": left_text(dossier, left, lang),
        "overdue": "1" if left < 0 else "",
        "paused": "1" if dossier.paused_at else "",
        "assigned": agents.get(dossier.assigned_to_id or 0, ""),
        # Accepted by silence at the deadline (law 55-19), where its rules say so.
        "silence": "1" if dossier.form_schema.get("silence_acceptance") else "",
        "silence_label": silence_countdown(dossier, left, lang),
    }


# --- actions ------------------------------------------------------------------------------


def take(session: Session, *, agent: Account, dossier_id: int, version: int,
         now: datetime | None = None) -> Dossier:
    """Start the review: submitted -> in_review, assigned to the agent."""
    dossier = _at_version(session, agent, dossier_id, version)
    return transition(session, dossier, actor=agent, as_actor=Actor.AGENT,
                      to_status=Status.IN_REVIEW, now=now, assigned_to_id=agent.id)


def _clean_message(text: str | None, *, required: bool) -> str:
    body = (text or "").strip()
    if required and not body:
        raise DossierError("error.transition_note_required",
                           {"message": "error.transition_note_required"})
    if len(body) > MAX_MESSAGE:
        raise DossierError("error.text_too_long", {"message": "error.text_too_long"},
                           max=MAX_MESSAGE)
    return body


def request_information(session: Session, *, agent: Account, dossier_id: int, version: int,
                        items: Sequence[str] = (), message: str = "",
                        now: datetime | None = None) -> Dossier:
    """The one complement request of law 55-19: the agent ticks which of the procedure's
    listed documents (`doc:<code>`) and fields (`field:<code>`) are missing, and may add a
    note; the administration's clock stops. A second request is refused."""
    note = _clean_message(message, required=False)
    now = now or utcnow()
    dossier = _at_version(session, agent, dossier_id, version)
    check_transition(dossier.status, Status.INFO_REQUESTED, Actor.AGENT, "-")
    if dossier.complement_requested_at is not None:
        raise DossierError("error.complement_once", {"items": "error.complement_once"})
    listed = complement_choices(dossier)
    chosen = [item for item in dict.fromkeys(str(i) for i in items) if item in listed]
    if not chosen or len(chosen) != len(set(items)):
        raise DossierError("error.complement_items", {"items": "error.complement_items"})
    body = complement_text(dossier, chosen, note, dossier.lang)
    transition(session, dossier, actor=agent, as_actor=Actor.AGENT,
               to_status=Status.INFO_REQUESTED, note=body, now=now, paused_at=now,
               complement_requested_at=now, complement_items=chosen)
    session.add(Message(dossier_id=dossier.id, author_id=agent.id, kind="info_request",
                        body=body, at=now))
    session.flush()
    _notify(session, dossier, "info_requested", note=body)
    return dossier


def extend_deadline(session: Session, *, agent: Account, dossier_id: int, version: int,
                    reason: str, now: datetime | None = None) -> Dossier:
    """Law 31-13: the deadline extended once, by as long again, with the reason that the
    applicant sees on the dossier and receives by e-mail. A second extension is refused."""
    body = _clean_message(reason, required=True)
    now = now or utcnow()
    dossier = _at_version(session, agent, dossier_id, version)
    if dossier.status not in OPEN_STATUSES or not dossier.submitted_at:
        raise DossierError("error.transition_not_allowed")
    if not dossier.form_schema.get("extension_days"):
        raise DossierError("error.extension_not_allowed", {"reason": "error.extension_not_allowed"})
    if dossier.extended_at is not None:
        raise DossierError("error.extension_once", {"reason": "error.extension_once"})
    due = due_at_for(session, dossier, extended_at=now)
    save_versioned(session, dossier, extended_at=now, extension_reason=body, due_at=due)
    session.add(Message(dossier_id=dossier.id, author_id=agent.id, kind="extension",
                        body=body, at=now))
    session.flush()
    _notify(session, dossier, "extended", note=body)
    return dossier


def decide(session: Session, *, agent: Account, dossier_id: int, version: int, accept: bool,
           reason: str = "", now: datetime | None = None,
           settings: Settings | None = None) -> Dossier:
    """Accept or reject (a reason is required to reject); a decision document is issued."""
    from counter.services import storage
    from counter.services.decisions import (
        decision_data_for,
        new_verification_code,
        render_decision,
    )

    settings = settings or get_settings()
    body = _clean_message(reason, required=not accept)
    now = now or utcnow()
    dossier = _at_version(session, agent, dossier_id, version)
    target = Status.ACCEPTED if accept else Status.REJECTED
    code = _unique_verification_code(session, new_verification_code)
    preview = Dossier.model_validate(dossier.model_dump())
    preview.status, preview.decided_at, preview.decision_note = target.value, now, body or None
    preview.verification_code = code
    pdf = render_decision(decision_data_for(session, preview, settings=settings,
                                            agent_name=agent.full_name))
    decision_name = storage.write_private(pdf, ".pdf")
    try:
        transition(session, dossier, actor=agent, as_actor=Actor.AGENT, to_status=target,
                   note=body or None, now=now, decided_at=now, decision_note=body or None,
                   verification_code=code, decision_name=decision_name)
    except Exception:
        storage.remove(decision_name)
        raise
    _notify(session, dossier, target.value, note=body or None)
    return dossier


def _unique_verification_code(session: Session, generate: Any, attempts: int = 20) -> str:
    for _ in range(attempts):
        code = generate()
        taken = session.exec(select(Dossier.id).where(Dossier.verification_code == code)).first()
        if taken is None:
            return code
    raise RuntimeError("no free verification code")


def _notify(session: Session, dossier: Dossier, kind: str, note: str | None = None) -> None:
    """Queue the applicant's e-mail in this transaction (sent later, never blocking)."""
    from counter.services.mail import notify

    notify(session, dossier, kind, note=note)


# --- what the agent sees ------------------------------------------------------------------


def _document_history(session: Session, agent: Account, dossier: Dossier, lang: str
                      ) -> list[dict[str, str]]:
    """Every file of the dossier, none deleted: by listed document, the newest first. A file
    sent since the complement request is new; one a later file of the same document
    replaced is marked so, and stays for the agent to compare."""
    from counter.services.access import can_read_document
    from counter.services.dossiers import documents_of

    listed = [d["code"] for d in dossier.form_schema.get("documents", [])]
    labels = {d["code"]: d["label"] for d in dossier.form_schema.get("documents", [])}
    files = sorted(documents_of(session, dossier.id),
                   key=lambda d: (listed.index(d.doc_code) if d.doc_code in listed
                                  else len(listed), -(d.id or 0)))
    since = dossier.complement_requested_at
    rows, seen = [], set()
    for document in files:
        shown = can_read_document(agent, dossier, document)
        rows.append({
            "id": str(document.id),
            "label": localized(labels.get(document.doc_code), lang),
            "file_name": document.original_name,
            "kind": "image" if document.content_type.startswith("image/") else "pdf",
            "url": f"/api/documents/{document.id}" if shown else "",
            "pages": t("unit.pages", lang, n=document.pages),
            "scan": t(f"scan.{document.scan_status}", lang),
            "uploaded": format_datetime(document.uploaded_at, lang),
            "new": "1" if since and document.uploaded_at >= since else "",
            "replaced": "1" if document.doc_code in seen else "",
        })
        seen.add(document.doc_code)
    return rows


def review_view(session: Session, agent: Account, dossier_id: int, lang: str,
                now: datetime | None = None) -> dict[str, Any]:
    """Everything the review page shows, for an agent of the dossier's service."""
    from counter.services.dossiers import (
        deadline_used_text,
        form_summary,
        messages_of,
        progress,
        timeline,
    )

    now = now or utcnow()
    dossier = service_dossier(session, agent, dossier_id)
    procedure = session.get(Procedure, dossier.procedure_id)
    applicant = session.get(Account, dossier.applicant_id) if dossier.applicant_id else None
    parties = applicant_of(session, dossier)
    calendars = Calendars(session)
    info = progress(session, dossier, now, calendars)
    documents = _document_history(session, agent, dossier, lang)
    from counter.services.dossiers import complement_choices

    choices = complement_choices(dossier)
    return {
        "id": dossier.id,
        "version": dossier.version,
        "status": dossier.status,
        "status_label": t(f"status.{dossier.status}", lang),
        "tracking_code": dossier.tracking_code or "",
        "procedure": localized(procedure.names, lang),
        "applicant": parties.person or parties.display(lang),
        "company": (t("review.company_value", lang, name=parties.company, ice=parties.ice)
                    if parties.company else ""),
        "cin": (applicant.cin if applicant else dossier.person_cin) or "",
        "contact": ((applicant.email or applicant.mobile) if applicant
                    else dossier.person_mobile) or "",
        "channel": t(f"channel.{dossier.channel}", lang),
        "submitted_on": format_date(dossier.submitted_at, lang),
        "admin_days": deadline_used_text(info, lang),
        "left": (left_text(dossier, info["left_days"], lang)
                 if dossier.status in OPEN_STATUSES else ""),
        "overdue": bool(info["overdue"]) and dossier.status in OPEN_STATUSES,
        "assigned": _agent_names(session, {dossier.assigned_to_id}).get(
            dossier.assigned_to_id or 0, "") if dossier.assigned_to_id else "",
        "form": form_summary(session, dossier, lang),
        "documents": documents,
        "timeline": timeline(session, dossier.id, lang, public=False),
        "messages": messages_of(session, dossier.id, lang),
        "urgent": dossier.urgent,
        # Law 55-19: one complement request, for what the procedure lists.
        "complement_choices": ([[item, localized(label, lang)] for item, label in choices.items()]
                               if dossier.complement_requested_at is None else []),
        "complement_used": (t("complement.used", lang,
                              date=format_date(dossier.complement_requested_at, lang))
                            if dossier.complement_requested_at else ""),
        # Law 31-13: one extension, with its reason.
        "can_extend": (bool(dossier.form_schema.get("extension_days"))
                       and dossier.extended_at is None and dossier.status in OPEN_STATUSES),
        "extension": (t("extension.done", lang, date=format_date(dossier.extended_at, lang),
                        reason=dossier.extension_reason or "")
                      if dossier.extended_at else ""),
        "has_decision": bool(dossier.decision_name),
        "decision_note": dossier.decision_note or "",
        "verification_code": dossier.verification_code or "",
    }


def queue_filters_options(session: Session, agent: Account, lang: str) -> dict[str, list]:
    """The choices of the queue's filters: the service's procedures and its region's
    provinces."""
    if not (agent and agent.service_id):
        return {"procedures": [], "provinces": []}
    procedures = session.exec(
        select(Procedure).where(Procedure.service_id == agent.service_id,
                                col(Procedure.external_url).is_(None))
    ).all()
    provinces = session.exec(select(Province).join(
        Service, Service.region_id == Province.region_id).where(
        Service.id == agent.service_id)).all()
    return {
        "procedures": [[p.code, localized(p.names, lang)] for p in by_name(procedures)],
        "provinces": [[p.code, localized(p.names, lang)] for p in by_name(provinces)],
    }


# --- assisted filing ----------------------------------------------------------------------


def start_assisted(session: Session, *, agent: Account, procedure_code: str, person_name: str,
                   person_cin: str, person_mobile: str, lang: str, consent: bool,
                   now: datetime | None = None) -> Dossier:
    """A draft filed by an agent for a person at the counter, with the person's consent."""
    errors: dict[str, str] = {}
    name = " ".join((person_name or "").split())[:200]
    if not name:
        errors["person_name"] = "error.field_required"
    cin = mobile = None
    try:
        cin = normalize_cin(person_cin)
    except InvalidIdentifier as error:
        errors["person_cin"] = error.code
    if (person_mobile or "").strip():
        try:
            mobile = normalize_mobile(person_mobile)
        except InvalidIdentifier as error:
            errors["person_mobile"] = error.code
    if not consent:
        errors["consent"] = "error.consent_required"
    procedure = session.exec(select(Procedure).where(
        Procedure.code == procedure_code, Procedure.is_active == True,  # noqa: E712
        col(Procedure.external_url).is_(None),
        Procedure.service_id == agent.service_id)).first()
    if procedure is None:
        errors["procedure"] = "error.procedure_not_found"
    if agent.role != Role.AGENT:
        raise DossierError("error.forbidden")
    if errors:
        raise DossierError("error.form_invalid", errors)
    now = now or utcnow()
    dossier = Dossier(
        procedure_id=procedure.id,
        service_id=procedure.service_id,
        applicant_id=None,
        channel=Channel.ASSISTED,
        lang=normalize_lang(lang),
        filed_by_id=agent.id,
        person_name=name,
        person_cin=cin,
        person_mobile=mobile,
        consent_at=now,
        form_schema=form_schema_of(procedure),
        form_data={},
    )
    session.add(dossier)
    session.flush()
    return dossier


def claim_assisted(session: Session, *, account: Account, code: str, pin: str, client_ip: str,
                   now: datetime | None = None) -> Dossier:
    """A person attaches a dossier filed for them at the counter to their own account.

    The tracking code and PIN prove they hold the receipt; the CIN recorded at the counter
    must be the account's.
    """
    from counter.services.dossiers import TrackingRefused, track

    track(session, code=code, pin=pin, client_ip=client_ip, lang="fr", now=now)
    dossier = session.exec(select(Dossier).where(
        Dossier.tracking_code == normalize_tracking_code(code))).one()
    if dossier.channel != Channel.ASSISTED or dossier.applicant_id is not None:
        raise TrackingRefused("error.claim_not_possible")
    if not account.cin or dossier.person_cin != account.cin:
        raise TrackingRefused("error.claim_cin_mismatch")
    return save_versioned(session, dossier, applicant_id=account.id)
