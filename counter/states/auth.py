"""Sign-in, sign-up and the profile page."""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx
from sqlalchemy.exc import IntegrityError

from counter.components.forms import focus_script
from counter.db import session_scope
from counter.domain.languages import chosen_lang
from counter.i18n import normalize_lang, t
from counter.logs import log_event
from counter.services import accounts
from counter.states.session import SessionState

# The sign-up form's fields, in the order of the page, with their labels.
SIGNUP_LABELS = {
    "full_name": "auth.full_name", "cin": "auth.cin", "email": "auth.email",
    "mobile": "auth.mobile", "company_name": "auth.company_name", "ice": "auth.ice",
    "rc_number": "auth.rc_number", "rc_court": "auth.rc_court", "password": "auth.password",
    "password2": "auth.password2",
}
SIGNUP_SUMMARY_ID = "signup-errors"
# The service names the repeated password `password_confirm`; the form, `password2`.
_FORM_FIELD = {"password_confirm": "password2"}
# Where a new password leads: the profile again, with the new session's cookie.
PROFILE_AFTER_CHANGE = "/account?changed=1"


def safe_next(path: str | None, default: str) -> str:
    """Only a path of this site: never another host (no open redirect)."""
    path = (path or "").strip()
    if not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > 200:
        return default
    return path


def with_next(path: str, next_path: str) -> str:
    """`path` carrying where to go afterwards (already checked by `safe_next`), if anywhere."""
    if not next_path:
        return path
    return f"{path}{'&' if '?' in path else '?'}next={quote(next_path, safe='/')}"


def error_items(errors: dict[str, str]) -> list[dict[str, str]]:
    """The error summary of the sign-up form: each field's error (a message that names
    its field), in the order of the page, then what concerns the whole form."""
    items = [{"target": f"input-{field}", "text": errors[field]}
             for field in SIGNUP_LABELS if errors.get(field)]
    return items + [{"target": "", "text": text} for field, text in errors.items()
                    if field not in SIGNUP_LABELS]


class SignInState(SessionState):
    error: str = ""
    busy: bool = False
    # Where the person was going ("Faire ma demande"): kept through sign-up too.
    next_path: str = ""

    @rx.event
    def load(self):
        """Signed in (back from the cookie route, or arriving signed in): on to where the
        person was going, else their home."""
        if self._load_user():
            return rx.redirect(safe_next(self.router.url.query_parameters.get("next"),
                                         self.home_path))
        self.error = ""
        self.next_path = safe_next(self.router.url.query_parameters.get("next"), "")

    @rx.var
    def signup_href(self) -> str:
        return with_next("/signup", self.next_path)

    @rx.var
    def signup_business_href(self) -> str:
        return with_next("/signup?kind=business", self.next_path)

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
                                                  old_token=self._session_token() or None)
                delivery = self._deliver_session(session, token)
            except accounts.AccountError as error:
                failure = next(iter(error.errors.values()), "error.signin_failed")
        if failure:
            log_event("signin_refused", reason=failure, client=client)
            self.error = t(failure, lang)
            return
        log_event("signed_in", account=account.id, client=client)
        self.error = ""
        self.lang = account.lang or self.lang
        return delivery


