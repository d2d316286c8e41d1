"""Demo petitions: each region's settings and three citizens' petitions (one collecting, one
deposited with its thresholds met, one answered by the council), loaded by the seed.

The petitions go through the use cases of services.petitions, as a real one would (draft,
representatives' acceptance, publication, deposit, the bureau's decision, the answer), so
their statuses, dates, audit entries and receipts are the product's own. Only the
signatures are written in bulk (one INSERT of many rows, not one use case per signature):
they are synthetic paper-sheet lines, entered by the demo petitions agent, whose names
("Signataire de démonstration n° 12") and CINs (prefix "DM") are invented and, like every
signer's, never shown in a public page or file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from counter.domain.petitions import check_thresholds
from counter.models import (
    Account,
    Petition,
    PetitionSettings,
    PetitionSheet,
    PetitionSignature,
    Region,
    Service,
    utcnow,
)
from counter.security import hash_password
from counter.services import petitions
from counter.services.petitions import PAPER, current_settings, region_provinces, rules_of

PETITIONS_SERVICE = "LEGAL_PETITIONS"
DEMO_SHEET = "DEMO-1"
DEMO_CIN_PREFIX = "DM"

# One petitions agent per region's petitions service (Drâa-Tafilalet's in the README); the
# three citizens draft, represent and deputise the demo petitions (README, "Demo accounts").
AGENT_EMAIL = "petitions{suffix}@demo.example.ma"
PETITION_AGENTS: list[dict[str, Any]] = [
    {"role": "agent", "full_name": name, "email": AGENT_EMAIL.format(suffix=suffix),
     "mobile": f"+2127001122{40 + index}", "cin": f"JE3344{60 + index}",
     "password": "Demo-Petitions-2026!", "lang": "fr",
     "service_code": f"{region}_{PETITIONS_SERVICE}"}
    for index, (region, suffix, name) in enumerate([
        ("DRA", "", "Hassan Ouchen"), ("ORI", "-ori", "Karima Benaissa"),
        ("SMA", "-sma", "Brahim Ait Ouaziz"), ("LSH", "-lsh", "Mariam Ould Sidi")])
]
PETITION_CITIZENS: list[dict[str, Any]] = [
    {"role": "citizen", "full_name": "Aicha Boukhris", "email": "promotrice@demo.example.ma",
     "mobile": "+212612340001", "cin": "JB200001", "password": "Demo-Promotrice-2026!",
     "lang": "fr"},
    {"role": "citizen", "full_name": "Mohamed Idbelkas", "email": "representant@demo.example.ma",
     "mobile": "+212612340002", "cin": "JB200002", "password": "Demo-Representant-2026!",
     "lang": "ar"},
    {"role": "citizen", "full_name": "Salma Aznag", "email": "suppleante@demo.example.ma",
     "mobile": "+212612340003", "cin": "JB200003", "password": "Demo-Suppleante-2026!",
     "lang": "fr"},
]
PETITION_ACCOUNTS = [*PETITION_AGENTS, *PETITION_CITIZENS]
AUTHOR, REPRESENTATIVE, DEPUTY = (a["email"] for a in PETITION_CITIZENS)


@dataclass(frozen=True)
class DemoPetition:
    stage: str  # "collecting", "deposited" or "answered"
    title: str
    request: str
    reasons: str
    lang: str = "fr"


def _petitions(region: str) -> list[DemoPetition]:
    """The region's three petitions (illustrative texts, written for the demonstration)."""
    place = {"DRA": "Drâa-Tafilalet", "ORI": "l'Oriental", "SMA": "Souss-Massa",
             "LSH": "Laâyoune-Sakia El Hamra"}[region]
    return [
        DemoPetition(
            "collecting", f"Transport scolaire pour les douars isolés de {place}",
            "Nous demandons au conseil régional d'étendre le transport scolaire aux douars "
            "situés à plus de 5 km d'une école.",
            "Des élèves marchent plus d'une heure chaque matin ; l'abandon scolaire des filles "
            "y est le plus élevé de la région."),
        DemoPetition(
            "deposited", "إحداث مركز صحي متنقل في الجماعات القروية",
            "نطالب المجلس الجهوي بتمويل وحدة صحية متنقلة تزور الجماعات القروية مرة كل أسبوع.",
            "أقرب مركز صحي يبعد أكثر من 40 كيلومترا عن عدد من الدواوير.", "ar"),
        DemoPetition(
            "answered", f"Un programme régional de formation au numérique à {place}",
            "Nous demandons l'ouverture de cours gratuits d'usage du numérique dans chaque "
            "province, le soir et le week-end.",
            "Beaucoup d'habitants ne peuvent pas faire leurs démarches en ligne sans aide."),
    ]


def _account(session: Session, email: str) -> Account:
    return session.exec(select(Account).where(Account.email == email)).one()


def _load_accounts(session: Session) -> int:
    created = 0
    for data in PETITION_ACCOUNTS:
        if session.exec(select(Account).where(Account.email == data["email"])).first():
            continue
        service = None
        if data.get("service_code"):
            service = session.exec(select(Service).where(
                Service.code == data["service_code"])).one()
        session.add(Account(role=data["role"], full_name=data["full_name"], email=data["email"],
                            mobile=data["mobile"], cin=data["cin"], lang=data["lang"],
                            password_hash=hash_password(data["password"]),
                            service_id=service.id if service else None))
        created += 1
    session.flush()
    return created


