"""Uploading a listed document to one's own dossier: shared by filing and answering."""

from __future__ import annotations

from typing import ClassVar

import reflex as rx
from sqlmodel import Session

from counter.db import session_scope
from counter.domain.forms import params_of
from counter.i18n import normalize_lang, t
from counter.logs import log_event
from counter.models import Account
from counter.services import dossiers as service
from counter.services import storage
from counter.services.documents import DocumentRejected, receive_upload
from counter.settings import get_settings

APPLICANT_ROLES = ("citizen", "business")


def message(code: str, lang: str, params: dict | None = None) -> str:
    """The message `code` as people read it: its placeholders filled from `params` and from
    what the key carries (a field's bounds)."""
    values = {**params_of(code), **(params or {})}
    try:
        return t(code, lang, **values)
    except (KeyError, IndexError):
        return t(code, lang)


class DocumentUploadMixin(rx.State, mixin=True):
    """The upload zone: which listed document, the progress bar, the refusal message.

    The state using it provides `_require` (SessionState) and `_load(session, account)`,
    which refreshes `documents` and what else the page shows.
    """

    FILING_ROLES: ClassVar[tuple[str, ...]] = APPLICANT_ROLES

    dossier_id: int = 0
    documents: list[dict[str, str]] = []
    # The listed documents one may send now: all of them in a draft; in an answer, those
    # the complement request asked for.
    upload_targets: list[dict[str, str]] = []
    upload_target: str = ""
    upload_error: str = ""
    upload_progress: int = -1

    def _load(self, session: Session, account: Account) -> object:
        raise NotImplementedError

    @rx.event
    def set_upload_target(self, code: str):
        if code in {d["code"] for d in self.upload_targets}:
            self.upload_target = code

    @rx.event
    def upload_progressed(self, progress: dict):
        self.upload_progress = int(float(progress.get("progress", 0)) * 100)

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Check and store the file (streamed), then attach it to the chosen document."""
        account = self._require(*self.FILING_ROLES)
        self.upload_progress = -1
        if account is None:
            return
        lang = normalize_lang(self.lang)
        self.upload_error = ""
        for upload in files[:1]:
            try:
                received = await receive_upload(upload.read, original_name=upload.filename or "",
                                                settings=get_settings())
            except DocumentRejected as error:
                self.upload_error = message(error.code, lang, error.params)
                log_event("upload_refused", reason=error.code, account=account.id)
                continue
            try:
                with session_scope() as session:
                    service.attach_document(session, account=account, dossier_id=self.dossier_id,
                                            doc_code=self.upload_target, received=received)
            except service.DossierError as error:
                storage.remove(received.stored_name)
                self.upload_error = message(error.code, lang)
        with session_scope() as session:
            self._load(session, account)
