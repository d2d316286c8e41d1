"""SECURITY.md promises 30 and 31 (issue 11, findings 8, 9 and 17), named after their numbers.

30: a stranger cannot lock an owner out; failures slow guesses down per account, per
tracking code and per address, and a crowd behind one carrier address is not refused.
31: sign-up and password reset reveal nothing about who has an account; reset exists.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from counter.models import Dossier
from counter.security import hash_password
from counter.services import throttle
from counter.services.accounts import (
    SignInFailed,
    SignInThrottled,
    authenticate,
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