def _load_settings(session: Session, region: Region) -> PetitionSettings:
    """Version 1 of the region's settings (the law's tiered rule on the 2024 census) pointing
    at its petitions service; a region that already has settings keeps them."""
    exists = session.exec(select(PetitionSettings.id).where(
        PetitionSettings.region_id == region.id)).first()
    settings = current_settings(session, region.id)
    if exists is None:
        service = session.exec(select(Service).where(
            Service.code == f"{region.code}_{PETITIONS_SERVICE}")).one()
        settings.service_id = service.id
        session.add(settings)
        session.flush()
    return settings


def spread_counts(per_province: int, provinces: list[int],
                  total: int) -> dict[int, int]:
    """`total` signatures over the provinces: each at least `per_province` when the total
    allows it, the rest to the first provinces (the most populous, in demo order)."""
    floor = min(per_province, total // max(len(provinces), 1))
    counts = {pid: floor for pid in provinces}
    rest = total - floor * len(provinces)
    weights = list(range(len(provinces), 0, -1))
    for index, pid in enumerate(provinces):
        share = rest * weights[index] // sum(weights)
        counts[pid] += share
    counts[provinces[0]] += total - sum(counts.values())
    return counts


def _bulk_signatures(session: Session, petition: Petition, agent: Account,
                     counts: dict[int, int], at: datetime) -> None:
    """Synthetic paper-sheet lines, written in one INSERT of many rows."""
    sheet = PetitionSheet(petition_id=petition.id, number=DEMO_SHEET, entered_by_id=agent.id,
                          entered_at=at)
    session.add(sheet)
    session.flush()
    rows, line = [], 0
    for province_id, n in counts.items():
        for _ in range(n):
            line += 1
            rows.append({"petition_id": petition.id, "cin": f"{DEMO_CIN_PREFIX}{line:06d}",
                         "full_name": f"Signataire de démonstration n° {line}",
                         "province_id": province_id, "basis": "residence", "channel": PAPER,
                         "sheet_id": sheet.id, "line_number": line, "signed_at": at})
    if rows:
        session.execute(insert(PetitionSignature), rows)
    session.flush()


def _demo_petition(session: Session, region: Region, demo: DemoPetition,
                   settings: PetitionSettings, agent: Account | None, now: datetime) -> Petition:
    author, rep, deputy = (_account(session, e) for e in (AUTHOR, REPRESENTATIVE, DEPUTY))
    # Answered: published four months ago; deposited: published seven weeks ago.
    published = now - {"collecting": timedelta(days=20), "deposited": timedelta(days=50),
                       "answered": timedelta(days=120)}[demo.stage]
    if agent is None:
        raise ValueError(f"no petitions agent in {region.code}")
    petition = petitions.draft_petition(session, author=author, region_id=region.id,
                                        title=demo.title, request=demo.request,
                                        reasons=demo.reasons, lang=demo.lang)
    petitions.invite_representatives(session, author=author, petition_id=petition.id,
                                     representative_id=rep.id, deputy_id=deputy.id)
    for invitee in (rep, deputy):
        petitions.answer_invitation(session, account=invitee, petition_id=petition.id,
                                    accept=True)
    petitions.publish(session, account=rep, petition_id=petition.id, now=published)
    rules = rules_of(settings)
    provinces = list(region_provinces(session, region.id))
    per_province = check_thresholds({}, (), rules).per_province_minimum
    total = rules.minimum_signatures * 2 // 5 if demo.stage == "collecting" \
        else rules.minimum_signatures + 37
    _bulk_signatures(session, petition, agent, spread_counts(
        per_province, provinces, total), published + timedelta(days=5))
    if demo.stage == "collecting":
        return petition
    deposited = published + timedelta(days=30)
    petitions.deposit(session, account=rep, petition_id=petition.id, now=deposited)
    if demo.stage == "answered":
        decided = deposited + timedelta(days=40)
        petitions.decide(session, agent=agent,
                         petition_id=petition.id, admissible=True,
                         committee="Commission du développement social",
                         session_on=(decided + timedelta(days=20)).date(), now=decided)
        petitions.publish_answer(
            session, agent=agent, petition_id=petition.id,
            text="Le conseil a adopté, lors de sa session ordinaire, un programme de cours "
                 "du soir dans chaque province ; les inscriptions ouvrent au prochain "
                 "trimestre.", now=decided + timedelta(days=21))
    return petition


def load_demo_petitions(session: Session, *, now: datetime | None = None) -> dict[str, int]:
    """Add the demo petitions accounts, each region's settings and three petitions per region
    where the region has none of the demo titles yet. The caller commits."""
    now = now or utcnow()
    created = {"accounts": _load_accounts(session), "petition_settings": 0, "petitions": 0}
    for region in session.exec(select(Region).order_by(Region.id)).all():
        had_settings = session.exec(select(PetitionSettings.id).where(
            PetitionSettings.region_id == region.id)).first() is not None
        settings = _load_settings(session, region)
        agent = session.exec(select(Account).where(
            Account.service_id == settings.service_id, Account.role == "agent")).first()
        created["petition_settings"] += not had_settings
        for demo in _petitions(region.code):
            if session.exec(select(Petition.id).where(Petition.region_id == region.id,
                                                      Petition.title == demo.title)).first():
                continue
            _demo_petition(session, region, demo, settings, agent, now)
            created["petitions"] += 1
    return created

