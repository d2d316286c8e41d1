"""A forgotten password (SECURITY 31, issue 11 finding 17).

Two ways back, both single use, valid RESET_VALID (30 minutes), kept only as SHA-256:
- "Mot de passe oublié ?": the person types their e-mail or mobile; the screen says the
  same whether or not an account has it; if one has and it has an e-mail, a link goes
  there (the token after `#`, never in a query: SECURITY 29);
- at a counter: an agent checks the CIN on the person's card against the account and
  hands over a code (`issue_counter_code`), audited with the agent's id.

Choosing the new password follows the password policy, ends every session of the
account, spends every other reset of it, and is audited.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from counter.domain.identifiers import InvalidIdentifier, normalize_cin
from counter.models import Account, PasswordReset
from counter.security import hash_password
from counter.services import audit, mail, throttle
from counter.services.accounts import (
    AccountError,
    _find_by_login,
    _new_password,
    _now,
    close_all_sessions,
    normalize_login,
)
from counter.services.signup import TOKEN_MAX_LENGTH, token_hash
from counter.settings import Settings, get_settings

logger = logging.getLogger(__name__)

RESET_VALID = timedelta(minutes=30)
BY_EMAIL, AT_COUNTER = "email", "counter"
# A counter code is read out or written down: no 0/O, 1/I/L; 12 characters, ~58 bits.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
ATTEMPT_RESET = "reset"


def reset_link(settings: Settings, token: str) -> str:
    return f"{settings.public_url}/reset#{token}"


def request_reset(session: Session, *, login: str, lang: str = "fr",
                  now: datetime | None = None, settings: Settings | None = None) -> None:
    """Send a reset link if an active account has this e-mail or mobile and an e-mail.

    Returns nothing and raises nothing: the screen's answer is the same in every case."""
    now = _now(now)
    settings = settings or get_settings()
    account = _find_by_login(session, normalize_login(str(login or "")[:254]))
    if account is None or not account.is_active or not account.email:
        return
    token = secrets.token_urlsafe(32)
    queued = mail.notify_account(
        session, kind="password_reset", to=account.email,
        lang=account.correspondence_lang or lang, name=account.full_name, now=now,
        params={"link": reset_link(settings, token),
                "minutes": int(RESET_VALID.total_seconds() // 60)})
    if queued is not None:
        session.add(PasswordReset(account_id=account.id, channel=BY_EMAIL,
                                  token_hash=token_hash(token), created_at=now,
                                  expires_at=now + RESET_VALID))
        session.flush()


def normalize_code(code: str) -> str:
    """A counter code as typed: case, spaces and dashes do not matter."""
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())[:TOKEN_MAX_LENGTH]


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _live(session: Session, secret: str, now: datetime) -> PasswordReset | None:
    if not secret or not isinstance(secret, str) or len(secret) > TOKEN_MAX_LENGTH:
        return None
    candidates = {secret, normalize_code(secret)}
    row = session.exec(select(PasswordReset).where(
        col(PasswordReset.token_hash).in_([token_hash(c) for c in candidates if c]))).first()
    if row is None or row.used_at is not None or now >= row.expires_at:
        return None
    return row


def link_is_valid(session: Session, token: str, *, now: datetime | None = None) -> bool:
    return _live(session, token, _now(now)) is not None


class ResetRefused(AccountError):
    """The link or code is unknown, used or out of date: one message for all."""

    def __init__(self, key: str = "error.reset_invalid", **params: object) -> None:
        super().__init__({"form": key}, **params)


def reset_password(session: Session, *, secret: str, new: str, confirm: str | None = None,
                   client_ip: str | None = None, now: datetime | None = None) -> Account:
    """Choose a new password with an e-mailed link's token or a counter code.

    Raises ResetRefused (the link or code does not work; failures slow the address down),
    or AccountError for a password the policy refuses (the link still works). The caller
    commits in both cases."""
    now = _now(now)
    address = f"ip:{client_ip or '-'}"[:160]
    wait = throttle.wait_for_address(session, ATTEMPT_RESET, address, throttle.ADDRESS_RULE,
                                     now)
    if wait:
        raise ResetRefused("error.signin_throttled", n=throttle.Throttled(wait).seconds)
    row = _live(session, secret, now)
    if row is None:
        throttle.record(session, ATTEMPT_RESET, keys=(address,), subject="", success=False,
                        at=now)
        raise ResetRefused()
    account = session.get(Account, row.account_id)
    if account is None or not account.is_active:
        raise ResetRefused()
    errors: dict[str, str] = {}
    _new_password(new, confirm, errors,
                  personal=[account.full_name, account.email, account.mobile, account.cin])
    if errors:
        raise AccountError(errors)
    account.password_hash = hash_password(new)
    session.add(account)
    for other in session.exec(select(PasswordReset).where(
            PasswordReset.account_id == account.id, col(PasswordReset.used_at).is_(None))):
        other.used_at = now
        session.add(other)
    ended = close_all_sessions(session, account.id, now=now)
    audit.record_account_event(session, account_id=account.id, kind="password_reset",
                               channel=row.channel, client_ip=client_ip, at=now)
    logger.info("account %s chose a new password (%s), %s sessions ended",
                account.id, row.channel, ended)
    return account


def account_at_counter(session: Session, *, login: str, cin: str) -> Account | None:
    """The active account of this e-mail or mobile, if the CIN read on the card is its own."""
    try:
        clean_cin = normalize_cin(cin or "")
    except InvalidIdentifier:
        return None
    account = _find_by_login(session, normalize_login(str(login or "")[:254]))
    if account is None or not account.is_active or account.cin != clean_cin:
        return None
    return account


def issue_counter_code(session: Session, *, agent: Account, account_id: int, cin: str,
                       client_ip: str | None = None,
                       now: datetime | None = None) -> tuple[str, datetime]:
    """A single-use reset code for the person in front of the agent, and until when it
    works. The agent checked `cin` on the person's card: it must be the account's.
    Audited with the agent's id."""
    now = _now(now)
    account = session.get(Account, account_id)
    try:
        clean_cin = normalize_cin(cin or "")
    except InvalidIdentifier:
        clean_cin = None
    if account is None or not account.is_active or not clean_cin or account.cin != clean_cin:
        raise AccountError({"form": "error.counter_nothing_found"})
    code = _new_code()
    row = PasswordReset(account_id=account.id, channel=AT_COUNTER, token_hash=token_hash(code),
                        issued_by_id=agent.id, created_at=now, expires_at=now + RESET_VALID)
    session.add(row)
    session.flush()
    audit.record_account_event(session, account_id=account.id, actor_id=agent.id,
                               kind="reset_code_given", channel=AT_COUNTER,
                               client_ip=client_ip, at=now)
    return format_code(code), row.expires_at
