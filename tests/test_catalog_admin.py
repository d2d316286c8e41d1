"""Administrators keep the catalog; edits never break dossiers already filed."""

import pytest
from sqlmodel import select

from counter.models import Account, Dossier, Procedure
from counter.services import catalog_admin
from counter.services.catalog import catalog_entry
from counter.services.dossiers import save_field, start_draft
from counter.services.scope import OutOfScope
from counter.services.seed import load_demo_data


@pytest.fixture
def people(session):
    load_demo_data(session)
    session.commit()
    by_role = {a.role: a for a in session.exec(select(Account)).all() if not a.region_id}
    by_role["admin_dra"] = session.exec(select(Account).where(
        Account.email == "admin-dra@demo.example.ma")).one()
    return by_role


def values(**overrides):
    base = {
        "code": "WELL_REPAIR", "service_code": "DRA_INFRASTRUCTURE", "audience": "citizen",
        "legal_deadline_days": "15", "target_reduction_pct": "50", "baseline_median_days": "40",
        "name_fr": "Aide à la réparation d'un puits", "name_ar": "دعم إصلاح بئر",
        "name_en": "Well repair grant", "description_fr": "", "description_ar": "",
        "description_en": "",
        "fields": [{"code": "douar", "type": "text", "required": True,
                    "label": {"fr": "Douar", "ar": "الدوار", "en": "Village"}}],
        "documents": [{"code": "photo", "required": True,
                       "label": {"fr": "Photo", "ar": "صورة", "en": "Photo"}}],
    }
    base.update(overrides)
    return base


def test_an_administrator_creates_a_procedure_that_enters_the_catalog(session, people):
    procedure = catalog_admin.save_procedure(session, admin=people["admin"], values=values())
    session.commit()
    assert procedure.code == "WELL_REPAIR"
    entry = catalog_entry(session, "WELL_REPAIR")
    assert entry["name"]["ar"] == "دعم إصلاح بئر" and entry["legal_deadline_days"] == 15


def test_only_an_administrator_may_change_the_catalog(session, people):
    for role in ("citizen", "business", "agent"):
        with pytest.raises(OutOfScope) as caught:
            catalog_admin.save_procedure(session, admin=people[role], values=values())
        assert caught.value.code == "error.forbidden"


def test_every_problem_is_reported_at_once_in_the_users_language(session, people):
    bad = values(code="well repair", service_code="NOPE", audience="aliens",
                 legal_deadline_days="0", name_fr="",
                 fields=[{"code": "Douar", "type": "colour", "label": {"fr": "D"}},
                         {"code": "level", "type": "choice", "required": True,
                          "label": {"fr": "N", "ar": "م", "en": "L"},
                          "choices": [{"value": "a", "label": {"fr": "A", "ar": "أ", "en": "A"}}]}],
                 documents=[{"code": "photo", "label": {"fr": "P", "ar": "ص", "en": "P"}},
                            {"code": "photo", "label": {"fr": "P", "ar": "ص", "en": "P"}}])
    with pytest.raises(catalog_admin.CatalogError) as caught:
        catalog_admin.save_procedure(session, admin=people["admin"], values=bad)
    error = caught.value
    assert set(error.errors) == {"code", "service_code", "audience", "legal_deadline_days",
                                 "name_fr"}
    texts = [problem.text("fr") for problem in error.definitions]
    assert any("Champ 1" in text and "colour" in text for text in texts)
    assert any("Champ 2" in text and "deux choix" in text for text in texts)
    assert any("Document 2" in text and "deux fois" in text for text in texts)
    assert all("\u0600" <= ch <= "\u06ff" or not ch.isalpha() or ch.isascii()
               for ch in error.definitions[0].text("ar").replace("colour", ""))
    assert session.exec(select(Procedure).where(Procedure.code == "WELL_REPAIR")).first() is None


