"""The administrators' dashboard and the public transparency page."""

from __future__ import annotations

from typing import Any

import reflex as rx

from counter.db import session_scope
from counter.domain.preferences import region_code
from counter.i18n import normalize_lang
from counter.logs import log_event
from counter.services.dashboard import (
    Period,
    admin_dashboard,
    public_figures,
    region_options,
    shaped,
)
from counter.services.indicators import UnknownCode
from counter.services.opendata import OPEN_DATA_PATH, open_data_query
from counter.services.petitions_council import two_month_rows
from counter.services.scope import OutOfScope
from counter.states.session import SessionState

DOWNLOADS = ("indicators.csv", "indicators.json", "dossiers.csv", "datapackage.json")


class IndicatorsMixin(rx.State, mixin=True):
    date_from: str = ""
    date_to: str = ""
    service: str = ""
    province: str = ""
    region_choice: str = ""  # a region's code, "" for the four together
    region_options: list[list[str]] = []
    scope_name: str = ""
    total: dict[str, str] = {}
    procedures: list[dict[str, str]] = []
    series: list[dict[str, Any]] = []
    on_time: list[dict[str, Any]] = []
    backlog: list[dict[str, Any]] = []
    paper: list[dict[str, Any]] = []
    on_time_height: int = 300
    several_regions: bool = False
    has_partial_month: bool = False
    computed_at: str = ""
    period: str = ""  # in words, DD/MM/YYYY (format_period)

    def _show(self, data: dict[str, Any]) -> None:
        self.computed_at, self.scope_name = data["computed_at"], data["scope"]
        self.period, self.has_partial_month = data["period"], data["has_partial_month"]
        self.total, self.procedures = data["total"], data["procedures"]
        self.series, self.on_time = data["series"], data["on_time"]
        self.backlog, self.paper = data["backlog"], data["paper"]
        self.on_time_height, self.several_regions = data["on_time_height"], data["several_regions"]


class AdminIndicatorsState(IndicatorsMixin, SessionState):
    """A region's administrator sees their region; the consortium's chooses one or all
    four, and compares the regions (services.dashboard.admin_choice decides)."""

    is_consortium: bool = False
    service_options: list[list[str]] = []
    province_options: list[list[str]] = []
    regions: list[dict[str, str]] = []
    regions_chart: list[dict[str, Any]] = []
    regions_domain: list[float] = [0, 100]
    refused: bool = False

    def _compute(self) -> rx.event.EventSpec | None:
        account = self._require("admin")
        if account is None:
            return self._to_signin()
        period = Period.parse(self.date_from, self.date_to)
        self.date_from, self.date_to = period.date_from.isoformat(), period.date_to.isoformat()
        lang = normalize_lang(self.lang)
        with session_scope() as session:
            try:
                choice, data = admin_dashboard(
                    session, admin=account, period=period, lang=lang,
                    region_code=self.region_choice, service_code=self.service,
                    province_code=self.province)
            except (OutOfScope, UnknownCode) as error:  # a tampered choice: back to the start
                log_event("dashboard_choice_refused", account=account.id, error=str(error))
                self.refused = True
                self.region_choice = self.service = self.province = ""
                choice, data = admin_dashboard(session, admin=account, period=period,
                                               lang=lang)
        self.region_choice, self.is_consortium = choice.region_code, choice.is_consortium
        self.region_options = choice.regions
        self.service_options, self.province_options = choice.services, choice.provinces
        self._show(data)
        self.regions = data["regions"] if choice.is_consortium else []
        self.regions_chart = data["regions_chart"] if choice.is_consortium else []
        self.regions_domain = data["regions_domain"]
        return None

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role != "admin":
            return self._to_signin()
        self.refused = False
        return self._compute()

    @rx.event
    def choose_region(self, value: str):
        """A new region: its own services and provinces, its figures."""
        self.refused = False
        self.region_choice = str(value)[:16]
        self.service = self.province = ""
        return self._compute()

    @rx.event
    def apply(self, form: dict):
        self.refused = False
        self.date_from = str(form.get("from", ""))[:10]
        self.date_to = str(form.get("to", ""))[:10]
        self.region_choice = str(form.get("region", self.region_choice))[:16]
        self.service = str(form.get("service", ""))[:32]
        self.province = str(form.get("province", ""))[:32]
        return self._compute()


class TransparencyState(IndicatorsMixin, SessionState):
    """Public: no account, the last twelve months, of the visitor's region (the catalog's
    remembered choice, checked against the regions) or of all four; computed at most once
    every few minutes per region (services.dashboard.PublicFigures)."""

    # The region shown is the visitor's remembered one (AppState.remembered_region), one
    # for the whole site.
    download_query: str = ""
    # The petitions decided within two months of their deposit, per region (issue 15).
    petition_rows: list[dict[str, str]] = []
    petition_chart: list[dict[str, Any]] = []

    def _show_public(self) -> None:
        lang = normalize_lang(self.lang)
        with session_scope() as session:
            self.region_options = region_options(session, lang)
            self.petition_rows = two_month_rows(session, lang)
        self.petition_chart = [{"name": row["name"], "share": float(row["value"])}
                               for row in self.petition_rows if row["value"] and row["region"]]
        codes = {code for code, _ in self.region_options}
        self.region_choice = (self.remembered_region if self.remembered_region in codes
                              else "")
        figures = public_figures.get(session_scope, self.region_choice)
        self.service = self.province = ""
        self.download_query = open_data_query(self.region_choice or None,
                                              figures.period.date_from, figures.period.date_to)
        self._show(shaped(figures, lang))

    @rx.event
    def load(self):
        self._load_user()
        self._show_public()

    @rx.event
    def choose_region(self, value: str):
        """Remembered, as in the catalog; anything but a region's code means all four."""
        self.remembered_region = region_code(str(value)[:16])
        self._show_public()
        return self._remember_region(self.region_choice)

    @rx.var
    def downloads(self) -> list[list[str]]:
        """[file name, link]: the files of the period and region shown; none until the
        figures are there (a link without the page's period would be all-time files)."""
        if not self.download_query:
            return []
        return [[name, f"{OPEN_DATA_PATH}/{name}{self.download_query}"] for name in DOWNLOADS]

    @rx.var
    def spreadsheet_links(self) -> dict[str, str]:
        """The same CSV files for a spreadsheet (UTF-8 with BOM, `bom=1`), by stem."""
        if not self.download_query:
            return {}
        return {name.split(".")[0]: f"{OPEN_DATA_PATH}/{name}{self.download_query}&bom=1"
                for name in DOWNLOADS if name.endswith(".csv")}
