"""The Moroccan law the product applies, as plain rules with their numbers (DOMAIN.md).

- Law 55-19 (simplification of administrative procedures): a processing time of at most
  60 days, 30 for investment files; one complement request per dossier, only for what the
  procedure lists; silence at the deadline counts as acceptance only where a text says so.
- Law 31-13 (access to information): 20 working days, extendable once by 20 with the
  applicant told why; urgent requests 3 working days, extendable once by 3.
- Law 09-08 (personal data): a retention period per procedure after the decision (12 months
  by default, 60 at most); drafts untouched for 3 months expire; the applicant is warned
  2 weeks before.

Each check returns message keys (with their parameters) that name the rule, so the
catalog editor, the demo data and the tests share one rule and the editor says it in the
administrator's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from counter.domain.workdays import DeadlineUnit

MAX_DEADLINE_DAYS = 60  # law 55-19
MAX_INVESTMENT_DEADLINE_DAYS = 30  # law 55-19, investment files
DEFAULT_RETENTION_MONTHS = 12  # law 09-08, as démarches-simplifiées does
MAX_RETENTION_MONTHS = 60
DRAFT_EXPIRY_MONTHS = 3
RETENTION_WARNING = timedelta(days=14)


class ComplementClock(StrEnum):
    """What the administration's clock does when the applicant answers the complement
    request: it resumes where it stopped, or restarts for the whole deadline."""

    RESUME = "resume"
    RESTART = "restart"


@dataclass(frozen=True)
class LawError:
    """A setting the law forbids: the field concerned, a message key and its parameters."""

    field: str
    key: str
    params: tuple[tuple[str, Any], ...] = ()


def deadline_errors(*, legal_deadline_days: int | None, is_investment: bool, unit: str,
                    extension_days: int | None = None,
                    urgent_deadline_days: int | None = None) -> list[LawError]:
    """A deadline above 60 days (30 for investment files, law 55-19), an unknown unit, an
    extension or urgent deadline longer than the deadline itself."""
    errors: list[LawError] = []
    if unit not in {u.value for u in DeadlineUnit}:
        errors.append(LawError("deadline_unit", "error.choice_invalid"))
    limit = MAX_INVESTMENT_DEADLINE_DAYS if is_investment else MAX_DEADLINE_DAYS
    if legal_deadline_days is not None and legal_deadline_days > limit:
        key = "law.deadline_investment_max" if is_investment else "law.deadline_max"
        errors.append(LawError("legal_deadline_days", key, (("max", limit),)))
    for name, days in (("extension_days", extension_days),
                       ("urgent_deadline_days", urgent_deadline_days)):
        if days is not None and legal_deadline_days is not None and days > legal_deadline_days:
            errors.append(LawError(name, "law.not_above_deadline",
                                   (("n", legal_deadline_days),)))
    return errors


def silence_errors(*, silence_acceptance: bool, silence_reference: str | None) -> list[LawError]:
    """Silence counts as acceptance only under a text that says so: its reference is needed."""
    if silence_acceptance and not (silence_reference or "").strip():
        return [LawError("silence_reference", "law.silence_needs_reference")]
    return []


def retention_errors(months: int | None) -> list[LawError]:
    if months is not None and not 1 <= months <= MAX_RETENTION_MONTHS:
        return [LawError("retention_months", "law.retention_max",
                         (("max", MAX_RETENTION_MONTHS),))]
    return []


def procedure_errors(values: dict[str, Any]) -> list[LawError]:
    """A procedure's settings (as catalog values) against laws 55-19, 31-13 and 09-08."""
    return [
        *deadline_errors(legal_deadline_days=values.get("legal_deadline_days"),
                         is_investment=bool(values.get("is_investment")),
                         unit=values.get("deadline_unit", DeadlineUnit.CALENDAR),
                         extension_days=values.get("extension_days"),
                         urgent_deadline_days=values.get("urgent_deadline_days")),
        *silence_errors(silence_acceptance=bool(values.get("silence_acceptance")),
                        silence_reference=values.get("silence_reference")),
        *retention_errors(values.get("retention_months")),
    ]


def add_months(moment: datetime, months: int) -> datetime:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last))


def purge_due(decided_at: datetime, retention_months: int) -> datetime:
    """When a decided dossier's documents and personal data are deleted."""
    return add_months(decided_at, retention_months)


def draft_expires(updated_at: datetime) -> datetime:
    """When a draft untouched since `updated_at` expires."""
    return add_months(updated_at, DRAFT_EXPIRY_MONTHS)
