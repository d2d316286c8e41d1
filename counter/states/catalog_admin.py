"""The administrators' catalog editor."""

from __future__ import annotations

import reflex as rx

from counter.db import session_scope
from counter.domain.catalog import FIELD_TYPES
from counter.domain.forms import params_of
from counter.i18n import normalize_lang, t
from counter.logs import log_event
from counter.services import catalog_admin as service
from counter.services.scope import OutOfScope
from counter.states.session import SessionState

ADMIN = "admin"
# One label input per language of the product (settings.LANGUAGES).
_LABELS = {f"label_{lang}": "" for lang in service.LANGS}
EMPTY_FIELD = {"code": "", "type": "text", "required": "1", "min": "", "max": "",
               "choices": "", **_LABELS}
EMPTY_DOCUMENT = {"code": "", "required": "1", **_LABELS}
# A procedure's form and document list stay within what a person can fill in; the editor
# holds no more rows than that for anyone (SECURITY 39).
MAX_FIELD_ROWS = 40
MAX_DOCUMENT_ROWS = 20
NEW_PROCEDURE = {"code": "", "service_code": "", "audience": "both",
                 "legal_deadline_days": "30", "target_reduction_pct": "50",
                 "baseline_median_days": "", "is_investment": "",
                 "silence_acceptance": "", "silence_reference": "",
                 "deadline_unit": "calendar", "extension_days": "",
                 "urgent_deadline_days": "", "complement_clock": "resume",
                 "retention_months": "12", "external_url": "",
                 **{f"{p}_{lang}": "" for p in ("name", "description")
                    for lang in service.LANGS}}


def _errors_of(error: Exception, lang: str) -> dict[str, str]:
    """A catalog or scope refusal as the editor's messages, per field ('form' for the page)."""
    keys = getattr(error, "errors", None) or {"form": getattr(error, "code", "error.forbidden")}
    params = getattr(error, "params", {})
    return {field: t(key, lang, **{**params_of(key), **params.get(field, {})})
            for field, key in keys.items()}


