"""The public procedure catalog: what it lists and how it is searched."""

from __future__ import annotations

import hashlib
import json
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, func, select

from counter.domain.names import pick
from counter.domain.search import SearchIndex, build_index, fold, query_words
from counter.models import Audience, Procedure, Province, Region, Service


def procedure_entry(procedure: Procedure, service: Service, region: Region, *,
                    definitions: bool = True) -> dict[str, Any]:
    """A procedure as the catalog shows it, in every language (no database objects); the
    list needs no definitions, only how many documents they ask for."""
    entry = {
        "code": procedure.code,
        "name": dict(procedure.names),
        "description": dict(procedure.descriptions),
        "service_code": service.code,
        "service": dict(service.names),
        "region_code": region.code,
        "region": dict(region.names),
        "audience": procedure.audience,
        "legal_deadline_days": procedure.legal_deadline_days,
        "deadline_unit": procedure.deadline_unit,
        "is_investment": procedure.is_investment,
        "documents_count": len(procedure.documents),
        "external_url": procedure.external_url or "",
    }
    if definitions:
        entry.update(documents=procedure.documents, fields=procedure.fields)
    return entry


def _active_procedures() -> Any:
    return (select(Procedure, Service, Region)
            .join(Service, Service.id == Procedure.service_id)
            .join(Region, Region.id == Service.region_id)
            .where(Procedure.is_active == True))  # noqa: E712


def catalog_entries(session: Session) -> list[dict[str, Any]]:
    """Every active procedure of every region, without definitions, by French name."""
    rows = session.exec(_active_procedures().order_by(Procedure.code)).all()
    return [procedure_entry(*row, definitions=False)
            for row in sorted(rows, key=lambda row: pick(row[0].names, "fr"))]


# The version a worker read last, per database, and when: page loads within a second take
# it again rather than asking the database (three queries each; 5% of a worker's time
# under load, issue 13). A change committed by this process forgets it at once; another
# worker's change shows here within the second.
VERSION_TTL_SECONDS = 1.0
_VERSIONS: weakref.WeakKeyDictionary[Any, tuple[float, str]] = weakref.WeakKeyDictionary()
_CATALOG_ROWS = (Procedure, Service, Region)
_CHANGED = "counter_catalog_changed"


def catalog_version(session: Session) -> str:
    """A short fingerprint of what the catalog list shows: the procedures' count and last
    change (a deactivation bumps `updated_at` too), and the services' and regions' names.
    Cheap (no procedure row is read), and read at most once a second per worker; a session
    that changed the catalog reads its own."""
    if session.info.get(_CHANGED):
        return _read_version(session)
    engine, now = session.get_bind(), time.monotonic()
    known = _VERSIONS.get(engine)
    if known is not None and now - known[0] < VERSION_TTL_SECONDS:
        return known[1]
    version = _read_version(session)
    _VERSIONS[engine] = (now, version)
    return version


