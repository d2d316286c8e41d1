"""HTTP routes beside the Reflex app: authorized downloads of documents, receipts and
decisions, and the public open data (counter.api.opendata).

Every private route looks the caller up from the session cookie on the server and applies
the rules of services.access; a refusal answers 404 (no hint that the thing exists) and is
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
from counter.api.petitions_council import routes as petition_council_routes
from counter.api.session import routes as session_routes
from counter.db import session_scope
from counter.domain.identifiers import parse_row_id
from counter.logs import log_event
from counter.metrics import routes as metrics_routes
from counter.models import Account, Document, Dossier
from counter.services import storage
from counter.services.access import can_get_decision, can_get_receipt, can_read_document
from counter.services.accounts import account_for_token
from counter.services.sessions import SESSION_COOKIE

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


# The two PDFs of a dossier: which column holds the file, who may have it, its name.
DOSSIER_PDFS = {
    "receipt": ("receipt_name", can_get_receipt, "recu"),
    "decision": ("decision_name", can_get_decision, "decision"),
}


def _find_dossier_pdf(request: Request, dossier_id: int, kind: str) -> tuple[str, Path] | None:
    column, allowed, _prefix = DOSSIER_PDFS[kind]
    with session_scope() as session:
        account = _caller(session, request)
        dossier = session.get(Dossier, dossier_id)
        if not allowed(account, dossier) or not getattr(dossier, column):
            log_event("access_refused", route=kind, target=dossier_id,
                      account=account.id if account else None,
                      client=request.client.host if request.client else "")
            return None
        return dossier.tracking_code, storage.private_path(getattr(dossier, column))


def dossier_pdf(kind: str):  # noqa: ANN201
    async def route(request: Request) -> Response:
        dossier_id = parse_row_id(request.path_params["dossier_id"])
        found = (await run_in_threadpool(_find_dossier_pdf, request, dossier_id, kind)
                 if dossier_id else None)
        if found is None or not found[1].exists():
            return _not_found()
        code, path = found
        name = f"{DOSSIER_PDFS[kind][2]}-{code}.pdf"
        return FileResponse(path, media_type="application/pdf",
                            headers=_private_headers(content_disposition(name)))

    return route


api = Starlette(
    routes=[
        Route("/api/documents/{document_id}", document_file, methods=["GET"]),
        Route("/api/dossiers/{dossier_id}/receipt.pdf", dossier_pdf("receipt"), methods=["GET"]),
        Route("/api/dossiers/{dossier_id}/decision.pdf", dossier_pdf("decision"),
              methods=["GET"]),
        *opendata_routes,
        *petition_council_routes,
        *session_routes,
        *metrics_routes,
    ]
)
