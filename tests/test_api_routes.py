"""The download routes beside the Reflex app (SECURITY 7, 8, 17, 18): the caller is found from
the session cookie on the server, every refusal is a logged 404, files go out as attachments
with a header no file name can break."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from passlib.context import CryptContext
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfgen import canvas
from sqlmodel import Session, select
from starlette.testclient import TestClient

from counter import db, security
from counter.api.routes import SESSION_COOKIE, api
from counter.models import Account, Document, Dossier, Service
from counter.services import dossiers, storage
from counter.services.accounts import (
    close_session,
    create_staff,
    disable_account,
    open_session,
    register_citizen,
)
from counter.services.documents import receive_upload
from counter.services.dossiers import attach_document, save_field, start_draft, submit_own
from counter.services.seed import load_demo_data
from counter.settings import Settings, get_settings

CHEAP_HASHING = CryptContext(
    schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1
)
NOTE = "DRA_URBAN_INFORMATION_NOTE"  # URBANISM service; site_plan required, cadastral_plan optional
NOTE_VALUES = {"plot_location": "Douar Tizgui", "plot_area_m2": "1200", "province": "ouarzazate"}
HOSTILE_NAME = 'plan "final"; x=1 مخطط الموقع.pdf'
CRLF_NAME = 'scan\r\nSet-Cookie: counter_session=stolen\r\n"\u202e.pdf'
DISPOSITION = re.compile(
    r"(attachment|inline); filename=\"([A-Za-z0-9._ -]*)\"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)"
)


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(security, "_context", CHEAP_HASHING)
    monkeypatch.setattr(dossiers, "_DUMMY_PIN_HASH", CHEAP_HASHING.hash("000000-no-such-dossier"))


def _point_the_product_at(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("REFLEX_DB_URL", url)
    for name in ("COUNTER_DOCUMENTS_DIR", "COUNTER_CLAMD", "COUNTER_SESSION_IDLE_MINUTES",
                 "COUNTER_SESSION_ABSOLUTE_HOURS"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    db.get_engine.cache_clear()


def _forget_the_product_settings() -> None:
    if db.get_engine.cache_info().currsize:
        db.get_engine().dispose()
    db.get_engine.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def settings(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
             ) -> Iterator[Settings]:
    """session_scope() and private storage of the routes use the test database and tmp_path."""
    _point_the_product_at(sqlite_url, tmp_path, monkeypatch)
    yield get_settings()
    _forget_the_product_settings()


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(api, raise_server_exceptions=False) as test_client:
        yield test_client


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def security_log() -> Iterator[list[str]]:
    """The 'counter.security' logger does not propagate: listen to it directly."""
    logger = logging.getLogger("counter.security")
    handler = Lines()
    logger.addHandler(handler)
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)


def refusals(lines: list[str]) -> list[dict]:
    return [record for record in map(json.loads, lines) if record["event"] == "access_refused"]


# --- the world the routes serve ---------------------------------------------------------


def pdf_bytes(text: str) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (6, 4), (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(settings: Settings, content: bytes, name: str):
    stream = io.BytesIO(content)

    async def read(size: int) -> bytes:
        return stream.read(size)

    return asyncio.run(receive_upload(read, original_name=name, settings=settings))


@dataclass
class World:
    owner: Account
    intruder: Account
    agent: Account  # of the dossier's service (URBANISM)
    other_agent: Account  # the demo agent, of the CRI
    admin: Account
    dossier: Dossier  # the owner's, submitted
    pdf: Document  # its site plan, with a hostile name
    png: Document  # its cadastral plan
    pdf_bytes: bytes
    png_bytes: bytes
    draft: Dossier  # another of the owner's dossiers, never submitted
    tokens: dict[str, str]


def build_world(session: Session, settings: Settings) -> World:
    load_demo_data(session)
    by_role = {account.role: account for account in session.exec(select(Account)).all()}
    owner = by_role["citizen"]
    intruder = register_citizen(session, full_name="Omar Bennani", cin="K998877",
                                email="omar@example.ma", mobile=None,
                                password="Figuier de Barbarie 1987")
    urbanism = session.exec(select(Service).where(Service.code == "DRA_URBANISM")).one()
    agent = create_staff(session, role="agent", full_name="Hassan Ouali",
                         email="urbanisme@region.example.ma", password="Oasis de Skoura 2026",
                         service_id=urbanism.id)

    dossier = start_draft(session, account=owner, procedure_code=NOTE)
    for code, value in NOTE_VALUES.items():
        save_field(session, account=owner, dossier_id=dossier.id, code=code, value=value)
    plan = pdf_bytes("Plan de situation, parcelle 14")
    image = png_bytes()
    pdf = attach_document(session, account=owner, dossier_id=dossier.id, doc_code="site_plan",
                          received=upload(settings, plan, HOSTILE_NAME))
    png = attach_document(session, account=owner, dossier_id=dossier.id,
                          doc_code="cadastral_plan", received=upload(settings, image, "cadastre.png"))
    submit_own(session, account=owner, dossier_id=dossier.id,
               now=datetime.now(UTC) - timedelta(hours=1))
    draft = start_draft(session, account=owner, procedure_code="LSH_REGISTRATION_CERTIFICATE")
    session.commit()

    people = {"owner": owner, "intruder": intruder, "agent": agent,
              "other_agent": by_role["agent"], "admin": by_role["admin"]}
    tokens = {name: open_session(session, account, client_ip="192.0.2.1")
              for name, account in people.items()}
    session.commit()
    return World(owner, intruder, agent, by_role["agent"], by_role["admin"], dossier, pdf, png,
                 plan, image, draft, tokens)


@pytest.fixture
def world(session: Session, settings: Settings) -> World:
    return build_world(session, settings)


def get(client: TestClient, path: str, token: str | None = None):
    headers = {"Cookie": f"{SESSION_COOKIE}={token}"} if token is not None else {}
    return client.get(path, headers=headers)


def doc_url(document: Document) -> str:
    return f"/api/documents/{document.id}"


def receipt_url(dossier: Dossier) -> str:
    return f"/api/dossiers/{dossier.id}/receipt.pdf"


def assert_not_found(response) -> None:  # noqa: ANN001
    assert response.status_code == 404
    assert response.text == "Not found"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-disposition" not in response.headers


def disposition(response) -> tuple[str, str, str]:  # noqa: ANN001
    header = response.headers["content-disposition"]
    assert "\r" not in header and "\n" not in header
    match = DISPOSITION.fullmatch(header)
    assert match, header
    return match.group(1), match.group(2), unquote(match.group(3), errors="strict")


# --- the owner ----------------------------------------------------------------------------


def test_security_18_the_owner_downloads_their_document_as_an_attachment(client, world, security_log):
    response = get(client, doc_url(world.pdf), world.tokens["owner"])

    assert response.status_code == 200
    assert response.content == world.pdf_bytes
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "no-store" in response.headers["cache-control"]
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    kind, fallback, name = disposition(response)
    assert kind == "attachment"
    assert name == unicodedata.normalize("NFC", HOSTILE_NAME)
    assert fallback.isascii() and '"' not in fallback and ";" not in fallback
    assert fallback.endswith(".pdf")
    assert refusals(security_log) == []


def test_security_18_a_name_with_line_breaks_cannot_break_the_header(session, client, world):
    document = session.get(Document, world.pdf.id)
    document.original_name = CRLF_NAME  # as data from elsewhere might hold: the route escapes
    session.add(document)
    session.commit()

    response = get(client, doc_url(world.pdf), world.tokens["owner"])

    assert response.status_code == 200
    assert "set-cookie" not in response.headers
    kind, fallback, name = disposition(response)
    assert kind == "attachment"
    assert name == 'scanSet-Cookie: counter_session=stolen".pdf'
    assert "\r" not in name and "\n" not in name and "\u202e" not in name
    assert fallback.isascii() and '"' not in fallback and fallback.endswith(".pdf")


@pytest.mark.parametrize(
    ("query", "kind"),
    [("?inline=1", "inline"), ("", "attachment"), ("?inline=0", "attachment"),
     ("?inline=true", "attachment"), ("?inline=1&inline=1", "inline")],
)
def test_inline_is_offered_for_images_and_pdf_only(session, client, world, settings, query,
                                                   kind):
    html = storage.write_private(b"<html><script>alert(1)</script></html>", ".pdf")
    smuggled = Document(dossier_id=world.dossier.id, doc_code="cadastral_plan",
                        original_name="page.html", stored_name=html, content_type="text/html",
                        size_bytes=38, sha256="0" * 64, scan_status="clean")
    session.add(smuggled)
    session.commit()

    for document in (world.pdf, world.png):
        response = get(client, doc_url(document) + query, world.tokens["owner"])
        assert response.status_code == 200
        assert disposition(response)[0] == kind
    response = get(client, doc_url(world.png) + query, world.tokens["owner"])
    assert response.content == world.png_bytes
    assert response.headers["content-type"] == "image/png"

    response = get(client, doc_url(smuggled) + query, world.tokens["owner"])
    assert response.status_code == 200
    assert disposition(response)[0] == "attachment"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_owner_gets_the_receipt_of_a_submitted_dossier(session, client, world):
    response = get(client, receipt_url(world.dossier), world.tokens["owner"])

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    stored = session.get(Dossier, world.dossier.id)
    assert response.content == storage.read_private(stored.receipt_name)
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert stored.tracking_code in text
    assert disposition(response)[:3] == ("attachment", f"recu-{stored.tracking_code}.pdf",
                                         f"recu-{stored.tracking_code}.pdf")


def test_the_receipt_with_its_pin_is_not_served_to_reviewing_agents(client, world):
    """Agents of the service review the dossier; the receipt (it carries the PIN) is not theirs."""
    assert_not_found(get(client, receipt_url(world.dossier), world.tokens["agent"]))


# --- everyone else ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["intruder", "other_agent", "admin"])
def test_security_8_another_account_gets_not_found_and_is_logged(client, world, security_log, who):
    for url in (doc_url(world.pdf), doc_url(world.png), receipt_url(world.dossier)):
        assert_not_found(get(client, url, world.tokens[who]))

    logged = refusals(security_log)
    account = getattr(world, who)
    assert [(r["route"], r["target"], r["account"]) for r in logged] == [
        ("document", world.pdf.id, account.id), ("document", world.png.id, account.id),
        ("receipt", world.dossier.id, account.id)]
    assert all(r["client"] == "testclient" for r in logged)
    assert all(datetime.fromisoformat(r["at"]).utcoffset() == timedelta(0) for r in logged)


def test_without_a_live_session_everything_is_not_found(session, client, world, security_log):
    closed = open_session(session, world.owner, client_ip="192.0.2.1")
    close_session(session, closed)
    now = datetime.now(UTC)
    expired = open_session(session, world.owner, client_ip="192.0.2.1",
                           now=now - timedelta(hours=13))
    idle = open_session(session, world.owner, client_ip="192.0.2.1",
                        now=now - timedelta(minutes=45))
    session.commit()

    for token in (None, "", "garbage", world.tokens["owner"] + "x", "x" * 4000, closed, expired,
                  idle, 'a"; counter_session=other'):
        for url in (doc_url(world.pdf), receipt_url(world.dossier)):
            assert_not_found(get(client, url, token))
    assert len(refusals(security_log)) == 18
    assert {r["account"] for r in refusals(security_log)} == {None}

    # The owner's live session still works, until the account is disabled.
    assert get(client, doc_url(world.pdf), world.tokens["owner"]).status_code == 200
    disable_account(session, world.owner.id)
    session.commit()
    assert_not_found(get(client, doc_url(world.pdf), world.tokens["owner"]))
    assert_not_found(get(client, receipt_url(world.dossier), world.tokens["owner"]))


@pytest.mark.parametrize(
    ("scan_status", "served"),
    [("not_configured", True), ("clean", True), ("pending", False), ("infected", False),
     ("error", False)],
)
def test_an_agent_of_the_service_gets_only_scanned_documents(session, client, world,
                                                            security_log, scan_status, served):
    document = session.get(Document, world.pdf.id)
    document.scan_status = scan_status
    session.add(document)
    session.commit()

    response = get(client, doc_url(world.pdf), world.tokens["agent"])

    if served:
        assert response.status_code == 200
        assert response.content == world.pdf_bytes
        assert disposition(response)[0] == "attachment"
        assert refusals(security_log) == []
    else:
        assert_not_found(response)
        assert [(r["target"], r["account"]) for r in refusals(security_log)] == [
            (world.pdf.id, world.agent.id)]
    # The owner is never held back from their own upload.
    assert get(client, doc_url(world.pdf), world.tokens["owner"]).status_code == 200


def test_security_38_an_agent_cannot_open_a_document_of_a_draft(session, client, world,
                                                              security_log):
    # A dossier's documents uploaded before it is submitted (ids are sequential): the
    # agent of the service gets nothing until the applicant submits.
    dossier = session.get(Dossier, world.dossier.id)
    dossier.status = "draft"
    session.add(dossier)
    session.commit()

    assert_not_found(get(client, doc_url(world.pdf), world.tokens["agent"]))
    assert [(r["target"], r["account"]) for r in refusals(security_log)] == [
        (world.pdf.id, world.agent.id)]
    assert get(client, doc_url(world.pdf), world.tokens["owner"]).status_code == 200

    # The agent who files a dossier at the counter with the person sees what they add.
    dossier.filed_by_id = world.agent.id
    session.add(dossier)
    session.commit()
    assert get(client, doc_url(world.pdf), world.tokens["agent"]).status_code == 200


def test_a_dossier_without_receipt_and_missing_things_are_not_found(session, client, world):
    assert_not_found(get(client, receipt_url(world.draft), world.tokens["owner"]))
    # A row whose file is gone is a 404, not an error page.
    storage.remove(world.png.stored_name)
    assert_not_found(get(client, doc_url(world.png), world.tokens["owner"]))
    assert_not_found(get(client, "/api/documents/999999", world.tokens["owner"]))
    assert_not_found(get(client, "/api/dossiers/999999/receipt.pdf", world.tokens["owner"]))


BAD_IDS = ["abc", "1.0", "-1", "0", "00", "+1", "1e3", "0x1", " 1", "1 ", "%201", "1%00",
           "99999999999", "999999999999", "9" * 40, "NaN", "%E2%80%AE1"]


def test_a_malformed_or_huge_id_is_not_found_never_an_error(client, world):
    for raw in BAD_IDS:
        for token in (None, world.tokens["owner"]):
            assert_not_found(get(client, f"/api/documents/{raw}", token))
            assert_not_found(get(client, f"/api/dossiers/{raw}/receipt.pdf", token))


def test_a_unicode_digit_that_is_not_a_number_is_not_found(client, world):
    for raw in ("%C2%B2", "%E2%91%A0"):  # '²' and '①'
        assert get(client, f"/api/documents/{raw}", world.tokens["owner"]).status_code == 404
        assert get(client, f"/api/dossiers/{raw}/receipt.pdf",
                   world.tokens["owner"]).status_code == 404


def test_routes_answer_only_get(client, world):
    for method in ("post", "put", "delete"):
        response = getattr(client, method)(doc_url(world.pdf),
                                           headers={"Cookie": f"{SESSION_COOKIE}="
                                                              f"{world.tokens['owner']}"})
        assert response.status_code == 405


@pytest.fixture
def on_postgresql(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                  ) -> Iterator[tuple[TestClient, World]]:
    """The product's engine on a fresh PostgreSQL database, with the same world."""
    _point_the_product_at(pg_url, tmp_path, monkeypatch)
    try:
        with Session(db.get_engine(), expire_on_commit=False) as session:
            world = build_world(session, get_settings())
        with TestClient(api, raise_server_exceptions=False) as test_client:
            yield test_client, world
    finally:
        _forget_the_product_settings()


def test_the_routes_work_the_same_on_postgresql(on_postgresql, security_log):
    client, world = on_postgresql

    assert get(client, doc_url(world.pdf), world.tokens["owner"]).content == world.pdf_bytes
    assert get(client, receipt_url(world.dossier), world.tokens["owner"]).status_code == 200
    assert_not_found(get(client, doc_url(world.pdf), world.tokens["intruder"]))
    assert_not_found(get(client, receipt_url(world.dossier), world.tokens["intruder"]))
    for raw in ("0", "2147483647", "abc"):
        assert_not_found(get(client, f"/api/documents/{raw}", world.tokens["owner"]))
        assert_not_found(get(client, f"/api/dossiers/{raw}/receipt.pdf", world.tokens["owner"]))
    assert len(refusals(security_log)) == 4


def test_an_id_beyond_postgresql_integers_is_not_found(on_postgresql):
    client, world = on_postgresql

    for raw in ("2147483648", "99999999999"):
        assert get(client, f"/api/documents/{raw}", world.tokens["owner"]).status_code == 404
        assert get(client, f"/api/dossiers/{raw}/receipt.pdf",
                   world.tokens["owner"]).status_code == 404
