"""Petitions to a regional council, as citizens, associations, agents and the public see them.

Every function takes the caller's Account and decides itself what the caller may do: a
state or a route never does. Every status change goes through `_transition`, which asks
domain.petitions, bumps the version (optimistic locking) and appends to the audit trail.
A refusal is a PetitionError whose `code` is a message key; it is raised before anything is
written, so nothing changes. Functions flush; the caller commits.

Signatures are one per CIN per petition, online and on paper together: the unique
constraint of PetitionSignature decides when two tabs, or a tab and a paper sheet, race;
the loser is refused as "already counted" and the transaction is rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from counter.domain.identifiers import InvalidIdentifier, new_pin, normalize_cin
from counter.domain.petitions import (
    CENSUS_2024,
    PUBLISHED_STATUSES,
    DepositedPetition,
    PetitionActor,
    PetitionError,
    PetitionKind,
    PetitionRules,
    PetitionStatus,
    SignerBasis,
    TwoMonthIndicator,
    association_error,
    can_sign,
    check_thresholds,
    check_transition,
    decision_due,
    default_rules,
    rules_errors,
    signer_error,
    two_month_indicator,
)
from counter.domain.tracking import tracking_url
from counter.models import (
    Account,
    Association,
    Petition,
    PetitionAnswer,
    PetitionDecision,
    PetitionRepresentative,
    PetitionSettings,
    PetitionSheet,
    PetitionSignature,
    Province,
    Region,
    Role,
    utcnow,
)
from counter.services.audit import append_transition
from counter.services.dossiers import stored_pin, unique_tracking_code
from counter.services.scope import admin_scope, require_region
from counter.settings import get_settings

__all__ = ["PetitionError"]

S = PetitionStatus
TITLE_MAX, TEXT_MAX, NAME_MAX = 200, 10_000, 200
REPRESENTATIVE, DEPUTY = "representative", "deputy"
ONLINE, PAPER = "online", "paper"


# --- settings -----------------------------------------------------------------------------


def rules_of(settings: PetitionSettings) -> PetitionRules:
    return PetitionRules(
        minimum_signatures=settings.minimum_signatures,
        spread_pct=Fraction(settings.spread_pct),
        eligible_bases=tuple(settings.eligible_bases),
        signature_days=settings.signature_days,
        legal_reference=settings.legal_reference,
        source=settings.source,
        population=settings.population,
        census_year=settings.census_year,
    )


def _settings_row(region_id: int, version: int, rules: PetitionRules, service_id: int | None,
                  created_by_id: int | None) -> PetitionSettings:
    return PetitionSettings(
        region_id=region_id, version=version, service_id=service_id,
        minimum_signatures=rules.minimum_signatures, spread_pct=str(rules.spread_pct),
        eligible_bases=[str(b) for b in rules.eligible_bases],
        signature_days=rules.signature_days, legal_reference=rules.legal_reference,
        source=rules.source, population=rules.population, census_year=rules.census_year,
        created_by_id=created_by_id)


def current_settings(session: Session, region_id: int) -> PetitionSettings:
    """The region's newest settings; a region without any gets the law's tiered rule on the
    2024 census (version 1)."""
    settings = session.exec(select(PetitionSettings)
                            .where(PetitionSettings.region_id == region_id)
                            .order_by(col(PetitionSettings.version).desc())).first()
    if settings is not None:
        return settings
    region = session.get(Region, region_id)
    if region is None or region.code not in CENSUS_2024:
        raise PetitionError("petition.settings_missing")
    settings = _settings_row(region_id, 1, default_rules(CENSUS_2024[region.code]), None, None)
    session.add(settings)
    session.flush()
    return settings


def change_settings(session: Session, *, admin: Account, region_id: int, rules: PetitionRules,
                    service_id: int | None) -> PetitionSettings:
    """A new version of a region's settings; petitions already published keep theirs."""
    require_region(admin_scope(admin), region_id, what="petition_settings")
    errors = rules_errors(rules)
    if errors:
        raise PetitionError(errors[0])
    latest = current_settings(session, region_id)
    settings = _settings_row(region_id, latest.version + 1, rules, service_id, admin.id)
    session.add(settings)
    session.flush()
    return settings


