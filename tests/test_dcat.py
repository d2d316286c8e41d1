"""The DCAT-AP 3.0 catalogue of the open data (counter.services.dcat), as the national CKAN
portal harvests it: mandatory properties, stable IRIs, per-region files, round trips."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF

from counter.services.dcat import (
    FRICTIONLESS_DATA_PACKAGE,
    LICENCE,
    VCARD,
    Publisher,
    catalog_graph,
    serialize,
)

# Open namespaces: rdflib's closed DCAT and XSD warn when pytest inspects the module.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")
# rdflib's own JSON-LD parser still builds a ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

BASE = "https://guichet.example.ma"
CATALOG = URIRef(f"{BASE}/api/open-data/catalog#catalog")
MODIFIED = datetime(2026, 3, 1, 10, 30, 15, tzinfo=UTC)
REGION_CODES = ("DRA", "ORI", "SMA", "LSH")
CONSORTIUM = {"fr": "Consortium des régions du Sud et de l'Oriental",
              "ar": "اتحاد جهات الجنوب والشرق",
              "en": "Consortium of the Southern and Oriental regions"}
REGION_NAMES = {
    "DRA": {"fr": "Drâa-Tafilalet", "ar": "درعة تافيلالت", "en": "Draa-Tafilalet"},
    "ORI": {"fr": "Oriental", "ar": "الشرق", "en": "Oriental"},
    "SMA": {"fr": "Souss-Massa", "ar": "سوس ماسة", "en": "Souss-Massa"},
    "LSH": {"fr": "Laâyoune-Sakia El Hamra", "ar": "العيون الساقية الحمراء",
            "en": "Laayoune-Sakia El Hamra"},
}
PREFIXES = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
"""


def publishers() -> list[Publisher]:
    return [Publisher(code=None, name=CONSORTIUM),
            *(Publisher(code=code, name=REGION_NAMES[code]) for code in REGION_CODES)]


def build(**overrides) -> Graph:
    arguments = {"base_url": f"{BASE}/", "publishers": publishers(), "modified": MODIFIED,
                 "consortium_name": CONSORTIUM, "contact_email": "opendata@example.ma"}
    return catalog_graph(**{**arguments, **overrides})


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build()


def select(graph: Graph, query: str) -> list[tuple]:
    return [tuple(row) for row in graph.query(PREFIXES + query)]


def datasets(graph: Graph) -> set[URIRef]:
    return set(graph.subjects(RDF.type, DCAT.Dataset))


def distributions(graph: Graph) -> set[URIRef]:
    return set(graph.subjects(RDF.type, DCAT.Distribution))


def languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str | None]:
    return {obj.language for obj in graph.objects(subject, predicate)
            if isinstance(obj, Literal)}


# --- serialisations -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json-ld", "turtle"])
def test_each_serialisation_parses_back_to_the_same_graph(graph: Graph, fmt: str) -> None:
    data = serialize(graph, fmt)
    assert isinstance(data, bytes)
    parsed = Graph().parse(data=data, format=fmt)
    assert len(parsed) == len(graph)
    assert isomorphic(parsed, graph)


def test_json_ld_and_turtle_describe_the_same_graph(graph: Graph) -> None:
    from_json = Graph().parse(data=serialize(graph, "json-ld"), format="json-ld")
    from_turtle = Graph().parse(data=serialize(graph, "turtle"), format="turtle")
    assert isomorphic(from_json, from_turtle)


def test_serialisations_are_utf8_and_keep_the_arabic_text(graph: Graph) -> None:
    for fmt in ("json-ld", "turtle"):
        assert "درعة تافيلالت" in serialize(graph, fmt).decode("utf-8")


def test_an_unknown_serialisation_format_is_refused(graph: Graph) -> None:
    with pytest.raises(ValueError, match="format"):
        serialize(graph, "rdf/xml")


def test_building_twice_gives_the_same_graph() -> None:
    assert isomorphic(build(), build())


def test_no_node_is_blank_so_harvests_recognise_every_resource(graph: Graph) -> None:
    nodes = {node for triple in graph for node in (triple[0], triple[2])
             if not isinstance(node, Literal)}
    assert all(isinstance(node, URIRef) for node in nodes)


# --- catalogue ----------------------------------------------------------------------------


def test_there_is_one_catalog_with_its_mandatory_properties(graph: Graph) -> None:
    assert list(graph.subjects(RDF.type, DCAT.Catalog)) == [CATALOG]
    rows = select(graph, """
        SELECT ?title ?description ?publisher WHERE {
            ?catalog a dcat:Catalog ; dct:title ?title ; dct:description ?description ;
                     dct:publisher ?publisher .
            ?publisher a foaf:Agent ; foaf:name ?name .
        }""")
    assert rows
    assert languages(graph, CATALOG, DCTERMS.title) == {"fr", "ar", "en"}
    assert languages(graph, CATALOG, DCTERMS.description) == {"fr", "ar", "en"}
    publisher = graph.value(CATALOG, DCTERMS.publisher)
    assert publisher == URIRef(f"{BASE}/api/open-data/catalog#publisher-all")
    assert set(graph.objects(CATALOG, DCAT.dataset)) == datasets(graph)


