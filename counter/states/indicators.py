"""The administrators' dashboard and the public transparency page."""

from __future__ import annotations

from typing import Any

import reflex as rx

from counter.db import session_scope
from counter.i18n import normalize_lang
from counter.services.dashboard import Period, dashboard, filter_options
from counter.states.session import SessionState


class IndicatorsMixin(rx.State, mixin=True):
    date_from: str = ""
    date_to: str = ""
    service: str = ""
    province: str = ""
    region: dict[str, str] = {}
    procedures: list[dict[str, str]] = []
    series: list[dict[str, Any]] = []
    on_time: list[dict[str, Any]] = []
    backlog: list[dict[str, Any]] = []
    paper: list[dict[str, Any]] = []

    def _compute(self) -> None:
        period = Period.parse(self.date_from, self.date_to)
        self.date_from, self.date_to = period.date_from.isoformat(), period.date_to.isoformat()
        with session_scope() as session:
            data = dashboard(session, period=period, lang=normalize_lang(self.lang),
                             service_code=self.service, province_code=self.province)
        self.region, self.procedures = data["region"], data["procedures"]
        self.series, self.on_time = data["series"], data["on_time"]
        self.backlog, self.paper = data["backlog"], data["paper"]


class AdminIndicatorsState(IndicatorsMixin, SessionState):
    service_options: list[list[str]] = []
    province_options: list[list[str]] = []

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role != "admin":
            return self._to_signin()
        with session_scope() as session:
            options = filter_options(session, normalize_lang(self.lang))
        self.service_options, self.province_options = options["services"], options["provinces"]
        self._compute()

    @rx.event
    def apply(self, form: dict):
        if self._require("admin") is None:
            return self._to_signin()
        self.date_from = str(form.get("from", ""))[:10]
        self.date_to = str(form.get("to", ""))[:10]
        self.service = str(form.get("service", ""))[:32]
        self.province = str(form.get("province", ""))[:32]
        self._compute()


class TransparencyState(IndicatorsMixin, SessionState):
    """Public: no account, the whole region, the last twelve months."""

    @rx.event
    def load(self):
        self._load_user()
        self.date_from = self.date_to = self.service = self.province = ""
        self._compute()
