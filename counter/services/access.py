"""Who may read what: the one place the product decides access to a dossier's data."""

from __future__ import annotations

from counter.domain.lifecycle import Status
from counter.models import Account, Document, Dossier, Role
from counter.services.documents import SCAN_STATUSES_SHOWN_TO_AGENTS


def can_read_dossier(account: Account | None, dossier: Dossier | None) -> bool:
    if account is None or dossier is None or not account.is_active:
        return False
    if dossier.applicant_id is not None and dossier.applicant_id == account.id:
        return True
    return account.role == Role.AGENT and account.service_id == dossier.service_id


def can_read_document(account: Account | None, dossier: Dossier | None,
                      document: Document | None) -> bool:
    if document is None or dossier is None or document.dossier_id != dossier.id:
        return False
    if not can_read_dossier(account, dossier):
        return False
    if account.role == Role.AGENT:
        # A draft is the applicant's until it is submitted (SECURITY 38); the agent filing
        # it at the counter with the person sees what they add together.
        if dossier.status == Status.DRAFT and dossier.filed_by_id != account.id:
            return False
        return document.scan_status in SCAN_STATUSES_SHOWN_TO_AGENTS
    return True


def can_get_receipt(account: Account | None, dossier: Dossier | None) -> bool:
    """The receipt carries the PIN: the applicant, or the agent who filed it at the counter
    (to print it); the agents who review the dossier do not need it."""
    return can_read_dossier(account, dossier) and (
        dossier.applicant_id == account.id or dossier.filed_by_id == account.id)


def can_get_decision(account: Account | None, dossier: Dossier | None) -> bool:
    """The applicant, the service's agents, and the agent who filed it at the counter."""
    return can_read_dossier(account, dossier) or (
        dossier is not None and account is not None and account.is_active
        and dossier.filed_by_id == account.id)