def test_catalog_title_names_the_consortium_in_each_language(graph: Graph) -> None:
    titles = {title.language: str(title) for title in graph.objects(CATALOG, DCTERMS.title)}
    assert all(CONSORTIUM[lang] in titles[lang] for lang in ("fr", "ar", "en"))


def test_catalog_lists_five_publishers_times_three_datasets(graph: Graph) -> None:
    assert len(datasets(graph)) == 15
    rows = select(graph, """
        SELECT ?publisher (COUNT(?dataset) AS ?n) WHERE {
            ?catalog dcat:dataset ?dataset . ?dataset dct:publisher ?publisher .
        } GROUP BY ?publisher""")
    assert len(rows) == 5
    assert {int(n) for _, n in rows} == {3}
    expected = {URIRef(f"{BASE}/api/open-data/datasets/{segment}/{kind}")
                for segment in ("all", *REGION_CODES) for kind in ("indicators", "dossiers", "petitions")}
    assert datasets(graph) == expected


def test_consortium_is_added_when_only_regions_are_given() -> None:
    regions = [p for p in publishers() if p.code is not None]
    graph = build(publishers=regions)
    assert len(datasets(graph)) == 15
    consortium = URIRef(f"{BASE}/api/open-data/catalog#publisher-all")
    assert graph.value(CATALOG, DCTERMS.publisher) == consortium
    assert Literal(CONSORTIUM["ar"], lang="ar") in set(graph.objects(consortium, FOAF.name))


def test_modified_and_issued_are_utc_datetimes(graph: Graph) -> None:
    stamp = Literal("2026-03-01T10:30:15+00:00", datatype=XSD_DATETIME)
    for subject in (CATALOG, *datasets(graph), *distributions(graph)):
        assert graph.value(subject, DCTERMS.modified) == stamp
        assert graph.value(subject, DCTERMS.issued) == stamp


def test_a_local_or_naive_modified_time_is_written_in_utc() -> None:
    casablanca = timezone(timedelta(hours=1))
    stamp = Literal("2026-03-01T10:30:15+00:00", datatype=XSD_DATETIME)
    for moment in (MODIFIED.astimezone(casablanca), MODIFIED.replace(tzinfo=None)):
        assert build(modified=moment).value(CATALOG, DCTERMS.modified) == stamp


# --- datasets -----------------------------------------------------------------------------


def test_every_dataset_has_title_and_description_in_french_arabic_and_english(
    graph: Graph,
) -> None:
    for dataset in datasets(graph):
        assert languages(graph, dataset, DCTERMS.title) == {"fr", "ar", "en"}
        assert languages(graph, dataset, DCTERMS.description) == {"fr", "ar", "en"}
        assert languages(graph, dataset, DCAT.keyword) == {"fr", "ar", "en"}


def test_every_dataset_has_the_recommended_properties(graph: Graph) -> None:
    missing = select(graph, """
        SELECT ?dataset WHERE {
            ?dataset a dcat:Dataset .
            FILTER NOT EXISTS {
                ?dataset dcat:distribution ?distribution ; dct:publisher ?publisher ;
                    dcat:keyword ?keyword ; dct:spatial ?spatial ; dct:identifier ?id ;
                    dcat:theme <http://publications.europa.eu/resource/authority/data-theme/GOVE> ;
                    dct:accessRights
                        <http://publications.europa.eu/resource/authority/access-right/PUBLIC> ;
                    dcat:contactPoint ?contact .
                ?contact a vcard:Kind ; vcard:hasEmail <mailto:opendata@example.ma> .
            }
        }""")
    assert missing == []


def test_dataset_identifiers_are_unique_and_stable(graph: Graph) -> None:
    identifiers = [str(graph.value(dataset, DCTERMS.identifier)) for dataset in datasets(graph)]
    assert len(set(identifiers)) == 15
    assert sorted(identifiers) == sorted(str(dataset) for dataset in datasets(graph))


def test_region_datasets_are_published_by_their_region_and_located_there(graph: Graph) -> None:
    for code in REGION_CODES:
        dataset = URIRef(f"{BASE}/api/open-data/datasets/{code}/indicators")
        publisher = graph.value(dataset, DCTERMS.publisher)
        assert publisher == URIRef(f"{BASE}/api/open-data/catalog#publisher-{code}")
        assert Literal(REGION_NAMES[code]["fr"], lang="fr") in set(
            graph.objects(publisher, FOAF.name))
        titles = {t.language: str(t) for t in graph.objects(dataset, DCTERMS.title)}
        assert all(REGION_NAMES[code][lang] in titles[lang] for lang in ("fr", "ar", "en"))
        location = graph.value(dataset, DCTERMS.spatial)
        assert (location, RDF.type, DCTERMS.Location) in graph
    consortium = URIRef(f"{BASE}/api/open-data/datasets/all/indicators")
    assert graph.value(consortium, DCTERMS.spatial) == URIRef(
        "http://publications.europa.eu/resource/authority/country/MAR")


