"""The administrators' screens: people and services, and the e-mail outbox."""

from __future__ import annotations

from datetime import UTC, datetime

import reflex as rx

from counter.db import session_scope
from counter.i18n import normalize_lang, t
from counter.logs import log_event
from counter.services import holidays as holiday_service
from counter.services import people
from counter.services.catalog_admin import input_labels
from counter.services.scope import OutOfScope
from counter.settings import LANGUAGES
from counter.states.session import SessionState

ADMIN = "admin"


class AdminState(SessionState):
    accounts: list[dict[str, str]] = []
    services: list[dict[str, str]] = []
    regions: list[list[str]] = []
    scope_label: str = ""
    holidays: list[dict[str, str]] = []
    holiday_year: int = 0
    outbox: list[dict[str, str]] = []
    role_filter: str = ""
    search: str = ""
    errors: dict[str, str] = {}
    notice: str = ""

    @rx.var
    def name_labels(self) -> dict[str, str]:
        """The label of each language's name input ("Nom en arabe"), as the catalog
        editor writes it, for the new-service and holiday forms."""
        labels = input_labels(normalize_lang(self.lang))
        return {code: labels[f"name_{code}"] for code in LANGUAGES}

    def _refresh(self) -> None:
        account = self._require(ADMIN)
        if account is None:
            return
        lang = normalize_lang(self.lang)
        from counter.services.mail import outbox_rows

        with session_scope() as session:
            self.accounts = people.accounts(session, admin=account, lang=lang,
                                            role=self.role_filter, search=self.search)
            self.services = people.services(session, admin=account, lang=lang)
            self.regions = people.regions(session, admin=account, lang=lang)
            self.outbox = outbox_rows(session, limit=50, lang=lang, admin=account)
        self.holiday_year = self.holiday_year or datetime.now(UTC).year
        with session_scope() as session:
            self.holidays = [
                {**row, "kind_label": t(f"holidays.kind_{row['kind']}", lang)}
                for row in holiday_service.year_rows(session, admin=account,
                                                     year=self.holiday_year, lang=lang)]
        self.scope_label = (t("admin.scope_region", lang, region=self.regions[0][1])
                            if account.region_id and self.regions
                            else t("admin.scope_consortium", lang))

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role != ADMIN:
            return self._to_signin()
        self.errors, self.notice = {}, ""
        self._refresh()

    @rx.event
    def set_role_filter(self, value: str):
        self.role_filter = value[:16]
        self._refresh()

    @rx.event
    def set_search(self, value: str):
        self.search = value[:100]
        self._refresh()

    def _run(self, action: str, work) -> bool:  # noqa: ANN001
        account = self._require(ADMIN)
        if account is None:
            return False
        lang = normalize_lang(self.lang)
        failure: dict[str, str] = {}
        with session_scope() as session:
            try:
                work(session, account)
            except (people.PeopleError, OutOfScope, holiday_service.HolidayError) as error:
                failure = getattr(error, "errors", None) or {"form": error.code}
                session.rollback()
        if failure:
            self.errors = {field: t(key, lang) for field, key in failure.items()}
            self.notice = ""
            return False
        log_event("admin_" + action, account=account.id)
        self.errors, self.notice = {}, t(f"admin.done_{action}", lang)
        self._refresh()
        return True

    @rx.event
    def create_agent(self, form: dict):
        service_id = str(form.get("service_id", ""))
        self._run("create_agent", lambda session, admin: people.create_agent(
            session, admin=admin, full_name=str(form.get("full_name", ""))[:200],
            email=str(form.get("email", ""))[:254], password=str(form.get("password", ""))[:1024],
            service_id=int(service_id) if service_id.isdigit() else None))

    @rx.event
    def create_service(self, form: dict):
        self._run("create_service", lambda session, admin: people.create_service(
            session, admin=admin, code=str(form.get("code", ""))[:32],
            email=str(form.get("email", ""))[:254],
            region_code=str(form.get("region_code", ""))[:16],
            **{f"name_{lang}": str(form.get(f"name_{lang}", ""))[:200] for lang in LANGUAGES}))

    @rx.event
    def assign_service(self, account_id: str, service_id: str):
        if not (str(account_id).isdigit() and str(service_id).isdigit()):
            return
        self._run("assign_service", lambda session, admin: people.assign_service(
            session, admin=admin, account_id=int(account_id), service_id=int(service_id)))

    @rx.event
    def set_active(self, account_id: str, active: bool):
        if not str(account_id).isdigit():
            return
        self._run("enable" if active else "disable", lambda session, admin: people.set_active(
            session, admin=admin, account_id=int(account_id), active=bool(active)))

    @rx.event
    def set_holiday_year(self, year: str):
        if str(year).isdigit() and 2000 <= int(year) <= 2100:
            self.holiday_year = int(year)
            self._refresh()

    @rx.event
    def correct_holiday(self, form: dict):
        """A holiday confirmed (or cancelled) nationally or in one region; due dates follow."""
        self._run("holiday", lambda session, admin: holiday_service.correct(
            session, admin=admin, day=str(form.get("day", ""))[:10],
            region_code=str(form.get("region_code", ""))[:16],
            is_holiday=str(form.get("is_holiday", "1")) == "1",
            name={lang: str(form.get(f"name_{lang}", ""))[:120] for lang in LANGUAGES},
            reason=str(form.get("reason", ""))[:500]))

    @rx.event
    def remove_holiday(self, correction_id: str):
        if str(correction_id).isdigit():
            self._run("holiday_removed", lambda session, admin: holiday_service.remove(
                session, admin=admin, correction_id=int(correction_id)))
