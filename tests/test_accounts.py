"""Accounts and sessions: SECURITY.md items 1 to 6."""

import hashlib
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from passlib.context import CryptContext
from sqlmodel import Session, col, func, select

from counter import security
from counter.i18n import CATALOGS, area_keys
from counter.models import Account, Attempt, Company, Service, UserSession
from counter.services import accounts
from counter.services.accounts import (
    AccountError,
    SignInFailed,
    SignInThrottled,
    account_for_token,
    authenticate,
    change_password,
    choose_correspondence_lang,
    close_session,
    common_passwords,
    create_staff,
    disable_account,
    open_session,
    password_problems,
    register_business,
    register_citizen,
    sign_in,
    update_profile,
)
from counter.settings import get_settings

PASSWORD = "Tajine au citron 2026"
SETTINGS = replace(get_settings(), session_idle_minutes=30, session_absolute_hours=12)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
IP = "198.51.100.7"


@pytest.fixture(autouse=True)
def fast_hashing(request, monkeypatch):
    """Argon2id with tiny costs, so tests that hash a lot stay quick.

    Tests that ask for `real_hashing` keep the product's settings.
    """
    accounts._dummy_hash.cache_clear()
    if "real_hashing" not in request.fixturenames:
        cheap = CryptContext(
            schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1
        )
        monkeypatch.setattr(security, "_context", cheap)
    yield
    accounts._dummy_hash.cache_clear()


@pytest.fixture
def real_hashing():
    return security._context


def citizen(session: Session, **changes) -> Account:
    values = {
        "full_name": "Amina El Idrissi",
        "cin": "AB123456",
        "email": "amina@example.ma",
        "mobile": "0612345678",
        "password": PASSWORD,
    }
    return register_citizen(session, **(values | changes))


def business(session: Session, **changes) -> Account:
    values = {
        "full_name": "Youssef Benali",
        "cin": "BE654321",
        "email": "contact@atlas-argan.ma",
        "mobile": "0661000001",
        "password": PASSWORD,
        "lang": "ar",
        "company_name": "Atlas Argan SARL",
        "ice": "001234567000089",
        "rc_number": "12345",
        "rc_court": "Tribunal de commerce d'Agadir",
    }
    return register_business(session, **(values | changes))


def errors_of(call, *args, **kwargs) -> dict[str, str]:
    with pytest.raises(AccountError) as raised:
        call(*args, **kwargs)
    return raised.value.errors


# --- Password policy (SECURITY 1, 2) -------------------------------------------------


def test_security_1_a_password_of_7_characters_is_refused_and_8_accepted():
    assert password_problems("Xk7#pQ2") == ["error.password_too_short"]
    assert password_problems("Xk7#pQ2m") == []


def test_passwords_up_to_128_characters_are_accepted_and_129_refused():
    assert password_problems("aB3$" * 16) == []
    assert password_problems("aB3$" * 32) == []
    assert password_problems("aB3$" * 32 + "x") == ["error.password_too_long"]


@pytest.mark.parametrize(
    "password", ["password", "Marrakech", "AZERTY123", "Bismillah", "maroc123", "IloveYou1"]
)
def test_security_1_common_passwords_are_refused_whatever_the_case(password):
    assert "error.password_common" in password_problems(password)


def test_the_shipped_common_password_list_has_at_least_1000_entries():
    listed = common_passwords()
    assert len(listed) >= 1000
    assert {"123456", "azerty", "casablanca", "soleil", "doudou"} <= listed
    assert all(entry == entry.lower() for entry in listed)


def test_a_password_equal_to_the_email_cin_or_name_is_refused():
    personal = ["amina@example.ma", "AB123456", "Amina El Idrissi"]
    for password in ("Amina@Example.ma", "ab123456", "amina el idrissi"):
        assert password_problems(password, personal=personal) == ["error.password_personal"]


