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


def procedure_entry(procedure: Procedure, service: Service) -> dict[str, Any]:
    """A procedure as the catalog shows it, in every language (no database objects)."""
    return {
        "code": procedure.code,
        "name": _names(procedure),
        "description": _names(procedure, "description"),
        "service_code": service.code,
        "service": _names(service),
        "audience": procedure.audience,
        "legal_deadline_days": procedure.legal_deadline_days,
        "is_investment": procedure.is_investment,
        "documents": procedure.documents,
        "fields": procedure.fields,
    }


def catalog_entries(session: Session) -> list[dict[str, Any]]:
    """Every active procedure, ordered by French name."""
    rows = session.exec(
        select(Procedure, Service)
        .join(Service, Service.id == Procedure.service_id)
        .where(Procedure.is_active == True)  # noqa: E712
        .order_by(Procedure.name_fr)
    ).all()
    return [procedure_entry(procedure, service) for procedure, service in rows]


def catalog_entry(session: Session, code: str) -> dict[str, Any] | None:
    row = session.exec(
        select(Procedure, Service)
        .join(Service, Service.id == Procedure.service_id)
        .where(Procedure.code == code, Procedure.is_active == True)  # noqa: E712
    ).first()
    return procedure_entry(*row) if row else None


def services_in_catalog(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The distinct services of the given entries, for the service filter."""
    seen: dict[str, dict[str, str]] = {}
    for entry in entries:
        seen.setdefault(entry["service_code"], entry["service"])
    return [{"code": code, "name": names} for code, names in seen.items()]


def _haystack(entry: dict[str, Any]) -> str:
    parts = [entry["code"], *entry["name"].values(), *entry["description"].values()]
    parts += entry["service"].values()
    return fold(" ".join(parts))


def matches(entry: dict[str, Any], query: str = "", audience: str = "", service: str = "") -> bool:
    """Every word of `query` appears (in any language); audience 'both' fits either filter."""
    if audience and entry["audience"] not in (audience, Audience.BOTH):
        return False
    if service and entry["service_code"] != service:
        return False
    haystack = _haystack(entry)
    return all(word in haystack for word in fold(query).split())


def search_catalog(
    entries: list[dict[str, Any]], query: str, audience: str, service: str, lang: str
) -> list[dict[str, Any]]:
    """Filter and localize entries for display in `lang`, in that language's name order."""
    rows = [
        {
            "code": e["code"],
            "name": localized(e["name"], lang),
            "description": localized(e["description"], lang),
            "service": localized(e["service"], lang),
            "audience": e["audience"],
            "legal_deadline_days": e["legal_deadline_days"],
            "is_investment": e["is_investment"],
            "documents_count": len(e["documents"]),
        }
        for e in entries
        if matches(e, query, audience, service)
    ]
    return sorted(rows, key=lambda row: fold(row["name"]))


def provinces(session: Session) -> list[dict[str, Any]]:
    """Provinces and prefectures with their region, for province fields and filters."""
    rows = session.exec(
        select(Province, Region).join(Region, Region.id == Province.region_id).order_by(
            Region.code, Province.name_fr
        )
    ).all()
    return [
        {"code": p.code, "name": _names(p), "region_code": r.code, "region": _names(r)}
        for p, r in rows
    ]
