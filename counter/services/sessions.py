"""How a session reaches the browser, and which session a page's state belongs to.

SECURITY 27: the session cookie is set by the server, HttpOnly. A handler that opens a
session (sign-in, sign-up, new password) never hands its token to the page: it hands a
ticket, single-use and valid `TICKET_LIFETIME`, that page JavaScript POSTs to
`/api/session`. The route redeems it: the session's token is replaced by a new one, which
only travels in the `Set-Cookie` answer. A ticket stolen after use opens nothing.

SECURITY 28: `session_key` names the live session behind a cookie (the SHA-256 of its
token, "" for none). A page's server-side state is bound to the key it was built for; the
app's middleware (counter/states/binding.py) empties it when the key changes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select
from starlette.requests import cookie_parser

from counter.db import session_scope
from counter.models import SessionTicket, UserSession, utcnow
from counter.services.accounts import account_for_token
from counter.settings import Settings, get_settings

SESSION_COOKIE = "counter_session"
TICKET_LIFETIME = timedelta(seconds=60)
_MAX_LENGTH = 128


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def issue_ticket(session: Session, token: str, *, now: datetime | None = None) -> str:
    """A ticket for the session of `token` (just opened by the caller). Tickets past their
    minute are deleted on the way: a ticket never exchanged does not stay behind."""
    now = now or utcnow()
    row = session.exec(select(UserSession).where(UserSession.token_hash == _digest(token))
                       ).first()
    if row is None:
        raise ValueError("no such session")
    session.exec(delete(SessionTicket).where(col(SessionTicket.expires_at) < now))  # type: ignore[call-overload]
    ticket = secrets.token_urlsafe(32)
    session.add(SessionTicket(ticket_hash=_digest(ticket), session_id=row.id,
                              expires_at=now + TICKET_LIFETIME))
    session.flush()
    return ticket


def redeem_ticket(session: Session, ticket: str, *, now: datetime | None = None) -> str | None:
    """The session's new token for a valid ticket, used up here; None for anything else
    (unknown, used, expired, session ended). The token the handler had no longer works."""
    if not ticket or not isinstance(ticket, str) or len(ticket) > _MAX_LENGTH:
        return None
    now = now or utcnow()
    row = session.exec(select(SessionTicket).where(SessionTicket.ticket_hash == _digest(ticket))
                       ).first()
    if row is None:
        return None
    # Deleted first, and counted: of two requests with the same ticket, one gets it.
    used = session.exec(delete(SessionTicket).where(col(SessionTicket.id) == row.id))  # type: ignore[call-overload]
    if used.rowcount != 1 or now >= row.expires_at:
        session.flush()
        return None
    user_session = session.get(UserSession, row.session_id)
    if user_session is None or user_session.ended_at is not None or now >= user_session.expires_at:
        session.flush()
        return None
    token = secrets.token_urlsafe(32)
    user_session.token_hash = _digest(token)
    session.add(user_session)
    session.flush()
    if account_for_token(session, token, now=now) is None:
        return None
    return token


def cookie_token(cookie_header: str | None) -> str:
    """The session token in a `Cookie` header (the websocket's or a request's), or ""."""
    if not cookie_header:
        return ""
    return cookie_parser(cookie_header).get(SESSION_COOKIE, "")[:_MAX_LENGTH]


def session_key(token: str, *, now: datetime | None = None) -> str:
    """What a page's state is bound to: the live session of `token`, or "" for none
    (no cookie, signed out, timed out, account disabled)."""
    if not token:
        return ""
    with session_scope() as session:
        return _digest(token) if account_for_token(session, token, now=now) else ""


def cookie_header(token: str, *, settings: Settings | None = None) -> str:
    """The `Set-Cookie` value of the session cookie.

    HttpOnly: page JavaScript never reads it. SameSite=Strict: no other site's page sends
    it; arriving from a link in an e-mail still works, because every private byte of a
    page comes over the websocket, which the page opens itself (same site). Secure when the
    public address is https. No Max-Age: the browser forgets it when it closes; the server
    ends it after the idle and absolute timeouts anyway. An empty token clears it.
    """
    settings = settings or get_settings()
    parts = [f"{SESSION_COOKIE}={token}", "Path=/", "HttpOnly", "SameSite=Strict"]
    if not token:
        parts.append("Max-Age=0")
    if settings.public_url.startswith("https://"):
        parts.append("Secure")
    return "; ".join(parts)
