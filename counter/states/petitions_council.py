"""The council's petition screens, thin: the petitions service's queue, a petition's review
and the bureau's decision, paper signature sheets, the region's settings."""

from __future__ import annotations

from datetime import date
from typing import Any

import reflex as rx

from counter.db import session_scope
from counter.domain.identifiers import parse_row_id
from counter.domain.petitions import PetitionError
from counter.i18n import normalize_lang, t
from counter.logs import log_event
from counter.services import petitions_council as council
from counter.services.scope import OutOfScope
from counter.states.session import SessionState

AGENT, ADMIN = "agent", "admin"
TEXT_MAX = 5000
SHEET_ROWS = 5
_DECISION_FIELDS = {"committee": 200, "session_on": 10, "reasons": TEXT_MAX,
                    "answer_text": TEXT_MAX}


def _error(error: PetitionError, lang: str) -> str:
    return t(error.code, lang, **error.params)


class _CouncilPage(SessionState):
    def _page_account(self, role: str) -> Any:  # noqa: ANN401
        """Who opens the page, if their role is `role` (else None: to the sign-in)."""
        account = self._load_user()
        return account if account is not None and account.role == role else None

    def _open_petition(self) -> Any:  # noqa: ANN401
        """The agent opening a petition's page, with the petition of its address."""
        self.petition_id = parse_row_id(self.router.page.params.get("id")) or 0
        return self._page_account(AGENT)


class CouncilQueueState(_CouncilPage):
    rows: list[dict[str, str]] = []
    collecting: list[dict[str, str]] = []
    error: str = ""

    @rx.event
    def load(self):
        account = self._page_account(AGENT)
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        self.error = ""
        try:
            with session_scope() as session:
                self.rows = council.queue_rows(session, agent=account, lang=lang)
                self.collecting = council.collecting_rows(session, agent=account, lang=lang)
        except PetitionError as error:
            self.rows, self.collecting, self.error = [], [], _error(error, lang)
        return None


class CouncilReviewState(_CouncilPage):
    petition_id: int = 0
    version: int = 0
    found: bool = True
    header: dict[str, str] = {}
    provinces: list[dict[str, str]] = []
    signatures: list[dict[str, str]] = []
    signature_count: str = ""
    can_decide: bool = False
    can_answer: bool = False
    committee: str = ""
    session_on: str = ""
    reasons: str = ""
    answer_text: str = ""
    action_error: str = ""
    notice: str = ""

    def _fill(self, account: Any) -> None:
        with session_scope() as session:
            view = council.review_view(session, agent=account, petition_id=self.petition_id,
                                       lang=normalize_lang(self.lang))
        self.version, self.header = view["version"], view["header"]
        self.provinces, self.signatures = view["provinces"], view["signatures"]
        self.signature_count = view["signature_count"]
        self.can_decide, self.can_answer = view["can_decide"], view["can_answer"]
        self.found = True

    @rx.event
    def load(self):
        account = self._open_petition()
        if account is None:
            return self._to_signin()
        self.committee = self.session_on = self.reasons = self.answer_text = ""
        self.action_error = self.notice = ""
        try:
            self._fill(account)
        except PetitionError:
            self.found = False
            log_event("access_refused", route="petition_review", target=self.petition_id,
                      account=account.id)
        return None

    @rx.event
    def set_text(self, name: str, value: str):
        """One of the decision's fields, cut at its length."""
        if name in _DECISION_FIELDS:
            setattr(self, name, str(value)[:_DECISION_FIELDS[name]])

    def _act(self, action: str) -> None:
        account = self._require(AGENT)
        if account is None:
            return
        lang = normalize_lang(self.lang)
        self.action_error = ""
        try:
            session_on = date.fromisoformat(self.session_on) if self.session_on else None
        except ValueError:
            session_on = None
        try:
            with session_scope() as session:
                if action == "answer":
                    council.record_answer(session, agent=account, petition_id=self.petition_id,
                                          version=self.version, text=self.answer_text)
                else:
                    council.record_decision(
                        session, agent=account, petition_id=self.petition_id,
                        version=self.version, admissible=action == "admissible",
                        committee=self.committee, session_on=session_on,
                        reasons=self.reasons, lang=lang)
            log_event("petition_" + action, petition=self.petition_id, account=account.id)
            self.notice = t(f"council.done_{action}", lang)
            self.committee = self.session_on = self.reasons = self.answer_text = ""
        except PetitionError as error:
            self.action_error = _error(error, lang)
        try:
            self._fill(account)
        except PetitionError:
            self.found = False

    @rx.event
    def admissible(self):
        self._act("admissible")

    @rx.event
    def refuse(self):
        self._act("refused")

    @rx.event
    def publish_answer(self):
        self._act("answer")

    @rx.var
    def decision_url(self) -> str:
        return f"/api/petitions/{self.petition_id}/decision.pdf"


def _blank_line(number: int) -> dict[str, str]:
    return {"line": str(number), "name": "", "cin": "", "province": "", "signed": "1",
            "error": ""}


