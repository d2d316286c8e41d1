"""The agent's screens: the queue, the review of one dossier, filing at the counter."""

from __future__ import annotations

from typing import Any

import reflex as rx

from counter.db import session_scope
from counter.domain.catalog import localized
from counter.domain.identifiers import parse_row_id
from counter.domain.languages import documents_lang
from counter.domain.lifecycle import Status, TransitionError
from counter.i18n import normalize_lang, t
from counter.logs import log_event
from counter.models import Dossier, Procedure
from counter.services import review
from counter.services.dossiers import Conflict, DossierError
from counter.states.filing import FilingMixin
from counter.states.session import SessionState
from counter.states.uploads import DocumentUploadMixin, message

AGENT = "agent"


class AgentQueueState(SessionState):
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    status: str = ""
    procedure: str = ""
    province: str = ""
    mine: bool = False
    search: str = ""
    procedure_options: list[list[str]] = []
    province_options: list[list[str]] = []
    service_name: str = ""

    def _refresh(self) -> Any:
        account = self._require(AGENT)
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        filters = review.QueueFilters(status=self.status, procedure_code=self.procedure,
                                      province_code=self.province, mine=self.mine,
                                      search=self.search)
        with session_scope() as session:
            result = review.queue(session, agent=account, filters=filters, page=self.page,
                                  lang=lang)
            options = review.queue_filters_options(session, account, lang)
            from counter.models import Service

            service = session.get(Service, account.service_id) if account.service_id else None
            self.service_name = localized(service.names, lang) if service else ""
        self.rows, self.total, self.page, self.pages = (result.rows, result.total, result.page,
                                                        result.pages)
        self.procedure_options = options["procedures"]
        self.province_options = options["provinces"]
        return None

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role != AGENT:
            return self._to_signin()
        return self._refresh()

    @rx.event
    def set_status(self, value: str):
        self.status, self.page = value[:16], 1
        return self._refresh()

    @rx.event
    def set_procedure(self, value: str):
        self.procedure, self.page = value[:32], 1
        return self._refresh()

    @rx.event
    def set_province(self, value: str):
        self.province, self.page = value[:32], 1
        return self._refresh()

    @rx.event
    def set_mine(self, value: bool):
        self.mine, self.page = bool(value), 1
        return self._refresh()

    @rx.event
    def set_search(self, value: str):
        self.search, self.page = value[:100], 1
        return self._refresh()

    @rx.event
    def go_page(self, page: int):
        self.page = int(page)
        return self._refresh()

    @rx.var
    def count_label(self) -> str:
        return t("queue.count", self.lang, n=self.total, page=self.page, pages=self.pages)


class ReviewState(SessionState):
    dossier_id: int = 0
    version: int = 0
    found: bool = True
    status: str = ""
    header: dict[str, str] = {}
    form: list[dict[str, str]] = []
    documents: list[dict[str, str]] = []
    timeline: list[dict[str, str]] = []
    messages: list[dict[str, str]] = []
    request_text: str = ""
    request_items: list[str] = []
    complement_choices: list[list[str]] = []
    reason_text: str = ""
    extension_text: str = ""
    action_error: str = ""
    notice: str = ""

    def _fill(self, account: Any) -> None:
        lang = normalize_lang(self.lang)
        with session_scope() as session:
            view = review.review_view(session, account, self.dossier_id, lang)
        self.version, self.status = view["version"], view["status"]
        self.form, self.documents = view["form"], view["documents"]
        self.timeline, self.messages = view["timeline"], view["messages"]
        keys = ("tracking_code", "procedure", "applicant", "company", "cin", "contact",
                "channel",
                "submitted_on", "admin_days", "left", "assigned", "status_label",
                "decision_note", "verification_code", "complement_used", "extension")
        self.header = {key: str(view[key]) for key in keys}
        self.complement_choices = view["complement_choices"]
        self.request_items = [i for i in self.request_items
                              if i in {c for c, _ in self.complement_choices}]
        for flag in ("overdue", "urgent", "can_extend"):
            self.header[flag] = "1" if view[flag] else ""
        self.header["has_decision"] = "1" if view["has_decision"] else ""
        self.found = True

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role != AGENT:
            return self._to_signin()
        self.dossier_id = parse_row_id(self.router.page.params.get("id")) or 0
        self.request_text, self.reason_text, self.action_error, self.notice = "", "", "", ""
        self.request_items, self.extension_text = [], ""
        try:
            self._fill(account)
        except DossierError:
            self.found = False
            log_event("access_refused", route="review", target=self.dossier_id,
                      account=account.id)

    @rx.event
    def set_request_text(self, value: str):
        self.request_text = value[:5000]

    @rx.event
    def set_reason_text(self, value: str):
        self.reason_text = value[:5000]

    @rx.event
    def set_extension_text(self, value: str):
        self.extension_text = value[:5000]

    @rx.event
    def toggle_item(self, item: str, checked: bool):
        """Tick or untick one listed document or field of the complement request."""
        item = str(item)[:60]
        items = [i for i in self.request_items if i != item]
        if checked and item in {c for c, _ in self.complement_choices}:
            items.append(item)
        self.request_items = items

    def _act(self, action: str, **kwargs: Any) -> None:
        account = self._require(AGENT)
        if account is None:
            return
        lang = normalize_lang(self.lang)
        self.action_error = ""
        try:
            with session_scope() as session:
                if action == "take":
                    review.take(session, agent=account, dossier_id=self.dossier_id,
                                version=self.version)
                elif action == "request":
                    review.request_information(session, agent=account,
                                               dossier_id=self.dossier_id, version=self.version,
                                               items=list(self.request_items),
                                               message=self.request_text)
                elif action == "extend":
                    review.extend_deadline(session, agent=account, dossier_id=self.dossier_id,
                                           version=self.version, reason=self.extension_text)
                else:
                    review.decide(session, agent=account, dossier_id=self.dossier_id,
                                  version=self.version, accept=action == "accept",
                                  reason=self.reason_text)
            log_event("dossier_" + action, dossier=self.dossier_id, account=account.id)
            self.notice = t(f"review.done_{action}", lang)
            self.request_text, self.reason_text = "", ""
            self.request_items, self.extension_text = [], ""
        except Conflict:
            self.action_error = t("error.review_conflict", lang)
            log_event("dossier_conflict", dossier=self.dossier_id, account=account.id)
        except DossierError as error:
            self.action_error = message(error.code, lang, error.params)
        except TransitionError as error:
            self.action_error = t(error.code, lang)
        try:
            self._fill(account)
        except DossierError:
            self.found = False

    @rx.event
    def take(self):
        self._act("take")

    @rx.event
    def request_information(self):
        self._act("request")

    @rx.event
    def extend(self):
        self._act("extend")

    @rx.event
    def accept(self):
        self._act("accept")

    @rx.event
    def reject(self):
        self._act("reject")

    @rx.var
    def decision_url(self) -> str:
        return f"/api/dossiers/{self.dossier_id}/decision.pdf"


