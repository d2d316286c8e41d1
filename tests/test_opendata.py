"""Open data (SECURITY 24, DOMAIN.md "Indicators"): public, anonymous, streamed, per region and
consortium-wide, described by a Frictionless Data Package whose schemas match the files
exactly and by a DCAT-AP catalogue a CKAN portal can harvest."""

from __future__ import annotations

import csv
import inspect
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from passlib.context import CryptContext
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from sqlalchemy import func
from sqlmodel import Session, col, select
from starlette.testclient import TestClient

from counter import db, security
from counter.api import opendata as opendata_api
from counter.api.opendata import CSV_TYPE
from counter.api.routes import api
from counter.cli import indicator_table, main
from counter.db import session_scope
from counter.domain.disclosure import plan_disclosure
from counter.models import Dossier, Service
from counter.services import dossiers, opendata
from counter.services.accounts import create_staff, register_business, register_citizen
from counter.services.dashboard import Period, public_figures
from counter.services.dossiers import answer_request, save_field, start_draft, submit_own
from counter.services.opendata import (
    DOSSIER_FIELDS,
    INDICATOR_FIELDS,
    dossier_rows,
    dossier_tally,
)
from counter.services.review import decide, request_information, start_assisted, take
from counter.services.seed import load_demo_data
from counter.services.synthetic import generate_history
from counter.settings import PROJECT_ROOT, get_settings

CHEAP_HASHING = CryptContext(
    schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1
)
NOW = datetime.now(UTC).replace(microsecond=0)
BASE = "/api/open-data"
ENDPOINTS = ("indicators.json", "indicators.csv", "dossiers.csv", "petitions.csv",
             "datapackage.json")
REGIONS = ["DRA", "LSH", "ORI", "SMA"]
CATALOGS = ("catalog.jsonld", "catalog.ttl")
ISO_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
TABLE_TYPES = {"string", "integer", "number", "boolean", "date", "datetime"}

# Personal values written into real dossiers; none may come out through open data.
CITIZEN = {"full_name": "Zineb Personnelle-Alaoui", "cin": "ZX778899",
           "email": "zineb.personnelle@example.ma", "mobile": "+212623456781"}
BUSINESS = {"full_name": "Karim Confidentiel-Tazi", "cin": "QW556677",
            "email": "karim.confidentiel@example.ma", "mobile": "+212711223344",
            "company_name": "Argane Secrète SARL", "ice": "001122334455667",
            "rc_number": "RC-99881", "rc_court": "Tribunal de commerce d'Agadir"}
COUNTER_PERSON = {"person_name": "Moha Ou Privé", "person_cin": "JK445566",
                  "person_mobile": "+212698765432"}
FREE_TEXT = {"request": "Procès-verbal SECRETTEXT-4471 de la session de mars",
             "info": "Merci de préciser INFOREQ-SECRET-9182",
             "answer": "Précision ANSWER-SECRET-5561",
             "reason": "Motif REJECT-SECRET-3310",
             "business": "Étude BUSINESS-SECRET-2290 du périmètre irrigué",
             "counter": "Copie COUNTER-SECRET-7702 du budget"}
# What the petitions (_petitions) hold that is personal or free text: signers' names (and
# CINs, PX1...), the petition's text, the bureau's reasons.
PETITION_SECRETS = ("Signataire", "Person OA1", "Une ligne de bus", "Créer une ligne",
                    "Les élèves marchent", "Hors des compétences")
SECRETS = sorted({*CITIZEN.values(), *BUSINESS.values(), *COUNTER_PERSON.values(),
                  *FREE_TEXT.values(), *PETITION_SECRETS, "623456781", "698765432",
                  "711223344"})


@dataclass
class World:
    data_dir: Path
    tracking_codes: list[str]
    dossiers_past_draft: int


