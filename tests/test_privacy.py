"""The record of processing (law 09-08, domain.privacy), the demo catalog's purposes, legal
bases and retentions, the privacy page's state in French and Arabic, and the footer's links
to the national portals."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from sqlmodel import select

from counter.components.layout import footer
from counter.domain.law import MAX_RETENTION_MONTHS
from counter.domain.privacy import (
    cited_laws,
    datum_label,
    legal_basis_text,
    processing_record,
    purpose_text,
)
from counter.domain.search import fold
from counter.models import Procedure
from counter.services.demo_data import PROCEDURE_TEMPLATES, PROCEDURES
from counter.services.retention import processing_register
from counter.states import privacy as privacy_state
from counter.states.privacy import PrivacyState

ARABIC = re.compile(r"[\u0600-\u06FF]")
TOURISM_NAME = "Autorisation d'exploitation d'un établissement touristique"


def demo(code: str) -> dict:
    return next(p for p in PROCEDURES if p["code"] == code)


def test_the_record_of_a_procedure_with_a_cin_field_lists_the_cin_and_every_document():
    procedure = demo("DRA_COMPANY_CREATION")
    record = processing_record(procedure)

    collected = [(d.category, datum_label(d, "fr")) for d in record.collected]
    manager_cin = next(f for f in procedure["fields"] if f["type"] == "cin")
    assert ("identity", manager_cin["label"]["fr"]) in collected
    documents = [label for category, label in collected if category == "document"]
    assert documents == [d["label"]["fr"] for d in procedure["documents"]]
    assert len(record.collected) == len(procedure["fields"]) + len(procedure["documents"])
    # The account always holds the applicant's name, CIN and contact; a business's company.
    held = [datum_label(d, "fr") for d in record.data if d.source in ("account", "business")]
    assert held == ["Nom et prénom", "Numéro de CIN", "E-mail ou mobile",
                    "Raison sociale, registre du commerce et tribunal", "ICE de l'entreprise"]
    assert record.for_businesses and record.retention_months == 24


def test_each_field_type_is_recorded_as_its_kind_of_personal_data():
    fields = [{"code": f"f_{kind}", "type": kind, "label": {"fr": kind, "ar": kind,
                                                            "en": kind}}
              for kind in ("cin", "ice", "phone", "email", "text", "textarea", "date",
                           "amount_mad", "number", "province", "choice")]
    record = processing_record({"code": "X", "audience": "citizen", "fields": fields,
                                "documents": []})

    assert [d.category for d in record.collected] == [
        "identity", "company", "contact", "contact", "free_text", "free_text", "date",
        "amount", "figure", "place", "choice"]
    assert not record.for_businesses  # a citizens-only procedure: no company data


def test_without_its_own_texts_a_procedure_gets_a_default_naming_law_09_08_and_its_law():
    record = processing_record({
        "code": "X", "names": {"fr": "Demande d'accès", "ar": "طلب", "en": "Request"},
        "descriptions": {"fr": "Selon la loi 31-13 et la loi organique 111-14 (et la loi 09-08)."},
        "retention_months": None})

    assert record.laws == ("31-13", "111-14") and record.retention_months == 12
    assert legal_basis_text(record, "fr") == (
        "Mission d'intérêt public du conseil régional (loi 09-08, article 4), selon la loi "
        "31-13, 111-14.")
    arabic = legal_basis_text(record, "ar")
    assert "09.08" in arabic and "31.13، 111.14" in arabic
    assert "« Demande d'accès »" in purpose_text(record, "fr")
    assert "«طلب»" in purpose_text(record, "ar")
    assert cited_laws("Law 03-22, framework law 03-22, loi-cadre 03-22") == ("03-22",)
    bare = processing_record({"code": "Y"})
    assert legal_basis_text(bare, "en") == (
        "A task in the public interest of the regional council (law 09-08, article 4).")


def test_a_procedures_own_purpose_and_basis_come_first_language_by_language():
    record = processing_record({"code": "Z", "processing_purpose": {"fr": "Instruire."},
                                "legal_basis": {"ar": "القانون 12.90"}})

    assert purpose_text(record, "fr") == "Instruire."
    assert ARABIC.search(purpose_text(record, "ar"))  # the default, in Arabic
    assert legal_basis_text(record, "ar") == "القانون 12.90"
    assert "09-08" in legal_basis_text(record, "fr")


def test_every_demo_procedure_filed_here_states_its_purpose_legal_basis_and_retention():
    # A procedure handled elsewhere (Chikaya.ma, Rokhas.ma) collects nothing here.
    for template in (t for t in PROCEDURE_TEMPLATES if not t.get("external_url")):
        code = template["code"]
        for key in ("processing_purpose", "legal_basis"):
            assert all((template[key].get(lang) or "").strip() for lang in ("fr", "ar", "en")), \
                (code, key)
            assert ARABIC.search(template[key]["ar"]), (code, key)
        assert "09-08" in template["legal_basis"]["fr"]
        assert "09.08" in template["legal_basis"]["ar"]
        assert 1 <= template["retention_months"] <= MAX_RETENTION_MONTHS, code
        if template["is_investment"]:
            assert template["retention_months"] in (24, 60), code
    assert {t.get("retention_months") for t in PROCEDURE_TEMPLATES
            if not t.get("external_url")} == {12, 24, 60}


# --- the page's state ---------------------------------------------------------------------


@pytest.fixture
def page_state(demo_session, monkeypatch):
    """The privacy page's state as a browser in French would hold it, over the demo data."""

    @contextmanager
    def scope():
        yield demo_session

    monkeypatch.setattr(privacy_state, "session_scope", scope)
    monkeypatch.setattr(privacy_state, "_register_cache", {})
    state = PrivacyState()
    state.lang = "fr"
    PrivacyState.load.fn(state)
    return state