# --- who is who ---------------------------------------------------------------------------


def _petition(session: Session, petition_id: int) -> Petition:
    petition = session.get(Petition, petition_id)
    if petition is None:
        raise PetitionError("petition.not_found")
    return petition


def _accepted(session: Session, petition: Petition) -> dict[str, int]:
    """Role -> account id of the invitees who accepted."""
    rows = session.exec(select(PetitionRepresentative).where(
        PetitionRepresentative.petition_id == petition.id,
        col(PetitionRepresentative.accepted_at).is_not(None))).all()
    return {row.role: row.account_id for row in rows}


def _of_account(session: Session, model: type, petition_id: int, account: Account) -> Any:
    """A petition's invitation or signature of this account, if any."""
    return session.exec(select(model).where(model.petition_id == petition_id,
                                            model.account_id == account.id)).first()


def _is_petitions_agent(session: Session, account: Account, region_id: int) -> bool:
    if account.role != Role.AGENT or not account.is_active or account.service_id is None:
        return False
    return current_settings(session, region_id).service_id == account.service_id


def _require_agent(session: Session, account: Account, petition: Petition) -> None:
    if not _is_petitions_agent(session, account, petition.region_id):
        raise PetitionError("petition.forbidden")


def _as_promoter(session: Session, petition: Petition, account: Account) -> PetitionActor:
    """The part a citizen plays in a petition: its association's representative, its
    representative, deputy or author (in that order); anyone else is refused."""
    if petition.association_id is not None:
        association = session.get(Association, petition.association_id)
        if association and association.representative_id == account.id:
            return PetitionActor.ASSOCIATION_REPRESENTATIVE
    accepted = _accepted(session, petition)
    if accepted.get(REPRESENTATIVE) == account.id:
        return PetitionActor.REPRESENTATIVE
    if accepted.get(DEPUTY) == account.id:
        return PetitionActor.DEPUTY
    if petition.author_id == account.id:
        return PetitionActor.AUTHOR
    raise PetitionError("petition.forbidden")


# --- the one way a petition changes status --------------------------------------------------