def _personal_dossiers(session: Session) -> list[str]:
    """Three dossiers through the real services: online citizen (asked for more, rejected),
    business (open), and one filed at the counter for a person (open)."""
    comm_info = session.exec(select(Service).where(Service.code == "DRA_COMM_INFO")).one()
    agent = create_staff(session, role="agent", full_name="Agent Communication",
                         email="communication@region.example.ma",
                         password="Palmeraie de Skoura 2026", service_id=comm_info.id)
    citizen = register_citizen(session, password="Figuier de Barbarie 1987", **CITIZEN)
    business = register_business(session, password="Arganier centenaire 2011", **BUSINESS)

    start = NOW - timedelta(days=30)
    online = start_draft(session, account=citizen, procedure_code="DRA_ACCESS_INFO")
    save_field(session, account=citizen, dossier_id=online.id, code="information_requested",
               value=FREE_TEXT["request"])
    save_field(session, account=citizen, dossier_id=online.id, code="delivery_format",
               value="electronic")
    submit_own(session, account=citizen, dossier_id=online.id, now=start)
    take(session, agent=agent, dossier_id=online.id, version=online.version,
         now=start + timedelta(days=1))
    request_information(session, agent=agent, dossier_id=online.id, version=online.version,
                        items=["field:information_requested"], message=FREE_TEXT["info"],
                        now=start + timedelta(days=2))
    answer_request(session, account=citizen, dossier_id=online.id, message=FREE_TEXT["answer"],
                   now=start + timedelta(days=5))
    decide(session, agent=agent, dossier_id=online.id, version=online.version, accept=False,
           reason=FREE_TEXT["reason"], now=start + timedelta(days=9))

    company = start_draft(session, account=business, procedure_code="DRA_ACCESS_INFO")
    save_field(session, account=business, dossier_id=company.id, code="information_requested",
               value=FREE_TEXT["business"])
    save_field(session, account=business, dossier_id=company.id, code="delivery_format",
               value="paper")
    submit_own(session, account=business, dossier_id=company.id, now=start + timedelta(days=3))

    assisted = start_assisted(session, agent=agent, procedure_code="DRA_ACCESS_INFO", lang="ar",
                              consent=True, now=start, **COUNTER_PERSON)
    save_field(session, account=agent, dossier_id=assisted.id, code="information_requested",
               value=FREE_TEXT["counter"])
    save_field(session, account=agent, dossier_id=assisted.id, code="delivery_format",
               value="on_site")
    submit_own(session, account=agent, dossier_id=assisted.id, now=start + timedelta(days=4))
    assert online.status == "rejected" and online.applicant_wait_seconds == 3 * 86400
    return [d.tracking_code for d in (online, company, assisted)]


