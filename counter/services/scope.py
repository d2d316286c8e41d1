"""Which administration an administrator keeps: one region's, or the consortium's four.

Every administrators' use case (services, agents, catalog, holiday corrections, figures,
outbox) asks this module, and only this module, whether the caller may touch a region. A
refusal is logged here, so no handler can forget to log it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from counter.logs import log_event
from counter.models import Account, Procedure, Region, Role, Service


class OutOfScope(PermissionError):
    """The caller is no administrator (`error.forbidden`), or not of the region concerned
    (`error.out_of_scope`); `code` is the message key."""

    def __init__(self, code: str = "error.out_of_scope") -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class AdminScope:
    account_id: int
    region_id: int | None  # None: the consortium, all regions

    @property
    def is_consortium(self) -> bool:
        return self.region_id is None

    def covers(self, region_id: int | None) -> bool:
        return self.region_id is None or region_id == self.region_id


def admin_scope(account: Account | None) -> AdminScope:
    """The scope of an active administrator; anyone else is refused (and logged)."""
    if account is None or account.role != Role.ADMIN or not account.is_active:
        log_event("admin_refused", account=account.id if account else None)
        raise OutOfScope("error.forbidden")
    return AdminScope(account.id, account.region_id)


def require_region(scope: AdminScope, region_id: int | None, *, what: str) -> None:
    """Refuse (and log) an action on a region outside the administrator's scope."""
    if not scope.covers(region_id):
        log_event("admin_out_of_scope", account=scope.account_id, what=what,
                  region=region_id, scope=scope.region_id)
        raise OutOfScope()


def service_region(session: Session, service_id: int | None) -> int | None:
    if service_id is None:
        return None
    return session.exec(select(Service.region_id).where(Service.id == service_id)).first()


def procedure_region(session: Session, procedure_id: int) -> int | None:
    return session.exec(select(Service.region_id).join(
        Procedure, Procedure.service_id == Service.id).where(Procedure.id == procedure_id)
    ).first()


def account_region(session: Session, account: Account) -> int | None:
    """The region a staff account belongs to: an agent's service's, an administrator's own.
    Citizens and businesses belong to no region (anyone may file in any region)."""
    if account.role == Role.AGENT:
        return service_region(session, account.service_id)
    if account.role == Role.ADMIN:
        return account.region_id
    return None


def regions_in(session: Session, scope: AdminScope) -> list[Region]:
    query = select(Region).order_by(Region.code)
    if scope.region_id is not None:
        query = query.where(Region.id == scope.region_id)
    return list(session.exec(query).all())


def region_by_code(session: Session, code: str) -> Region | None:
    code = (code or "").strip().upper()
    return session.exec(select(Region).where(Region.code == code)).first() if code else None
