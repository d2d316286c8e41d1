"""States of the public catalog pages: they load entries and localize them for the screen."""

from __future__ import annotations

from typing import Any

import reflex as rx

from counter.db import session_scope
from counter.domain.catalog import localized
from counter.i18n import normalize_lang, t
from counter.models import Audience
from counter.services.catalog import (
    catalog_entries,
    catalog_entry,
    regions_of,
    search_catalog,
    site_name,
)
from counter.states.session import SessionState

AUDIENCE_FILTERS = ("", Audience.CITIZEN.value, Audience.BUSINESS.value)
_ONE_YEAR = 365 * 24 * 3600


def _audience_label(audience: str, lang: str) -> str:
    return t(f"audience.{audience}", lang)


class CatalogState(SessionState):
    query: str = ""
    audience: str = ""
    service: str = ""
    # The visitor's region, remembered like the language (only a preference, checked).
    region: str = rx.Cookie("", name="counter_region", max_age=_ONE_YEAR, same_site="lax")
    _entries: list[dict[str, Any]] = []

    @rx.event
    def load(self):
        self._load_user()
        with session_scope() as session:
            self._entries = catalog_entries(session)
        params = self.router.url.query_parameters
        if "q" in params:
            self.query = (params.get("q") or "")[:100]

    @rx.event
    def set_query(self, value: str):
        self.query = value[:100]

    @rx.event
    def set_audience(self, value: str):
        self.audience = value if value in AUDIENCE_FILTERS else ""

    @rx.event
    def set_service(self, value: str):
        codes = {entry["service_code"] for entry in self._entries
                 if not self._region() or entry["region_code"] == self._region()}
        self.service = value if value in codes else ""

    @rx.event
    def set_region(self, value: str):
        codes = {entry["region_code"] for entry in self._entries}
        self.region = value if value in codes else ""
        self.service = ""

    @rx.event
    def clear(self):
        self.query, self.audience, self.service = "", "", ""

    def _region(self) -> str:
        """The remembered region if the catalog has it (a cookie is only a preference)."""
        return self.region if any(e["region_code"] == self.region for e in self._entries) \
            else ""

    @rx.var
    def results(self) -> list[dict[str, str]]:
        lang = normalize_lang(self.lang)
        return [
            {
                "code": row["code"],
                "href": f"/procedures/{row['code']}",
                "name": row["name"],
                "description": row["description"],
                "service": row["service"],
                "region": row["region"],
                "deadline": t("unit.days", lang, n=row["legal_deadline_days"]),
                "audience": _audience_label(row["audience"], lang),
                "investment": t("catalog.investment", lang) if row["is_investment"] else "",
                "elsewhere": (t("catalog.elsewhere_badge", lang,
                                site=site_name(row["external_url"]))
                              if row["external_url"] else ""),
            }
            for row in search_catalog(self._entries, self.query, self.audience, self.service,
                                      lang, self._region())
        ]

    @rx.var
    def elsewhere_label(self) -> str:
        """When a region is chosen: how many more procedures match in the other regions."""
        region = self._region()
        if not region:
            return ""
        lang = normalize_lang(self.lang)
        everywhere = search_catalog(self._entries, self.query, self.audience, "", lang)
        more = sum(1 for row in everywhere if row["region_code"] != region)
        return t("catalog.elsewhere", lang, n=more) if more else ""

    @rx.var
    def region_options(self) -> list[list[str]]:
        lang = normalize_lang(self.lang)
        return [[r["code"], localized(r["name"], lang)] for r in regions_of(self._entries)]

    @rx.var
    def region_choice(self) -> str:
        return self._region()

    @rx.var
    def count_label(self) -> str:
        return t("catalog.count", self.lang, n=len(self.results))

    @rx.var
    def service_options(self) -> list[list[str]]:
        lang = normalize_lang(self.lang)
        seen: dict[str, str] = {}
        region = self._region()
        for entry in self._entries:
            if not region or entry["region_code"] == region:
                seen.setdefault(entry["service_code"], localized(entry["service"], lang))
        return sorted(([code, name] for code, name in seen.items()), key=lambda pair: pair[1])

    @rx.var
    def total_label(self) -> str:
        return t("home.procedures_count", self.lang, n=len(self._entries))


class ProcedureState(SessionState):
    found: bool = True
    _entry: dict[str, Any] | None = None

    @rx.event
    def load(self):
        self._load_user()
        code = str(self.router.page.params.get("code", ""))[:32]
        with session_scope() as session:
            self._entry = catalog_entry(session, code)
        self.found = self._entry is not None

    def _localized(self, key: str) -> str:
        return localized(self._entry[key], normalize_lang(self.lang)) if self._entry else ""

    @rx.var
    def name(self) -> str:
        return self._localized("name")

    @rx.var
    def description(self) -> str:
        return self._localized("description")

    @rx.var
    def service(self) -> str:
        return self._localized("service")

    @rx.var
    def code(self) -> str:
        return self._entry["code"] if self._entry else ""

    @rx.var
    def external_url(self) -> str:
        """Set when the procedure is handled on another portal (Rokhas.ma, Chikaya.ma)."""
        return (self._entry or {}).get("external_url") or ""

    @rx.var
    def elsewhere_text(self) -> str:
        url = self.external_url
        return t("procedure.elsewhere", self.lang, site=site_name(url)) if url else ""

    @rx.var
    def elsewhere_go(self) -> str:
        url = self.external_url
        return t("procedure.elsewhere_go", self.lang, site=site_name(url)) if url else ""

    @rx.var
    def is_investment(self) -> bool:
        return bool(self._entry and self._entry["is_investment"])

    @rx.var
    def facts(self) -> list[list[str]]:
        """(icon, label, value) rows of the procedure's key facts."""
        if not self._entry:
            return []
        lang = normalize_lang(self.lang)
        return [
            ["clock", t("procedure.deadline", lang),
             t("unit.days", lang, n=self._entry["legal_deadline_days"])],
            ["landmark", t("procedure.region", lang),
             t("receipt.region", lang, name=self._localized("region"))],
            ["building-2", t("procedure.service", lang), self._localized("service")],
            ["users", t("procedure.audience", lang),
             _audience_label(self._entry["audience"], lang)],
        ]

    @rx.var
    def documents(self) -> list[dict[str, str]]:
        if not self._entry:
            return []
        lang = normalize_lang(self.lang)
        return [
            {
                "label": localized(doc["label"], lang),
                "help": localized(doc.get("help"), lang),
                "required": t("procedure.required" if doc.get("required", True)
                              else "procedure.optional", lang),
            }
            for doc in self._entry["documents"]
        ]

    @rx.var
    def fields(self) -> list[dict[str, str]]:
        if not self._entry:
            return []
        lang = normalize_lang(self.lang)
        rows = []
        for field in self._entry["fields"]:
            kind = t(f"field.type.{field['type']}", lang)
            if field["type"] == "choice":
                kind += " : " + ", ".join(localized(c["label"], lang) for c in field["choices"])
            rows.append(
                {
                    "label": localized(field["label"], lang),
                    "kind": kind,
                    "required": t("procedure.required" if field.get("required")
                                  else "procedure.optional", lang),
                }
            )
        return rows
