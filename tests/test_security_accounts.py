"""SECURITY.md promises 30 and 31 (issue 11, findings 8, 9 and 17), named after their numbers.

30: a stranger cannot lock an owner out; failures slow guesses down per account, per
tracking code and per address, and a crowd behind one carrier address is not refused.
31: sign-up and password reset reveal nothing about who has an account; reset exists.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from counter.models import (
    Account,
    AccountEvent,
    Dossier,
    OutboxMessage,
    PasswordReset,
    PendingSignup,
)
from counter.security import hash_password
from counter.services import password_reset, signup, throttle
from counter.services.accounts import (
    AccountError,
    SignInFailed,
    SignInThrottled,
    account_for_token,
    authenticate,
    open_session,
    register_citizen,
)
from counter.services.dossiers import TrackingRefused, track

PASSWORD = "Tajine au citron 2026"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OWNER_IP = "198.51.100.7"
STRANGER_IP = "203.0.113.66"
CARRIER_IP = "41.250.0.1"  # one address of a mobile carrier, shared by a crowd


@pytest.fixture
def owner(session: Session, cheap_hashing: None):
    return register_citizen(session, full_name="Amina El Idrissi", cin="AB123456",
                            email="amina@example.ma", mobile="0612345678", password=PASSWORD)


def failing(session: Session, login: str, ip: str, at: datetime) -> type[Exception]:
    """One wrong password; which refusal it got."""
    try:
        authenticate(session, login=login, password="wrong password", client_ip=ip, now=at)
    except (SignInFailed, SignInThrottled) as error:
        return type(error)
    raise AssertionError("a wrong password got in")


def hammer(session: Session, login: str, ip: str, *, start: datetime, tries: int,
           every: timedelta = timedelta(milliseconds=200)) -> datetime:
    """A guesser sending wrong passwords as fast as it likes; returns when it stopped."""
    at = start
    for _ in range(tries):
        failing(session, login, ip, at)
        at += every
    return at


# --- 30: a stranger cannot lock an owner out ------------------------------------------------


def test_security_30_a_strangers_wrong_passwords_do_not_lock_the_owner_out(session, owner):
    stopped = hammer(session, "amina@example.ma", STRANGER_IP, start=T0, tries=200)
    session.commit()

    # Right after the attack, the owner is asked to wait, told how long (at most the cap).
    with pytest.raises(SignInThrottled) as caught:
        authenticate(session, login="amina@example.ma", password=PASSWORD,
                     client_ip=OWNER_IP, now=stopped)
    assert 1 <= caught.value.seconds <= throttle.ACCOUNT_RULE.cap.total_seconds()
    assert caught.value.params == {"n": caught.value.seconds}
    # Once that short wait is over, the right password gets in (by e-mail or by mobile),
    # not 15 minutes later.
    later = stopped + timedelta(seconds=caught.value.seconds)
    assert authenticate(session, login="0612345678", password=PASSWORD, client_ip=OWNER_IP,
                        now=later).id == owner.id


def test_security_30_the_account_wait_grows_with_each_failure_up_to_a_minute(session, owner):
    waits = []
    at = T0
    for _ in range(12):
        assert failing(session, "amina@example.ma", STRANGER_IP, at) is SignInFailed
        wait = throttle.wait_for_key(session, "login", "account:amina@example.ma",
                                     throttle.ACCOUNT_RULE, at)
        waits.append(int(wait.total_seconds()))
        at += wait
    assert waits == [0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]
    # A try during the wait is refused without checking the password and does not count.
    failing(session, "amina@example.ma", STRANGER_IP, at)
    for _ in range(50):
        assert failing(session, "amina@example.ma", STRANGER_IP,
                       at + timedelta(seconds=1)) is SignInThrottled
    assert throttle.wait_for_key(session, "login", "account:amina@example.ma",
                                 throttle.ACCOUNT_RULE, at + timedelta(seconds=1)
                                 ) == timedelta(seconds=59)


def test_security_30_many_honest_sign_ins_from_one_carrier_address_all_succeed(
        session, cheap_hashing):
    people = [register_citizen(session, full_name=f"Abonne {n}", cin=f"K{n:05d}",
                               email=f"abonne{n}@example.ma", mobile=None, password=PASSWORD)
              for n in range(200)]
    session.commit()
    refused = 0
    at = T0
    for n, person in enumerate(people):
        # One person in five mistypes first, as people do on a phone.
        if n % 5 == 0:
            assert failing(session, person.email, CARRIER_IP, at) is SignInFailed
        for _ in range(3):
            at += timedelta(seconds=2)
            try:
                authenticate(session, login=person.email, password=PASSWORD,
                             client_ip=CARRIER_IP, now=at)
            except SignInThrottled:
                refused += 1
    assert refused == 0


def test_security_30_a_guesser_across_many_accounts_from_one_address_is_slowed(
        session, owner):
    logins = [f"someone{n}@example.ma" for n in range(40)] + ["amina@example.ma"]
    results = [failing(session, login, STRANGER_IP, T0 + timedelta(milliseconds=n))
               for n, login in enumerate(logins)]
    # The address's free failures are spent; it now waits, whatever account it tries.
    assert SignInThrottled in results[throttle.ADDRESS_RULE.free:]
    with pytest.raises(SignInThrottled):
        authenticate(session, login="amina@example.ma", password=PASSWORD,
                     client_ip=STRANGER_IP, now=T0 + timedelta(seconds=1))
    # The owner, elsewhere, is not slowed by it.
    assert authenticate(session, login="amina@example.ma", password=PASSWORD,
                        client_ip=OWNER_IP, now=T0 + timedelta(seconds=1)).id == owner.id


def test_security_30_the_wait_is_told_in_the_persons_language():
    from counter.i18n import t

    assert t("error.signin_throttled", "fr", n=42) == (
        "Trop d'essais. Attendez 42 secondes, puis réessayez.")
    assert "42" in t("error.signin_throttled", "ar", n=42)
    assert "ثانية" in t("error.signin_throttled", "ar", n=42)
    assert t("error.tracking_throttled", "en", n=1) == (
        "Too many attempts. Wait 1 second, then try again.")


# --- 30: tracking codes and PINs --------------------------------------------------------------


@pytest.fixture
def receipt(session: Session, cheap_hashing: None, private_settings) -> tuple[str, str]:
    """A submitted dossier, its tracking code and PIN."""
    from tests.test_dossiers import seed, submitted

    result = submitted(session, private_settings, seed(session).citizen)
    return result.dossier.tracking_code, result.pin


def copies(session: Session, code: str, count: int, pin: str) -> list[str]:
    """`count` more dossiers like `code`'s, each with its own code and the PIN `pin`."""
    original = session.exec(select(Dossier).where(Dossier.tracking_code == code)).one()
    values = original.model_dump(exclude={"id", "tracking_code", "pin_hash"})
    codes = []
    for n in range(count):
        new_code = f"{'23456789ABCDEFGHJKMN'[n % 20]}{'PQRSTVWXYZ'[n // 20]}ZZ-Q7QX"
        session.add(Dossier(**values, tracking_code=new_code, pin_hash=hash_password(pin)))
        codes.append(new_code)
    session.commit()
    return codes