class CatalogAdminState(SessionState):
    procedures: list[dict[str, str]] = []
    service_options: list[list[str]] = []
    editing: bool = False
    is_new: bool = False
    values: dict[str, str] = {}
    field_rows: list[dict[str, str]] = []
    document_rows: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    definition_errors: list[str] = []
    notice: str = ""

    @rx.var
    def input_labels(self) -> dict[str, str]:
        """Each language input's label ("Nom en arabe"), in the screen's language."""
        return service.input_labels(normalize_lang(self.lang))

    @rx.var
    def choices_hint(self) -> str:
        return service.choices_hint(normalize_lang(self.lang))

    @rx.var
    def value_hints(self) -> dict[str, str]:
        """What shows where a name or description is left empty in one language."""
        lang = normalize_lang(self.lang)
        return {**service.fallback_hints(self.values, "name", lang),
                **service.fallback_hints(self.values, "description", lang)}

    @rx.var
    def field_hints(self) -> list[dict[str, str]]:
        lang = normalize_lang(self.lang)
        return [service.fallback_hints(row, "label", lang) for row in self.field_rows]

    @rx.var
    def document_hints(self) -> list[dict[str, str]]:
        lang = normalize_lang(self.lang)
        return [service.fallback_hints(row, "label", lang) for row in self.document_rows]

    def _refresh(self) -> None:
        account = self._require(ADMIN)
        if account is None:
            return
        lang = normalize_lang(self.lang)
        with session_scope() as session:
            self.procedures = service.procedure_list(session, admin=account, lang=lang)
            self.service_options = service.service_options(session, admin=account, lang=lang)

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role != ADMIN:
            return self._to_signin()
        self._refresh()

    @rx.event
    def new(self):
        if self._require(ADMIN) is None:
            return
        self.editing, self.is_new = True, True
        self.values = dict(NEW_PROCEDURE)
        self.field_rows, self.document_rows = [dict(EMPTY_FIELD)], [dict(EMPTY_DOCUMENT)]
        self.errors, self.definition_errors, self.notice = {}, [], ""

    @rx.event
    def edit(self, code: str):
        account = self._require(ADMIN)
        if account is None:
            return
        try:
            with session_scope() as session:
                self.values, self.field_rows, self.document_rows = \
                    service.procedure_for_editing(session, admin=account, code=str(code)[:32])
        except (service.CatalogError, OutOfScope) as error:
            self.errors = _errors_of(error, normalize_lang(self.lang))
            return
        self.editing, self.is_new = True, False
        self.errors, self.definition_errors, self.notice = {}, [], ""

    @rx.event
    def cancel(self):
        self.editing = False

    # The editor's rows exist only once an administrator opened it (`new`, `edit`); a
    # change of session empties the page's state (states/binding.py), `editing` included.

    @rx.event
    def set_value(self, key: str, value: str):
        if self.editing and key in NEW_PROCEDURE:
            self.values[key] = str(value)[:2000]

    @rx.event
    def set_field(self, index: int, key: str, value: str):
        if self.editing and 0 <= index < len(self.field_rows) and key in EMPTY_FIELD:
            if key == "type" and value not in FIELD_TYPES:
                return
            self.field_rows[index][key] = str(value)[:2000]

    @rx.event
    def add_field_row(self):
        if not self.editing:
            return
        if len(self.field_rows) >= MAX_FIELD_ROWS:
            self.errors = {"form": t("catalog_admin.too_many_rows", normalize_lang(self.lang))}
            return
        self.field_rows.append(dict(EMPTY_FIELD))

    @rx.event
    def remove_field_row(self, index: int):
        if 0 <= index < len(self.field_rows):
            self.field_rows.pop(index)

    @rx.event
    def set_document(self, index: int, key: str, value: str):
        if self.editing and 0 <= index < len(self.document_rows) and key in EMPTY_DOCUMENT:
            self.document_rows[index][key] = str(value)[:2000]

    @rx.event
    def add_document_row(self):
        if not self.editing:
            return
        if len(self.document_rows) >= MAX_DOCUMENT_ROWS:
            self.errors = {"form": t("catalog_admin.too_many_rows", normalize_lang(self.lang))}
            return
        self.document_rows.append(dict(EMPTY_DOCUMENT))

    @rx.event
    def remove_document_row(self, index: int):
        if 0 <= index < len(self.document_rows):
            self.document_rows.pop(index)

    @rx.event
    def save(self):
        account = self._require(ADMIN)
        if account is None:
            return
        lang = normalize_lang(self.lang)
        payload = dict(self.values, existing=not self.is_new,
                       fields=service.fields_from_rows(self.field_rows),
                       documents=service.documents_from_rows(self.document_rows))
        failure: service.CatalogError | OutOfScope | None = None
        with session_scope() as session:
            try:
                procedure = service.save_procedure(session, admin=account, values=payload)
                code = procedure.code
            except (service.CatalogError, OutOfScope) as error:
                failure = error
                session.rollback()
        if failure is not None:
            self.errors = _errors_of(failure, lang)
            self.definition_errors = [problem.text(lang)
                                      for problem in getattr(failure, "definitions", [])]
            self.notice = ""
            return
        log_event("catalog_saved", procedure=code, account=account.id)
        self.errors, self.definition_errors = {}, []
        self.editing = False
        self.notice = t("catalog_admin.saved", lang, code=code)
        self._refresh()

    @rx.event
    def set_active(self, code: str, active: bool):
        account = self._require(ADMIN)
        if account is None:
            return
        with session_scope() as session:
            try:
                service.set_active(session, admin=account, code=str(code), active=bool(active))
            except (service.CatalogError, OutOfScope) as error:
                self.errors = _errors_of(error, normalize_lang(self.lang))
                return
        log_event("catalog_active", procedure=code, active=bool(active), account=account.id)
        self._refresh()
