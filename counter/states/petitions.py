"""Petitions as citizens see them: the public register, a petition's page (signing and
withdrawing a signature there), drafting one, the invitations and a promoter's steps
(publish, deposit with its receipt). Thin: every rule and refusal is services.petitions'."""

from __future__ import annotations

from typing import Any

import reflex as rx

from counter.db import session_scope
from counter.domain.identifiers import parse_row_id
from counter.domain.names import pick
from counter.domain.petitions import PetitionError, SignerBasis
from counter.i18n import format_date, normalize_lang, t
from counter.logs import log_event
from counter.services import petition_views as views
from counter.services import petitions as service
from counter.settings import get_settings
from counter.states.session import SessionState

SIGNER_ROLES = ("citizen", "business")
BASES = (SignerBasis.RESIDENCE.value, SignerBasis.ACTIVITY.value)


def status_label(status: str, lang: str) -> str:
    return t(f"petitions.status_{status}", lang)


def refusal(error: PetitionError, lang: str) -> str:
    """A service's refusal as its message in the reader's language."""
    return t(error.code, lang, **error.params)


def register_view(row: dict[str, Any], region_names: dict[str, str], lang: str) -> dict[str, str]:
    """A register row as the screen shows it: words and dates in the reader's language."""
    count = row["signatures"]
    return {
        "id": str(row["id"]), "title": row["title"], "status": row["status"],
        "status_label": status_label(row["status"], lang), "region": pick(region_names, lang),
        "published_on": format_date_iso(row["published_on"], lang),
        "closes_on": format_date_iso(row["closes_on"], lang),
        "deposited_on": format_date_iso(row["deposited_on"], lang),
        "count": "" if count is None else t("petitions.count_of", lang, n=count,
                                            minimum=row["minimum"]),
        "href": f"{views.PUBLIC_PATH}/{row['id']}",
    }


def format_date_iso(day: str | None, lang: str) -> str:
    from datetime import date

    return format_date(date.fromisoformat(day), lang) if day else ""


def province_bars(row: dict[str, Any], names: dict[str, dict[str, str]],
                  lang: str) -> list[dict[str, str]]:
    """Each province's count against the spread rule, with the bar's width (a share of the
    largest of the counts and the minimum, so the minimum's mark is on the same scale)."""
    need = row["per_province_minimum"] or 0
    counts = row["per_province"]
    top = max([need, *counts.values(), 1])
    return [{
        "name": pick(names.get(code, {}), lang, code), "count": str(n), "minimum": str(need),
        "met": "yes" if n >= need else "no",
        "met_label": t("petitions.province_met" if n >= need else "petitions.province_short",
                       lang),
        "width": f"{100 * n / top:.1f}%", "mark": f"{100 * need / top:.1f}%",
    } for code, n in counts.items()]


# The form field next to which a service's refusal is shown (else at the top).
FIELD_OF = {
    "petition.title_required": "title", "petition.request_required": "request",
    "petition.reasons_text_required": "reasons", "petition.region_unknown": "region",
    "petition.text_too_long": "", "petition.representatives_distinct": "deputy",
    "petition.representative_not_citizen": "representative",
}