def _read_version(session: Session) -> str:
    count, changed, ids = session.exec(select(
        func.count(Procedure.id), func.max(Procedure.updated_at), func.sum(Procedure.id))
        .where(Procedure.is_active == True)).one()  # noqa: E712
    services = session.exec(select(Service.id, Service.code, Service.names, Service.region_id)
                            .order_by(Service.id)).all()
    regions = session.exec(select(Region.id, Region.code, Region.names)
                           .order_by(Region.id)).all()
    text = json.dumps([count, str(changed), ids, [list(r) for r in services],
                       [list(r) for r in regions]], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@sa_event.listens_for(OrmSession, "after_flush")
def _note_catalog_change(session: OrmSession, _context: Any) -> None:  # noqa: ANN401
    if any(isinstance(row, _CATALOG_ROWS)
           for row in (*session.new, *session.dirty, *session.deleted)):
        session.info[_CHANGED] = True
        _VERSIONS.clear()


@sa_event.listens_for(OrmSession, "after_commit")
@sa_event.listens_for(OrmSession, "after_rollback")
def _forget_version(session: OrmSession) -> None:
    if session.info.pop(_CHANGED, False):
        _VERSIONS.clear()


_SHARED_LOCK = threading.Lock()
_SHARED: dict[str, list[dict[str, Any]]] = {}


def shared_entries(session: Session) -> tuple[str, list[dict[str, Any]]]:
    """The catalog list (`catalog_entries`) and its version, kept once per process and
    shared by every tab: a tab's state holds only the version it was shown. Read from the
    database only when the version changed."""
    version = catalog_version(session)
    entries = _SHARED.get(version)
    if entries is None:
        entries = catalog_entries(session)
        with _SHARED_LOCK:
            _SHARED.clear()
            _SHARED[version] = entries
    return version, entries


def entries_of(version: str) -> list[dict[str, Any]]:
    """The shared entries of `version`; read again (at the current version) when this
    worker has not got them (another worker showed them, or the catalog changed since)."""
    entries = _SHARED.get(version)
    if entries is not None:
        return entries
    from counter.db import session_scope

    with session_scope() as session:
        return shared_entries(session)[1]


# The last searches of the shared catalog, by what was asked: a page's list, its count, its
# "show more" and its suggestions read one search, and every visitor of the same list (the
# catalog without a query, in one language: most page loads) shares it (issue 13: the
# search was an eighth of a worker's time under load). Each answer holds the list it was
# computed on, and is given only for that list.
_SEARCHES: OrderedDict[tuple, tuple[list, CatalogSearch]] = OrderedDict()
_SEARCHES_KEPT = 256
_SEARCHES_LOCK = threading.Lock()


def shared_search(version: str, query: str = "", *, lang: str, audience: str = "",
                  service: str = "", region: str = "") -> CatalogSearch:
    """`find_procedures` on the shared entries of catalog `version`, computed once per
    question. Its rows are shared: read them, do not change them."""
    entries = entries_of(version)
    key = (version, query, lang, audience, service, region)
    with _SEARCHES_LOCK:
        known = _SEARCHES.get(key)
        if known is not None and known[0] is entries:
            _SEARCHES.move_to_end(key)
            return known[1]
    found = find_procedures(entries, query, lang=lang, audience=audience, service=service,
                            region=region)
    with _SEARCHES_LOCK:
        _SEARCHES[key] = (entries, found)
        while len(_SEARCHES) > _SEARCHES_KEPT:
            _SEARCHES.popitem(last=False)
    return found


def catalog_entry(session: Session, code: str) -> dict[str, Any] | None:
    row = session.exec(_active_procedures().where(Procedure.code == code)).first()
    return procedure_entry(*row) if row else None


def site_name(url: str) -> str:
    """'Rokhas.ma' for https://www.rokhas.ma/...: how people name the portal."""
    from urllib.parse import urlparse

    host = urlparse(url or "").netloc.lower().removeprefix("www.")
    return host[:1].upper() + host[1:]


def regions_of(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct regions of the given entries, for the region filter."""
    seen: dict[str, dict[str, str]] = {}
    for entry in entries:
        seen.setdefault(entry["region_code"], entry["region"])
    return [{"code": code, "name": names} for code, names in sorted(seen.items())]


def _searched_texts(entry: dict[str, Any]) -> tuple[tuple[str, float], ...]:
    """What a search reads of a procedure, in every language, and how much each place
    weighs: a word of its name counts more than one of its description."""
    return (
        *((name, 3.0) for name in entry["name"].values()),
        *((name, 1.5) for name in (*entry["service"].values(), *entry["region"].values())),
        (entry["code"].replace("_", " "), 1.0),
        *((text, 1.0) for text in entry["description"].values()),
    )


_INDEXES: list[tuple[list, tuple, SearchIndex]] = []


def catalog_index(entries: list[dict[str, Any]]) -> SearchIndex:
    """The search index of these entries, built once per catalog version (its texts) and
    shared by every visitor: a keystroke only looks words up. The shared list of a version
    (`shared_entries`) finds its index by identity, without reading its texts again."""
    for known_list, documents, index in _INDEXES:
        if known_list is entries and len(documents) == len(entries):
            return index
    documents = tuple(_searched_texts(entry) for entry in entries)
    index = next((known_index for _, known, known_index in _INDEXES if known == documents),
                 None)
    if index is None:
        index = build_index(documents)
    _INDEXES[:] = [*_INDEXES[-3:], (entries, documents, index)]
    return index


def fits_filters(entry: dict[str, Any], audience: str = "", service: str = "",
                 region: str = "") -> bool:
    """The catalog's filters; a procedure open to both audiences fits either."""
    if audience and entry["audience"] not in (audience, Audience.BOTH):
        return False
    if service and entry["service_code"] != service:
        return False
    return not region or entry["region_code"] == region


def _row(entry: dict[str, Any], lang: str) -> dict[str, Any]:
    return {
        "code": entry["code"],
        "name": pick(entry["name"], lang),
        "description": pick(entry["description"], lang),
        "service": pick(entry["service"], lang),
        "region_code": entry["region_code"],
        "region": pick(entry["region"], lang),
        "audience": entry["audience"],
        "legal_deadline_days": entry["legal_deadline_days"],
        "deadline_unit": entry["deadline_unit"],
        "is_investment": entry["is_investment"],
        "documents_count": entry["documents_count"],
        "external_url": entry["external_url"],
    }


@dataclass(frozen=True)
class CatalogSearch:
    rows: list[dict[str, Any]]  # localized, best match first (by name without a query)
    # "Did you mean": the query as read when a word was corrected; when nothing matched,
    # that reading if it finds something, and the names of the nearest procedures.
    suggestions: list[str] = field(default_factory=list)


def find_procedures(entries: list[dict[str, Any]], query: str = "", *, lang: str,
                    audience: str = "", service: str = "", region: str = "") -> CatalogSearch:
    """The procedures of the filters that match `query` in any language, despite accents,
    Arabic letter variants and typos, localized for `lang`."""
    allowed = [i for i, e in enumerate(entries) if fits_filters(e, audience, service, region)]
    found = catalog_index(entries).search(query, allowed)
    rows = [_row(entries[i], lang) for i in found.ranked]
    if not query_words(query):
        rows.sort(key=lambda row: fold(row["name"]))
    suggestions = [found.corrected] if found.corrected else []
    for position in found.nearest:
        name = pick(entries[position]["name"], lang)
        if name not in suggestions:
            suggestions.append(name)
    return CatalogSearch(rows, suggestions[:3])


def search_catalog(
    entries: list[dict[str, Any]], query: str, audience: str, service: str, lang: str,
    region: str = "",
) -> list[dict[str, Any]]:
    """The rows of `find_procedures`."""
    return find_procedures(entries, query, lang=lang, audience=audience, service=service,
                           region=region).rows


def handling_administration(session: Session, service_id: int) -> tuple[Region, Service]:
    """The region and service that handle a dossier: what its receipt, decision, e-mails
    and tracking page are headed with."""
    service = session.get(Service, service_id)
    return session.get(Region, service.region_id), service


def handling_names(session: Session, service_id: int, lang: str) -> dict[str, str]:
    """The handling region ("Région Drâa-Tafilalet") and service, in `lang`."""
    from counter.i18n import t

    region, service = handling_administration(session, service_id)
    return {"region": t("receipt.region", lang, name=pick(region.names, lang)),
            "region_code": region.code, "service": pick(service.names, lang)}


def provinces(session: Session, region_id: int | None = None) -> list[dict[str, Any]]:
    """Provinces and prefectures with their region (of one region if given), for province
    fields and filters."""
    query = select(Province, Region).join(Region, Region.id == Province.region_id)
    if region_id is not None:
        query = query.where(Province.region_id == region_id)
    rows = sorted(session.exec(query).all(),
                  key=lambda row: (row[1].code, pick(row[0].names, "fr")))
    return [
        {"code": p.code, "name": dict(p.names), "region_code": r.code, "region": dict(r.names)}
        for p, r in rows
    ]