def test_security_2_two_long_passwords_sharing_their_first_72_bytes_are_different(session, real_hashing):
    first, second = "k" * 72 + "A" * 28, "k" * 72 + "B" * 28
    assert len(first.encode()) == len(second.encode()) == 100
    assert not security.verify_password(second, security.hash_password(first))
    citizen(session, password=first)
    with pytest.raises(SignInFailed):
        authenticate(session, login="amina@example.ma", password=second, client_ip=IP)
    assert authenticate(session, login="amina@example.ma", password=first, client_ip=IP)


def test_security_2_passwords_are_hashed_with_argon2id(session, real_hashing):
    account = citizen(session)
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash


def test_a_password_costs_64_mib_and_3_passes_in_one_lane(session, real_hashing):
    """One lane: a sign-in takes one core for its check, not every core of a small server
    (issue 13); as memory-hard as RFC 9106's 64 MiB, 3 passes."""
    assert citizen(session).password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=1$")


def test_a_hash_made_with_other_costs_is_made_again_at_the_next_sign_in(session):
    account = citizen(session)
    older = CryptContext(schemes=["argon2"], argon2__memory_cost=128, argon2__rounds=2,
                         argon2__parallelism=2)
    account.password_hash = older.hash(security.normalize_password(PASSWORD))
    session.add(account)
    session.flush()
    assert security.needs_rehash(account.password_hash)
    before = account.password_hash
    with pytest.raises(SignInFailed):
        authenticate(session, login="amina@example.ma", password="not it", client_ip=IP, now=T0)
    assert account.password_hash == before  # a wrong password changes nothing
    authenticate(session, login="amina@example.ma", password=PASSWORD, client_ip=IP, now=T0)
    session.refresh(account)
    assert account.password_hash != before and not security.needs_rehash(account.password_hash)
    assert security.verify_password(PASSWORD, account.password_hash)


# --- Registration ------------------------------------------------------------------


def test_registration_reports_every_error_at_once(session):
    errors = errors_of(
        register_citizen,
        session,
        full_name="  ",
        cin="123",
        email="amina@",
        mobile="0512",
        password="short",
    )
    assert errors == {
        "full_name": "error.full_name_required",
        "cin": "error.cin_invalid",
        "email": "error.email_invalid",
        "mobile": "error.mobile_invalid",
        "password": "error.password_too_short",
    }
    assert session.exec(select(func.count()).select_from(Account)).one() == 0


def test_registration_needs_an_email_or_a_mobile(session):
    errors = errors_of(citizen, session, email="", mobile=None)
    assert errors == {"email": "error.contact_required"}
    assert citizen(session, email=None).mobile == "+212612345678"


def test_registration_stores_canonical_identifiers(session):
    account = citizen(session, email=" Amina@Example.MA ", mobile="06 12-34-56-78", cin="ab 123456")
    assert (account.email, account.mobile, account.cin) == (
        "amina@example.ma",
        "+212612345678",
        "AB123456",
    )
    assert account.role == "citizen" and account.lang == "fr" and account.is_active


def test_password_confirmation_must_match(session):
    errors = errors_of(citizen, session, confirm=PASSWORD + "!")
    assert errors == {"password_confirm": "error.password_mismatch"}


def test_names_with_control_characters_are_refused(session):
    errors = errors_of(citizen, session, full_name="Amina\u202eadmin")
    assert errors == {"full_name": "error.full_name_invalid"}


def test_a_duplicate_email_or_mobile_is_refused(session):
    citizen(session)
    errors = errors_of(
        citizen, session, cin="C99999", email="AMINA@example.ma", mobile="+212 6 12 34 56 78"
    )
    assert errors == {"email": "error.email_taken", "mobile": "error.mobile_taken"}


def test_business_registration_creates_the_company(session):
    account = business(session, ice="001 234 567 000 089")
    company = session.get(Company, account.company_id)
    assert account.role == "business" and account.lang == "ar"
    assert (company.name, company.ice, company.rc_number) == (
        "Atlas Argan SARL",
        "001234567000089",
        "12345",
    )


