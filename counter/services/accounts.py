"""Accounts: registration, password policy, sign-in with throttling, server-side sessions.

Every function takes a Session, flushes and never commits: the caller owns the
transaction. Validation errors are gathered field by field and raised together as one
`AccountError`, whose `errors` map a form field to a message key of the "accounts" area
of the message catalogs (counter/i18n/locale), or of the base area for identifiers.

Sign-in writes `Attempt` rows that must survive a failed attempt, so a caller commits
in a `finally` (see `authenticate`). The unique indexes on e-mail, mobile and ICE stay
the last word when two registrations race; the loser gets an IntegrityError on flush.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import secrets
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from counter.domain.identifiers import (
    InvalidIdentifier,
    normalize_cin,
    normalize_ice,
    normalize_mobile,
)
from counter.models import Account, Company, Role, Service, UserSession
from counter.security import (
    hash_password,
    needs_rehash,
    normalize_password,
    verify_password,
)
from counter.services import throttle
from counter.settings import LANGUAGES, Settings, get_settings

logger = logging.getLogger(__name__)

PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common_passwords.txt"

# Throttling (SECURITY 3 and 30): services.throttle slows guesses down per account and
# per address; a try during a wait is refused without looking at the password.
ATTEMPT_LOGIN = "login"
ATTEMPT_LOGIN_THROTTLED = "login_throttled"

SESSION_TOUCH_INTERVAL = timedelta(minutes=1)
_TOKEN_MAX_LENGTH = 256

NAME_MAX_LENGTH = 200
RC_NUMBER_MAX_LENGTH = 32
RC_COURT_MAX_LENGTH = 120
EMAIL_MAX_LENGTH = 254

_ATEXT = r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_EMAIL = re.compile(rf"{_ATEXT}(?:\.{_ATEXT})*@(?:{_LABEL}\.)+[a-z](?:[a-z0-9-]{{0,61}}[a-z0-9])?")
_SPACES = re.compile(r"\s+")

STAFF_ROLES = (Role.AGENT, Role.ADMIN)


class AccountError(ValueError):
    """Invalid input: `errors` maps each form field to a message key."""

    def __init__(self, errors: dict[str, str], **params: object) -> None:
        self.errors = dict(errors)
        self.params = params  # for the messages, such as `n` seconds to wait
        super().__init__(", ".join(f"{field}: {key}" for field, key in self.errors.items()))


class SignInFailed(AccountError):
    """Wrong password, unknown or disabled account: one message for all (SECURITY 5)."""

    def __init__(self) -> None:
        super().__init__({"login": "error.signin_failed"})


class SignInThrottled(AccountError):
    """Too soon after failures for this account or this address: try again in `seconds`
    (SECURITY 3, 30). The message key takes `n`, the seconds to wait."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__({"login": "error.signin_throttled"}, n=seconds)


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    return now