class PetitionsState(SessionState):
    """One state for the four petition screens (a tab holds every state: one, not four,
    keeps it light). `view` holds a petition page's texts; `rows` and `options` are the
    list and the choices of whichever petition screen is shown."""

    rows: list[dict[str, str]] = []
    options: list[list[str]] = []
    region: str = ""
    view: dict[str, str] = {}
    facts: list[list[str]] = []
    provinces: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    error: str = ""
    notice: str = ""
    petition_id: int = 0
    found: bool = True
    signed: bool = False

    def _fill_register(self) -> None:
        lang = normalize_lang(self.lang)
        with session_scope() as session:
            names = {r.code: r.names for r in views.regions(session)}
            self.options = [[code, pick(n, lang)] for code, n in names.items()]
            region = self.region if self.region in names else None
            self.rows = [register_view(row, names[row["region"]], lang)
                         for row in service.register_rows(session, region)]

    @rx.event
    def load_register(self):
        self._load_user()
        self._fill_register()

    @rx.event
    def set_region(self, region: str):
        self.region = "" if region == "all" else str(region)[:8]
        self._fill_register()

    def _fill_page(self, session) -> bool:  # noqa: ANN001
        lang = normalize_lang(self.lang)
        row = views.public_petition(session, self.petition_id) if self.petition_id else None
        self.found = row is not None
        if row is None:
            self.view = {}
            return False
        self.facts = [[key, t(label, lang), format_date_iso(row[key], lang)] for key, label in (
            ("published_on", "petitions.published_on"), ("closes_on", "petitions.closes_on"),
            ("deposited_on", "petitions.deposited_on"), ("decided_on", "petitions.decided_on"),
            ("answered_on", "petitions.answered_on")) if row[key]]
        decision = ""
        if row["status"] in ("admissible", "answered") and row["committee"]:
            decision = t("petitions.admissible_text", lang, committee=row["committee"],
                         date=format_date_iso(row["session_on"], lang))
        elif row["status"] == "refused":
            decision = t("petitions.refused_text", lang, reasons=row["refusal_reasons"] or "")
        share = f"{get_settings().public_url.rstrip('/')}{views.PUBLIC_PATH}/{self.petition_id}"
        self.view = {
            "title": row["title"], "request": row["request"], "reasons": row["reasons"],
            "lang": row["lang"], "status": row["status"],
            "status_label": status_label(row["status"], lang),
            "region": pick(row["region_names"], lang),
            "collecting": "yes" if row["status"] == "collecting" else "",
            "count": t("petitions.count_of", lang, n=row["signatures"] or 0,
                       minimum=row["minimum"]),
            "threshold": t("petitions.threshold_rule", lang, minimum=row["minimum"],
                           per_province=row["per_province_minimum"],
                           reference=row["legal_reference"]),
            "answer": row["answer"] or "", "decision": decision, "share_url": share,
            "qr_src": views.qr_image(share),
        }
        self.provinces = province_bars(row, views.province_names(session, row["region_id"]),
                                       lang)
        self.options = [[str(pid), pick(names, lang)] for pid, names in
                        views.province_choices(session, row["region_id"])]
        return True

    def _refresh(self) -> None:
        account = self._load_user()
        with session_scope() as session:
            if self._fill_page(session) and account is not None:
                self.signed = views.has_signed(session, account, self.petition_id)
            else:
                self.signed = False

    @rx.event
    def load_page(self):
        self.petition_id = parse_row_id(self.router.page.params.get("code", "")) or 0
        self.errors, self.notice = {}, ""
        self._refresh()

    @rx.event
    def sign(self, form: dict):
        """Sign with the explicit statement; the service decides who may."""
        account = self._require(*SIGNER_ROLES)
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        basis = str(form.get("basis", ""))[:16]
        province = parse_row_id(str(form.get("province", "")))
        try:
            with session_scope() as session:
                service.sign(session, account=account, petition_id=self.petition_id,
                             province_id=province, basis=basis if basis in BASES else "",
                             statement=form.get("statement") in ("on", True, "true"))
        except PetitionError as error:
            self.errors, self.notice = {"sign": refusal(error, lang)}, ""
            log_event("petition_sign_refused", reason=error.code, account=account.id)
            return
        self.errors, self.notice = {}, t("petitions.signed_notice", lang)
        self._refresh()

    @rx.event
    def withdraw_signature(self):
        account = self._require(*SIGNER_ROLES)
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        try:
            with session_scope() as session:
                service.withdraw_signature(session, account=account,
                                           petition_id=self.petition_id)
        except PetitionError as error:
            self.errors, self.notice = {"sign": refusal(error, lang)}, ""
            return
        self.errors, self.notice = {}, t("petitions.withdrawn_notice", lang)
        self._refresh()

    @rx.event
    def load_draft(self):
        account = self._load_user()
        if account is None or account.role != "citizen":
            return self._to_signin()
        lang = normalize_lang(self.lang)
        self.errors, self.error = {}, ""
        with session_scope() as session:
            self.options = [[str(r.id), pick(r.names, lang)]
                                   for r in views.regions(session)]

    @rx.event
    def submit(self, form: dict):
        """Draft, then invite the representative and the deputy found by e-mail or CIN."""
        account = self._require("citizen")
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        errors: dict[str, str] = {}
        with session_scope() as session:
            invitees = {}
            for role in ("representative", "deputy"):
                found = views.find_citizen(session, str(form.get(role, "")))
                if found is None:
                    errors[role] = t("petitions.invitee_unknown", lang)
                elif found.id == account.id:
                    errors[role] = t("petitions.invitee_self", lang)
                invitees[role] = found
            if errors:
                self.errors, self.error = errors, ""
                return
            try:
                petition = service.draft_petition(
                    session, author=account, region_id=parse_row_id(str(form.get("region", "")))
                    or 0, title=str(form.get("title", ""))[:400],
                    request=str(form.get("request", ""))[:20_000],
                    reasons=str(form.get("reasons", ""))[:20_000], lang=lang)
                service.invite_representatives(
                    session, author=account, petition_id=petition.id,
                    representative_id=invitees["representative"].id,
                    deputy_id=invitees["deputy"].id)
            except PetitionError as error:
                session.rollback()
                field = FIELD_OF.get(error.code)
                self.errors = {field: refusal(error, lang)} if field else {}
                self.error = "" if field else refusal(error, lang)
                return
        self.errors, self.error = {}, ""
        return rx.redirect("/petitions/mine")

    def _fill_mine(self, account) -> None:  # noqa: ANN001
        lang = normalize_lang(self.lang)
        with session_scope() as session:
            self.rows = [{
                "id": str(p.id), "title": p.title, "status": p.status,
                "status_label": status_label(p.status, lang),
                "role": t(f"petitions.role_{p.role}", lang), "region": pick(p.region_names, lang),
                "pending": "yes" if p.invitation_pending else "",
                "can_publish": "yes" if p.status == "awaiting_reps" and p.both_accepted
                and p.role in ("author", "representative") else "",
                "can_deposit": "yes" if p.status == "collecting"
                and p.role in ("representative", "deputy") else "",
                "tracking_code": p.tracking_code or "",
                "href": f"{views.PUBLIC_PATH}/{p.id}",
            } for p in views.my_petitions(session, account)]

    @rx.event
    def load_mine(self):
        account = self._load_user()
        if account is None or account.role != "citizen":
            return self._to_signin()
        self.error, self.notice, self.view = "", "", {}
        self._fill_mine(account)

    def _act(self, action, notice: str, **kwargs) -> Any:  # noqa: ANN001, ANN401
        account = self._require("citizen")
        if account is None:
            return self._to_signin()
        lang = normalize_lang(self.lang)
        try:
            with session_scope() as session:
                result = action(session, account=account, **kwargs)
        except PetitionError as error:
            self.error, self.notice = refusal(error, lang), ""
            self._fill_mine(account)
            return None
        self.error, self.notice = "", t(notice, lang)
        self._fill_mine(account)
        return result

    @rx.event
    def accept(self, petition_id: str):
        self._act(service.answer_invitation, "petitions.accepted_notice",
                  petition_id=parse_row_id(petition_id) or 0, accept=True)

    @rx.event
    def decline(self, petition_id: str):
        self._act(service.answer_invitation, "petitions.declined_notice",
                  petition_id=parse_row_id(petition_id) or 0, accept=False)

    @rx.event
    def publish(self, petition_id: str):
        self._act(service.publish, "petitions.published_notice",
                  petition_id=parse_row_id(petition_id) or 0)

    @rx.event
    def deposit(self, petition_id: str):
        """Deposit and hand over the receipt at once: its PIN is shown only there."""
        lang = normalize_lang(self.lang)
        pid = parse_row_id(petition_id) or 0

        def deposit_with_receipt(session, *, account):  # noqa: ANN001, ANN202
            receipt = service.deposit(session, account=account, petition_id=pid)
            return receipt.tracking_code, views.deposit_receipt(
                session, account=account, petition_id=pid, receipt=receipt, lang=lang)

        result = self._act(deposit_with_receipt, "petitions.deposited_notice")
        if isinstance(result, tuple):
            code, pdf = result
            self.view = {"receipt_code": code}
            return rx.download(data=pdf, filename=f"recu-petition-{code}.pdf")
        return result
