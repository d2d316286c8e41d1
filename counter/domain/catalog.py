"""The shape of a procedure's definitions: its fields and its required documents.

A field definition is a dict:
    {"code": "amount", "type": "amount_mad", "required": True,
     "label": {"fr": ..., "ar": ..., "en": ...},
     "help": {"fr": ..., "ar": ..., "en": ...},          # optional
     "choices": [{"value": "x", "label": {...}}, ...],    # type "choice" only
     "min": 0, "max": 100}                                # number / amount_mad, optional
A document definition is a dict:
    {"code": "cin_copy", "required": True, "label": {...}, "help": {...}}
Labels, helps and choices are names in the shape of domain.names: a label needs its text
in the root language (French); the others may be missing and fall back when shown.

`definition_errors` checks both lists and returns every problem found (each with a
message key, so the administrators' editor says it in their language), so that the demo
data, the catalog editor and the tests share one rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from counter.domain.names import ROOT_LANGUAGE, pick
from counter.settings import LANGUAGES  # noqa: F401  (the languages a label is read in)

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


@dataclass(frozen=True)
class DefinitionError:
    """One problem of a definition: where it is, and a message key with its parameters."""

    kind: str  # "field" | "document"
    index: int  # 1-based position in its list
    key: str
    params: tuple[tuple[str, Any], ...] = ()
    choice: int | None = None  # 1-based, for a problem of a choice's label

    def text(self, lang: str = "en") -> str:
        from counter.i18n import language_in, t

        where = t(f"catalog_error.where_{self.kind}", lang, n=self.index)
        if self.choice is not None:
            where += t("catalog_error.where_choice", lang, n=self.choice)
        params = dict(self.params)
        if "language" in params:  # "in Arabic" in the reader's words, never the code "ar"
            params["language"] = language_in(params["language"], lang)
        return t("catalog_error.at", lang, where=where, problem=t(self.key, lang, **params))

    def __str__(self) -> str:
        return self.text("en")


def _label_errors(kind: str, index: int, label: Any, *, required: bool = True,
                  key: str = "catalog_error.label_missing",
                  choice: int | None = None) -> list[DefinitionError]:
    if label is None and not required:
        return []
    if not isinstance(label, dict):
        return [DefinitionError(kind, index, "catalog_error.label_needed", choice=choice)]
    if not required and not any(str(text or "").strip() for text in label.values()):
        return []
    # The other languages may be left empty: they fall back when shown (domain.names).
    if str(label.get(ROOT_LANGUAGE) or "").strip():
        return []
    return [DefinitionError(kind, index, key, (("language", ROOT_LANGUAGE),), choice=choice)]


def _code_errors(kind: str, index: int, code: Any, seen: set[str]) -> list[DefinitionError]:
    if code is None or (isinstance(code, str) and not code.strip()):
        return [DefinitionError(kind, index, "catalog_error.code_missing")]
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        return [DefinitionError(kind, index, "catalog_error.code_invalid", (("code", code),))]
    if code in seen:
        return [DefinitionError(kind, index, "catalog_error.code_twice", (("code", code),))]
    seen.add(code)
    return []


def field_errors(fields: list[dict[str, Any]]) -> list[DefinitionError]:
    errors: list[DefinitionError] = []
    seen: set[str] = set()
    for i, field in enumerate(fields, start=1):
        if not isinstance(field, dict):
            errors.append(DefinitionError("field", i, "catalog_error.not_definition"))
            continue
        errors += _code_errors("field", i, field.get("code"), seen)
        errors += _label_errors("field", i, field.get("label"))
        errors += _label_errors("field", i, field.get("help"), required=False,
                                key="catalog_error.help_missing")
        ftype = field.get("type")
        if ftype not in FIELD_TYPES:
            errors.append(DefinitionError("field", i, "catalog_error.unknown_type",
                                          (("type", ftype),)))
        if ftype == "choice":
            choices = field.get("choices") or []
            if len(choices) < 2:
                errors.append(DefinitionError("field", i, "catalog_error.choices_too_few"))
            values = [c.get("value") for c in choices if isinstance(c, dict)]
            if len(set(values)) != len(choices) or not all(values):
                errors.append(DefinitionError("field", i, "catalog_error.choices_distinct"))
            for j, choice in enumerate(c for c in choices if isinstance(c, dict)):
                errors += _label_errors("field", i, choice.get("label"), choice=j + 1)
        low, high = field.get("min"), field.get("max")
        if low is not None and high is not None and low > high:
            errors.append(DefinitionError("field", i, "catalog_error.min_max"))
    return errors


def document_errors(documents: list[dict[str, Any]]) -> list[DefinitionError]:
    errors: list[DefinitionError] = []
    seen: set[str] = set()
    for i, doc in enumerate(documents, start=1):
        if not isinstance(doc, dict):
            errors.append(DefinitionError("document", i, "catalog_error.not_definition"))
            continue
        errors += _code_errors("document", i, doc.get("code"), seen)
        errors += _label_errors("document", i, doc.get("label"))
        errors += _label_errors("document", i, doc.get("help"), required=False,
                                key="catalog_error.help_missing")
    return errors


def definition_errors(
    fields: list[dict[str, Any]], documents: list[dict[str, Any]]
) -> list[DefinitionError]:
    return field_errors(fields) + document_errors(documents)


def localized(label: dict[str, str] | None, lang: str) -> str:
    """The label in `lang`, along its fallback chain (domain.names.pick)."""
    return pick(label, lang)