def test_an_edit_never_breaks_a_dossier_already_filed(session, people):
    catalog_admin.save_procedure(session, admin=people["admin"], values=values())
    session.commit()
    citizen = people["citizen"]
    draft = start_draft(session, account=citizen, procedure_code="WELL_REPAIR")
    assert save_field(session, account=citizen, dossier_id=draft.id, code="douar",
                      value="Tagmout") is None
    session.commit()

    changed = values(existing=True, legal_deadline_days="60",
                     fields=[{"code": "well_depth", "type": "number", "required": True,
                              "label": {"fr": "Profondeur", "ar": "العمق", "en": "Depth"}}])
    catalog_admin.save_procedure(session, admin=people["admin"], values=changed)
    session.commit()

    kept = session.get(Dossier, draft.id)
    assert [f["code"] for f in kept.form_schema["fields"]] == ["douar"]
    assert kept.form_schema["legal_deadline_days"] == 15
    assert save_field(session, account=citizen, dossier_id=draft.id, code="douar",
                      value="Tagmout 2") is None
    procedure = session.exec(select(Procedure).where(Procedure.code == "WELL_REPAIR")).one()
    assert procedure.legal_deadline_days == 60


def test_a_deactivated_procedure_leaves_the_catalog_and_takes_no_new_dossier(session, people):
    from counter.services.dossiers import DossierError

    catalog_admin.set_active(session, admin=people["admin"], code="DRA_ACCESS_INFO", active=False)
    session.commit()
    assert catalog_entry(session, "DRA_ACCESS_INFO") is None
    with pytest.raises(DossierError):
        start_draft(session, account=people["citizen"], procedure_code="DRA_ACCESS_INFO")
    catalog_admin.set_active(session, admin=people["admin"], code="DRA_ACCESS_INFO", active=True)
    assert catalog_entry(session, "DRA_ACCESS_INFO") is not None


def test_editor_rows_round_trip_the_definitions():
    from counter.services.demo_data import PROCEDURES

    for procedure in PROCEDURES:
        fields = catalog_admin.fields_from_rows(catalog_admin.field_rows(procedure["fields"]))
        for original, again in zip(procedure["fields"], fields, strict=True):
            assert again["code"] == original["code"] and again["type"] == original["type"]
            assert again["label"] == {k: original["label"][k] for k in ("fr", "ar", "en")}
            if original["type"] == "choice":
                assert [c["value"] for c in again["choices"]] == \
                       [c["value"] for c in original["choices"]]


def test_a_region_administrator_keeps_their_regions_catalog_only(session, people):
    dra = people["admin_dra"]
    listed = catalog_admin.procedure_list(session, admin=dra, lang="fr")
    assert listed and all(row["code"].startswith("DRA_") for row in listed)
    assert {row["region"] for row in listed} == {"Drâa-Tafilalet"}
    everything = catalog_admin.procedure_list(session, admin=people["admin"], lang="fr")
    assert {row["code"][:3] for row in everything} == {"DRA", "ORI", "SMA", "LSH"}
    options = catalog_admin.service_options(session, admin=dra, lang="fr")
    assert options and all(code.startswith("DRA_") for code, _ in options)

    # Its own region: allowed.
    values_, _, _ = catalog_admin.procedure_for_editing(session, admin=dra,
                                                         code="DRA_ACCESS_INFO")
    assert values_["code"] == "DRA_ACCESS_INFO"
    catalog_admin.save_procedure(session, admin=dra, values=values())
    session.commit()

    # Another region's: refused, logged, nothing changes.
    before = session.exec(select(Procedure).where(Procedure.code == "SMA_ACCESS_INFO")).one()
    deadline, active = before.legal_deadline_days, before.is_active
    attempts = [
        lambda: catalog_admin.procedure_for_editing(session, admin=dra, code="SMA_ACCESS_INFO"),
        lambda: catalog_admin.set_active(session, admin=dra, code="SMA_ACCESS_INFO",
                                         active=False),
        lambda: catalog_admin.save_procedure(session, admin=dra, values=values(
            code="SMA_ACCESS_INFO", existing=True, service_code="DRA_COMM_INFO",
            legal_deadline_days="5")),
        lambda: catalog_admin.save_procedure(session, admin=dra, values=values(
            code="SMA_WELL", service_code="SMA_COMM_INFO")),
    ]
    for attempt in attempts:
        with pytest.raises(OutOfScope) as caught:
            attempt()
        assert caught.value.code == "error.out_of_scope"
        session.rollback()
    after = session.exec(select(Procedure).where(Procedure.code == "SMA_ACCESS_INFO")).one()
    assert (after.legal_deadline_days, after.is_active) == (deadline, active)
    assert session.exec(select(Procedure).where(Procedure.code == "SMA_WELL")).first() is None


