"""What the citizens' petition screens read: one petition's public page, a person's own
petitions and invitations, the invitee found by e-mail or CIN, the deposit's receipt PDF
and the QR code image of a shareable link.

Public views come from services.petitions.register_rows (no signer's name or CIN, ever);
a person's own views only name what that person may see. No screen text here: states turn
these rows into words in the reader's language; but for the tracking page's view of a
deposited petition, which has the words of a tracked dossier's (services.dossiers.track).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from counter.domain.identifiers import InvalidIdentifier, normalize_cin
from counter.domain.names import pick
from counter.domain.petitions import PetitionStatus
from counter.i18n import format_date, t
from counter.models import (
    Account,
    Petition,
    PetitionRepresentative,
    PetitionSettings,
    PetitionSignature,
    Province,
    Region,
    Role,
    Service,
)
from counter.services import petitions
from counter.services.pdf import qr_modules
from counter.services.receipts import ReceiptData, render_receipt

# The petition's code in its public address (/petitions/<code>) is its number.
PUBLIC_PATH = "/petitions"


def public_petition(session: Session, petition_id: int) -> dict[str, Any] | None:
    """The register's row of one published petition (None for a draft or an unknown id),
    with its full text for the page."""
    petition = session.get(Petition, petition_id)
    if petition is None:
        return None
    region = session.get(Region, petition.region_id)
    row = next((r for r in petitions.register_rows(session, region.code)
                if r["id"] == petition_id), None)
    if row is None:
        return None
    return {**row, "reasons": petition.reasons, "lang": petition.lang,
            "region_names": region.names, "region_id": region.id}


def tracked_petition(session: Session, petition: Petition, lang: str) -> dict[str, Any]:
    """A deposited petition as the tracking page shows it to the holder of its receipt, in
    the shape of a tracked dossier: the council that handles it, its status, the deposit,
    the date the bureau must decide by (until it has) and its public timeline."""
    from counter.services.dossiers import timeline

    region = session.get(Region, petition.region_id)
    settings = (session.get(PetitionSettings, petition.settings_id)
                if petition.settings_id else petitions.current_settings(session, region.id))
    service = session.get(Service, settings.service_id) if settings.service_id else None
    waiting = petition.status == PetitionStatus.DEPOSITED
    return {
        "kind": "petition",
        "tracking_code": petition.tracking_code,
        "procedure": petition.title,
        "region": pick(region.names, lang),
        "service": pick(service.names, lang) if service else "",
        "status": petition.status,
        "status_label": t(f"petitions.status_{petition.status}", lang),
        "submitted_on": format_date(petition.deposited_at, lang),
        "expected_on": format_date(petition.decision_due_at, lang) if waiting else "",
        "decided_on": format_date(petition.decided_at, lang),
        "public_href": f"{PUBLIC_PATH}/{petition.id}",
        "timeline": timeline(session, None, lang, public=True, petition_id=petition.id,
                             label="petitions.status_{}"),
    }


def province_names(session: Session, region_id: int) -> dict[str, dict[str, str]]:
    """Province code -> names, of the region, in id order."""
    rows = session.exec(select(Province).where(Province.region_id == region_id)
                        .order_by(Province.id)).all()
    return {p.code: p.names for p in rows}


def province_choices(session: Session, region_id: int) -> list[tuple[int, dict[str, str]]]:
    rows = session.exec(select(Province).where(Province.region_id == region_id)
                        .order_by(Province.id)).all()
    return [(p.id, p.names) for p in rows]


def regions(session: Session) -> list[Region]:
    return list(session.exec(select(Region).order_by(Region.id)).all())


def has_signed(session: Session, account: Account, petition_id: int) -> bool:
    return session.exec(select(PetitionSignature.id).where(
        PetitionSignature.petition_id == petition_id,
        PetitionSignature.account_id == account.id)).first() is not None


def find_citizen(session: Session, who: str) -> Account | None:
    """An active citizen by e-mail or CIN (the invitee the author names); None if nobody."""
    who = (who or "").strip()[:254]
    if not who:
        return None
    if "@" in who:
        where = col(Account.email) == who.lower()
    else:
        try:
            where = col(Account.cin) == normalize_cin(who)
        except InvalidIdentifier:
            return None
    return session.exec(select(Account).where(where, Account.role == Role.CITIZEN,
                                              col(Account.is_active).is_(True))).first()


@dataclass(frozen=True)
class MyPetition:
    id: int
    title: str
    status: str
    role: str  # "author", "representative" or "deputy"
    invitation_pending: bool
    both_accepted: bool
    region_names: dict[str, str]
    tracking_code: str | None


def my_petitions(session: Session, account: Account) -> list[MyPetition]:
    """The petitions this person drafted or was invited to represent, newest first."""
    invited = {row.petition_id: row for row in session.exec(select(PetitionRepresentative).where(
        PetitionRepresentative.account_id == account.id)).all()}
    rows = session.exec(select(Petition, Region).join(Region, col(Region.id) == Petition.region_id)
                        .where((col(Petition.author_id) == account.id)
                               | col(Petition.id).in_(list(invited) or [-1]))
                        .order_by(col(Petition.id).desc())).all()
    result = []
    for petition, region in rows:
        reps = session.exec(select(PetitionRepresentative).where(
            PetitionRepresentative.petition_id == petition.id)).all()
        invitation = invited.get(petition.id)
        role = invitation.role if invitation else "author"
        pending = bool(invitation and invitation.accepted_at is None
                       and invitation.declined_at is None
                       and petition.status == petitions.S.AWAITING_REPRESENTATIVES)
        both = len(reps) == 2 and all(r.accepted_at is not None for r in reps)
        result.append(MyPetition(petition.id, petition.title, petition.status, role, pending,
                                 both, region.names, petition.tracking_code))
    return result


def deposit_receipt(session: Session, *, account: Account, petition_id: int,
                    receipt: petitions.DepositReceipt, lang: str) -> bytes:
    """The deposit's receipt, drawn as a dossier's is (code, PIN, QR), for its representative,
    in the words of law 111-14 (receipts.PETITION_WORDS)."""
    petition = session.get(Petition, petition_id)
    region = session.get(Region, petition.region_id)
    settings = petitions.current_settings(session, region.id)
    service = session.get(Service, settings.service_id) if settings.service_id else None
    days = (receipt.decision_due_at - receipt.deposited_at).days
    return render_receipt(ReceiptData(
        lang=lang, region_name=region.names, service_name=service.names if service else {},
        procedure_name={lang: petition.title}, procedure_code=str(petition.id), kind="petition",
        tracking_code=receipt.tracking_code, pin=receipt.pin, applicant_name=account.full_name,
        channel="online", submitted_at=receipt.deposited_at, legal_deadline_days=days,
        expected_decision_on=receipt.decision_due_at.date(), documents=(),
        tracking_url=receipt.qr_url))


def qr_image(url: str, module: int = 4, quiet: int = 4) -> str:
    """A QR code of `url` as an SVG data address (no script, no request: light)."""
    modules = qr_modules(url)
    size = (len(modules) + 2 * quiet) * module
    cells = "".join(f"M{(x + quiet) * module} {(y + quiet) * module}h{module}v{module}h-{module}z"
                    for y, row in enumerate(modules) for x, dark in enumerate(row) if dark)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
           f'width="{size}" height="{size}"><rect width="100%" height="100%" fill="#fff"/>'
           f'<path d="{cells}" fill="#000"/></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
