import pytest

from counter.services.catalog import (
    catalog_entries,
    catalog_entry,
    catalog_index,
    find_procedures,
    fits_filters,
    fold,
    provinces,
    search_catalog,
)
from counter.services.seed import load_demo_data


@pytest.fixture
def entries(session):
    load_demo_data(session)
    session.commit()
    return catalog_entries(session)


def test_fold_ignores_case_accents_and_arabic_marks():
    assert fold("Établissement TOURISTIQUE") == "etablissement touristique"
    assert fold("إِسْتِثْمَار") == fold("استثمار")
    assert fold("مدرسة") == fold("مدرسه")


def test_search_matches_every_word_in_any_language(entries):
    names = {row["code"] for row in search_catalog(entries, "subvention association", "", "", "fr")}
    assert "ORI_ASSOCIATION_GRANT" in names
    arabic = {row["code"] for row in search_catalog(entries, "استثمار", "", "", "ar")}
    assert {"DRA_INVESTMENT_INCENTIVE", "DRA_INVESTMENT_LAND"} <= arabic
    english = {row["code"] for row in search_catalog(entries, "tourist", "", "", "en")}
    assert english == {"SMA_TOURIST_ESTABLISHMENT"}


def test_search_with_no_match_is_empty(entries):
    assert search_catalog(entries, "zzzz introuvable", "", "", "fr") == []


def test_audience_filter_keeps_procedures_open_to_both(entries):
    citizen = search_catalog(entries, "", "citizen", "", "fr")
    assert citizen and all(row["audience"] in ("citizen", "both") for row in citizen)
    business = search_catalog(entries, "", "business", "", "fr")
    assert any(row["audience"] == "business" for row in business)
    assert not any(row["audience"] == "citizen" for row in business)


def test_service_filter(entries):
    rows = search_catalog(entries, "", "", "DRA_CRI", "en")
    assert rows and {r["code"] for r in rows} >= {"DRA_INVESTMENT_INCENTIVE", "DRA_COMPANY_CREATION"}
    assert all(fits_filters(e, service="DRA_CRI") for e in entries if e["code"] in {r["code"] for r in rows})


def test_results_are_localized_and_sorted_in_the_screen_language(entries):
    arabic = search_catalog(entries, "", "", "", "ar")
    assert all(any("\u0600" <= ch <= "\u06ff" for ch in row["name"]) for row in arabic)
    assert [fold(r["name"]) for r in arabic] == sorted(fold(r["name"]) for r in arabic)


def test_inactive_procedures_leave_the_catalog(session, entries):
    from sqlmodel import select

    from counter.models import Procedure

    procedure = session.exec(select(Procedure).where(Procedure.code == "DRA_ACCESS_INFO")).one()
    procedure.is_active = False
    session.add(procedure)
    session.commit()
    assert catalog_entry(session, "DRA_ACCESS_INFO") is None
    assert "DRA_ACCESS_INFO" not in {e["code"] for e in catalog_entries(session)}


def test_provinces_come_with_their_region(session, entries):
    rows = provinces(session)
    assert len(rows) == 23
    assert {r["region_code"] for r in rows} == {"DRA", "ORI", "SMA", "LSH"}


def test_a_misspelt_word_finds_the_subsidies_and_says_how_it_was_read(entries):
    found = find_procedures(entries, "subvension", lang="fr")
    assert {row["code"] for row in found.rows} == {
        f"{region}_ASSOCIATION_GRANT" for region in ("DRA", "ORI", "SMA", "LSH")}
    assert found.suggestions == ["subvention"]
    assert find_procedures(entries, "subvention", lang="fr").suggestions == []


def test_a_french_word_on_the_arabic_screen_and_arabic_variants_find(entries):
    french = find_procedures(entries, "subvension", lang="ar", region="DRA").rows
    assert [row["code"] for row in french] == ["DRA_ASSOCIATION_GRANT"]
    assert french[0]["name"] == "طلب منحة لفائدة جمعية"
    for typed in ("منحه", "المنحة", "إستثمار", "الاستتمار"):
        assert find_procedures(entries, typed, lang="ar").rows, typed


def test_results_rank_names_before_descriptions(entries):
    rows = find_procedures(entries, "investissement", lang="fr", region="DRA").rows
    assert {rows[0]["code"], rows[1]["code"]} == {"DRA_INVESTMENT_INCENTIVE",
                                                  "DRA_INVESTMENT_LAND"}


def test_nothing_found_suggests_the_nearest_procedures(entries):
    found = find_procedures(entries, "subvention touristique", lang="fr")
    assert found.rows == []
    assert "Demande de subvention pour une association" in found.suggestions
    assert len(found.suggestions) <= 3
    # Each suggestion, searched, finds something.
    assert all(find_procedures(entries, text, lang="fr").rows for text in found.suggestions)


def test_the_index_is_built_once_per_catalog_version(entries):
    first = catalog_index(entries)
    assert catalog_index([dict(entry) for entry in entries]) is first
    changed = [dict(entries[0], name={**entries[0]["name"], "fr": "Aide nouvelle"}),
               *entries[1:]]
    assert catalog_index(changed) is not first
    assert catalog_index(entries) is first
