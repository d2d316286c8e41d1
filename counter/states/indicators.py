"""The administrators' dashboard and the public transparency page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import reflex as rx

from counter.db import session_scope
from counter.i18n import normalize_lang
from counter.services.dashboard import Period, dashboard, filter_options, public_figures, shaped
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
    computed_at: str = ""

    def _compute(self) -> None:
        period = Period.parse(self.date_from, self.date_to)
        self.date_from, self.date_to = period.date_from.isoformat(), period.date_to.isoformat()
        with session_scope() as session:
            self._show(dashboard(session, period=period, lang=normalize_lang(self.lang),
                                 service_code=self.service, province_code=self.province))

    def _show(self, data: dict[str, Any]) -> None:
        self.computed_at = data["computed_at"]
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
    """Public: no account, the whole region, the last twelve months (computed at most once
    every few minutes: services.dashboard.PublicFigures)."""

    @rx.event
    def load(self):
        self._load_user()
        figures = public_figures.get(session_scope)
        self.service = self.province = ""
        self.date_from = figures.period.date_from.isoformat()
        last_day = figures.period.date_to - timedelta(days=1)  # the period excludes date_to
        self.date_to = last_day.isoformat()
        self._show(shaped(figures, normalize_lang(self.lang)))
