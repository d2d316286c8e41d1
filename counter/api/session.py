"""The session cookie, set and cleared by the server (SECURITY 27).

`POST /api/session` {"ticket": ...}: the page sends the ticket its sign-in handler gave it
(services.sessions) and gets `Set-Cookie: counter_session=...; HttpOnly; SameSite=Strict`
(`Secure` over https). `POST /api/session/end`: the session of the cookie ends and the
cookie is cleared. Both only from the product's own pages (same origin, JSON body), so
another site cannot sign a visitor in to an account of its choosing.
"""

from __future__ import annotations

import json
from urllib.parse import urlparse

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from counter.db import session_scope
from counter.logs import log_event
from counter.services.accounts import close_session
from counter.services.sessions import SESSION_COOKIE, cookie_header, redeem_ticket
from counter.settings import get_settings

_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _from_our_pages(request: Request) -> bool:
    """A JSON POST whose Origin, if the browser sent one, is this site's."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return request.headers.get("sec-fetch-site") in (None, "same-origin")
    ours = {urlparse(get_settings().public_url).netloc, request.headers.get("host", "")}
    parsed = urlparse(origin)
    return parsed.scheme in ("http", "https") and parsed.netloc in ours


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


def _redeem(ticket: str) -> str | None:
    with session_scope() as session:
        return redeem_ticket(session, ticket)


async def open_cookie(request: Request) -> Response:
    if not _from_our_pages(request):
        log_event("session_cookie_refused", reason="origin", client=_client(request))
        return Response(status_code=403, headers=_NO_STORE)
    try:
        body = json.loads((await request.body())[:1024] or b"{}")
    except ValueError:
        body = {}
    ticket = body.get("ticket") if isinstance(body, dict) else None
    token = await run_in_threadpool(_redeem, ticket if isinstance(ticket, str) else "")
    if token is None:
        log_event("session_cookie_refused", reason="ticket", client=_client(request))
        return Response(status_code=400, headers=_NO_STORE)
    return Response(status_code=204, headers={**_NO_STORE, "Set-Cookie": cookie_header(token)})


def _close(token: str) -> None:
    with session_scope() as session:
        close_session(session, token)


async def end_cookie(request: Request) -> Response:
    if not _from_our_pages(request):
        return Response(status_code=403, headers=_NO_STORE)
    token = request.cookies.get(SESSION_COOKIE, "")
    if token:
        await run_in_threadpool(_close, token)
    return Response(status_code=204, headers={**_NO_STORE, "Set-Cookie": cookie_header("")})


routes = [
    Route("/api/session", open_cookie, methods=["POST"]),
    Route("/api/session/end", end_cookie, methods=["POST"]),
]
