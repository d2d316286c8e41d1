"""Names of catalog things are per-language mappings read by one rule with a fallback
(issue 12, point 3): the rule, the migration of the old columns, the catalog editor and a
catalog entry named in one language only."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text
from sqlmodel import Session, select

from counter.db import make_engine
from counter.domain.catalog import definition_errors
from counter.domain.names import (
    ROOT_LANGUAGE,
    by_name,
    cleaned,
    fallback_chain,
    fallback_source,
    names_of,
    pick,
)
from counter.i18n import registry, t
from counter.models import Account, Procedure, Province, Region, Service
from counter.services import catalog_admin, demo_data
from counter.services.migrations import alembic_config, upgrade_to_head
from counter.settings import LANGUAGES

FULL = {"fr": "Errachidia", "ar": "الرشيدية", "en": "Errachidia (en)"}

# --- the one rule -------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_a_name_is_read_in_the_requested_language(lang):
    assert pick(FULL, lang) == FULL[lang]


def test_the_fallback_chains_end_in_french():
    assert fallback_chain("fr") == ("fr",)
    assert fallback_chain("ar") == ("ar", "fr")
    assert fallback_chain("en") == ("en", "fr")
    assert fallback_chain("xx") == ("fr",)  # an unknown language: the default's chain
    for entry in registry.REGISTRY:  # the registry's chains, not a list of our own
        assert fallback_chain(entry.code) == registry.fallbacks(entry.code)
    assert fallback_chain(None) == (ROOT_LANGUAGE,)


def test_a_missing_or_blank_language_follows_its_chain():
    assert pick({"fr": "Tata", "ar": "  "}, "ar") == "Tata"

    assert pick({"fr": "Tata", "en": "Tata (en)"}, "ar") == "Tata"  # ar -> fr, not en


def test_without_its_chain_any_language_with_a_text_is_taken_never_a_key_or_empty():
    assert pick({"en": "Only English"}, "ar") == "Only English"
    assert pick({"ar": "عربي فقط"}, "fr") == "عربي فقط"
    assert pick({"xx": "Elsewhere"}, "fr") == "Elsewhere"
    assert pick({"fr": "", "ar": None, "en": 3}, "fr", default="?") == "?"
    assert pick(None, "fr") == "" and pick({}, "ar", default="-") == "-"


def test_the_fallback_source_says_which_language_is_shown_instead():
    assert fallback_source(FULL, "ar") is None
    assert fallback_source({"fr": "Tata"}, "ar") == "fr"
    assert fallback_source({"ar": "طاطا"}, "en") == "ar"
    assert fallback_source({}, "en") is None


def test_form_values_become_a_mapping_without_empty_languages():
    assert names_of({"name_fr": " Eau ", "name_ar": "", "name_en": "Water"}) == \
        {"fr": "Eau", "en": "Water"}
    assert cleaned({"fr": " A ", "ar": " ", "zgh": "ⴰ"}) == {"fr": "A", "zgh": "ⴰ"}


def test_rows_are_sorted_by_their_name_with_the_fallback():
    rows = [Region(code="B", names={"ar": "ب", "fr": "Zeta"}),
            Region(code="A", names={"ar": "أ"}), Region(code="C", names={"fr": "Alpha"})]
    assert [r.code for r in by_name(rows)] == ["C", "B", "A"]


def test_a_label_needs_only_french_the_others_fall_back():
    only_french = [{"code": "douar", "type": "text", "label": {"fr": "Douar"}}]
    assert definition_errors(only_french, []) == []
    only_arabic = [{"code": "douar", "type": "text", "label": {"ar": "الدوار"}}]
    [problem] = definition_errors(only_arabic, [])
    assert problem.key == "catalog_error.label_missing"
    assert "en français" in problem.text("fr")


def test_the_product_languages_come_from_the_settings():
    assert catalog_admin.LANGS == LANGUAGES


# --- the migration of the old columns -----------------------------------------------------

OLD = ("fr", "ar", "en")


def _insert_demo_catalog_the_old_way(url: str) -> dict[str, dict[str, dict[str, str]]]:
    """Every demo region, province, service and procedure, written with one column per
    language as revision 0013 had them; returns what was written, by table and code."""
    engine = make_engine(url)
    written: dict[str, dict[str, dict[str, str]]] = {
        "region": {}, "province": {}, "service": {}, "procedure": {}}
    at = "2026-01-01 00:00:00"
    with engine.begin() as conn:
        def names(table: str, code: str, mapping: dict[str, str], prefix: str = "name"):
            written[table].setdefault(code, {}).update(
                {f"{prefix}_{lang}": mapping.get(lang, "") for lang in OLD})
            return {f"{prefix}_{lang}": mapping.get(lang, "") for lang in OLD}

        region_ids, service_ids = {}, {}
        for i, region in enumerate(demo_data.REGIONS, start=1):
            conn.execute(text("INSERT INTO region (id, code, name_fr, name_ar, name_en) "
                              "VALUES (:id, :code, :name_fr, :name_ar, :name_en)"),
                         {"id": i, "code": region["code"],
                          **names("region", region["code"], region["names"])})
            region_ids[region["code"]] = i
            for province in region["provinces"]:
                conn.execute(text(
                    "INSERT INTO province (region_id, code, name_fr, name_ar, name_en) "
                    "VALUES (:r, :code, :name_fr, :name_ar, :name_en)"),
                    {"r": i, "code": province["code"],
                     **names("province", province["code"], province["names"])})
        for i, service in enumerate(demo_data.SERVICES, start=1):
            conn.execute(text(
                "INSERT INTO service (id, code, region_id, name_fr, name_ar, name_en, "
                "is_active, created_at) VALUES (:id, :code, :r, :name_fr, :name_ar, :name_en, "
                "true, :at)"),
                {"id": i, "code": service["code"], "r": region_ids[service["region_code"]],
                 "at": at, **names("service", service["code"], service["names"])})
            service_ids[service["code"]] = i
        for procedure in demo_data.PROCEDURES:
            code = procedure["code"]
            descriptions = dict(procedure["descriptions"])
            if code.startswith("DRA_"):  # an empty description stays empty, both ways
                descriptions["en"] = ""
            conn.execute(text(
                "INSERT INTO procedure (code, service_id, audience, name_fr, name_ar, name_en, "
                "description_fr, description_ar, description_en, legal_deadline_days, "
                "deadline_unit, complement_clock, silence_acceptance, retention_months, "
                "processing_purpose, legal_basis, target_reduction_pct, is_investment, "
                "documents, fields, is_active, created_at, updated_at) VALUES (:code, :s, "
                "'both', :name_fr, :name_ar, :name_en, :description_fr, :description_ar, "
                ":description_en, 30, 'calendar', 'resume', false, 12, '{}', '{}', 50, false, "
                "'[]', '[]', true, :at, :at)"),
                {"code": code, "s": service_ids[procedure["service_code"]], "at": at,
                 **names("procedure", code, procedure["names"]),
                 **names("procedure", code, descriptions, "description")})
    engine.dispose()
    return written


def _mappings(url: str) -> dict[str, dict[str, dict[str, dict[str, str]]]]:
    engine = make_engine(url)
    with Session(engine) as session:
        found = {
            "region": {r.code: {"names": r.names} for r in session.exec(select(Region))},
            "province": {p.code: {"names": p.names} for p in session.exec(select(Province))},
            "service": {s.code: {"names": s.names} for s in session.exec(select(Service))},
            "procedure": {p.code: {"names": p.names, "descriptions": p.descriptions}
                          for p in session.exec(select(Procedure))},
        }
    engine.dispose()
    return found


def _old_columns(url: str) -> dict[str, dict[str, dict[str, str]]]:
    engine = make_engine(url)
    found: dict[str, dict[str, dict[str, str]]] = {}
    with engine.connect() as conn:
        for table in ("region", "province", "service", "procedure"):
            prefixes = ("name", "description") if table == "procedure" else ("name",)
            columns = [f"{p}_{lang}" for p in prefixes for lang in OLD]
            rows = conn.execute(text(f'SELECT code, {", ".join(columns)} FROM "{table}"'))
            found[table] = {row[0]: dict(zip(columns, row[1:], strict=True)) for row in rows}
    engine.dispose()
    return found


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_0014_moves_every_name_into_the_mappings_and_back(database, tmp_path, request):
    url = (f"sqlite:///{tmp_path / 'names.db'}" if database == "sqlite"
           else request.getfixturevalue("empty_pg_url"))
    command.upgrade(alembic_config(url), "0013_session_tickets")
    written = _insert_demo_catalog_the_old_way(url)

    upgrade_to_head(url)

    moved = _mappings(url)
    assert {table: set(rows) for table, rows in moved.items()} == \
        {table: set(rows) for table, rows in written.items()}
    for table, rows in written.items():
        for code, columns in rows.items():
            for key, value in columns.items():
                prefix, lang = key.rsplit("_", 1)
                mapping = moved[table][code][f"{prefix}s"]
                assert mapping.get(lang, "") == value, (table, code, key)
    assert "en" not in moved["procedure"]["DRA_ACCESS_INFO"]["descriptions"]

    command.downgrade(alembic_config(url), "0013_session_tickets")
    assert _old_columns(url) == written
    upgrade_to_head(url)  # and up again, as it was
    assert _mappings(url) == moved


def test_0014_downgrade_fills_a_language_a_mapping_lacks_with_its_fallback(tmp_path):
    url = f"sqlite:///{tmp_path / 'one.db'}"
    upgrade_to_head(url)
    engine = make_engine(url)
    with Session(engine) as session:
        session.add(Region(code="DRA", names={"fr": "Drâa-Tafilalet"}))
        session.commit()
    engine.dispose()
    command.downgrade(alembic_config(url), "0013_session_tickets")
    assert _old_columns(url)["region"]["DRA"] == {
        "name_fr": "Drâa-Tafilalet", "name_ar": "Drâa-Tafilalet", "name_en": "Drâa-Tafilalet"}


# --- a catalog entry named in one language only -------------------------------------------


@pytest.fixture
def catalog(session):
    from counter.services.seed import load_demo_data

    load_demo_data(session)
    session.commit()
    return session


def _admin(session) -> Account:
    return session.exec(select(Account).where(Account.email == "admin@demo.example.ma")).one()


def _only_french(**overrides):
    values = {"code": "WELL_REPAIR", "service_code": "DRA_INFRASTRUCTURE",
              "audience": "citizen", "legal_deadline_days": "15",
              "target_reduction_pct": "50", "name_fr": "Aide à la réparation d'un puits",
              "description_fr": "Pour réparer le puits du douar.",
              "fields": catalog_admin.fields_from_rows([{
                  "code": "douar", "type": "choice", "required": "1", "label_fr": "Douar",
                  "choices": "a | Amont\nb | Aval"}]),
              "documents": catalog_admin.documents_from_rows([{
                  "code": "photo", "required": "1", "label_fr": "Photo du puits"}])}
    values.update(overrides)
    return values


def test_an_entry_named_in_french_only_is_saved_with_french_only(catalog):
    procedure = catalog_admin.save_procedure(catalog, admin=_admin(catalog),
                                             values=_only_french())
    catalog.commit()
    assert procedure.names == {"fr": "Aide à la réparation d'un puits"}
    assert procedure.descriptions == {"fr": "Pour réparer le puits du douar."}
    assert procedure.fields[0]["label"] == {"fr": "Douar"}
    assert procedure.fields[0]["choices"][0]["label"] == {"fr": "Amont"}
    assert procedure.documents[0]["label"] == {"fr": "Photo du puits"}


def test_an_entry_without_its_french_name_is_refused_in_the_readers_language(catalog):
    with pytest.raises(catalog_admin.CatalogError) as caught:
        catalog_admin.save_procedure(catalog, admin=_admin(catalog), values=_only_french(
            name_fr="", name_ar="دعم إصلاح بئر"))
    assert caught.value.errors == {"name_fr": "error.field_required"}


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_an_entry_named_in_one_language_shows_everywhere_through_the_fallback(catalog, lang):
    from counter.services.catalog import catalog_entries, catalog_entry, find_procedures
    from counter.services.dossiers import dossier_list, start_draft

    catalog_admin.save_procedure(catalog, admin=_admin(catalog), values=_only_french())
    catalog.commit()
    name = "Aide à la réparation d'un puits"

    entries = catalog_entries(catalog)
    listed = find_procedures(entries, "", lang=lang).rows
    assert [row["name"] for row in listed if row["code"] == "WELL_REPAIR"] == [name]
    found = find_procedures(entries, "puits", lang=lang).rows
    assert found and found[0]["code"] == "WELL_REPAIR"
    assert pick(catalog_entry(catalog, "WELL_REPAIR")["description"], lang) == \
        "Pour réparer le puits du douar."

    admin_list = catalog_admin.procedure_list(catalog, admin=_admin(catalog), lang=lang)
    assert [row["name"] for row in admin_list if row["code"] == "WELL_REPAIR"] == [name]

    citizen = catalog.exec(select(Account).where(Account.role == "citizen")).first()
    start_draft(catalog, account=citizen, procedure_code="WELL_REPAIR")
    mine = dossier_list(catalog, citizen, lang)
    assert name in [row["procedure"] for row in mine]


def test_a_region_and_service_named_in_one_language_head_documents_in_every_language(
        session, region_id):
    from counter.services.catalog import handling_names

    region = session.get(Region, region_id)
    region.names = {"fr": "Drâa-Tafilalet"}
    service = Service(code="ONLY_FR", names={"fr": "Service de l'eau"}, region_id=region_id)
    session.add_all([region, service])
    session.flush()
    for lang in LANGUAGES:
        names = handling_names(session, service.id, lang)
        assert names["service"] == "Service de l'eau"
        assert names["region"] == t("receipt.region", lang, name="Drâa-Tafilalet")


# --- the catalog editor: every language of the list ---------------------------------------


def test_the_editor_has_a_labelled_input_per_language_and_kind():
    labels = catalog_admin.input_labels("fr")
    assert set(labels) == {f"{kind}_{lang}" for kind in ("name", "description", "label")
                           for lang in LANGUAGES}
    assert labels["name_ar"] == "Nom en arabe"  # as the editor said before
    assert catalog_admin.input_labels("ar")["label_fr"] == "التسمية بالفرنسية"
    assert catalog_admin.input_labels("en")["description_en"] == "Description in English"
    for lang in LANGUAGES:
        assert all(text and "{" not in text for text in catalog_admin.input_labels(lang).values())


def test_amazigh_names_fall_back_to_arabic_first():
    assert pick({"fr": "Tata", "ar": "طاطا"}, "zgh") == "طاطا"
    assert pick({"fr": "Tata"}, "zgh") == "Tata"


def test_the_editor_offers_every_language_of_the_registry_amazigh_included():
    assert registry.languages() == catalog_admin.LANGS
    assert {"name_zgh", "description_zgh", "label_zgh"} <= set(catalog_admin.input_labels("fr"))
    hints = catalog_admin.fallback_hints({"label_fr": "Douar", "label_ar": "الدوار"}, "label",
                                         "fr")
    assert "الدوار" in hints["label_zgh"]  # Amazigh falls back to Arabic first
    assert catalog_admin.fields_from_rows([{"code": "x", "label_fr": "X", "label_zgh": "ⵅ",
                                            "choices": ""}])[0]["label"] == \
        {"fr": "X", "zgh": "ⵅ"}


def test_the_editor_shows_the_fallback_where_a_language_is_empty():
    hints = catalog_admin.fallback_hints({"name_fr": "Douar", "name_ar": "", "name_en": ""},
                                         "name", "fr")
    assert hints["name_fr"] == ""
    assert hints["name_ar"] == t("catalog_admin.fallback_shown", "fr", text="Douar",
                                 language="en français")
    assert "Douar" in hints["name_en"] and "en français" in hints["name_en"]
    long = catalog_admin.fallback_hints({"description_fr": "x" * 500}, "description", "ar")
    assert "x" * catalog_admin.HINT_LENGTH not in long["description_ar"]
    assert long["description_ar"].count("x") < catalog_admin.HINT_LENGTH
    assert catalog_admin.fallback_hints({}, "label", "en") == {
        f"label_{lang}": "" for lang in LANGUAGES}


def test_the_editor_round_trips_an_entry_with_empty_languages(catalog):
    catalog_admin.save_procedure(catalog, admin=_admin(catalog), values=_only_french())
    catalog.commit()
    values, fields, documents = catalog_admin.procedure_for_editing(
        catalog, admin=_admin(catalog), code="WELL_REPAIR")
    assert (values["name_fr"], values["name_ar"], values["name_en"]) == \
        ("Aide à la réparation d'un puits", "", "")
    assert fields[0]["label_fr"] == "Douar" and fields[0]["label_ar"] == ""
    assert catalog_admin.fields_from_rows(fields)[0]["label"] == {"fr": "Douar"}
    assert documents[0]["label_en"] == ""


def test_the_choices_hint_lists_the_languages_in_their_own_names():
    hint = catalog_admin.choices_hint("fr")
    assert "Français | العربية | English" in hint
