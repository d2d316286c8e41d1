"""Demo data: regions, provinces, services, the procedure catalog and one account per role.

The load runs in one transaction and checks every definition before writing, so a load
that fails leaves the database as it was; rows that already exist (by code or e-mail)
are left alone, so a second load adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from counter.domain.catalog import definition_errors
from counter.domain.law import procedure_errors
from counter.models import Account, Company, Procedure, Province, Region, Service
from counter.security import hash_password
from counter.services import demo_data


class SeedError(ValueError):
    pass


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())


def check_demo_data() -> list[str]:
    """Every problem of the demo catalog: its definitions, and what the law forbids."""
    errors = []
    for proc in demo_data.PROCEDURES:
        problems = [str(p) for p in definition_errors(proc["fields"], proc["documents"])]
        problems += [f"{p.field}: {p.key}" for p in procedure_errors(proc)]
        errors += [f"{proc['code']}: {problem}" for problem in problems]
    return errors


def _by_code(session: Session, model: type, code: str) -> Any:
    return session.exec(select(model).where(model.code == code)).first()


def load_demo_data(session: Session) -> SeedReport:
    """Add whatever demo rows are missing. The caller commits (or rolls back on error)."""
    errors = check_demo_data()
    if errors:
        raise SeedError("invalid demo catalog: " + "; ".join(errors))
    report = SeedReport()
    regions: dict[str, Region] = {}
    for data in demo_data.REGIONS:
        region = _by_code(session, Region, data["code"])
        if region is None:
            region = Region(**{k: v for k, v in data.items() if k != "provinces"})
            session.add(region)
            session.flush()
            report.add("regions")
        regions[region.code] = region
        for pdata in data["provinces"]:
            if _by_code(session, Province, pdata["code"]) is None:
                session.add(Province(region_id=region.id, **pdata))
                report.add("provinces")
    services: dict[str, Service] = {}
    for data in demo_data.SERVICES:
        service = _by_code(session, Service, data["code"])
        if service is None:
            values = {k: v for k, v in data.items() if k != "region_code"}
            service = Service(region_id=regions[data["region_code"]].id, **values)
            session.add(service)
            session.flush()
            report.add("services")
        services[service.code] = service
    for data in demo_data.PROCEDURES:
        if _by_code(session, Procedure, data["code"]) is None:
            values = {k: v for k, v in data.items() if k != "service_code"}
            session.add(Procedure(service_id=services[data["service_code"]].id, **values))
            report.add("procedures")
    for data in demo_data.DEMO_ACCOUNTS:
        if session.exec(select(Account).where(Account.email == data["email"])).first():
            continue
        company_id = None
        if data.get("company"):
            company = session.exec(
                select(Company).where(Company.ice == data["company"]["ice"])
            ).first()
            if company is None:
                company = Company(**data["company"])
                session.add(company)
                session.flush()
            company_id = company.id
        service_code = data.get("service_code")
        session.add(
            Account(
                role=data["role"],
                full_name=data["full_name"],
                email=data["email"],
                mobile=data["mobile"],
                cin=data["cin"],
                lang=data["lang"],
                correspondence_lang=data.get("correspondence_lang"),
                password_hash=hash_password(data["password"]),
                company_id=company_id,
                service_id=services[service_code].id if service_code else None,
                region_id=regions[data["region_code"]].id if data.get("region_code") else None,
            )
        )
        report.add("accounts")
    session.flush()
    return report
