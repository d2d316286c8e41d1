"""The demo data obeys the catalog's rules and DOMAIN.md's Moroccan specifics."""

from __future__ import annotations

import re
from collections import Counter

from counter.domain.catalog import FIELD_TYPES, LANGUAGES, definition_errors
from counter.domain.identifiers import normalize_cin, normalize_ice, normalize_mobile
from counter.domain.names import pick
from counter.i18n import REGISTRY
from counter.models import Procedure
from counter.services.demo_data import (
    DEMO_ACCOUNTS,
    ILLUSTRATIVE_NOTE,
    PROCEDURES,
    REGIONS,
    SERVICES,
)

ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
TIFINAGH_LETTER = re.compile(r"[\u2D30-\u2D7F]")
# The languages the demo descriptions and notes are written in: those covering the whole
# product (Amazigh covers the public pages and shows the Arabic description).
WHOLE_PRODUCT = [entry.code for entry in REGISTRY if entry.covers == "all"]
INVESTMENT_FIELDS = {
    "investment_amount": "amount_mad",
    "jobs_planned": "number",
    "sector": "choice",
    "province": "province",
}
# DOMAIN.md, "Moroccan specifics worth getting right".
DOMAIN_PROVINCES = {
    "DRA": ["Errachidia", "Ouarzazate", "Midelt", "Tinghir", "Zagora"],
    "ORI": [
        "Oujda-Angad",
        "Nador",
        "Berkane",
        "Taourirt",
        "Jerada",
        "Figuig",
        "Driouch",
        "Guercif",
    ],
    "SMA": [
        "Agadir Ida-Outanane",
        "Inezgane-Aït Melloul",
        "Chtouka-Aït Baha",
        "Taroudant",
        "Tiznit",
        "Tata",
    ],
    "LSH": ["Laâyoune", "Boujdour", "Tarfaya", "Es-Semara"],
}


def _provinces() -> list[dict]:
    return [p for region in REGIONS for p in region["provinces"]]


def _duplicates(codes: list[str]) -> list[str]:
    return [code for code, n in Counter(codes).items() if n > 1]


def _named_rows() -> list[dict]:
    return [*REGIONS, *_provinces(), *SERVICES, *PROCEDURES]


def _labels(procedure: dict) -> list[dict]:
    labels = []
    for definition in [*procedure["fields"], *procedure["documents"]]:
        labels.append(definition["label"])
        if definition.get("help"):
            labels.append(definition["help"])
        labels += [choice["label"] for choice in definition.get("choices", [])]
    return labels


def test_every_procedure_definition_passes_the_catalog_rules():
    for procedure in PROCEDURES:
        assert definition_errors(procedure["fields"], procedure["documents"]) == [], procedure[
            "code"
        ]


def test_demo_data_uses_varied_field_types():
    used = {f["type"] for p in PROCEDURES for f in p["fields"]}
    assert used == set(FIELD_TYPES)


def test_procedure_keys_match_the_procedure_table():
    table_keys = set(Procedure.model_fields) - {
        "id",
        "service_id",
        "is_active",
        "created_at",
        "updated_at",
    }
    # The law's settings (deadline unit, extension, retention...) may keep their defaults.
    optional = {name for name, info in Procedure.model_fields.items()
                if not info.is_required()}
    for procedure in PROCEDURES:
        assert set(procedure) <= table_keys | {"service_code"}, procedure["code"]
        assert table_keys - optional <= set(procedure), procedure["code"]


def test_codes_are_unique():
    assert _duplicates([r["code"] for r in REGIONS]) == []
    assert _duplicates([p["code"] for p in _provinces()]) == []
    assert _duplicates([s["code"] for s in SERVICES]) == []
    assert _duplicates([p["code"] for p in PROCEDURES]) == []


def test_codes_have_the_expected_shape():
    assert all(re.fullmatch(r"[a-z][a-z_]*", p["code"]) for p in _provinces())
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]{0,31}", p["code"]) for p in PROCEDURES)
    assert all(len(s["code"]) <= 32 for s in SERVICES)


def test_every_service_and_region_reference_resolves():
    region_codes = {r["code"] for r in REGIONS}
    service_codes = {s["code"] for s in SERVICES}
    assert all(s["region_code"] in region_codes for s in SERVICES)
    assert all(p["service_code"] in service_codes for p in PROCEDURES)
    accounts_services = [a["service_code"] for a in DEMO_ACCOUNTS if a["service_code"]]
    assert all(code in service_codes for code in accounts_services)


def test_catalog_is_large_enough_for_a_demo():
    assert len(SERVICES) >= 6
    assert len(PROCEDURES) >= 14


def test_both_audiences_are_served():
    audiences = Counter(p["audience"] for p in PROCEDURES)
    assert set(audiences) <= {"citizen", "business", "both"}
    assert audiences["citizen"] + audiences["both"] > 0
    assert audiences["business"] >= 3


