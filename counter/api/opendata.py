"""Open data over HTTP: public, anonymous (SECURITY 24), cacheable, readable from any origin.

`from` and `to` (YYYY-MM-DD, `to` excluded) choose the period, `region` (a region's code) one
region; a bad value is a 400 in the request's language. The per-dossier export streams:
Starlette iterates the synchronous generator in its thread pool, one chunk at a time, while
the database hands rows over in batches. The DCAT-AP catalogue (JSON-LD, Turtle) lists the
same files, for the consortium and for each region, for harvesters (CKAN's ckanext-dcat).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from counter.db import session_scope
from counter.domain.disclosure import Tally
from counter.i18n import LANGUAGES, negotiate, t
from counter.models import Region
from counter.services import dcat
from counter.services.dashboard import Period, public_figures
from counter.services.opendata import (
    DOSSIER_FIELDS,
    INDICATOR_FIELDS,
    OPEN_DATA_PATH,
    PETITION_FIELDS,
    csv_chunks,
    datapackage,
    dossier_rows,
    dossier_tally,
    indicator_rows,
    json_chunks,
    latest_decision,
    parse_day,
    petition_rows,
    regions,
    report_rows,
)
from counter.settings import get_settings

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
JSON_LD_TYPE = "application/ld+json"
TURTLE_TYPE = "text/turtle; charset=utf-8"
PUBLIC_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "public, max-age=300",
    "X-Content-Type-Options": "nosniff",
}


class BadQuery(ValueError):
    """A parameter the open data cannot answer; the message is in the request's language."""


@dataclass(frozen=True)
class Query:
    date_from: date | None
    date_to: date | None
    region: Region | None  # None: the consortium, every region
    regions: list[Region]


