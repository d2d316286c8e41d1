"""The petition decision's PDF, for an agent of the petitions service or the petition's
representative only; anyone else gets 404 (no hint that it exists), logged."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from counter.db import session_scope
from counter.domain.identifiers import parse_row_id
from counter.domain.petitions import PetitionError
from counter.i18n import normalize_lang
from counter.logs import log_event
from counter.services.petition_decision_pdf import render_petition_decision
from counter.services.petitions_council import decision_document


def _pdf(request: Request, petition_id: int) -> tuple[str, bytes] | None:
    from counter.api.routes import _caller

    lang = normalize_lang(request.cookies.get("counter_lang"))
    with session_scope() as session:
        account = _caller(session, request)
        try:
            if account is None:
                raise PetitionError("petition.forbidden")
            doc = decision_document(session, account=account, petition_id=petition_id,
                                    lang=lang)
        except PetitionError:
            log_event("access_refused", route="petition_decision", target=petition_id,
                      account=account.id if account else None,
                      client=request.client.host if request.client else "")
            return None
    return doc.code, render_petition_decision(doc)


async def petition_decision(request: Request) -> Response:
    from counter.api.routes import _not_found, _private_headers, content_disposition

    petition_id = parse_row_id(request.path_params["petition_id"])
    found = await run_in_threadpool(_pdf, request, petition_id) if petition_id else None
    if found is None:
        return _not_found()
    code, body = found
    return Response(body, media_type="application/pdf", headers=_private_headers(
        content_disposition(f"decision-petition-{code}.pdf")))


routes = [Route("/api/petitions/{petition_id}/decision.pdf", petition_decision,
                methods=["GET"])]
