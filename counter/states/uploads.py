"""Uploading a listed document to one's own dossier: shared by filing and answering."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session

from counter.db import session_scope
from counter.domain.forms import params_of
from counter.domain.lifecycle import Status
from counter.i18n import normalize_lang, t
from counter.logs import log_event
from counter.models import Account, Dossier
from counter.services import dossiers as service
from counter.services import storage
from counter.services.documents import (
    ALLOWED_TYPES,
    DocumentRejected,
    max_upload_mb,
    receive_upload,
)
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
    which refreshes `documents` and calls `_offer_uploads`.
    """

    FILING_ROLES: ClassVar[tuple[str, ...]] = APPLICANT_ROLES

    dossier_id: int = 0
    documents: list[dict[str, str]] = []
    # The listed documents one may send now (code, label, what a new file does to it): all
    # of them in a draft; in an answer, those the complement request asked for.
    upload_targets: list[dict[str, str]] = []
    upload_target: str = ""
    upload_error: str = ""
    upload_progress: int = -1
    # One of each per file sent, whatever order they arrive in: the progress shows while
    # an upload has started and not finished (a late progress event cannot bring it back).
    uploads_started: int = 0
    uploads_finished: int = 0
    # Changes after each upload and removal: the zone (and its file input) starts afresh,
    # so the same file can be chosen again.
    upload_round: int = 0

    def _load(self, session: Session, account: Account) -> object:
        raise NotImplementedError

    def _reset_uploads(self) -> None:
        self.upload_error, self.upload_progress = "", -1
        self.uploads_started = self.uploads_finished = 0
        self.upload_round += 1

    def _offer_uploads(self, session: Session, dossier: Dossier) -> None:
        """The documents one may send now; a choice made stays, else only a missing one is
        preselected (service.upload_choices)."""
        lang = normalize_lang(self.lang)
        codes, preselected = service.upload_choices(session, dossier)
        by_code = {doc["code"]: doc for doc in self.documents}
        answering = dossier.status == Status.INFO_REQUESTED
        self.upload_targets = [
            {
                "code": code,
                "label": by_code[code]["label"],
                "effect": (t("filing.will_add", lang) if answering
                           else t("filing.will_replace", lang, name=by_code[code]["file_name"])
                           if by_code[code]["file_id"] else ""),
            }
            for code in codes if code in by_code
        ]
        if self.upload_target not in codes:
            self.upload_target = preselected

    @rx.var
    def uploading(self) -> bool:
        return self.uploads_started > self.uploads_finished

    @rx.var
    def upload_effect(self) -> str:
        """What the file about to be sent does: replace the one sent before, or add."""
        return next((d["effect"] for d in self.upload_targets
                     if d["code"] == self.upload_target), "")

    @rx.event
    def set_upload_target(self, code: str):
        if code in {d["code"] for d in self.upload_targets}:
            self.upload_target = code
            self.upload_error = ""

    @rx.event
    def upload_started(self):
        self.uploads_started += 1
        self.upload_progress, self.upload_error = 0, ""

    @rx.event
    def upload_progressed(self, progress: dict):
        self.upload_progress = int(float(progress.get("progress", 0)) * 100)

    @rx.event
    def upload_refused(self, rejections: list[dict[str, Any]]):
        """A file the browser refused before sending it (its type or its size)."""
        lang = normalize_lang(self.lang)
        codes = {str(error.get("code", "")) for rejection in rejections[:5]
                 for error in (rejection.get("errors") or [])[:5] if isinstance(error, dict)}
        if "file-too-large" in codes:
            self.upload_error = t("error.file_too_large", lang,
                                  max_mb=max_upload_mb(get_settings()))
        else:
            self.upload_error = t("error.file_type", lang, types=ALLOWED_TYPES)
        self.upload_round += 1

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Check and store the file (streamed), then attach it to the chosen document."""
        account = self._require(*self.FILING_ROLES)
        try:
            if account is None:
                return
            lang = normalize_lang(self.lang)
            target, self.upload_error = self.upload_target, ""
            for upload in files[:1]:
                if not target:
                    self.upload_error = t("error.choose_document", lang)
                    break
                try:
                    received = await receive_upload(upload.read,
                                                    original_name=upload.filename or "",
                                                    settings=get_settings())
                except DocumentRejected as error:
                    self.upload_error = message(error.code, lang, error.params)
                    log_event("upload_refused", reason=error.code, account=account.id)
                    continue
                try:
                    with session_scope() as session:
                        service.attach_document(session, account=account,
                                                dossier_id=self.dossier_id, doc_code=target,
                                                received=received)
                    self.upload_target = ""  # sent: the next missing document is offered
                except service.DossierError as error:
                    storage.remove(received.stored_name)
                    self.upload_error = message(error.code, lang)
            with session_scope() as session:
                self._load(session, account)
        finally:
            self.uploads_finished += 1
            self.upload_round += 1
