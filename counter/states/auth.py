"""Sign-in, sign-up and the profile page."""

from __future__ import annotations

from urllib.parse import quote

import reflex as rx

from counter.components.forms import focus_script
from counter.db import session_scope
from counter.domain.languages import chosen_lang
from counter.i18n import normalize_lang, t
from counter.logs import log_event
from counter.services import accounts, password_reset, signup
from counter.states.base import password_work
from counter.states.session import SessionState, home_path_for

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
    @password_work
    def sign_in(self, form: dict):
        lang = normalize_lang(self.lang)
        login, password = str(form.get("login", ""))[:254], str(form.get("password", ""))[:1024]
        client = self._client_ip()
        failure, params = None, {}
        with session_scope() as session:
            try:
                account, token = accounts.sign_in(session, login=login, password=password,
                                                  client_ip=client,
                                                  old_token=self._session_token() or None)
                delivery = self._deliver_session(session, token)
            except accounts.AccountError as error:
                failure = next(iter(error.errors.values()), "error.signin_failed")
                params = error.params
        if failure:
            log_event("signin_refused", reason=failure, client=client)
            self.error = t(failure, lang, **params)
            return
        log_event("signed_in", account=account.id, client=client)
        self.error = ""
        # The account's screen language, remembered by the browser before the page reloads.
        return [self._take_lang(normalize_lang(account.lang or self.lang)), delivery]


class SignUpState(SessionState):
    kind: str = "citizen"
    errors: dict[str, str] = {}
    summary: list[dict[str, str]] = []
    # After sending: "email" (a link was sent) or "counter" (activate at a counter), the
    # only two answers, whoever has an account (SECURITY 31).
    answer: str = ""
    answer_text: str = ""

    @rx.event
    def load(self):
        if self._load_user():
            return rx.redirect(safe_next(self.router.url.query_parameters.get("next"),
                                         self.home_path))
        self.errors, self.summary, self.answer, self.answer_text = {}, [], "", ""
        kind = self.router.url.query_parameters.get("kind", "citizen")
        self.kind = "business" if kind == "business" else "citizen"

    @rx.event
    def set_kind(self, kind: str):
        self.kind = "business" if kind == "business" else "citizen"
        self.errors, self.summary = {}, []

    @rx.event
    @password_work
    def sign_up(self, form: dict):
        """Every problem of what was typed at once (the service gathers them), in a
        summary; then one answer, never "taken". The account exists once activated."""
        lang = normalize_lang(self.lang)
        data = {name: str(form.get(name, ""))[:254] for name in SIGNUP_LABELS}
        data["password"] = str(form.get("password", ""))[:1024]
        data["password2"] = str(form.get("password2", ""))[:1024]
        common = {k: data[k] or None for k in ("full_name", "cin", "email", "mobile")}
        company = ({k: data[k] for k in ("company_name", "ice", "rc_number", "rc_court")}
                   if self.kind == "business" else {})
        failure: dict[str, str] = {}
        with session_scope() as session:
            try:
                answer = signup.request_signup(
                    session, kind=self.kind, **common, password=data["password"],
                    confirm=data["password2"], lang=lang, **company,
                    next_path=safe_next(self.router.url.query_parameters.get("next"), ""))
            except accounts.AccountError as error:
                failure = error.errors or {"form": "error.generic"}
                session.rollback()
        if failure:
            self.errors = {_FORM_FIELD.get(field, field): t(key, lang)
                           for field, key in failure.items()}
            self.summary = error_items(self.errors)
            return rx.call_script(focus_script(f"'{SIGNUP_SUMMARY_ID}'"))
        log_event("signup_requested", channel=answer, client=self._client_ip())
        self.errors, self.summary = {}, []
        self.answer = answer
        # The address isolated (FSI ... PDI): in Arabic it keeps its own left-to-right order.
        email = "\u2068" + data["email"].strip().lower() + "\u2069"
        self.answer_text = (t("signup.sent_body", lang, email=email)
                            if answer == signup.BY_EMAIL else t("signup.counter_body", lang))
        return rx.call_script(focus_script("'signup-answer'"))


