"""The applicant's dossiers, one dossier's page, public tracking, and the company dashboard."""

from __future__ import annotations

from typing import Any

import reflex as rx

from counter.db import session_scope
from counter.domain.catalog import localized
from counter.domain.identifiers import parse_row_id
from counter.domain.lifecycle import OPEN_STATUSES, Status
from counter.domain.tracking import pin_from_fragment
from counter.i18n import format_date, normalize_lang, t
from counter.logs import log_event
from counter.models import Dossier, Procedure
from counter.services import dossiers as service
from counter.services import petition_views, review
from counter.states.filing import document_views, field_rows
from counter.states.session import SessionState
from counter.states.uploads import APPLICANT_ROLES, DocumentUploadMixin, message


class MyDossiersState(SessionState):
    rows: list[dict[str, str]] = []
    claim_error: str = ""
    claim_notice: str = ""
    # The petitions this person is invited to represent and has not answered yet.
    petition_invitations: str = ""

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role not in APPLICANT_ROLES:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        with session_scope() as session:
            self.rows = service.dossier_list(session, account, lang)
            waiting = sum(p.invitation_pending for p in petition_views.my_petitions(session,
                                                                                  account))
        self.petition_invitations = t("petitions.invitations_waiting", lang, n=waiting) \
            if waiting else ""

    @rx.event
    def claim(self, form: dict):
        """Attach a dossier filed at the counter (tracking code and PIN of its receipt)."""
        account = self._require(*APPLICANT_ROLES)
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        refused = None
        with session_scope() as session:
            try:
                review.claim_assisted(session, account=account,
                                      code=str(form.get("code", ""))[:16],
                                      pin=str(form.get("pin", ""))[:12],
                                      client_ip=self._client_ip())
            except service.TrackingRefused as error:
                refused, params = error.code, error.params
        if refused:
            self.claim_error, self.claim_notice = t(refused, lang, **params), ""
            log_event("claim_refused", reason=refused, account=account.id)
            return
        self.claim_error, self.claim_notice = "", t("dossier.claimed", lang)
        with session_scope() as session:
            self.rows = service.dossier_list(session, account, lang)


# The refusals of an answer that the person can fix on the form (checked again as they do).
ANSWER_PROBLEMS = frozenset({"error.answer_incomplete", "error.answer_empty",
                             "error.text_too_long"})