class SignUpState(SessionState):
    kind: str = "citizen"
    errors: dict[str, str] = {}
    summary: list[dict[str, str]] = []

    @rx.event
    def load(self):
        if self._load_user():
            return rx.redirect(safe_next(self.router.url.query_parameters.get("next"),
                                         self.home_path))
        self.errors, self.summary = {}, []
        kind = self.router.url.query_parameters.get("kind", "citizen")
        self.kind = "business" if kind == "business" else "citizen"

    @rx.event
    def set_kind(self, kind: str):
        self.kind = "business" if kind == "business" else "citizen"
        self.errors, self.summary = {}, []

    @rx.event
    def sign_up(self, form: dict):
        """Every problem of the form at once (the service gathers them), in a summary."""
        lang = normalize_lang(self.lang)
        data = {name: str(form.get(name, ""))[:254] for name in SIGNUP_LABELS}
        data["password"] = str(form.get("password", ""))[:1024]
        data["password2"] = str(form.get("password2", ""))[:1024]
        common = {k: data[k] or None for k in ("full_name", "cin", "email", "mobile")}
        client = self._client_ip()
        failure: dict[str, str] = {}
        with session_scope() as session:
            try:
                if self.kind == "business":
                    account = accounts.register_business(
                        session, **common, password=data["password"], lang=lang,
                        company_name=data["company_name"], ice=data["ice"],
                        rc_number=data["rc_number"], rc_court=data["rc_court"],
                        confirm=data["password2"])
                else:
                    account = accounts.register_citizen(session, **common,
                                                        password=data["password"], lang=lang,
                                                        confirm=data["password2"])
                token = accounts.open_session(session, account, client_ip=client)
                delivery = self._deliver_session(session, token)
            except accounts.AccountError as error:
                failure = error.errors or {"form": "error.generic"}
                session.rollback()
            except IntegrityError:
                # Two sign-ups with the same e-mail, mobile or ICE at the same moment.
                failure = {"form": "error.account_exists"}
                session.rollback()
        if failure:
            self.errors = {_FORM_FIELD.get(field, field): t(key, lang)
                           for field, key in failure.items()}
            self.summary = error_items(self.errors)
            return rx.call_script(focus_script(f"'{SIGNUP_SUMMARY_ID}'"))
        log_event("account_created", account=account.id, role=account.role, client=client)
        self.errors, self.summary = {}, []
        return delivery


class ProfileState(SessionState):
    full_name: str = ""
    email: str = ""
    mobile: str = ""
    cin: str = ""
    # The language chosen for e-mails and documents; "": as on screen (domain.languages).
    correspondence_lang: str = ""
    correspondence_notice: str = ""
    errors: dict[str, str] = {}
    notice: str = ""

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None:
            return self._to_signin()
        self.full_name, self.email = account.full_name, account.email or ""
        self.mobile, self.cin = account.mobile or "", account.cin or ""
        self.correspondence_lang = account.correspondence_lang or ""
        self.errors, self.notice, self.correspondence_notice = {}, "", ""
        # Back from the new session's cookie (change_password): say it was done.
        if self.router.url.query_parameters.get("changed") == "1":
            self.notice = t("account.password_changed", normalize_lang(self.lang))

    @rx.event
    def pick_correspondence_lang(self, lang: str):
        self.correspondence_lang = chosen_lang(lang) or ""
        self.correspondence_notice = ""

    @rx.event
    def save_correspondence_lang(self, form: dict):
        account = self._require()
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        choice = str(form.get("correspondence_lang", ""))[:5]
        try:
            with session_scope() as session:
                accounts.choose_correspondence_lang(session, session.merge(account), choice)
        except accounts.AccountError as error:
            self.errors = {field: t(key, lang) for field, key in error.errors.items()}
            return
        self.errors, self.correspondence_notice = {}, t("account.correspondence_saved", lang)
        self.correspondence_lang = choice

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
        failure: dict[str, str] = {}
        with session_scope() as session:
            try:
                account = session.merge(account)
                accounts.change_password(session, account,
                                         current=str(form.get("current_password", ""))[:1024],
                                         new=new, confirm=str(form.get("password2", ""))[:1024])
                token = accounts.open_session(session, account, client_ip=self._client_ip())
                delivery = self._deliver_session(session, token, PROFILE_AFTER_CHANGE)
            except accounts.AccountError as error:
                failure = error.errors
                session.rollback()
        if failure:
            self.errors = {_FORM_FIELD.get(field, field): t(key, lang)
                           for field, key in failure.items()}
            return
        log_event("password_changed", account=account.id, client=self._client_ip())
        self.errors, self.notice = {}, t("account.password_changed", lang)
        return delivery
