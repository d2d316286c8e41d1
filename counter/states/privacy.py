"""State of the public privacy page: each region's record of processing, in the screen's
language (the rules are in domain.privacy; the register comes from services.retention)."""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import reflex as rx

from counter.db import session_scope
from counter.domain.catalog import localized
from counter.domain.law import DRAFT_EXPIRY_MONTHS, RETENTION_WARNING
from counter.domain.privacy import (
    datum_label,
    legal_basis_text,
    processing_record,
    purpose_text,
)
from counter.domain.search import fold
from counter.i18n import normalize_lang, t
from counter.services.retention import processing_register
from counter.settings import get_settings
from counter.states.session import SessionState


@dataclasses.dataclass
class DatumView:
    category: str
    label: str
    kind: str


@dataclasses.dataclass
class ProcedureView:
    code: str
    name: str
    purpose: str
    basis: str
    retention: str
    for_businesses: bool
    data: list[DatumView]


def region_of(register: list[dict[str, Any]], wanted: str) -> dict[str, Any] | None:
    """The region asked for (the catalog's cookie is only a preference), else the
    installation's, else the first."""
    by_code = {region["code"]: region for region in register}
    for code in (wanted, get_settings().region_code):
        if code in by_code:
            return by_code[code]
    return register[0] if register else None


def procedure_views(region: dict[str, Any] | None, lang: str) -> list[ProcedureView]:
    """A region's procedures as the page lists them, in `lang`'s name order."""
    if region is None:
        return []
    views = []
    for values in region["procedures"]:
        record = processing_record(values)
        views.append(ProcedureView(
            code=record.procedure_code,
            name=localized(dict(record.name), lang),
            purpose=purpose_text(record, lang),
            basis=legal_basis_text(record, lang),
            retention=t("privacy.retention_after", lang, n=record.retention_months),
            for_businesses=record.for_businesses,
            data=[DatumView(category=d.category, label=datum_label(d, lang),
                            kind=t(f"privacy.category.{d.category}", lang))
                  for d in record.collected],
        ))
    return sorted(views, key=lambda view: fold(view.name))


REGISTER_TTL_SECONDS = 300.0
_register_cache: dict[str, Any] = {}


def current_register() -> list[dict[str, Any]]:
    """Every region's record of processing, read at most every 5 minutes by each server
    process: it changes only with the catalog, and no visitor's state keeps a copy."""
    loaded_at = _register_cache.get("at")
    if loaded_at is None or time.monotonic() - loaded_at > REGISTER_TTL_SECONDS:
        with session_scope() as session:
            register = processing_register(session)
        _register_cache.update(at=time.monotonic(), register=register)
    return _register_cache["register"]


class PrivacyState(SessionState):
    # The region shown is the visitor's remembered one (AppState.remembered_region).
    # Set by the page's load: a tab that never opened /privacy keeps no copy of the
    # register (computed vars are worked out, and kept, for every tab).
    _shown: bool = False

    @rx.event
    def load(self):
        self._load_user()
        current_register()
        self._shown = True

    @rx.event
    def set_region(self, value: str):
        if any(region["code"] == value for region in current_register()):
            return self._remember_region(value)

    def _region(self) -> dict[str, Any] | None:
        return region_of(current_register(), self.remembered_region)

    def _region_name(self) -> str:
        region = self._region()
        return localized(region["name"], normalize_lang(self.lang)) if region else ""

    @rx.var
    def region_choice(self) -> str:
        region = self._region()
        return region["code"] if region else ""

    @rx.var
    def region_options(self) -> list[list[str]]:
        lang = normalize_lang(self.lang)
        return [[region["code"], localized(region["name"], lang)]
                for region in current_register()]

    @rx.var
    def controller(self) -> str:
        return t("privacy.controller", self.lang, region=self._region_name())

    @rx.var
    def controller_name(self) -> str:
        return t("privacy.controller_name", self.lang, region=self._region_name())

    @rx.var
    def rights_how(self) -> str:
        return t("privacy.rights_how", self.lang, region=self._region_name())

    @rx.var
    def procedures(self) -> list[ProcedureView]:
        return procedure_views(self._region(), normalize_lang(self.lang)) if self._shown else []

    @rx.var
    def count_label(self) -> str:
        return t("privacy.procedures_count", self.lang, n=len(self.procedures))

    @rx.var
    def drafts_rule(self) -> str:
        return t("privacy.retention_drafts", self.lang, n=DRAFT_EXPIRY_MONTHS)

    @rx.var
    def warning_rule(self) -> str:
        return t("privacy.retention_warning", self.lang, n=RETENTION_WARNING.days)