# Reads the secret after `#` once, then takes it out of the address bar and the history
# (SECURITY 29): the server gets it by an event, never in a URL.
READ_FRAGMENT = ("(() => { const h = window.location.hash.slice(1);"
                 " if (h) { history.replaceState(null, '', window.location.pathname); }"
                 " return h; })()")


class ActivationState(SessionState):
    """The page an activation link opens: the token is in the fragment."""

    status: str = "working"  # "working", "invalid" or "conflict"
    problems: list[str] = []

    @rx.event
    def load(self):
        self.status, self.problems = "working", []
        return rx.call_script(READ_FRAGMENT, callback=ActivationState.activate)

    @rx.event
    def activate(self, token: str):
        lang = normalize_lang(self.lang)
        token = str(token or "")[:signup.TOKEN_MAX_LENGTH + 1]
        client = self._client_ip()
        refused: dict[str, str] = {}
        with session_scope() as session:
            try:
                account, next_path = signup.activate(session, token, client_ip=client)
                session_token = accounts.open_session(session, account, client_ip=client)
                delivery = self._deliver_session(
                    session, session_token, then=safe_next(next_path,
                                                           home_path_for(account.role)))
            except accounts.AccountError as error:
                refused = error.errors
        if refused:
            self.status = "invalid" if "form" in refused else "conflict"
            self.problems = [t(key, lang) for key in refused.values()]
            log_event("activation_refused", reason=",".join(refused.values()), client=client)
            return
        log_event("account_created", account=account.id, role=account.role, client=client)
        # The account's screen language, remembered by the browser before the page reloads.
        return [self._take_lang(normalize_lang(account.lang or self.lang)), delivery]


class ForgotState(SessionState):
    sent: bool = False
    error: str = ""

    @rx.event
    def load(self):
        self._load_user()
        self.sent, self.error = False, ""

    @rx.event
    def request(self, form: dict):
        """The same answer whether or not an account has this e-mail or mobile."""
        login = str(form.get("login", ""))[:254]
        if not login.strip():
            self.error = t("error.login_required", normalize_lang(self.lang))
            return
        with session_scope() as session:
            password_reset.request_reset(session, login=login, lang=normalize_lang(self.lang))
        log_event("reset_requested", client=self._client_ip())
        self.sent, self.error = True, ""
        return rx.call_script(focus_script("'forgot-sent'"))


class ResetState(SessionState):
    """A new password, with an e-mailed link (token in the fragment) or a counter code."""

    has_link: bool = False
    link_invalid: bool = False
    done: bool = False
    errors: dict[str, str] = {}
    _token: str = ""

    @rx.event
    def load(self):
        self._load_user()
        self.has_link = self.link_invalid = self.done = False
        self.errors, self._token = {}, ""
        return rx.call_script(READ_FRAGMENT, callback=ResetState.receive)

    @rx.event
    def receive(self, token: str):
        token = str(token or "")[:signup.TOKEN_MAX_LENGTH + 1]
        if not token:
            return
        with session_scope() as session:
            valid = password_reset.link_is_valid(session, token)
        self.has_link, self.link_invalid = valid, not valid
        self._token = token if valid else ""

    @rx.event
    @password_work
    def save(self, form: dict):
        lang = normalize_lang(self.lang)
        secret = self._token or str(form.get("code", ""))[:64]
        new = str(form.get("password", ""))[:1024]
        client = self._client_ip()
        failure: dict[str, str] = {}
        params: dict = {}
        with session_scope() as session:
            try:
                account = password_reset.reset_password(
                    session, secret=secret, new=new,
                    confirm=str(form.get("password2", ""))[:1024], client_ip=client)
            except accounts.AccountError as error:
                failure, params = error.errors, error.params
        if failure:
            self.errors = {_FORM_FIELD.get(field, field): t(key, lang, **params)
                           for field, key in failure.items()}
            return
        log_event("password_reset", account=account.id, client=client)
        # Every session ended, this browser's too.
        self._show_user(None)
        self.errors, self.done, self._token, self.has_link = {}, True, "", False
        return rx.call_script(focus_script("'reset-done'"))


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
    @password_work
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
    @password_work
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
