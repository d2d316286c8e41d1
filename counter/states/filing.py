"""Filing a dossier: the form in steps, the documents, the review and the submission.

The draft is saved field by field on the server as the applicant moves on, so a reload,
a dropped connection or another device finds it as it was left.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import quote

import reflex as rx
from sqlmodel import Session

from counter.db import session_scope
from counter.domain.catalog import localized
from counter.domain.forms import display_value
from counter.domain.identifiers import parse_row_id
from counter.domain.lifecycle import Status
from counter.i18n import format_size, normalize_lang, t
from counter.logs import log_event
from counter.models import Account, Dossier, Procedure, Service
from counter.services import dossiers as service
from counter.services.catalog import provinces
from counter.states.session import SessionState
from counter.states.uploads import APPLICANT_ROLES, DocumentUploadMixin, message


def document_views(session: Session, dossier: Dossier, lang: str) -> list[dict[str, str]]:
    """Each listed document with the file attached to it, if any."""
    attached: dict[str, Any] = {}
    for document in service.documents_of(session, dossier.id):
        attached[document.doc_code] = document
    rows = []
    for doc in dossier.form_schema.get("documents", []):
        file = attached.get(doc["code"])
        rows.append({
            "code": doc["code"],
            "label": localized(doc["label"], lang),
            "help": localized(doc.get("help"), lang),
            "required": t("procedure.required" if doc.get("required", True)
                          else "procedure.optional", lang),
            "file_id": str(file.id) if file else "",
            "file_name": file.original_name if file else "",
            "file_info": (f"{format_size(file.size_bytes, lang)} · "
                          f"{t('unit.pages', lang, n=file.pages)}") if file else "",
            "is_image": "1" if file and file.content_type.startswith("image/") else "",
            "url": f"/api/documents/{file.id}" if file else "",
        })
    return rows


# What a value of these kinds looks like, said under the field (not only as a placeholder).
FORMAT_HINTS = {"cin": "filing.hint_cin", "phone": "filing.hint_phone", "ice": "filing.hint_ice",
                "amount_mad": "filing.hint_amount"}
STEP_NAMES = {1: "filing.step_information", 2: "filing.step_documents", 3: "filing.step_review"}
# Focus the step's heading once the new step is on screen, so that it is read out.
FOCUS_STEP = ("window.setTimeout(() => document.getElementById('step-heading')"
              "?.focus({preventScroll: false}), 60)")


def focus_script(element_id: str) -> rx.event.EventSpec:
    return rx.call_script(
        f"window.setTimeout(() => document.getElementById('{element_id}')?.focus(), 60)")


def field_rows(session: Session, dossier: Dossier, lang: str, only: set[str] | None = None
               ) -> tuple[list[dict[str, str]], dict[str, list[list[str]]]]:
    """The dossier's fields as the form shows them (all, or the codes in `only`), and the
    choices of its selects (a province field offers the handling region's provinces)."""
    region_id = session.get(Service, dossier.service_id).region_id
    province_options = [[p["code"], localized(p["name"], lang)]
                        for p in provinces(session, region_id)]
    names = service.province_names(session)
    rows: list[dict[str, str]] = []
    options: dict[str, list[list[str]]] = {}
    for field in dossier.form_schema.get("fields", []):
        code = field["code"]
        if only is not None and code not in only:
            continue
        value = dossier.form_data.get(code)
        rows.append({
            "code": code,
            "kind": field["type"],
            "label": localized(field["label"], lang),
            "help": " ".join(filter(None, (
                localized(field.get("help"), lang),
                t(FORMAT_HINTS[field["type"]], lang) if field["type"] in FORMAT_HINTS else ""))),
            "required": "1" if field.get("required") else "",
            "value": "" if value is None else str(value),
            "display": display_value(field, value, lang, names),
            "input_id": f"field-{code}",
        })
        if field["type"] == "choice":
            options[code] = [[c["value"], localized(c["label"], lang)]
                             for c in field["choices"]]
        elif field["type"] == "province":
            options[code] = province_options
    return rows, options


class FilingMixin(rx.State, mixin=True):
    """The filing steps; the concrete state says who may file (FILING_ROLES)."""

    FILING_ROLES: ClassVar[tuple[str, ...]] = APPLICANT_ROLES

    step: int = 1
    procedure_name: str = ""
    fields: list[dict[str, str]] = []
    options: dict[str, list[list[str]]] = {}
    urgent_days: int = 0
    urgent: bool = False
    urgent_label: str = ""
    errors: dict[str, str] = {}
    missing: list[str] = []
    submitting: bool = False
    submitted: bool = False
    tracking_code: str = ""
    pin: str = ""
    page_error: str = ""
    # "Remove" takes the file out at once and offers to put it back until the same
    # document is sent again, another file is removed, the page is left or the draft sent.
    undo_notice: str = ""
    can_undo: bool = False
    _removed: dict[str, Any] = {}

    def _dossier_page(self, dossier_id: int) -> str:
        return (f"/agent/dossiers/{dossier_id}" if self.user_role == "agent"
                else f"/dossiers/{dossier_id}")

    # --- loading ---------------------------------------------------------------------------

    def _lang(self) -> str:
        return normalize_lang(self.lang)

    def _load(self, session: Session, account: Account) -> Dossier:
        dossier = service.owned_dossier(session, account, self.dossier_id)
        lang = self._lang()
        procedure = session.get(Procedure, dossier.procedure_id)
        self.procedure_name = localized(procedure.names, lang)
        self.fields, self.options = field_rows(session, dossier, lang)
        self.urgent_days = int(dossier.form_schema.get("urgent_deadline_days") or 0)
        self.urgent = dossier.urgent
        self.urgent_label = t("urgent.label", lang, n=self.urgent_days)
        self.documents = document_views(session, dossier, lang)
        if self.step not in self._steps():
            self.step = 1
        self._offer_uploads(session, dossier)
        self._refresh_missing(session, dossier)
        if not self.can_undo or any(d["code"] == self._removed.get("doc_code") and d["file_id"]
                                    for d in self.documents):
            self._forget_removed()  # nothing (or nothing more) to put back
        return dossier

    def _forget_removed(self) -> None:
        self._removed, self.can_undo, self.undo_notice = {}, False, ""

    def _refresh_missing(self, session: Session, dossier: Dossier) -> None:
        lang = self._lang()
        problems = service.missing_items(session, dossier)
        labels = {f["code"]: f["label"] for f in self.fields}
        labels.update({f"doc:{d['code']}": d["label"] for d in self.documents})
        self.missing = [labels.get(code, code) for code in problems]
        # Errors are shown once the applicant has been on the field (a value was saved).
        self.errors = {
            code: message(key, lang)
            for code, key in problems.items()
            if not code.startswith("doc:") and code in dossier.form_data
        }

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role not in self.FILING_ROLES:
            return self._to_signin()
        dossier_id = parse_row_id(self.router.page.params.get("id")) or 0
        if self.submitted and dossier_id == self.dossier_id:
            return  # the confirmation (with the PIN, shown once) stays, e.g. on a language switch
        self.dossier_id = dossier_id
        self.submitted, self.pin, self.tracking_code, self.page_error = False, "", "", ""
        self.submitting = False
        self._reset_uploads()
        self._forget_removed()
        try:
            with session_scope() as session:
                dossier = self._load(session, account)
                if dossier.status != Status.DRAFT:
                    return rx.redirect(self._dossier_page(dossier.id))
        except service.DossierError as error:
            self.page_error = message(error.code, self._lang())
            self.fields, self.documents = [], []

    # --- the form ----------------------------------------------------------------------------

    @rx.event
    def save_field(self, code: str, value: str):
        account = self._require(*self.FILING_ROLES)
        if account is None:
            return self._to_signin()
        try:
            with session_scope() as session:
                problem = service.save_field(session, account=account, dossier_id=self.dossier_id,
                                             code=str(code), value=str(value))
                self._load(session, account)
        except service.DossierError as error:
            self.page_error = message(error.code, self._lang())
            return
        if problem:
            self.errors[code] = message(problem, self._lang())
        self.page_error = ""

    @rx.event
    def set_urgent(self, urgent: bool):
        """Law 31-13: an urgent request gets its answer within the urgent deadline."""
        account = self._require(*self.FILING_ROLES)
        if account is None:
            return self._to_signin()
        try:
            with session_scope() as session:
                service.set_urgent(session, account=account, dossier_id=self.dossier_id,
                                   urgent=bool(urgent))
                self._load(session, account)
        except service.DossierError as error:
            self.page_error = message(error.code, self._lang())

    def _steps(self) -> list[int]:
        """A procedure that asks for no document has no documents step."""
        return [1, 2, 3] if self.documents else [1, 3]

    @rx.event
    def go_step(self, step: int):
        step = min(max(int(step), 1), 3)
        if step not in self._steps():
            step = 3 if step > self.step else 1
        self.step = step
        return rx.call_script(FOCUS_STEP)

    @rx.var
    def has_documents(self) -> bool:
        return len(self.documents) > 0

    @rx.var
    def step_title(self) -> str:
        """'Step 2 of 3: Documents', the heading that takes the focus on a step change."""
        steps = [1, 2, 3] if self.documents else [1, 3]
        step = self.step if self.step in steps else steps[-1]
        return t("filing.step_title", self.lang, n=steps.index(step) + 1, total=len(steps),
                 name=t(STEP_NAMES[step], self.lang))

    # --- documents -------------------------------------------------------------------------

    @rx.event
    def remove_document(self, document_id: str):
        account = self._require(*self.FILING_ROLES)
        if account is None:
            return
        lang = self._lang()
        self._reset_uploads()
        self._forget_removed()
        try:
            with session_scope() as session:
                removed = service.remove_document(session, account=account,
                                                  dossier_id=self.dossier_id,
                                                  document_id=int(document_id))
            self._removed, self.can_undo = removed, True
            self.upload_target = removed["doc_code"]  # missing now: a new file goes there
            self.undo_notice = t("filing.removed", lang, name=removed["original_name"])
        except (service.DossierError, ValueError) as error:
            self.upload_error = message(getattr(error, "code", "error.generic"), lang)
        with session_scope() as session:
            self._load(session, account)
        if self.can_undo:
            return focus_script("undo-remove")

    @rx.event
    def undo_remove(self):
        """Put back the file just removed."""
        account = self._require(*self.FILING_ROLES)
        if account is None or not self._removed:
            return
        lang = self._lang()
        restored = False
        try:
            with session_scope() as session:
                service.restore_document(session, account=account, dossier_id=self.dossier_id,
                                         removed=self._removed)
            restored = True
        except service.DossierError as error:
            self.upload_error = message(error.code, lang)
        self._forget_removed()
        self.upload_target = ""  # the file is back: offer what is still missing
        with session_scope() as session:
            self._load(session, account)
        if restored:
            self.undo_notice = t("filing.restored", lang)
            return focus_script("undo-notice")

    # --- submission --------------------------------------------------------------------------

    @rx.event
    def submit(self):
        if self.submitting or self.submitted:
            return
        account = self._require(*self.FILING_ROLES)
        if account is None:
            return self._to_signin()
        self.submitting = True
        self._forget_removed()
        yield
        lang = self._lang()
        try:
            with session_scope() as session:
                result = service.submit_own(session, account=account,
                                            dossier_id=self.dossier_id, screen_lang=lang)
                self.tracking_code = result.dossier.tracking_code or ""
                self.pin = result.pin or ""
            self.submitted = True
            log_event("dossier_submitted", dossier=self.dossier_id, account=account.id)
            if not self.pin:
                # Submitted already (another tab or a replay): show that dossier instead.
                yield rx.redirect(self._dossier_page(self.dossier_id))
        except service.DossierError as error:
            self.page_error = message(error.code, lang)
            with session_scope() as session:
                self._load(session, account)
        finally:
            self.submitting = False

    @rx.var
    def receipt_url(self) -> str:
        return f"/api/dossiers/{self.dossier_id}/receipt.pdf"


class FilingState(FilingMixin, DocumentUploadMixin, SessionState):
    """An applicant's own draft."""


def start_path(procedure_code: str) -> str:
    """The address that starts (or continues) a draft of a procedure: where "Faire ma
    demande" leads, through sign-in or sign-up when the person is not signed in yet."""
    return f"/procedures/{quote(procedure_code, safe='')}/start"


class StartState(SessionState):
    """The 'file this procedure' button of a procedure's page, and its own address."""

    error: str = ""
    procedure_code: str = ""

    @rx.event
    def start(self):
        """Start (or continue) a draft for the procedure of the page's address."""
        procedure_code = str(self.router.page.params.get("code", ""))[:32]
        self.procedure_code = procedure_code
        account = self._load_user()
        if account is None:
            return rx.redirect(f"/signin?next={quote(start_path(procedure_code), safe='/')}")
        lang = normalize_lang(self.lang)
        self.error = ""
        if account.role not in APPLICANT_ROLES:
            self.error = t("error.audience_not_allowed", lang)
            return rx.toast.error(self.error)
        try:
            with session_scope() as session:
                dossier = service.start_draft(session, account=account,
                                              procedure_code=procedure_code,
                                              screen_lang=lang)
                return rx.redirect(f"/dossiers/{dossier.id}/edit")
        except service.DossierError as error:
            self.error = t(error.code, lang)
            return rx.toast.error(self.error)