class SheetState(_CouncilPage):
    """A paper sheet typed line by line; the good lines are counted and leave the list, the
    bad ones stay with their message to correct."""

    petition_id: int = 0
    found: bool = True
    title: str = ""
    number: str = ""
    lines: list[dict[str, str]] = []
    province_options: list[list[str]] = []
    progress: str = ""
    result: str = ""
    error: str = ""

    def _fill(self, account: Any) -> None:
        lang = normalize_lang(self.lang)
        with session_scope() as session:
            view = council.review_view(session, agent=account, petition_id=self.petition_id,
                                       lang=lang)
            if not view["can_enter_sheets"]:
                raise PetitionError("petition.not_collecting")
            self.title = view["header"]["title"]
            self.province_options = view["province_options"]
            self.progress = council.sheet_progress(session, self.petition_id, lang)

    @rx.event
    def load(self):
        account = self._open_petition()
        if account is None:
            return self._to_signin()
        self.number, self.result, self.error = "", "", ""
        self.lines = [_blank_line(n) for n in range(1, SHEET_ROWS + 1)]
        try:
            self._fill(account)
            self.found = True
        except PetitionError:
            self.found = False
        return None

    @rx.event
    def set_number(self, value: str):
        self.number = value[:32]

    @rx.event
    def set_line(self, index: int, key: str, value: str | bool):
        if key not in ("name", "cin", "province", "signed") or not 0 <= int(index) < len(
                self.lines):
            return
        lines = [dict(line) for line in self.lines]
        lines[int(index)][key] = ("1" if value else "") if key == "signed" else str(value)[:200]
        self.lines = lines

    @rx.event
    def add_line(self):
        if len(self.lines) >= 50:
            return
        last = max((int(line["line"]) for line in self.lines), default=0)
        self.lines = [*self.lines, _blank_line(last + 1)]

    @rx.event
    def save(self):
        account = self._require(AGENT)
        if account is None:
            return
        lang = normalize_lang(self.lang)
        self.error, self.result = "", ""
        typed = [line for line in self.lines if line["name"].strip() or line["cin"].strip()]
        entries = [council.SheetLine(int(line["line"]), line["name"], line["cin"],
                                     parse_row_id(line["province"]), line["signed"] == "1")
                   for line in typed]
        try:
            with session_scope() as session:
                outcome = council.enter_sheet(session, agent=account,
                                              petition_id=self.petition_id, number=self.number,
                                              lines=entries, lang=lang)
        except PetitionError as error:
            self.error = _error(error, lang)
            return
        self.lines = [{**line, "error": outcome.problems[int(line["line"])]}
                      for line in typed if int(line["line"]) in outcome.problems]
        if not self.lines:
            last = max((int(line["line"]) for line in typed), default=0)
            self.lines = [_blank_line(last + n) for n in range(1, SHEET_ROWS + 1)]
        self.result = t("council.sheet_result", lang, n=outcome.kept,
                        bad=len(outcome.problems), unsigned=outcome.not_signed)
        log_event("petition_sheet", petition=self.petition_id, account=account.id,
                  kept=outcome.kept, refused=len(outcome.problems))
        with session_scope() as session:
            self.progress = council.sheet_progress(session, self.petition_id, lang)


class PetitionSettingsState(_CouncilPage):
    region_id: str = ""
    region_options: list[list[str]] = []
    service_options: list[list[str]] = []
    current: dict[str, str] = {}
    bases: list[str] = []
    versions: list[dict[str, str]] = []
    form: dict[str, str] = {}
    error: str = ""
    notice: str = ""

    def _fill(self, account: Any) -> None:
        lang = normalize_lang(self.lang)
        with session_scope() as session:
            self.region_options = council.region_options(session, account, lang)
            ids = [option[0] for option in self.region_options]
            if self.region_id not in ids:
                self.region_id = ids[0] if ids else ""
            if not self.region_id:
                return
            view = council.settings_view(session, admin=account, region_id=int(self.region_id),
                                         lang=lang)
            self.service_options = council.service_options(session, int(self.region_id), lang)
        current = view["current"]
        self.current = {k: v for k, v in current.items() if k != "bases"}
        self.bases = list(current["bases"])
        self.versions = view["versions"]
        self.form = {k: self.current[k] for k in ("minimum", "spread", "days",
                                                   "legal_reference", "source", "service_id")}

    @rx.event
    def load(self):
        account = self._page_account(ADMIN)
        if account is None:
            return self._to_signin()
        self.error = self.notice = ""
        try:
            self._fill(account)
        except OutOfScope:
            self.error = t("error.out_of_scope", normalize_lang(self.lang))
        return None

    @rx.event
    def choose_region(self, value: str):
        account = self._require(ADMIN)
        if account is None:
            return
        self.region_id, self.error, self.notice = str(value)[:10], "", ""
        try:
            self._fill(account)
        except OutOfScope:
            self.error = t("error.out_of_scope", normalize_lang(self.lang))

    @rx.event
    def set_field(self, key: str, value: str):
        if key in self.form:
            self.form = {**self.form, key: str(value)[:500]}

    @rx.event
    def toggle_basis(self, basis: str, checked: bool):
        bases = [b for b in self.bases if b != basis]
        if checked and basis in ("residence", "activity", "voter"):
            bases.append(basis)
        self.bases = bases

    @rx.event
    def save(self):
        account = self._require(ADMIN)
        if account is None:
            return
        lang = normalize_lang(self.lang)
        self.error = self.notice = ""
        form = self.form
        try:
            with session_scope() as session:
                saved = council.save_settings(
                    session, admin=account, region_id=int(self.region_id or 0),
                    minimum=form.get("minimum", ""), spread=form.get("spread", ""),
                    bases=list(self.bases), days=form.get("days", ""),
                    legal_reference=form.get("legal_reference", ""),
                    source=form.get("source", ""),
                    service_id=parse_row_id(form.get("service_id", "")))
                version = saved.version
        except PetitionError as error:
            self.error = _error(error, lang)
            return
        except OutOfScope:
            self.error = t("error.out_of_scope", lang)
            return
        log_event("petition_settings", region=self.region_id, account=account.id,
                  version=version)
        self._fill(account)
        self.notice = t("council.settings_saved", lang, version=version)