def test_a_duplicate_ice_is_refused(session):
    business(session)
    errors = errors_of(
        business, session, email="autre@atlas-argan.ma", mobile="0661000002", ice="001234567000089"
    )
    assert errors == {"ice": "error.ice_taken"}


def test_business_registration_checks_the_company_fields(session):
    errors = errors_of(
        business, session, company_name="", ice="12", rc_number="9" * 33, rc_court=" "
    )
    assert errors == {
        "company_name": "error.company_name_required",
        "ice": "error.ice_invalid",
        "rc_number": "error.rc_number_too_long",
        "rc_court": "error.rc_court_required",
    }
    assert session.exec(select(func.count()).select_from(Company)).one() == 0


def test_security_4_no_administrator_exists_until_one_is_created_explicitly(session):
    assert session.exec(select(Account).where(Account.role == "admin")).first() is None
    admin = create_staff(
        session, role="admin", full_name="Admin Région", email="admin@region.ma", password=PASSWORD
    )
    assert admin.role == "admin" and admin.service_id is None


def test_staff_accounts_need_a_staff_role_and_agents_a_service(session, region_id):
    errors = errors_of(
        create_staff, session, role="citizen", full_name="X", email="", password=PASSWORD
    )
    assert errors == {"role": "error.role_invalid", "email": "error.email_required"}
    errors = errors_of(
        create_staff, session, role="agent", full_name="Agent", email="a@r.ma", password=PASSWORD
    )
    assert errors == {"service_id": "error.service_required"}
    service = Service(code="CRI", names={"fr": "CRI", "ar": "المركز", "en": "CRI"},
                      region_id=region_id)
    session.add(service)
    session.flush()
    agent = create_staff(
        session,
        role="agent",
        full_name="Agent",
        email="a@r.ma",
        password=PASSWORD,
        service_id=service.id,
    )
    assert agent.service_id == service.id


# --- Sign-in and throttling (SECURITY 3, 5) ----------------------------------------


@pytest.mark.parametrize(
    "login", ["amina@example.ma", " AMINA@example.ma", "0612345678", "+212 612 345 678"]
)
def test_sign_in_with_the_email_or_the_mobile_in_any_form(session, login):
    account = citizen(session)
    assert authenticate(session, login=login, password=PASSWORD, client_ip=IP, now=T0) is account
    assert account.last_login_at == T0


def test_security_5_unknown_account_wrong_password_and_disabled_account_give_the_same_error(session):
    account = citizen(session)
    citizen(session, cin="C1", email="karim@example.ma", mobile="0700000001")
    disable_account(session, account_id=account.id)
    refusals = []
    for login, password in [
        ("nobody@example.ma", PASSWORD),
        ("karim@example.ma", "Tajine au citron 2027"),
        ("amina@example.ma", PASSWORD),
    ]:
        with pytest.raises(SignInFailed) as raised:
            authenticate(session, login=login, password=password, client_ip=IP)
        refusals.append((raised.value.errors, str(raised.value)))
    assert refusals[0] == refusals[1] == refusals[2]
    assert refusals[0][0] == {"login": "error.signin_failed"}


def test_every_attempt_is_recorded_per_account_and_per_address(session):
    citizen(session)
    with pytest.raises(SignInFailed):
        authenticate(session, login="0612345678", password="nope", client_ip=IP, now=T0)
    authenticate(session, login="0612345678", password=PASSWORD, client_ip=IP, now=T0)
    rows = session.exec(select(Attempt).order_by(Attempt.id)).all()
    assert [(r.kind, r.key, r.success) for r in rows] == [
        ("login", "account:amina@example.ma", False),
        ("login", f"ip:{IP}", False),
        ("login", "account:amina@example.ma", True),
        ("login", f"ip:{IP}", True),
    ]


