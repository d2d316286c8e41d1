"""The council's side of petitions, as its screens show it: the petitions service's queue
with the two-month clock, a petition's review (text, counts per province, the list of
signatures for the bureau), the bureau's decision with its document and the
representative's e-mail, the council's answer, paper signature sheets entered line by line,
and the region's settings with their legal reference.

The rules are counter.services.petitions' and counter.domain.petitions'; this module only
puts their results into the words of a screen (message keys read with `t`) and joins the
decision to its document and e-mail, in the same transaction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from sqlmodel import Session, col, func, select

from counter.domain.names import pick
from counter.domain.petitions import (
    PetitionError,
    PetitionRules,
    PetitionStatus,
    SignerBasis,
    check_thresholds,
    province_minimum,
)
from counter.i18n import format_date, format_datetime, format_number, t
from counter.models import (
    Account,
    OutboxMessage,
    Petition,
    PetitionAnswer,
    PetitionDecision,
    PetitionSettings,
    PetitionSheet,
    PetitionSignature,
    Province,
    Region,
    Service,
    utcnow,
)
from counter.services import petitions as svc
from counter.services.scope import admin_scope, require_region

DECISION_MAIL = "petition_decision"
ANSWER_MAIL = "petition_answer"


def _label(key: str, lang: str, **params: object) -> str:
    return t(key, lang, **params)


def status_label(status: str, lang: str) -> str:
    return t(f"petitions.status_{status}", lang)


def days_left_label(days_left: float, lang: str) -> str:
    """Whole days left before the two months end; past them, whole days late."""
    if days_left < 0:
        return t("council.days_late", lang, n=math.ceil(-days_left))
    return t("council.days_left", lang, n=int(days_left))


# --- the queue ----------------------------------------------------------------------------


def queue_rows(session: Session, *, agent: Account, lang: str,
               now: datetime | None = None) -> list[dict[str, str]]:
    """The deposited petitions of the agent's petitions service, nearest deadline first."""
    rows = svc.agent_queue(session, agent=agent, now=now)
    return [{
        "id": str(row.petition_id), "title": row.title, "code": row.tracking_code or "",
        "kind": t(f"council.kind.{row.kind}", lang),
        "deposited": format_date(row.deposited_at, lang),
        "due": format_date(row.decision_due_at, lang),
        "left": days_left_label(row.days_left, lang),
        "overdue": "1" if row.overdue else "",
        "signatures": format_number(row.signatures, lang) if row.kind == "citizens" else "—",
    } for row in rows]


# --- one petition -------------------------------------------------------------------------


def _province_names(session: Session, region_id: int, lang: str) -> dict[str, str]:
    rows = session.exec(select(Province).where(Province.region_id == region_id)
                        .order_by(Province.id)).all()
    return {p.code: pick(p.names, lang) for p in rows}


def province_rows(session: Session, petition: Petition, lang: str) -> list[dict[str, str]]:
    """Each province of the region: its count against the spread rule's minimum."""
    counts = svc.counts_by_province(session, petition.id)
    settings = session.get(PetitionSettings, petition.settings_id) if petition.settings_id \
        else None
    minimum = province_minimum(svc.rules_of(settings)) if settings else 0
    names = _province_names(session, petition.region_id, lang)
    return [{"province": names.get(code, code), "count": format_number(n, lang),
             "minimum": format_number(minimum, lang), "met": "1" if n >= minimum else ""}
            for code, n in counts.items()]


def _my_service(session: Session, agent: Account, petition: Petition) -> None:
    if not svc._is_petitions_agent(session, agent, petition.region_id):
        raise PetitionError("petition.forbidden")


