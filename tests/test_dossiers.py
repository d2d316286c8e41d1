"""The dossier service, from draft to submission and after (DOMAIN lifecycle; SECURITY 10-14,
21, 22): plain functions over a Session, the way the Reflex states call them."""

from __future__ import annotations

import asyncio
import copy
import io
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from passlib.context import CryptContext
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen import canvas
from sqlalchemy import Engine, update
from sqlmodel import Session, func, select

from counter import security
from counter.domain.identifiers import TRACKING_ALPHABET
from counter.domain.lifecycle import Actor, Status, TransitionError
from counter.domain.tracking import pin_matches
from counter.i18n import format_mad, t
from counter.models import (
    Account,
    Attempt,
    Document,
    Dossier,
    Message,
    Procedure,
    Province,
    StatusChange,
)
from counter.services import dossiers, storage
from counter.services.accounts import register_citizen
from counter.services.audit import verify_chain
from counter.services.documents import ReceivedFile, receive_upload
from counter.services.dossiers import (
    Conflict,
    DossierError,
    TrackingRefused,
    _pin_key,
    answer_request,
    attach_document,
    deadline_used_pct,
    deadline_used_text,
    documents_of,
    investment_files,
    missing_items,
    progress,
    remove_document,
    save_field,
    start_draft,
    submit,
    submit_own,
    track,
    transition,
    withdraw,
)
from counter.services.seed import load_demo_data
from counter.settings import Settings, get_settings

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
TRACKING_CODE = re.compile(f"[{TRACKING_ALPHABET}]{{4}}-[{TRACKING_ALPHABET}]{{4}}")
CHEAP_HASHING = CryptContext(
    schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1
)

# Citizens only; three fields, no document; 5-day deadline.
CERTIFICATE = "LSH_REGISTRATION_CERTIFICATE"
CERTIFICATE_VALUES = {
    "programme_name": "Programme Tassawar Numerique",
    "session_year": "2019",
    "certificate_language": "fr",
}
# Citizens and businesses; one required document (site_plan), one optional; 10-day deadline.
NOTE = "DRA_URBAN_INFORMATION_NOTE"
NOTE_VALUES = {
    "plot_location": "Douar Tizgui, parcelle 14",
    "plot_area_m2": "1 200",
    "province": "ouarzazate",
}
# Businesses only; an investment file; 30-day deadline.
INVESTMENT = "DRA_INVESTMENT_INCENTIVE"
INVESTMENT_VALUES = {
    "investment_amount": "1 250 000,50",
    "jobs_planned": "12",
    "sector": "energy",
    "province": "ouarzazate",
    "incentive_type": "territorial",
    "project_summary": "Centrale solaire de 2 MW a Skoura",
    "planned_start_date": "07/03/2026",
}
INVESTMENT_DOCUMENTS = ("business_plan", "rc_extract")


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with tiny costs (PIN hashes, demo accounts): the product's cost is for prod."""
    monkeypatch.setattr(security, "_context", CHEAP_HASHING)
    monkeypatch.setattr(dossiers, "_DUMMY_PIN_HASH", CHEAP_HASHING.hash("000000-no-such-dossier"))


@pytest.fixture(autouse=True)
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Every file (uploads and receipts) lands under tmp_path: the global settings point there."""
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))
    for name in ("COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD", "COUNTER_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    current = get_settings()
    assert current.documents_dir == (tmp_path / "data" / "documents").resolve()
    yield current
    get_settings.cache_clear()


@dataclass
class Demo:
    citizen: Account
    business: Account
    agent: Account
    admin: Account


def seed(session: Session) -> Demo:
    load_demo_data(session)
    session.commit()
    by_role = {account.role: account for account in session.exec(select(Account)).all()}
    return Demo(by_role["citizen"], by_role["business"], by_role["agent"], by_role["admin"])


@pytest.fixture
def demo(session: Session) -> Demo:
    return seed(session)


# --- files --------------------------------------------------------------------------------


def pdf_bytes(text: str = "Plan de situation") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(settings: Settings, content: bytes, name: str) -> ReceivedFile:
    stream = io.BytesIO(content)

    async def read(size: int) -> bytes:
        return stream.read(size)

    return asyncio.run(receive_upload(read, original_name=name, settings=settings))


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "\n".join(page.extract_text() for page in reader.pages)


def receipt_files(session: Session, settings: Settings) -> list[Path]:
    """PDF files in private storage that are not uploaded documents: receipts."""
    documents = set(session.exec(select(Document.stored_name)).all())
    root = settings.documents_dir
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*.pdf") if p.name not in documents)


# --- helpers ------------------------------------------------------------------------------


def fill(session: Session, account: Account, dossier: Dossier, values: dict[str, str]) -> None:
    for code, value in values.items():
        problem = save_field(session, account=account, dossier_id=dossier.id, code=code,
                             value=value)
        assert problem is None, (code, problem)


def attach(session: Session, settings: Settings, account: Account, dossier: Dossier,
           doc_code: str, content: bytes | None = None, name: str | None = None) -> Document:
    received = upload(settings, content or pdf_bytes(doc_code), name or f"{doc_code}.pdf")
    return attach_document(session, account=account, dossier_id=dossier.id, doc_code=doc_code,
                           received=received)


def complete_draft(session: Session, settings: Settings, account: Account, procedure: str,
                   values: dict[str, str], documents: tuple[str, ...] = ()) -> Dossier:
    dossier = start_draft(session, account=account, procedure_code=procedure)
    fill(session, account, dossier, values)
    for doc_code in documents:
        attach(session, settings, account, dossier, doc_code)
    session.commit()
    return dossier


def submitted(session: Session, settings: Settings, account: Account, procedure: str = CERTIFICATE,
              values: dict[str, str] | None = None, documents: tuple[str, ...] = (),
              now: datetime = T0) -> dossiers.Submission:
    dossier = complete_draft(session, settings, account, procedure,
                             CERTIFICATE_VALUES if values is None else values, documents)
    result = submit_own(session, account=account, dossier_id=dossier.id, now=now)
    session.commit()
    return result


def request_information(session: Session, dossier: Dossier, agent: Account, at: datetime,
                        note: str = "Merci de joindre le plan cadastral.") -> None:
    """An agent takes the dossier and asks for more: the applicant's clock starts."""
    transition(session, dossier, actor=agent, as_actor=Actor.AGENT, to_status=Status.IN_REVIEW,
               now=at)
    transition(session, dossier, actor=agent, as_actor=Actor.AGENT,
               to_status=Status.INFO_REQUESTED, note=note, now=at, paused_at=at)
    session.commit()


