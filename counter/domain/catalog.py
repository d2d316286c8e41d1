"""The shape of a procedure's definitions: its fields and its required documents.

A field definition is a dict:
    {"code": "amount", "type": "amount_mad", "required": True,
     "label": {"fr": ..., "ar": ..., "en": ...},
     "help": {"fr": ..., "ar": ..., "en": ...},          # optional
     "choices": [{"value": "x", "label": {...}}, ...],    # type "choice" only
     "min": 0, "max": 100}                                # number / amount_mad, optional
A document definition is a dict:
    {"code": "cin_copy", "required": True, "label": {...}, "help": {...}}

`definition_errors` checks both lists and returns every problem found, so that the
demo data, the administrators' catalog editor and the tests share one rule.
"""

from __future__ import annotations

import re
from typing import Any

LANGUAGES = ("fr", "ar", "en")
FIELD_TYPES = (
    "text",  # one line
    "textarea",  # several lines
    "number",  # whole number
    "amount_mad",  # money, in dirhams
    "date",  # ISO date, shown DD/MM/YYYY
    "choice",  # one value among `choices`
    "province",  # a province or prefecture of the regions
    "cin",  # national identity card number
    "ice",  # company identifier (15 digits)
    "phone",  # Moroccan mobile number
    "email",
)
_CODE = re.compile(r"[a-z][a-z0-9_]{0,47}")


def _label_errors(where: str, label: Any, required: bool = True) -> list[str]:
    if label is None and not required:
        return []
    if not isinstance(label, dict):
        return [f"{where}: needs a label in {', '.join(LANGUAGES)}"]
    return [
        f"{where}: label missing in '{lang}'"
        for lang in LANGUAGES
        if not str(label.get(lang) or "").strip()
    ]


def _code_errors(where: str, code: Any, seen: set[str]) -> list[str]:
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        return [f"{where}: code must be lower case letters, digits and _ (got {code!r})"]
    if code in seen:
        return [f"{where}: code '{code}' is used twice"]
    seen.add(code)
    return []


def field_errors(fields: list[dict[str, Any]]) -> list[str]:
    errors: list[str] = []
    seen: set[str] = set()
    for i, field in enumerate(fields, start=1):
        where = f"field {i}"
        if not isinstance(field, dict):
            errors.append(f"{where}: must be a definition")
            continue
        errors += _code_errors(where, field.get("code"), seen)
        errors += _label_errors(where, field.get("label"))
        errors += _label_errors(f"{where} help", field.get("help"), required=False)
        ftype = field.get("type")
        if ftype not in FIELD_TYPES:
            errors.append(f"{where}: unknown type {ftype!r}")
        if ftype == "choice":
            choices = field.get("choices") or []
            if len(choices) < 2:
                errors.append(f"{where}: a choice needs at least two choices")
            values = [c.get("value") for c in choices if isinstance(c, dict)]
            if len(set(values)) != len(choices) or not all(values):
                errors.append(f"{where}: choice values must be present and distinct")
            for j, choice in enumerate(c for c in choices if isinstance(c, dict)):
                errors += _label_errors(f"{where} choice {j + 1}", choice.get("label"))
        low, high = field.get("min"), field.get("max")
        if low is not None and high is not None and low > high:
            errors.append(f"{where}: min is greater than max")
    return errors


def document_errors(documents: list[dict[str, Any]]) -> list[str]:
    errors: list[str] = []
    seen: set[str] = set()
    for i, doc in enumerate(documents, start=1):
        where = f"document {i}"
        if not isinstance(doc, dict):
            errors.append(f"{where}: must be a definition")
            continue
        errors += _code_errors(where, doc.get("code"), seen)
        errors += _label_errors(where, doc.get("label"))
        errors += _label_errors(f"{where} help", doc.get("help"), required=False)
    return errors


def definition_errors(fields: list[dict[str, Any]], documents: list[dict[str, Any]]) -> list[str]:
    return field_errors(fields) + document_errors(documents)


def localized(label: dict[str, str] | None, lang: str) -> str:
    """The label in `lang`, else French, else any language it has."""
    if not label:
        return ""
    return label.get(lang) or label.get("fr") or next(iter(label.values()), "")
