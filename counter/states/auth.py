"""Sign-in, sign-up and the profile page."""

from __future__ import annotations

import reflex as rx
from sqlalchemy.exc import IntegrityError

from counter.db import session_scope
from counter.i18n import normalize_lang, t
from counter.logs import log_event
from counter.services import accounts
from counter.states.session import SessionState, home_path_for

SIGNUP_FIELDS = ("full_name", "cin", "email", "mobile", "password", "password2",
                 "company_name", "ice", "rc_number", "rc_court")


def safe_next(path: str | None, default: str) -> str:
    """Only a path of this site: never another host (no open redirect)."""
    path = (path or "").strip()
    if not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 200:
        return default
    return path


class SignInState(SessionState):
    error: str = ""
    busy: bool = False

    @rx.event
    def load(self):
        if self._load_user():
            return rx.redirect(self.home_path)
        self.error = ""

    @rx.event
    def sign_in(self, form: dict):
        lang = normalize_lang(self.lang)
        login, password = str(form.get("login", ""))[:254], str(form.get("password", ""))[:1024]
        client = self._client_ip()
        failure = None
        with session_scope() as session:
            try:
                account, token = accounts.sign_in(session, login=login, password=password,
                                                  client_ip=client,
                                                  old_token=self.session_token or None)
            except accounts.AccountError as error:
                failure = next(iter(error.errors.values()), "error.signin_failed")
        if failure:
            log_event("signin_refused", reason=failure, client=client)
            self.error = t(failure, lang)
            return
        log_event("signed_in", account=account.id, client=client)
        self.session_token = token
        self._show_user(account)
        self.error = ""
        self.lang = account.lang or self.lang
        return rx.redirect(safe_next(self.router.url.query_parameters.get("next"),
                                     home_path_for(account.role)))


class SignUpState(SessionState):
    kind: str = "citizen"
    errors: dict[str, str] = {}
    form_error: str = ""

    @rx.event
    def load(self):
        self._load_user()
        self.errors, self.form_error = {}, ""
        kind = self.router.url.query_parameters.get("kind", "citizen")
        self.kind = "business" if kind == "business" else "citizen"

    @rx.event
    def set_kind(self, kind: str):
        self.kind = "business" if kind == "business" else "citizen"
        self.errors = {}

    @rx.event
    def sign_up(self, form: dict):
        lang = normalize_lang(self.lang)
        data = {name: str(form.get(name, ""))[:254] for name in SIGNUP_FIELDS}
        data["password"] = str(form.get("password", ""))[:1024]
        data["password2"] = str(form.get("password2", ""))[:1024]
        if data["password"] != data["password2"]:
            self.errors = {"password2": t("error.password_mismatch", lang)}
            return
        common = {k: data[k] or None for k in ("full_name", "cin", "email", "mobile")}
        client = self._client_ip()
        failure: dict[str, str] = {}
        with session_scope() as session:
            try:
                if self.kind == "business":
                    account = accounts.register_business(
                        session, **common, password=data["password"], lang=lang,
                        company_name=data["company_name"], ice=data["ice"],
                        rc_number=data["rc_number"], rc_court=data["rc_court"])
                else:
                    account = accounts.register_citizen(session, **common,
                                                        password=data["password"], lang=lang)
                token = accounts.open_session(session, account, client_ip=client)
            except accounts.AccountError as error:
                failure = error.errors or {"form": "error.generic"}
                session.rollback()
            except IntegrityError:
                # Two sign-ups with the same e-mail, mobile or ICE at the same moment.
                failure = {"form": "error.account_exists"}
                session.rollback()
        if failure:
            self.errors = {field: t(key, lang) for field, key in failure.items()}
            return
        log_event("account_created", account=account.id, role=account.role, client=client)
        self.session_token = token
        self._show_user(account)
        self.errors = {}
        return rx.redirect(safe_next(self.router.url.query_parameters.get("next"),
                                     "/business" if account.role == "business" else "/dossiers"))


class ProfileState(SessionState):
    full_name: str = ""
    email: str = ""
    mobile: str = ""
    cin: str = ""
    errors: dict[str, str] = {}
    notice: str = ""

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None:
            return self._to_signin()
        self.full_name, self.email = account.full_name, account.email or ""
        self.mobile, self.cin = account.mobile or "", account.cin or ""
        self.errors, self.notice = {}, ""

    @rx.event
    def save_profile(self, form: dict):
        account = self._require()
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        failure: dict[str, str] = {}
        with session_scope() as session:
            try:
                account = session.merge(account)
                accounts.update_profile(
                    session, account, full_name=str(form.get("full_name", ""))[:200],
                    email=str(form.get("email", ""))[:254] or None,
                    mobile=str(form.get("mobile", ""))[:32] or None, lang=lang,
                    current_password=str(form.get("current_password", ""))[:1024] or None)
            except accounts.AccountError as error:
                failure = error.errors
                session.rollback()
        if failure:
            self.errors = {field: t(key, lang) for field, key in failure.items()}
            return
        self.errors, self.notice = {}, t("account.saved", lang)
        return ProfileState.load

    @rx.event
    def change_password(self, form: dict):
        account = self._require()
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        new = str(form.get("password", ""))[:1024]
        if new != str(form.get("password2", ""))[:1024]:
            self.errors = {"password2": t("error.password_mismatch", lang)}
            return
        failure: dict[str, str] = {}
        with session_scope() as session:
            try:
                account = session.merge(account)
                accounts.change_password(session, account,
                                         current=str(form.get("current_password", ""))[:1024],
                                         new=new)
                token = accounts.open_session(session, account, client_ip=self._client_ip())
            except accounts.AccountError as error:
                failure = error.errors
                session.rollback()
        if failure:
            self.errors = {field: t(key, lang) for field, key in failure.items()}
            return
        log_event("password_changed", account=account.id, client=self._client_ip())
        self.session_token = token
        self.errors, self.notice = {}, t("account.password_changed", lang)
