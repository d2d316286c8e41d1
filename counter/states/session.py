"""Who is signed in: an opaque token in a cookie, everything else looked up on the server.

`_account()` reads the database on every call; pages and handlers that need an account
call `_require(...)`, which refuses (and logs) any other role. The role shown on screen
is only for display: no decision is ever taken from it.
"""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from counter.db import session_scope
from counter.i18n import t
from counter.logs import log_event
from counter.models import Account
from counter.services.accounts import account_for_token, close_session
from counter.settings import get_settings
from counter.states.base import AppState

SESSION_COOKIE = "counter_session"


def home_path_for(role: str) -> str:
    """Where each role starts: its own dossiers, the company's files, the queue, the admin."""
    return {"business": "/business", "agent": "/agent", "admin": "/admin"}.get(role, "/dossiers")


class SessionState(AppState):
    session_token: str = rx.Cookie(
        "", name=SESSION_COOKIE, same_site="strict",
        max_age=get_settings().session_absolute_hours * 3600,
    )
    user_name: str = ""
    user_role: str = ""

    def _client_ip(self) -> str:
        return self.router.session.client_ip or ""

    def _account(self) -> Account | None:
        if not self.session_token:
            return None
        with session_scope() as session:
            return account_for_token(session, self.session_token)

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
        if account is None:
            self.session_token = ""

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
        if self.session_token:
            with session_scope() as session:
                close_session(session, self.session_token)
            log_event("signed_out", client=self._client_ip())
        self._show_user(None)
        return rx.redirect("/")

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