class AssistedStartState(SessionState):
    procedure_options: list[list[str]] = []
    errors: dict[str, str] = {}
    # The person's language for the receipt, the decision and the e-mails: the agent asks;
    # until then, the agent's screen (domain.languages).
    person_lang: str = "fr"

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role != AGENT:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        self.errors, self.person_lang = {}, lang
        from sqlmodel import select

        with session_scope() as session:
            procedures = session.exec(
                select(Procedure).where(Procedure.service_id == account.service_id,
                                        Procedure.is_active == True,  # noqa: E712
                                        Procedure.external_url == None)  # noqa: E711
            ).all()
            self.procedure_options = sorted(
                ([p.code, localized(p.names, lang)] for p in procedures), key=lambda pair: pair[1])

    @rx.event
    def set_person_lang(self, lang: str):
        self.person_lang = documents_lang(preference=lang, screen=self.lang)

    @rx.event
    def start(self, form: dict):
        account = self._require(AGENT)
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        failure: dict[str, str] = {}
        with session_scope() as session:
            try:
                dossier = review.start_assisted(
                    session, agent=account, procedure_code=str(form.get("procedure", ""))[:32],
                    person_name=str(form.get("person_name", ""))[:200],
                    person_cin=str(form.get("person_cin", ""))[:16],
                    person_mobile=str(form.get("person_mobile", ""))[:20],
                    lang=documents_lang(preference=str(form.get("person_lang", ""))[:2],
                                        screen=lang),
                    consent=form.get("consent") in (True, "on", "true", "1"))
                dossier_id = dossier.id
            except DossierError as error:
                failure = error.errors or {"form": error.code}
                session.rollback()
        if failure:
            self.errors = {field: t(key, lang) for field, key in failure.items()}
            return
        log_event("assisted_started", dossier=dossier_id, account=account.id)
        return rx.redirect(f"/agent/assisted/{dossier_id}")


class AssistedFilingState(FilingMixin, DocumentUploadMixin, SessionState):
    """A dossier filed by an agent for a person at the counter."""

    FILING_ROLES = (AGENT,)

    person_name: str = ""
    procedure_names: dict[str, str] = {}

    def _load(self, session: Any, account: Any) -> Any:
        filed = session.get(Dossier, self.dossier_id)
        if (filed is not None and filed.filed_by_id == account.id
                and filed.status != Status.DRAFT):
            return filed  # filed already (Back, an old tab): `load` sends it to its review
        dossier = super()._load(session, account)
        self.person_name = dossier.person_name or ""
        procedure = session.get(Procedure, dossier.procedure_id)
        self.procedure_names = dict(procedure.names)
        return dossier

    @rx.var
    def banner(self) -> str:
        return t("assisted.banner_for", self.lang, name=self.person_name) \
            if self.person_name else t("assisted.banner", self.lang)

    @rx.var
    def procedure_title(self) -> str:
        """The procedure's name in the screen's language, also after a switch on the end
        screen (which keeps the PIN and so is not loaded again)."""
        return localized(self.procedure_names, self.lang) or self.procedure_name

    @rx.var
    def done_title(self) -> str:
        return t("assisted.done_title", self.lang, name=self.person_name)

    @rx.event
    def file_for_another(self):
        """A fresh counter filing: nothing of the person just served stays on this screen
        (their PIN above all)."""
        self.reset()
        return rx.redirect("/agent/assisted")
