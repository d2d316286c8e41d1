"""Administrators' people functions (SECURITY 1, 6, 7): services, staff accounts, service
assignment, disabling an account (its sessions end at once)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from passlib.context import CryptContext
from sqlmodel import Session, func, select

from counter import security
from counter.i18n import t
from counter.models import Account, Region, Role, Service, UserSession
from counter.services import accounts as accounts_service
from counter.services import people
from counter.services.accounts import (
    SignInFailed,
    account_for_token,
    create_staff,
    open_session,
    sign_in,
)
from counter.services.people import PeopleError
from counter.services.scope import OutOfScope
from counter.services.seed import load_demo_data

PASSWORD = "Figuier de Barbarie 1987"
IP = "198.51.100.30"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch):
    accounts_service._dummy_hash.cache_clear()
    monkeypatch.setattr(security, "_context", CryptContext(
        schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1))
    yield
    accounts_service._dummy_hash.cache_clear()


@dataclass
class Staff:
    admin: Account
    agent: Account
    citizen: Account
    business: Account
    cri: Service
    urbanism: Service


@pytest.fixture
def staff(session: Session) -> Staff:
    load_demo_data(session)
    session.commit()
    by_role = {a.role: a for a in session.exec(select(Account)).all()
               if not a.region_id}  # the consortium's administrator
    services = {s.code: s for s in session.exec(select(Service)).all()}
    return Staff(by_role["admin"], by_role["agent"], by_role["citizen"], by_role["business"],
                 services["DRA_CRI"], services["DRA_URBANISM"])


def count(session: Session, model: type) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def form_errors(call, *args, **kwargs) -> dict[str, str]:
    with pytest.raises(PeopleError) as caught:
        call(*args, **kwargs)
    assert caught.value.code == "error.form_invalid"
    return caught.value.errors


# --- only administrators ------------------------------------------------------------------


def test_only_an_active_administrator_may_call_the_people_functions(session, staff):
    other_admin = create_staff(session, role="admin", full_name="Nadia Bensaid",
                               email="nadia@region.example.ma", password=PASSWORD)
    session.commit()
    people.set_active(session, admin=staff.admin, account_id=other_admin.id, active=False)
    session.commit()
    before = (count(session, Account), count(session, Service))

    calls = [
        (people.services, {"lang": "fr"}),
        (people.accounts, {"lang": "fr"}),
        (people.create_service, {"code": "NEW_SVC", "name_fr": "Nouveau", "name_ar": "جديد",
                                 "name_en": "New"}),
        (people.create_agent, {"full_name": "Intrus", "email": "intrus@example.ma",
                               "password": PASSWORD, "service_id": staff.cri.id}),
        (people.assign_service, {"account_id": staff.agent.id, "service_id": staff.urbanism.id}),
        (people.set_active, {"account_id": staff.agent.id, "active": False}),
        (people.set_active, {"account_id": staff.admin.id, "active": False}),
    ]
    for caller in (staff.citizen, staff.business, staff.agent, other_admin, None):
        for call, kwargs in calls:
            with pytest.raises(OutOfScope) as caught:
                call(session, admin=caller, **kwargs)
            assert caught.value.code == "error.forbidden", (call.__name__, caller)
            session.rollback()

    session.expire_all()
    assert (count(session, Account), count(session, Service)) == before
    agent = session.get(Account, staff.agent.id)
    assert (agent.service_id, agent.is_active) == (staff.cri.id, True)
    assert session.get(Account, staff.admin.id).is_active


# --- services -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["A", "1ABC", "_ABC", "AB-C", "AB C", "É_TAT", "A" * 33, "",
                                  "   "])
def test_a_malformed_service_code_is_refused(session, staff, code):
    errors = form_errors(people.create_service, session, admin=staff.admin, code=code,
                         name_fr="Service", name_ar="مصلحة", name_en="Service", region_code="DRA")
    assert errors == {"code": "error.service_code_invalid"}


def test_create_service_checks_duplicates_and_names(session, staff):
    for taken in ("DRA_CRI", "sma_cri", " Ori_Urbanism "):
        errors = form_errors(people.create_service, session, admin=staff.admin, code=taken,
                             name_fr="Service", name_ar="مصلحة", name_en="Service",
                             region_code="DRA")
        assert errors == {"code": "error.service_code_taken"}, taken

    errors = form_errors(people.create_service, session, admin=staff.admin, code="NEW_SVC",
                         name_fr=" ", name_ar="", name_en="x" * 201, region_code="DRA")
    # Only the French name is required: the others fall back to it when left empty.
    assert errors == {"name_fr": "error.field_required", "name_en": "error.text_too_long"}
    # The too-long message names its limit (it showed a raw "{max}").
    assert "200" in t(errors["name_en"], "en") and "{" not in t(errors["name_en"], "ar")
    services_before = count(session, Service)
    session.rollback()
    assert count(session, Service) == services_before

    service = people.create_service(session, admin=staff.admin, code=" social_aid2 ",
                                    name_fr=" Aide sociale ", name_ar="المساعدة الاجتماعية",
                                    name_en="Social aid", email="  ", region_code="DRA")
    session.commit()
    region = session.exec(select(Region).where(Region.code == "DRA")).one()
    assert (service.code, service.names["fr"], service.email, service.region_id) == (
        "SOCIAL_AID2", "Aide sociale", None, region.id)
    longest = people.create_service(session, admin=staff.admin, code="B" * 32, name_fr="B",
                                    name_ar="ب", name_en="B", region_code="SMA")
    assert longest.code == "B" * 32
    listed = {row["code"]: row for row in people.services(session, admin=staff.admin,
                                                          lang="ar")}
    assert listed["SOCIAL_AID2"]["name"] == "المساعدة الاجتماعية"
    assert listed["SOCIAL_AID2"]["agents"] == "0" and listed["DRA_CRI"]["agents"] == "1"


# --- agents -------------------------------------------------------------------------------


@pytest.mark.parametrize(("password", "problem"), [
    ("password", "error.password_common"),
    ("PASSWORD123", "error.password_common"),
    ("Azerty1", "error.password_too_short"),
    ("Samira Oulhaj", "error.password_personal"),
    ("samira@urbanisme.example.ma", "error.password_personal"),
])
def test_create_agent_refuses_weak_passwords(session, staff, password, problem):
    errors = form_errors(people.create_agent, session, admin=staff.admin,
                         full_name="Samira Oulhaj", email="samira@urbanisme.example.ma",
                         password=password, service_id=staff.urbanism.id)
    assert errors == {"password": problem}
    session.rollback()
    assert session.exec(select(Account).where(
        Account.email == "samira@urbanisme.example.ma")).first() is None


def test_create_agent_needs_a_service_and_a_free_email(session, staff):
    for service_id in (None, 10**6):
        errors = form_errors(people.create_agent, session, admin=staff.admin,
                             full_name="Samira Oulhaj", email="samira@urbanisme.example.ma",
                             password=PASSWORD, service_id=service_id)
        assert errors == {"service_id": "error.service_required"}
    errors = form_errors(people.create_agent, session, admin=staff.admin,
                         full_name="Samira Oulhaj", email=staff.agent.email.upper(),
                         password=PASSWORD, service_id=staff.urbanism.id)
    assert errors == {"email": "error.email_taken"}
    errors = form_errors(people.create_agent, session, admin=staff.admin, full_name="",
                         email="", password="", service_id=None)
    assert set(errors) == {"full_name", "email", "password", "service_id"}

    agent = people.create_agent(session, admin=staff.admin, full_name=" Samira  Oulhaj ",
                                email="Samira@Urbanisme.example.ma", password=PASSWORD,
                                service_id=staff.urbanism.id)
    session.commit()
    assert (agent.role, agent.full_name, agent.email, agent.service_id, agent.is_active) == (
        Role.AGENT, "Samira Oulhaj", "samira@urbanisme.example.ma", staff.urbanism.id, True)
    assert agent.password_hash.startswith("$argon2id$")
    signed, token = sign_in(session, login="samira@urbanisme.example.ma", password=PASSWORD,
                            client_ip=IP)
    assert signed.id == agent.id and account_for_token(session, token).id == agent.id


def test_assign_service_moves_an_agent_only(session, staff):
    moved = people.assign_service(session, admin=staff.admin, account_id=staff.agent.id,
                                  service_id=staff.urbanism.id)
    session.commit()
    session.expire_all()
    assert moved.service_id == session.get(Account, staff.agent.id).service_id == \
        staff.urbanism.id

    for account_id, service_id, code in [
        (staff.citizen.id, staff.cri.id, "error.account_not_found"),
        (staff.admin.id, staff.cri.id, "error.account_not_found"),
        (10**6, staff.cri.id, "error.account_not_found"),
        (staff.agent.id, 10**6, "error.service_not_found"),
    ]:
        with pytest.raises(PeopleError) as caught:
            people.assign_service(session, admin=staff.admin, account_id=account_id,
                                  service_id=service_id)
        assert caught.value.code == code
    session.rollback()
    assert session.get(Account, staff.citizen.id).service_id is None
    rows = {row["id"]: row for row in people.accounts(session, admin=staff.admin, lang="fr",
                                                      role="agent")}
    assert rows[str(staff.agent.id)]["service_id"] == str(staff.urbanism.id)


# --- disabling ----------------------------------------------------------------------------


def test_disabling_ends_the_sessions_at_once_and_blocks_sign_in(session, staff):
    agent = people.create_agent(session, admin=staff.admin, full_name="Samira Oulhaj",
                                email="samira@urbanisme.example.ma", password=PASSWORD,
                                service_id=staff.urbanism.id)
    session.commit()
    now = datetime.now(UTC)
    tokens = [open_session(session, agent, client_ip=IP, now=now) for _ in range(2)]
    citizen_token = open_session(session, staff.citizen, client_ip=IP, now=now)
    session.commit()
    assert all(account_for_token(session, token, now=now).id == agent.id for token in tokens)

    people.set_active(session, admin=staff.admin, account_id=agent.id, active=False)
    session.commit()

    # The very next request (a second later) is refused: no wait for a timeout.
    later = now + timedelta(seconds=1)
    assert [account_for_token(session, token, now=later) for token in tokens] == [None, None]
    assert account_for_token(session, citizen_token, now=later).id == staff.citizen.id
    open_rows = session.exec(select(func.count()).select_from(UserSession).where(
        UserSession.account_id == agent.id, UserSession.ended_at == None)).one()  # noqa: E711
    assert open_rows == 0
    with pytest.raises(SignInFailed):
        sign_in(session, login=agent.email, password=PASSWORD, client_ip=IP)
    session.commit()
    listed = {row["id"]: row for row in people.accounts(session, admin=staff.admin, lang="fr")}
    assert listed[str(agent.id)]["active"] == ""

    # Enabling again: a new sign-in works; the old sessions stay ended.
    people.set_active(session, admin=staff.admin, account_id=agent.id, active=True)
    session.commit()
    signed, token = sign_in(session, login=agent.email, password=PASSWORD, client_ip="203.0.113.9")
    session.commit()
    assert signed.id == agent.id and signed.is_active
    assert account_for_token(session, token).id == agent.id
    assert [account_for_token(session, t, now=later) for t in tokens] == [None, None]


def test_an_administrator_cannot_disable_themselves(session, staff):
    for active in (False, True):
        with pytest.raises(PeopleError) as caught:
            people.set_active(session, admin=staff.admin, account_id=staff.admin.id,
                              active=active)
        assert caught.value.code == "error.cannot_disable_self"
    with pytest.raises(PeopleError) as caught:
        people.set_active(session, admin=staff.admin, account_id=10**6, active=False)
    assert caught.value.code == "error.account_not_found"
    session.rollback()
    assert session.get(Account, staff.admin.id).is_active

    # Another administrator may be disabled, and loses access to these functions.
    other = create_staff(session, role="admin", full_name="Nadia Bensaid",
                         email="nadia@region.example.ma", password=PASSWORD)
    session.commit()
    people.set_active(session, admin=staff.admin, account_id=other.id, active=False)
    session.commit()
    with pytest.raises(OutOfScope) as caught:
        people.services(session, admin=other, lang="fr")
    assert caught.value.code == "error.forbidden"


# --- administrators by scope (issue 9, point 2) ------------------------------------------


def _region_admin(session: Session) -> Account:
    return session.exec(select(Account).where(Account.email == "admin-dra@demo.example.ma")
                        ).one()


def test_a_region_administrator_sees_and_creates_only_their_regions_services(session, staff):
    dra = _region_admin(session)
    listed = people.services(session, admin=dra, lang="fr")
    assert listed and {row["region_code"] for row in listed} == {"DRA"}
    assert "SMA_CRI" not in {row["code"] for row in listed} and "DRA_CRI" in {
        row["code"] for row in listed}
    consortium = people.services(session, admin=staff.admin, lang="fr")
    assert {row["region_code"] for row in consortium} == {"DRA", "ORI", "SMA", "LSH"}
    assert people.regions(session, admin=dra, lang="fr") == [["DRA", "Drâa-Tafilalet"]]
    assert len(people.regions(session, admin=staff.admin, lang="fr")) == 4

    # Without a region: the administrator's own; the consortium's must name one.
    service = people.create_service(session, admin=dra, code="DRA_WATER", name_fr="Eau",
                                    name_ar="الماء", name_en="Water")
    assert session.get(Region, service.region_id).code == "DRA"
    errors = form_errors(people.create_service, session, admin=staff.admin, code="X_WATER",
                         name_fr="Eau", name_ar="الماء", name_en="Water")
    assert errors == {"region_code": "error.region_required"}


def test_a_region_administrator_calling_for_another_region_is_refused_and_logged(
        session, staff, caplog):
    import logging

    dra = _region_admin(session)
    sma_cri = session.exec(select(Service).where(Service.code == "SMA_CRI")).one()
    sma_agent = people.create_agent(session, admin=staff.admin, full_name="Brahim Aznag",
                                    email="brahim@souss-massa.example.ma", password=PASSWORD,
                                    service_id=sma_cri.id)
    session.commit()
    before = (count(session, Account), count(session, Service))
    calls = [
        (people.create_service, {"code": "SMA_NEW", "name_fr": "N", "name_ar": "ن",
                                 "name_en": "N", "region_code": "SMA"}),
        (people.create_agent, {"full_name": "Intrus", "email": "intrus@example.ma",
                               "password": PASSWORD, "service_id": sma_cri.id}),
        (people.assign_service, {"account_id": sma_agent.id, "service_id": staff.cri.id}),
        (people.assign_service, {"account_id": staff.agent.id, "service_id": sma_cri.id}),
        (people.set_active, {"account_id": sma_agent.id, "active": False}),
        (people.set_active, {"account_id": staff.citizen.id, "active": False}),
        (people.set_active, {"account_id": staff.admin.id, "active": False}),
    ]
    logger = logging.getLogger("counter.security")
    logger.addHandler(caplog.handler)
    try:
        for call, kwargs in calls:
            caplog.clear()
            with pytest.raises(OutOfScope) as caught:
                call(session, admin=dra, **kwargs)
            assert caught.value.code == "error.out_of_scope", call.__name__
            assert '"event": "admin_out_of_scope"' in caplog.text, call.__name__
            session.rollback()
    finally:
        logger.removeHandler(caplog.handler)
    assert (count(session, Account), count(session, Service)) == before
    assert session.get(Account, sma_agent.id).is_active
    assert session.get(Account, staff.agent.id).service_id == staff.cri.id
    # The region's staff list holds its own people only: no citizen, no other region's agent.
    emails = {row["email"] for row in people.accounts(session, admin=dra, lang="fr")}
    assert emails == {"admin-dra@demo.example.ma", "agent@demo.example.ma"}


def test_a_region_administrator_manages_agents_of_their_region(session, staff):
    dra = _region_admin(session)
    dra_cri = session.exec(select(Service).where(Service.code == "DRA_CRI")).one()
    agent = people.create_agent(session, admin=dra, full_name="Said Ouhmad",
                                email="said@draa-tafilalet.example.ma", password=PASSWORD,
                                service_id=dra_cri.id)
    session.commit()
    assert {row["email"] for row in people.accounts(session, admin=dra, lang="fr")} == {
        "admin-dra@demo.example.ma", "agent@demo.example.ma", "said@draa-tafilalet.example.ma"}
    people.set_active(session, admin=dra, account_id=agent.id, active=False)
    assert not session.get(Account, agent.id).is_active