def guess_pin(session: Session, code: str, ip: str, at: datetime, pin: str = "000001") -> str:
    try:
        track(session, code=code, pin=pin, client_ip=ip, lang="fr", now=at)
    except TrackingRefused as error:
        return error.code
    raise AssertionError("a wrong PIN was accepted")


def test_security_30_wrong_pins_from_a_stranger_do_not_lock_the_receipt_holder_out(
        session, receipt):
    code, pin = receipt
    at = T0
    for n in range(100):
        guess_pin(session, code, f"203.0.113.{n % 250}", at, pin=f"{n:06d}")
        at += timedelta(milliseconds=300)
    session.commit()
    with pytest.raises(TrackingRefused) as caught:
        track(session, code=code, pin=pin, client_ip=OWNER_IP, lang="fr", now=at)
    assert caught.value.code == "error.tracking_throttled"
    seconds = caught.value.params["n"]
    assert 1 <= seconds <= throttle.CODE_RULE.cap.total_seconds()
    view = track(session, code=code, pin=pin, client_ip=OWNER_IP, lang="fr",
                 now=at + timedelta(seconds=seconds))
    assert view["tracking_code"] == code


def test_security_30_pin_guesses_on_one_code_wait_longer_and_longer(session, receipt):
    code, _ = receipt
    at, waits = T0, []
    for n in range(10):
        assert guess_pin(session, code, STRANGER_IP, at, pin=f"{n:06d}") == (
            "error.tracking_failed")
        wait = throttle.wait_for_key(session, "track", f"code:{code}",
                                     throttle.CODE_RULE, at)
        waits.append(int(wait.total_seconds()))
        at += max(wait, timedelta(seconds=31))  # the address's own wait passes too
    assert waits == [0, 0, 0, 2, 4, 8, 16, 32, 64, 120]
    assert guess_pin(session, code, STRANGER_IP, at - timedelta(seconds=1)) == (
        "error.tracking_throttled")


