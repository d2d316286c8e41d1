"""Who may read what: the one place the product decides access to a dossier's data."""

from __future__ import annotations

from counter.models import Account, Document, Dossier, Role

# An agent sees a document only once the scanner passed it (or no scanner is configured).
VISIBLE_SCAN_STATUSES = frozenset({"clean", "not_configured"})


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
        return document.scan_status in VISIBLE_SCAN_STATUSES
    return True