@pytest.fixture(scope="module")
def world(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """A migrated database with demo data, a synthetic history and three real dossiers, where
    the product (session_scope, the routes, the CLI) finds it."""
    data_dir = tmp_path_factory.mktemp("opendata")
    shutil.copy(sqlite_template, data_dir / "counter.db")  # migrated by upgrade_to_head
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COUNTER_DATA_DIR", str(data_dir))
        for name in ("REFLEX_DB_URL", "COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD",
                     "COUNTER_SMTP_HOST", "COUNTER_PUBLIC_URL"):
            patch.delenv(name, raising=False)
        patch.setattr(security, "_context", CHEAP_HASHING)
        patch.setattr(dossiers, "_DUMMY_PIN_HASH", CHEAP_HASHING.hash("000000-no-such-dossier"))
        get_settings.cache_clear()
        db.get_engine.cache_clear()
        try:
            with session_scope() as session:
                load_demo_data(session)
                generate_history(session, dossiers=3000, seed=2026, now=NOW)
            with session_scope() as session:
                codes = _personal_dossiers(session)
            with session_scope() as session:
                _petitions(session)
            with session_scope() as session:
                past_draft = session.exec(select(func.count()).select_from(Dossier).where(
                    Dossier.status != "draft")).one()
            yield World(data_dir, codes, past_draft)
        finally:
            db.get_engine().dispose()
            db.get_engine.cache_clear()
            get_settings.cache_clear()


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    with TestClient(api, raise_server_exceptions=True) as test_client:
        yield test_client


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def csv_records(text: str) -> list[dict[str, str]]:
    header, *rows = csv_rows(text)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _petitions(session: Session) -> None:
    """An Oriental petition decided by its bureau (400 paper signatures), and one of
    Drâa-Tafilalet collecting signatures: the petitions file has both kinds of rows."""
    from counter.services import petitions
    from tests.test_petitions import _collecting, _even, _sheet_lines, _world

    oriental = _world(session, "ORI")
    petition = _collecting(session, oriental, now=NOW)
    _sheet_lines(session, oriental, petition, _even(oriental, 400), now=NOW)
    petitions.deposit(session, account=oriental.rep, petition_id=petition.id, now=NOW)
    petitions.decide(session, agent=oriental.agent, petition_id=petition.id, admissible=False,
                     reasons="Hors des compétences de la région.", now=NOW)
    _collecting(session, _world(session, "DRA"), now=NOW)


def cli(world: World, *args: str) -> subprocess.CompletedProcess:
    env = {"COUNTER_DATA_DIR": str(world.data_dir), "PATH": os.environ.get("PATH", "/usr/bin")}
    return subprocess.run([sys.executable, "-m", "counter", *args], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, timeout=120)


def utc_midnight(day: date) -> datetime:
    """Periods are UTC days, in services.indicators and in the dossier export alike."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


# --- the four endpoints -------------------------------------------------------------------


def assert_public(response, content_type: str) -> None:  # noqa: ANN001
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == content_type
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cache-control"] == "public, max-age=300"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_indicators_json_has_procedure_rows_then_region_rows_then_the_consortium(client):
    response = client.get(f"{BASE}/indicators.json")

    assert_public(response, "application/json; charset=utf-8")
    rows = response.json()
    assert all(list(row) == list(INDICATOR_FIELDS) for row in rows)
    procedures = [row for row in rows if row["procedure_code"] is not None]
    regions = [row for row in rows if row["procedure_code"] is None and row["region"]]
    consortium = [row for row in rows if row["procedure_code"] is None and not row["region"]]
    assert rows == procedures + regions + consortium and len(consortium) == 1
    codes = [row["procedure_code"] for row in procedures]
    assert "DRA_ACCESS_INFO" in codes and len(codes) == len(set(codes))
    assert all(row["region"] == row["procedure_code"].split("_")[0] for row in procedures)
    assert [row["region"] for row in regions] == REGIONS
    for region in regions:
        mine = [row for row in procedures if row["region"] == region["region"]]
        assert region["decided_count"] == sum(row["decided_count"] for row in mine)
        assert region["open_count"] == sum(row["open_count"] for row in mine)
    assert consortium[0]["decided_count"] == sum(row["decided_count"] for row in procedures)
    assert consortium[0]["decided_count"] == sum(row["decided_count"] for row in regions)


def test_indicators_csv_has_the_same_fields_and_rows_as_the_json(client):
    response = client.get(f"{BASE}/indicators.csv")

    assert_public(response, "text/csv; charset=utf-8")
    assert response.headers["content-disposition"] == 'attachment; filename="indicateurs.csv"'
    header, *rows = csv_rows(response.text)
    assert header == list(INDICATOR_FIELDS)
    as_json = client.get(f"{BASE}/indicators.json").json()
    assert len(rows) == len(as_json)
    for cells, row in zip(rows, as_json, strict=True):
        for cell, name in zip(cells, INDICATOR_FIELDS, strict=True):
            value = row[name]
            if value is None:
                assert cell == ""
            elif isinstance(value, bool):
                assert cell == str(value).lower()
            elif isinstance(value, float):
                assert float(cell) == value
            else:
                assert cell == str(value)


def test_dossiers_csv_has_exactly_the_ten_anonymous_columns(client, world):
    response = client.get(f"{BASE}/dossiers.csv")

    assert_public(response, "text/csv; charset=utf-8")
    assert response.headers["content-disposition"] == 'attachment; filename="dossiers.csv"'
    assert "content-length" not in response.headers  # streamed, not built whole
    header, *rows = csv_rows(response.text)
    assert header == ["region", "procedure_code", "service", "province", "channel", "status",
                      "submitted_on", "decided_on", "applicant_wait_days", "admin_days"]
    assert list(DOSSIER_FIELDS) == header
    # Every dossier past draft is a row, or is counted as left out (SECURITY 35).
    suppressed = int(response.headers["x-open-data-suppressed-rows"])
    assert len(rows) + suppressed == world.dossiers_past_draft and len(rows) > 0 < suppressed
    records = [dict(zip(header, row, strict=True)) for row in rows]
    for record in records:
        assert record["status"] != "draft"
        assert record["region"] == record["procedure_code"].split("_")[0]
        assert record["service"].startswith(record["region"] + "_")
        assert ISO_DAY.fullmatch(record["submitted_on"])
        if record["status"] in ("accepted", "rejected"):
            assert ISO_DAY.fullmatch(record["decided_on"])
            admin, wait = int(record["admin_days"]), int(record["applicant_wait_days"])
            assert admin >= 0 and wait >= 0
        else:
            assert record["decided_on"] == record["admin_days"] == ""
            assert record["applicant_wait_days"] == ""
    assert {r["channel"] for r in records} == {"online", "assisted"}
    # Provinces appear as codes where asked for and where five dossiers of the procedure
    # share them in the month; in this sparse history none does, and they are withheld.
    assert int(response.headers["x-open-data-withheld-province-rows"]) > 0
    assert sorted({r["region"] for r in records}) == REGIONS


def test_dossier_rows_are_read_lazily_in_batches(world):
    with session_scope() as session:
        rows = dossier_rows(session, date_from=None, date_to=None, batch=7)
        assert inspect.isgenerator(rows)
        small_batches = list(rows)
        assert small_batches == list(dossier_rows(session, date_from=None, date_to=None))
        tally = dossier_tally(session, date_from=None, date_to=None)
    assert len(small_batches) == tally.published
    assert tally.published + tally.suppressed == world.dossiers_past_draft
    assert all(list(row) == list(DOSSIER_FIELDS) for row in small_batches)


def test_the_real_rejected_dossier_counts_admin_time_without_the_applicant_wait(
        client, monkeypatch):
    # Its group may be too small to publish (SECURITY 35): the durations are checked with
    # every group published.
    monkeypatch.setattr(opendata, "plan_disclosure", lambda counts: plan_disclosure(counts, 1))
    with session_scope() as session:
        rows = list(dossier_rows(session, date_from=None, date_to=None))
    rejected = [r for r in rows if r["procedure_code"] == "DRA_ACCESS_INFO"
                and r["status"] == "rejected" and r["applicant_wait_days"] == 3]
    assert rejected, "the citizen's dossier waited 3 days on the applicant"
    assert rejected[-1]["admin_days"] == 6 and rejected[-1]["service"] == "DRA_COMM_INFO"


def test_datapackage_json_is_public_json(client):
    response = client.get(f"{BASE}/datapackage.json")

    assert_public(response, "application/json; charset=utf-8")
    assert response.json()["name"] == "guichet-numerique-indicateurs"


def test_security_24_no_personal_data_leaves_through_open_data(client, world):
    later = (NOW + timedelta(days=2)).date().isoformat()
    start = (NOW - timedelta(days=40)).date().isoformat()
    bodies = []
    for name in (*ENDPOINTS, *CATALOGS):
        for query in ("", f"?from={start}&to={later}", f"?region=DRA&from={start}"):
            response = client.get(f"{BASE}/{name}{query}")
            assert response.status_code == 200
            bodies.append(response.text + json.dumps(dict(response.headers)))
    everything = "\n".join(bodies).casefold()
    for secret in [*SECRETS, *world.tracking_codes]:
        assert secret.casefold() not in everything, secret
    # The three real dossiers are there, anonymously.
    assert everything.count("access_info") >= 3


# --- the Data Package ---------------------------------------------------------------------


def check_value(kind: str, value: str) -> None:
    if kind == "integer":
        int(value)
    elif kind == "number":
        float(value)
    elif kind == "boolean":
        assert value in ("true", "false")
    elif kind == "datetime":
        assert ISO_UTC.fullmatch(value), value
    elif kind == "date":
        date.fromisoformat(value)


def test_the_datapackage_describes_the_files_exactly(client):
    query = "?from=2025-01-01&to=2030-01-01"
    package = client.get(f"{BASE}/datapackage.json{query}").json()

    assert package["profile"] == "data-package"
    assert re.fullmatch(r"[a-z0-9._-]+", package["name"])
    for key in ("title", "description", "licenses", "resources"):
        assert package[key], key
    assert all(licence["name"] and licence["path"].startswith("https://")
               for licence in package["licenses"])
    names = [resource["name"] for resource in package["resources"]]
    assert {"indicators", "dossiers", "indicators-json"} <= set(names)
    assert len(names) == len(set(names))
    for resource in package["resources"]:
        assert re.fullmatch(r"[a-z0-9._-]+", resource["name"])
        url = resource["path"]
        assert url.startswith(f"{get_settings().public_url}{BASE}/") and url.endswith(query)
        fields = resource["schema"]["fields"]
        assert all(f["type"] in TABLE_TYPES and f["description"] for f in fields)
        names = [f["name"] for f in fields]
        response = client.get(url.removeprefix(get_settings().public_url))
        assert response.status_code == 200
        assert response.headers["content-type"].startswith(resource["mediatype"])
        if resource["format"] == "csv":
            header, *rows = csv_rows(response.text)
            assert header == names, resource["name"]
            records = [dict(zip(header, row, strict=True)) for row in rows]
        else:
            assert resource["format"] == "json"
            records = response.json()
            assert all(list(record) == names for record in records)
        assert records, resource["name"]
        for record in records:
            for field in fields:
                value = record[field["name"]]
                constraints = field.get("constraints", {})
                if value in ("", None):
                    assert not constraints.get("required"), field["name"]
                    continue
                check_value(field["type"], value if isinstance(value, str) else
                            json.dumps(value))
                if "enum" in constraints:
                    assert value in constraints["enum"]


def test_the_datapackage_carries_the_period_only_when_given(client):
    paths = [r["path"] for r in client.get(f"{BASE}/datapackage.json").json()["resources"]]
    assert all("?" not in path for path in paths)
    one_side = client.get(f"{BASE}/datapackage.json?from=2026-01-01").json()
    assert all(r["path"].endswith("?from=2026-01-01") for r in one_side["resources"])


@pytest.mark.parametrize("query", ["", "?region=ORI&from=2025-01-01"])
def test_frictionless_validates_the_package_and_its_data(client, tmp_path, query):
    frictionless = pytest.importorskip("frictionless")
    package = client.get(f"{BASE}/datapackage.json{query}").json()
    for resource in package["resources"]:
        url = resource["path"].rsplit("/", 1)[1]
        filename = url.split("?")[0]
        (tmp_path / filename).write_bytes(client.get(f"{BASE}/{url}").content)
        resource["path"] = filename
    (tmp_path / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")

    report = frictionless.validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [task.name for task in report.tasks] == [r["name"] for r in package["resources"]]
    assert all(task.stats["rows"] > 0 for task in report.tasks)


def test_the_datapackage_describes_the_region_field(client):
    package = client.get(f"{BASE}/datapackage.json").json()

    for resource in package["resources"]:
        region = next(f for f in resource["schema"]["fields"] if f["name"] == "region")
        assert region["type"] == "string" and "région" in region["description"]
        assert region["constraints"]["enum"] == REGIONS
        assert region["constraints"].get("required", False) == (
            resource["name"] in ("dossiers", "petitions"))


def test_a_region_package_names_it_and_its_paths_carry_region_and_period(client):
    query = "?region=DRA&from=2025-01-01&to=2030-01-01"
    package = client.get(f"{BASE}/datapackage.json{query}").json()

    assert package["name"] == "guichet-numerique-indicateurs-dra"
    assert "Drâa-Tafilalet" in package["title"] and "Drâa-Tafilalet" in package["description"]
    assert all(r["path"].endswith(f"{BASE}/{r['path'].rsplit('/', 1)[1].split('?')[0]}{query}")
               for r in package["resources"])
    alone = client.get(f"{BASE}/datapackage.json?region=DRA").json()
    assert all(r["path"].endswith("?region=DRA") for r in alone["resources"])


# --- periods ------------------------------------------------------------------------------


def test_the_period_filters_dossiers_on_their_submission(client):
    day_from, day_to = (NOW - timedelta(days=300)).date(), (NOW - timedelta(days=120)).date()
    everything = csv_records(client.get(f"{BASE}/dossiers.csv").text)
    response = client.get(f"{BASE}/dossiers.csv?from={day_from}&to={day_to}")

    assert response.headers["content-disposition"] == (
        f'attachment; filename="dossiers_{day_from}_{day_to}.csv"')
    rows = csv_records(response.text)
    low, high = utc_midnight(day_from), utc_midnight(day_to)

    def inside(row: dict[str, str]) -> bool:
        return low <= utc_midnight(date.fromisoformat(row["submitted_on"])) < high

    # The same rows, published the same way, except groups the period cuts below 5
    # (SECURITY 35), which it leaves out and counts.
    expected = [row for row in everything if inside(row)]
    assert all(row in expected for row in rows)
    suppressed = int(response.headers["x-open-data-suppressed-rows"])
    with session_scope() as session:
        submitted = session.exec(select(func.count()).select_from(Dossier).where(
            col(Dossier.status) != "draft", col(Dossier.submitted_at) >= low,
            col(Dossier.submitted_at) < high)).one()
    assert len(rows) + suppressed == submitted
    assert 0 < len(rows) < len(everything)


def test_the_period_filters_indicators_on_the_decision(client):
    day_from, day_to = (NOW - timedelta(days=200)).date(), (NOW - timedelta(days=60)).date()
    everything = csv_records(client.get(f"{BASE}/dossiers.csv").text)
    low, high = utc_midnight(day_from), utc_midnight(day_to)
    with session_scope() as session:
        decided = session.exec(select(func.count()).select_from(Dossier).where(
            col(Dossier.decided_at) >= low, col(Dossier.decided_at) < high,
            col(Dossier.admin_days).is_not(None))).one()
    published = [row for row in everything if row["decided_on"] and low <= utc_midnight(
        date.fromisoformat(row["decided_on"])) < high]

    rows = client.get(f"{BASE}/indicators.json?from={day_from}&to={day_to}").json()
    region = rows[-1]

    assert region["procedure_code"] is None and region["region"] is None
    assert region["decided_count"] == decided
    # The dossiers file leaves out those of small groups: the indicators count them all.
    assert 0 < len(published) < decided
    all_time = client.get(f"{BASE}/indicators.json").json()[-1]
    assert 0 < region["decided_count"] < all_time["decided_count"]


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize(("query", "param"), [
    ("from=2026-13-01", "from"), ("from=01/02/2026", "from"), ("to=yesterday", "to"),
    ("from=2026-02-01&to=2026-02-30", "to"),
])
def test_a_malformed_date_is_a_400_naming_the_parameter(client, name, query, param):
    response = client.get(f"{BASE}/{name}?{query}", headers={"Accept-Language": "en"})

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert f'"{param}"' in response.text and "YYYY-MM-DD" in response.text
    assert response.headers["access-control-allow-origin"] == "*"


def test_an_empty_or_reversed_period_is_a_400(client):
    response = client.get(f"{BASE}/dossiers.csv?from=2026-02-01&to=2026-02-01")

    assert response.status_code == 400
    assert "« to »" in response.text and "« from »" in response.text  # French by default


# --- one region --------------------------------------------------------------------------


def test_a_region_gives_its_procedures_and_its_row_as_in_the_consortiums(client):
    everything = client.get(f"{BASE}/indicators.json").json()
    response = client.get(f"{BASE}/indicators.json?region=SMA")

    assert_public(response, "application/json; charset=utf-8")
    rows = response.json()
    assert rows[:-1] == [row for row in everything
                         if row["region"] == "SMA" and row["procedure_code"]]
    assert rows[-1] == next(row for row in everything
                            if row["region"] == "SMA" and row["procedure_code"] is None)
    assert all(row["region"] == "SMA" for row in rows)  # no consortium row

    as_csv = client.get(f"{BASE}/indicators.csv?region=SMA&from=2025-01-01")
    assert as_csv.headers["content-disposition"] == (
        'attachment; filename="indicateurs_SMA_2025-01-01.csv"')
    assert {record["region"] for record in csv_records(as_csv.text)} == {"SMA"}


def test_a_region_gives_its_dossiers_only(client):
    everything = csv_records(client.get(f"{BASE}/dossiers.csv").text)
    response = client.get(f"{BASE}/dossiers.csv?region=LSH")

    assert_public(response, "text/csv; charset=utf-8")
    assert response.headers["content-disposition"] == 'attachment; filename="dossiers_LSH.csv"'
    rows = csv_records(response.text)
    assert rows == [row for row in everything if row["region"] == "LSH"]
    assert 0 < len(rows) < len(everything)


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize(("lang", "words"), [
    ("fr", "doit être le code d'une région"), ("ar", "رمز جهة"), ("en", "the code of a region"),
])
def test_an_unknown_region_is_a_400_in_the_requests_language(client, name, lang, words):
    response = client.get(f"{BASE}/{name}?region=XYZ", headers={"Accept-Language": lang})

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert words in response.text and "DRA, LSH, ORI, SMA" in response.text
    assert "XYZ" not in response.text  # what was sent is not echoed
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["cache-control"] == "no-store"


# --- the DCAT-AP catalogue -----------------------------------------------------------------

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")


@pytest.fixture(scope="module")
def catalogs(client) -> dict[str, tuple[object, Graph]]:
    found = {}
    for name, fmt in (("catalog.jsonld", "json-ld"), ("catalog.ttl", "turtle")):
        response = client.get(f"{BASE}/{name}")
        found[name] = response, Graph().parse(data=response.content, format=fmt)
    return found


ignore_jsonld_warning = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@ignore_jsonld_warning
@pytest.mark.parametrize(("name", "media_type"), [
    ("catalog.jsonld", "application/ld+json"), ("catalog.ttl", "text/turtle; charset=utf-8")])
def test_the_dcat_catalogue_is_public_in_json_ld_and_turtle(catalogs, name, media_type):
    response, graph = catalogs[name]

    assert_public(response, media_type)
    assert len(graph) > 100
    assert isomorphic(graph, catalogs["catalog.ttl"][1])


@ignore_jsonld_warning
def test_the_dcat_catalogue_has_a_dataset_pair_per_region_and_for_the_consortium(catalogs):
    graph = catalogs["catalog.ttl"][1]
    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    base = f"{get_settings().public_url}{BASE}/datasets"
    assert {str(d).removeprefix(base + "/") for d in datasets} == {
        f"{scope}/{kind}" for scope in ("all", *REGIONS)
        for kind in ("indicators", "dossiers", "petitions")}
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert set(graph.objects(catalog, DCAT.dataset)) == datasets
    for prop in (DCT.title, DCT.description, DCT.publisher):  # DCAT-AP 3: Catalogue, mandatory
        assert list(graph.objects(catalog, prop)), prop
    names = {str(n) for n in graph.objects(None, URIRef("http://xmlns.com/foaf/0.1/name"))
             if n.language == "ar"}
    assert {"درعة تافيلالت", "سوس ماسة"} <= {n.strip() for n in names}


@ignore_jsonld_warning
def test_every_dataset_and_distribution_has_dcat_aps_mandatory_properties(client, catalogs):
    graph = catalogs["catalog.jsonld"][1]
    public = get_settings().public_url
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        for prop in (DCT.title, DCT.description):  # mandatory
            assert {o.language for o in graph.objects(dataset, prop)} == {"fr", "ar", "en"}
        for prop in (DCAT.contactPoint, DCAT.distribution, DCAT.keyword, DCT.publisher,
                     DCAT.theme, DCT.spatial):  # recommended
            assert list(graph.objects(dataset, prop)), (dataset, prop)
        region = str(dataset).split("/")[-2]
        for distribution in graph.objects(dataset, DCAT.distribution):
            (url,) = graph.objects(distribution, DCAT.accessURL)  # mandatory
            assert list(graph.objects(distribution, DCT.license))
            assert list(graph.objects(distribution, DCAT.mediaType))
            assert str(url).endswith("" if region == "all" else f"?region={region}")
            response = client.get(str(url).removeprefix(public))  # the file is really there
            assert response.status_code == 200, url


@ignore_jsonld_warning
def test_the_catalogue_is_as_new_as_the_latest_decision(catalogs, world):
    graph = catalogs["catalog.ttl"][1]
    (catalog,) = graph.subjects(RDF.type, DCAT.Catalog)
    (modified,) = graph.objects(catalog, DCT.modified)
    with session_scope() as session:
        latest = session.exec(select(func.max(Dossier.decided_at))).one()
    assert modified.toPython() == latest.astimezone(UTC).replace(microsecond=0)


# --- the command line ---------------------------------------------------------------------


def test_cli_indicators_json_has_the_region_and_consortium_objects(world, client):
    result = cli(world, "indicators", "--format", "json")

    assert result.returncode == 0, result.stderr.decode()
    rows = json.loads(result.stdout)
    assert [row["region"] for row in rows if row["procedure_code"] is None] == [*REGIONS, None]
    assert all(list(row) == list(INDICATOR_FIELDS) for row in rows)
    assert rows == client.get(f"{BASE}/indicators.json").json()


def test_cli_export_dossiers_csv_streams_the_same_rows_as_http(world, client, tmp_path):
    http = client.get(f"{BASE}/dossiers.csv?from=2020-01-01").content

    result = cli(world, "export", "dossiers", "--format", "csv", "--from", "2020-01-01")

    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == http


def test_cli_export_dossiers_json_to_a_file(world, tmp_path, capsys):
    target = tmp_path / "dossiers.json"

    assert main(["export", "dossiers", "--format", "json", "--output", str(target)]) == 0

    rows = json.loads(target.read_text(encoding="utf-8"))
    with session_scope() as session:
        tally = dossier_tally(session, date_from=None, date_to=None)
    assert len(rows) == tally.published
    assert all(list(row) == list(DOSSIER_FIELDS) for row in rows)
    err = capsys.readouterr().err
    assert f"Wrote {tally.published} " in err
    assert f"{tally.suppressed} dossier(s) left out" in err


def test_cli_region_option_gives_what_the_region_parameter_gives(world, client):
    indicators = cli(world, "indicators", "--region", "ORI", "--format", "json")
    dossiers = cli(world, "export", "dossiers", "--region", "ORI", "--format", "csv")

    assert indicators.returncode == 0, indicators.stderr.decode()
    assert json.loads(indicators.stdout) == client.get(f"{BASE}/indicators.json?region=ORI").json()
    assert dossiers.returncode == 0, dossiers.stderr.decode()
    assert dossiers.stdout == client.get(f"{BASE}/dossiers.csv?region=ORI").content


def test_cli_unknown_region_exits_2_naming_the_codes(world, capsys):
    assert main(["indicators", "--region", "XYZ"]) == 2
    assert main(["export", "dossiers", "--format", "csv", "--region", "XYZ"]) == 2
    assert "--region must be one of DRA, LSH, ORI, SMA" in capsys.readouterr().err


def test_cli_indicators_table_is_aligned(world, capsys):
    assert main(["indicators", "--format", "table"]) == 0

    header, rule, *body = capsys.readouterr().out.splitlines()
    assert header.startswith("procedure") and "median admin d" in header
    assert set(rule) == {"-", " "}
    assert [line.split("  ")[0] for line in body[-5:]] == [
        "REGION DRA", "REGION LSH", "REGION ORI", "REGION SMA", "ALL REGIONS"]
    assert body[-6] == rule and body.count(rule) == 1
    assert any(line.startswith("DRA_ACCESS_INFO ") for line in body)
    edge = header.index("decided") + len("decided")  # figures end under their title
    for line in body[:-6] + body[-5:]:
        assert line[edge - 1].isdigit() and line[edge] == " ", line


def test_indicator_table_aligns_figures_to_the_right():
    rows = [{"procedure_code": "A", "decided_count": 5, "median_admin_days": 1.25},
            {"procedure_code": None, "decided_count": 12, "median_admin_days": None}]
    header, _, first, _, region = indicator_table(rows).splitlines()

    edge = header.index("decided") + len("decided")
    assert first[edge - 2:edge] == " 5" and region[edge - 2:edge] == "12"
    assert region.startswith("ALL REGIONS") and " - " in region


@pytest.mark.parametrize(("args", "option"), [
    (["indicators", "--from", "2026-02-30"], "--from"),
    (["export", "dossiers", "--format", "csv", "--to", "31/01/2026"], "--to"),
])
def test_cli_bad_dates_exit_2_naming_the_option(args, option, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)

    assert exit_.value.code == 2
    assert f"argument {option}: expected a date YYYY-MM-DD" in capsys.readouterr().err


def test_cli_reversed_period_exits_2(world, capsys):
    assert main(["indicators", "--from", "2026-02-01", "--to", "2026-01-01"]) == 2
    assert "--to must be a date after --from" in capsys.readouterr().err


def test_cli_generate_gives_the_same_rows_for_the_same_seed(
        sqlite_template, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(security, "_context", CHEAP_HASHING)
    monkeypatch.delenv("REFLEX_DB_URL", raising=False)
    exports = []
    for name in ("one", "two"):
        data_dir = tmp_path / name
        data_dir.mkdir()
        shutil.copy(sqlite_template, data_dir / "counter.db")
        monkeypatch.setenv("COUNTER_DATA_DIR", str(data_dir))
        get_settings.cache_clear()
        db.get_engine.cache_clear()
        try:
            assert main(["generate", "--dossiers", "600", "--seed", "7",
                         "--now", "2026-01-15"]) == 0
            target = tmp_path / f"{name}.csv"
            assert main(["export", "dossiers", "--format", "csv", "--output", str(target)]) == 0
            exports.append(target.read_bytes())
        finally:
            db.get_engine().dispose()
            db.get_engine.cache_clear()
            get_settings.cache_clear()

    assert exports[0] == exports[1]
    err = capsys.readouterr().err
    published = int(re.search(r"Wrote (\d+) anonymous", err).group(1))
    assert exports[0].count(b"\r\n") == 1 + published and published > 0
    assert "Generated 600/600 dossiers (100%)" in err


# --- the transparency page's files --------------------------------------------------------


@pytest.mark.parametrize(("name", "stem"), [("indicators.csv", "indicateurs"),
                                            ("dossiers.csv", "dossiers")])
def test_the_spreadsheet_csv_starts_with_the_bom_and_holds_the_same_rows(client, name, stem):
    query = "?region=DRA&from=2025-01-01&to=2030-01-01"
    plain = client.get(f"{BASE}/{name}{query}")
    excel = client.get(f"{BASE}/{name}{query}&bom=1")

    assert excel.status_code == 200 and excel.headers["content-type"] == CSV_TYPE
    assert excel.content.startswith(b"\xef\xbb\xbf") and not plain.content.startswith(b"\xef")
    assert excel.content.decode("utf-8-sig") == plain.text
    assert excel.headers["content-disposition"] == (
        f'attachment; filename="{stem}_DRA_2025-01-01_2030-01-01_excel.csv"')
    # Machines keep the file the data package describes (UTF-8, no BOM); it names the other.
    package = client.get(f"{BASE}/datapackage.json{query}").json()
    resource = next(r for r in package["resources"] if r["path"].split("?")[0].endswith(name))
    assert resource["encoding"] == "utf-8" and "bom=1" in resource["description"]


def test_the_public_pages_period_is_served_from_the_figures_the_page_shows(client,
                                                                          monkeypatch):
    """A visitor who downloads from the transparency page gets the page's figures, even
    if a decision came in since they were computed (they are shared, not computed again)."""
    shown_decided = 987_654

    class PageFigures:
        def get(self, factory, region_code="", now=None):  # noqa: ANN001, ANN201
            figures = public_figures.get(factory, region_code, now)
            total = {**figures.report.total, "decided_count": shown_decided}
            return replace(figures, report=replace(figures.report, total=total))

    monkeypatch.setattr(opendata_api, "public_figures", PageFigures())
    period = Period.last_months()
    query = f"?from={period.date_from}&to={period.date_to}"
    for name in ("indicators.json", "indicators.csv"):
        response = client.get(f"{BASE}/{name}{query}")
        rows = response.json() if name.endswith("json") else csv_records(response.text)
        assert int(rows[-1]["decided_count"]) == shown_decided, name
    other = client.get(f"{BASE}/indicators.json?from={period.date_from}").json()
    assert other[-1]["decided_count"] != shown_decided  # another period: computed for it


def test_the_petitions_file_gives_each_published_petition_and_nothing_personal(client):
    records = csv_records(client.get(f"{BASE}/petitions.csv").text)
    assert sorted((r["region"], r["kind"], r["petition_status"], r["signatures"], r["minimum"],
                   r["decided_within_two_months"]) for r in records) == [
        ("DRA", "citizens", "collecting", "0", "400", ""),
        ("ORI", "citizens", "refused", "400", "400", "true")]
    assert list(records[0]) == list(opendata.PETITION_FIELDS)
    assert not {"title", "request", "reasons", "name", "cin", "answer"} & set(records[0])
    assert all(r["published_on"] == NOW.date().isoformat() for r in records)
    ori = csv_records(client.get(f"{BASE}/petitions.csv?region=ORI").text)
    assert [r["region"] for r in ori] == ["ORI"]
    later = (NOW + timedelta(days=1)).date().isoformat()
    assert csv_records(client.get(f"{BASE}/petitions.csv?from={later}").text) == []
    assert not re.search(r"\bPX\d", client.get(f"{BASE}/petitions.csv").text)
