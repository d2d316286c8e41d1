"""States of the public catalog pages: they load entries and localize them for the screen."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from counter.db import session_scope
from counter.domain.catalog import localized
from counter.i18n import format_deadline, normalize_lang, t
from counter.i18n.screens import route_of
from counter.models import Audience
from counter.services.catalog import (
    CatalogSearch,
    catalog_entry,
    entries_of,
    regions_of,
    shared_entries,
    shared_search,
    site_name,
)
from counter.states.session import SessionState

AUDIENCE_FILTERS = ("", Audience.CITIZEN.value, Audience.BUSINESS.value)
FILTER_PARAMS = ("q", "audience", "service", "region")
# The pages that show the catalog's list and its counts: elsewhere these computed vars are
# empty, so a page load (whose hydrate sends every state's vars) does not carry the list.
LIST_ROUTE = "/procedures"
HOME_ROUTE = "/"
# Cards the list shows at first, and each "show more" adds: a phone on a weak link gets a
# screenful (about 6 KB) instead of the whole catalog (issue 13), and the search finds the rest.
PAGE_SIZE = 12


def _audience_label(audience: str, lang: str) -> str:
    return t(f"audience.{audience}", lang)


class CatalogState(SessionState):
    """The catalog's search and filters. On the catalog page they live in the address too
    (?q=&audience=&service=&region=), so a filtered list can be shared and Back finds it."""

    query: str = ""
    audience: str = ""
    service: str = ""
    # The region filter is the visitor's remembered region (AppState.remembered_region).
    # The version of the catalog this tab was shown: the entries themselves are shared by
    # every tab of the worker (services.catalog.shared_entries), never copied into a state.
    _catalog: str = ""
    # How many of the matching procedures the list shows (PAGE_SIZE more each time).
    shown: int = PAGE_SIZE

    def _load_entries(self) -> None:
        self._load_user()
        with session_scope() as session:
            self._catalog = shared_entries(session)[0]

    @property
    def _entries(self) -> list[dict[str, Any]]:
        return entries_of(self._catalog) if self._catalog else []

    @rx.event
    def load(self):
        """The home page: how many procedures there are."""
        self._load_entries()

    @rx.event
    def load_list(self):
        """The catalog page: the filters of its address; without any, the ones this tab
        used last (kept, and written into the address)."""
        self._load_entries()
        params = self.router.url.query_parameters
        if any(name in params for name in FILTER_PARAMS):
            query = str(params.get("q") or "")[:100]
            if query != self.query:
                self.query, self.shown = query, PAGE_SIZE
            changed = self._set_filters(
                str(params.get("audience") or ""), str(params.get("region") or "")
                if "region" in params else self.remembered_region,
                str(params.get("service") or ""))
        else:
            changed = self._set_filters(self.audience, self.remembered_region, self.service)
        return self._address(changed)

    def _set_filters(self, audience: str, region: str, service: str) -> bool:
        """Only values the catalog has (the address and the cookie come from the browser).
        Another list starts again at its first page; the same one (Back from a procedure)
        shows as many cards as it did. True when the region changed."""
        before = (self.audience, self.remembered_region, self.service)
        region = region if region in {e["region_code"] for e in self._entries} else ""
        self.audience = audience if audience in AUDIENCE_FILTERS else ""
        if region != self.remembered_region:
            self.remembered_region = region
        self.service = service if service in {
            e["service_code"] for e in self._entries
            if not region or e["region_code"] == region} else ""
        if (self.audience, region, self.service) != before:
            self.shown = PAGE_SIZE
        return region != before[1]

    def _search_part(self, query: str) -> str:
        """"?q=...&region=...": the address's part that says what the list shows."""
        shown = {"q": query.strip(), "audience": self.audience, "service": self.service,
                 "region": self._region()}
        search = urlencode({name: value for name, value in shown.items() if value})
        return f"?{search}" if search else ""

    def _address(self, region_changed: bool = False) -> list[rx.event.EventSpec]:
        """Write the filters into the address in place: no new history entry per keystroke,
        and what Back returns to is the list as it was left; a new region is remembered
        for every page and the next visit."""
        address = rx.call_script(
            "window.history.replaceState(window.history.state, '', "
            f"window.location.pathname + {json.dumps(self._search_part(self.query))})")
        return [self._remember_region(self.remembered_region), address] if region_changed \
            else [address]

    @rx.event
    def set_query(self, value: str):
        if value[:100] != self.query:
            self.query, self.shown = value[:100], PAGE_SIZE
        return self._address()

    @rx.event
    def show_more(self):
        self.shown += PAGE_SIZE

    @rx.event
    def set_audience(self, value: str):
        return self._address(self._set_filters(value, self.remembered_region, self.service))

    @rx.event
    def set_service(self, value: str):
        return self._address(self._set_filters(self.audience, self.remembered_region, value))

    @rx.event
    def set_region(self, value: str):
        self._set_filters(self.audience, value, "")
        return self._address(region_changed=True)

    @rx.event
    def clear(self):
        self.query, self.audience, self.service = "", "", ""
        self.shown = PAGE_SIZE
        return self._address()

    def _region(self) -> str:
        """The remembered region if the catalog has it (a cookie is only a preference)."""
        region = self.remembered_region
        return region if any(e["region_code"] == region for e in self._entries) else ""

    def _search(self, *, everywhere: bool = False) -> CatalogSearch:
        """The search in the chosen region and service, or `everywhere`."""
        if not self._catalog:
            return CatalogSearch([])
        return shared_search(self._catalog, self.query, lang=normalize_lang(self.lang),
                             audience=self.audience,
                             service="" if everywhere else self.service,
                             region="" if everywhere else self._region())

    @rx.var
    def results(self) -> list[dict[str, str]]:
        if route_of(self.router.route_id) != LIST_ROUTE:
            return []
        lang = normalize_lang(self.lang)
        return [
            {
                "code": row["code"],
                "href": f"/procedures/{row['code']}",
                "name": row["name"],
                "description": row["description"],
                "service": row["service"],
                "region": row["region"],
                "deadline": format_deadline(row["legal_deadline_days"], row["deadline_unit"],
                                            lang),
                "audience": _audience_label(row["audience"], lang),
                "investment": t("catalog.investment", lang) if row["is_investment"] else "",
                "elsewhere": (t("catalog.elsewhere_badge", lang,
                                site=site_name(row["external_url"]))
                              if row["external_url"] else ""),
            }
            for row in self._search().rows[:self.shown]
        ]

    @rx.var
    def more_label(self) -> str:
        """The button under the list while it does not show every match: how many more
        one tap shows."""
        if route_of(self.router.route_id) != LIST_ROUTE:
            return ""
        more = min(PAGE_SIZE, len(self._search().rows) - self.shown)
        return t("catalog.more", self.lang, n=more) if more > 0 else ""

    @rx.var
    def suggestions(self) -> list[list[str]]:
        """"Did you mean": the query as it was read, or the nearest procedure names, each
        with the address of its search (text, href)."""
        if route_of(self.router.route_id) != LIST_ROUTE:
            return []
        return [[text, f"/procedures{self._search_part(text)}"]
                for text in self._search().suggestions]

    @rx.var
    def elsewhere_label(self) -> str:
        """When a region is chosen: how many more procedures match in the other regions."""
        region = self._region()
        if not region or route_of(self.router.route_id) != LIST_ROUTE:
            return ""
        everywhere = self._search(everywhere=True).rows
        more = sum(1 for row in everywhere if row["region_code"] != region)
        return t("catalog.elsewhere", self.lang, n=more) if more else ""

    @rx.var
    def region_options(self) -> list[list[str]]:
        if route_of(self.router.route_id) != LIST_ROUTE:
            return []
        lang = normalize_lang(self.lang)
        return [[r["code"], localized(r["name"], lang)] for r in regions_of(self._entries)]

    @rx.var
    def region_choice(self) -> str:
        return self._region()

    @rx.var
    def count_label(self) -> str:
        if route_of(self.router.route_id) != LIST_ROUTE:
            return ""
        return t("catalog.count", self.lang, n=len(self._search().rows))

    @rx.var
    def service_options(self) -> list[list[str]]:
        if route_of(self.router.route_id) != LIST_ROUTE:
            return []
        lang = normalize_lang(self.lang)
        seen: dict[str, str] = {}
        region = self._region()
        for entry in self._entries:
            if not region or entry["region_code"] == region:
                seen.setdefault(entry["service_code"], localized(entry["service"], lang))
        return sorted(([code, name] for code, name in seen.items()), key=lambda pair: pair[1])

    @rx.var
    def total_label(self) -> str:
        if route_of(self.router.route_id) != HOME_ROUTE:
            return ""
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
             format_deadline(self._entry["legal_deadline_days"], self._entry["deadline_unit"],
                             lang)],
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