def test_security_30_a_pin_guesser_across_codes_from_one_address_is_slowed(
        session, receipt):
    code, pin = receipt
    guesses = [f"{a}{b}{c}K-M7QX" for a, b, c in
               zip("23456789AB", "CDEFGHJKMN", "PQRSTVWXYZ", strict=True)] * 2
    results = [guess_pin(session, guess, STRANGER_IP, T0 + timedelta(milliseconds=n))
               for n, guess in enumerate(guesses)]
    assert "error.tracking_throttled" in results
    # Others behind their own address, and the holder of the receipt, are not slowed.
    assert track(session, code=code, pin=pin, client_ip=OWNER_IP, lang="fr",
                 now=T0 + timedelta(seconds=1))["tracking_code"] == code


def test_security_30_many_receipt_holders_behind_one_address_all_get_in(session, receipt):
    codes = copies(session, receipt[0], 40, "135790")
    at = T0
    for n, code in enumerate(codes):
        if n % 3 == 0:  # mistyped first
            guess_pin(session, code, CARRIER_IP, at, pin="135791")
        at += timedelta(seconds=2)
        assert track(session, code=code, pin="135790", client_ip=CARRIER_IP, lang="fr",
                     now=at)["tracking_code"] == code


# --- 31: sign-up and reset reveal nothing; reset exists ---------------------------------------

NEW_PASSWORD = "Figuier de Barbarie 1987"


def sign_up(session: Session, **changes) -> str:
    values = {"kind": "citizen", "full_name": "Nadia Tazi", "cin": "JA998877",
              "email": "nadia@example.ma", "mobile": None, "password": NEW_PASSWORD,
              "confirm": NEW_PASSWORD, "now": T0}
    return signup.request_signup(session, **(values | changes))