def _save(session: Session, petition: Petition, **values: Any) -> Petition:
    result = session.execute(
        update(Petition)
        .where(col(Petition.id) == petition.id, col(Petition.version) == petition.version)
        .values(version=Petition.version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise PetitionError("petition.conflict")
    session.refresh(petition)
    return petition


def _transition(session: Session, petition: Petition, target: PetitionStatus,
                actor: PetitionActor, account: Account | None, *, note: str | None = None,
                now: datetime | None = None, checks: dict[str, Any] | None = None,
                **values: Any) -> Petition:
    source = petition.status
    check_transition(source, target, actor, petition.kind, **(checks or {}))
    _save(session, petition, status=target.value, **values)
    append_transition(session, petition_id=petition.id, actor_id=account.id if account else None,
                      from_status=source, to_status=target.value, note=note, at=now)
    return petition


# --- drafting -----------------------------------------------------------------------------


def _text(value: str | None, limit: int, code: str) -> str:
    text = (value or "").strip()
    if not text:
        raise PetitionError(code)
    if len(text) > limit:
        raise PetitionError("petition.text_too_long", max=limit)
    return text


def draft_petition(session: Session, *, author: Account, region_id: int, title: str,
                   request: str, reasons: str, lang: str = "fr",
                   association_id: int | None = None, today: date | None = None) -> Petition:
    """A citizen's draft, or an association's by its representative (who must be allowed to
    petition this region: three years old, in good standing, seat or branch there)."""
    if author.role != Role.CITIZEN or not author.is_active:
        raise PetitionError("petition.forbidden")
    region = session.get(Region, region_id)
    if region is None:
        raise PetitionError("petition.region_unknown")
    kind = PetitionKind.CITIZENS
    if association_id is not None:
        association = session.get(Association, association_id)
        if association is None or association.representative_id != author.id:
            raise PetitionError("petition.forbidden")
        _check_association(session, association, region, today or utcnow().date())
        kind = PetitionKind.ASSOCIATION
    petition = Petition(region_id=region_id, kind=kind.value, title=_text(title, TITLE_MAX,
                        "petition.title_required"),
                        request=_text(request, TEXT_MAX, "petition.request_required"),
                        reasons=_text(reasons, TEXT_MAX, "petition.reasons_text_required"),
                        lang=lang, author_id=author.id, association_id=association_id)
    session.add(petition)
    session.flush()
    append_transition(session, petition_id=petition.id, actor_id=author.id, from_status=None,
                      to_status=S.DRAFT.value)
    return petition


def invite_representatives(session: Session, *, author: Account, petition_id: int,
                           representative_id: int, deputy_id: int) -> Petition:
    """The author names a representative and a deputy: two signed-in citizens, who accept."""
    petition = _petition(session, petition_id)
    if petition.author_id != author.id:
        raise PetitionError("petition.forbidden")
    if representative_id == deputy_id:
        raise PetitionError("petition.representatives_distinct")
    for account_id in (representative_id, deputy_id):
        account = session.get(Account, account_id)
        if account is None or account.role != Role.CITIZEN or not account.is_active:
            raise PetitionError("petition.representative_not_citizen")
    _transition(session, petition, S.AWAITING_REPRESENTATIVES, PetitionActor.AUTHOR, author)
    for row in session.exec(select(PetitionRepresentative).where(
            PetitionRepresentative.petition_id == petition.id)).all():
        session.delete(row)
    session.flush()
    session.add_all([
        PetitionRepresentative(petition_id=petition.id, account_id=representative_id,
                               role=REPRESENTATIVE),
        PetitionRepresentative(petition_id=petition.id, account_id=deputy_id, role=DEPUTY)])
    session.flush()
    return petition


def answer_invitation(session: Session, *, account: Account, petition_id: int,
                      accept: bool) -> Petition:
    """An invitee accepts, or declines (the petition goes back to its author's draft)."""
    petition = _petition(session, petition_id)
    invitation = _of_account(session, PetitionRepresentative, petition_id, account)
    if invitation is None:
        raise PetitionError("petition.forbidden")
    if petition.status != S.AWAITING_REPRESENTATIVES:
        raise PetitionError("petition.transition_not_allowed")
    if accept:
        invitation.accepted_at = utcnow()
        session.add(invitation)
        session.flush()
        return petition
    actor = PetitionActor(invitation.role)
    invitation.declined_at = utcnow()
    session.add(invitation)
    return _transition(session, petition, S.DRAFT, actor, account, note="declined")


def publish(session: Session, *, account: Account, petition_id: int,
            closes_on: date | None = None, now: datetime | None = None) -> Petition:
    """Open for signatures until `closes_on` (at most the region's signature period), under
    the region's settings of this moment, which the petition keeps."""
    now = now or utcnow()
    petition = _petition(session, petition_id)
    actor = _as_promoter(session, petition, account)
    if set(_accepted(session, petition)) != {REPRESENTATIVE, DEPUTY}:
        raise PetitionError("petition.representatives_pending")
    settings = current_settings(session, petition.region_id)
    last = now.date() + timedelta(days=settings.signature_days)
    closes_on = closes_on or last
    if not now.date() < closes_on <= last:
        raise PetitionError("petition.closing_date_invalid", days=settings.signature_days)
    closes_at = datetime.combine(closes_on, time(23, 59, 59), tzinfo=now.tzinfo)
    return _transition(session, petition, S.COLLECTING, actor, account, now=now,
                       published_at=now, closes_at=closes_at, settings_id=settings.id)


# --- signatures ---------------------------------------------------------------------------


def region_provinces(session: Session, region_id: int) -> dict[int, str]:
    """Province id -> code, of the region, in id order."""
    rows = session.exec(select(Province.id, Province.code).where(
        Province.region_id == region_id).order_by(Province.id)).all()
    return dict(rows)


def _signable(session: Session, petition: Petition, now: datetime) -> PetitionRules:
    if not can_sign(petition.status, petition.kind):
        raise PetitionError("petition.not_collecting")
    if petition.closes_at is not None and now > petition.closes_at:
        raise PetitionError("petition.closed")
    return rules_of(session.get(PetitionSettings, petition.settings_id))


def _existing(session: Session, petition_id: int, cin: str) -> PetitionSignature | None:
    return session.exec(select(PetitionSignature).where(
        PetitionSignature.petition_id == petition_id, PetitionSignature.cin == cin)).first()


def _already_counted(session: Session, existing: PetitionSignature) -> PetitionError:
    if existing.sheet_id is None:
        return PetitionError("petition.cin_counted_online")
    sheet = session.get(PetitionSheet, existing.sheet_id)
    return PetitionError("petition.cin_counted_on_sheet", sheet=sheet.number if sheet else "")


def _insert_signature(session: Session, signature: PetitionSignature) -> PetitionSignature:
    """The unique constraint decides a race: the loser's transaction is rolled back."""
    session.add(signature)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise PetitionError("petition.cin_already_counted") from None
    return signature


def sign(session: Session, *, account: Account, petition_id: int, province_id: int | None,
         basis: str, statement: bool, now: datetime | None = None) -> PetitionSignature:
    """A signed-in citizen with a CIN signs, stating they live or work in the province they
    name, which must be the petition's region's."""
    now = now or utcnow()
    if account.role not in (Role.CITIZEN, Role.BUSINESS) or not account.is_active:
        raise PetitionError("petition.forbidden")
    petition = _petition(session, petition_id)
    rules = _signable(session, petition, now)
    provinces = region_provinces(session, petition.region_id)
    error = signer_error(cin=account.cin, province_code=provinces.get(province_id or 0, ""),
                         region_provinces=provinces.values(), basis=basis, rules=rules,
                         statement=statement)
    if error:
        raise PetitionError(error)
    existing = _existing(session, petition.id, account.cin)
    if existing is not None:
        if existing.account_id == account.id:
            raise PetitionError("petition.already_signed")
        raise _already_counted(session, existing)
    return _insert_signature(session, PetitionSignature(
        petition_id=petition.id, cin=account.cin, full_name=account.full_name,
        province_id=province_id, basis=basis, channel=ONLINE, account_id=account.id,
        signed_at=now))


def withdraw_signature(session: Session, *, account: Account, petition_id: int,
                       now: datetime | None = None) -> None:
    """A signer takes their signature back, while the petition collects (before deposit)."""
    petition = _petition(session, petition_id)
    signature = _of_account(session, PetitionSignature, petition_id, account)
    if signature is None:
        raise PetitionError("petition.not_signed")
    _signable(session, petition, now or utcnow())
    session.delete(signature)
    session.flush()


def open_sheet(session: Session, *, agent: Account, petition_id: int, number: str,
               now: datetime | None = None) -> PetitionSheet:
    petition = _petition(session, petition_id)
    _require_agent(session, agent, petition)
    _signable(session, petition, now or utcnow())
    number = _text(number, 32, "petition.sheet_number_required")
    if session.exec(select(PetitionSheet).where(PetitionSheet.petition_id == petition_id,
                                                PetitionSheet.number == number)).first():
        raise PetitionError("petition.sheet_exists", sheet=number)
    sheet = PetitionSheet(petition_id=petition_id, number=number, entered_by_id=agent.id)
    session.add(sheet)
    session.flush()
    return sheet


def enter_sheet_line(session: Session, *, agent: Account, sheet_id: int, line_number: int,
                     full_name: str, cin: str, province_id: int | None, signed: bool,
                     basis: str = SignerBasis.RESIDENCE,
                     now: datetime | None = None) -> PetitionSignature | None:
    """One line of a paper sheet. A line the person did not sign counts nothing (None);
    a malformed CIN, a province outside the region or a CIN already counted is refused."""
    now = now or utcnow()
    sheet = session.get(PetitionSheet, sheet_id)
    if sheet is None:
        raise PetitionError("petition.not_found")
    petition = _petition(session, sheet.petition_id)
    _require_agent(session, agent, petition)
    rules = _signable(session, petition, now)
    name = _text(full_name, NAME_MAX, "petition.sheet_name_required")
    try:
        cin = normalize_cin(cin)
    except InvalidIdentifier as error:
        raise PetitionError(error.code) from None
    if not signed:
        return None
    provinces = region_provinces(session, petition.region_id)
    error = signer_error(cin=cin, province_code=provinces.get(province_id or 0, ""),
                         region_provinces=provinces.values(), basis=basis, rules=rules,
                         statement=True)
    if error:
        raise PetitionError(error)
    existing = _existing(session, petition.id, cin)
    if existing is not None:
        raise _already_counted(session, existing)
    return _insert_signature(session, PetitionSignature(
        petition_id=petition.id, cin=cin, full_name=name, province_id=province_id,
        basis=basis, channel=PAPER, sheet_id=sheet.id, line_number=line_number,
        signed_at=now))


def counts_by_province(session: Session, petition_id: int) -> dict[str, int]:
    """Signatures per province code (every province of the region, zero included)."""
    petition = _petition(session, petition_id)
    provinces = region_provinces(session, petition.region_id)
    rows = session.exec(select(PetitionSignature.province_id, func.count())
                        .where(PetitionSignature.petition_id == petition_id)
                        .group_by(PetitionSignature.province_id)).all()
    counted = dict(rows)
    return {code: counted.get(pid, 0) for pid, code in provinces.items()}


@dataclass(frozen=True)
class BureauSignature:
    """A line of the list of signatures attached to a deposit, for the bureau only."""

    full_name: str
    cin: str
    province: str
    channel: str
    sheet: str | None
    line_number: int | None


def bureau_signatures(session: Session, *, agent: Account,
                      petition_id: int) -> list[BureauSignature]:
    petition = _petition(session, petition_id)
    _require_agent(session, agent, petition)
    provinces = region_provinces(session, petition.region_id)
    sheets = dict(session.exec(select(PetitionSheet.id, PetitionSheet.number).where(
        PetitionSheet.petition_id == petition_id)).all())
    rows = session.exec(select(PetitionSignature).where(
        PetitionSignature.petition_id == petition_id).order_by(PetitionSignature.id)).all()
    return [BureauSignature(row.full_name, row.cin, provinces[row.province_id], row.channel,
                            sheets.get(row.sheet_id), row.line_number) for row in rows]


# --- deposit ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepositReceipt:
    """What the representative gets at once: the code, the PIN (shown once, only its hash is
    kept) and the address the receipt's QR code holds (the PIN in its fragment)."""

    tracking_code: str
    pin: str
    deposited_at: datetime
    decision_due_at: datetime
    qr_url: str


def deposit(session: Session, *, account: Account, petition_id: int,
            now: datetime | None = None) -> DepositReceipt:
    """The representative (or deputy, or the association's representative) deposits with the
    council's president; a citizens' petition must meet its thresholds and spread rule."""
    now = now or utcnow()
    petition = _petition(session, petition_id)
    actor = _as_promoter(session, petition, account)
    if petition.kind == PetitionKind.CITIZENS and petition.status == S.COLLECTING:
        rules = rules_of(session.get(PetitionSettings, petition.settings_id))
        counts = counts_by_province(session, petition_id)
        result = check_thresholds(counts, counts, rules)
        if not result.total_met:
            raise PetitionError("petition.below_threshold", n=result.total,
                                minimum=result.minimum)
        if result.short_provinces:
            raise PetitionError("petition.spread_not_met", minimum=result.per_province_minimum,
                                provinces=", ".join(result.short_provinces))
    if petition.kind == PetitionKind.ASSOCIATION and petition.association_id is not None:
        _check_association(session, session.get(Association, petition.association_id),
                           session.get(Region, petition.region_id), now.date())
    # A dossier's code and PIN: the one tracking page finds the petition by them.
    code, pin = unique_tracking_code(session), new_pin()
    due = decision_due(now)
    _transition(session, petition, S.DEPOSITED, actor, account, now=now, deposited_at=now,
                decision_due_at=due, tracking_code=code, pin_hash=stored_pin(code, pin))
    return DepositReceipt(code, pin, now, due,
                          tracking_url(get_settings().public_url, code, pin))


def withdraw_petition(session: Session, *, account: Account, petition_id: int,
                      now: datetime | None = None) -> Petition:
    petition = _petition(session, petition_id)
    actor = _as_promoter(session, petition, account)
    return _transition(session, petition, S.WITHDRAWN, actor, account, now=now,
                       withdrawn_at=now or utcnow())


def lapse_expired(session: Session, *, now: datetime | None = None) -> int:
    """The signature period is over and nobody deposited: the petition lapses."""
    now = now or utcnow()
    expired = session.exec(select(Petition).where(
        Petition.status == S.COLLECTING, col(Petition.closes_at) < now)).all()
    for petition in expired:
        _transition(session, petition, S.LAPSED, PetitionActor.SYSTEM, None, now=now)
    return len(expired)


# --- associations -------------------------------------------------------------------------


def _check_association(session: Session, association: Association, region: Region,
                       today: date) -> None:
    seat = session.get(Region, association.seat_region_id)
    branches = [r.code for r in session.exec(select(Region).where(
        col(Region.id).in_(association.branch_region_ids or [-1]))).all()]
    error = association_error(registered_on=association.registered_on, today=today,
                              in_good_standing=association.in_good_standing,
                              seat_region=seat.code if seat else "",
                              branch_regions=branches, petition_region=region.code)
    if error:
        raise PetitionError(error)


def register_association(session: Session, *, representative: Account, name: str,
                         registration_number: str, registered_on: date, seat_region_id: int,
                         branch_region_ids: list[int] | None = None,
                         documents: list[dict[str, Any]] | None = None,
                         today: date | None = None) -> Association:
    """An association's profile, by its representative. One constituted less than three
    years ago is refused here already: it could petition no council."""
    if representative.role != Role.CITIZEN or not representative.is_active:
        raise PetitionError("petition.forbidden")
    number = _text(registration_number, 64, "petition.association_number_required")
    if session.exec(select(Association.id).where(
            Association.registration_number == number)).first():
        raise PetitionError("petition.association_exists")
    if session.get(Region, seat_region_id) is None:
        raise PetitionError("petition.region_unknown")
    association = Association(name=_text(name, NAME_MAX, "petition.association_name_required"),
                              registration_number=number, registered_on=registered_on,
                              seat_region_id=seat_region_id,
                              branch_region_ids=list(branch_region_ids or []),
                              representative_id=representative.id,
                              documents=list(documents or []))
    error = association_error(registered_on=registered_on, today=today or utcnow().date(),
                              in_good_standing=True, seat_region="", branch_regions=(),
                              petition_region="")
    if error:
        raise PetitionError(error)
    session.add(association)
    session.flush()
    return association


# --- the council's side -------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    petition_id: int
    title: str
    kind: str
    tracking_code: str | None
    deposited_at: datetime
    decision_due_at: datetime
    days_left: float
    overdue: bool
    signatures: int


def agent_queue(session: Session, *, agent: Account, now: datetime | None = None) -> list[QueueRow]:
    """The deposited petitions of the agent's region, the nearest two-month end first."""
    now = now or utcnow()
    if agent.role != Role.AGENT or agent.service_id is None:
        raise PetitionError("petition.forbidden")
    region_ids = [s.region_id for s in session.exec(select(PetitionSettings).where(
        PetitionSettings.service_id == agent.service_id)).all()
        if current_settings(session, s.region_id).service_id == agent.service_id]
    petitions = session.exec(select(Petition).where(
        Petition.status == S.DEPOSITED, col(Petition.region_id).in_(region_ids or [-1]))
        .order_by(col(Petition.decision_due_at), col(Petition.id))).all()
    counts = dict(session.exec(select(PetitionSignature.petition_id, func.count())
                               .where(col(PetitionSignature.petition_id).in_(
                                   [p.id for p in petitions] or [-1]))
                               .group_by(PetitionSignature.petition_id)).all())
    return [QueueRow(p.id, p.title, p.kind, p.tracking_code, p.deposited_at, p.decision_due_at,
                     (p.decision_due_at - now).total_seconds() / 86400, now > p.decision_due_at,
                     counts.get(p.id, 0)) for p in petitions]


def decide(session: Session, *, agent: Account, petition_id: int, admissible: bool,
           committee: str | None = None, session_on: date | None = None,
           reasons: str | None = None, now: datetime | None = None) -> PetitionDecision:
    """The bureau's decision, recorded by an agent of the petitions service."""
    now = now or utcnow()
    petition = _petition(session, petition_id)
    _require_agent(session, agent, petition)
    target = S.ADMISSIBLE if admissible else S.REFUSED
    checks = {"committee": committee, "session_on": session_on, "reasons": reasons}
    decision = PetitionDecision(
        petition_id=petition.id, outcome=target.value, decided_by_id=agent.id, decided_at=now,
        committee=((committee or "").strip() or None) if admissible else None,
        session_on=session_on if admissible else None,
        reasons=None if admissible else (reasons or "").strip())
    _transition(session, petition, target, PetitionActor.BUREAU, agent, now=now, checks=checks,
                note=decision.reasons, decided_at=now)
    session.add(decision)
    session.flush()
    return decision


def publish_answer(session: Session, *, agent: Account, petition_id: int, text: str,
                   now: datetime | None = None) -> PetitionAnswer:
    """After the session, the council's answer to an admissible petition is published."""
    now = now or utcnow()
    petition = _petition(session, petition_id)
    _require_agent(session, agent, petition)
    _transition(session, petition, S.ANSWERED, PetitionActor.AGENT, agent, now=now,
                checks={"answer": text}, answered_at=now)
    answer = PetitionAnswer(petition_id=petition.id, text=text.strip(), published_by_id=agent.id,
                            published_at=now)
    session.add(answer)
    session.flush()
    return answer


# --- public rows: the register, open data, the indicator --------------------------------------


def _day(moment: datetime | None) -> str | None:
    return moment.date().isoformat() if moment else None


def _public(session: Session, region_code: str | None) -> list[tuple[Petition, Region]]:
    statement = (select(Petition, Region).join(Region, col(Region.id) == Petition.region_id)
                 .where(col(Petition.status).in_([s.value for s in PUBLISHED_STATUSES]))
                 .order_by(col(Petition.published_at).desc(), col(Petition.id).desc()))
    if region_code:
        statement = statement.where(Region.code == region_code)
    return list(session.exec(statement).all())


def _decisions(session: Session, ids: list[int]) -> dict[int, PetitionDecision]:
    rows = session.exec(select(PetitionDecision).where(
        col(PetitionDecision.petition_id).in_(ids or [-1]))).all()
    return {row.petition_id: row for row in rows}


def register_rows(session: Session, region_code: str | None = None) -> list[dict[str, Any]]:
    """The public register: every published petition, its status, dates, counts per province
    against its thresholds, the bureau's decision and the council's answer. No person's name
    or CIN: an association's name is the only name."""
    pairs = _public(session, region_code)
    ids = [p.id for p, _ in pairs]
    decisions = _decisions(session, ids)
    answers = {a.petition_id: a for a in session.exec(select(PetitionAnswer).where(
        col(PetitionAnswer.petition_id).in_(ids or [-1]))).all()}
    associations = {a.id: a.name for a in session.exec(select(Association).where(
        col(Association.id).in_([p.association_id for p, _ in pairs if p.association_id]
                                or [-1]))).all()}
    rows = []
    for petition, region in pairs:
        counts = counts_by_province(session, petition.id)
        settings = session.get(PetitionSettings, petition.settings_id) if petition.settings_id \
            else None
        rules = rules_of(settings) if settings else None
        check = check_thresholds(counts, counts, rules) if rules else None
        decision, answer = decisions.get(petition.id), answers.get(petition.id)
        rows.append({
            "id": petition.id, "region": region.code, "kind": petition.kind,
            "status": petition.status, "title": petition.title, "request": petition.request,
            "association": associations.get(petition.association_id),
            "published_on": _day(petition.published_at), "closes_on": _day(petition.closes_at),
            "deposited_on": _day(petition.deposited_at), "decided_on": _day(petition.decided_at),
            "answered_on": _day(petition.answered_at),
            "signatures": sum(counts.values()) if petition.kind == PetitionKind.CITIZENS else None,
            "per_province": counts if petition.kind == PetitionKind.CITIZENS else {},
            "minimum": check.minimum if check else None,
            "per_province_minimum": check.per_province_minimum if check else None,
            "legal_reference": rules.legal_reference if rules else None,
            "source": rules.source if rules else None,
            "committee": decision.committee if decision else None,
            "session_on": decision.session_on.isoformat() if decision and decision.session_on
            else None,
            "refusal_reasons": decision.reasons if decision else None,
            "answer": answer.text if answer else None,
        })
    return rows


OPEN_DATA_FIELDS = ("id", "region", "kind", "status", "published_on", "deposited_on",
                    "decided_on", "answered_on", "signatures", "minimum",
                    "decided_within_two_months")


def open_data_rows(session: Session) -> list[dict[str, Any]]:
    """Petitions as open data: no names, no CIN, no free text; dates to the day."""
    pairs = _public(session, None)
    rows = []
    for row, (petition, _region) in zip(register_rows(session), pairs, strict=True):
        in_time = None
        if petition.decided_at and petition.deposited_at:
            in_time = petition.decided_at <= decision_due(petition.deposited_at)
        rows.append({**{k: row[k] for k in OPEN_DATA_FIELDS if k in row},
                     "decided_within_two_months": in_time})
    return rows


def two_month_indicators(session: Session, *,
                         now: datetime | None = None) -> dict[str, TwoMonthIndicator]:
    """Per region code: the share of deposited petitions decided within two months."""
    now = now or utcnow()
    regions = {r.id: r.code for r in session.exec(select(Region).order_by(Region.code)).all()}
    rows = session.exec(select(Petition).where(col(Petition.deposited_at).is_not(None))).all()
    by_region: dict[str, list[DepositedPetition]] = {code: [] for code in regions.values()}
    for petition in rows:
        withdrawn = petition.status == S.WITHDRAWN and petition.decided_at is None
        by_region[regions[petition.region_id]].append(
            DepositedPetition(petition.deposited_at, petition.decided_at, withdrawn))
    return {code: two_month_indicator(items, now) for code, items in by_region.items()}

