"""Petitions over a database: drafting, representatives, signatures online and on paper,
deposit with its thresholds, the bureau's decision, the answer, the public rows and the
two-month indicator (issue 15)."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from counter.domain.petitions import CENSUS_2024, PetitionError, default_rules
from counter.i18n import t
from counter.models import (
    Account,
    Association,
    Petition,
    PetitionSettings,
    PetitionSignature,
    Province,
    Region,
    Service,
    StatusChange,
)
from counter.services import petitions as svc
from counter.services.audit import verify_chain
from counter.services.seed import load_demo_data

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@dataclass
class World:
    region: Region
    provinces: dict[str, int]  # code -> id
    agent: Account
    author: Account
    rep: Account
    deputy: Account
    admin: Account


def _account(session: Session, cin: str, role: str = "citizen", **values) -> Account:
    account = Account(role=role, full_name=f"Person {cin}", cin=cin, password_hash="x",
                      email=f"{cin.lower()}@test.example.ma", **values)
    session.add(account)
    session.flush()
    return account


def _world(session: Session, region_code: str = "DRA") -> World:
    region = session.exec(select(Region).where(Region.code == region_code)).one()
    service = session.exec(select(Service).where(
        Service.code == f"{region_code}_LEGAL_PETITIONS")).one()
    admin = session.exec(select(Account).where(Account.email == "admin@demo.example.ma")).one()
    svc.change_settings(session, admin=admin, region_id=region.id,
                        rules=default_rules(CENSUS_2024[region_code]), service_id=service.id)
    provinces = dict(session.exec(select(Province.code, Province.id).where(
        Province.region_id == region.id).order_by(Province.id)).all())
    world = World(region, provinces, _account(session, f"{region_code[0]}A1", "agent",
                                               service_id=service.id),
                  _account(session, f"{region_code[0]}B1"), _account(session, f"{region_code[0]}C1"),
                  _account(session, f"{region_code[0]}D1"), admin)
    session.commit()
    return world


@pytest.fixture
def world(demo_session: Session) -> World:
    return _world(demo_session)


def _collecting(session: Session, w: World, *, now: datetime = NOW) -> Petition:
    petition = svc.draft_petition(session, author=w.author, region_id=w.region.id,
                                  title="Une ligne de bus Errachidia - Erfoud",
                                  request="Créer une ligne.", reasons="Les élèves marchent.")
    svc.invite_representatives(session, author=w.author, petition_id=petition.id,
                               representative_id=w.rep.id, deputy_id=w.deputy.id)
    svc.answer_invitation(session, account=w.rep, petition_id=petition.id, accept=True)
    svc.answer_invitation(session, account=w.deputy, petition_id=petition.id, accept=True)
    svc.publish(session, account=w.rep, petition_id=petition.id, now=now)
    session.commit()
    return petition


def _sheet_lines(session: Session, w: World, petition: Petition, per_province: dict[str, int],
                 *, prefix: str = "PX", now: datetime = NOW) -> None:
    sheet = svc.open_sheet(session, agent=w.agent, petition_id=petition.id,
                           number=f"{prefix}-{len(per_province)}", now=now)
    n = 0
    for code, count in per_province.items():
        for _ in range(count):
            n += 1
            svc.enter_sheet_line(session, agent=w.agent, sheet_id=sheet.id, line_number=n,
                                 full_name=f"Signataire {n}", cin=f"{prefix}{n}",
                                 province_id=w.provinces[code], signed=True, now=now)
    session.commit()


def _even(w: World, total: int) -> dict[str, int]:
    codes = list(w.provinces)
    counts = {code: total // len(codes) for code in codes}
    counts[codes[0]] += total - sum(counts.values())
    return counts


def _count(session: Session, petition: Petition) -> int:
    return session.exec(select(func.count()).select_from(PetitionSignature).where(
        PetitionSignature.petition_id == petition.id)).one()


def _refused(code: str, action, session: Session, petition: Petition | None = None) -> None:
    """The action is refused with `code`, a key of every catalog, and nothing changed."""
    before = (_count(session, petition), session.get(Petition, petition.id).version) \
        if petition else None
    changes = session.exec(select(func.count()).select_from(StatusChange)).one()
    with pytest.raises(PetitionError) as caught:
        action()
    assert caught.value.code == code
    session.rollback()
    for lang in ("fr", "ar", "en"):
        assert t(code, lang, **{k: "x" for k in caught.value.params}) != code
    if petition:
        assert (_count(session, petition), session.get(Petition, petition.id).version) == before
    assert session.exec(select(func.count()).select_from(StatusChange)).one() == changes


# --- from draft to deposit ----------------------------------------------------------------


def test_a_citizens_petition_from_draft_to_the_council_answer(demo_session, world):
    session, w = demo_session, world
    petition = _collecting(session, w)
    assert petition.status == "collecting"
    assert petition.closes_at.date() == NOW.date() + timedelta(days=90)
    _sheet_lines(session, w, petition, _even(w, 399))
    svc.sign(session, account=w.author, petition_id=petition.id,
             province_id=w.provinces["ERRACHIDIA"] if "ERRACHIDIA" in w.provinces
             else next(iter(w.provinces.values())), basis="residence", statement=True, now=NOW)
    session.commit()
    receipt = svc.deposit(session, account=w.rep, petition_id=petition.id, now=NOW)
    session.commit()
    assert petition.status == "deposited"
    assert receipt.decision_due_at == datetime(2026, 5, 2, 10, tzinfo=UTC)
    assert f"code={receipt.tracking_code}#pin={receipt.pin}" in receipt.qr_url
    assert petition.pin_hash and receipt.pin not in petition.pin_hash

    queue = svc.agent_queue(session, agent=w.agent, now=NOW + timedelta(days=1))
    assert [(r.petition_id, r.signatures, r.overdue) for r in queue] == [(petition.id, 400, False)]
    assert round(queue[0].days_left) == 60

    svc.decide(session, agent=w.agent, petition_id=petition.id, admissible=True,
               committee="Commission du transport", session_on=date(2026, 3, 9),
               now=NOW + timedelta(days=5))
    svc.publish_answer(session, agent=w.agent, petition_id=petition.id,
                       text="Le conseil crée la ligne en septembre.", now=NOW + timedelta(days=9))
    session.commit()
    assert petition.status == "answered"
    trail = session.exec(select(StatusChange.from_status, StatusChange.to_status, StatusChange.actor_id)
                         .where(StatusChange.petition_id == petition.id)
                         .order_by(StatusChange.id)).all()
    assert trail == [(None, "draft", w.author.id), ("draft", "awaiting_reps", w.author.id),
                     ("awaiting_reps", "collecting", w.rep.id),
                     ("collecting", "deposited", w.rep.id),
                     ("deposited", "admissible", w.agent.id),
                     ("admissible", "answered", w.agent.id)]
    assert verify_chain(session).ok


def test_publication_waits_for_both_representatives(demo_session, world):
    session, w = demo_session, world
    petition = svc.draft_petition(session, author=w.author, region_id=w.region.id, title="T",
                                  request="R", reasons="M")
    svc.invite_representatives(session, author=w.author, petition_id=petition.id,
                               representative_id=w.rep.id, deputy_id=w.deputy.id)
    svc.answer_invitation(session, account=w.rep, petition_id=petition.id, accept=True)
    session.commit()
    _refused("petition.representatives_pending",
             lambda: svc.publish(session, account=w.rep, petition_id=petition.id, now=NOW),
             session, petition)
    svc.answer_invitation(session, account=w.deputy, petition_id=petition.id, accept=False)
    session.commit()
    assert petition.status == "draft"


def test_a_published_petition_keeps_its_settings(demo_session, world):
    session, w = demo_session, world
    petition = _collecting(session, w)
    kept = petition.settings_id
    svc.change_settings(session, admin=w.admin, region_id=w.region.id,
                        rules=default_rules(CENSUS_2024["SMA"]), service_id=w.agent.service_id)
    session.commit()
    assert petition.settings_id == kept
    assert session.get(PetitionSettings, kept).minimum_signatures == 400
    assert svc.current_settings(session, w.region.id).minimum_signatures == 500
    assert svc.register_rows(session, "DRA")[0]["minimum"] == 400


def test_a_regional_administrator_cannot_set_another_regions_rules(demo_session, world):
    session, w = demo_session, world
    sma_admin = session.exec(select(Account).where(
        Account.role == "admin", Account.region_id != None,  # noqa: E711
        Account.region_id != w.region.id)).first()
    if sma_admin is None:
        sma_admin = _account(session, "ZZ9", "admin",
                             region_id=session.exec(select(Region.id).where(
                                 Region.code == "SMA")).one())
    with pytest.raises(PermissionError):
        svc.change_settings(session, admin=sma_admin, region_id=w.region.id,
                            rules=default_rules(1), service_id=None)


# --- thresholds at the deposit --------------------------------------------------------------


def _deposit_or_refused(session, account, petition, refusal: str | None) -> None:
    deposit = lambda: svc.deposit(session, account=account, petition_id=petition.id, now=NOW)  # noqa: E731
    if refusal is None:
        deposit()
        assert petition.status == "deposited"
    else:
        _refused(refusal, deposit, session, petition)
        assert session.get(Petition, petition.id).status == "collecting"


@pytest.mark.parametrize(("total", "met"), [(299, False), (300, True)])
def test_laayoune_needs_300_signatures(demo_session, total, met):
    session = demo_session
    w = _world(session, "LSH")
    petition = _collecting(session, w)
    _sheet_lines(session, w, petition, _even(w, total))
    _deposit_or_refused(session, w.rep, petition, None if met else "petition.below_threshold")


@pytest.mark.parametrize(("first", "met"), [(19, False), (20, True)])
def test_a_province_at_4_9_or_5_percent_of_400(demo_session, world, first, met):
    session, w = demo_session, world
    petition = _collecting(session, w)
    codes = list(w.provinces)
    counts = {codes[0]: first, **{c: 0 for c in codes[1:]}}
    rest = 450 - first
    for i, code in enumerate(codes[1:]):
        counts[code] = rest // 4 + (1 if i < rest % 4 else 0)
    _sheet_lines(session, w, petition, counts)
    # Independently: 5 % of 400 is 20.
    assert (counts[codes[0]] * 100 >= 5 * 400) is met
    _deposit_or_refused(session, w.deputy, petition, None if met else "petition.spread_not_met")


def test_only_a_representative_or_the_deputy_deposits(demo_session, world):
    session, w = demo_session, world
    petition = _collecting(session, w)
    _sheet_lines(session, w, petition, _even(w, 400))
    _refused("petition.transition_wrong_actor",
             lambda: svc.deposit(session, account=w.author, petition_id=petition.id, now=NOW),
             session, petition)
    stranger = _account(session, "QQ77")
    _refused("petition.forbidden",
             lambda: svc.deposit(session, account=stranger, petition_id=petition.id, now=NOW),
             session, petition)


# --- signatures ---------------------------------------------------------------------------


def test_bad_signatures_are_refused_and_counted_nothing(demo_session, world):
    session, w = demo_session, world
    petition = _collecting(session, w)
    province = next(iter(w.provinces.values()))
    agadir = session.exec(select(Province.id).where(Province.region_id != w.region.id)).first()
    signer = _account(session, "SG1")
    no_cin = _account(session, "NC1")
    no_cin.cin = None
    session.commit()

    def sign(account=signer, **changes):
        values = {"province_id": province, "basis": "residence", "statement": True, **changes}
        return lambda: svc.sign(session, account=account, petition_id=petition.id, now=NOW,
                                **values)

    _refused("petition.sign_outside_region", sign(province_id=agadir), session, petition)
    _refused("petition.sign_statement_required", sign(statement=False), session, petition)
    _refused("petition.sign_needs_cin", sign(account=no_cin), session, petition)
    _refused("petition.sign_basis_not_allowed", sign(basis="voter"), session, petition)
    sign()()
    session.commit()
    _refused("petition.already_signed", sign(), session, petition)
    _refused("petition.closed", lambda: svc.sign(
        session, account=_account(session, "SG2"), petition_id=petition.id,
        province_id=province, basis="activity", statement=True, now=NOW + timedelta(days=91)),
        session, petition)
    assert _count(session, petition) == 1


def test_a_signer_withdraws_before_the_deposit_only(demo_session, world):
    session, w = demo_session, world
    petition = _collecting(session, w)
    province = next(iter(w.provinces.values()))
    svc.sign(session, account=w.rep, petition_id=petition.id, province_id=province,
             basis="residence", statement=True, now=NOW)
    session.commit()
    svc.withdraw_signature(session, account=w.rep, petition_id=petition.id, now=NOW)
    session.commit()
    assert _count(session, petition) == 0
    svc.sign(session, account=w.rep, petition_id=petition.id, province_id=province,
             basis="residence", statement=True, now=NOW)
    _sheet_lines(session, w, petition, _even(w, 399))
    svc.deposit(session, account=w.rep, petition_id=petition.id, now=NOW)
    session.commit()
    _refused("petition.not_collecting",
             lambda: svc.withdraw_signature(session, account=w.rep, petition_id=petition.id),
             session, petition)


def test_paper_lines_checked_like_every_cin(demo_session, world):
    session, w = demo_session, world
    petition = _collecting(session, w)
    province = next(iter(w.provinces.values()))
    svc.sign(session, account=w.rep, petition_id=petition.id, province_id=province,
             basis="residence", statement=True, now=NOW)
    first = svc.open_sheet(session, agent=w.agent, petition_id=petition.id, number="F-001", now=NOW)
    second = svc.open_sheet(session, agent=w.agent, petition_id=petition.id, number="F-002", now=NOW)
    svc.enter_sheet_line(session, agent=w.agent, sheet_id=first.id, line_number=1,
                         full_name="Ali", cin="jk 12-34", province_id=province, signed=True,
                         now=NOW)
    session.commit()

    def line(sheet=second, **changes):
        values = {"line_number": 1, "full_name": "Nom", "cin": "JK9", "province_id": province,
                  "signed": True, **changes}
        return lambda: svc.enter_sheet_line(session, agent=w.agent, sheet_id=sheet.id, now=NOW,
                                            **values)

    _refused("error.cin_invalid", line(cin="12AB"), session, petition)
    _refused("petition.cin_counted_on_sheet", line(cin="JK1234"), session, petition)
    _refused("petition.cin_counted_online", line(cin=w.rep.cin), session, petition)
    _refused("petition.sheet_exists", lambda: svc.open_sheet(
        session, agent=w.agent, petition_id=petition.id, number="F-001", now=NOW), session, petition)
    _refused("petition.forbidden", lambda: svc.enter_sheet_line(
        session, agent=w.author, sheet_id=second.id, line_number=2, full_name="X", cin="JK8",
        province_id=province, signed=True, now=NOW), session, petition)
    assert line(signed=False)() is None
    assert _count(session, petition) == 2
    rows = svc.bureau_signatures(session, agent=w.agent, petition_id=petition.id)
    assert [(r.cin, r.channel, r.sheet) for r in rows] == [
        (w.rep.cin, "online", None), ("JK1234", "paper", "F-001")]
    with pytest.raises(PetitionError):
        svc.bureau_signatures(session, agent=w.rep, petition_id=petition.id)


# --- one CIN from two places at once (SQLite and PostgreSQL) ------------------------------


def _race(engine, actions) -> list[str]:
    barrier, outcomes = threading.Barrier(len(actions)), []

    def run(action):
        with Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                action(session)
                session.commit()
                outcomes.append("counted")
            except PetitionError as error:
                session.rollback()
                outcomes.append(error.code)

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.mark.parametrize("rounds", [3])
def test_one_cin_from_two_tabs_and_from_a_tab_and_a_sheet_is_counted_once(
        any_engine, cheap_hashing, rounds):
    with Session(any_engine, expire_on_commit=False) as session:
        load_demo_data(session)
        session.commit()
        w = _world(session)
        petition = _collecting(session, w)
        province = next(iter(w.provinces.values()))
        sheet = svc.open_sheet(session, agent=w.agent, petition_id=petition.id, number="R-1", now=NOW)
        signers = [_account(session, f"RC{i}") for i in range(rounds * 2)]
        session.commit()

    def online(account):
        def act(session):
            svc.sign(session, account=session.get(Account, account.id), petition_id=petition.id,
                     province_id=province, basis="residence", statement=True, now=NOW)
        return act

    def paper(cin):
        def act(session):
            svc.enter_sheet_line(session, agent=session.get(Account, w.agent.id),
                                 sheet_id=sheet.id, line_number=1, full_name="Papier", cin=cin,
                                 province_id=province, signed=True, now=NOW)
        return act

    for i in range(rounds):
        two_tabs = signers[2 * i]
        outcomes = _race(any_engine, [online(two_tabs), online(two_tabs)])
        assert outcomes[0] == "counted" and outcomes[1] in (
            "petition.already_signed", "petition.cin_already_counted"), outcomes
        tab_and_sheet = signers[2 * i + 1]
        outcomes = _race(any_engine, [online(tab_and_sheet), paper(tab_and_sheet.cin)])
        assert outcomes.count("counted") == 1, outcomes
    with Session(any_engine) as session:
        assert _count(session, petition) == 2 * rounds


# --- associations -------------------------------------------------------------------------


def test_an_association_of_three_years_deposits_without_signatures(demo_session, world):
    session, w = demo_session, world
    today = NOW.date()
    association = svc.register_association(
        session, representative=w.author, name="Association Oasis Verte",
        registration_number="DRA/2019/114", registered_on=date(2023, 3, 2),
        seat_region_id=w.region.id, today=today)
    petition = svc.draft_petition(session, author=w.author, region_id=w.region.id,
                                  title="Protéger les khettaras", request="Un programme.",
                                  reasons="Les khettaras s'effondrent.",
                                  association_id=association.id, today=today)
    svc.deposit(session, account=w.author, petition_id=petition.id, now=NOW)
    session.commit()
    assert (petition.kind, petition.status) == ("association", "deposited")
    assert svc.register_rows(session, "DRA")[0]["association"] == "Association Oasis Verte"


def test_an_association_younger_than_three_years_is_refused(demo_session, world):
    session, w = demo_session, world
    _refused("petition.association_too_young", lambda: svc.register_association(
        session, representative=w.author, name="Jeunes", registration_number="DRA/2023/1",
        registered_on=date(2023, 3, 3), seat_region_id=w.region.id, today=NOW.date()), session)
    assert session.exec(select(func.count()).select_from(Association)).one() == 0


def test_an_association_seated_elsewhere_cannot_petition(demo_session, world):
    session, w = demo_session, world
    sma = session.exec(select(Region.id).where(Region.code == "SMA")).one()
    association = svc.register_association(
        session, representative=w.author, name="Souss", registration_number="SMA/2010/1",
        registered_on=date(2010, 1, 1), seat_region_id=sma, today=NOW.date())
    session.commit()
    _refused("petition.association_outside_region", lambda: svc.draft_petition(
        session, author=w.author, region_id=w.region.id, title="T", request="R", reasons="M",
        association_id=association.id, today=NOW.date()), session)


# --- the bureau -----------------------------------------------------------------------------


def _deposited(session, w, now=NOW) -> Petition:
    petition = _collecting(session, w, now=now)
    _sheet_lines(session, w, petition, _even(w, 400), prefix="D" + chr(65 + petition.id % 26), now=now)
    svc.deposit(session, account=w.rep, petition_id=petition.id, now=now)
    session.commit()
    return petition


def test_a_refusal_needs_reasons_and_a_withdrawn_petition_gets_no_decision(demo_session, world):
    session, w = demo_session, world
    petition = _deposited(session, w)
    _refused("petition.reasons_required", lambda: svc.decide(
        session, agent=w.agent, petition_id=petition.id, admissible=False, reasons="  "),
        session, petition)
    _refused("petition.committee_session_required", lambda: svc.decide(
        session, agent=w.agent, petition_id=petition.id, admissible=True, committee="C"),
        session, petition)
    _refused("petition.forbidden", lambda: svc.decide(
        session, agent=w.rep, petition_id=petition.id, admissible=False, reasons="Non"),
        session, petition)
    svc.withdraw_petition(session, account=w.rep, petition_id=petition.id, now=NOW)
    session.commit()
    _refused("petition.transition_not_allowed", lambda: svc.decide(
        session, agent=w.agent, petition_id=petition.id, admissible=False, reasons="Hors champ"),
        session, petition)
    other = _deposited(session, w)
    decision = svc.decide(session, agent=w.agent, petition_id=other.id, admissible=False,
                          reasons="La demande touche les constantes de l'article 1.", now=NOW)
    session.commit()
    assert (other.status, decision.reasons) == ("refused", "La demande touche les constantes "
                                                "de l'article 1.")


def test_an_agent_of_another_service_has_no_queue_and_no_say(demo_session, world):
    session, w = demo_session, world
    petition = _deposited(session, w)
    cri_agent = session.exec(select(Account).where(Account.email == "agent@demo.example.ma")).one()
    assert svc.agent_queue(session, agent=cri_agent, now=NOW) == []
    _refused("petition.forbidden", lambda: svc.decide(
        session, agent=cri_agent, petition_id=petition.id, admissible=False, reasons="Non"),
        session, petition)


def test_the_two_month_indicator_per_region_against_an_independent_count(demo_session, world):
    session, w = demo_session, world
    start = datetime(2026, 1, 10, 9, tzinfo=UTC)
    quick, late, pending = (_deposited(session, w, now=start) for _ in range(3))
    svc.decide(session, agent=w.agent, petition_id=quick.id, admissible=False, reasons="Non",
               now=start + timedelta(days=30))
    svc.decide(session, agent=w.agent, petition_id=late.id, admissible=False, reasons="Non",
               now=datetime(2026, 3, 10, 9, 1, tzinfo=UTC))
    session.commit()
    now = datetime(2026, 4, 1, tzinfo=UTC)
    result = svc.two_month_indicators(session, now=now)
    # By hand: quick in time; late a minute past 10/03 09:00; pending overdue since 10/03.
    assert (result["DRA"].counted, result["DRA"].in_time) == (3, 1)
    assert result["SMA"].share_pct is None
    assert svc.agent_queue(session, agent=w.agent, now=now)[0].overdue


# --- what the public sees -----------------------------------------------------------------


def test_no_name_or_cin_in_the_register_or_the_open_data(demo_session, world):
    session, w = demo_session, world
    petition = _deposited(session, w)
    draft = svc.draft_petition(session, author=w.author, region_id=w.region.id,
                               title="Brouillon privé", request="R", reasons="M")
    session.commit()
    names_and_cins = {value for s in session.exec(select(PetitionSignature)).all()
                      for value in (s.full_name, s.cin)}
    names_and_cins |= {w.author.full_name, w.rep.full_name, w.deputy.full_name, w.rep.cin,
                       w.author.cin}
    register = json.dumps(svc.register_rows(session), ensure_ascii=False)
    opendata = json.dumps(svc.open_data_rows(session), ensure_ascii=False)
    for text in (register, opendata):
        leaked = [value for value in names_and_cins if f'"{value}"' in text or
                  f" {value}" in text]
        assert leaked == []
    assert "Brouillon privé" not in register and draft.id not in [
        r["id"] for r in svc.register_rows(session)]
    row = svc.open_data_rows(session)[0]
    assert set(row) == set(svc.OPEN_DATA_FIELDS)
    assert (row["id"], row["status"], row["signatures"]) == (petition.id, "deposited", 400)
    assert svc.register_rows(session)[0]["per_province"] == _even(w, 400)


def test_a_lapsed_petition_is_closed_by_the_system(demo_session, world):
    session, w = demo_session, world
    petition = _collecting(session, w)
    assert svc.lapse_expired(session, now=NOW + timedelta(days=30)) == 0
    assert svc.lapse_expired(session, now=NOW + timedelta(days=91)) == 1
    session.commit()
    assert petition.status == "lapsed"


# --- the receipt's code and PIN on the one tracking page -------------------------------------


def _deposit_with_receipt(session, w) -> tuple[Petition, svc.DepositReceipt]:
    petition = _collecting(session, w)
    _sheet_lines(session, w, petition, _even(w, 400), prefix="TK")
    receipt = svc.deposit(session, account=w.rep, petition_id=petition.id, now=NOW)
    session.commit()
    return petition, receipt


def test_the_deposit_receipt_leads_to_the_tracking_page_that_shows_the_petition(
        demo_session, world):
    from counter.domain.tracking import TRACK_PATH, is_pin_digest
    from counter.services import dossiers
    from counter.settings import get_settings

    session, w = demo_session, world
    petition, receipt = _deposit_with_receipt(session, w)
    # The QR code holds the page that exists: /track, the code in its query, the PIN after #.
    assert receipt.qr_url == (f"{get_settings().public_url.rstrip('/')}{TRACK_PATH}"
                              f"?code={receipt.tracking_code}#pin={receipt.pin}")
    assert is_pin_digest(petition.pin_hash) and receipt.pin not in petition.pin_hash
    for lang, status_word in (("fr", t("petitions.status_deposited", "fr")),
                              ("ar", t("petitions.status_deposited", "ar"))):
        view = dossiers.track(session, code=receipt.tracking_code.lower(), pin=receipt.pin,
                              client_ip="198.51.100.7", lang=lang, now=NOW)
        assert view["kind"] == "petition" and view["status"] == "deposited"
        assert view["procedure"] == petition.title and view["status_label"] == status_word
        assert view["expected_on"] == "02/05/2026" and view["decided_on"] == ""
        assert view["public_href"] == f"/petitions/{petition.id}"
        assert [s["status"] for s in view["timeline"]] == [
            "draft", "awaiting_reps", "collecting", "deposited"]
        assert all(s["note"] == "" for s in view["timeline"])
        assert w.rep.full_name not in json.dumps(view, ensure_ascii=False)
    # Decided: no date to wait for, the decision's date instead.
    svc.decide(session, agent=w.agent, petition_id=petition.id, admissible=False,
               reasons="Hors des compétences de la région.", now=NOW + timedelta(days=3))
    session.commit()
    view = dossiers.track(session, code=receipt.tracking_code, pin=receipt.pin,
                          client_ip="198.51.100.7", lang="fr", now=NOW + timedelta(days=3))
    assert (view["status"], view["expected_on"], view["decided_on"]) == (
        "refused", "", "05/03/2026")


def test_a_wrong_petition_pin_is_refused_as_an_unknown_code_and_counted(demo_session, world):
    from counter.services import dossiers

    session, w = demo_session, world
    _petition, receipt = _deposit_with_receipt(session, w)
    wrong = f"{(int(receipt.pin) + 1) % 1_000_000:06d}"
    refusals = []
    for code, pin in ((receipt.tracking_code, wrong), ("ZZZZ-ZZZZ", receipt.pin)):
        with pytest.raises(dossiers.TrackingRefused) as caught:
            dossiers.track(session, code=code, pin=pin, client_ip="198.51.100.8", lang="fr",
                           now=NOW)
        session.commit()
        refusals.append(caught.value.code)
    assert refusals == ["error.tracking_failed", "error.tracking_failed"]
    # The failures slow the next try of that code down, as for a dossier's.
    codes = []
    for _ in range(10):
        with pytest.raises(dossiers.TrackingRefused) as caught:
            dossiers.track(session, code=receipt.tracking_code, pin=wrong,
                           client_ip="198.51.100.9", lang="fr", now=NOW)
        session.commit()
        codes.append(caught.value.code)
    assert codes[-1] == "error.tracking_throttled"
    # ...and the right PIN waits too, until the pause is over.
    with pytest.raises(dossiers.TrackingRefused):
        dossiers.track(session, code=receipt.tracking_code, pin=receipt.pin,
                       client_ip="198.51.100.10", lang="fr", now=NOW)


def test_a_petitions_code_is_never_a_dossiers(demo_session, world):
    from counter.services.dossiers import TrackingCodeExhausted, unique_tracking_code

    session, w = demo_session, world
    _petition, receipt = _deposit_with_receipt(session, w)
    offered = iter([receipt.tracking_code, "CCCC-DDDD"])
    assert unique_tracking_code(session, generate=lambda: next(offered)) == "CCCC-DDDD"
    with pytest.raises(TrackingCodeExhausted):
        unique_tracking_code(session, generate=lambda: receipt.tracking_code, attempts=3)