def fail(session: Session, login: str, *, ip: str = IP, now: datetime = T0, times: int = 1):
    for _ in range(times):
        with pytest.raises(SignInFailed):
            authenticate(session, login=login, password="wrong password", client_ip=ip, now=now)


def test_security_3_failures_make_the_account_wait_even_with_the_right_password_then_it_gets_in(session):
    citizen(session)
    fail(session, "amina@example.ma", times=4)
    with pytest.raises(SignInThrottled) as raised:
        authenticate(session, login="amina@example.ma", password=PASSWORD, client_ip=IP, now=T0)
    assert raised.value.errors == {"login": "error.signin_throttled"}
    assert raised.value.seconds == 1
    # The count is per account: by its mobile, from another address, it waits too.
    with pytest.raises(SignInThrottled):
        authenticate(
            session, login="0612345678", password=PASSWORD, client_ip="203.0.113.9", now=T0
        )
    # SECURITY 30: once the short wait is over, the owner gets in.
    assert authenticate(session, login="0612345678", password=PASSWORD,
                        client_ip="203.0.113.9", now=T0 + timedelta(seconds=1))


def test_security_3_an_address_waits_after_30_failures_across_accounts(session):
    citizen(session, cin="K6", email="user6@example.ma", mobile=None)
    for n in range(31):
        fail(session, f"nobody{n}@example.ma")
    with pytest.raises(SignInThrottled):
        authenticate(session, login="user6@example.ma", password=PASSWORD, client_ip=IP, now=T0)
    other = authenticate(
        session, login="user6@example.ma", password=PASSWORD, client_ip="203.0.113.9", now=T0
    )
    assert other.email == "user6@example.ma"


def test_failures_older_than_15_minutes_no_longer_count(session):
    citizen(session)
    fail(session, "amina@example.ma", times=4)
    later = T0 + timedelta(minutes=15, seconds=1)
    fail(session, "amina@example.ma", times=3, now=later)  # 3 free failures again
    assert authenticate(
        session, login="amina@example.ma", password=PASSWORD, client_ip=IP, now=later
    )


def test_a_successful_sign_in_clears_the_account_failures(session):
    citizen(session)
    fail(session, "amina@example.ma", times=3)
    authenticate(session, login="amina@example.ma", password=PASSWORD, client_ip=IP, now=T0)
    fail(session, "amina@example.ma", times=3, now=T0 + timedelta(minutes=1))
    assert authenticate(
        session,
        login="amina@example.ma",
        password=PASSWORD,
        client_ip=IP,
        now=T0 + timedelta(minutes=1),
    )


# --- Sessions (SECURITY 6) ---------------------------------------------------------


def test_security_6_the_session_token_is_random_and_only_its_hash_is_stored(session):
    account = citizen(session)
    tokens = {open_session(session, account, client_ip=IP, settings=SETTINGS) for _ in range(3)}
    assert len(tokens) == 3
    for token in tokens:
        assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    rows = session.exec(select(UserSession)).all()
    assert {row.token_hash for row in rows} == {
        hashlib.sha256(token.encode()).hexdigest() for token in tokens
    }
    stored = " ".join(str(value) for row in rows for value in row.model_dump().values())
    assert not any(token in stored for token in tokens)


def test_security_6_a_session_is_invalid_after_logout(session):
    account = citizen(session)
    token = open_session(session, account, client_ip=IP, settings=SETTINGS)
    assert account_for_token(session, token, settings=SETTINGS) is account
    close_session(session, token)
    assert account_for_token(session, token, settings=SETTINGS) is None
    assert account_for_token(session, "not-a-token", settings=SETTINGS) is None
    assert account_for_token(session, "", settings=SETTINGS) is None