def other_citizen(session: Session) -> Account:
    account = register_citizen(session, full_name="Omar Bennani", cin="K998877",
                               email="omar.bennani@example.ma", mobile=None,
                               password="Figuier de Barbarie 1987")
    session.commit()
    return account


def changes_of(session: Session, dossier_id: int) -> list[StatusChange]:
    return list(session.exec(select(StatusChange).where(StatusChange.dossier_id == dossier_id)
                             .order_by(StatusChange.id)).all())


def strings_in(value: Any) -> Iterator[str]:
    """Every string of a nested structure, keys included."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from strings_in(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from strings_in(item)
    elif value is not None:
        yield str(value)


def wrong(pin: str) -> str:
    return f"{(int(pin) + 1) % 1_000_000:06d}"


# --- starting a draft ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "procedure"),
    [("citizen", INVESTMENT), ("citizen", "SMA_TOURIST_ESTABLISHMENT"), ("business", CERTIFICATE),
     ("business", "DRA_CITIZEN_PETITION"), ("agent", NOTE), ("admin", NOTE)],
)
def test_a_procedure_is_started_only_by_its_audience(session, demo, role, procedure):
    account = getattr(demo, role)

    with pytest.raises(DossierError) as caught:
        start_draft(session, account=account, procedure_code=procedure)

    assert caught.value.code == "error.audience_not_allowed"
    assert session.exec(select(func.count()).select_from(Dossier)).one() == 0


def test_unknown_and_inactive_procedures_cannot_be_started(session, demo):
    procedure = session.exec(select(Procedure).where(Procedure.code == NOTE)).one()
    procedure.is_active = False
    session.add(procedure)
    session.commit()

    for code in ("NO_SUCH_PROCEDURE", NOTE, "urban_information_note"):
        with pytest.raises(DossierError) as caught:
            start_draft(session, account=demo.citizen, procedure_code=code)
        assert caught.value.code == "error.procedure_not_found"


def test_starting_again_reuses_the_open_draft(session, demo, settings):
    first = start_draft(session, account=demo.citizen, procedure_code=NOTE, screen_lang="en")
    save_field(session, account=demo.citizen, dossier_id=first.id, code="plot_location",
               value="Tinghir centre")
    session.commit()

    again = start_draft(session, account=demo.citizen, procedure_code=NOTE)
    other_procedure = start_draft(session, account=demo.citizen, procedure_code=CERTIFICATE)
    by_business = start_draft(session, account=demo.business, procedure_code=NOTE)

    assert again.id == first.id
    assert again.form_data == {"plot_location": "Tinghir centre"}
    assert len({first.id, other_procedure.id, by_business.id}) == 3
    assert first.service_id == session.exec(
        select(Procedure.service_id).where(Procedure.code == NOTE)).one()
    # The demo citizen chose Arabic for her documents: it wins over the screen's English.
    assert (first.status, first.channel, first.lang) == ("draft", "online", "ar")
    assert by_business.company_id == demo.business.company_id and first.company_id is None

    # Once submitted, the next start is a new draft.
    fill(session, demo.citizen, first, NOTE_VALUES)
    attach(session, settings, demo.citizen, first, "site_plan")
    submit_own(session, account=demo.citizen, dossier_id=first.id, now=T0)
    session.commit()
    assert start_draft(session, account=demo.citizen, procedure_code=NOTE).id != first.id


def test_a_draft_keeps_the_form_it_was_started_with(engine, session, demo, settings):
    dossier = start_draft(session, account=demo.citizen, procedure_code=NOTE)
    session.commit()
    snapshot = copy.deepcopy(dossier.form_schema)
    assert [f["code"] for f in snapshot["fields"]] == [
        "land_title", "plot_location", "plot_area_m2", "province"]
    assert snapshot["legal_deadline_days"] == 10

    # The administrator changes the procedure: a new required field, another document list,
    # a longer deadline.
    label = {"fr": "Référence cadastrale", "ar": "المرجع المساحي", "en": "Cadastral reference"}
    with Session(engine) as admin_session:
        procedure = admin_session.exec(select(Procedure).where(Procedure.code == NOTE)).one()
        procedure.fields = [*procedure.fields[1:],
                            {"code": "cadastre_ref", "type": "text", "required": True,
                             "label": label}]
        procedure.documents = [{"code": "land_title_copy", "required": True, "label": label}]
        procedure.legal_deadline_days = 60
        procedure.updated_at = T0
        admin_session.add(procedure)
        admin_session.commit()
    session.expire_all()

    again = start_draft(session, account=demo.citizen, procedure_code=NOTE)
    assert again.id == dossier.id
    assert again.form_schema == snapshot
    missing = missing_items(session, again)
    assert "cadastre_ref" not in missing and "doc:land_title_copy" not in missing
    assert missing["doc:site_plan"] == "error.document_missing"
    with pytest.raises(DossierError) as caught:
        save_field(session, account=demo.citizen, dossier_id=dossier.id, code="cadastre_ref",
                   value="T-1234")
    assert caught.value.code == "error.field_unknown"

    fill(session, demo.citizen, again, NOTE_VALUES)
    attach(session, settings, demo.citizen, again, "site_plan")
    result = submit_own(session, account=demo.citizen, dossier_id=dossier.id, now=T0)
    assert result.dossier.due_at == T0 + 10 * DAY

    # Someone who starts now gets the new form.
    newcomer = start_draft(session, account=other_citizen(session), procedure_code=NOTE)
    assert newcomer.form_schema["legal_deadline_days"] == 60
    assert [f["code"] for f in newcomer.form_schema["fields"]][-1] == "cadastre_ref"
    assert [d["code"] for d in newcomer.form_schema["documents"]] == ["land_title_copy"]


# --- fields -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "raw", "problem"),
    [
        ("investment_amount", "douze mille", "error.amount_invalid"),
        ("investment_amount", "1 250 000,505", "error.amount_invalid"),
        ("investment_amount", "-15 000", "error.amount_invalid"),
        ("investment_amount", "5 000", "error.number_range"),
        ("jobs_planned", "12,5", "error.number_invalid"),
        ("jobs_planned", "NaN", "error.number_invalid"),
        ("planned_start_date", "31/02/2026", "error.date_invalid"),
        ("planned_start_date", "2026-13-01", "error.date_invalid"),
        ("province", "casablanca", "error.province_invalid"),
        ("province", "Ouarzazate", "error.province_invalid"),
        # A province of another region: this procedure is Drâa-Tafilalet's.
        ("province", "nador", "error.province_invalid"),
        ("province", "laayoune", "error.province_invalid"),
        ("sector", "<script>alert(1)</script>", "error.choice_invalid"),
        ("project_summary", "x" * 5001, "error.text_too_long"),
        ("project_summary", "a\x00b", "error.text_invalid"),
        ("province", "", "error.field_required"),
    ],
)
def test_security_14_an_invalid_value_is_kept_as_typed_with_its_message_key(session, demo, code, raw,
                                                                  problem):
    dossier = start_draft(session, account=demo.business, procedure_code=INVESTMENT)

    assert save_field(session, account=demo.business, dossier_id=dossier.id, code=code,
                      value=raw) == problem

    session.commit()
    session.expire_all()
    stored = session.get(Dossier, dossier.id)
    assert stored.form_data[code] == raw
    assert missing_items(session, stored)[code] == problem


@pytest.mark.parametrize(
    ("code", "raw", "clean"),
    [
        ("investment_amount", "1 250 000,50", 1250000.5),
        ("investment_amount", "1\u202f250\u00a0000,50", 1250000.5),
        ("investment_amount", "1250000.5", 1250000.5),
        ("planned_start_date", "07/03/2026", "2026-03-07"),
        ("planned_start_date", " 2026-03-07 ", "2026-03-07"),
        ("province", "ouarzazate", "ouarzazate"),
        ("province", "zagora", "zagora"),
        ("jobs_planned", " 12 ", 12),
        ("sector", "energy", "energy"),
        ("project_summary", "  Centrale solaire  ", "Centrale solaire"),
        ("planned_start_date", "", None),
    ],
)
def test_a_valid_value_is_stored_clean(session, demo, code, raw, clean):
    dossier = start_draft(session, account=demo.business, procedure_code=INVESTMENT)

    assert save_field(session, account=demo.business, dossier_id=dossier.id, code=code,
                      value=raw) is None

    session.commit()
    session.expire_all()
    stored = session.get(Dossier, dossier.id)
    assert stored.form_data[code] == clean
    assert code not in missing_items(session, stored)


def test_a_corrected_value_replaces_the_invalid_one_and_each_save_bumps_the_version(session,
                                                                                   demo):
    dossier = start_draft(session, account=demo.business, procedure_code=INVESTMENT)
    version = dossier.version

    assert save_field(session, account=demo.business, dossier_id=dossier.id,
                      code="planned_start_date", value="07/03/26") == "error.date_invalid"
    assert save_field(session, account=demo.business, dossier_id=dossier.id,
                      code="planned_start_date", value="07/03/2026") is None

    assert dossier.form_data == {"planned_start_date": "2026-03-07"}
    assert dossier.version == version + 2


def test_security_14_unknown_fields_and_submitted_dossiers_cannot_be_edited(session, demo, settings):
    dossier = start_draft(session, account=demo.citizen, procedure_code=CERTIFICATE)
    with pytest.raises(DossierError) as caught:
        save_field(session, account=demo.citizen, dossier_id=dossier.id, code="nickname",
                   value="x")
    assert caught.value.code == "error.field_unknown"
    assert dossier.form_data == {}

    fill(session, demo.citizen, dossier, CERTIFICATE_VALUES)
    submit_own(session, account=demo.citizen, dossier_id=dossier.id, now=T0)
    session.commit()
    with pytest.raises(DossierError) as caught:
        save_field(session, account=demo.citizen, dossier_id=dossier.id,
                   code="programme_name", value="Autre")
    assert caught.value.code == "error.dossier_not_editable"
    assert session.get(Dossier, dossier.id).form_data["programme_name"] == (
        CERTIFICATE_VALUES["programme_name"])


# --- documents ----------------------------------------------------------------------------


def test_a_listed_document_is_replaced_in_a_draft_and_an_unlisted_one_refused(session, demo,
                                                                              settings):
    dossier = start_draft(session, account=demo.citizen, procedure_code=NOTE)
    first = attach(session, settings, demo.citizen, dossier, "site_plan")
    second = attach(session, settings, demo.citizen, dossier, "site_plan", png_bytes(),
                    "plan du terrain.png")
    optional = attach(session, settings, demo.citizen, dossier, "cadastral_plan")
    session.commit()

    docs = documents_of(session, dossier.id)
    assert [(d.doc_code, d.stored_name) for d in docs] == [
        ("site_plan", second.stored_name), ("cadastral_plan", optional.stored_name)]
    assert first.stored_name != second.stored_name
    kept = docs[0]
    assert (kept.original_name, kept.content_type, kept.pages) == (
        "plan du terrain.png", "image/png", 1)
    assert kept.scan_status == "not_configured"
    assert kept.uploaded_by_id == demo.citizen.id and kept.channel == "online"
    assert storage.private_path(kept.stored_name).is_relative_to(settings.documents_dir)

    for code in ("cin_copy", "signatures_list", "", "site_plan "):
        with pytest.raises(DossierError) as caught:
            attach(session, settings, demo.citizen, dossier, code)
        assert caught.value.code == "error.document_not_listed"
    session.rollback()
    assert len(documents_of(session, dossier.id)) == 2


def test_remove_document_only_removes_a_document_of_that_draft(session, demo, settings):
    mine = start_draft(session, account=demo.citizen, procedure_code=NOTE)
    other = start_draft(session, account=demo.business, procedure_code=NOTE)
    kept = attach(session, settings, demo.business, other, "site_plan")
    removed = attach(session, settings, demo.citizen, mine, "site_plan")
    session.commit()

    with pytest.raises(DossierError) as caught:
        remove_document(session, account=demo.citizen, dossier_id=mine.id, document_id=kept.id)
    assert caught.value.code == "error.document_not_found"
    remove_document(session, account=demo.citizen, dossier_id=mine.id, document_id=removed.id)
    session.commit()

    assert documents_of(session, mine.id) == []
    assert [d.id for d in documents_of(session, other.id)] == [kept.id]
    assert missing_items(session, mine)["doc:site_plan"] == "error.document_missing"


def test_missing_items_lists_required_fields_and_documents_only(session, demo, settings):
    dossier = start_draft(session, account=demo.citizen, procedure_code=NOTE)

    assert missing_items(session, dossier) == {
        "plot_location": "error.field_required",
        "plot_area_m2": "error.field_required",
        "province": "error.field_required",
        "doc:site_plan": "error.document_missing",
    }

    save_field(session, account=demo.citizen, dossier_id=dossier.id, code="plot_area_m2",
               value="5")
    assert missing_items(session, dossier)["plot_area_m2"] == "error.number_range"

    fill(session, demo.citizen, dossier, NOTE_VALUES)
    attach(session, settings, demo.citizen, dossier, "site_plan")
    assert missing_items(session, dossier) == {}


# --- submission ---------------------------------------------------------------------------


def test_an_incomplete_draft_is_not_submitted(session, demo, settings):
    dossier = start_draft(session, account=demo.citizen, procedure_code=NOTE)
    save_field(session, account=demo.citizen, dossier_id=dossier.id, code="plot_area_m2",
               value="mille")
    session.commit()

    with pytest.raises(DossierError) as caught:
        submit_own(session, account=demo.citizen, dossier_id=dossier.id, now=T0)

    assert caught.value.code == "error.dossier_incomplete"
    assert caught.value.errors == {
        "plot_location": "error.field_required",
        "plot_area_m2": "error.number_invalid",
        "province": "error.field_required",
        "doc:site_plan": "error.document_missing",
    }
    session.rollback()
    session.expire_all()
    stored = session.get(Dossier, dossier.id)
    assert stored.status == "draft"
    assert (stored.tracking_code, stored.pin_hash, stored.submitted_at, stored.due_at,
            stored.receipt_name) == (None, None, None, None, None)
    assert changes_of(session, dossier.id) == []
    assert receipt_files(session, settings) == []


def test_security_21_a_submission_that_crashes_midway_leaves_a_draft_and_no_dangling_file(
        session, demo, settings, monkeypatch):
    """The receipt is written before the transition; a crash between the two (here, the
    database failing) leaves the draft as it was, no row naming a missing file, and only an
    orphan receipt that the cleanup command removes once its grace period is over."""
    dossier = complete_draft(session, settings, demo.citizen, NOTE, NOTE_VALUES, ("site_plan",))
    session.commit()

    def crash(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(dossiers, "transition", crash)
    with pytest.raises(RuntimeError):
        submit_own(session, account=demo.citizen, dossier_id=dossier.id, now=T0)
    session.rollback()
    session.expire_all()

    stored = session.get(Dossier, dossier.id)
    assert stored.status == "draft"
    assert (stored.tracking_code, stored.pin_hash, stored.receipt_name) == (None, None, None)
    assert changes_of(session, dossier.id) == []
    for document in session.exec(select(Document).where(Document.dossier_id == dossier.id)):
        assert storage.private_path(document.stored_name).is_file()
    [orphan] = receipt_files(session, settings)
    assert storage.remove_orphans(session, timedelta(hours=1)) == []  # still in its grace
    assert storage.remove_orphans(session, timedelta(0)) == [orphan.name]
    assert receipt_files(session, settings) == []
    assert all(storage.private_path(d.stored_name).is_file() for d in
               session.exec(select(Document).where(Document.dossier_id == dossier.id)))


def test_submission_gives_a_code_a_pin_a_deadline_an_audit_entry_and_a_receipt(session, demo,
                                                                              settings):
    dossier = complete_draft(session, settings, demo.citizen, NOTE, NOTE_VALUES, ("site_plan",))
    version = dossier.version

    result = submit_own(session, account=demo.citizen, dossier_id=dossier.id, now=T0)
    session.commit()

    assert result.already is False
    assert result.dossier.id == dossier.id
    session.expire_all()
    stored = session.get(Dossier, dossier.id)
    assert TRACKING_CODE.fullmatch(stored.tracking_code)
    assert re.fullmatch(r"[0-9]{6}", result.pin)
    assert stored.pin_hash.startswith("hmac-sha256$") and result.pin not in stored.pin_hash
    assert pin_matches(_pin_key(), stored.tracking_code, result.pin, stored.pin_hash)
    assert not pin_matches(_pin_key(), stored.tracking_code, wrong(result.pin), stored.pin_hash)
    assert stored.status == "submitted"
    assert stored.submitted_at == T0
    assert stored.due_at == stored.submitted_at + timedelta(days=10)
    assert stored.version == version + 1
    # The form is stored clean, and the province is recorded for the indicators.
    assert stored.form_data == {"land_title": None, "plot_location": "Douar Tizgui, parcelle 14",
                                "plot_area_m2": 1200, "province": "ouarzazate"}
    assert stored.province_id == session.exec(
        select(Province.id).where(Province.code == "ouarzazate")).one()

    [change] = changes_of(session, dossier.id)
    assert (change.from_status, change.to_status, change.actor_id, change.at) == (
        "draft", "submitted", demo.citizen.id, T0)
    report = verify_chain(session)
    assert report.ok and report.checked == 1

    path = storage.private_path(stored.receipt_name)
    assert storage.is_stored_name(stored.receipt_name) and stored.receipt_name.endswith(".pdf")
    assert path.is_file() and path.is_relative_to(settings.documents_dir)
    assert receipt_files(session, settings) == [path]
    text = pdf_text(path)
    assert stored.tracking_code in text
    assert result.pin in text


def test_a_language_chosen_on_the_account_page_wins_over_the_screen_for_documents(
        session, demo, settings):
    """The business chose English for its e-mails and documents: filed on an Arabic screen,
    the receipt is in English; without a choice it would be in Arabic (the screen)."""
    values = {"information_requested": "Budget 2025", "delivery_format": "electronic"}
    dossiers_by_choice = {}
    for choice in ("en", None):
        demo.business.correspondence_lang = choice
        session.add(demo.business)
        dossier = complete_draft(session, settings, demo.business, "DRA_ACCESS_INFO", values)
        submit_own(session, account=demo.business, dossier_id=dossier.id, screen_lang="ar",
                   now=T0)
        session.commit()
        dossiers_by_choice[choice] = dossier
    for choice, lang in (("en", "en"), (None, "ar")):
        dossier = dossiers_by_choice[choice]
        assert dossier.lang == lang
        title = PdfReader(storage.private_path(dossier.receipt_name)).metadata.title
        assert title.startswith(t("receipt.title", lang))


def test_the_receipt_counts_the_legal_days_from_the_local_submission_date(session, demo,
                                                                          settings):
    late_evening = datetime(2026, 5, 12, 23, 30, tzinfo=UTC)  # 13/05/2026 00:30 in Morocco
    values = {"information_requested": "Budget 2025", "delivery_format": "electronic"}
    dossier = complete_draft(session, settings, demo.business, "DRA_ACCESS_INFO", values)
    result = submit_own(session, account=demo.business, dossier_id=dossier.id, now=late_evening)
    session.commit()

    text = pdf_text(storage.private_path(dossier.receipt_name))

    assert "13/05/2026 00:30" in text
    # Law 31-13: 20 working days, skipping the weekends and Eid al-Adha (27-28/05/2026).
    assert "20 jours ouvrables" in text
    assert "12/06/2026" in text, "20 working days after 13/05/2026"
    view = track(session, code=dossier.tracking_code, pin=result.pin, client_ip="192.0.2.30",
                 lang="fr", now=late_evening + DAY)
    assert (view["submitted_on"], view["expected_on"]) == ("13/05/2026", "12/06/2026")


def test_security_12_a_second_submit_of_the_same_dossier_changes_nothing(engine, session, demo, settings):
    dossier = complete_draft(session, settings, demo.citizen, NOTE, NOTE_VALUES, ("site_plan",))
    first = submit_own(session, account=demo.citizen, dossier_id=dossier.id, now=T0)
    session.commit()
    stored = session.get(Dossier, dossier.id)
    code, receipt, version = stored.tracking_code, stored.receipt_name, stored.version

    double_click = submit(session, account=demo.citizen, dossier=dossier, now=T0 + DAY)
    session.commit()
    with Session(engine, expire_on_commit=False) as replay_session:
        replay = submit_own(replay_session, account=demo.citizen, dossier_id=dossier.id)
        replay_session.commit()

    assert first.pin is not None and first.already is False
    for again in (double_click, replay):
        assert again.already is True
        assert again.pin is None
        assert again.dossier.tracking_code == code
    session.expire_all()
    stored = session.get(Dossier, dossier.id)
    assert (stored.tracking_code, stored.receipt_name, stored.version) == (code, receipt, version)
    assert stored.submitted_at == T0
    assert pin_matches(_pin_key(), code, first.pin, stored.pin_hash)
    assert session.exec(select(func.count()).select_from(Dossier)).one() == 1
    assert [c.to_status for c in changes_of(session, dossier.id)] == ["submitted"]
    assert receipt_files(session, settings) == [storage.private_path(receipt)]


def _read_draft_in_two_sessions(engine: Engine, settings: Settings):
    with Session(engine, expire_on_commit=False) as setup:
        demo = seed(setup)
        dossier = complete_draft(setup, settings, demo.citizen, CERTIFICATE, CERTIFICATE_VALUES)
    first = Session(engine, expire_on_commit=False)
    second = Session(engine, expire_on_commit=False)
    views = []
    for session in (first, second):
        views.append((session, session.get(Account, demo.citizen.id),
                      session.get(Dossier, dossier.id)))
    assert views[0][2].version == views[1][2].version
    assert views[0][2].status == views[1][2].status == "draft"
    return dossier.id, views


def test_security_12_two_tabs_submitting_the_same_draft_at_once_submit_it_once(any_engine, settings):
    dossier_id, [(first, a1, d1), (second, a2, d2)] = _read_draft_in_two_sessions(
        any_engine, settings)
    try:
        won = submit(first, account=a1, dossier=d1, now=T0)
        first.commit()
        lost = submit(second, account=a2, dossier=d2, now=T0 + timedelta(seconds=1))
        second.commit()
    finally:
        first.close()
        second.close()

    assert won.already is False and won.pin is not None
    assert lost.already is True and lost.pin is None
    with Session(any_engine) as check:
        stored = check.get(Dossier, dossier_id)
        assert check.exec(select(func.count()).select_from(Dossier)).one() == 1
        assert stored.status == "submitted"
        assert stored.tracking_code == won.dossier.tracking_code
        assert stored.submitted_at == T0
        assert pin_matches(_pin_key(), stored.tracking_code, won.pin, stored.pin_hash)
        assert [c.to_status for c in changes_of(check, dossier_id)] == ["submitted"]
        assert verify_chain(check).ok
        # The loser's receipt was removed: one receipt, the one the row points to.
        assert receipt_files(check, settings) == [storage.private_path(stored.receipt_name)]


def test_the_loser_of_a_double_submit_is_shown_the_stored_dossier(engine, settings):
    dossier_id, [(first, a1, d1), (second, a2, d2)] = _read_draft_in_two_sessions(
        engine, settings)
    with first, second:
        submit(first, account=a1, dossier=d1, now=T0)
        first.commit()
        lost = submit(second, account=a2, dossier=d2, now=T0 + timedelta(seconds=1))
    with Session(engine) as check:
        stored = check.get(Dossier, dossier_id)
    assert lost.already is True
    assert lost.dossier.tracking_code == stored.tracking_code
    assert lost.dossier.receipt_name == stored.receipt_name


def test_a_submit_that_loses_to_a_draft_edit_is_a_conflict(engine, settings):
    dossier_id, [(editor, a1, _), (submitter, a2, d2)] = _read_draft_in_two_sessions(
        engine, settings)
    with editor, submitter:
        save_field(editor, account=a1, dossier_id=dossier_id, code="programme_name",
                   value="Programme Tassawar 2")
        editor.commit()
        try:
            result = submit(submitter, account=a2, dossier=d2, now=T0)
            submitter.commit()
        except Conflict:
            result = None
    with Session(engine) as check:
        assert check.get(Dossier, dossier_id).status == "draft"
        assert receipt_files(check, settings) == []
    assert result is None, (
        f"submit reported already={result.already}, tracking code "
        f"{result.dossier.tracking_code!r}, for a dossier still in draft")


def test_the_whole_path_from_draft_to_tracking(any_engine, settings):
    with Session(any_engine, expire_on_commit=False) as session:
        demo = seed(session)
        dossier = start_draft(session, account=demo.business, procedure_code=NOTE)
        assert save_field(session, account=demo.business, dossier_id=dossier.id,
                          code="plot_area_m2", value="douze") == "error.number_invalid"
        fill(session, demo.business, dossier, NOTE_VALUES)
        attach(session, settings, demo.business, dossier, "site_plan", png_bytes(), "plan.png")
        attach(session, settings, demo.business, dossier, "cadastral_plan")
        assert missing_items(session, dossier) == {}
        session.commit()
        result = submit_own(session, account=demo.business, dossier_id=dossier.id, now=T0)
        session.commit()

    with Session(any_engine, expire_on_commit=False) as session:
        stored = session.get(Dossier, dossier.id)
        assert stored.status == "submitted" and stored.company_id == demo.business.company_id
        assert stored.due_at == T0 + 10 * DAY
        assert stored.form_data["plot_area_m2"] == 1200
        assert [d.doc_code for d in documents_of(session, stored.id)] == [
            "site_plan", "cadastral_plan"]
        typed = stored.tracking_code.lower().replace("-", " ")
        view = track(session, code=typed, pin=result.pin, client_ip="192.0.2.1", lang="fr",
                     now=T0 + DAY)
        session.commit()
        assert view["tracking_code"] == stored.tracking_code
        assert view["status"] == "submitted"
        assert view["submitted_on"] == "02/03/2026"
        assert view["expected_on"] == "12/03/2026"
        assert [step["status"] for step in view["timeline"]] == ["submitted"]
        report = verify_chain(session)
        assert report.ok and report.checked == 1
        assert receipt_files(session, settings) == [storage.private_path(stored.receipt_name)]


# --- after submission ---------------------------------------------------------------------


def test_withdrawal_from_submitted_and_never_twice(session, demo, settings):
    result = submitted(session, settings, demo.citizen)
    dossier_id = result.dossier.id

    withdraw(session, account=demo.citizen, dossier_id=dossier_id, note="Plus nécessaire")
    session.commit()

    assert session.get(Dossier, dossier_id).status == "withdrawn"
    with pytest.raises((TransitionError, DossierError)):
        withdraw(session, account=demo.citizen, dossier_id=dossier_id)
    session.rollback()
    changes = changes_of(session, dossier_id)
    assert [(c.from_status, c.to_status) for c in changes] == [
        ("draft", "submitted"), ("submitted", "withdrawn")]
    assert changes[1].note == "Plus nécessaire" and changes[1].actor_id == demo.citizen.id
    assert verify_chain(session).ok
    # A withdrawn dossier stays withdrawn, a replayed submit included.
    again = submit_own(session, account=demo.citizen, dossier_id=dossier_id)
    assert again.already is True and again.pin is None
    assert session.get(Dossier, dossier_id).status == "withdrawn"


def test_a_withdrawn_draft_cannot_be_submitted(session, demo, settings):
    dossier = complete_draft(session, settings, demo.citizen, CERTIFICATE, CERTIFICATE_VALUES)
    withdraw(session, account=demo.citizen, dossier_id=dossier.id)
    session.commit()

    with pytest.raises(TransitionError) as caught:
        submit_own(session, account=demo.citizen, dossier_id=dossier.id, now=T0)

    assert caught.value.code == "error.transition_not_allowed"
    session.rollback()
    assert session.get(Dossier, dossier.id).tracking_code is None
    assert receipt_files(session, settings) == []


def test_an_answer_is_accepted_only_while_information_is_requested(session, demo, settings):
    dossier = submitted(session, settings, demo.citizen).dossier

    for status in ("submitted", "in_review"):
        assert dossier.status == status
        with pytest.raises(DossierError) as caught:
            answer_request(session, account=demo.citizen, dossier_id=dossier.id,
                           message="Voici le document")
        assert caught.value.code == "error.transition_not_allowed"
        session.rollback()
        if status == "submitted":
            transition(session, dossier, actor=demo.agent, as_actor=Actor.AGENT,
                       to_status=Status.IN_REVIEW, now=T0 + DAY)
            session.commit()

    assert session.exec(select(func.count()).select_from(Message)).one() == 0
    assert len(changes_of(session, dossier.id)) == 2


def test_answering_resumes_the_clock_and_pushes_the_deadline_back(session, demo, settings):
    dossier = submitted(session, settings, demo.citizen).dossier
    asked, answered = T0 + DAY, T0 + 3 * DAY
    due_before = dossier.due_at
    assert due_before == T0 + 5 * DAY
    request_information(session, dossier, demo.agent, asked)
    assert (dossier.status, dossier.paused_at) == ("info_requested", asked)

    for empty in ("", "   \n "):
        with pytest.raises(DossierError) as caught:
            answer_request(session, account=demo.citizen, dossier_id=dossier.id, message=empty,
                           now=answered)
        assert caught.value.code == "error.answer_empty"
    with pytest.raises(DossierError) as caught:
        answer_request(session, account=demo.citizen, dossier_id=dossier.id,
                       message="x" * 5001, now=answered)
    assert caught.value.code == "error.text_too_long"
    session.rollback()

    answer_request(session, account=demo.citizen, dossier_id=dossier.id,
                   message="  Voici l'attestation demandée.  ", now=answered)
    session.commit()

    session.expire_all()
    stored = session.get(Dossier, dossier.id)
    assert stored.status == "in_review"
    assert stored.paused_at is None
    assert stored.applicant_wait_seconds == pytest.approx(2 * 86400)
    assert stored.due_at == due_before + 2 * DAY
    [answer] = session.exec(select(Message).where(Message.dossier_id == dossier.id)).all()
    assert (answer.kind, answer.body, answer.author_id, answer.at) == (
        "answer", "Voici l'attestation demandée.", demo.citizen.id, answered)
    changes = changes_of(session, dossier.id)
    assert [(c.to_status, c.actor_id, c.at) for c in changes] == [
        ("submitted", demo.citizen.id, T0),
        ("in_review", demo.agent.id, asked),
        ("info_requested", demo.agent.id, asked),
        ("in_review", demo.citizen.id, answered),
    ]
    assert changes[2].note == "Merci de joindre le plan cadastral."
    report = verify_chain(session)
    assert report.ok and report.checked == 4


def test_a_document_alone_answers_a_request_and_is_added_not_replaced(session, demo, settings):
    result = submitted(session, settings, demo.citizen, NOTE, NOTE_VALUES, ("site_plan",))
    dossier = result.dossier
    request_information(session, dossier, demo.agent, T0 + DAY)

    attach(session, settings, demo.citizen, dossier, "site_plan", png_bytes(), "plan 2.png")
    answer_request(session, account=demo.citizen, dossier_id=dossier.id, message="",
                   now=T0 + 2 * DAY)
    session.commit()

    assert [d.doc_code for d in documents_of(session, dossier.id)] == ["site_plan", "site_plan"]
    assert session.get(Dossier, dossier.id).status == "in_review"
    with pytest.raises(DossierError) as caught:
        attach(session, settings, demo.citizen, dossier, "cadastral_plan")
    assert caught.value.code == "error.dossier_not_editable"


def test_progress_counts_administration_days_only(session, demo, settings):
    dossier = submitted(session, settings, demo.citizen).dossier

    assert progress(session, dossier, now=T0 + DAY)["admin_days"] == pytest.approx(1.0)
    request_information(session, dossier, demo.agent, T0 + DAY)
    during = progress(session, dossier, now=T0 + 2 * DAY)
    assert during["admin_days"] == pytest.approx(1.0)  # the clock is stopped
    assert during["expected_on"] == T0 + 6 * DAY  # and the deadline moves with it
    answer_request(session, account=demo.citizen, dossier_id=dossier.id, message="Voici",
                   now=T0 + 3 * DAY)
    session.commit()

    after = progress(session, dossier, now=T0 + 4 * DAY)
    assert after["admin_days"] == pytest.approx(2.0)
    assert after["deadline_days"] == 5
    assert after["expected_on"] == T0 + 7 * DAY
    assert after["overdue"] is False
    assert progress(session, dossier, now=T0 + 8 * DAY)["overdue"] is True
    draft = start_draft(session, account=demo.citizen, procedure_code=NOTE)
    assert progress(session, draft)["admin_days"] == 0.0 and progress(session, draft)["overdue"] is False


# --- public tracking ----------------------------------------------------------------------


def test_tracking_shows_the_state_of_the_file_and_no_personal_data(session, demo, settings):
    values = {**NOTE_VALUES, "land_title": "TF 45871/O", "plot_location": "Ksar Ait Benhaddou"}
    result = submitted(session, settings, demo.citizen, NOTE, values, ("site_plan",))
    dossier = result.dossier
    request_information(session, dossier, demo.agent, T0 + DAY,
                        note="Note interne: CIN JB123456 a verifier")
    answer_request(session, account=demo.citizen, dossier_id=dossier.id,
                   message="Reponse privee de Fatima", now=T0 + 2 * DAY)
    session.commit()

    view = track(session, code=dossier.tracking_code, pin=result.pin, client_ip="192.0.2.10",
                 lang="fr", now=T0 + 3 * DAY)

    assert view["status"] == "in_review"
    assert [step["status"] for step in view["timeline"]] == [
        "submitted", "in_review", "info_requested", "in_review"]
    assert all(step["note"] == "" for step in view["timeline"])
    citizen = demo.citizen
    personal = [citizen.full_name, "Fatima", "Ait Lahcen", citizen.cin, citizen.email,
                citizen.mobile, citizen.mobile.replace("+212", "0"), "TF 45871",
                "Ksar Ait Benhaddou", "Douar", "parcelle", "Note interne", "Reponse privee",
                "plan_du_terrain", "site_plan", "1200", "1 200", "demo.example.ma",
                result.pin, dossier.pin_hash, dossier.receipt_name]
    texts = [text.casefold() for text in strings_in(view)]
    for secret in personal:
        assert not any(secret.casefold() in text for text in texts), secret
    assert not {"applicant", "applicant_id", "form_data", "documents", "messages", "notes",
                "pin", "pin_hash", "email", "cin"} & set(view)


def test_security_10_a_wrong_pin_and_an_unknown_code_are_refused_alike(session, demo, settings):
    result = submitted(session, settings, demo.citizen)
    code, pin = result.dossier.tracking_code, result.pin
    other_code = "ZZZZ-ZZZZ" if code != "ZZZZ-ZZZZ" else "YYYY-YYYY"

    refusals = []
    for typed_code, typed_pin in [(code, wrong(pin)), (other_code, pin), ("not a code", pin),
                                  ("", ""), (code, ""), (code, pin + "0")]:
        with pytest.raises(TrackingRefused) as caught:
            track(session, code=typed_code, pin=typed_pin, client_ip="192.0.2.20", lang="fr",
                  now=T0)
        refusals.append((caught.value.code, str(caught.value), caught.value.errors,
                         caught.value.params))

    assert refusals == [("error.tracking_failed", "error.tracking_failed", {}, {})] * 6
    # Every failure was recorded, for the code and for the address.
    failures = session.exec(select(func.count()).select_from(Attempt).where(
        Attempt.kind == "track", Attempt.success == False)).one()  # noqa: E712
    assert failures == 2 * len(refusals)


def test_security_10_a_pin_check_costs_microseconds_known_code_or_not(session, demo, settings):
    """Issue 13: a keyed HMAC, not Argon2 (~120 ms of a core per wrong PIN); an unknown code
    is checked against a digest too, at the same cost."""
    result = submitted(session, settings, demo.citizen)
    stored = session.get(Dossier, result.dossier.id)
    code = stored.tracking_code

    def cost(dossier: Dossier | None, pin: str) -> float:
        started = time.perf_counter()
        for _ in range(200):
            dossiers._pin_checks(session, dossier, code, pin)
        return (time.perf_counter() - started) / 200

    known, unknown = cost(stored, wrong(result.pin)), cost(None, wrong(result.pin))
    assert known < 0.001 and unknown < 0.001
    assert dossiers._pin_checks(session, stored, code, result.pin)
    assert not dossiers._pin_checks(session, None, code, result.pin)


def test_a_pin_issued_before_the_keyed_digests_verifies_once_then_is_rekeyed(
        session, demo, settings):
    result = submitted(session, settings, demo.citizen)
    code, pin = result.dossier.tracking_code, result.pin
    session.exec(update(Dossier).where(Dossier.id == result.dossier.id)
                 .values(pin_hash=security.hash_password(pin)))
    session.commit()
    with pytest.raises(TrackingRefused):
        track(session, code=code, pin=wrong(pin), client_ip="192.0.2.31", lang="fr", now=T0)
    assert session.get(Dossier, result.dossier.id).pin_hash.startswith("$argon2")

    assert track(session, code=code, pin=pin, client_ip="192.0.2.31", lang="fr",
                 now=T0)["tracking_code"] == code
    session.commit()
    session.expire_all()
    assert session.get(Dossier, result.dossier.id).pin_hash.startswith("hmac-sha256$")
    assert track(session, code=code, pin=pin, client_ip="192.0.2.31", lang="fr",
                 now=T0)["tracking_code"] == code


def test_a_stored_pin_digest_is_useless_without_the_key_outside_the_database(
        session, demo, settings, monkeypatch):
    result = submitted(session, settings, demo.citizen)
    stored = session.get(Dossier, result.dossier.id)
    assert dossiers._pin_checks(session, stored, stored.tracking_code, result.pin)
    monkeypatch.setenv("COUNTER_AUDIT_KEY", "another-installation-key-of-32-characters-at-least")
    get_settings.cache_clear()
    assert not dossiers._pin_checks(session, stored, stored.tracking_code, result.pin)


def test_security_10_failures_for_a_code_make_the_next_try_wait_then_the_holder_gets_in(
        session, demo, settings):
    result = submitted(session, settings, demo.citizen)
    code, pin = result.dossier.tracking_code, result.pin
    other = submitted(session, settings, demo.business, NOTE, NOTE_VALUES, ("site_plan",))

    refusals = []
    for attempt in range(5):
        with pytest.raises(TrackingRefused) as caught:
            track(session, code=code, pin=wrong(pin), client_ip=f"198.51.100.{attempt}",
                  lang="fr", now=T0)
        refusals.append(caught.value.code)
    # Three free failures, the fourth makes the next try wait (SECURITY 30).
    assert refusals == ["error.tracking_failed"] * 4 + ["error.tracking_throttled"]
    session.commit()

    with pytest.raises(TrackingRefused) as caught:
        track(session, code=code.replace("-", "").lower(), pin=pin,
              client_ip="203.0.113.77", lang="fr", now=T0 + timedelta(seconds=1))
    assert caught.value.code == "error.tracking_throttled"
    assert caught.value.params == {"n": 1}
    # Another file is not affected, even from the addresses that failed.
    assert track(session, code=other.dossier.tracking_code, pin=other.pin,
                 client_ip="198.51.100.0", lang="fr", now=T0)["status"] == "submitted"
    # The wait is short: after it, the right PIN opens the file.
    assert track(session, code=code, pin=pin, client_ip="203.0.113.77", lang="fr",
                 now=T0 + timedelta(seconds=2))["tracking_code"] == code


def test_security_10_failures_from_one_address_across_codes_make_that_address_wait(
        session, demo, settings):
    result = submitted(session, settings, demo.citizen)
    code, pin = result.dossier.tracking_code, result.pin
    address = "203.0.113.50"
    guesses = [f"{a}{b}{c}K-M7QX" for a, b, c in
               zip("23456789ABC", "CDEFGHJKMNP", "PQRSTVWXYZ2", strict=True)]
    assert code not in guesses

    for guess in guesses:
        with pytest.raises(TrackingRefused) as caught:
            track(session, code=guess, pin=pin, client_ip=address, lang="fr", now=T0)
        assert caught.value.code == "error.tracking_failed"
    session.commit()

    with pytest.raises(TrackingRefused) as caught:
        track(session, code=code, pin=pin, client_ip=address, lang="fr", now=T0)
    assert caught.value.code == "error.tracking_throttled"
    assert track(session, code=code, pin=pin, client_ip="203.0.113.51", lang="fr",
                 now=T0)["status"] == "submitted"
    assert track(session, code=code, pin=pin, client_ip=address, lang="fr",
                 now=T0 + timedelta(seconds=1))["status"] == "submitted"


# --- businesses ---------------------------------------------------------------------------


def test_investment_files_show_the_figures_and_elapsed_days(session, demo, settings):
    started = datetime.now(UTC) - timedelta(days=3, hours=1)
    result = submitted(session, settings, demo.business, INVESTMENT, INVESTMENT_VALUES,
                       INVESTMENT_DOCUMENTS, now=started)
    draft = start_draft(session, account=demo.business, procedure_code="DRA_INVESTMENT_LAND")
    fill(session, demo.business, draft, {"investment_amount": "90000", "jobs_planned": "4"})
    not_investment = start_draft(session, account=demo.business, procedure_code=NOTE)
    session.commit()

    rows = {row["id"]: row for row in investment_files(session, demo.business, "fr")}

    assert set(rows) == {str(result.dossier.id), str(draft.id)}
    assert str(not_investment.id) not in rows
    row = rows[str(result.dossier.id)]
    assert row["amount"] == format_mad(1250000.5, "fr")
    assert row["amount"].startswith("1\u202f250\u202f000")
    assert row["jobs"] == "12"
    assert row["sector"] == "Énergies renouvelables"
    assert row["province"] == "Ouarzazate"
    assert row["elapsed"] == "3 jours sur 30"
    assert row["percent"] == 10 and row["deadline_days"] == 30
    assert row["tracking_code"] == result.dossier.tracking_code
    assert (row["status"], row["overdue"]) == ("submitted", "")
    assert rows[str(draft.id)]["elapsed"] == "" and rows[str(draft.id)]["jobs"] == "4"

    assert investment_files(session, demo.citizen, "fr") == []
    assert investment_files(session, demo.agent, "fr") == []


def test_an_investment_file_just_filed_has_an_empty_deadline_bar(session, demo, settings):
    result = submitted(session, settings, demo.business, INVESTMENT, INVESTMENT_VALUES,
                       INVESTMENT_DOCUMENTS, now=datetime.now(UTC) - timedelta(minutes=5))
    session.commit()
    for lang, text in (("fr", "0 jour sur 30"), ("ar", "0 يوم من أصل 30"),
                       ("en", "0 days of 30")):
        row = next(r for r in investment_files(session, demo.business, lang)
                   if r["id"] == str(result.dossier.id))
        assert (row["elapsed"], row["percent"]) == (text, 0)


@pytest.mark.parametrize(("used", "deadline", "unit", "pct", "fr", "ar"), [
    (0.0, 30, "calendar", 0, "0 jour sur 30", "0 يوم من أصل 30"),
    (0.9, 30, "calendar", 0, "0 jour sur 30", "0 يوم من أصل 30"),  # whole days, as said
    (1.0, 30, "calendar", 3, "1 jour sur 30", "1 يوم من أصل 30"),
    (5.5, 30, "calendar", 17, "5 jours sur 30", "5 أيام من أصل 30"),
    (15.0, 30, "calendar", 50, "15 jours sur 30", "15 يوما من أصل 30"),
    (45.0, 30, "calendar", 100, "45 jours sur 30", "45 يوما من أصل 30"),  # past: full
    (4.0, 20, "working", 20, "4 jours ouvrables sur 20", "4 أيام عمل من أصل 20"),
])
def test_the_deadline_bar_shows_the_whole_days_used(used, deadline, unit, pct, fr, ar):
    info = {"used_days": used, "deadline_days": deadline, "unit": unit}
    assert deadline_used_pct(info) == pct
    assert deadline_used_text(info, "fr") == fr and deadline_used_text(info, "ar") == ar