class DossierState(DocumentUploadMixin, SessionState):
    found: bool = True
    procedure_name: str = ""
    status: str = ""
    status_label: str = ""
    tracking_code: str = ""
    facts: list[list[str]] = []
    form: list[dict[str, str]] = []
    timeline: list[dict[str, str]] = []
    messages: list[dict[str, str]] = []
    request_message: str = ""
    # The complement request's fields to give again (the form's rows, their choices and
    # problems), shown in the answer form with the documents it asks for.
    fields: list[dict[str, str]] = []
    options: dict[str, list[list[str]]] = {}
    errors: dict[str, str] = {}
    extension_note: str = ""
    has_decision: bool = False
    decision_note: str = ""
    answer_text: str = ""
    answer_error: str = ""
    # The files sent with the answer so far (label, file name), before it is sent.
    answer_files: list[dict[str, str]] = []
    notice: str = ""
    _answer_checked: bool = False  # the error shown is a problem of the answer itself

    def _load(self, session, account) -> Dossier:  # noqa: ANN001
        lang = normalize_lang(self.lang)
        dossier = service.owned_dossier(session, account, self.dossier_id)
        procedure = session.get(Procedure, dossier.procedure_id)
        info = service.progress(session, dossier)
        self.procedure_name = localized(procedure.names, lang)
        self.status, self.status_label = dossier.status, t(f"status.{dossier.status}", lang)
        self.tracking_code = dossier.tracking_code or ""
        self.has_decision = bool(dossier.decision_name)
        self.decision_note = dossier.decision_note or ""
        self.facts = [
            ["calendar", t("dossier.submitted_on", lang), format_date(dossier.submitted_at, lang)],
            ["clock", t("dossier.admin_days", lang), service.deadline_used_text(info, lang)],
        ]
        if dossier.status in OPEN_STATUSES:
            self.facts.append(["calendar-check", t("dossier.expected_on", lang),
                               format_date(info["expected_on"], lang)])
        if dossier.decided_at:
            self.facts.append(["gavel", t("dossier.decided_on", lang),
                               format_date(dossier.decided_at, lang)])
        self.form = service.form_summary(session, dossier, lang)
        self.documents = document_views(session, dossier, lang)
        self.timeline = service.timeline(session, dossier.id, lang, public=False)
        self.messages = service.messages_of(session, dossier.id, lang)
        requests = [m["body"] for m in self.messages if m["kind"] == "info_request"]
        self.request_message = requests[-1] if requests else ""
        self.extension_note = (t("extension.done", lang,
                                 date=format_date(dossier.extended_at, lang),
                                 reason=dossier.extension_reason or "")
                               if dossier.extended_at else "")
        # An answer gives exactly what the complement asked for (law 55-19).
        asked_fields = service.requested(dossier, "field")
        answering = dossier.status == Status.INFO_REQUESTED
        self._offer_uploads(session, dossier)
        labels = {d["code"]: d["label"] for d in self.documents}
        self.answer_files = [{"label": labels.get(d.doc_code, d.doc_code),
                              "file_name": d.original_name}
                             for d in service.answer_documents(session, dossier)]
        self.fields, self.options = (field_rows(session, dossier, lang, asked_fields)
                                     if answering and asked_fields else ([], {}))
        if self._answer_checked and answering:
            # The error shown last is checked again: gone once it no longer applies.
            self._show_answer_problem(service.answer_problem(
                session, account=account, dossier_id=dossier.id, message=self.answer_text))
        return dossier

    def _show_answer_problem(self, problem: service.DossierError | None) -> None:
        """What keeps the answer from going, in the person's words (nothing if it may go)."""
        lang = normalize_lang(self.lang)
        self._answer_checked = problem is not None
        if problem is None:
            self.answer_error, self.errors = "", {}
            return
        self.answer_error = message(problem.code, lang, problem.params)
        self.errors = {code: message(key, lang) for code, key in problem.errors.items()
                       if not code.startswith("doc:") and code != "message"}
        missing = [d["label"] for d in self.documents if f"doc:{d['code']}" in problem.errors]
        if missing:
            self.answer_error += " " + ", ".join(missing)

    @rx.event
    def save_field(self, code: str, value: str):
        """A field the complement request asked for, corrected in the answer."""
        account = self._require(*APPLICANT_ROLES)
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        try:
            with session_scope() as session:
                problem = service.save_field(session, account=account,
                                             dossier_id=self.dossier_id, code=str(code)[:48],
                                             value=str(value)[:10_000])
                self._load(session, account)
        except service.DossierError as error:
            self._answer_checked = False
            self.answer_error = message(error.code, lang, error.params)
            return
        self.errors = {**{k: v for k, v in self.errors.items() if k != code},
                       **({code: message(problem, lang)} if problem else {})}

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role not in APPLICANT_ROLES:
            return self._to_signin()
        self.dossier_id = parse_row_id(self.router.page.params.get("id")) or 0
        self.answer_text, self.answer_error, self.notice = "", "", ""
        self._answer_checked = False
        self._reset_uploads()
        try:
            with session_scope() as session:
                dossier = self._load(session, account)
                self.found = True
                if dossier.status == Status.DRAFT:
                    return rx.redirect(f"/dossiers/{dossier.id}/edit")
        except service.DossierError:
            self.found = False

    @rx.var
    def can_withdraw(self) -> bool:
        return self.status in {s.value for s in OPEN_STATUSES}

    @rx.var
    def can_answer(self) -> bool:
        return self.status == Status.INFO_REQUESTED.value

    @rx.var
    def is_open(self) -> bool:
        return self.status in {s.value for s in OPEN_STATUSES}

    @rx.var
    def receipt_url(self) -> str:
        return f"/api/dossiers/{self.dossier_id}/receipt.pdf"

    @rx.var
    def decision_url(self) -> str:
        return f"/api/dossiers/{self.dossier_id}/decision.pdf"

    @rx.event
    def set_answer_text(self, value: str):
        self.answer_text = value[:5000]
        if self._answer_checked:
            account = self._require(*APPLICANT_ROLES)
            if account is None:
                return
            with session_scope() as session:
                self._show_answer_problem(service.answer_problem(
                    session, account=account, dossier_id=self.dossier_id,
                    message=self.answer_text))

    @rx.event
    def send_answer(self):
        account = self._require(*APPLICANT_ROLES)
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        try:
            with session_scope() as session:
                service.answer_request(session, account=account, dossier_id=self.dossier_id,
                                       message=self.answer_text)
            log_event("dossier_answered", dossier=self.dossier_id, account=account.id)
            self.answer_text, self.answer_error, self._answer_checked = "", "", False
            self.notice = t("dossier.answer_sent", lang)
        except service.DossierError as error:
            if error.code in ANSWER_PROBLEMS:
                self._show_answer_problem(error)
            else:
                self._answer_checked = False
                self.answer_error = message(error.code, lang, error.params)
        with session_scope() as session:
            self._load(session, account)

    @rx.event
    def withdraw(self):
        account = self._require(*APPLICANT_ROLES)
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        try:
            with session_scope() as session:
                service.withdraw(session, account=account, dossier_id=self.dossier_id)
            log_event("dossier_withdrawn", dossier=self.dossier_id, account=account.id)
            self.notice = t("dossier.withdrawn", lang)
        except service.DossierError as error:
            self.notice = message(error.code, lang)
        except ValueError:
            self.notice = t("error.transition_not_allowed", lang)
        with session_scope() as session:
            self._load(session, account)


