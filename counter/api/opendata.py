"""Open data over HTTP: public, anonymous (SECURITY 24), cacheable, readable from any origin.

`from` and `to` (YYYY-MM-DD, `to` excluded) choose the period. The per-dossier export streams:
Starlette iterates the synchronous generator in its thread pool, one chunk at a time, while
the database hands rows over in batches.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from counter.db import session_scope
from counter.i18n import negotiate, t
from counter.services.opendata import (
    DOSSIER_FIELDS,
    INDICATOR_FIELDS,
    OPEN_DATA_PATH,
    csv_chunks,
    datapackage,
    dossier_rows,
    indicator_rows,
    json_chunks,
    parse_day,
)
from counter.settings import get_settings

CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
PUBLIC_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Cache-Control": "public, max-age=300",
    "X-Content-Type-Options": "nosniff",
}


class BadPeriod(ValueError):
    pass


def _period(request: Request) -> tuple[date | None, date | None]:
    lang = negotiate(request.headers.get("accept-language"))
    days: dict[str, date | None] = {}
    for name in ("from", "to"):
        raw = request.query_params.get(name, "")
        try:
            days[name] = parse_day(raw) if raw.strip() else None
        except ValueError:
            raise BadPeriod(t("opendata.error_date", lang, param=name)) from None
    if days["from"] and days["to"] and days["to"] <= days["from"]:
        raise BadPeriod(t("opendata.error_period", lang))
    return days["from"], days["to"]


def _bad_request(error: BadPeriod) -> Response:
    return PlainTextResponse(str(error), status_code=400, headers={
        "Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store"})


def _filename(stem: str, date_from: date | None, date_to: date | None, ext: str) -> str:
    parts = [stem] + [day.isoformat() for day in (date_from, date_to) if day is not None]
    return f"{'_'.join(parts)}.{ext}"


def _attachment(filename: str) -> dict[str, str]:
    # The name is built here from ASCII words and ISO dates: nothing to escape.
    return {**PUBLIC_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'}


def _indicators(date_from: date | None, date_to: date | None) -> list[dict[str, Any]]:
    with session_scope() as session:
        return indicator_rows(session, date_from=date_from, date_to=date_to)


async def indicators_json(request: Request) -> Response:
    try:
        date_from, date_to = _period(request)
    except BadPeriod as error:
        return _bad_request(error)
    rows = await run_in_threadpool(_indicators, date_from, date_to)
    return Response("".join(json_chunks(INDICATOR_FIELDS, rows)), media_type=JSON_TYPE,
                    headers=PUBLIC_HEADERS)


async def indicators_csv(request: Request) -> Response:
    try:
        date_from, date_to = _period(request)
    except BadPeriod as error:
        return _bad_request(error)
    rows = await run_in_threadpool(_indicators, date_from, date_to)
    return Response("".join(csv_chunks(INDICATOR_FIELDS, rows)), media_type=CSV_TYPE,
                    headers=_attachment(_filename("indicateurs", date_from, date_to, "csv")))


def _dossiers_csv(date_from: date | None, date_to: date | None) -> Iterator[str]:
    """Runs chunk by chunk in the thread pool; the session lives as long as the download."""
    with session_scope() as session:
        yield from csv_chunks(DOSSIER_FIELDS,
                              dossier_rows(session, date_from=date_from, date_to=date_to))


async def dossiers_csv(request: Request) -> Response:
    try:
        date_from, date_to = _period(request)
    except BadPeriod as error:
        return _bad_request(error)
    return StreamingResponse(_dossiers_csv(date_from, date_to), media_type=CSV_TYPE,
                             headers=_attachment(_filename("dossiers", date_from, date_to,
                                                           "csv")))


async def datapackage_json(request: Request) -> Response:
    try:
        date_from, date_to = _period(request)
    except BadPeriod as error:
        return _bad_request(error)
    descriptor = datapackage(get_settings().public_url, date_from, date_to)
    return Response(json.dumps(descriptor, ensure_ascii=False, indent=2), media_type=JSON_TYPE,
                    headers=PUBLIC_HEADERS)


routes: list[Route] = [
    Route(f"{OPEN_DATA_PATH}/indicators.json", indicators_json, methods=["GET"]),
    Route(f"{OPEN_DATA_PATH}/indicators.csv", indicators_csv, methods=["GET"]),
    Route(f"{OPEN_DATA_PATH}/dossiers.csv", dossiers_csv, methods=["GET"]),
    Route(f"{OPEN_DATA_PATH}/datapackage.json", datapackage_json, methods=["GET"]),
]
