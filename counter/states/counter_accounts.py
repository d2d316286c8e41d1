"""The counter's screen for accounts: an agent who checked the CIN on the person's card
activates a sign-up made without an e-mail, or hands over a new-password code (SECURITY 31).
"""

from __future__ import annotations

import reflex as rx

from counter.db import session_scope
from counter.domain.identifiers import InvalidIdentifier, normalize_cin, normalize_mobile
from counter.i18n import format_datetime, normalize_lang, t
from counter.logs import log_event
from counter.services import accounts, password_reset, signup
from counter.states.session import SessionState

AGENT = "agent"


class CounterAccountsState(SessionState):
    found: str = ""  # "account", "pending" or ""
    found_title: str = ""
    error: str = ""
    notice: str = ""
    code_notice: str = ""
    _found_id: int = 0
    _cin: str = ""

    def _clear(self) -> None:
        self.found, self.found_title, self.error, self.notice, self.code_notice = (
            "", "", "", "", "")
        self._found_id, self._cin = 0, ""

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role != AGENT:
            return self._to_signin()
        self._clear()

    @rx.event
    def lookup(self, form: dict):
        agent = self._require(AGENT)
        if agent is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        self._clear()
        login = str(form.get("login", ""))[:254]
        cin = str(form.get("cin", ""))[:16]
        with session_scope() as session:
            account = password_reset.account_at_counter(session, login=login, cin=cin)
            pending = None
            if account is None and "@" not in login:
                try:
                    pending = signup.waiting_at_counter(session, mobile=normalize_mobile(login),
                                                        cin=normalize_cin(cin))
                except InvalidIdentifier:
                    pending = None
            if account is not None:
                self.found, self._found_id = "account", account.id
                self.found_title = t("counter_accounts.account_found", lang,
                                     name=account.full_name)
            elif pending is not None:
                self.found, self._found_id = "pending", pending.id
                self.found_title = t("counter_accounts.pending_found", lang,
                                     name=pending.details.get("full_name", ""))
        log_event("counter_account_lookup", agent=agent.id, found=self.found or "none",
                  client=self._client_ip())
        if not self.found:
            self.error = t("error.counter_nothing_found", lang)
            return
        self._cin = cin

    @rx.event
    def give_code(self):
        agent = self._require(AGENT)
        if agent is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        if self.found != "account" or not self._found_id:
            return
        try:
            with session_scope() as session:
                code, until = password_reset.issue_counter_code(
                    session, agent=agent, account_id=self._found_id, cin=self._cin,
                    client_ip=self._client_ip())
        except accounts.AccountError as error:
            self.error = t(next(iter(error.errors.values())), lang)
            return
        self.code_notice = t("counter_accounts.code_given", lang, code=code,
                             until=format_datetime(until, lang))

    @rx.event
    def activate(self):
        agent = self._require(AGENT)
        if agent is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        if self.found != "pending" or not self._found_id:
            return
        refused: dict[str, str] = {}
        with session_scope() as session:
            try:
                signup.activate_at_counter(session, agent=agent, pending_id=self._found_id,
                                           cin=self._cin, client_ip=self._client_ip())
            except accounts.AccountError as error:
                refused = error.errors
        if refused:
            # The agent has checked the card: they may hear that the mobile is taken.
            self.error = " ".join(t(key, lang) for key in refused.values())
            self.found = ""
            return
        self.found, self.notice = "", t("counter_accounts.activated", lang)