def test_investment_procedures_carry_the_four_investment_fields():
    investment = [p for p in PROCEDURES if p["is_investment"]]
    assert len(investment) >= 3
    for procedure in investment:
        fields = {f["code"]: f for f in procedure["fields"]}
        for code, ftype in INVESTMENT_FIELDS.items():
            assert code in fields, (procedure["code"], code)
            assert fields[code]["type"] == ftype, (procedure["code"], code)
            assert fields[code]["required"] is True, (procedure["code"], code)
        assert procedure["legal_deadline_days"] == 30, procedure["code"]
        assert procedure["audience"] == "business", procedure["code"]


def test_deadlines_and_baselines_are_plausible():
    # Entries handled elsewhere (Chikaya.ma, Rokhas.ma) have no pre-digital baseline here.
    for procedure in (p for p in PROCEDURES if not p.get("external_url")):
        assert isinstance(procedure["legal_deadline_days"], int)
        assert procedure["legal_deadline_days"] >= 1
        assert isinstance(procedure["baseline_median_days"], int)
        assert procedure["baseline_median_days"] > procedure["legal_deadline_days"]
        assert procedure["target_reduction_pct"] == 50.0


def test_names_and_descriptions_exist_in_french_arabic_and_english():
    for row in _named_rows():
        for lang in LANGUAGES:
            assert str(row["names"][lang]).strip(), (row["code"], lang)
        assert ARABIC_LETTER.search(row["names"]["ar"]), row["code"]
    for procedure in PROCEDURES:
        for lang in WHOLE_PRODUCT:
            assert procedure["descriptions"][lang].strip(), (procedure["code"], lang)
        assert ARABIC_LETTER.search(procedure["descriptions"]["ar"]), procedure["code"]
        for label in _labels(procedure):
            assert ARABIC_LETTER.search(label["ar"]), (procedure["code"], label)


def test_every_demo_region_province_service_and_procedure_has_an_amazigh_name():
    """In Tifinagh; the descriptions and field labels fall back to Arabic (domain.names)."""
    for row in _named_rows():
        assert TIFINAGH_LETTER.search(row["names"]["zgh"]), row["code"]
    assert pick(PROCEDURES[0]["descriptions"], "zgh") == PROCEDURES[0]["descriptions"]["ar"]


def test_illustrative_note_is_in_three_languages():
    assert all(ILLUSTRATIVE_NOTE[lang].strip() for lang in WHOLE_PRODUCT)
    assert ARABIC_LETTER.search(ILLUSTRATIVE_NOTE["ar"])


def test_regions_have_exactly_the_provinces_of_domain_md():
    assert {r["code"]: [p["names"]["fr"] for p in r["provinces"]] for r in REGIONS} == (
        DOMAIN_PROVINCES
    )


def test_demo_account_identifiers_are_already_canonical():
    for account in DEMO_ACCOUNTS:
        assert normalize_cin(account["cin"]) == account["cin"]
        assert normalize_mobile(account["mobile"]) == account["mobile"]
        assert account["email"].endswith("@demo.example.ma")
        assert len(account["password"]) >= 12
        if account["company"]:
            ice = account["company"]["ice"]
            assert normalize_ice(ice) == ice


def test_one_demo_account_per_role_and_one_administrator_per_scope():
    roles = Counter(a["role"] for a in DEMO_ACCOUNTS)
    assert roles == {"citizen": 1, "business": 1, "agent": 1, "admin": 2}
    admins = {a["region_code"] for a in DEMO_ACCOUNTS if a["role"] == "admin"}
    assert admins == {None, "DRA"}  # the consortium's, and one region's
    by_role = {a["role"]: a for a in DEMO_ACCOUNTS}
    assert by_role["business"]["company"] is not None
    assert all(by_role[r]["company"] is None for r in ("citizen", "agent", "admin"))
    assert all(by_role[r]["service_code"] is None for r in ("citizen", "business", "admin"))


def test_demo_agent_works_at_a_cri_that_receives_investment_files():
    agent = next(a for a in DEMO_ACCOUNTS if a["role"] == "agent")
    investment_services = {p["service_code"] for p in PROCEDURES if p["is_investment"]}
    assert agent["service_code"] in investment_services


def test_each_region_has_its_council_services_its_cri_and_at_least_three_procedures():
    region_of = {s["code"]: s["region_code"] for s in SERVICES}
    for region in REGIONS:
        code = region["code"]
        procedures = [p for p in PROCEDURES if region_of[p["service_code"]] == code]
        assert len(procedures) >= 3, code
        assert {p["code"] for p in procedures} >= {f"{code}_ACCESS_INFO",
                                                   f"{code}_CITIZEN_PETITION"}
        # The investment files go to the region's own CRI, named after the region.
        investment = {p["service_code"] for p in procedures if p["is_investment"]}
        assert investment == {f"{code}_CRI"}, code
        cri = next(s for s in SERVICES if s["code"] == f"{code}_CRI")
        for lang in LANGUAGES:
            assert region["names"][lang] in cri["names"][lang]
    assert all(p["code"].startswith(region_of[p["service_code"]] + "_") for p in PROCEDURES)
