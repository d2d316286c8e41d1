"""The record of processing of a procedure (law 09-08): the personal data it collects, its
purpose, its legal basis and how long the data are kept.

What is collected is read from the procedure's own definitions, so the record never drifts
from the form: each field by its type (a CIN, a phone, free text...), each listed document
(personal data of the applicant), plus what every account holds (name, CIN, e-mail or
mobile) and, where businesses may file, the company's name, register and ICE. Purpose and
legal basis are the procedure's own texts; where it gives none, a default naming law 09-08
and the laws its description cites. Pure: plain values in, plain values out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from counter.domain.catalog import localized
from counter.domain.law import (
    DEFAULT_RETENTION_MONTHS,
    DRAFT_EXPIRY_MONTHS,
    RETENTION_WARNING,
)
from counter.i18n.registry import REGISTRY, language

LATIN_SCRIPT = tuple(entry.code for entry in REGISTRY if entry.script == "Latn")

# The kind of personal datum each field type holds.
CATEGORY_OF_TYPE = {
    "cin": "identity",
    "ice": "company",
    "phone": "contact",
    "email": "contact",
    "text": "free_text",
    "textarea": "free_text",
    "date": "date",
    "amount_mad": "amount",
    "number": "figure",
    "province": "place",
    "choice": "choice",
}
ACCOUNT_DATA = (("identity", "privacy.datum.name"), ("identity", "privacy.datum.cin"),
                ("contact", "privacy.datum.contact"))
BUSINESS_DATA = (("company", "privacy.datum.company"), ("company", "privacy.datum.ice"))
THIS_LAW = "09-08"
# "loi 31-13", "loi organique 111-14", "loi-cadre 03-22", "framework law 03-22"...
_LAW = re.compile(
    r"\b(?:loi|law)(?:[\s-]+(?:organique|cadre|n°|no\.?))*\s+(?:n°\s*)?(\d{1,3})[-.](\d{2})\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Datum:
    """One personal datum: its category, and either a message key (what every account
    holds) or the catalog's label of the field or document that collects it."""

    category: str
    source: str  # "account" | "business" | "field" | "document"
    key: str = ""
    label: Mapping[str, str] = field(default_factory=dict)
    required: bool = True


@dataclass(frozen=True)
class ProcessingRecord:
    procedure_code: str
    name: Mapping[str, str]
    data: tuple[Datum, ...]
    purpose: Mapping[str, str]
    legal_basis: Mapping[str, str]
    laws: tuple[str, ...]
    retention_months: int
    draft_expiry_months: int = DRAFT_EXPIRY_MONTHS
    warning_days: int = RETENTION_WARNING.days

    @property
    def collected(self) -> tuple[Datum, ...]:
        """What the procedure's own form and documents collect (not the account's)."""
        return tuple(d for d in self.data if d.source in ("field", "document"))

    @property
    def for_businesses(self) -> bool:
        return any(d.source == "business" for d in self.data)


def cited_laws(*texts: str | None) -> tuple[str, ...]:
    """The laws a procedure's texts cite ("31-13", "111-14"), in order, 09-08 left out."""
    found: list[str] = []
    for text in texts:
        for number, year in _LAW.findall(text or ""):
            law = f"{int(number):02d}-{year}"
            if law != THIS_LAW and law not in found:
                found.append(law)
    return tuple(found)


def processing_record(procedure: Mapping[str, Any]) -> ProcessingRecord:
    """The record of processing of a procedure given as catalog values (the Procedure
    table's columns: code, name_*, description_*, audience, fields, documents,
    retention_months, processing_purpose, legal_basis)."""
    data = [Datum(category, "account", key=key) for category, key in ACCOUNT_DATA]
    if procedure.get("audience", "both") in ("business", "both"):
        data += [Datum(category, "business", key=key) for category, key in BUSINESS_DATA]
    for definition in procedure.get("fields") or []:
        data.append(Datum(CATEGORY_OF_TYPE.get(definition.get("type"), "free_text"), "field",
                          label=definition.get("label") or {},
                          required=bool(definition.get("required"))))
    for document in procedure.get("documents") or []:
        data.append(Datum("document", "document", label=document.get("label") or {},
                          required=bool(document.get("required", True))))
    return ProcessingRecord(
        procedure_code=procedure.get("code", ""),
        name=dict(procedure.get("names") or {}),
        data=tuple(data),
        purpose=dict(procedure.get("processing_purpose") or {}),
        legal_basis=dict(procedure.get("legal_basis") or {}),
        laws=cited_laws(*(dict(procedure.get("descriptions") or {}).get(lang)
                          for lang in LATIN_SCRIPT)),  # the Latin-script texts cite them
        retention_months=int(procedure.get("retention_months") or DEFAULT_RETENTION_MONTHS),
    )


def law_number(law: str, lang: str) -> str:
    """31-13 in French and English, 31.13 in Arabic script (as Moroccan texts write it)."""
    return law.replace("-", ".") if language(lang).script == "Arab" else law


def purpose_text(record: ProcessingRecord, lang: str) -> str:
    from counter.i18n import t

    own = (record.purpose.get(lang) or "").strip()
    return own or t("privacy.purpose_default", lang, procedure=localized(record.name, lang))


def legal_basis_text(record: ProcessingRecord, lang: str) -> str:
    from counter.i18n import t

    own = (record.legal_basis.get(lang) or "").strip()
    if own:
        return own
    if not record.laws:
        return t("privacy.basis_default", lang)
    separator = "، " if language(lang).script == "Arab" else ", "
    return t("privacy.basis_default_laws", lang,
             laws=separator.join(law_number(law, lang) for law in record.laws))


def datum_label(datum: Datum, lang: str) -> str:
    from counter.i18n import t

    return t(datum.key, lang) if datum.key else localized(dict(datum.label), lang)
