"""Administrators keep the services and the staff accounts of their scope.

Every function takes the acting administrator and refuses anyone else: a region's
administrator keeps that region's services, agents and administrators, the consortium's
every region's and every account (services.scope). Disabling an account ends its
sessions at once.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from counter.domain.catalog import localized
from counter.domain.forms import FieldProblem
from counter.domain.names import ROOT_LANGUAGE, names_of
from counter.i18n import format_date, t
from counter.models import Account, Region, Role, Service
from counter.services.accounts import AccountError, create_staff, disable_account
from counter.services.scope import (
    AdminScope,
    account_region,
    admin_scope,
    region_by_code,
    regions_in,
    require_region,
    service_region,
)
from counter.settings import LANGUAGES

_SERVICE_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,31}")


class PeopleError(ValueError):
    def __init__(self, code: str, errors: dict[str, str] | None = None) -> None:
        self.code = code
        self.errors = errors or {}
        super().__init__(code)


def _scoped_services(scope: AdminScope) -> Any:
    query = select(Service, Region).join(Region, Region.id == Service.region_id)
    if scope.region_id is not None:
        query = query.where(Service.region_id == scope.region_id)
    return query.order_by(Region.code, Service.code)


def services(session: Session, *, admin: Account, lang: str) -> list[dict[str, str]]:
    scope = admin_scope(admin)
    counts = dict(session.exec(
        select(Account.service_id, func.count()).where(Account.role == Role.AGENT)
        .group_by(Account.service_id)).all())
    rows = session.exec(_scoped_services(scope)).all()
    return [{"id": str(s.id), "code": s.code, "name": localized(s.names, lang),
             "region": localized(r.names, lang), "region_code": r.code,
             "label": f"{localized(r.names, lang)} — {localized(s.names, lang)}",
             "email": s.email or "", "agents": str(counts.get(s.id, 0))} for s, r in rows]


def regions(session: Session, *, admin: Account, lang: str) -> list[list[str]]:
    """The regions an administrator may choose from: their own, or all four."""
    return [[r.code, localized(r.names, lang)]
            for r in regions_in(session, admin_scope(admin))]


def create_service(session: Session, *, admin: Account, code: str, email: str = "",
                   region_code: str = "", **names: str) -> Service:
    """A new service of the administrator's scope, named by `name_<lang>` values: the root
    language's name is required, the others fall back when left empty (domain.names)."""
    scope = admin_scope(admin)
    errors: dict[str, str] = {}
    code = (code or "").strip().upper()
    if not _SERVICE_CODE.fullmatch(code):
        errors["code"] = "error.service_code_invalid"
    elif session.exec(select(Service.id).where(Service.code == code)).first():
        errors["code"] = "error.service_code_taken"
    for lang in LANGUAGES:
        value = names.get(f"name_{lang}") or ""
        if lang == ROOT_LANGUAGE and not value.strip():
            errors[f"name_{lang}"] = "error.field_required"
        elif len(value) > 200:
            errors[f"name_{lang}"] = FieldProblem("error.text_too_long", max=200)
    # A region's administrator creates services in their region; the consortium's names one.
    region = region_by_code(session, region_code)
    if region is None and scope.region_id is not None and not (region_code or "").strip():
        region = session.get(Region, scope.region_id)
    if region is None:
        errors["region_code"] = "error.region_required"
    else:
        require_region(scope, region.id, what="create_service")
    if errors:
        raise PeopleError("error.form_invalid", errors)
    service = Service(code=code, names=names_of(names), email=(email or "").strip() or None,
                      region_id=region.id)
    session.add(service)
    session.flush()
    return service


def accounts(session: Session, *, admin: Account, lang: str, role: str = "",
             search: str = "", limit: int = 200) -> list[dict[str, str]]:
    scope = admin_scope(admin)
    query = select(Account, Service).outerjoin(Service, Service.id == Account.service_id)
    if scope.region_id is not None:  # the region's staff only
        query = query.where(or_(
            (Account.role == Role.AGENT) & (Service.region_id == scope.region_id),
            (Account.role == Role.ADMIN) & (Account.region_id == scope.region_id)))
    if role in {r.value for r in Role}:
        query = query.where(Account.role == role)
    text = (search or "").strip().lower()[:100]
    if text:
        pattern = f"%{text}%"
        query = query.where(or_(func.lower(Account.full_name).like(pattern),
                                func.lower(Account.email).like(pattern)))
    rows = session.exec(query.order_by(col(Account.role), Account.full_name).limit(limit)).all()
    return [{
        "id": str(a.id), "name": a.full_name, "email": a.email or a.mobile or "",
        "role": a.role, "role_label": t(f"role.{a.role}", lang),
        "service_id": str(a.service_id or ""),
        "service": localized(s.names, lang) if s else "",
        "active": "1" if a.is_active else "",
        "created": format_date(a.created_at, lang),
    } for a, s in rows]


def create_agent(session: Session, *, admin: Account, full_name: str, email: str, password: str,
                 service_id: int | None) -> Account:
    scope = admin_scope(admin)
    if service_id is not None and session.get(Service, service_id) is not None:
        require_region(scope, service_region(session, service_id), what="create_agent")
    try:
        return create_staff(session, role=Role.AGENT, full_name=full_name, email=email,
                            password=password, service_id=service_id)
    except AccountError as error:
        raise PeopleError("error.form_invalid", error.errors) from None


def assign_service(session: Session, *, admin: Account, account_id: int,
                   service_id: int) -> Account:
    scope = admin_scope(admin)
    account = session.get(Account, account_id)
    service = session.get(Service, service_id)
    if account is None or account.role != Role.AGENT:
        raise PeopleError("error.account_not_found")
    if service is None:
        raise PeopleError("error.service_not_found")
    require_region(scope, account_region(session, account), what="assign_service")
    require_region(scope, service.region_id, what="assign_service")
    account.service_id = service.id
    session.add(account)
    session.flush()
    return account


def set_active(session: Session, *, admin: Account, account_id: int, active: bool) -> Account:
    """Disable (its sessions end at once) or enable an account; never one's own."""
    scope = admin_scope(admin)
    if account_id == admin.id:
        raise PeopleError("error.cannot_disable_self")
    account = session.get(Account, account_id)
    if account is None:
        raise PeopleError("error.account_not_found")
    require_region(scope, account_region(session, account), what="set_active")
    if active:
        account.is_active = True
        session.add(account)
        session.flush()
        return account
    return disable_account(session, account_id)
