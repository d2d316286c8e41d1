"""The catalog editor applies the law (issue 9, points 4, 5, 6 and 8): a deadline above the
legal maximum, an extension or urgent deadline longer than the deadline, a retention above
60 months or a bad link is refused with a message that names the rule; nothing changes."""

from __future__ import annotations

import pytest
from sqlmodel import select

from counter.domain.law import (
    ComplementClock,
    add_months,
    deadline_errors,
    procedure_errors,
    retention_errors,
)
from counter.i18n import t
from counter.models import Account, Procedure
from counter.services import catalog_admin
from counter.services.seed import check_demo_data
from counter.states.catalog_admin import _errors_of
from tests.test_catalog_admin import values as catalog_values


def values(**overrides):
    """The catalog editor tests' procedure, without documents."""
    return catalog_values(**({"documents": []} | overrides))


@pytest.fixture
def admin(demo_session):
    return demo_session.exec(select(Account).where(
        Account.email == "admin@demo.example.ma")).one()


@pytest.mark.parametrize(("overrides", "field", "key", "text"), [
    ({"legal_deadline_days": "61"}, "legal_deadline_days", "law.deadline_max", "60"),
    ({"legal_deadline_days": "31", "is_investment": "1", "service_code": "DRA_CRI"},
     "legal_deadline_days", "law.deadline_investment_max", "30"),
    ({"extension_days": "20"}, "extension_days", "law.not_above_deadline", "15"),
    ({"urgent_deadline_days": "16"}, "urgent_deadline_days", "law.not_above_deadline", "15"),
    ({"retention_months": "61"}, "retention_months", "law.retention_max", "60"),
    ({"deadline_unit": "moons"}, "deadline_unit", "error.choice_invalid", ""),
    ({"complement_clock": "never"}, "complement_clock", "error.choice_invalid", ""),
    ({"external_url": "javascript:alert(1)"}, "external_url", "error.url_invalid", "https"),
])
def test_what_the_law_forbids_is_refused_naming_the_rule_and_nothing_changes(
        demo_session, admin, overrides, field, key, text):
    session = demo_session
    before = session.exec(select(Procedure)).all().__len__()
    with pytest.raises(catalog_admin.CatalogError) as caught:
        catalog_admin.save_procedure(session, admin=admin, values=values(**overrides))
    assert caught.value.errors[field] == key
    session.rollback()
    assert len(session.exec(select(Procedure)).all()) == before
    for lang in ("fr", "ar", "en"):
        shown = _errors_of(caught.value, lang)[field]
        assert "{" not in shown and text in shown, (lang, shown)
    if key.startswith("law.deadline"):
        assert "55-19" in _errors_of(caught.value, "fr")[field]


def test_the_laws_settings_are_saved_and_copied_into_new_dossiers(demo_session, admin):
    session = demo_session
    procedure = catalog_admin.save_procedure(session, admin=admin, values=values(
        deadline_unit="working", extension_days="15", urgent_deadline_days="3",
        complement_clock="restart", retention_months="24",
        external_url="https://www.rokhas.ma"))
    session.commit()
    assert (procedure.deadline_unit, procedure.extension_days, procedure.urgent_deadline_days,
            procedure.complement_clock, procedure.retention_months, procedure.external_url) == (
        "working", 15, 3, ComplementClock.RESTART, 24, "https://www.rokhas.ma")
    shown = catalog_admin.procedure_values(procedure, "DRA_INFRASTRUCTURE")
    assert (shown["deadline_unit"], shown["retention_months"]) == ("working", "24")


def test_the_law_checks_are_plain_rules_shared_with_the_demo_data():
    assert check_demo_data() == []
    assert deadline_errors(legal_deadline_days=60, is_investment=False, unit="working") == []
    assert [e.key for e in deadline_errors(legal_deadline_days=45, is_investment=True,
                                           unit="calendar")] == ["law.deadline_investment_max"]
    assert retention_errors(60) == [] and retention_errors(0)
    assert [e.field for e in procedure_errors({"legal_deadline_days": 20,
                                               "silence_acceptance": True})] == [
        "silence_reference"]
    assert t("law.deadline_max", "ar", max=60).count("60") == 1


def test_months_are_added_as_calendars_count_them():
    from datetime import UTC, datetime

    assert add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert add_months(datetime(2026, 11, 15, tzinfo=UTC), 3) == datetime(2027, 2, 15, tzinfo=UTC)
    assert add_months(datetime(2024, 2, 29, tzinfo=UTC), 12) == datetime(2025, 2, 28, tzinfo=UTC)


def test_a_procedure_handled_elsewhere_links_out_and_files_nothing_here(demo_session):
    from counter.services.catalog import catalog_entries, catalog_entry, site_name
    from counter.services.dossiers import DossierError, start_draft

    session = demo_session
    entry = catalog_entry(session, "DRA_COMPLAINT")
    assert entry["external_url"] == "https://www.chikaya.ma"
    assert site_name(entry["external_url"]) == "Chikaya.ma"
    rokhas = {e["code"] for e in catalog_entries(session)
              if e["external_url"] == "https://www.rokhas.ma"}
    assert rokhas == {f"{r}_ECONOMIC_ACTIVITY_PERMIT" for r in ("DRA", "ORI", "SMA", "LSH")}
    business = session.exec(select(Account).where(Account.role == "business")).one()
    with pytest.raises(DossierError) as caught:
        start_draft(session, account=business, procedure_code="DRA_ECONOMIC_ACTIVITY_PERMIT")
    assert caught.value.code == "error.handled_elsewhere"