@pytest.mark.parametrize(("lang", "french", "codes"), [
    ("fr", "en français", ("« fr »", " fr ")),
    ("ar", "بالفرنسية", ("«fr»", " fr ")),
    ("en", "in French", ("'fr'", " fr ")),
])
def test_a_missing_label_names_the_language_in_the_readers_words(session, people, lang,
                                                                  french, codes):
    # French is the one language a label needs (the others fall back to it).
    bad = values(fields=[{"code": "douar", "type": "text", "required": True,
                          "label": {"fr": "", "ar": "الدوار", "en": "Village"}}],
                 documents=[{"code": "photo", "required": True, "label": "Photo"}])
    with pytest.raises(catalog_admin.CatalogError) as caught:
        catalog_admin.save_procedure(session, admin=people["admin"], values=bad)

    missing, needed = (problem.text(lang) for problem in caught.value.definitions)
    assert french in missing
    assert not any(code in f" {missing} " for code in codes)
    assert "fr, ar" not in needed and ", ar " not in needed


@pytest.mark.parametrize("chosen", ["", "   "])
def test_no_service_chosen_asks_to_choose_one_rather_than_not_found(session, people, chosen):
    from counter.i18n import t
    from counter.states.catalog_admin import _errors_of

    with pytest.raises(catalog_admin.CatalogError) as caught:
        catalog_admin.save_procedure(session, admin=people["admin"],
                                     values=values(service_code=chosen))

    assert caught.value.errors == {"service_code": "catalog_admin.choose_service"}
    shown = _errors_of(caught.value, "fr")["service_code"]
    assert shown == t("catalog_admin.choose_service", "fr")
    assert shown != t("error.service_not_found", "fr")
    with pytest.raises(catalog_admin.CatalogError) as caught:
        catalog_admin.save_procedure(session, admin=people["admin"],
                                     values=values(service_code="NO_SUCH_SERVICE"))
    assert caught.value.errors == {"service_code": "error.service_not_found"}


def test_an_empty_code_is_said_to_be_missing_not_shown_as_an_empty_value(session, people):
    bad = values(documents=[{"code": " ", "required": True,
                             "label": {"fr": "Photo", "ar": "صورة", "en": "Photo"}}])
    with pytest.raises(catalog_admin.CatalogError) as caught:
        catalog_admin.save_procedure(session, admin=people["admin"], values=bad)

    (problem,) = caught.value.definitions
    assert problem.text("fr") == "Document 1 : il manque le code (lettres minuscules, chiffres et _)"
    assert "()" not in problem.text("ar") and "reçu" not in problem.text("fr")


def test_a_name_or_reference_too_long_names_its_limit_in_every_language(session, people):
    """Was shown with a raw `{max}`: the limit travels with the message key."""
    from counter.states.catalog_admin import _errors_of

    bad = values(name_ar="م" * 201, description_en="x" * 2001, silence_acceptance=True,
                 silence_reference="loi " * 80)
    with pytest.raises(catalog_admin.CatalogError) as caught:
        catalog_admin.save_procedure(session, admin=people["admin"], values=bad)
    for lang in ("fr", "ar", "en"):
        shown = _errors_of(caught.value, lang)
        assert "{" not in "".join(shown.values()), shown
        assert "200" in shown["name_ar"] and "2000" in shown["description_en"].replace(" ", "")
        assert "300" in shown["silence_reference"]