# --- Password policy ---------------------------------------------------------------


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower case (read once)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def password_problems(password: str, *, personal: Sequence[str] = ()) -> list[str]:
    """Message keys of what is wrong with a new password (empty when it is acceptable).

    Length is counted in characters after NFKC normalisation (what is hashed); the whole
    password is hashed (Argon2id has no 72-byte limit), so any character, space included,
    is allowed, but not spaces alone.
    """
    password = normalize_password(password)
    problems = []
    if password and not password.strip():
        problems.append("error.password_blank")
    elif len(password) < PASSWORD_MIN_LENGTH:
        problems.append("error.password_too_short")
    elif len(password) > PASSWORD_MAX_LENGTH:
        problems.append("error.password_too_long")
    folded = password.strip().casefold()
    if folded in common_passwords():
        problems.append("error.password_common")
    if any(folded == (value or "").strip().casefold() for value in personal if value):
        problems.append("error.password_personal")
    return problems


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the account is unknown, so timing does not tell."""
    return hash_password(secrets.token_urlsafe(16))


# --- Field validation --------------------------------------------------------------


def _clean_text(value: str | None, field: str, errors: dict[str, str], *, max_length: int) -> str:
    """Trimmed text on one line; `error.<field>_required|_too_long|_invalid`."""
    text = _SPACES.sub(" ", value or "").strip()
    if not text:
        errors[field] = f"error.{field}_required"
    elif len(text) > max_length:
        errors[field] = f"error.{field}_too_long"
    elif any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        # Control and format characters (NUL, right-to-left override...) forge screens
        # and log lines.
        errors[field] = f"error.{field}_invalid"
    return text


def _clean_email(raw: str | None, errors: dict[str, str]) -> str | None:
    email = (raw or "").strip().lower()
    if not email:
        return None
    if len(email) > EMAIL_MAX_LENGTH or not _EMAIL.fullmatch(email):
        errors["email"] = "error.email_invalid"
    return email


def _clean_identifier(
    raw: str | None, field: str, errors: dict[str, str], normalize: Callable[[str], str]
) -> str | None:
    if not (raw or "").strip():
        return None
    try:
        return normalize(raw or "")
    except InvalidIdentifier as error:
        errors[field] = error.code
        return None


def _clean_lang(lang: str | None) -> str:
    return lang if lang in LANGUAGES else "fr"


def _taken(session: Session, column: Any, value: str, account_id: int | None) -> bool:
    query = select(Account.id).where(column == value)
    if account_id is not None:
        query = query.where(Account.id != account_id)
    return session.exec(query).first() is not None


def _contacts(
    session: Session,
    *,
    email: str | None,
    mobile: str | None,
    errors: dict[str, str],
    email_required: bool,
    account_id: int | None = None,
    check_taken: bool = True,
) -> tuple[str | None, str | None]:
    """Validated, normalised and (with `check_taken`) unique e-mail and mobile."""
    clean_email = _clean_email(email, errors)
    clean_mobile = _clean_identifier(mobile, "mobile", errors, normalize_mobile)
    if clean_email is None and "email" not in errors:
        if email_required:
            errors["email"] = "error.email_required"
        elif clean_mobile is None and "mobile" not in errors:
            errors["email"] = "error.contact_required"
    if check_taken:
        _check_taken(session, clean_email if "email" not in errors else None, clean_mobile,
                     errors, account_id)
    return clean_email, clean_mobile


def _check_taken(session: Session, email: str | None, mobile: str | None,
                 errors: dict[str, str], account_id: int | None = None) -> None:
    if email and _taken(session, Account.email, email, account_id):
        errors["email"] = "error.email_taken"
    if mobile and _taken(session, Account.mobile, mobile, account_id):
        errors["mobile"] = "error.mobile_taken"


def _new_password(
    password: str,
    confirm: str | None,
    errors: dict[str, str],
    *,
    personal: Sequence[str | None],
) -> None:
    problems = password_problems(password, personal=[p for p in personal if p])
    if problems:
        errors["password"] = problems[0]
    elif confirm is not None and confirm != password:
        errors["password_confirm"] = "error.password_mismatch"  # noqa: S105 (a message key)


def _person(
    session: Session,
    *,
    full_name: str,
    cin: str,
    email: str | None,
    mobile: str | None,
    password: str,
    confirm: str | None,
    errors: dict[str, str],
    check_taken: bool = True,
) -> dict[str, str | None]:
    name = _clean_text(full_name, "full_name", errors, max_length=NAME_MAX_LENGTH)
    clean_cin = _clean_identifier(cin, "cin", errors, normalize_cin)
    if clean_cin is None and "cin" not in errors:
        errors["cin"] = "error.cin_required"
    clean_email, clean_mobile = _contacts(
        session, email=email, mobile=mobile, errors=errors, email_required=False,
        check_taken=check_taken,
    )
    _new_password(
        password, confirm, errors, personal=[name, clean_cin, clean_email, clean_mobile, cin]
    )
    return {"full_name": name, "cin": clean_cin, "email": clean_email, "mobile": clean_mobile}


# --- Registration and staff --------------------------------------------------------

COMPANY_FIELDS = ("company_name", "ice", "rc_number", "rc_court")


def signup_details(
    session: Session,
    *,
    kind: str,
    full_name: str,
    cin: str,
    email: str | None,
    mobile: str | None,
    password: str,
    confirm: str | None = None,
    company_name: str = "",
    ice: str = "",
    rc_number: str = "",
    rc_court: str = "",
    check_taken: bool = True,
) -> dict[str, str | None]:
    """The checked, normalised details of a sign-up (citizen or business).

    Without `check_taken`, nothing is looked up: the form of the public sign-up says only
    what is wrong with what was typed, never whether an e-mail, a mobile or an ICE already
    has an account (SECURITY 31); that is found when the account is created
    (`create_from_signup`).
    """
    errors: dict[str, str] = {}
    details = _person(session, full_name=full_name, cin=cin, email=email, mobile=mobile,
                      password=password, confirm=confirm, errors=errors,
                      check_taken=check_taken)
    if kind == Role.BUSINESS:
        details["company_name"] = _clean_text(company_name, "company_name", errors,
                                              max_length=NAME_MAX_LENGTH)
        clean_ice = _clean_identifier(ice, "ice", errors, normalize_ice)
        if clean_ice is None and "ice" not in errors:
            errors["ice"] = "error.ice_required"
        if check_taken:
            _check_ice(session, clean_ice, errors)
        details["ice"] = clean_ice
        details["rc_number"] = _clean_text(rc_number, "rc_number", errors,
                                           max_length=RC_NUMBER_MAX_LENGTH)
        details["rc_court"] = _clean_text(rc_court, "rc_court", errors,
                                          max_length=RC_COURT_MAX_LENGTH)
    if errors:
        raise AccountError(errors)
    return details


def _check_ice(session: Session, ice: str | None, errors: dict[str, str]) -> None:
    if ice and session.exec(select(Company.id).where(Company.ice == ice)).first():
        errors["ice"] = "error.ice_taken"


def create_from_signup(session: Session, *, kind: str, details: dict[str, str | None],
                       password_hash: str, lang: str) -> Account:
    """The account (and, for a business, its company) of checked sign-up details.

    Raises AccountError (`email_taken`, `mobile_taken`, `ice_taken`) if another account
    has it by now: at activation, only the owner of the mailbox or the agent sees it.
    """
    errors: dict[str, str] = {}
    _check_taken(session, details.get("email"), details.get("mobile"), errors)
    if kind == Role.BUSINESS:
        _check_ice(session, details.get("ice"), errors)
    if errors:
        raise AccountError(errors)
    person = {key: details.get(key) for key in ("full_name", "cin", "email", "mobile")}
    extra: dict[str, object] = {}
    if kind == Role.BUSINESS:
        company = Company(name=details["company_name"], ice=details["ice"],
                          rc_number=details["rc_number"], rc_court=details["rc_court"])
        session.add(company)
        session.flush()
        extra["company_id"] = company.id
    role = Role.BUSINESS if kind == Role.BUSINESS else Role.CITIZEN
    account = Account(role=role, password_hash=password_hash, lang=_clean_lang(lang),
                      **person, **extra)
    session.add(account)
    session.flush()
    logger.info("account %s registered (%s)", account.id, role)
    return account


def register_citizen(
    session: Session,
    *,
    full_name: str,
    cin: str,
    email: str | None,
    mobile: str | None,
    password: str,
    lang: str = "fr",
    confirm: str | None = None,
) -> Account:
    """A citizen's account at once, reached by e-mail or mobile (at least one): for the
    demo data, the tests and the activation of a sign-up (services.signup), never the
    public form. `confirm`, when given, must repeat the password (`password_confirm`)."""
    details = signup_details(session, kind=Role.CITIZEN, full_name=full_name, cin=cin,
                             email=email, mobile=mobile, password=password, confirm=confirm)
    return create_from_signup(session, kind=Role.CITIZEN, details=details,
                              password_hash=hash_password(password), lang=lang)


def register_business(
    session: Session,
    *,
    full_name: str,
    cin: str,
    email: str | None,
    mobile: str | None,
    password: str,
    lang: str = "fr",
    company_name: str,
    ice: str,
    rc_number: str,
    rc_court: str,
    confirm: str | None = None,
) -> Account:
    """A company (by its ICE, one account per company) and its representative's account,
    at once (as `register_citizen`)."""
    details = signup_details(session, kind=Role.BUSINESS, full_name=full_name, cin=cin,
                             email=email, mobile=mobile, password=password, confirm=confirm,
                             company_name=company_name, ice=ice, rc_number=rc_number,
                             rc_court=rc_court)
    return create_from_signup(session, kind=Role.BUSINESS, details=details,
                              password_hash=hash_password(password), lang=lang)


def create_staff(
    session: Session,
    *,
    role: str,
    full_name: str,
    email: str,
    password: str,
    service_id: int | None = None,
    mobile: str | None = None,
    lang: str = "fr",
) -> Account:
    """An agent (of one service) or an administrator.

    Only an explicit call creates one, such as `python -m counter create-admin`: the
    product has no default administrator (SECURITY 4).
    """
    errors: dict[str, str] = {}
    if role not in STAFF_ROLES:
        errors["role"] = "error.role_invalid"
    name = _clean_text(full_name, "full_name", errors, max_length=NAME_MAX_LENGTH)
    clean_email, clean_mobile = _contacts(
        session, email=email, mobile=mobile, errors=errors, email_required=True
    )
    if role == Role.AGENT and (service_id is None or session.get(Service, service_id) is None):
        errors["service_id"] = "error.service_required"
    _new_password(password, None, errors, personal=[name, clean_email, clean_mobile])
    if errors:
        raise AccountError(errors)
    account = Account(
        role=role,
        full_name=name,
        email=clean_email,
        mobile=clean_mobile,
        password_hash=hash_password(password),
        lang=_clean_lang(lang),
        service_id=service_id,
    )
    session.add(account)
    session.flush()
    logger.info("account %s created (%s)", account.id, role)
    return account


# --- Sign-in -----------------------------------------------------------------------


def normalize_login(login: str) -> str:
    """The canonical form of what a person types to sign in: e-mail or mobile number."""
    value = (login or "").strip()
    if "@" in value:
        return value.lower()
    try:
        return normalize_mobile(value)
    except InvalidIdentifier:
        return value.lower()


def _find_by_login(session: Session, login: str) -> Account | None:
    if not login:
        return None
    column = Account.email if "@" in login else Account.mobile
    return session.exec(select(Account).where(column == login)).first()


def authenticate(
    session: Session, *, login: str, password: str, client_ip: str, now: datetime | None = None
) -> Account:
    """The account whose e-mail or mobile is `login`, if `password` is right.

    Each attempt is recorded as `Attempt` rows (one per account key, one per address)
    and flushed before anything is raised. Those rows are what throttles the next
    guesses, so the caller commits them whatever happens::

        try:
            account = authenticate(session, login=..., password=..., client_ip=...)
        finally:
            session.commit()

    Raises SignInThrottled (without checking the password) while the account or the
    address must still wait after failures (services.throttle: at most a minute for an
    account, whoever failed; an address is weighed by its failures only), and SignInFailed
    for a wrong password, an unknown account or a disabled one alike.
    """
    now = _now(now)
    normalized = normalize_login(login)
    account = _find_by_login(session, normalized)
    # One count per account, whether its e-mail or its mobile is typed.
    counted = (account.email or account.mobile or normalized) if account else normalized
    account_key, ip_key = f"account:{counted}"[:160], f"ip:{client_ip or '-'}"[:160]
    keys = (account_key, ip_key)
    try:
        throttle.check(session, ATTEMPT_LOGIN, key=account_key, address=ip_key,
                       key_rule=throttle.ACCOUNT_RULE, address_rule=throttle.ADDRESS_RULE,
                       now=now)
    except throttle.Throttled as wait:
        throttle.record(session, ATTEMPT_LOGIN_THROTTLED, keys=keys, subject=account_key,
                        success=False, at=now)
        logger.warning("sign-in throttled for %r from %r (%s s)", normalized, client_ip,
                       wait.seconds)
        raise SignInThrottled(wait.seconds) from None
    if account is None:
        verify_password(password or "", _dummy_hash())
        ok = False
    else:
        ok = verify_password(password or "", account.password_hash) and account.is_active
    throttle.record(session, ATTEMPT_LOGIN, keys=keys, subject=account_key, success=ok, at=now)
    if not ok or account is None:
        logger.info("sign-in failed for %r from %r", normalized, client_ip)
        raise SignInFailed()
    account.last_login_at = now
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    session.add(account)
    session.flush()
    logger.info("account %s signed in from %r", account.id, client_ip)
    return account


# --- Server-side sessions ----------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _is_token(token: str | None) -> bool:
    return bool(token) and isinstance(token, str) and len(token) <= _TOKEN_MAX_LENGTH


def _of_token(token: str) -> Any:
    """The condition that picks the session row of `token`."""
    return col(UserSession.token_hash) == _token_hash(token)


def _find_session(session: Session, token: str | None) -> UserSession | None:
    if not _is_token(token):
        return None
    return session.exec(select(UserSession).where(_of_token(token))).first()


def open_session(
    session: Session,
    account: Account,
    *,
    client_ip: str | None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> str:
    """A new random session token (256 bits) for `account`; only its SHA-256 is stored."""
    now = _now(now)
    settings = settings or get_settings()
    token = secrets.token_urlsafe(32)
    session.add(
        UserSession(
            token_hash=_token_hash(token),
            account_id=account.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.session_absolute_hours),
            client_ip=client_ip[:64] if client_ip else None,
        )
    )
    session.flush()
    return token


def account_for_token(
    session: Session,
    token: str | None,
    *,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> Account | None:
    """The signed-in account, or None if the session is unknown, ended or timed out.

    A live session's `last_seen_at` is moved forward at most once a minute, so the idle
    timeout is exact to within a minute.
    """
    now = _now(now)
    settings = settings or get_settings()
    if not _is_token(token):
        return None
    # One round trip: it runs before every event of a signed-in tab (states/binding).
    found = session.exec(
        select(UserSession, Account)
        .outerjoin(Account, col(Account.id) == col(UserSession.account_id))
        .where(_of_token(token))).first()
    if found is None or found[0].ended_at is not None:
        return None
    row, account = found
    idle = now - row.last_seen_at > timedelta(minutes=settings.session_idle_minutes)
    if now >= row.expires_at or idle or account is None or not account.is_active:
        row.ended_at = now
        session.add(row)
        session.flush()
        return None
    if now - row.last_seen_at >= SESSION_TOUCH_INTERVAL:
        row.last_seen_at = now
        session.add(row)
        session.flush()
    return account


def close_session(session: Session, token: str | None, *, now: datetime | None = None) -> None:
    """Sign out: the token is no longer accepted."""
    row = _find_session(session, token)
    if row is not None and row.ended_at is None:
        row.ended_at = _now(now)
        session.add(row)
        session.flush()


def close_all_sessions(session: Session, account_id: int, *, now: datetime | None = None) -> int:
    """End every open session of an account; returns how many were open."""
    now = _now(now)
    rows = session.exec(
        select(UserSession).where(
            UserSession.account_id == account_id, col(UserSession.ended_at).is_(None)
        )
    ).all()
    for row in rows:
        row.ended_at = now
        session.add(row)
    session.flush()
    return len(rows)


def sign_in(
    session: Session,
    *,
    login: str,
    password: str,
    client_ip: str,
    old_token: str | None = None,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> tuple[Account, str]:
    """Authenticate, end the browser's previous session, open a new one (SECURITY 6).

    Commit in a `finally`, as for `authenticate`.
    """
    now = _now(now)
    account = authenticate(session, login=login, password=password, client_ip=client_ip, now=now)
    if old_token:
        close_session(session, old_token, now=now)
    token = open_session(session, account, client_ip=client_ip, now=now, settings=settings)
    return account, token


def disable_account(
    session: Session, account_id: int, *, now: datetime | None = None
) -> Account | None:
    """Block an account from signing in and end its sessions now."""
    account = session.get(Account, account_id)
    if account is None:
        return None
    account.is_active = False
    session.add(account)
    close_all_sessions(session, account_id, now=now)
    logger.info("account %s disabled", account_id)
    return account


# --- Profile -----------------------------------------------------------------------


def change_password(
    session: Session,
    account: Account,
    *,
    current: str,
    new: str,
    confirm: str | None = None,
    now: datetime | None = None,
) -> None:
    """Replace the password after checking the current one.

    Every session of the account ends, the one in use included: the caller opens a
    new session for the browser that made the change (`open_session`).
    """
    errors: dict[str, str] = {}
    if not verify_password(current or "", account.password_hash):
        errors["current_password"] = "error.current_password_wrong"  # noqa: S105 (a message key)
    personal = [account.full_name, account.email, account.mobile, account.cin]
    _new_password(new, confirm, errors, personal=personal)
    if errors:
        raise AccountError(errors)
    account.password_hash = hash_password(new)
    session.add(account)
    close_all_sessions(session, account.id, now=now)
    logger.info("account %s changed its password", account.id)


def update_profile(
    session: Session,
    account: Account,
    *,
    full_name: str,
    email: str | None,
    mobile: str | None,
    lang: str,
    current_password: str | None = None,
) -> Account:
    """Change name, e-mail, mobile and language, with the registration rules.

    E-mail and mobile are how one signs in, so changing either needs the current
    password (ASVS 7.5.1); name and language do not.
    """
    errors: dict[str, str] = {}
    name = _clean_text(full_name, "full_name", errors, max_length=NAME_MAX_LENGTH)
    clean_email, clean_mobile = _contacts(
        session,
        email=email,
        mobile=mobile,
        errors=errors,
        email_required=account.role in STAFF_ROLES,
        account_id=account.id,
    )
    contacts_changed = (clean_email, clean_mobile) != (account.email, account.mobile)
    if contacts_changed:
        if not current_password:
            errors["current_password"] = "error.current_password_required"  # noqa: S105 (a message key)
        elif not verify_password(current_password, account.password_hash):
            errors["current_password"] = "error.current_password_wrong"  # noqa: S105 (a message key)
    if errors:
        raise AccountError(errors)
    account.full_name = name
    account.email = clean_email
    account.mobile = clean_mobile
    account.lang = _clean_lang(lang)
    session.add(account)
    session.flush()
    return account


def choose_correspondence_lang(session: Session, account: Account, lang: str | None) -> Account:
    """The language of the person's e-mails and documents; empty: as on screen
    (domain.languages). No password needed: it changes how we write, not who signs in."""
    if lang and lang not in LANGUAGES:
        raise AccountError({"correspondence_lang": "error.lang_invalid"})
    account.correspondence_lang = lang or None
    session.add(account)
    session.flush()
    return account
