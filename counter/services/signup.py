"""Sign-up that reveals nothing about who has an account (SECURITY 31, issue 11 finding 8).

The public form never says "taken". It checks only what was typed (formats, password
policy), hashes the password in every case (so the answer takes the same time), and
always ends on one of two answers, which depend only on what the person typed:

- with an e-mail: "we sent a link to activate your account". A new address gets the
  activation link (single use, ACTIVATION_VALID, only its SHA-256 kept); an address that
  already has an account gets an e-mail saying so, with a link to reset the password;
- without an e-mail (citizens may give only a mobile): "activate it at a counter". An
  agent who checks the CIN on the person's card activates it (`activate_at_counter`).

The account exists only once activated; a mobile or ICE that another account has by then
is told on the activation page (only the mailbox owner sees it) or to the agent.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from counter.domain.identifiers import InvalidIdentifier, normalize_cin
from counter.models import Account, PendingSignup, Role
from counter.security import hash_password
from counter.services import audit, mail
from counter.services.accounts import (
    COMPANY_FIELDS,
    AccountError,
    _now,
    create_from_signup,
    signup_details,
)
from counter.settings import Settings, get_settings

logger = logging.getLogger(__name__)

ACTIVATION_VALID = timedelta(hours=24)
# A sign-up without an e-mail waits this long for its visit to a counter.
COUNTER_ACTIVATION_VALID = timedelta(days=30)
BY_EMAIL, AT_COUNTER = "email", "counter"
TOKEN_MAX_LENGTH = 128


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def activation_link(settings: Settings, token: str) -> str:
    """The token after `#`: browsers never send it to a server, so no log holds it."""
    return f"{settings.public_url}/activate#{token}"


def request_signup(
    session: Session,
    *,
    kind: str,
    full_name: str,
    cin: str,
    email: str | None,
    mobile: str | None,
    password: str,
    confirm: str | None = None,
    lang: str = "fr",
    company_name: str = "",
    ice: str = "",
    rc_number: str = "",
    rc_court: str = "",
    next_path: str = "",
    now: datetime | None = None,
    settings: Settings | None = None,
) -> str:
    """Record a sign-up; returns BY_EMAIL or AT_COUNTER, the only thing the screen says.

    Raises AccountError only for what is wrong with what was typed, the same whoever
    has an account."""
    now = _now(now)
    settings = settings or get_settings()
    kind = Role.BUSINESS if kind == Role.BUSINESS else Role.CITIZEN
    details = signup_details(session, kind=kind, full_name=full_name, cin=cin, email=email,
                             mobile=mobile, password=password, confirm=confirm,
                             company_name=company_name, ice=ice, rc_number=rc_number,
                             rc_court=rc_court, check_taken=False)
    password_hash = hash_password(password)  # in every case: the answer takes the same time
    address = details["email"]
    pending = PendingSignup(
        kind=kind, channel=BY_EMAIL if address else AT_COUNTER, email=address,
        mobile=details["mobile"], cin=details["cin"] or "", lang=lang,
        password_hash=password_hash, created_at=now,
        details={key: details.get(key) or "" for key in ("full_name", *COMPANY_FIELDS)}
        | {"next": next_path[:200]},
        expires_at=now + (ACTIVATION_VALID if address else COUNTER_ACTIVATION_VALID))
    if not address:
        session.add(pending)
        session.flush()
        logger.info("sign-up %s waits for a counter", pending.id)
        return AT_COUNTER
    existing = session.exec(select(Account).where(Account.email == address)).first()
    if existing is not None:
        mail.notify_account(
            session, kind="already_registered", to=address,
            lang=existing.correspondence_lang or existing.lang or lang,
            name=existing.full_name, now=now,
            params={"signin": f"{settings.public_url}/signin",
                    "forgot": f"{settings.public_url}/forgot"})
        return BY_EMAIL
    token = secrets.token_urlsafe(32)
    pending.token_hash = token_hash(token)
    session.add(pending)
    session.flush()
    mail.notify_account(session, kind="activation", to=address, lang=lang,
                        name=details["full_name"] or "", now=now,
                        params={"link": activation_link(settings, token),
                                "hours": int(ACTIVATION_VALID.total_seconds() // 3600)})
    return BY_EMAIL


class ActivationRefused(AccountError):
    """The link is unknown, used or out of date: one message for all."""

    def __init__(self) -> None:
        super().__init__({"form": "error.activation_invalid"})


def _activate(session: Session, pending: PendingSignup, now: datetime) -> Account:
    pending.used_at = now  # single use, even when a conflict stops it
    session.add(pending)
    session.flush()
    account = create_from_signup(session, kind=pending.kind,
                                 details={**pending.details, "cin": pending.cin,
                                          "email": pending.email, "mobile": pending.mobile},
                                 password_hash=pending.password_hash, lang=pending.lang)
    pending.account_id = account.id
    session.add(pending)
    session.flush()
    return account


def activate(session: Session, token: str, *, client_ip: str | None = None,
             now: datetime | None = None) -> tuple[Account, str]:
    """The account of an e-mailed activation link, and where the person was going.

    Raises ActivationRefused for a link that is unknown, used or out of date, and
    AccountError (email_taken, mobile_taken, ice_taken) when another account has one of
    them by now; either way the link is spent. The caller commits in both cases."""
    now = _now(now)
    if not token or not isinstance(token, str) or len(token) > TOKEN_MAX_LENGTH:
        raise ActivationRefused()
    pending = session.exec(select(PendingSignup).where(
        PendingSignup.token_hash == token_hash(token))).first()
    if pending is None or pending.used_at is not None or now >= pending.expires_at:
        raise ActivationRefused()
    account = _activate(session, pending, now)
    audit.record_account_event(session, account_id=account.id, kind="account_activated",
                               channel=BY_EMAIL, client_ip=client_ip, at=now)
    return account, str(pending.details.get("next") or "")


def waiting_at_counter(session: Session, *, mobile: str, cin: str,
                       now: datetime | None = None) -> PendingSignup | None:
    """The newest sign-up without an e-mail of this mobile and CIN, still waiting."""
    now = _now(now)
    return session.exec(
        select(PendingSignup)
        .where(PendingSignup.channel == AT_COUNTER, PendingSignup.mobile == mobile,
               PendingSignup.cin == cin, col(PendingSignup.used_at).is_(None),
               PendingSignup.expires_at > now)
        .order_by(col(PendingSignup.created_at).desc())
    ).first()


def activate_at_counter(session: Session, *, agent: Account, pending_id: int, cin: str,
                        client_ip: str | None = None, now: datetime | None = None) -> Account:
    """An agent who checked the CIN on the person's card activates their sign-up.

    `cin` is what the agent read on the card: it must be the sign-up's. Audited with
    the agent's id."""
    now = _now(now)
    try:
        cin = normalize_cin(cin or "")
    except InvalidIdentifier:
        cin = ""
    pending = session.get(PendingSignup, pending_id)
    if (pending is None or pending.channel != AT_COUNTER or pending.used_at is not None
            or now >= pending.expires_at or pending.cin != cin):
        raise AccountError({"form": "error.counter_nothing_found"})
    account = _activate(session, pending, now)
    audit.record_account_event(session, account_id=account.id, actor_id=agent.id,
                               kind="account_activated", channel=AT_COUNTER,
                               client_ip=client_ip, at=now)
    return account
