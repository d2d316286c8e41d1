"""What the citizens' petition screens read and show: the invitee found by e-mail or CIN, a
person's petitions and invitations, the public page's row and bars, the deposit receipt
(code, PIN, QR) and the shareable QR code, never a signer's name."""

from __future__ import annotations

import base64
import io

from pypdf import PdfReader
from sqlmodel import select

from counter.models import Account, Petition, Region
from counter.services import petition_views as views
from counter.services import petitions
from counter.services.demo_petitions import load_demo_petitions
from counter.states.petitions import province_bars, register_view


def _citizen(session, email: str) -> Account:
    return session.exec(select(Account).where(Account.email == email)).one()


def test_an_invitee_is_found_by_email_or_cin_and_only_as_a_citizen(demo_session):
    load_demo_petitions(demo_session)
    rep = _citizen(demo_session, "representant@demo.example.ma")
    assert views.find_citizen(demo_session, "Representant@demo.example.ma ").id == rep.id
    assert views.find_citizen(demo_session, "jb 200002").id == rep.id
    assert views.find_citizen(demo_session, "petitions@demo.example.ma") is None  # an agent
    assert views.find_citizen(demo_session, "nobody@demo.example.ma") is None
    assert views.find_citizen(demo_session, "not a cin") is None
    assert views.find_citizen(demo_session, "") is None


def test_an_invitation_is_pending_for_the_invitee_until_accepted(demo_session):
    load_demo_petitions(demo_session)
    author = _citizen(demo_session, "promotrice@demo.example.ma")
    rep = _citizen(demo_session, "representant@demo.example.ma")
    deputy = _citizen(demo_session, "suppleante@demo.example.ma")
    region = demo_session.exec(select(Region).where(Region.code == "LSH")).one()
    petition = petitions.draft_petition(demo_session, author=author, region_id=region.id,
                                        title="Éclairage public", request="Des lampadaires.",
                                        reasons="La route est sombre.")
    petitions.invite_representatives(demo_session, author=author, petition_id=petition.id,
                                     representative_id=rep.id, deputy_id=deputy.id)
    mine = {p.id: p for p in views.my_petitions(demo_session, rep)}
    assert mine[petition.id].invitation_pending and mine[petition.id].role == "representative"
    assert not mine[petition.id].both_accepted
    assert not views.my_petitions(demo_session, author)[0].invitation_pending
    for invitee in (rep, deputy):
        petitions.answer_invitation(demo_session, account=invitee, petition_id=petition.id,
                                    accept=True)
    mine = {p.id: p for p in views.my_petitions(demo_session, rep)}
    assert not mine[petition.id].invitation_pending and mine[petition.id].both_accepted
    # A stranger sees none of it.
    stranger = _citizen(demo_session, "citoyen@demo.example.ma")
    assert views.my_petitions(demo_session, stranger) == []


def test_a_draft_has_no_public_page_a_published_one_has_no_signer_name(demo_session):
    load_demo_petitions(demo_session)
    author = _citizen(demo_session, "promotrice@demo.example.ma")
    region = demo_session.exec(select(Region)).first()
    draft = petitions.draft_petition(demo_session, author=author, region_id=region.id,
                                     title="Brouillon", request="R", reasons="M")
    assert views.public_petition(demo_session, draft.id) is None
    assert views.public_petition(demo_session, 999_999) is None
    deposited = demo_session.exec(select(Petition).where(Petition.status == "deposited")).first()
    row = views.public_petition(demo_session, deposited.id)
    assert row["reasons"] == deposited.reasons and row["signatures"] >= row["minimum"]
    assert "Signataire de démonstration" not in repr(row)


def test_the_province_bars_mark_the_spread_rule_and_say_which_provinces_are_short():
    row = {"per_province_minimum": 20, "per_province": {"a": 40, "b": 20, "c": 19}}
    names = {"a": {"fr": "Alpha", "ar": "ألفا"}, "b": {"fr": "Bêta"}, "c": {"fr": "Gamma"}}
    bars = province_bars(row, names, "ar")
    assert [b["name"] for b in bars] == ["ألفا", "Bêta", "Gamma"]
    assert [b["met"] for b in bars] == ["yes", "yes", "no"]
    assert bars[0]["width"] == "100.0%" and bars[0]["mark"] == "50.0%"
    assert bars[2]["width"] == "47.5%"
    assert bars[2]["met_label"] == "ليس بعد"


def test_a_register_row_reads_in_the_readers_language_with_its_dates():
    row = {"id": 7, "title": "T", "status": "deposited", "region": "DRA",
           "published_on": "2026-03-01", "closes_on": "2026-05-30",
           "deposited_on": "2026-04-02", "signatures": 437, "minimum": 400}
    view = register_view(row, {"fr": "Drâa-Tafilalet", "ar": "درعة تافيلالت"}, "ar")
    assert view["region"] == "درعة تافيلالت" and view["status_label"] == "مودعة"
    assert view["deposited_on"] == "02/04/2026" and "437" in view["count"]
    assert view["href"] == "/petitions/7"
    assert register_view(row, {"fr": "X"}, "fr")["count"] == "437 signatures sur 400 requises"


def test_the_deposit_receipt_carries_the_code_the_pin_and_the_region(demo_session,
                                                                      private_settings):
    load_demo_petitions(demo_session)
    rep = _citizen(demo_session, "representant@demo.example.ma")
    petition = demo_session.exec(select(Petition).where(Petition.status == "collecting")).first()
    receipt = petitions.DepositReceipt("AB12CD34", "123456", petition.published_at,
                                       petition.published_at, "https://x.example/track"
                                       "?code=AB12CD34#pin=123456")
    pdf = views.deposit_receipt(demo_session, account=rep, petition_id=petition.id,
                                receipt=receipt, lang="fr")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "AB12CD34" in text and "123456" in text
    assert "Mohamed Idbelkas" in text  # the representative's own receipt
    # Its law, not the dossiers' 55-19; the petition's number; the petition's tracking.
    flat = " ".join(text.split())
    assert "111-14" in flat and "55-19" not in flat
    assert f"Numéro de la pétition {petition.id}" in flat
    assert "Suivre votre pétition" in flat and "dossier" not in flat.lower()
    assert "Signataire" not in text


def test_the_share_qr_code_is_an_svg_image_of_the_link():
    src = views.qr_image("https://counter.example/petitions/12")
    assert src.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(src.split(",", 1)[1]).decode()
    assert svg.startswith("<svg") and "<script" not in svg and svg.count("h4v4") > 100