# Takes the PIN out of the address (the fragment, or the query of a receipt printed before
# the PIN moved to the fragment) and out of the tab's history, and returns it as "pin=...".
READ_PIN = """(() => {
  const url = new URL(window.location.href);
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ""));
  const pin = fragment.get("pin") || url.searchParams.get("pin") || "";
  if (fragment.has("pin") || url.searchParams.has("pin")) {
    url.searchParams.delete("pin");
    url.hash = "";
    window.history.replaceState(window.history.state, "", url.pathname + url.search);
  }
  return "pin=" + encodeURIComponent(pin);
})()"""


class TrackState(SessionState):
    code: str = ""
    pin: str = ""
    error: str = ""
    result: dict[str, str] = {}
    steps: list[dict[str, str]] = []

    @rx.event
    def load(self):
        """The code comes from the query; the PIN of a scanned QR code is in the fragment,
        which only the browser sees: the page hands it over by an event (READ_PIN)."""
        self._load_user()
        self.code = str(self.router.url.query_parameters.get("code", ""))[:16]
        self.pin, self.error, self.result, self.steps = "", "", {}, []
        return rx.call_script(READ_PIN, callback=TrackState.pin_from_address)

    @rx.event
    def pin_from_address(self, fragment: str):
        self.pin = pin_from_fragment(fragment if isinstance(fragment, str) else "")
        if self.code and self.pin:
            return TrackState.lookup

    @rx.event
    def set_code(self, value: str):
        self.code = value[:16]

    @rx.event
    def set_pin(self, value: str):
        self.pin = value[:12]

    @rx.event
    def lookup(self, form: dict | None = None):
        if form:
            self.code = str(form.get("code", ""))[:16]
            self.pin = str(form.get("pin", ""))[:12]
        lang = normalize_lang(self.lang)
        self.result, self.steps = {}, []
        refused = None
        with session_scope() as session:
            try:
                view = service.track(session, code=self.code, pin=self.pin,
                                     client_ip=self._client_ip(), lang=lang)
            except service.TrackingRefused as error:
                refused, params = error.code, error.params
        if refused:
            self.error = t(refused, lang, **params)
            log_event("tracking_refused", reason=refused, client=self._client_ip())
            return
        self.error = ""
        self.steps = view.pop("timeline")
        self.result = {k: str(v) for k, v in view.items()}

    @rx.var
    def found(self) -> bool:
        return bool(self.result)


class BusinessState(SessionState):
    # texts, and the deadline bar's numbers: "percent" (0-100) and "deadline_days"
    company_files: list[dict[str, Any]] = []

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role != "business":
            return self._to_signin()
        with session_scope() as session:
            self.company_files = service.investment_files(session, account,
                                                          normalize_lang(self.lang))


class VerifyState(SessionState):
    """The public check of a decision document by its verification code."""

    code: str = ""
    result: dict[str, str] = {}
    checked: bool = False

    @rx.event
    def load(self):
        self._load_user()
        self.code = str(self.router.url.query_parameters.get("code", ""))[:20]
        self.result, self.checked = {}, False
        if self.code:
            return VerifyState.check

    @rx.event
    def check(self, form: dict | None = None):
        from counter.domain.identifiers import InvalidIdentifier
        from counter.services.decisions import normalize_verification_code, verification_view

        if form:
            self.code = str(form.get("code", ""))[:20]
        try:
            code = normalize_verification_code(self.code)
        except InvalidIdentifier:
            code = ""
        with session_scope() as session:
            view = verification_view(session, code, normalize_lang(self.lang)) if code else None
        self.result = {k: str(v) for k, v in (view or {}).items()}
        self.checked = True
