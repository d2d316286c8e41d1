"""The demo petitions: in each region, its settings and one collecting, one deposited and
one answered petition, made by the product's own use cases; signers' names never public."""

from __future__ import annotations

import time

from sqlmodel import func, select

from counter.domain.petitions import check_thresholds
from counter.models import Account, Petition, PetitionSettings, PetitionSignature, Region, Service
from counter.services import petitions
from counter.services.demo_petitions import (
    PETITION_ACCOUNTS,
    PETITION_AGENTS,
    load_demo_petitions,
)
from counter.settings import PROJECT_ROOT


def _statuses(session) -> dict[str, list[str]]:
    rows = session.exec(select(Region.code, Petition.status).join(
        Petition, Petition.region_id == Region.id)).all()
    by_region: dict[str, list[str]] = {}
    for code, status in rows:
        by_region.setdefault(code, []).append(status)
    return {code: sorted(statuses) for code, statuses in by_region.items()}


def test_each_region_has_a_collecting_a_deposited_and_an_answered_petition(demo_session):
    started = time.perf_counter()
    report = load_demo_petitions(demo_session)
    elapsed = time.perf_counter() - started
    assert report["petitions"] == 12 and report["petition_settings"] == 4
    assert _statuses(demo_session) == {code: ["answered", "collecting", "deposited"]
                                       for code in ("DRA", "LSH", "ORI", "SMA")}
    # Thousands of signatures in bulk, not one use case each: the load stays quick.
    assert elapsed < 10


def test_each_region_settings_point_at_its_petitions_service_with_the_law(demo_session):
    load_demo_petitions(demo_session)
    for region in demo_session.exec(select(Region)).all():
        settings = petitions.current_settings(demo_session, region.id)
        service = demo_session.get(Service, settings.service_id)
        assert service.code == f"{region.code}_LEGAL_PETITIONS"
        assert service.region_id == region.id
        assert "111-14" in settings.legal_reference
        assert settings.minimum_signatures == {"LSH": 300, "DRA": 400, "ORI": 400,
                                               "SMA": 500}[region.code]
        agent = demo_session.exec(select(Account).where(
            Account.service_id == service.id, Account.role == "agent")).one()
        assert petitions.agent_queue(demo_session, agent=agent)[0].signatures > 0


def test_deposited_and_answered_petitions_meet_their_thresholds_the_collecting_one_not(
        demo_session):
    load_demo_petitions(demo_session)
    for petition in demo_session.exec(select(Petition)).all():
        rules = petitions.rules_of(demo_session.get(PetitionSettings, petition.settings_id))
        counts = petitions.counts_by_province(demo_session, petition.id)
        check = check_thresholds(counts, counts, rules)
        assert check.met == (petition.status != "collecting"), (petition.title, check)
        if petition.status != "collecting":
            assert petition.tracking_code and petition.deposited_at
            assert petition.decision_due_at > petition.deposited_at


def test_the_answered_petition_carries_the_bureau_decision_and_the_answer(demo_session):
    load_demo_petitions(demo_session)
    rows = [r for r in petitions.register_rows(demo_session) if r["status"] == "answered"]
    assert len(rows) == 4
    for row in rows:
        assert row["committee"] and row["session_on"] and row["answer"]
        assert row["decided_on"] < row["answered_on"]


def test_a_second_load_adds_nothing(demo_session):
    load_demo_petitions(demo_session)
    signatures = demo_session.exec(select(func.count()).select_from(PetitionSignature)).one()
    report = load_demo_petitions(demo_session)
    assert set(report.values()) == {0}
    assert demo_session.exec(select(func.count()).select_from(PetitionSignature)).one() \
        == signatures


def test_signers_are_synthetic_and_absent_from_the_register_and_open_data(demo_session):
    load_demo_petitions(demo_session)
    names = demo_session.exec(select(PetitionSignature.full_name)).all()
    cins = demo_session.exec(select(PetitionSignature.cin)).all()
    assert all(name.startswith("Signataire de démonstration") for name in names)
    public = repr(petitions.register_rows(demo_session)) + repr(
        petitions.open_data_rows(demo_session))
    assert not any(name in public for name in names[:50])
    assert not any(cin in public for cin in cins[:50])
    for data in PETITION_ACCOUNTS:
        assert data["full_name"] not in public


def test_the_readme_lists_the_petitions_demo_accounts():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for account in [PETITION_AGENTS[0], *PETITION_ACCOUNTS[len(PETITION_AGENTS):]]:
        assert account["email"] in readme and account["password"] in readme