def test_descriptions_state_anonymity_and_the_fifty_percent_target(graph: Graph) -> None:
    for dataset in datasets(graph):
        french = next(str(d) for d in graph.objects(dataset, DCTERMS.description)
                      if d.language == "fr")
        assert "09-08" in french
        if str(dataset).endswith("/indicators"):
            assert "50 %" in french


def test_without_an_email_the_contact_point_gives_the_portal_address() -> None:
    graph = build(contact_email=None)
    contacts = set(graph.subjects(RDF.type, VCARD.Kind))
    assert len(contacts) == 5
    for contact in contacts:
        assert graph.value(contact, VCARD.hasEmail) is None
        assert graph.value(contact, VCARD.hasURL) == URIRef(f"{BASE}/")


# --- distributions ------------------------------------------------------------------------


def test_every_distribution_has_an_access_url_licence_format_media_type_and_title(
    graph: Graph,
) -> None:
    assert len(distributions(graph)) == 5 * (3 + 2 + 2)
    for distribution in distributions(graph):
        assert graph.value(distribution, DCAT.accessURL) is not None
        assert graph.value(distribution, DCAT.downloadURL) is not None
        assert graph.value(distribution, DCTERMS.license) == LICENCE
        assert str(graph.value(distribution, DCTERMS.format)).startswith(
            "http://publications.europa.eu/resource/authority/file-type/")
        assert str(graph.value(distribution, DCAT.mediaType)).startswith(
            "https://www.iana.org/assignments/media-types/")
        assert languages(graph, distribution, DCTERMS.title) == {"fr", "ar", "en"}


def test_each_dataset_offers_its_files_and_the_datapackage(graph: Graph) -> None:
    rows = select(graph, """
        SELECT ?dataset ?url ?format WHERE {
            ?dataset dcat:distribution ?d . ?d dcat:accessURL ?url ; dct:format ?format .
        }""")
    files: dict[str, set[tuple[str, str]]] = {}
    for dataset, url, fmt in rows:
        name = str(url).split("/api/open-data/")[1].split("?")[0]
        files.setdefault(str(dataset).rsplit("/", 1)[1], set()).add(
            (name, str(fmt).rsplit("/", 1)[1]))
    assert files == {
        "indicators": {("indicators.csv", "CSV"), ("indicators.json", "JSON"),
                       ("datapackage.json", "JSON")},
        "dossiers": {("dossiers.csv", "CSV"), ("datapackage.json", "JSON")},
        "petitions": {("petitions.csv", "CSV"), ("datapackage.json", "JSON")},
    }


def test_datapackage_distributions_conform_to_frictionless(graph: Graph) -> None:
    for distribution in distributions(graph):
        url = str(graph.value(distribution, DCAT.accessURL))
        conforms = graph.value(distribution, DCTERMS.conformsTo)
        if "/datapackage.json" in url:
            assert conforms == FRICTIONLESS_DATA_PACKAGE
            assert graph.value(distribution, DCAT.mediaType) == URIRef(
                "https://www.iana.org/assignments/media-types/application/json")
        else:
            assert conforms is None


def test_region_distributions_carry_the_region_parameter(graph: Graph) -> None:
    for dataset in datasets(graph):
        segment = str(dataset).split("/datasets/")[1].split("/")[0]
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert str(distribution).startswith(f"{dataset}/distributions/")
            url = str(graph.value(distribution, DCAT.accessURL))
            assert url.startswith(f"{BASE}/api/open-data/")
            if segment == "all":
                assert "?" not in url
            else:
                assert url.endswith(f"?region={segment}")
            assert graph.value(distribution, DCAT.downloadURL) == URIRef(url)


def test_csv_distributions_have_the_csv_media_type(graph: Graph) -> None:
    rows = select(graph, """
        SELECT ?type WHERE {
            ?d dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
               dcat:mediaType ?type .
        }""")
    assert rows
    assert {str(t) for (t,) in rows} == {"https://www.iana.org/assignments/media-types/text/csv"}


# --- inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize("publishers_given", [
    [Publisher(code="DRA", name=REGION_NAMES["DRA"])] * 2,
    [Publisher(code="all", name=REGION_NAMES["DRA"])],
    [Publisher(code="D R/A", name=REGION_NAMES["DRA"])],
    [Publisher(code="DRA", name={"fr": " "})],
])
def test_duplicate_unsafe_or_unnamed_publishers_are_refused(publishers_given) -> None:
    with pytest.raises(ValueError):
        build(publishers=publishers_given)


def test_a_base_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(ValueError, match="base_url"):
        build(base_url="guichet.example.ma")