def review_view(session: Session, *, agent: Account, petition_id: int, lang: str,
                now: datetime | None = None) -> dict[str, Any]:
    """Everything the review screen shows, for an agent of the petition's region's service."""
    now = now or utcnow()
    petition = svc._petition(session, petition_id)
    _my_service(session, agent, petition)
    region = session.get(Region, petition.region_id)
    names = _province_names(session, petition.region_id, lang)
    signatures = svc.bureau_signatures(session, agent=agent, petition_id=petition_id)
    decision = session.exec(select(PetitionDecision).where(
        PetitionDecision.petition_id == petition_id)).first()
    answer = session.exec(select(PetitionAnswer).where(
        PetitionAnswer.petition_id == petition_id)).first()
    settings = session.get(PetitionSettings, petition.settings_id) if petition.settings_id \
        else None
    counts = svc.counts_by_province(session, petition_id)
    total = sum(counts.values())
    rules = svc.rules_of(settings) if settings else None
    check = check_thresholds(counts, counts, rules) if rules else None
    days_left = ((petition.decision_due_at - now).total_seconds() / 86400
                 if petition.decision_due_at else 0.0)
    header = {
        "title": petition.title, "request": petition.request, "reasons": petition.reasons,
        "code": petition.tracking_code or "", "status": petition.status,
        "status_label": status_label(petition.status, lang),
        "kind": t(f"council.kind.{petition.kind}", lang),
        "region": pick(region.names, lang) if region else "",
        "deposited": format_datetime(petition.deposited_at, lang),
        "due": format_date(petition.decision_due_at, lang),
        "left": days_left_label(days_left, lang)
        if petition.status == PetitionStatus.DEPOSITED and petition.decision_due_at else "",
        "overdue": "1" if petition.status == PetitionStatus.DEPOSITED and days_left < 0 else "",
        "total": t("council.total", lang, n=total,
                   minimum=check.minimum if check else 0) if petition.kind == "citizens"
        else t("council.no_signatures_needed", lang),
        "committee": decision.committee or "" if decision else "",
        "session_on": format_date(decision.session_on, lang) if decision else "",
        "refusal": decision.reasons or "" if decision else "",
        "decided": format_datetime(decision.decided_at, lang) if decision else "",
        "answer": answer.text if answer else "",
        "answered": format_datetime(answer.published_at, lang) if answer else "",
        "legal_reference": rules.legal_reference if rules else "",
    }
    return {
        "version": petition.version,
        "header": header,
        "provinces": province_rows(session, petition, lang),
        "signature_count": t("council.show_signatures", lang, n=len(signatures)),
        "signatures": [{
            "name": s.full_name, "cin": s.cin, "province": names.get(s.province, s.province),
            "channel": t(f"council.channel.{s.channel}", lang),
            "sheet": t("council.sheet_line", lang, sheet=s.sheet, line=s.line_number or "")
            if s.sheet else "",
        } for s in signatures],
        "can_decide": petition.status == PetitionStatus.DEPOSITED,
        "can_answer": petition.status == PetitionStatus.ADMISSIBLE,
        "can_enter_sheets": petition.status == PetitionStatus.COLLECTING,
        "province_options": [[str(pid), names.get(code, code)] for pid, code in
                             svc.region_provinces(session, petition.region_id).items()],
    }


# --- the decision, its document and the representative's e-mail -------------------------------


def representative_of(session: Session, petition: Petition) -> Account | None:
    """Who is told: the association's representative, else the petition's representative."""
    if petition.association_id is not None:
        from counter.models import Association

        association = session.get(Association, petition.association_id)
        return session.get(Account, association.representative_id) if association else None
    accepted = svc._accepted(session, petition)
    account_id = accepted.get(svc.REPRESENTATIVE) or petition.author_id
    return session.get(Account, account_id)


def _mail(session: Session, petition: Petition, kind: str, lang: str,
          params: dict[str, Any], now: datetime) -> OutboxMessage | None:
    account = representative_of(session, petition)
    if account is None or not account.email:
        return None
    lang = account.correspondence_lang or lang or petition.lang or "fr"
    region = session.get(Region, petition.region_id)
    params = {**params, "name": account.full_name, "title": petition.title,
              "code": petition.tracking_code or "",
              "region": pick(region.names, lang) if region else ""}
    body = [t("mail.greeting", lang, name=account.full_name), t(f"mail.{kind}.body", lang,
            **params), t("mail.petition.signature", lang, region=params["region"])]
    message = OutboxMessage(kind=kind, to_address=account.email, lang=lang,
                            subject=t(f"mail.{kind}.subject", lang, **params)[:300]
                            .replace("\n", " "),
                            body="\n\n".join(body) + "\n", created_at=now, next_attempt_at=now)
    session.add(message)
    session.flush()
    return message


def record_decision(session: Session, *, agent: Account, petition_id: int, version: int,
                    admissible: bool, committee: str = "", session_on: date | None = None,
                    reasons: str = "", lang: str = "fr",
                    now: datetime | None = None) -> PetitionDecision:
    """The bureau's decision (audited by the service), then the representative's e-mail.
    `version` is the one the agent saw: a petition changed since is a conflict."""
    now = now or utcnow()
    petition = svc._petition(session, petition_id)
    if petition.version != version:
        raise PetitionError("petition.conflict")
    decision = svc.decide(session, agent=agent, petition_id=petition_id, admissible=admissible,
                          committee=committee, session_on=session_on, reasons=reasons, now=now)
    mail_lang = petition.lang
    outcome = t(f"council.outcome.{decision.outcome}", mail_lang)
    detail = (t("mail.petition_decision.admissible", mail_lang, committee=decision.committee,
                date=format_date(decision.session_on, mail_lang)) if admissible
              else t("mail.petition_decision.refused", mail_lang, reasons=decision.reasons))
    _mail(session, petition, DECISION_MAIL, mail_lang,
          {"outcome": outcome, "detail": detail}, now)
    return decision


