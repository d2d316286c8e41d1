"""The four regions as the administrations they are (issue 9, point 1): each procedure
belongs to the region of its service; its province fields take that region's provinces
only, on the server; receipts, decisions, e-mails and the tracking page carry the handling
region; the catalog shows and filters by region; an agent's province filter is their
region's."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader
from sqlmodel import Session, select

from counter.i18n import t
from counter.models import Account, Dossier, OutboxMessage, Province, Region, Role, Service
from counter.services import review, storage
from counter.services.accounts import create_staff
from counter.services.catalog import catalog_entries, catalog_entry, search_catalog
from counter.services.dossiers import (
    DossierError,
    attach_document,
    save_field,
    start_draft,
    submit_own,
    track,
)
from counter.services.review import queue_filters_options

REGIONS = ("DRA", "ORI", "SMA", "LSH")
# A business's investment file, which every region's CRI handles; the province is the
# region's own (filled in per test).
INVESTMENT_VALUES = {
    "investment_amount": "1 250 000",
    "jobs_planned": "12",
    "sector": "energy",
    "incentive_type": "territorial",
    "project_summary": "Centrale solaire de 2 MW",
}
INVESTMENT_DOCUMENTS = ("business_plan", "rc_extract")
PASSWORD = "Figuier de Barbarie 1987"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))


def business(session: Session) -> Account:
    return session.exec(select(Account).where(Account.role == Role.BUSINESS)).one()


def region(session: Session, code: str) -> Region:
    return session.exec(select(Region).where(Region.code == code)).one()


def provinces_by_region(session: Session) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for province, owner in session.exec(select(Province, Region).join(
            Region, Region.id == Province.region_id)).all():
        found.setdefault(owner.code, set()).add(province.code)
    return found


def investment_draft(session: Session, received, code: str, province: str) -> Dossier:
    account = business(session)
    dossier = start_draft(session, account=account, procedure_code=f"{code}_INVESTMENT_INCENTIVE")
    for field, value in {**INVESTMENT_VALUES, "province": province}.items():
        assert save_field(session, account=account, dossier_id=dossier.id, code=field,
                          value=value) is None, field
    for doc_code in INVESTMENT_DOCUMENTS:
        attach_document(session, account=account, dossier_id=dossier.id, doc_code=doc_code,
                        received=received(f"{doc_code}.pdf"))
    session.commit()
    return dossier


@pytest.mark.parametrize("code", REGIONS)
def test_a_province_field_accepts_its_regions_provinces_and_refuses_the_others(
        demo_session, code):
    session = demo_session
    account = business(session)
    dossier = start_draft(session, account=account, procedure_code=f"{code}_INVESTMENT_INCENTIVE")
    every = provinces_by_region(session)
    assert set(every) == set(REGIONS)
    for owner, codes in every.items():
        for province in codes:
            problem = save_field(session, account=account, dossier_id=dossier.id,
                                 code="province", value=province)
            if owner == code:
                assert problem is None, (owner, province)
            else:
                assert problem == "error.province_invalid", (owner, province)


@pytest.mark.parametrize("code", REGIONS)
def test_a_province_of_another_region_is_refused_at_submission_whatever_the_client_sent(
        demo_session, received, code):
    session = demo_session
    mine = sorted(provinces_by_region(session)[code])[0]
    foreign = next(p for r, ps in sorted(provinces_by_region(session).items()) if r != code
                   for p in sorted(ps))
    dossier = investment_draft(session, received, code, mine)
    # A crafted client that wrote the value straight into the draft's form data:
    dossier.form_data = {**dossier.form_data, "province": foreign}
    session.add(dossier)
    session.commit()

    with pytest.raises(DossierError) as caught:
        submit_own(session, account=business(session), dossier_id=dossier.id)
    assert caught.value.code == "error.dossier_incomplete"
    assert caught.value.errors == {"province": "error.province_invalid"}
    session.rollback()
    assert session.get(Dossier, dossier.id).status == "draft"


@pytest.mark.parametrize("code", REGIONS)
def test_receipt_decision_tracking_and_mail_carry_the_handling_region(
        demo_session, received, private_settings, code):
    session = demo_session
    home = region(session, code)
    province = sorted(provinces_by_region(session)[code])[0]
    dossier = investment_draft(session, received, code, province)
    result = submit_own(session, account=business(session), dossier_id=dossier.id)
    session.commit()

    receipt = pdf_text(storage.read_private(result.dossier.receipt_name))
    assert f"Région {home.names['fr']}" in receipt
    others = [r.names["fr"] for r in session.exec(select(Region)).all() if r.code != code]
    assert not any(f"Région {name}" in receipt for name in others)

    # The decision, by an agent of that region's CRI.
    cri = session.exec(select(Service).where(Service.code == f"{code}_CRI")).one()
    agent = create_staff(session, role="agent", full_name="Agent Régional",
                         email=f"agent.{code.lower()}@example.ma", password=PASSWORD,
                         service_id=cri.id)
    session.commit()
    filed = session.get(Dossier, dossier.id)
    review.take(session, agent=agent, dossier_id=filed.id, version=filed.version)
    review.decide(session, agent=agent, dossier_id=filed.id, version=filed.version,
                  accept=True)
    session.commit()
    decision = pdf_text(storage.read_private(session.get(Dossier, dossier.id).decision_name))
    assert f"Région {home.names['fr']}" in decision
    assert not any(f"Région {name}" in decision for name in others)

    # The public tracking page, in French and in Arabic.
    for lang in ("fr", "ar"):
        view = track(session, code=result.dossier.tracking_code, pin=result.pin,
                     client_ip=f"198.51.100.{REGIONS.index(code)}", lang=lang)
        assert view["region"] == t("receipt.region", lang, name=home.names[lang])
    session.commit()

    # Every e-mail of the dossier is signed by its region.
    mails = session.exec(select(OutboxMessage).where(
        OutboxMessage.dossier_id == dossier.id)).all()
    assert {m.kind for m in mails} == {"submitted", "accepted"}
    for mail in mails:
        name = home.names[mail.lang]
        assert t("receipt.region", mail.lang, name=name) in mail.body


def test_an_agents_province_filter_lists_their_regions_provinces(demo_session):
    session = demo_session
    every = provinces_by_region(session)
    for code in REGIONS:
        cri = session.exec(select(Service).where(Service.code == f"{code}_CRI")).one()
        agent = Account(role=Role.AGENT, full_name="A", email=f"q.{code}@example.ma",
                        password_hash="x", service_id=cri.id)
        session.add(agent)
        session.flush()
        options = queue_filters_options(session, agent, "fr")
        assert {c for c, _ in options["provinces"]} == every[code]
        assert {c for c, _ in options["procedures"]} == {
            f"{code}_INVESTMENT_INCENTIVE", f"{code}_INVESTMENT_LAND", f"{code}_COMPANY_CREATION"}


def test_the_catalog_shows_each_procedures_region_and_filters_by_region(demo_session):
    entries = catalog_entries(demo_session)
    assert {e["region_code"] for e in entries} == set(REGIONS)
    for code in REGIONS:
        rows = search_catalog(entries, "", "", "", "fr", code)
        assert len(rows) >= 3 and {r["region_code"] for r in rows} == {code}
    # The list carries no definitions (it is in every visitor's state); a procedure's page does.
    assert all("fields" not in e and "documents" not in e for e in entries)
    assert catalog_entry(demo_session, "DRA_ACCESS_INFO")["fields"]
    arabic = search_catalog(entries, "", "", "", "ar", "DRA")
    assert {r["region"] for r in arabic} == {"درعة تافيلالت"}


def test_a_search_finds_procedures_of_every_region_and_by_region_name(demo_session):
    entries = catalog_entries(demo_session)
    everywhere = search_catalog(entries, "accès à l'information", "", "", "fr")
    assert {r["code"] for r in everywhere} >= {f"{c}_ACCESS_INFO" for c in REGIONS}
    by_name = search_catalog(entries, "Oriental investissement", "", "", "fr")
    assert by_name and {r["region_code"] for r in by_name} == {"ORI"}
    arabic = search_catalog(entries, "سوس", "", "", "ar")
    assert arabic and {r["region_code"] for r in arabic} == {"SMA"}
