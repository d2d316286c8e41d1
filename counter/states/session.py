"""Who is signed in: an opaque token in an HttpOnly cookie, everything else looked up on the
server.

The token is read from the `Cookie` header of the page's websocket connection (the browser
sends HttpOnly cookies there), never from a var the client could write. The server sets
and clears the cookie itself (`/api/session`, SECURITY 27): a handler that opens a session
answers with `_deliver_session`, whose script exchanges a single-use ticket for the cookie
and loads the next page, so the new connection carries the new cookie.

`_account()` reads the database on every call; pages and handlers that need an account
call `_require(...)`, which refuses (and logs) any other role. The role shown on screen
is only for display: no decision is ever taken from it.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import reflex as rx

from counter.db import session_scope
from counter.i18n import t
from counter.logs import log_event
from counter.models import Account
from counter.services.accounts import account_for_token, close_session
from counter.services.sessions import cookie_token, issue_ticket
from counter.settings import get_settings
from counter.states.base import AppState


def home_path_for(role: str) -> str:
    """Where each role starts: its own dossiers, the company's files, the queue, the admin."""
    return {"business": "/business", "agent": "/agent", "admin": "/admin"}.get(role, "/dossiers")


def session_script(url: str, *, ticket: str = "", then: str = "") -> rx.event.EventSpec:
    """POST to the cookie route (same origin, JSON), then load the page again in full (at
    `then` if given), so that its new websocket carries the new cookie; without `then`, the
    page's own load event leads on (sign-in's goes to `next` or the role's home)."""
    body = json.dumps({"ticket": ticket} if ticket else {})
    # The address changes only once the new page loads (a page address is served as
    # written: api/edge.PageAddresses), so nothing can start between the two.
    move = f"window.location.replace({json.dumps(then)})" if then else "window.location.reload()"
    return rx.call_script(
        f"fetch({json.dumps(url)},{{method:'POST',credentials:'same-origin',"
        f"headers:{{'Content-Type':'application/json'}},body:{json.dumps(body)}}})"
        f".finally(()=>{{{move}}})"
    )


class SessionState(AppState):
    user_name: str = ""
    user_role: str = ""

    def _client_ip(self) -> str:
        return self.router.session.client_ip or ""

    def _session_token(self) -> str:
        """The token of the websocket connection's cookie ("" without one)."""
        return cookie_token(self.router.headers.cookie)

    def _account(self) -> Account | None:
        token = self._session_token()
        if not token:
            return None
        with session_scope() as session:
            return account_for_token(session, token)

    def _require(self, *roles: str) -> Account | None:
        """The caller's account if its role is one of `roles`; None (logged) otherwise."""
        account = self._account()
        if account is None or (roles and account.role not in roles):
            log_event("handler_refused", state=type(self).__name__,
                      account=account.id if account else None, client=self._client_ip())
            return None
        return account

    def _show_user(self, account: Account | None) -> None:
        self.user_name = account.full_name if account else ""
        self.user_role = account.role if account else ""

    def _deliver_session(self, session, token: str, then: str = "") -> rx.event.EventSpec:  # noqa: ANN001
        """The session just opened (`token`, in the same database `session`) reaches the
        browser as an HttpOnly cookie; then the page (or `then`) loads again with it."""
        return session_script("/api/session", ticket=issue_ticket(session, token), then=then)

    def _to_signin(self) -> rx.event.EventSpec:
        here = self.router.url.path or "/"
        return rx.redirect(f"/signin?next={quote(here)}")

    def _load_user(self) -> Account | None:
        account = self._account()
        self._show_user(account)
        return account

    @rx.event
    def refresh_user(self):
        self._load_user()

    @rx.event
    def sign_out(self):
        """The session ends now; the server clears the cookie and the home page loads
        afresh. The next event of any tab of that session, the reload's first, finds the
        session ended and empties the tab's state before answering (states/binding.py)."""
        token = self._session_token()
        if token:
            with session_scope() as session:
                close_session(session, token)
            log_event("signed_out", client=self._client_ip())
        return session_script("/api/session/end", then="/")

    @rx.var
    def signed_in(self) -> bool:
        return bool(self.user_role)

    @rx.var
    def upload_rules(self) -> str:
        max_mb = get_settings().max_upload_bytes // (1024 * 1024)
        return t("filing.file_rules", self.lang, max_mb=max_mb)

    @rx.var
    def home_path(self) -> str:
        return home_path_for(self.user_role)
