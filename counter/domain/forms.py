"""Validation of what an applicant types, against the procedure's field definitions.

Values arrive as text from the browser; `clean_value` returns the canonical value to store
or raises FieldInvalid with a message key. The server always validates: checks in the
browser are a convenience only.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from counter.domain.identifiers import (
    InvalidIdentifier,
    normalize_cin,
    normalize_ice,
    normalize_mobile,
)

MAX_TEXT = 300
MAX_TEXTAREA = 5000
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}")
_SPACES = re.compile(r"[\s\u00a0\u202f'\u066c]")  # what groups digits, Arabic's too
# Thousands grouped by one mark throughout: "1.500.000" (Arabic), "1,500,000" (English).
_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(?P<mark>[.,])\d{3}(?:(?P=mark)\d{3})*")


def plain_number(raw: str) -> str:
    """A number as typed in any of the product's languages, in Python's notation:
    "1 500 000,5" (French), "1.500.000,5" (Arabic), "1,500,000.5" (English), "1500000.5"
    all give "1500000.5". The last mark is the decimal one unless it only groups thousands;
    what cannot be read is returned as it is, for Decimal to refuse."""
    text = _SPACES.sub("", raw).replace("\u066b", ",")
    if _GROUPED.fullmatch(text):
        return text.replace(",", "").replace(".", "")
    cut = max(text.rfind(","), text.rfind("."))
    if cut < 0:
        return text
    whole, part = text[:cut], text[cut + 1:]
    grouped = _GROUPED.fullmatch(whole)
    if grouped and grouped["mark"] != text[cut]:
        whole = whole.replace(grouped["mark"], "")
    return f"{whole}.{part}"


class FieldProblem(str):
    """A message key with the values of its placeholders ({min}, {max}...).

    It is the key itself wherever a key is expected (compared, stored in an error map); the
    screen fills the placeholders from `params` when it turns it into text."""

    params: dict[str, Any]

    def __new__(cls, code: str, **params: Any) -> FieldProblem:
        problem = super().__new__(cls, code)
        problem.params = params
        return problem


def params_of(key: str) -> dict[str, Any]:
    """The placeholders' values a message key carries (none for a plain key)."""
    return dict(getattr(key, "params", {}))


class FieldInvalid(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def problem(self) -> FieldProblem:
        return FieldProblem(self.code, **self.params)


def _number(raw: str, *, decimals: bool) -> Decimal:
    try:
        value = Decimal(plain_number(raw))
    except InvalidOperation:
        raise FieldInvalid("error.amount_invalid" if decimals else "error.number_invalid") from None
    if not value.is_finite():
        raise FieldInvalid("error.number_invalid")
    if not decimals and value != value.to_integral_value():
        raise FieldInvalid("error.number_invalid")
    if decimals and value.as_tuple().exponent < -2:
        raise FieldInvalid("error.amount_invalid")
    return value


def _in_range(value: Decimal, field: dict[str, Any]) -> None:
    """The field's bounds, named in the message: both, or the only one there is."""
    low, high = field.get("min"), field.get("max")
    if (low is None or value >= Decimal(str(low))) and (
        high is None or value <= Decimal(str(high))
    ):
        return
    if low is not None and high is not None:
        raise FieldInvalid("error.number_range", min=low, max=high)
    if low is not None:
        raise FieldInvalid("error.number_min", min=low)
    raise FieldInvalid("error.number_max", max=high)


def _date(raw: str) -> str:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw.strip(), pattern).date().isoformat()
        except ValueError:
            continue
    raise FieldInvalid("error.date_invalid")


def clean_value(field: dict[str, Any], raw: Any, provinces: Collection[str] = ()) -> Any:
    """The canonical value of `raw` for `field`, or None when empty and optional."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        if field.get("required"):
            raise FieldInvalid("error.field_required")
        return None
    kind = field["type"]
    if kind in ("text", "textarea"):
        limit = MAX_TEXT if kind == "text" else MAX_TEXTAREA
        if len(text) > limit:
            raise FieldInvalid("error.text_too_long", max=limit)
        if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
            raise FieldInvalid("error.text_invalid")
        return text
    if kind == "number":
        value = _number(text, decimals=False)
        _in_range(value, field)
        return int(value)
    if kind == "amount_mad":
        value = _number(text, decimals=True)
        if value < 0:
            raise FieldInvalid("error.amount_invalid")
        _in_range(value, field)
        return float(value)
    if kind == "date":
        return _date(text)
    if kind == "choice":
        values = [choice["value"] for choice in field.get("choices", [])]
        if text not in values:
            raise FieldInvalid("error.choice_invalid")
        return text
    if kind == "province":
        if text not in provinces:
            raise FieldInvalid("error.province_invalid")
        return text
    if kind == "email":
        if not _EMAIL.fullmatch(text) or len(text) > 254:
            raise FieldInvalid("error.email_invalid")
        return text.lower()
    normalize = {"cin": normalize_cin, "ice": normalize_ice, "phone": normalize_mobile}[kind]
    try:
        return normalize(text)
    except InvalidIdentifier as error:
        raise FieldInvalid(error.code) from None


def form_errors(
    fields: list[dict[str, Any]], data: dict[str, Any], provinces: Collection[str] = ()
) -> dict[str, str]:
    """Every field's problem, by field code (empty when the form is complete and valid)."""
    errors: dict[str, str] = {}
    for field in fields:
        try:
            clean_value(field, data.get(field["code"]), provinces)
        except FieldInvalid as error:
            errors[field["code"]] = error.problem
    return errors


def display_value(
    field: dict[str, Any],
    value: Any,
    lang: str,
    province_names: dict[str, dict[str, str]] | None = None,
) -> str:
    """A stored value as people read it (dates DD/MM/YYYY, choices and provinces by name)."""
    from counter.domain.catalog import localized

    if value is None or value == "":
        return ""
    if field["type"] == "date":
        try:
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        except ValueError:
            return str(value)
    if field["type"] == "choice":
        for choice in field.get("choices", []):
            if choice["value"] == value:
                return localized(choice["label"], lang)
    if field["type"] == "province" and province_names and value in province_names:
        return localized(province_names[value], lang)
    if field["type"] == "amount_mad" and isinstance(value, int | float):
        from counter.i18n import format_mad

        return format_mad(value, lang)
    return str(value)
