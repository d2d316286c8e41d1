"""Administrators keep the procedure catalog of their scope (services.scope).

A procedure is created, edited or deactivated; its definitions are checked by the one
rule of domain.catalog. Dossiers already filed keep the definitions they were filed under
(their form_schema), so an edit never breaks them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from sqlmodel import Session, select

from counter.domain.catalog import FIELD_TYPES, DefinitionError, definition_errors
from counter.domain.forms import FieldProblem
from counter.domain.law import (
    DEFAULT_RETENTION_MONTHS,
    ComplementClock,
    deadline_errors,
    retention_errors,
    silence_errors,
)
from counter.domain.names import ROOT_LANGUAGE, cleaned, fallback_source, pick
from counter.domain.workdays import DeadlineUnit
from counter.i18n import format_deadline, language_in, t
from counter.models import Account, Audience, Procedure, Region, Service, utcnow
from counter.services.scope import admin_scope, procedure_region, require_region
from counter.settings import LANGUAGES

_PROCEDURE_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,31}")
# The editor has a column of inputs per language of the product.
LANGS = LANGUAGES
HINT_LENGTH = 60  # of the text a fallback hint quotes


@dataclass
class CatalogError(ValueError):
    """Every problem of a submitted procedure: per form field, and in the definitions."""

    errors: dict[str, str] = field(default_factory=dict)
    definitions: list[DefinitionError] = field(default_factory=list)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)  # per field, for its message

    def __str__(self) -> str:
        return "; ".join([*self.errors.values(), *map(str, self.definitions)])


def _number(values: dict[str, Any], name: str, errors: dict[str, str], *, low: float,
            high: float, required: bool = True, whole: bool = True) -> float | int | None:
    raw = str(values.get(name, "") or "").strip().replace(",", ".")
    if not raw:
        if required:
            errors[name] = "error.field_required"
        return None
    try:
        number = int(raw) if whole else float(raw)
    except ValueError:
        errors[name] = "error.number_invalid"
        return None
    if not low <= number <= high:
        errors[name] = FieldProblem("error.number_range", min=low, max=high)
        return None
    return number


def check_procedure(session: Session, values: dict[str, Any], *,
                    existing: Procedure | None) -> dict[str, Any]:
    """The clean column values of a procedure, or CatalogError with every problem."""
    errors: dict[str, str] = {}
    code = str(values.get("code", "")).strip().upper()
    if existing is None:
        if not _PROCEDURE_CODE.fullmatch(code):
            errors["code"] = "error.procedure_code_invalid"
        elif session.exec(select(Procedure.id).where(Procedure.code == code)).first():
            errors["code"] = "error.procedure_code_taken"
    service_code = str(values.get("service_code", "") or "").strip()
    service = session.exec(
        select(Service).where(Service.code == service_code)).first() if service_code else None
    if not service_code:
        errors["service_code"] = "catalog_admin.choose_service"
    elif service is None:
        errors["service_code"] = "error.service_not_found"
    audience = str(values.get("audience", ""))
    if audience not in {a.value for a in Audience}:
        errors["audience"] = "error.choice_invalid"
    clean: dict[str, Any] = {"names": {}, "descriptions": {}}
    for prefix, mapping, limit in (("name", "names", 200), ("description", "descriptions", 2000)):
        for lang in LANGS:  # an empty language falls back when shown (domain.names)
            key = f"{prefix}_{lang}"
            text = str(values.get(key, "") or "").strip()
            if prefix == "name" and lang == ROOT_LANGUAGE and not text:
                errors[key] = "error.field_required"
            elif len(text) > limit:
                errors[key] = FieldProblem("error.text_too_long", max=limit)
            elif text:
                clean[mapping][lang] = text
    clean["legal_deadline_days"] = _number(values, "legal_deadline_days", errors, low=1,
                                           high=365)
    clean["target_reduction_pct"] = _number(values, "target_reduction_pct", errors, low=1,
                                            high=100, whole=False)
    clean["baseline_median_days"] = _number(values, "baseline_median_days", errors, low=1,
                                            high=3650, required=False)
    clean.update(_silence(values, errors))
    params: dict[str, dict[str, Any]] = {}
    clean.update(_law_rules(values, clean, errors, params))
    fields, documents = values.get("fields") or [], values.get("documents") or []
    problems = definition_errors(fields, documents)
    if errors or problems:
        raise CatalogError(errors, problems, params)
    clean.update(code=existing.code if existing else code, service_id=service.id,
                 audience=audience, is_investment=bool(values.get("is_investment")),
                 fields=fields, documents=documents)
    return clean


def _law_rules(values: dict[str, Any], clean: dict[str, Any], errors: dict[str, str],
               params: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The deadline's unit, extension and urgent deadline (laws 55-19 and 31-13), the clock
    after a complement, the retention (law 09-08) and a handled-elsewhere link."""
    rules: dict[str, Any] = {
        "deadline_unit": str(values.get("deadline_unit") or DeadlineUnit.CALENDAR),
        "complement_clock": str(values.get("complement_clock") or ComplementClock.RESUME),
        "extension_days": _number(values, "extension_days", errors, low=1, high=365,
                                  required=False),
        "urgent_deadline_days": _number(values, "urgent_deadline_days", errors, low=1,
                                        high=365, required=False),
        "retention_months": _number(values, "retention_months", errors, low=1, high=1000,
                                    required=False) or DEFAULT_RETENTION_MONTHS,
    }
    if rules["complement_clock"] not in {c.value for c in ComplementClock}:
        errors["complement_clock"] = "error.choice_invalid"
    url = str(values.get("external_url") or "").strip()
    if url and (len(url) > 300 or urlparse(url).scheme != "https" or not urlparse(url).netloc):
        errors["external_url"] = "error.url_invalid"
    rules["external_url"] = url or None
    for problem in [*deadline_errors(legal_deadline_days=clean.get("legal_deadline_days"),
                                     is_investment=bool(values.get("is_investment")),
                                     unit=rules["deadline_unit"],
                                     extension_days=rules["extension_days"],
                                     urgent_deadline_days=rules["urgent_deadline_days"]),
                    *retention_errors(rules["retention_months"])]:
        if problem.field not in errors:
            errors[problem.field] = problem.key
            params[problem.field] = dict(problem.params)
    return rules


