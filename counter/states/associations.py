"""An association's profile for the citizen who represents it, thin: the form, the list of
their associations, the upload of its statutes and registration receipt."""

from __future__ import annotations

from typing import Any, ClassVar

import reflex as rx
from sqlmodel import Session, select

from counter.db import session_scope
from counter.domain.identifiers import parse_row_id
from counter.domain.names import pick
from counter.domain.petitions import PetitionError
from counter.i18n import normalize_lang, t
from counter.logs import log_event
from counter.models import Account, Region
from counter.services import associations as service
from counter.services import storage
from counter.services.documents import DocumentRejected, receive_upload
from counter.settings import get_settings
from counter.states.session import SessionState
from counter.states.uploads import DocumentUploadMixin, message

CITIZEN = "citizen"


class AssociationState(DocumentUploadMixin, SessionState):
    FILING_ROLES: ClassVar[tuple[str, ...]] = (CITIZEN,)

    rows: list[dict[str, Any]] = []
    region_options: list[list[str]] = []
    association_options: list[list[str]] = []
    association_id: str = ""
    errors: dict[str, str] = {}
    notice: str = ""
    form_key: int = 0

    def _load(self, session: Session, account: Account) -> None:
        lang = normalize_lang(self.lang)
        self.rows = service.profiles(session, account=account, lang=lang)
        self.region_options = [[str(r.id), pick(r.names, lang)] for r in session.exec(
            select(Region).order_by(Region.code)).all()]
        self.association_options = [[row["id"], row["name"]] for row in self.rows]
        ids = [row["id"] for row in self.rows]
        if self.association_id not in ids:
            self.association_id = ids[-1] if ids else ""
        chosen = next((row for row in self.rows if row["id"] == self.association_id), None)
        self.documents = []
        self.upload_targets = [{
            "code": doc["code"], "label": doc["label"],
            "effect": t("association.will_replace", lang, name=doc["file"]) if doc["file"]
            else ""} for doc in (chosen["documents"] if chosen else [])]
        codes = [d["code"] for d in self.upload_targets]
        if self.upload_target not in codes:
            missing = [d["code"] for d in (chosen["documents"] if chosen else [])
                       if not d["file"]]
            self.upload_target = missing[0] if missing else ""

    @rx.event
    def load(self):
        account = self._load_user()
        if account is None or account.role != CITIZEN:
            return self._to_signin()
        self.errors, self.notice = {}, ""
        self._reset_uploads()
        with session_scope() as session:
            self._load(session, account)
        return None

    @rx.event
    def choose_association(self, value: str):
        account = self._require(CITIZEN)
        if account is None:
            return
        self.association_id, self.upload_target = str(value)[:10], ""
        with session_scope() as session:
            self._load(session, account)

    @rx.event
    def register(self, form: dict):
        account = self._require(CITIZEN)
        if account is None:
            return
        lang = normalize_lang(self.lang)
        self.errors, self.notice = {}, ""
        branches = [parse_row_id(key.removeprefix("branch_")) for key, value in form.items()
                    if str(key).startswith("branch_") and value]
        try:
            with session_scope() as session:
                saved = service.register(
                    session, representative=account, name=str(form.get("name", ""))[:200],
                    number=str(form.get("number", ""))[:64],
                    registered_on=str(form.get("registered_on", ""))[:10],
                    seat_region_id=parse_row_id(form.get("seat")),
                    branch_region_ids=[b for b in branches if b])
                self.association_id = str(saved.id)
        except PetitionError as error:
            self.errors = {"form": t(error.code, lang, **error.params)}
            log_event("association_refused", reason=error.code, account=account.id)
            return
        log_event("association_registered", account=account.id)
        self.notice, self.upload_target = t("association.registered", lang), ""
        self.form_key += 1
        with session_scope() as session:
            self._load(session, account)

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """The chosen document of the chosen association: checked and stored, then kept on
        its profile (a refusal says why, nothing is kept)."""
        account = self._require(CITIZEN)
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
                        service.attach_document(
                            session, account=account,
                            association_id=parse_row_id(self.association_id) or 0,
                            doc_code=target, received=received)
                    self.upload_target = ""
                except PetitionError as error:
                    storage.remove(received.stored_name)
                    self.upload_error = t(error.code, lang)
            with session_scope() as session:
                self._load(session, account)
        finally:
            self.uploads_finished += 1
            self.upload_round += 1
