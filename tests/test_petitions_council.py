"""The council's side of petitions as its screens use it (issue 15): the queue's clock, the
review with the bureau's list of signatures, the decision with its document and e-mail,
the answer, paper sheets that lose no good line, and the region's settings as versions."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import Session, func, select

from counter.domain.petitions import PetitionError
from counter.i18n import t
from counter.models import OutboxMessage, Petition, PetitionSignature, StatusChange
from counter.services import petitions as svc
from counter.services import petitions_council as council
from counter.services.petition_decision_pdf import render_petition_decision
from tests.test_petitions import NOW, World, _account, _collecting, _even, _sheet_lines, _world


@pytest.fixture
def world(demo_session: Session) -> World:
    return _world(demo_session)


def _deposited(session: Session, w: World) -> Petition:
    petition = _collecting(session, w)
    _sheet_lines(session, w, petition, _even(w, 400))
    svc.deposit(session, account=w.rep, petition_id=petition.id, now=NOW)
    session.commit()
    return petition


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_queue_shows_days_left_then_overdue_past_two_months(demo_session, world):
    petition = _deposited(demo_session, world)
    soon = council.queue_rows(demo_session, agent=world.agent, lang="fr",
                              now=NOW + timedelta(days=10))
    assert [(r["id"], r["overdue"], r["left"]) for r in soon] == [
        (str(petition.id), "", t("council.days_left", "fr", n=51))]
    assert soon[0]["due"] == "02/05/2026" and soon[0]["signatures"] == "400"
    late = council.queue_rows(demo_session, agent=world.agent, lang="ar",
                              now=NOW + timedelta(days=62))
    assert late[0]["overdue"] == "1"
    assert late[0]["left"] == t("council.days_late", "ar", n=1)


def test_only_the_petitions_service_sees_the_queue_and_the_signatures(demo_session, world):
    petition = _deposited(demo_session, world)
    outsider = _account(demo_session, "ZZ9", "agent", service_id=None)
    with pytest.raises(PetitionError):
        council.queue_rows(demo_session, agent=outsider, lang="fr")
    with pytest.raises(PetitionError) as caught:
        council.review_view(demo_session, agent=world.author, petition_id=petition.id, lang="fr")
    assert caught.value.code == "petition.forbidden"


def test_the_review_shows_counts_per_province_and_which_sheet_each_signature_came_from(
        demo_session, world):
    petition = _deposited(demo_session, world)
    view = council.review_view(demo_session, agent=world.agent, petition_id=petition.id,
                               lang="en", now=NOW)
    assert view["can_decide"] and not view["can_answer"]
    assert [row["count"] for row in view["provinces"]] == [
        str(n) for n in _even(world, 400).values()]
    assert all(row["met"] == "1" and row["minimum"] == "20" for row in view["provinces"])
    assert len(view["signatures"]) == 400
    first = view["signatures"][0]
    assert first["cin"] == "PX1" and first["name"] == "Signataire 1"
    assert first["channel"] == "Paper"
    assert first["sheet"] == t("council.sheet_line", "en", sheet="PX-5", line=1)
    assert view["header"]["total"] == t("council.total", "en", n=400, minimum=400)


def test_admissibility_needs_committee_and_session_and_is_audited_and_mailed(demo_session, world):
    session, w = demo_session, world
    petition = _deposited(session, w)
    version = petition.version
    with pytest.raises(PetitionError) as caught:
        council.record_decision(session, agent=w.agent, petition_id=petition.id,
                                version=version, admissible=True, committee="Transport")
    assert caught.value.code == "petition.committee_session_required"
    session.rollback()
    assert session.exec(select(func.count()).select_from(OutboxMessage)).one() == 0

    council.record_decision(session, agent=w.agent, petition_id=petition.id, version=version,
                            admissible=True, committee="Commission du transport",
                            session_on=date(2026, 3, 9), now=NOW + timedelta(days=5))
    session.commit()
    assert petition.status == "admissible"
    change = session.exec(select(StatusChange).where(StatusChange.petition_id == petition.id)
                          .order_by(StatusChange.id.desc())).first()
    assert (change.from_status, change.to_status, change.actor_id) == (
        "deposited", "admissible", w.agent.id)
    mail = session.exec(select(OutboxMessage)).one()
    assert mail.to_address == w.rep.email and mail.kind == "petition_decision"
    assert "Commission du transport" in mail.body and "09/03/2026" in mail.body
    assert petition.tracking_code in mail.subject

    doc = council.decision_document(session, account=w.agent, petition_id=petition.id,
                                    lang="fr")
    text = _text(render_petition_decision(doc))
    assert "PÉTITION RECEVABLE" in text and "Commission du transport" in text
    assert "09/03/2026" in text
    # The representative may have it too; another citizen may not.
    council.decision_document(session, account=w.rep, petition_id=petition.id, lang="fr")
    with pytest.raises(PetitionError):
        council.decision_document(session, account=w.deputy, petition_id=petition.id,
                                  lang="fr")


def test_a_refusal_needs_reasons_which_the_document_and_the_mail_carry(demo_session, world):
    session, w = demo_session, world
    petition = _deposited(session, w)
    with pytest.raises(PetitionError) as caught:
        council.record_decision(session, agent=w.agent, petition_id=petition.id,
                                version=petition.version, admissible=False, reasons="  ")
    assert caught.value.code == "petition.reasons_required"
    session.rollback()
    council.record_decision(session, agent=w.agent, petition_id=petition.id,
                            version=petition.version, admissible=False,
                            reasons="La demande relève de la commune.")
    session.commit()
    assert petition.status == "refused"
    assert "La demande relève de la commune." in session.exec(select(OutboxMessage)).one().body
    doc = council.decision_document(session, account=w.agent, petition_id=petition.id,
                                    lang="ar")
    pdf = render_petition_decision(doc)
    assert PdfReader(io.BytesIO(pdf)).metadata.title == t("council.pdf.title", "ar")
    assert w.rep.full_name not in _text(pdf)


def test_a_decision_on_a_stale_screen_is_a_conflict(demo_session, world):
    petition = _deposited(demo_session, world)
    with pytest.raises(PetitionError) as caught:
        council.record_decision(demo_session, agent=world.agent, petition_id=petition.id,
                                version=petition.version - 1, admissible=False, reasons="x")
    assert caught.value.code == "petition.conflict"


def test_the_answer_is_published_after_admissibility_and_mailed(demo_session, world):
    session, w = demo_session, world
    petition = _deposited(session, w)
    council.record_decision(session, agent=w.agent, petition_id=petition.id,
                            version=petition.version, admissible=True, committee="Transport",
                            session_on=date(2026, 3, 9))
    session.commit()
    view = council.review_view(session, agent=w.agent, petition_id=petition.id, lang="fr")
    assert view["can_answer"] and not view["can_decide"]
    council.record_answer(session, agent=w.agent, petition_id=petition.id,
                          version=view["version"], text="La ligne ouvre en septembre.")
    session.commit()
    assert petition.status == "answered"
    assert svc.register_rows(session, "DRA")[0]["answer"] == "La ligne ouvre en septembre."
    assert session.exec(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.kind == "petition_answer")).one() == 1


def test_a_sheet_keeps_its_good_lines_and_reports_each_bad_one(demo_session, world):
    session, w = demo_session, world
    petition = _collecting(session, w)
    svc.sign(session, account=w.author, petition_id=petition.id,
             province_id=next(iter(w.provinces.values())), basis="residence", statement=True,
             now=NOW)
    session.commit()
    province = next(iter(w.provinces.values()))
    lines = [
        council.SheetLine(1, "Ahmed A.", "QA100", province, True),
        council.SheetLine(2, "Bad CIN", "12AB", province, True),
        council.SheetLine(3, "Signed online", w.author.cin, province, True),
        council.SheetLine(4, "No signature", "QA104", province, False),
        council.SheetLine(5, "Fatima B.", "qa105", province, True),
        council.SheetLine(6, "Same as line 1", "QA100", province, True),
    ]
    result = council.enter_sheet(session, agent=w.agent, petition_id=petition.id,
                                 number="F-7", lines=lines, lang="ar", now=NOW)
    session.commit()
    assert (result.kept, result.not_signed) == (2, 1)
    assert set(result.problems) == {2, 3, 6}
    assert result.problems[3] == t("petition.cin_counted_online", "ar")
    assert result.problems[6] == t("petition.cin_counted_on_sheet", "ar", sheet="F-7")
    cins = set(session.exec(select(PetitionSignature.cin).where(
        PetitionSignature.petition_id == petition.id)).all())
    assert cins == {w.author.cin, "QA100", "QA105"}
    # The corrected line, entered again on the same sheet, counts.
    again = council.enter_sheet(session, agent=w.agent, petition_id=petition.id, number="F-7",
                                lines=[council.SheetLine(2, "Bad CIN", "QA102", province, True)],
                                lang="ar", now=NOW)
    session.commit()
    assert (again.kept, again.problems) == (1, {})
    assert council.sheet_progress(session, petition.id, "fr") == t(
        "council.sheet_progress", "fr", n=4, paper=3, minimum=400)


def test_settings_are_versions_shown_with_their_reference(demo_session, world):
    session, w = demo_session, world
    petition = _collecting(session, w)
    before = council.settings_view(session, admin=w.admin, region_id=w.region.id, lang="fr")
    assert before["current"]["minimum"] == "400"
    assert "111-14" in before["current"]["legal_reference"]
    with pytest.raises(PetitionError) as caught:
        council.save_settings(session, admin=w.admin, region_id=w.region.id, minimum="six cents",
                              spread="5", bases=["voter"], days="90", legal_reference="x",
                              source="y", service_id=w.agent.service_id)
    assert caught.value.code == "council.settings_number_invalid"
    saved = council.save_settings(
        session, admin=w.admin, region_id=w.region.id, minimum="600", spread="5",
        bases=["voter"], days="120", legal_reference="Page du conseil",
        source="Site du conseil régional", service_id=w.agent.service_id)
    session.commit()
    after = council.settings_view(session, admin=w.admin, region_id=w.region.id, lang="fr")
    assert after["current"]["version"] == str(saved.version)
    assert after["current"]["minimum"] == "600" and after["current"]["bases"] == ["voter"]
    assert [v["petitions"] for v in after["versions"]][:2] == ["0", "1"]
    assert session.get(Petition, petition.id).settings_id != saved.id
    assert svc.register_rows(session, "DRA")[0]["minimum"] == 400


def test_a_region_administrator_cannot_change_another_region(demo_session, world):
    from counter.services.scope import OutOfScope

    session, w = demo_session, world
    region_admin = _account(session, "RA1", "admin", region_id=w.region.id + 1)
    with pytest.raises(OutOfScope):
        council.settings_view(session, admin=region_admin, region_id=w.region.id, lang="fr")


def test_the_transparency_rows_give_the_share_decided_within_two_months(demo_session, world):
    session, w = demo_session, world
    # Deposited 2 March, 1 April, 1 May and 31 May (due 2 May, 1 June, 1 July, 31 July):
    # the first decided after 20 days, the second after 70 (late), the others not at all.
    for n, days_to_decision in enumerate([20, 70, None, None]):
        petition = _collecting(session, w)
        _sheet_lines(session, w, petition, _even(w, 400), prefix=f"Q{'ABCD'[n]}")
        start = NOW + timedelta(days=30 * n)
        svc.deposit(session, account=w.rep, petition_id=petition.id, now=start)
        if days_to_decision is not None:
            svc.decide(session, agent=w.agent, petition_id=petition.id, admissible=False,
                       reasons="R", now=start + timedelta(days=days_to_decision))
        session.commit()

    def shown(month: int, day: int, lang: str = "fr") -> dict[str, dict[str, str]]:
        now = NOW.replace(month=month, day=day)
        return {row["region"]: row for row in council.two_month_rows(session, lang, now=now)}

    # 20 July: the two decided and the third (past 1 July) count, the fourth is not due.
    july = shown(7, 20)
    assert (july["DRA"]["counted"], july["DRA"]["in_time"], july["DRA"]["share"]) == (
        "3", "1", "33\u00a0%")
    # 5 August: all four count, one in time.
    august = shown(8, 5, "en")
    assert (august["DRA"]["counted"], august["DRA"]["share"]) == ("4", "25%")
    assert august[""]["counted"] == "4" and august[""]["value"] == "25.0"
    assert august["ORI"]["counted"] == "0" and august["ORI"]["share"] == "—"
    assert august["ORI"]["value"] == ""
