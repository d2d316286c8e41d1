"""An association's profile, kept by the citizen who represents it: its registration, seat
or branches, and the two documents that prove it (statutes, registration receipt), stored
privately as any dossier's documents are (services.documents checked them first).

Registering refuses an association constituted less than three years ago (organic law
111-14, art. 121: services.petitions.register_association); its petitions need no
signatures (domain.petitions: draft -> deposited by its representative)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from counter.domain.names import pick
from counter.domain.petitions import ASSOCIATION_MIN_YEARS, PetitionError, add_years
from counter.i18n import format_date, t
from counter.models import Account, Association, Region, Role, utcnow
from counter.services import storage
from counter.services.documents import ReceivedFile
from counter.services.petitions import register_association

DOCUMENTS = ("statutes", "registration_receipt")


def register(session: Session, *, representative: Account, name: str, number: str,
             registered_on: str, seat_region_id: int | None,
             branch_region_ids: list[int], today: date | None = None) -> Association:
    """The profile from the form (the date as typed, ISO); one per registration number."""
    try:
        day = date.fromisoformat(registered_on)
    except ValueError:
        raise PetitionError("association.date_invalid") from None
    if day > (today or utcnow().date()):
        raise PetitionError("association.date_invalid")
    if seat_region_id is None:
        raise PetitionError("association.seat_required")
    return register_association(
        session, representative=representative, name=name, registration_number=number,
        registered_on=day, seat_region_id=seat_region_id,
        branch_region_ids=[r for r in branch_region_ids if r != seat_region_id],
        today=today)


def _own(session: Session, account: Account, association_id: int) -> Association:
    association = session.get(Association, association_id)
    if (association is None or account.role != Role.CITIZEN
            or association.representative_id != account.id):
        raise PetitionError("petition.forbidden")
    return association


def attach_document(session: Session, *, account: Account, association_id: int,
                    doc_code: str, received: ReceivedFile) -> Association:
    """The statutes or the registration receipt; a new file replaces the one sent before
    (which is removed from storage once the row no longer points to it)."""
    association = _own(session, account, association_id)
    if doc_code not in DOCUMENTS:
        raise PetitionError("association.document_unknown")
    kept = [d for d in association.documents if d.get("doc_code") != doc_code]
    replaced = [d["stored_name"] for d in association.documents if d.get("doc_code") == doc_code]
    association.documents = [*kept, {
        "doc_code": doc_code, "stored_name": received.stored_name,
        "original_name": received.original_name, "content_type": received.content_type,
        "size_bytes": received.size_bytes, "pages": received.pages, "sha256": received.sha256,
        "scan_status": received.scan_status, "uploaded_at": utcnow().isoformat()}]
    session.add(association)
    session.flush()
    for name in replaced:
        storage.keep_for_now(name)  # the orphans job removes it after its grace period
    return association


def profiles(session: Session, *, account: Account, lang: str,
             today: date | None = None) -> list[dict[str, Any]]:
    """The associations this citizen represents, as the profile screen shows them."""
    today = today or utcnow().date()
    names = {r.id: pick(r.names, lang) for r in session.exec(select(Region)).all()}
    rows = session.exec(select(Association).where(
        Association.representative_id == account.id).order_by(col(Association.id))).all()
    shown = []
    for association in rows:
        documents = {d["doc_code"]: d for d in association.documents}
        eligible_from = add_years(association.registered_on, ASSOCIATION_MIN_YEARS)
        regions = [association.seat_region_id, *association.branch_region_ids]
        shown.append({
            "id": str(association.id), "name": association.name,
            "number": association.registration_number,
            "registered_on": format_date(association.registered_on, lang),
            "seat": names.get(association.seat_region_id, ""),
            "branches": ", ".join(names.get(r, "") for r in association.branch_region_ids),
            "may_petition": t("association.may_petition", lang,
                              regions=", ".join(names.get(r, "") for r in regions))
            if today >= eligible_from else
            t("association.not_yet", lang, date=format_date(eligible_from, lang)),
            "documents": [{
                "code": code, "label": t(f"association.doc.{code}", lang),
                "file": documents[code]["original_name"] if code in documents else "",
                "status": t("association.doc_received", lang) if code in documents
                else t("association.doc_missing", lang),
            } for code in DOCUMENTS],
            "complete": "1" if set(DOCUMENTS) <= set(documents) else "",
        })
    return shown
