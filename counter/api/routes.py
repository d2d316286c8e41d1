"""HTTP routes beside the Reflex app: authorized downloads of documents and receipts.

Every route looks the caller up from the session cookie on the server and applies the
rules of services.access; a refusal answers 404 (no hint that the thing exists) and is
logged.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from counter.api.opendata import routes as opendata_routes
from counter.db import session_scope
from counter.domain.identifiers import parse_row_id
from counter.logs import log_event
from counter.models import Account, Document, Dossier
from counter.services import storage
from counter.services.access import can_read_document, can_read_dossier
from counter.services.accounts import account_for_token

SESSION_COOKIE = "counter_session"
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "application/pdf"})
_UNSAFE_ASCII = re.compile(r'[^A-Za-z0-9._ -]')


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """RFC 6266: an ASCII fallback plus the UTF-8 name, neither able to break the header."""
    name = "".join(ch for ch in unicodedata.normalize("NFC", filename or "document")
                   if unicodedata.category(ch)[0] != "C")
    fallback = _UNSAFE_ASCII.sub("_", unicodedata.normalize("NFKD", name)
                                 .encode("ascii", "ignore").decode()) or "document"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback[:150]}\"; filename*=UTF-8''{quote(name[:150], safe='')}"


def _private_headers(disposition: str) -> dict[str, str]:
    return {
        "Content-Disposition": disposition,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        "Content-Security-Policy": (
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
            "frame-ancestors 'self'"
        ),
    }


def _not_found() -> Response:
    return PlainTextResponse("Not found", status_code=404,
                             headers={"X-Content-Type-Options": "nosniff"})


def _caller(session, request: Request) -> Account | None:  # noqa: ANN001
    token = request.cookies.get(SESSION_COOKIE, "")
    return account_for_token(session, token) if token else None


def _find_document(request: Request, document_id: int) -> tuple[Document, Path] | None:
    with session_scope() as session:
        account = _caller(session, request)
        document = session.get(Document, document_id)
        dossier = session.get(Dossier, document.dossier_id) if document else None
        if not can_read_document(account, dossier, document):
            log_event("access_refused", route="document", target=document_id,
                      account=account.id if account else None,
                      client=request.client.host if request.client else "")
            return None
        return document, storage.private_path(document.stored_name)


async def document_file(request: Request) -> Response:
    document_id = parse_row_id(request.path_params["document_id"])
    found = await run_in_threadpool(_find_document, request, document_id) if document_id else None
    if found is None or not found[1].exists():
        return _not_found()
    document, path = found
    inline = request.query_params.get("inline") == "1" and document.content_type in INLINE_TYPES
    return FileResponse(path, media_type=document.content_type,
                        headers=_private_headers(content_disposition(document.original_name,
                                                                     inline=inline)))


def _find_receipt(request: Request, dossier_id: int) -> tuple[str, Path] | None:
    with session_scope() as session:
        account = _caller(session, request)
        dossier = session.get(Dossier, dossier_id)
        # The receipt carries the PIN: only the applicant, or the agent who filed it at the
        # counter (to print it), may have it; the reviewing agents do not need it.
        allowed = can_read_dossier(account, dossier) and (
            dossier.applicant_id == account.id or dossier.filed_by_id == account.id
        )
        if not allowed or not dossier.receipt_name:
            log_event("access_refused", route="receipt", target=dossier_id,
                      account=account.id if account else None,
                      client=request.client.host if request.client else "")
            return None
        return dossier.tracking_code, storage.private_path(dossier.receipt_name)


async def receipt_file(request: Request) -> Response:
    dossier_id = parse_row_id(request.path_params["dossier_id"])
    found = await run_in_threadpool(_find_receipt, request, dossier_id) if dossier_id else None
    if found is None or not found[1].exists():
        return _not_found()
    code, path = found
    return FileResponse(path, media_type="application/pdf",
                        headers=_private_headers(content_disposition(f"recu-{code}.pdf")))


def _find_decision(request: Request, dossier_id: int) -> tuple[str, Path] | None:
    with session_scope() as session:
        account = _caller(session, request)
        dossier = session.get(Dossier, dossier_id)
        allowed = can_read_dossier(account, dossier) or (
            dossier is not None and account is not None and dossier.filed_by_id == account.id)
        if not allowed or not dossier.decision_name:
            log_event("access_refused", route="decision", target=dossier_id,
                      account=account.id if account else None,
                      client=request.client.host if request.client else "")
            return None
        return dossier.tracking_code, storage.private_path(dossier.decision_name)


async def decision_file(request: Request) -> Response:
    dossier_id = parse_row_id(request.path_params["dossier_id"])
    found = await run_in_threadpool(_find_decision, request, dossier_id) if dossier_id else None
    if found is None or not found[1].exists():
        return _not_found()
    code, path = found
    return FileResponse(path, media_type="application/pdf",
                        headers=_private_headers(content_disposition(f"decision-{code}.pdf")))


api = Starlette(
    routes=[
        Route("/api/documents/{document_id}", document_file, methods=["GET"]),
        Route("/api/dossiers/{dossier_id}/receipt.pdf", receipt_file, methods=["GET"]),
        Route("/api/dossiers/{dossier_id}/decision.pdf", decision_file, methods=["GET"]),
        *opendata_routes,
    ]
)