def test_the_privacy_page_state_in_french(page_state):
    state = page_state
    state.remembered_region = "SMA"  # the browser's remembered region (counter_region)

    assert state.region_choice == "SMA"
    assert state.controller_name == "Conseil de la région Souss-Massa"
    assert "Souss-Massa" in state.rights_how
    assert [code for code, _ in state.region_options] == ["DRA", "LSH", "ORI", "SMA"]
    views = state.procedures
    assert all(view.code.startswith("SMA_") for view in views)
    assert state.count_label == f"{len(views)} démarches : touchez-en une pour la lire."
    tourism = next(v for v in views if v.code == "SMA_TOURIST_ESTABLISHMENT")
    assert tourism.name == TOURISM_NAME
    assert "80-14" in tourism.basis and "09-08" in tourism.basis
    assert tourism.retention.startswith("24 mois après la décision")
    assert tourism.for_businesses
    assert {d.kind for d in tourism.data} >= {"Document", "Lieu", "Date"}
    assert state.drafts_rule == ("Un brouillon non modifié pendant 3 mois est supprimé avec "
                                 "ses documents.")
    assert "14 jours" in state.warning_rule
    names = [view.name for view in views]
    assert names == sorted(names, key=fold)


def test_the_privacy_page_state_in_arabic(page_state):
    state = page_state
    state.lang = "ar"
    state.remembered_region = "DRA"

    assert state.controller_name == "مجلس جهة درعة تافيلالت"
    assert dict(state.region_options)["ORI"] == "الشرق"
    views = state.procedures
    assert views and all(ARABIC.search(view.name) for view in views)
    access = next(v for v in views if v.code == "DRA_ACCESS_INFO")
    assert "31.13" in access.basis and "09.08" in access.basis
    assert access.retention.startswith("12 شهرا")
    assert all(ARABIC.search(d.label) and ARABIC.search(d.kind) for d in access.data)
    assert state.count_label.startswith(f"{len(views)} مسطرة")
    assert "14" in state.warning_rule and ARABIC.search(state.warning_rule)


def test_the_page_opens_on_the_remembered_region_and_ignores_an_unknown_one(page_state):
    state = page_state
    state.remembered_region = "XYZ"  # a cookie is only a preference
    assert state.region_choice == "DRA"  # the installation's region (COUNTER_REGION)

    PrivacyState.set_region.fn(state, "ORI")
    # (A state made outside the app does not reach its parent's var dependencies: the
    # choice is read afresh; tests/test_browser_preferences.py goes through the app.)
    assert state.remembered_region == "ORI" and PrivacyState.region_choice.fget(state) == "ORI"
    PrivacyState.set_region.fn(state, "<script>")
    assert state.remembered_region == "ORI"


def test_procedures_handled_elsewhere_are_not_in_the_register(demo_session):
    procedure = demo_session.exec(select(Procedure).where(
        Procedure.code == "DRA_RURAL_BUILDING_PERMIT")).one()
    procedure.external_url = "https://www.rokhas.ma"
    demo_session.add(procedure)
    demo_session.commit()

    register = {region["code"]: region for region in processing_register(demo_session)}

    codes = {p["code"] for p in register["DRA"]["procedures"]}
    assert "DRA_RURAL_BUILDING_PERMIT" not in codes and "DRA_ACCESS_INFO" in codes
    assert set(register) == {"DRA", "ORI", "SMA", "LSH"}


def test_the_footer_links_to_privacy_chikaya_and_rokhas_opening_safely():
    rendered = str(footer().render())

    assert '"/privacy"' in rendered
    for address in ("https://www.chikaya.ma", "https://www.rokhas.ma"):
        assert address in rendered
    assert rendered.count('"noopener noreferrer"') == 2
    assert rendered.count('"_blank"') >= 2