def test_a_signed_in_tabs_session_check_is_one_query(session):
    """It runs before every event of a signed-in tab: the session and its account come in
    one round trip (a disabled account still ends the session, tested below)."""
    from sqlalchemy import event

    account = citizen(session)
    token = open_session(session, account, client_ip=IP, now=T0, settings=SETTINGS)
    session.commit()
    session.expunge_all()
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        found = account_for_token(session, token, now=T0 + timedelta(seconds=5),
                                  settings=SETTINGS)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert found is not None and found.id == account.id
    assert len(statements) == 1, statements


def test_security_6_a_session_is_invalid_after_the_idle_timeout(session):
    account = citizen(session)
    token = open_session(session, account, client_ip=IP, now=T0, settings=SETTINGS)
    seen = T0 + timedelta(minutes=29)
    assert account_for_token(session, token, now=seen, settings=SETTINGS) is account
    still = seen + timedelta(minutes=30)
    assert account_for_token(session, token, now=still, settings=SETTINGS) is account
    idle = still + timedelta(minutes=30, seconds=1)
    assert account_for_token(session, token, now=idle, settings=SETTINGS) is None
    assert account_for_token(session, token, now=still, settings=SETTINGS) is None


def test_security_6_a_session_is_invalid_after_the_absolute_timeout_even_when_active(session):
    account = citizen(session)
    token = open_session(session, account, client_ip=IP, now=T0, settings=SETTINGS)
    now = T0
    while now < T0 + timedelta(hours=12) - timedelta(minutes=20):
        now += timedelta(minutes=20)
        assert account_for_token(session, token, now=now, settings=SETTINGS) is account
    expired = T0 + timedelta(hours=12)
    assert account_for_token(session, token, now=expired, settings=SETTINGS) is None


def test_security_6_a_disabled_account_loses_its_sessions(session):
    account = citizen(session)
    tokens = [open_session(session, account, client_ip=IP, settings=SETTINGS) for _ in range(2)]
    disable_account(session, account.id)
    assert all(account_for_token(session, t, settings=SETTINGS) is None for t in tokens)
    open_rows = select(UserSession).where(col(UserSession.ended_at).is_(None))
    assert session.exec(open_rows).all() == []


def test_an_account_disabled_behind_a_session_is_refused(session):
    account = citizen(session)
    token = open_session(session, account, client_ip=IP, settings=SETTINGS)
    account.is_active = False
    assert account_for_token(session, token, settings=SETTINGS) is None


def test_security_6_sign_in_replaces_the_old_session(session):
    citizen(session)
    _, old = sign_in(
        session, login="amina@example.ma", password=PASSWORD, client_ip=IP, settings=SETTINGS
    )
    account, new = sign_in(
        session,
        login="amina@example.ma",
        password=PASSWORD,
        client_ip=IP,
        old_token=old,
        settings=SETTINGS,
    )
    assert new != old
    assert account_for_token(session, old, settings=SETTINGS) is None
    assert account_for_token(session, new, settings=SETTINGS) is account


def test_a_failed_sign_in_keeps_the_current_session(session):
    citizen(session)
    account, token = sign_in(
        session, login="amina@example.ma", password=PASSWORD, client_ip=IP, settings=SETTINGS
    )
    with pytest.raises(SignInFailed):
        sign_in(session, login="amina@example.ma", password="x", client_ip=IP, old_token=token)
    assert account_for_token(session, token, settings=SETTINGS) is account


# --- Profile -----------------------------------------------------------------------


def test_changing_the_password_requires_the_current_one(session):
    account = citizen(session)
    errors = errors_of(
        change_password, session, account, current="guess", new="Couscous du vendredi"
    )
    assert errors == {"current_password": "error.current_password_wrong"}
    errors = errors_of(change_password, session, account, current=PASSWORD, new="azerty123")
    assert errors == {"password": "error.password_common"}
    token = open_session(session, account, client_ip=IP, settings=SETTINGS)
    change_password(session, account, current=PASSWORD, new="Couscous du vendredi")
    assert account_for_token(session, token, settings=SETTINGS) is None
    with pytest.raises(SignInFailed):
        authenticate(session, login="amina@example.ma", password=PASSWORD, client_ip=IP)
    assert authenticate(
        session, login="amina@example.ma", password="Couscous du vendredi", client_ip=IP
    )


