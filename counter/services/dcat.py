"""The open data as a DCAT-AP 3.0 catalogue, for harvesters (CKAN with ckanext-dcat).

A pure builder: no database, no HTTP. One dcat:Catalog published by the consortium lists, for
the consortium and for each region, two datasets: the processing-time indicators and the
anonymous dossiers (SECURITY 24, law 09-08). Their distributions are the files
`counter.api.opendata` serves (indicators.csv, indicators.json, dossiers.csv and the
Frictionless datapackage.json); a region's files carry `?region=CODE`, the consortium's none.

Every node has a stable IRI under the public URL (no blank node), so a harvester recognises
the same dataset from one run to the next and both serialisations give the same graph:

    {base}/api/open-data/catalog#catalog                     the catalogue
    {base}/api/open-data/catalog#publisher-{all|CODE}        foaf:Agent
    {base}/api/open-data/catalog#contact-{all|CODE}          vcard:Kind
    {base}/api/open-data/catalog#location-{CODE}             dct:Location of a region
    {base}/api/open-data/datasets/{all|CODE}/{indicators|dossiers}
    {base}/api/open-data/datasets/{all|CODE}/{dataset}/distributions/{csv|json|datapackage}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode, urlparse

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

from counter.services.opendata import OPEN_DATA_PATH

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
EU_FILE_TYPE = Namespace(f"{EU}file-type/")
EU_THEME = Namespace(f"{EU}data-theme/")
THEME_SCHEME = URIRef(f"{EU}data-theme")
LICENCE = URIRef(f"{EU}licence/CC_BY_4_0")
PUBLIC_ACCESS = URIRef(f"{EU}access-right/PUBLIC")
CONTINUOUS = URIRef(f"{EU}frequency/CONT")
MOROCCO = URIRef(f"{EU}country/MAR")
LANGUAGES = {"fr": URIRef(f"{EU}language/FRA"), "ar": URIRef(f"{EU}language/ARA"),
             "en": URIRef(f"{EU}language/ENG")}
REGIONAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/RegionalAuthority")
IANA = "https://www.iana.org/assignments/media-types/"
FRICTIONLESS_DATA_PACKAGE = URIRef("https://specs.frictionlessdata.io/data-package/")

LANGS: tuple[str, ...] = ("fr", "ar", "en")
CONSORTIUM_SEGMENT = "all"
FORMATS = {"json-ld": "json-ld", "turtle": "turtle"}

_CODE = re.compile(r"[A-Za-z0-9_-]+")

Texts = dict[str, str]


@dataclass(frozen=True)
class Publisher:
    code: str | None              # region code, None for the consortium
    name: dict[str, str]          # {"fr": ..., "ar": ..., "en": ...}


@dataclass(frozen=True)
class _File:
    """One file served under /api/open-data/: a distribution of a dataset."""

    slug: str
    filename: str
    file_type: str
    media_type: str
    title: Texts


@dataclass(frozen=True)
class _DatasetKind:
    slug: str
    title: Texts
    description: Texts
    keywords: dict[str, tuple[str, ...]]
    files: tuple[_File, ...]


# --- texts --------------------------------------------------------------------------------

_DATAPACKAGE = _File(
    "datapackage", "datapackage.json", "JSON", "application/json",
    {"fr": "Descripteur Data Package (Frictionless) : schéma des fichiers",
     "ar": "واصف حزمة البيانات (Frictionless): بنية الملفات",
     "en": "Data Package descriptor (Frictionless): schema of the files"},
)

_PERIOD = {
    "fr": "Période au choix : ?from=AAAA-MM-JJ&to=AAAA-MM-JJ (to exclu, jours en UTC).",
    "ar": "يمكن اختيار الفترة: ?from=YYYY-MM-DD&to=YYYY-MM-DD (تاريخ to غير مشمول، بالتوقيت "
          "العالمي).",
    "en": "Choose the period with ?from=YYYY-MM-DD&to=YYYY-MM-DD (to excluded, days in UTC).",
}

_INDICATORS = _DatasetKind(
    slug="indicators",
    title={"fr": "Indicateurs de délai de traitement des procédures administratives",
           "ar": "مؤشرات آجال معالجة المساطر الإدارية",
           "en": "Processing-time indicators of administrative procedures"},
    description={
        "fr": "Par procédure administrative et pour l'ensemble : nombre de dossiers décidés et "
              "temps de traitement par l'administration (délai calendaire moins le temps passé "
              "à attendre le demandeur), comparé au délai d'avant le numérique et à l'objectif "
              "des régions, réduire ce délai de 50 %. Données agrégées et anonymes (loi n° "
              "09-08 relative à la protection des données à caractère personnel).",
        "ar": "لكل مسطرة إدارية وللمجموع: عدد الملفات التي تم البت فيها، والمدة التي "
              "استغرقتها الإدارة في معالجتها (المدة الزمنية الإجمالية ناقص مدة انتظار صاحب "
              "الطلب)، مقارنة بالمدة المرجعية قبل الرقمنة وبهدف الجهات المتمثل في تقليص هذه "
              "المدة بنسبة 50 في المائة. معطيات مجمعة ومجهولة الهوية (القانون رقم 09.08 "
              "المتعلق بحماية المعطيات ذات الطابع الشخصي).",
        "en": "For each administrative procedure and overall: the number of decided dossiers "
              "and the administration's processing time (calendar time minus the time spent "
              "waiting for the applicant), against the pre-digital baseline and the regions' "
              "target of a 50 % reduction. Aggregated, anonymous data (law 09-08 on the "
              "protection of personal data).",
    },
    keywords={
        "fr": ("indicateurs", "délais de traitement", "procédures administratives",
               "guichet numérique", "gouvernement ouvert", "Maroc"),
        "ar": ("مؤشرات", "آجال المعالجة", "المساطر الإدارية", "الشباك الرقمي",
               "الحكومة المنفتحة", "المغرب"),
        "en": ("indicators", "processing time", "administrative procedures",
               "digital one-stop shop", "open government", "Morocco"),
    },
    files=(
        _File("csv", "indicators.csv", "CSV", "text/csv",
              {"fr": "Indicateurs (CSV)", "ar": "المؤشرات (CSV)", "en": "Indicators (CSV)"}),
        _File("json", "indicators.json", "JSON", "application/json",
              {"fr": "Indicateurs (JSON)", "ar": "المؤشرات (JSON)",
               "en": "Indicators (JSON)"}),
        _DATAPACKAGE,
    ),
)

_DOSSIERS = _DatasetKind(
    slug="dossiers",
    title={"fr": "Dossiers anonymes des procédures administratives",
           "ar": "ملفات المساطر الإدارية مجهولة الهوية",
           "en": "Anonymous dossiers of administrative procedures"},
    description={
        "fr": "Une ligne par dossier soumis : procédure, service, province, canal de dépôt, "
              "statut, dates de soumission et de décision (UTC), temps d'attente du demandeur "
              "et temps de l'administration, en jours. Aucune donnée personnelle (loi n° "
              "09-08) : ni nom, ni CIN, ni ICE, ni téléphone, ni e-mail, ni code de suivi, ni "
              "texte libre. Dates au jour, durées en jours entiers ; un groupe (procédure, "
              "province, mois) de moins de 5 dossiers est fusionné (province non publiée) ou "
              "non publié.",
        "ar": "سطر واحد لكل ملف مودع: المسطرة، والمصلحة، والإقليم، وقناة الإيداع، والوضعية، "
              "وتاريخا الإيداع والبت (بالتوقيت العالمي)، ومدة انتظار صاحب الطلب ومدة معالجة "
              "الإدارة بالأيام. لا يتضمن أي معطى ذي طابع شخصي (القانون رقم 09.08): لا اسم، ولا "
              "رقم البطاقة الوطنية، ولا المعرف الموحد للمقاولة، ولا هاتف، ولا بريد إلكتروني، "
              "ولا رمز التتبع، ولا نص حر. التواريخ باليوم والمدد بالأيام الكاملة؛ وكل مجموعة "
              "(مسطرة، إقليم، شهر) تضم أقل من 5 ملفات تُدمج (دون نشر الإقليم) أو لا تُنشر.",
        "en": "One row per submitted dossier: procedure, service, province, filing channel, "
              "status, submission and decision days (UTC), time waiting for the applicant "
              "and administration time, in days. No personal data (law 09-08): no name, "
              "national ID (CIN), company ID (ICE), phone, e-mail, tracking code or free text. "
              "Days, never times; durations in whole days; a (procedure, province, month) "
              "group of fewer than 5 dossiers is merged (province withheld) or left out.",
    },
    keywords={
        "fr": ("dossiers", "données anonymes", "délais de traitement",
               "procédures administratives", "guichet numérique", "Maroc"),
        "ar": ("ملفات", "معطيات مجهولة الهوية", "آجال المعالجة", "المساطر الإدارية",
               "الشباك الرقمي", "المغرب"),
        "en": ("dossiers", "anonymous data", "processing time", "administrative procedures",
               "digital one-stop shop", "Morocco"),
    },
    files=(
        _File("csv", "dossiers.csv", "CSV", "text/csv",
              {"fr": "Dossiers anonymes (CSV)", "ar": "الملفات مجهولة الهوية (CSV)",
               "en": "Anonymous dossiers (CSV)"}),
        _DATAPACKAGE,
    ),
)

_PETITIONS = _DatasetKind(
    slug="petitions",
    title={"fr": "Pétitions aux conseils régionaux",
           "ar": "العرائض الموجهة إلى مجالس الجهات",
           "en": "Petitions to the regional councils"},
    description={
        "fr": "Une ligne par pétition publiée (loi organique n° 111-14, articles 120 à 122) : "
              "type (citoyens ou association), statut, jours de publication, de dépôt, de "
              "décision du bureau et de réponse, nombre de signatures et minimum exigé, "
              "décision dans les deux mois. Aucune donnée personnelle (loi n° 09-08) : ni nom, "
              "ni CIN, ni texte.",
        "ar": "سطر لكل عريضة منشورة (القانون التنظيمي رقم 111.14، المواد 120 إلى 122): النوع "
              "(مواطنون أو جمعية)، والوضعية، وأيام النشر والإيداع وقرار المكتب والجواب، وعدد "
              "التوقيعات والحد الأدنى المطلوب، والبت داخل أجل شهرين. لا يتضمن أي معطى ذي طابع "
              "شخصي (القانون رقم 09.08): لا اسم، ولا رقم البطاقة الوطنية، ولا نص.",
        "en": "One row per published petition (organic law 111-14, articles 120 to 122): kind "
              "(citizens or association), status, days of publication, deposit, the bureau's "
              "decision and the answer, signatures and the minimum required, decided within "
              "two months. No personal data (law 09-08): no name, CIN or text.",
    },
    keywords={
        "fr": ("pétitions", "démocratie participative", "conseil régional", "Maroc"),
        "ar": ("العرائض", "الديمقراطية التشاركية", "مجلس الجهة", "المغرب"),
        "en": ("petitions", "participatory democracy", "regional council", "Morocco"),
    },
    files=(
        _File("csv", "petitions.csv", "CSV", "text/csv",
              {"fr": "Pétitions (CSV)", "ar": "العرائض (CSV)", "en": "Petitions (CSV)"}),
        _DATAPACKAGE,
    ),
)

DATASET_KINDS: tuple[_DatasetKind, ...] = (_INDICATORS, _DOSSIERS, _PETITIONS)


def _scope(publisher: Publisher, lang: str) -> str:
    name = _text(publisher.name, lang)
    if publisher.code is None:
        return {"fr": f"toutes les régions ({name})", "ar": f"مجموع الجهات ({name})",
                "en": f"all regions ({name})"}[lang]
    return name


def _scope_sentence(publisher: Publisher, lang: str) -> str:
    scope = _scope(publisher, lang)
    return {"fr": f"Périmètre : {scope}.", "ar": f"النطاق: {scope}.",
            "en": f"Scope: {scope}."}[lang]


def _catalog_texts(consortium: Texts) -> tuple[Texts, Texts]:
    title = {
        "fr": f"Données ouvertes du guichet numérique — {_text(consortium, 'fr')}",
        "ar": f"المعطيات المفتوحة للشباك الرقمي — {_text(consortium, 'ar')}",
        "en": f"Digital one-stop shop open data — {_text(consortium, 'en')}",
    }
    description = {
        "fr": "Jeux de données ouverts du guichet numérique régional, pour l'ensemble des "
              "régions et pour chacune : indicateurs de délai de traitement des procédures "
              "administratives, mesurés par rapport à l'objectif des régions (réduire ce délai "
              "de 50 %), et dossiers anonymes (loi n° 09-08). Licence CC-BY 4.0.",
        "ar": "مجموعات المعطيات المفتوحة للشباك الرقمي الجهوي، لمجموع الجهات ولكل جهة: "
              "مؤشرات آجال معالجة المساطر الإدارية مقارنة بهدف الجهات (تقليص هذه الآجال بنسبة "
              "50 في المائة)، والملفات مجهولة الهوية (القانون رقم 09.08). الترخيص CC-BY 4.0.",
        "en": "Open datasets of the regional digital one-stop shop, for all regions and for "
              "each one: processing-time indicators of administrative procedures, measured "
              "against the regions' target of a 50 % reduction, and anonymous dossiers (law "
              "09-08). Licence CC-BY 4.0.",
    }
    return title, description


def _text(texts: Texts, lang: str) -> str:
    """The text in `lang`, else in French, else in any language given."""
    for key in (lang, "fr", *texts):
        value = (texts.get(key) or "").strip()
        if value:
            return value
    raise ValueError("a name needs at least one non-empty language")


# --- graph --------------------------------------------------------------------------------


def _segment(publisher: Publisher) -> str:
    return CONSORTIUM_SEGMENT if publisher.code is None else publisher.code


def _check(base_url: str, publishers: list[Publisher]) -> None:
    parsed = urlparse(base_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"base_url must be an http(s) address, got {base_url!r}")
    seen: set[str | None] = set()
    for publisher in publishers:
        code = publisher.code
        if code is not None and (not _CODE.fullmatch(code)
                                 or code.lower() == CONSORTIUM_SEGMENT):
            raise ValueError(f"unusable region code {code!r}")
        if code in seen:
            raise ValueError(f"publisher {code or 'consortium'} given twice")
        seen.add(code)
        _text(publisher.name, "fr")


def _lang_literals(graph: Graph, subject: URIRef, predicate: URIRef, texts: Texts) -> None:
    for lang in LANGS:
        graph.add((subject, predicate, Literal(_text(texts, lang), lang=lang)))


def _typed(graph: Graph, node: URIRef, kind: URIRef) -> URIRef:
    graph.add((node, RDF.type, kind))
    return node


def _add_agent(graph: Graph, catalog_doc: str, publisher: Publisher) -> URIRef:
    agent = _typed(graph, URIRef(f"{catalog_doc}#publisher-{_segment(publisher)}"), FOAF.Agent)
    _lang_literals(graph, agent, FOAF.name, publisher.name)
    graph.add((agent, DCTERMS.type, _typed(graph, REGIONAL_AUTHORITY, SKOS.Concept)))
    return agent


def _add_contact(graph: Graph, catalog_doc: str, publisher: Publisher, base: str,
                 email: str | None) -> URIRef:
    contact = _typed(graph, URIRef(f"{catalog_doc}#contact-{_segment(publisher)}"), VCARD.Kind)
    _lang_literals(graph, contact, VCARD.fn, publisher.name)
    if email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{email.strip()}")))
    else:
        graph.add((contact, VCARD.hasURL, URIRef(f"{base}/")))
    return contact


def _add_location(graph: Graph, catalog_doc: str, publisher: Publisher) -> URIRef:
    if publisher.code is None:
        return MOROCCO
    location = _typed(graph, URIRef(f"{catalog_doc}#location-{publisher.code}"),
                      DCTERMS.Location)
    _lang_literals(graph, location, SKOS.prefLabel, publisher.name)
    return location


def _query(publisher: Publisher) -> str:
    return "" if publisher.code is None else f"?{urlencode({'region': publisher.code})}"


def _add_distribution(graph: Graph, dataset: URIRef, file: _File, url: str,
                      stamp: Literal) -> URIRef:
    node = _typed(graph, URIRef(f"{dataset}/distributions/{file.slug}"), DCAT.Distribution)
    graph.add((dataset, DCAT.distribution, node))
    link = URIRef(url)
    graph.add((node, DCAT.accessURL, link))
    graph.add((node, DCAT.downloadURL, link))
    graph.add((node, DCTERMS.format,
               _typed(graph, EU_FILE_TYPE[file.file_type], DCTERMS.MediaTypeOrExtent)))
    graph.add((node, DCAT.mediaType,
               _typed(graph, URIRef(f"{IANA}{file.media_type}"), DCTERMS.MediaType)))
    graph.add((node, DCTERMS.license, LICENCE))
    graph.add((node, DCTERMS.issued, stamp))
    graph.add((node, DCTERMS.modified, stamp))
    _lang_literals(graph, node, DCTERMS.title, file.title)
    if file is _DATAPACKAGE:
        graph.add((node, DCTERMS.conformsTo,
                   _typed(graph, FRICTIONLESS_DATA_PACKAGE, DCTERMS.Standard)))
    return node


def _add_dataset(graph: Graph, *, base: str, kind: _DatasetKind, publisher: Publisher,
                 agent: URIRef, contact: URIRef, location: URIRef, stamp: Literal) -> URIRef:
    dataset = _typed(graph, URIRef(f"{base}{OPEN_DATA_PATH}/datasets/{_segment(publisher)}/"
                                   f"{kind.slug}"), DCAT.Dataset)
    graph.add((dataset, DCTERMS.identifier, Literal(str(dataset))))
    for lang in LANGS:
        title = f"{kind.title[lang]} — {_text(publisher.name, lang)}"
        graph.add((dataset, DCTERMS.title, Literal(title, lang=lang)))
        description = " ".join((kind.description[lang], _scope_sentence(publisher, lang),
                                _PERIOD[lang]))
        graph.add((dataset, DCTERMS.description, Literal(description, lang=lang)))
        for keyword in kind.keywords[lang]:
            graph.add((dataset, DCAT.keyword, Literal(keyword, lang=lang)))
        if publisher.code is not None:
            graph.add((dataset, DCAT.keyword, Literal(_text(publisher.name, lang), lang=lang)))
    graph.add((dataset, DCTERMS.publisher, agent))
    graph.add((dataset, DCAT.contactPoint, contact))
    for theme in ("GOVE", "REGI"):
        graph.add((dataset, DCAT.theme, _typed(graph, EU_THEME[theme], SKOS.Concept)))
        graph.add((EU_THEME[theme], SKOS.inScheme, THEME_SCHEME))
    graph.add((dataset, DCTERMS.spatial, location))
    graph.add((dataset, DCTERMS.accessRights, PUBLIC_ACCESS))
    graph.add((dataset, DCTERMS.accrualPeriodicity, CONTINUOUS))
    graph.add((dataset, DCTERMS.issued, stamp))
    graph.add((dataset, DCTERMS.modified, stamp))
    for file in kind.files:
        url = f"{base}{OPEN_DATA_PATH}/{file.filename}{_query(publisher)}"
        _add_distribution(graph, dataset, file, url, stamp)
    return dataset


def _stamp(moment: datetime) -> Literal:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    utc = moment.astimezone(UTC).replace(microsecond=0)
    return Literal(utc.isoformat(), datatype=XSD.dateTime)


def _bind(graph: Graph) -> None:
    for prefix, namespace in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF),
                              ("skos", SKOS), ("vcard", VCARD), ("xsd", XSD)):
        graph.bind(prefix, namespace, override=True, replace=True)


def catalog_graph(*, base_url: str, publishers: list[Publisher], modified: datetime,
                  consortium_name: dict[str, str],
                  contact_email: str | None = None) -> Graph:
    """One dcat:Catalog with, for the consortium and for each region, two datasets
    (processing-time indicators; anonymous dossiers), each with its distributions
    (indicators: CSV and JSON; dossiers: CSV; each dataset also the datapackage.json as a
    distribution of conformsTo Frictionless).

    The consortium is the publisher with code None; when `publishers` has none, one is made
    from `consortium_name`, which also names the catalogue. `contact_email` (e.g. the
    settings' mail_from) goes on every contact point as vcard:hasEmail; without it the
    contact points give the portal's address (vcard:hasURL) instead.
    """
    base = base_url.strip().rstrip("/")
    _check(base, publishers)
    _text(consortium_name, "fr")
    consortium = next((p for p in publishers if p.code is None), None)
    if consortium is None:
        consortium = Publisher(code=None, name=dict(consortium_name))
        publishers = [consortium, *publishers]
    else:
        publishers = [consortium, *(p for p in publishers if p.code is not None)]

    graph = Graph()
    _bind(graph)
    stamp = _stamp(modified)
    catalog_doc = f"{base}{OPEN_DATA_PATH}/catalog"
    catalog = _typed(graph, URIRef(f"{catalog_doc}#catalog"), DCAT.Catalog)
    title, description = _catalog_texts(consortium_name)
    _lang_literals(graph, catalog, DCTERMS.title, title)
    _lang_literals(graph, catalog, DCTERMS.description, description)
    graph.add((catalog, FOAF.homepage, _typed(graph, URIRef(f"{base}/"), FOAF.Document)))
    graph.add((catalog, DCTERMS.issued, stamp))
    graph.add((catalog, DCTERMS.modified, stamp))
    graph.add((catalog, DCTERMS.license, _typed(graph, LICENCE, DCTERMS.LicenseDocument)))
    graph.add((catalog, DCTERMS.spatial, _typed(graph, MOROCCO, DCTERMS.Location)))
    graph.add((catalog, DCAT.themeTaxonomy, _typed(graph, THEME_SCHEME, SKOS.ConceptScheme)))
    for lang in LANGS:
        graph.add((catalog, DCTERMS.language,
                   _typed(graph, LANGUAGES[lang], DCTERMS.LinguisticSystem)))
    _typed(graph, PUBLIC_ACCESS, DCTERMS.RightsStatement)
    _typed(graph, CONTINUOUS, DCTERMS.Frequency)

    for publisher in publishers:
        agent = _add_agent(graph, catalog_doc, publisher)
        if publisher.code is None:
            graph.add((catalog, DCTERMS.publisher, agent))
        contact = _add_contact(graph, catalog_doc, publisher, base, contact_email)
        location = _add_location(graph, catalog_doc, publisher)
        for kind in DATASET_KINDS:
            dataset = _add_dataset(graph, base=base, kind=kind, publisher=publisher,
                                   agent=agent, contact=contact, location=location,
                                   stamp=stamp)
            graph.add((catalog, DCAT.dataset, dataset))
    return graph


def serialize(graph: Graph, fmt: str) -> bytes:
    """The graph as UTF-8 JSON-LD (fmt "json-ld") or Turtle (fmt "turtle")."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {sorted(FORMATS)}")
    if fmt == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in graph.namespaces()
                   if prefix in ("dcat", "dct", "foaf", "skos", "vcard", "xsd")}
        return graph.serialize(format="json-ld", context=context, auto_compact=True,
                               indent=2, encoding="utf-8")
    return graph.serialize(format="turtle", encoding="utf-8")
