"""The public procedure catalog: what it lists and how it is searched."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlmodel import Session, select

from counter.domain.catalog import localized
from counter.models import Audience, Procedure, Province, Region, Service

# Arabic short vowels and tatweel are dropped; alef and yeh forms are folded together so
# that a search typed without hamza still finds its words.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})


def fold(text: str) -> str:
    """Lower case, accents and Arabic diacritics removed: the form searches compare."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD).casefold()


def _names(row: Any, prefix: str = "name") -> dict[str, str]:
    return {lang: getattr(row, f"{prefix}_{lang}") for lang in ("fr", "ar", "en")}


def procedure_entry(procedure: Procedure, service: Service, region: Region, *,
                    definitions: bool = True) -> dict[str, Any]:
    """A procedure as the catalog shows it, in every language (no database objects); the
    list needs no definitions, only how many documents they ask for."""
    entry = {
        "code": procedure.code,
        "name": _names(procedure),
        "description": _names(procedure, "description"),
        "service_code": service.code,
        "service": _names(service),
        "region_code": region.code,
        "region": _names(region),
        "audience": procedure.audience,
        "legal_deadline_days": procedure.legal_deadline_days,
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
    rows = session.exec(_active_procedures().order_by(Procedure.name_fr)).all()
    return [procedure_entry(*row, definitions=False) for row in rows]


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


def _haystack(entry: dict[str, Any]) -> str:
    parts = [entry["code"], *entry["name"].values(), *entry["description"].values()]
    parts += entry["service"].values()
    parts += entry["region"].values()
    return fold(" ".join(parts))


def matches(entry: dict[str, Any], query: str = "", audience: str = "", service: str = "",
            region: str = "") -> bool:
    """Every word of `query` appears (in any language); audience 'both' fits either filter."""
    if audience and entry["audience"] not in (audience, Audience.BOTH):
        return False
    if service and entry["service_code"] != service:
        return False
    if region and entry["region_code"] != region:
        return False
    haystack = _haystack(entry)
    return all(word in haystack for word in fold(query).split())


def search_catalog(
    entries: list[dict[str, Any]], query: str, audience: str, service: str, lang: str,
    region: str = "",
) -> list[dict[str, Any]]:
    """Filter and localize entries for display in `lang`, in that language's name order."""
    rows = [
        {
            "code": e["code"],
            "name": localized(e["name"], lang),
            "description": localized(e["description"], lang),
            "service": localized(e["service"], lang),
            "region_code": e["region_code"],
            "region": localized(e["region"], lang),
            "audience": e["audience"],
            "legal_deadline_days": e["legal_deadline_days"],
            "is_investment": e["is_investment"],
            "documents_count": e["documents_count"],
            "external_url": e["external_url"],
        }
        for e in entries
        if matches(e, query, audience, service, region)
    ]
    return sorted(rows, key=lambda row: fold(row["name"]))


def handling_administration(session: Session, service_id: int) -> tuple[Region, Service]:
    """The region and service that handle a dossier: what its receipt, decision, e-mails
    and tracking page are headed with."""
    service = session.get(Service, service_id)
    return session.get(Region, service.region_id), service


def handling_names(session: Session, service_id: int, lang: str) -> dict[str, str]:
    """The handling region ("Région Drâa-Tafilalet") and service, in `lang`."""
    from counter.i18n import t

    region, service = handling_administration(session, service_id)
    return {"region": t("receipt.region", lang, name=localized(_names(region), lang)),
            "region_code": region.code, "service": localized(_names(service), lang)}


def provinces(session: Session, region_id: int | None = None) -> list[dict[str, Any]]:
    """Provinces and prefectures with their region (of one region if given), for province
    fields and filters."""
    query = select(Province, Region).join(Region, Region.id == Province.region_id)
    if region_id is not None:
        query = query.where(Province.region_id == region_id)
    rows = session.exec(query.order_by(Region.code, Province.name_fr)).all()
    return [
        {"code": p.code, "name": _names(p), "region_code": r.code, "region": _names(r)}
        for p, r in rows
    ]