def record_answer(session: Session, *, agent: Account, petition_id: int, version: int,
                  text: str, now: datetime | None = None) -> PetitionAnswer:
    now = now or utcnow()
    petition = svc._petition(session, petition_id)
    if petition.version != version:
        raise PetitionError("petition.conflict")
    answer = svc.publish_answer(session, agent=agent, petition_id=petition_id, text=text,
                                now=now)
    _mail(session, petition, ANSWER_MAIL, petition.lang, {"answer": answer.text}, now)
    return answer


@dataclass(frozen=True)
class DecisionDocument:
    """What the decision's PDF says, in the petition's language."""

    lang: str
    region_names: dict[str, str]
    service_names: dict[str, str]
    title: str
    code: str
    deposited_at: datetime
    outcome: str
    decided_at: datetime
    committee: str
    session_on: date | None
    reasons: str


def decision_document(session: Session, *, account: Account, petition_id: int,
                      lang: str) -> DecisionDocument:
    """The decided petition's document, for an agent of its service or its representative."""
    petition = svc._petition(session, petition_id)
    representative = representative_of(session, petition)
    if not (svc._is_petitions_agent(session, account, petition.region_id)
            or (representative is not None and representative.id == account.id)):
        raise PetitionError("petition.forbidden")
    decision = session.exec(select(PetitionDecision).where(
        PetitionDecision.petition_id == petition_id)).first()
    if decision is None:
        raise PetitionError("petition.not_decided")
    region = session.get(Region, petition.region_id)
    settings = svc.current_settings(session, petition.region_id)
    service = session.get(Service, settings.service_id) if settings.service_id else None
    return DecisionDocument(lang, dict(region.names), dict(service.names) if service else {},
                            petition.title, petition.tracking_code or "", petition.deposited_at,
                            decision.outcome, decision.decided_at, decision.committee or "",
                            decision.session_on, decision.reasons or "")


# --- paper signature sheets ------------------------------------------------------------------


@dataclass
class SheetLine:
    """One line of a paper sheet as the agent typed it."""

    line: int
    full_name: str
    cin: str
    province_id: int | None
    signed: bool


@dataclass
class SheetResult:
    kept: int = 0
    not_signed: int = 0
    # Line number -> what is wrong with it, in the agent's language.
    problems: dict[int, str] = field(default_factory=dict)


def _sheet(session: Session, agent: Account, petition: Petition, number: str,
           now: datetime) -> PetitionSheet:
    """The sheet of that number, opened now or by an earlier entry of its lines."""
    existing = session.exec(select(PetitionSheet).where(
        PetitionSheet.petition_id == petition.id,
        PetitionSheet.number == (number or "").strip())).first()
    if existing is not None:
        svc._require_agent(session, agent, petition)
        return existing
    return svc.open_sheet(session, agent=agent, petition_id=petition.id, number=number,
                          now=now)


def enter_sheet(session: Session, *, agent: Account, petition_id: int, number: str,
                lines: list[SheetLine], lang: str, now: datetime | None = None) -> SheetResult:
    """Every line of a sheet; each good line is committed as soon as it is counted, so a
    bad line (malformed CIN, province outside the region, CIN already counted) loses
    nothing: it is reported with its message, to correct and enter again."""
    now = now or utcnow()
    petition = svc._petition(session, petition_id)
    sheet = _sheet(session, agent, petition, number, now)
    session.commit()
    result = SheetResult()
    for entry in lines:
        try:
            signature = svc.enter_sheet_line(
                session, agent=agent, sheet_id=sheet.id, line_number=entry.line,
                full_name=entry.full_name, cin=entry.cin, province_id=entry.province_id,
                signed=entry.signed, basis=SignerBasis.RESIDENCE, now=now)
        except PetitionError as error:
            result.problems[entry.line] = t(error.code, lang, **error.params)
            session.rollback()
            continue
        session.commit()
        if signature is None:
            result.not_signed += 1
        else:
            result.kept += 1
    return result


def sheet_progress(session: Session, petition_id: int, lang: str) -> str:
    """How many signatures the petition has, against its minimum, paper ones apart."""
    petition = svc._petition(session, petition_id)
    total = session.exec(select(func.count()).select_from(PetitionSignature).where(
        PetitionSignature.petition_id == petition_id)).one()
    paper = session.exec(select(func.count()).select_from(PetitionSignature).where(
        PetitionSignature.petition_id == petition_id,
        col(PetitionSignature.sheet_id).is_not(None))).one()
    settings = session.get(PetitionSettings, petition.settings_id) if petition.settings_id \
        else None
    minimum = settings.minimum_signatures if settings else 0
    return t("council.sheet_progress", lang, n=total, paper=paper, minimum=minimum)