def outbox(session: Session, kind: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(session.exec(query).all())


def link_token(message: OutboxMessage, page: str) -> str:
    """The token of the link in an e-mail: after `#`, never in a query (SECURITY 29)."""
    match = re.search(rf"https?://\S+/{page}#([A-Za-z0-9_-]+)", message.body)
    assert match, message.body
    assert "?" not in match.group(0)
    return match.group(1)


def test_security_31_sign_up_answers_the_same_whoever_has_the_email_mobile_cin_or_ice(
        demo_session):
    before = demo_session.exec(select(func.count()).select_from(Account)).one()
    taken = [{"email": "admin@demo.example.ma"}, {"email": "agent@demo.example.ma"},
             {"email": "entreprise@demo.example.ma"}, {"email": "nobody@example.ma"},
             {"email": "nadia@example.ma", "mobile": "+212612345678"},  # the citizen's mobile
             {"email": "nadia2@example.ma", "cin": "JB123456"}]  # the citizen's CIN
    answers = [sign_up(demo_session, **probe) for probe in taken]
    business = [sign_up(demo_session, kind="business", email=email, company_name="Argane",
                        ice=ice, rc_number="45821", rc_court="Agadir")
                for email, ice in (("x@example.ma", "001234567000089"),  # the demo ICE
                                   ("y@example.ma", "002345678000057"))]
    assert set(answers + business) == {signup.BY_EMAIL}
    # Without an e-mail, one answer too, whether the mobile has an account or not.
    assert {sign_up(demo_session, email=None, mobile=mobile)
            for mobile in ("0612345678", "0698765432")} == {signup.AT_COUNTER}
    # Nothing was created by the form itself.
    assert demo_session.exec(select(func.count()).select_from(Account)).one() == before


def test_security_31_an_address_with_an_account_gets_an_email_saying_so(demo_session):
    sign_up(demo_session, email="agent@demo.example.ma")
    (message,) = outbox(demo_session)
    assert message.kind == "already_registered" and message.to_address == "agent@demo.example.ma"
    assert "/forgot" in message.body and "/signin" in message.body
    assert demo_session.exec(select(PendingSignup).where(
        PendingSignup.token_hash.is_not(None))).first() is None


def test_security_31_the_account_exists_once_its_link_is_opened_and_the_link_works_once(
        session, cheap_hashing):
    assert sign_up(session, next_path="/procedures/X/start") == signup.BY_EMAIL
    (message,) = outbox(session, "activation")
    token = link_token(message, "activate")
    assert message.to_address == "nadia@example.ma"
    assert session.exec(select(Account)).first() is None
    pending = session.exec(select(PendingSignup)).one()
    assert pending.token_hash == signup.token_hash(token) and token not in pending.token_hash
    assert NEW_PASSWORD not in pending.password_hash and pending.password_hash.startswith(
        "$argon2id$")

    account, next_path = signup.activate(session, token, now=T0 + timedelta(hours=23))
    assert (account.email, account.cin, next_path) == (
        "nadia@example.ma", "JA998877", "/procedures/X/start")
    assert authenticate(session, login="nadia@example.ma", password=NEW_PASSWORD,
                        client_ip=OWNER_IP, now=T0 + timedelta(hours=23)).id == account.id
    with pytest.raises(signup.ActivationRefused):
        signup.activate(session, token, now=T0 + timedelta(hours=23))
    events = session.exec(select(AccountEvent)).all()
    assert [(e.account_id, e.kind, e.channel, e.actor_id) for e in events] == [
        (account.id, "account_activated", "email", None)]


def test_security_31_an_activation_link_is_refused_once_out_of_date(session, cheap_hashing):
    sign_up(session)
    token = link_token(outbox(session, "activation")[0], "activate")
    with pytest.raises(signup.ActivationRefused):
        signup.activate(session, token, now=T0 + signup.ACTIVATION_VALID)
    for forged in ("", "x" * 500, token[:-1]):
        with pytest.raises(signup.ActivationRefused):
            signup.activate(session, forged, now=T0)


def test_security_31_a_mobile_or_ice_taken_by_then_is_told_at_activation_only(
        session, cheap_hashing):
    sign_up(session, email="one@example.ma", mobile="0611111111")
    sign_up(session, email="two@example.ma", mobile="0611111111")
    first, second = (link_token(m, "activate") for m in outbox(session, "activation"))
    signup.activate(session, first, now=T0)
    with pytest.raises(AccountError) as caught:
        signup.activate(session, second, now=T0)
    assert caught.value.errors == {"mobile": "error.mobile_taken"}
    session.commit()
    with pytest.raises(signup.ActivationRefused):  # the link is spent
        signup.activate(session, second, now=T0)


def test_security_31_the_password_is_hashed_whatever_the_answer(demo_session, monkeypatch):
    calls = []
    real = signup.hash_password
    monkeypatch.setattr(signup, "hash_password", lambda p: calls.append(p) or real(p))
    for probe in ({"email": "admin@demo.example.ma"}, {"email": "new@example.ma"},
                  {"email": None, "mobile": "0612345678"}):
        sign_up(demo_session, **probe)
    assert calls == [NEW_PASSWORD] * 3


def test_security_31_a_sign_up_without_email_is_activated_by_an_agent_who_checks_the_cin(
        demo_session):
    agent = demo_session.exec(select(Account).where(Account.role == "agent")).first()
    assert sign_up(demo_session, email=None, mobile="0698765432") == signup.AT_COUNTER
    assert outbox(demo_session) == []
    assert signup.waiting_at_counter(demo_session, mobile="+212698765432", cin="JA000000",
                                     now=T0) is None
    pending = signup.waiting_at_counter(demo_session, mobile="+212698765432", cin="JA998877",
                                        now=T0)
    with pytest.raises(AccountError):
        signup.activate_at_counter(demo_session, agent=agent, pending_id=pending.id,
                                   cin="JA000000", now=T0)
    account = signup.activate_at_counter(demo_session, agent=agent, pending_id=pending.id,
                                         cin="JA998877", now=T0 + timedelta(days=3))
    assert authenticate(demo_session, login="0698765432", password=NEW_PASSWORD,
                        client_ip=OWNER_IP, now=T0 + timedelta(days=3)).id == account.id
    event = demo_session.exec(select(AccountEvent)).one()
    assert (event.account_id, event.actor_id, event.kind, event.channel) == (
        account.id, agent.id, "account_activated", "counter")
    with pytest.raises(AccountError):  # once only
        signup.activate_at_counter(demo_session, agent=agent, pending_id=pending.id,
                                   cin="JA998877", now=T0 + timedelta(days=3))


def test_security_31_password_reset_answers_the_same_and_mails_only_an_owner(
        session, owner):
    for login in ("amina@example.ma", "nobody@example.ma", "0612345678", "0699999999", ""):
        assert password_reset.request_reset(session, login=login, now=T0) is None
    messages = outbox(session)
    assert [(m.kind, m.to_address) for m in messages] == [
        ("password_reset", "amina@example.ma")] * 2
    assert "30" in messages[0].body


def test_security_31_a_reset_link_works_once_for_30_minutes_ends_every_session_and_is_audited(
        session, owner):
    tokens = [open_session(session, owner, client_ip=OWNER_IP, now=T0) for _ in range(2)]
    password_reset.request_reset(session, login="amina@example.ma", now=T0)
    token = link_token(outbox(session)[0], "reset")
    assert password_reset.link_is_valid(session, token, now=T0)
    assert session.exec(select(PasswordReset)).one().token_hash == signup.token_hash(token)

    later = T0 + timedelta(minutes=29)
    account = password_reset.reset_password(session, secret=token, new=NEW_PASSWORD,
                                            confirm=NEW_PASSWORD, client_ip=OWNER_IP,
                                            now=later)
    assert all(account_for_token(session, t, now=later) is None for t in tokens)
    assert authenticate(session, login="amina@example.ma", password=NEW_PASSWORD,
                        client_ip=OWNER_IP, now=later).id == account.id
    with pytest.raises(SignInFailed):
        authenticate(session, login="amina@example.ma", password=PASSWORD,
                     client_ip=OWNER_IP, now=later)
    with pytest.raises(password_reset.ResetRefused):
        password_reset.reset_password(session, secret=token, new="Autre phrase de passe 9",
                                      client_ip=OWNER_IP, now=later)
    (event,) = session.exec(select(AccountEvent)).all()
    assert (event.account_id, event.kind, event.channel, event.actor_id) == (
        owner.id, "password_reset", "email", None)


def test_security_31_a_reset_link_is_refused_after_30_minutes(session, owner):
    password_reset.request_reset(session, login="0612345678", now=T0)
    token = link_token(outbox(session)[0], "reset")
    with pytest.raises(password_reset.ResetRefused):
        password_reset.reset_password(session, secret=token, new=NEW_PASSWORD,
                                      now=T0 + password_reset.RESET_VALID)


def test_security_31_the_new_password_follows_the_policy(session, owner):
    password_reset.request_reset(session, login="amina@example.ma", now=T0)
    token = link_token(outbox(session)[0], "reset")
    for weak, problem in (("password", "error.password_common"), ("court", "error.password_too_short"),
                          (" " * 10, "error.password_blank"),
                          ("amina@example.ma", "error.password_personal")):
        with pytest.raises(AccountError) as caught:
            password_reset.reset_password(session, secret=token, new=weak, now=T0)
        assert caught.value.errors == {"password": problem}
    assert password_reset.link_is_valid(session, token, now=T0)  # still usable


def test_security_31_an_agent_gives_a_counter_code_only_for_the_cin_on_the_card(
        demo_session):
    agent = demo_session.exec(select(Account).where(Account.role == "agent")).first()
    owner = register_citizen(demo_session, full_name="Amina El Idrissi", cin="AB123456",
                             email="amina@example.ma", mobile="0655555555", password=PASSWORD)
    assert password_reset.account_at_counter(demo_session, login="0655555555",
                                             cin="JA000000") is None
    found = password_reset.account_at_counter(demo_session, login="0655555555", cin="ab123456")
    assert found.id == owner.id
    with pytest.raises(AccountError):
        password_reset.issue_counter_code(demo_session, agent=agent, account_id=owner.id,
                                          cin="JA000000", now=T0)
    code, until = password_reset.issue_counter_code(demo_session, agent=agent,
                                                    account_id=owner.id, cin="AB123456",
                                                    now=T0)
    assert until == T0 + timedelta(minutes=30)
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", code)
    typed = code.replace("-", " ").lower()
    password_reset.reset_password(demo_session, secret=typed, new=NEW_PASSWORD, now=T0)
    assert authenticate(demo_session, login="amina@example.ma", password=NEW_PASSWORD,
                        client_ip=OWNER_IP, now=T0)
    with pytest.raises(password_reset.ResetRefused):
        password_reset.reset_password(demo_session, secret=code, new=NEW_PASSWORD, now=T0)
    events = demo_session.exec(select(AccountEvent).order_by(AccountEvent.id)).all()
    assert [(e.kind, e.actor_id, e.channel) for e in events] == [
        ("reset_code_given", agent.id, "counter"), ("password_reset", None, "counter")]


def test_security_31_guessing_reset_codes_slows_the_address_down(session, owner):
    results = []
    for n in range(40):
        try:
            password_reset.reset_password(session, secret=f"GUESS{n:07d}", new=NEW_PASSWORD,
                                          client_ip=STRANGER_IP, now=T0)
        except password_reset.ResetRefused as error:
            results.append(error.errors["form"])
    assert results[:30] == ["error.reset_invalid"] * 30
    assert "error.signin_throttled" in results


def test_security_31_sign_ups_never_activated_are_deleted_once_out_of_date(session, owner):
    from counter.services.housekeeping import purge

    sign_up(session)
    sign_up(session, email=None, mobile="0698765432")
    password_reset.request_reset(session, login="amina@example.ma", now=T0)
    session.commit()
    assert purge(session, now=T0 + timedelta(hours=1)).signups == 0
    report = purge(session, now=T0 + signup.COUNTER_ACTIVATION_VALID + timedelta(days=31))
    assert report.signups == 2
    assert session.exec(select(PendingSignup)).all() == []
    assert session.exec(select(PasswordReset)).all() == []