def _silence(values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """Silence as acceptance (law 55-19): on only with the text it applies under."""
    acceptance = bool(values.get("silence_acceptance"))
    reference = " ".join(str(values.get("silence_reference", "") or "").split())
    if len(reference) > 300:
        errors["silence_reference"] = FieldProblem("error.text_too_long", max=300)
    for problem in silence_errors(silence_acceptance=acceptance, silence_reference=reference):
        errors[problem.field] = problem.key
    return {"silence_acceptance": acceptance, "silence_reference": reference or None}


def save_procedure(session: Session, *, admin: Account, values: dict[str, Any]) -> Procedure:
    """Create the procedure, or update the one with `values['code']` if it exists; both the
    procedure and the service it goes to must be of the administrator's scope."""
    scope = admin_scope(admin)
    existing = session.exec(
        select(Procedure).where(Procedure.code == str(values.get("code", "")).upper())).first() \
        if values.get("existing") else None
    if existing is not None:
        require_region(scope, procedure_region(session, existing.id), what="save_procedure")
    clean = check_procedure(session, values, existing=existing)
    require_region(scope, session.get(Service, clean["service_id"]).region_id,
                   what="save_procedure")
    procedure = existing or Procedure(**{k: v for k, v in clean.items()})
    if existing is not None:
        for key, value in clean.items():
            setattr(procedure, key, value)
        procedure.updated_at = utcnow()
    session.add(procedure)
    session.flush()
    return procedure


def set_active(session: Session, *, admin: Account, code: str, active: bool) -> Procedure:
    """Deactivate (out of the catalog, no new dossiers; filed ones go on) or reactivate."""
    scope = admin_scope(admin)
    procedure = session.exec(select(Procedure).where(Procedure.code == code)).first()
    if procedure is None:
        raise CatalogError({"form": "error.procedure_not_found"})
    require_region(scope, procedure_region(session, procedure.id), what="set_active")
    procedure.is_active = bool(active)
    procedure.updated_at = utcnow()
    session.add(procedure)
    session.flush()
    return procedure


def procedure_list(session: Session, *, admin: Account, lang: str) -> list[dict[str, str]]:
    scope = admin_scope(admin)
    query = (select(Procedure, Service, Region)
             .join(Service, Service.id == Procedure.service_id)
             .join(Region, Region.id == Service.region_id))
    if scope.region_id is not None:
        query = query.where(Service.region_id == scope.region_id)
    rows = session.exec(query.order_by(Region.code, Procedure.code)).all()
    return [{"code": p.code, "name": pick(p.names, lang),
             "service": pick(s.names, lang),
             "region": pick(r.names, lang),
             "deadline": t("catalog_admin.deadline_line", lang,
                           days=format_deadline(p.legal_deadline_days, p.deadline_unit, lang)),
             "active": "1" if p.is_active else ""}
            for p, s, r in rows]


def procedure_for_editing(session: Session, *, admin: Account, code: str
                          ) -> tuple[dict[str, str], list[dict[str, str]], list[dict[str, str]]]:
    """A procedure of the administrator's scope as the editor's values, fields and documents."""
    scope = admin_scope(admin)
    row = session.exec(select(Procedure, Service).join(
        Service, Service.id == Procedure.service_id).where(Procedure.code == code)).first()
    if row is None:
        raise CatalogError({"form": "error.procedure_not_found"})
    procedure, owner = row
    require_region(scope, owner.region_id, what="edit_procedure")
    return (procedure_values(procedure, owner.code), field_rows(procedure.fields),
            document_rows(procedure.documents))


def service_options(session: Session, *, admin: Account, lang: str) -> list[list[str]]:
    """The services a procedure of this administrator may go to: their scope's."""
    scope = admin_scope(admin)
    query = select(Service, Region).join(Region, Region.id == Service.region_id)
    if scope.region_id is not None:
        query = query.where(Service.region_id == scope.region_id)
    rows = session.exec(query.order_by(Region.code, Service.code)).all()
    return [[s.code, f"{pick(r.names, lang)} — {pick(s.names, lang)}"] for s, r in rows]


# --- the editor's flat rows <-> definitions ------------------------------------------------


def field_rows(fields: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Definitions as the editor's rows of text (choices one per line: value | fr | ar | en)."""
    rows = []
    for item in fields:
        row = {"code": item.get("code", ""), "type": item.get("type", "text"),
               "required": "1" if item.get("required") else "",
               "min": "" if item.get("min") is None else str(item["min"]),
               "max": "" if item.get("max") is None else str(item["max"]),
               "choices": "\n".join(
                   " | ".join([c.get("value", ""), *[c.get("label", {}).get(lang, "")
                                                     for lang in LANGS]])
                   for c in item.get("choices", []))}
        row.update({f"label_{lang}": item.get("label", {}).get(lang, "") for lang in LANGS})
        rows.append(row)
    return rows


def fields_from_rows(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    fields = []
    for row in rows:
        item: dict[str, Any] = {
            "code": row.get("code", "").strip(),
            "type": row.get("type", "text") if row.get("type") in FIELD_TYPES else "text",
            "required": bool(row.get("required")),
            "label": _label_of(row),
        }
        for bound in ("min", "max"):
            text = row.get(bound, "").strip()
            if text:
                try:
                    item[bound] = float(text) if "." in text else int(text)
                except ValueError:
                    item[bound] = None
        if item["type"] == "choice":
            choices = []
            for line in row.get("choices", "").splitlines():
                parts = [p.strip() for p in line.split("|")]
                if parts and parts[0]:
                    labels = dict(zip(LANGS, parts[1:], strict=False))
                    choices.append({"value": parts[0], "label": cleaned(labels)})
            item["choices"] = choices
        fields.append(item)
    return fields


def document_rows(documents: list[dict[str, Any]]) -> list[dict[str, str]]:
    rows = []
    for item in documents:
        row = {"code": item.get("code", ""), "required": "1" if item.get("required", True)
               else ""}
        row.update({f"label_{lang}": item.get("label", {}).get(lang, "") for lang in LANGS})
        rows.append(row)
    return rows


def documents_from_rows(rows: list[dict[str, str]]) -> list[dict[str, Any]]:
    return [{"code": row.get("code", "").strip(), "required": bool(row.get("required")),
             "label": _label_of(row)}
            for row in rows]


def _label_of(row: dict[str, str]) -> dict[str, str]:
    """A row's label inputs as a label: its languages left empty fall back when shown."""
    return cleaned({lang: row.get(f"label_{lang}", "") for lang in LANGS})


def procedure_values(procedure: Procedure, service_code: str) -> dict[str, str]:
    """A procedure's scalar values as the editor's text."""
    values = {"code": procedure.code, "service_code": service_code,
              "audience": procedure.audience,
              "legal_deadline_days": str(procedure.legal_deadline_days),
              "target_reduction_pct": f"{procedure.target_reduction_pct:g}",
              "baseline_median_days": str(procedure.baseline_median_days or ""),
              "is_investment": "1" if procedure.is_investment else "",
              "deadline_unit": procedure.deadline_unit,
              "extension_days": str(procedure.extension_days or ""),
              "urgent_deadline_days": str(procedure.urgent_deadline_days or ""),
              "complement_clock": procedure.complement_clock,
              "retention_months": str(procedure.retention_months),
              "external_url": procedure.external_url or "",
              "silence_acceptance": "1" if procedure.silence_acceptance else "",
              "silence_reference": procedure.silence_reference or ""}
    for lang in LANGS:
        values[f"name_{lang}"] = procedure.names.get(lang, "")
        values[f"description_{lang}"] = procedure.descriptions.get(lang, "")
    return values


# --- the editor's labels and fallback hints, in the administrator's language ---------------


def input_labels(lang: str) -> dict[str, str]:
    """The label of each language's input ("Nom en arabe"), by input key: one message per
    kind of input, with the language named in the reader's words."""
    return {f"{prefix}_{code}": t(f"catalog_admin.{prefix}_in", lang,
                                  language=language_in(code, lang))
            for prefix in ("name", "description", "label") for code in LANGS}


def choices_hint(lang: str) -> str:
    """How choices are written, with the product's languages in their order."""
    from counter.i18n import LANGUAGE_NAMES

    return t("catalog_admin.choices_hint_in", lang,
             languages=" | ".join(LANGUAGE_NAMES.get(code, code) for code in LANGS))


def fallback_hints(values: dict[str, str], prefix: str, lang: str) -> dict[str, str]:
    """For each language input of `prefix` left empty, what the product shows instead
    ("Empty: shows « Douar » (in French)"); nothing for a filled one."""
    texts = {code: values.get(f"{prefix}_{code}", "") for code in LANGS}
    hints = {}
    for code in LANGS:
        source = fallback_source(texts, code)
        shown = pick(texts, code)
        shown = shown if len(shown) <= HINT_LENGTH else shown[:HINT_LENGTH - 1].rstrip() + "…"
        hints[f"{prefix}_{code}"] = "" if source is None else t(
            "catalog_admin.fallback_shown", lang, text=shown,
            language=language_in(source, lang))
    return hints