def test_the_profile_follows_the_registration_rules(session):
    account = citizen(session)
    citizen(session, cin="C1", email="karim@example.ma", mobile="0700000001")
    errors = errors_of(
        update_profile,
        session,
        account,
        full_name="",
        email="karim@example.ma",
        mobile="0700000001",
        lang="ar",
        current_password=PASSWORD,
    )
    assert errors == {
        "full_name": "error.full_name_required",
        "email": "error.email_taken",
        "mobile": "error.mobile_taken",
    }
    update_profile(
        session,
        account,
        full_name="Amina Idrissi",
        email=account.email,
        mobile=account.mobile,
        lang="ar",
    )
    assert (account.full_name, account.lang) == ("Amina Idrissi", "ar")
    update_profile(
        session,
        account,
        full_name=account.full_name,
        email=account.email,
        mobile="",
        lang="ar",
        current_password=PASSWORD,
    )
    assert account.mobile is None


def test_changing_the_email_or_mobile_needs_the_current_password(session):
    account = citizen(session)
    change = {"full_name": account.full_name, "email": "amina.new@example.ma", "lang": "fr"}
    errors = errors_of(update_profile, session, account, mobile=account.mobile, **change)
    assert errors == {"current_password": "error.current_password_required"}
    errors = errors_of(
        update_profile, session, account, mobile=account.mobile, current_password="x", **change
    )
    assert errors == {"current_password": "error.current_password_wrong"}
    update_profile(session, account, mobile=account.mobile, current_password=PASSWORD, **change)
    assert account.email == "amina.new@example.ma"


def test_a_person_chooses_the_language_of_their_emails_and_documents(session):
    account = citizen(session)
    assert account.correspondence_lang is None  # nobody chose: as on screen
    choose_correspondence_lang(session, account, "ar")
    assert account.correspondence_lang == "ar"
    assert errors_of(choose_correspondence_lang, session, account, "de") == {
        "correspondence_lang": "error.lang_invalid"}
    assert account.correspondence_lang == "ar"
    choose_correspondence_lang(session, account, "")
    assert account.correspondence_lang is None


# --- Catalog and databases ---------------------------------------------------------


def test_every_message_key_of_the_service_is_translated():
    source = Path(accounts.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'"(error\.[a-z_]+)"', source))
    used |= {
        f"error.{field}_{problem}"
        for field in ("full_name", "company_name", "rc_number", "rc_court")
        for problem in ("required", "too_long", "invalid")
    }
    base = {"error.cin_invalid", "error.ice_invalid", "error.mobile_invalid"}
    for key in used:
        assert key in area_keys("accounts") or key in base, key
        assert all(CATALOGS[lang].get(key) for lang in ("fr", "ar", "en")), key


def test_registration_and_sign_in_work_on_sqlite_and_postgresql(any_engine):
    with Session(any_engine, expire_on_commit=False) as session:
        business(session)
        session.commit()
    with Session(any_engine, expire_on_commit=False) as session:
        try:
            with pytest.raises(SignInFailed):
                authenticate(session, login="contact@atlas-argan.ma", password="x", client_ip=IP)
        finally:
            session.commit()
    with Session(any_engine, expire_on_commit=False) as session:
        assert session.exec(select(func.count()).select_from(Attempt)).one() == 2
        try:
            account, token = sign_in(
                session, login="0661000001", password=PASSWORD, client_ip=IP, settings=SETTINGS
            )
        finally:
            session.commit()
    with Session(any_engine, expire_on_commit=False) as session:
        found = account_for_token(session, token, settings=SETTINGS)
        assert found is not None and found.id == account.id
        assert found.last_login_at is not None and found.last_login_at.tzinfo is not None
        assert session.get(Company, found.company_id).ice == "001234567000089"