def _language(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"))


def _period(request: Request) -> tuple[date | None, date | None]:
    lang = _language(request)
    days: dict[str, date | None] = {}
    for name in ("from", "to"):
        raw = request.query_params.get(name, "")
        try:
            days[name] = parse_day(raw) if raw.strip() else None
        except ValueError:
            raise BadQuery(t("opendata.error_date", lang, param=name)) from None
    if days["from"] and days["to"] and days["to"] <= days["from"]:
        raise BadQuery(t("opendata.error_period", lang))
    return days["from"], days["to"]


def _regions() -> list[Region]:
    with session_scope() as session:
        return regions(session)


async def _query(request: Request) -> Query:
    """The period and the region asked for, checked (the region against the database)."""
    date_from, date_to = _period(request)
    known = await run_in_threadpool(_regions)
    code = request.query_params.get("region", "").strip()
    region = next((r for r in known if r.code == code), None)
    if code and region is None:
        raise BadQuery(t("figures.error_region", _language(request),
                         codes=", ".join(r.code for r in known)))
    return Query(date_from, date_to, region, known)


def _bad_request(error: BadQuery) -> Response:
    return PlainTextResponse(str(error), status_code=400, headers={
        "Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store"})


def _filename(stem: str, query: Query, ext: str, bom: bool = False) -> str:
    region = [re.sub(r"[^A-Za-z0-9_-]", "", query.region.code)] if query.region else []
    parts = [stem, *region,
             *(day.isoformat() for day in (query.date_from, query.date_to) if day is not None),
             *(["excel"] if bom else [])]
    return f"{'_'.join(parts)}.{ext}"


def _attachment(filename: str) -> dict[str, str]:
    # The name is built here from ASCII words, a region code kept to [A-Za-z0-9_-] and ISO
    # dates: nothing to escape.
    return {**PUBLIC_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'}


def _indicators(query: Query) -> list[dict[str, Any]]:
    """The rows of the period and region asked for. The transparency page's own (the last
    12 months, of one region or of all four) come from the very figures the page shows
    (services.dashboard.public_figures, computed once per few minutes): what a visitor
    downloads from the page is what the page says, even when a decision came in between."""
    code = query.region.code if query.region else ""
    public = Period.last_months()
    if (query.date_from, query.date_to) == (public.date_from, public.date_to):
        return report_rows(public_figures.get(session_scope, code).report)
    with session_scope() as session:
        return indicator_rows(session, date_from=query.date_from, date_to=query.date_to,
                              region=code or None)


def _wants_bom(request: Request) -> bool:
    """`bom=1`: the CSV for a spreadsheet, with UTF-8's byte order mark first."""
    return request.query_params.get("bom", "").strip() == "1"


async def indicators_json(request: Request) -> Response:
    try:
        query = await _query(request)
    except BadQuery as error:
        return _bad_request(error)
    rows = await run_in_threadpool(_indicators, query)
    return Response("".join(json_chunks(INDICATOR_FIELDS, rows)), media_type=JSON_TYPE,
                    headers=PUBLIC_HEADERS)


def _csv_download(stem: str, fields: tuple[str, ...],
                  rows_of: Callable[[Query], list[dict[str, Any]]]) -> Callable:
    """The route of a CSV built whole (`rows_of` the query's rows), named after `stem`."""

    async def route(request: Request) -> Response:
        try:
            query = await _query(request)
        except BadQuery as error:
            return _bad_request(error)
        rows = await run_in_threadpool(rows_of, query)
        bom = _wants_bom(request)
        return Response("".join(csv_chunks(fields, rows, bom=bom)), media_type=CSV_TYPE,
                        headers=_attachment(_filename(stem, query, "csv", bom)))

    return route


indicators_csv = _csv_download("indicateurs", INDICATOR_FIELDS, _indicators)


def _dossiers_csv(query: Query, bom: bool) -> Iterator[str]:
    """Runs chunk by chunk in the thread pool; the session lives as long as the download."""
    with session_scope() as session:
        yield from csv_chunks(DOSSIER_FIELDS, dossier_rows(
            session, date_from=query.date_from, date_to=query.date_to,
            region=query.region.code if query.region else None), bom=bom)


def _tally(query: Query) -> Tally:
    with session_scope() as session:
        return dossier_tally(session, date_from=query.date_from, date_to=query.date_to,
                             region=query.region.code if query.region else None)


def _tally_headers(tally: Tally) -> dict[str, str]:
    """What the file leaves out (SECURITY 35), for whoever computes figures from it."""
    return {"X-Open-Data-Suppressed-Rows": str(tally.suppressed),
            "X-Open-Data-Withheld-Province-Rows": str(tally.withheld)}


async def dossiers_csv(request: Request) -> Response:
    try:
        query = await _query(request)
    except BadQuery as error:
        return _bad_request(error)
    bom = _wants_bom(request)
    tally = await run_in_threadpool(_tally, query)
    return StreamingResponse(_dossiers_csv(query, bom), media_type=CSV_TYPE, headers={
        **_attachment(_filename("dossiers", query, "csv", bom)), **_tally_headers(tally)})


def _petitions(query: Query) -> list[dict[str, Any]]:
    with session_scope() as session:
        return petition_rows(session, query.region.code if query.region else None,
                             query.date_from, query.date_to)


# The petitions published in the period (of the region), one a line.
petitions_csv = _csv_download("petitions", PETITION_FIELDS, _petitions)


async def datapackage_json(request: Request) -> Response:
    try:
        query = await _query(request)
    except BadQuery as error:
        return _bad_request(error)
    tally = await run_in_threadpool(_tally, query)
    descriptor = datapackage(get_settings().public_url, query.date_from, query.date_to,
                             regions=query.regions, region=query.region, tally=tally)
    return Response(json.dumps(descriptor, ensure_ascii=False, indent=2), media_type=JSON_TYPE,
                    headers=PUBLIC_HEADERS)


def _catalog(fmt: str) -> bytes:
    """The DCAT-AP catalogue of the regions in the database. Its time is the latest
    decision's (what changes the figures), or the current hour when none exists yet."""
    with session_scope() as session:
        known = regions(session)
        latest = latest_decision(session)
    settings = get_settings()
    modified = latest or datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    graph = dcat.catalog_graph(
        base_url=settings.public_url,
        publishers=[dcat.Publisher(code=r.code, name=dict(r.names)) for r in known],
        modified=modified,
        consortium_name={lang: t("figures.consortium", lang) for lang in LANGUAGES},
        contact_email=settings.mail_from or None)
    return dcat.serialize(graph, fmt)


async def catalog_jsonld(request: Request) -> Response:
    return Response(await run_in_threadpool(_catalog, "json-ld"), media_type=JSON_LD_TYPE,
                    headers=PUBLIC_HEADERS)


async def catalog_turtle(request: Request) -> Response:
    return Response(await run_in_threadpool(_catalog, "turtle"), media_type=TURTLE_TYPE,
                    headers=PUBLIC_HEADERS)


routes: list[Route] = [
    Route(f"{OPEN_DATA_PATH}/indicators.json", indicators_json, methods=["GET"]),
    Route(f"{OPEN_DATA_PATH}/indicators.csv", indicators_csv, methods=["GET"]),
    Route(f"{OPEN_DATA_PATH}/dossiers.csv", dossiers_csv, methods=["GET"]),
    Route(f"{OPEN_DATA_PATH}/petitions.csv", petitions_csv, methods=["GET"]),
    Route(f"{OPEN_DATA_PATH}/datapackage.json", datapackage_json, methods=["GET"]),
    Route(f"{OPEN_DATA_PATH}/catalog.jsonld", catalog_jsonld, methods=["GET"]),
    Route(f"{OPEN_DATA_PATH}/catalog.ttl", catalog_turtle, methods=["GET"]),
]
