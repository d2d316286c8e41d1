"""Deadlines as the law writes them (issue 9, points 4 and 5): working days on the region's
calendar, the one complement request, the one extension, urgent requests, holiday
corrections by scope; each checked against a count written here, independently."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from counter.domain.workdays import package_holidays
from counter.i18n import LOCAL_TIME
from counter.models import Account, Dossier, Message, OutboxMessage, Role, Service, StatusChange
from counter.services import holidays, jobs, review
from counter.services.accounts import create_staff
from counter.services.dossiers import (
    DossierError,
    answer_request,
    attach_document,
    progress,
    save_field,
    set_urgent,
    start_draft,
    submit_own,
)
from counter.services.holidays import HolidayError
from counter.services.indicators import compute_indicators
from counter.services.scope import OutOfScope

PASSWORD = "Figuier de Barbarie 1987"
ACCESS = {"information_requested": "Budget 2025 des routes rurales",
          "delivery_format": "electronic"}
# Wednesday 13 May 2026, 10:00 in Morocco (UTC+1 outside Ramadan).
FILED = datetime(2026, 5, 13, 9, 0, tzinfo=UTC)


def working_days_after(start: datetime, n: int, holidays_: set[date]) -> datetime:
    """Independent count: the same local hour on the n-th working day after `start`'s day
    (start on a working day), skipping weekends and the given holidays."""
    local = start.astimezone(LOCAL_TIME)
    day, counted = local.date(), 0
    while counted < n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays_:
            counted += 1
    return datetime.combine(day, local.timetz()).replace(tzinfo=LOCAL_TIME).astimezone(UTC)


def morocco(year: int) -> set[date]:
    return set(package_holidays(year))


def citizen(session: Session) -> Account:
    return session.exec(select(Account).where(Account.role == Role.CITIZEN)).one()


def agent_of(session: Session, service_code: str) -> Account:
    service = session.exec(select(Service).where(Service.code == service_code)).one()
    agent = create_staff(session, role="agent", full_name="Agent", password=PASSWORD,
                         email=f"{service_code.lower()}@agents.example.ma",
                         service_id=service.id)
    session.commit()
    return agent


def filed_access_request(session: Session, *, region: str = "DRA", urgent: bool = False,
                         at: datetime = FILED) -> Dossier:
    account = citizen(session)
    dossier = start_draft(session, account=account, procedure_code=f"{region}_ACCESS_INFO")
    for code, value in ACCESS.items():
        assert save_field(session, account=account, dossier_id=dossier.id, code=code,
                          value=value) is None
    if urgent:
        set_urgent(session, account=account, dossier_id=dossier.id, urgent=True)
    session.commit()
    result = submit_own(session, account=account, dossier_id=dossier.id, now=at)
    session.commit()
    return result.dossier


def fresh(session: Session, dossier: Dossier) -> Dossier:
    return session.get(Dossier, dossier.id, populate_existing=True)


# --- working days ------------------------------------------------------------------------


def test_an_access_request_is_due_in_20_working_days_across_eid_al_adha(
        demo_session, private_settings):
    session = demo_session
    dossier = filed_access_request(session)
    expected = working_days_after(FILED, 20, morocco(2026))
    assert dossier.due_at == expected
    # Eid al-Adha (27-28/05/2026) and four weekends: 12 June, not 2 June.
    assert expected.astimezone(LOCAL_TIME).date() == date(2026, 6, 12)
    info = progress(session, dossier, now=FILED + timedelta(days=7))
    assert info["unit"] == "working" and info["deadline_days"] == 20
    assert info["used_days"] == pytest.approx(5.0)  # Wed..Tue: 5 working days
    assert not info["overdue"]


def test_an_urgent_request_is_due_in_3_working_days(demo_session, private_settings):
    session = demo_session
    friday = datetime(2026, 5, 15, 9, 0, tzinfo=UTC)
    dossier = filed_access_request(session, urgent=True, at=friday)
    assert dossier.due_at == working_days_after(friday, 3, morocco(2026))
    assert dossier.due_at.astimezone(LOCAL_TIME).date() == date(2026, 5, 20)  # Wednesday


def test_a_procedure_without_urgency_cannot_be_marked_urgent(demo_session):
    session = demo_session
    account = citizen(session)
    draft = start_draft(session, account=account, procedure_code="DRA_SCHOOL_TRANSPORT_GRANT")
    with pytest.raises(DossierError) as caught:
        set_urgent(session, account=account, dossier_id=draft.id, urgent=True)
    assert caught.value.code == "error.urgent_not_allowed"


def due_dates_job(engine) -> list[str]:
    """Runs the `due_dates` job if it is due (as the runners do); returns what ran."""
    spec = [job for job in jobs.product_jobs() if job.name == "due_dates"]
    return [outcome.name for outcome in jobs.run_due(engine, spec) if outcome.error is None]


def test_a_corrected_lunar_holiday_moves_open_due_dates_of_its_region_only(
        demo_session, sqlite_url, product_on):
    session = demo_session
    product_on(sqlite_url)
    engine = session.get_bind()
    assert due_dates_job(engine) == ["due_dates"]  # the first round runs every job
    dra = filed_access_request(session, region="DRA")
    ori = filed_access_request(session, region="ORI", at=FILED + timedelta(minutes=1))
    consortium = session.exec(select(Account).where(
        Account.email == "admin@demo.example.ma")).one()
    region_admin = session.exec(select(Account).where(
        Account.email == "admin-dra@demo.example.ma")).one()

    # Eid al-Adha announced a day later in Drâa-Tafilalet (an illustration): 28-29 May.
    holidays.correct(session, admin=region_admin, day="27/05/2026", region_code="DRA",
                     is_holiday=False, reason="Communiqué")
    holidays.correct(session, admin=region_admin, day="29/05/2026", region_code="DRA",
                     is_holiday=True, name={"fr": "Aïd Al Adha", "ar": "عيد الأضحى",
                                            "en": "Eid al-Adha"})
    session.commit()
    assert due_dates_job(engine) == ["due_dates"]  # made due by the correction

    corrected = (morocco(2026) - {date(2026, 5, 27)}) | {date(2026, 5, 29)}
    assert fresh(session, dra).due_at == working_days_after(FILED, 20, corrected)
    assert fresh(session, ori).due_at == working_days_after(FILED + timedelta(minutes=1), 20,
                                                            morocco(2026))
    # A national correction is the consortium's; a region's administrator is refused.
    with pytest.raises(OutOfScope):
        holidays.correct(session, admin=region_admin, day="01/06/2026", is_holiday=True,
                         name={"fr": "X", "ar": "س", "en": "X"})
    session.rollback()
    holidays.correct(session, admin=consortium, day="01/06/2026", is_holiday=True,
                     name={"fr": "Jour férié", "ar": "عطلة", "en": "Holiday"})
    session.commit()
    assert due_dates_job(engine) == ["due_dates"]
    national = morocco(2026) | {date(2026, 6, 1)}
    assert fresh(session, ori).due_at == working_days_after(FILED + timedelta(minutes=1), 20,
                                                            national)
    rows = holidays.year_rows(session, admin=region_admin, year=2026, lang="fr")
    assert {r["kind"] for r in rows} == {"package", "added", "removed"}


@pytest.mark.parametrize("day", ["31/02/2026", "2026-13-01", "demain", "", "01/01/1850"])
def test_a_holiday_correction_with_a_bad_date_is_refused_and_changes_nothing(
        demo_session, day):
    session = demo_session
    admin = session.exec(select(Account).where(Account.email == "admin@demo.example.ma")).one()
    with pytest.raises(HolidayError) as caught:
        holidays.correct(session, admin=admin, day=day, is_holiday=True,
                         name={"fr": "X", "ar": "س", "en": "X"})
    assert caught.value.errors == {"day": "error.holiday_date"}


def test_on_time_for_working_day_procedures_follows_the_working_day_count(
        demo_session, private_settings):
    session = demo_session
    agent = agent_of(session, "DRA_COMM_INFO")
    due = working_days_after(FILED, 20, morocco(2026))
    on_time = filed_access_request(session)
    late = filed_access_request(session, at=FILED + timedelta(seconds=1))
    # 27 calendar days after filing: past a 20-calendar-day count, within 20 working days.
    for dossier, decided in ((on_time, FILED + timedelta(days=27)),
                             (late, due + timedelta(days=1))):
        dossier = fresh(session, dossier)
        review.take(session, agent=agent, dossier_id=dossier.id, version=dossier.version,
                    now=decided - timedelta(hours=1))
        dossier = fresh(session, dossier)
        review.decide(session, agent=agent, dossier_id=dossier.id, version=dossier.version,
                      accept=True, now=decided)
        session.commit()
    report = compute_indicators(session, date_from=None, date_to=None,
                                now=due + timedelta(days=2))
    row = next(p for p in report.procedures if p["procedure_code"] == "DRA_ACCESS_INFO")
    assert row["decided_count"] == 2
    assert row["on_time_pct"] == pytest.approx(50.0)
    assert row["median_admin_days"] > 20  # the published figure stays in calendar days


# --- the one complement request (law 55-19) -----------------------------------------------


def note_dossier(session: Session, received) -> Dossier:
    account = citizen(session)
    dossier = start_draft(session, account=account, procedure_code="DRA_URBAN_INFORMATION_NOTE")
    for code, value in {"plot_location": "Douar Tizgui", "plot_area_m2": "1200",
                        "province": "ouarzazate"}.items():
        assert save_field(session, account=account, dossier_id=dossier.id, code=code,
                          value=value) is None
    for doc_code in ("site_plan", "cadastral_plan"):
        attach_document(session, account=account, dossier_id=dossier.id, doc_code=doc_code,
                        received=received(f"{doc_code}.pdf"))
    session.commit()
    submit_own(session, account=account, dossier_id=dossier.id, now=FILED)
    session.commit()
    return fresh(session, dossier)


def under_review(session: Session, agent: Account, dossier: Dossier) -> Dossier:
    review.take(session, agent=agent, dossier_id=dossier.id, version=dossier.version,
                now=FILED + timedelta(days=1))
    session.commit()
    return fresh(session, dossier)


def test_a_complement_asks_for_listed_items_once_and_the_answer_gives_exactly_those(
        demo_session, received, private_settings):
    session = demo_session
    agent = agent_of(session, "DRA_URBANISM")
    dossier = under_review(session, agent, note_dossier(session, received))
    account = citizen(session)

    # Only what the procedure lists, at least one item.
    for items in ([], ["doc:passport"], ["field:salary"], ["doc:site_plan", "doc:nope"]):
        with pytest.raises(DossierError) as caught:
            review.request_information(session, agent=agent, dossier_id=dossier.id,
                                       version=dossier.version, items=items, message="x")
        assert caught.value.code == "error.complement_items", items
        session.rollback()
    asked = datetime.now(UTC)  # the files below are uploaded after it, as in real life
    review.request_information(session, agent=agent, dossier_id=dossier.id,
                               version=dossier.version, items=["doc:site_plan",
                                                               "field:plot_area_m2"],
                               message="Le plan n'est pas lisible.", now=asked)
    session.commit()
    dossier = fresh(session, dossier)
    assert dossier.complement_items == ["doc:site_plan", "field:plot_area_m2"]
    request = session.exec(select(Message).where(Message.dossier_id == dossier.id,
                                                 Message.kind == "info_request")).one()
    # In the dossier's language (this applicant's is Arabic), with the agent's note.
    assert "تصميم الموقع" in request.body and "مساحة الأرض" in request.body
    assert "Le plan n'est pas lisible." in request.body

    # The answer cannot touch what was not asked for...
    with pytest.raises(DossierError) as caught:
        attach_document(session, account=account, dossier_id=dossier.id,
                        doc_code="cadastral_plan", received=received("other.pdf"))
    assert caught.value.code == "error.document_not_requested"
    session.rollback()
    with pytest.raises(DossierError):
        save_field(session, account=account, dossier_id=dossier.id, code="plot_location",
                   value="Ailleurs")
    session.rollback()
    # ...and must give all of it.
    with pytest.raises(DossierError) as caught:
        answer_request(session, account=account, dossier_id=dossier.id, message="Voici")
    assert caught.value.errors == {"doc:site_plan": "error.document_missing"}
    session.rollback()
    attach_document(session, account=account, dossier_id=dossier.id, doc_code="site_plan",
                    received=received("site_plan_v2.pdf"))
    assert save_field(session, account=account, dossier_id=dossier.id, code="plot_area_m2",
                      value="1250") is None
    answer_request(session, account=account, dossier_id=dossier.id, message="")
    session.commit()
    dossier = fresh(session, dossier)
    assert dossier.status == "in_review" and dossier.form_data["plot_area_m2"] == 1250
    # The replaced document stays in the dossier's history.
    from counter.services.dossiers import documents_of
    assert [d.doc_code for d in documents_of(session, dossier.id)].count("site_plan") == 2

    # A second request is refused with a message naming the law; nothing changes.
    with pytest.raises(DossierError) as caught:
        review.request_information(session, agent=agent, dossier_id=dossier.id,
                                   version=dossier.version, items=["doc:cadastral_plan"])
    assert caught.value.code == "error.complement_once"
    session.rollback()
    assert fresh(session, dossier).status == "in_review"
    assert session.exec(select(StatusChange).where(
        StatusChange.dossier_id == dossier.id,
        StatusChange.to_status == "info_requested")).all().__len__() == 1


@pytest.mark.parametrize("clock", ["resume", "restart"])
def test_the_answer_resumes_or_restarts_the_administrations_clock(
        demo_session, received, private_settings, clock):
    session = demo_session
    agent = agent_of(session, "DRA_URBANISM")
    dossier = under_review(session, agent, note_dossier(session, received))
    dossier.form_schema = {**dossier.form_schema, "complement_clock": clock}
    session.add(dossier)
    session.commit()
    dossier = fresh(session, dossier)
    deadline = timedelta(days=dossier.form_schema["legal_deadline_days"])
    asked, answered = FILED + timedelta(days=2), FILED + timedelta(days=6)
    review.request_information(session, agent=agent, dossier_id=dossier.id,
                               version=dossier.version, items=["field:plot_area_m2"], now=asked)
    session.commit()
    save_field(session, account=citizen(session), dossier_id=dossier.id, code="plot_area_m2",
               value="1300")
    answer_request(session, account=citizen(session), dossier_id=dossier.id, message="",
                   now=answered)
    session.commit()
    expected = (FILED + deadline + (answered - asked)) if clock == "resume" else (
        answered + deadline)
    assert fresh(session, dossier).due_at == expected


# --- the one extension (law 31-13) --------------------------------------------------------


def test_an_access_request_is_extended_once_by_20_working_days_and_the_applicant_is_told(
        demo_session, private_settings):
    session = demo_session
    agent = agent_of(session, "DRA_COMM_INFO")
    dossier = under_review(session, agent, filed_access_request(session))
    for reason in ("", "   "):
        with pytest.raises(DossierError):
            review.extend_deadline(session, agent=agent, dossier_id=dossier.id,
                                   version=dossier.version, reason=reason)
        session.rollback()
    review.extend_deadline(session, agent=agent, dossier_id=dossier.id,
                           version=dossier.version, reason="Documents aux archives de Midelt",
                           now=FILED + timedelta(days=3))
    session.commit()
    dossier = fresh(session, dossier)
    assert dossier.due_at == working_days_after(FILED, 40, morocco(2026))
    assert dossier.extension_reason == "Documents aux archives de Midelt"
    info = progress(session, dossier, now=FILED + timedelta(days=7))
    assert info["deadline_days"] == 40
    mail = session.exec(select(OutboxMessage).where(OutboxMessage.dossier_id == dossier.id,
                                                    OutboxMessage.kind == "extended")).one()
    assert "Documents aux archives de Midelt" in mail.body
    with pytest.raises(DossierError) as caught:
        review.extend_deadline(session, agent=agent, dossier_id=dossier.id,
                               version=dossier.version, reason="Encore")
    assert caught.value.code == "error.extension_once"
    session.rollback()
    assert fresh(session, dossier).due_at == working_days_after(FILED, 40, morocco(2026))


def test_an_urgent_request_is_extended_by_3_working_days(demo_session, private_settings):
    session = demo_session
    agent = agent_of(session, "DRA_COMM_INFO")
    dossier = under_review(session, agent, filed_access_request(session, urgent=True))
    review.extend_deadline(session, agent=agent, dossier_id=dossier.id,
                           version=dossier.version, reason="Recherche en cours")
    session.commit()
    assert fresh(session, dossier).due_at == working_days_after(FILED, 6, morocco(2026))


def test_a_procedure_without_extension_cannot_be_extended(demo_session, received,
                                                          private_settings):
    session = demo_session
    agent = agent_of(session, "DRA_URBANISM")
    dossier = under_review(session, agent, note_dossier(session, received))
    with pytest.raises(DossierError) as caught:
        review.extend_deadline(session, agent=agent, dossier_id=dossier.id,
                               version=dossier.version, reason="Pourquoi pas")
    assert caught.value.code == "error.extension_not_allowed"