def collecting_rows(session: Session, *, agent: Account, lang: str) -> list[dict[str, str]]:
    """The petitions of the agent's region collecting signatures, for their paper sheets."""
    if agent.service_id is None:
        raise PetitionError("petition.forbidden")
    regions = [r.id for r in session.exec(select(Region)).all()
               if svc._is_petitions_agent(session, agent, r.id)]
    petitions = session.exec(select(Petition).where(
        Petition.status == PetitionStatus.COLLECTING, col(Petition.region_id).in_(
            regions or [-1])).order_by(col(Petition.closes_at), col(Petition.id))).all()
    return [{"id": str(p.id), "title": p.title, "closes": format_date(p.closes_at, lang)}
            for p in petitions]


# --- the region's settings ----------------------------------------------------------------


def settings_view(session: Session, *, admin: Account, region_id: int,
                  lang: str) -> dict[str, Any]:
    """The region's settings now, each with its legal reference, and every earlier version
    with how many petitions were published under it (they keep it)."""
    require_region(admin_scope(admin), region_id, what="petition_settings")
    current = svc.current_settings(session, region_id)
    versions = session.exec(select(PetitionSettings).where(
        PetitionSettings.region_id == region_id)
        .order_by(col(PetitionSettings.version).desc())).all()
    used = dict(session.exec(select(Petition.settings_id, func.count())
                             .where(col(Petition.settings_id).in_([v.id for v in versions]))
                             .group_by(Petition.settings_id)).all())
    rules = svc.rules_of(current)
    return {
        "current": {
            "version": str(current.version),
            "minimum": str(current.minimum_signatures), "spread": str(current.spread_pct),
            "bases": list(current.eligible_bases), "days": str(current.signature_days),
            "legal_reference": current.legal_reference, "source": current.source,
            "service_id": str(current.service_id or ""),
            "per_province": format_number(province_minimum(rules), lang),
        },
        "versions": [{
            "version": str(v.version), "minimum": format_number(v.minimum_signatures, lang),
            "spread": f"{v.spread_pct} %", "days": format_number(v.signature_days, lang),
            "bases": ", ".join(t(f"council.basis.{b}", lang) for b in v.eligible_bases),
            "source": v.source, "created": format_date(v.created_at, lang),
            "petitions": format_number(used.get(v.id, 0), lang),
        } for v in versions],
    }


def save_settings(session: Session, *, admin: Account, region_id: int, minimum: str,
                  spread: str, bases: list[str], days: str, legal_reference: str,
                  source: str, service_id: int | None) -> PetitionSettings:
    """A new version from the administrator's form (text as typed)."""
    try:
        rules = PetitionRules(
            minimum_signatures=int(minimum), spread_pct=Fraction(spread.replace(",", ".")),
            eligible_bases=tuple(SignerBasis(b) for b in bases if b in
                                 {s.value for s in SignerBasis}),
            signature_days=int(days), legal_reference=legal_reference.strip(),
            source=source.strip())
    except (ValueError, ZeroDivisionError):
        raise PetitionError("council.settings_number_invalid") from None
    current = svc.current_settings(session, region_id)
    rules = PetitionRules(**{**rules.__dict__, "population": current.population,
                             "census_year": current.census_year})
    return svc.change_settings(session, admin=admin, region_id=region_id, rules=rules,
                               service_id=service_id)


def region_options(session: Session, admin: Account, lang: str) -> list[list[str]]:
    scope = admin_scope(admin)
    rows = session.exec(select(Region).order_by(Region.code)).all()
    return [[str(r.id), pick(r.names, lang)] for r in rows
            if scope.region_id is None or scope.region_id == r.id]


def service_options(session: Session, region_id: int, lang: str) -> list[list[str]]:
    rows = session.exec(select(Service).where(Service.region_id == region_id)
                        .order_by(Service.code)).all()
    return [[str(s.id), pick(s.names, lang)] for s in rows]


# --- the indicator of the transparency page -------------------------------------------------


def two_month_rows(session: Session, lang: str,
                   now: datetime | None = None) -> list[dict[str, str]]:
    """Per region, then for the four: petitions counted (decided, or past their two months)
    and the share decided within two months of the deposit (domain.petitions)."""
    from counter.i18n import format_percent

    figures = svc.two_month_indicators(session, now=now)
    names = {r.code: pick(r.names, lang) for r in session.exec(select(Region)).all()}
    counted = sum(f.counted for f in figures.values())
    in_time = sum(f.in_time for f in figures.values())
    rows = [(names.get(code, code), code, f.counted, f.in_time, f.share_pct)
            for code, f in sorted(figures.items())]
    rows.append((t("figures.consortium", lang), "", counted, in_time,
                 100 * in_time / counted if counted else None))
    return [{"name": name, "region": code, "counted": format_number(n, lang),
             "in_time": format_number(ok, lang), "share": format_percent(share, lang),
             "value": f"{share:.1f}" if share is not None else ""}
            for name, code, n, ok, share in rows]
