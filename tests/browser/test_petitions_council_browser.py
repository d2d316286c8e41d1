"""The council's side of a petition in the real product, on a 360 px phone, in French and in
Arabic: the petitions service's agent finds the deposited petition in the queue with its
two-month clock, records its admissibility (committee and session date), gets the decision
document, then publishes the council's answer; paper sheets and the region's rules too.

The petitions are made in the test through the services, on the running app's database."""

from __future__ import annotations

import os
import random
import re
import string
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from counter.db import make_engine
from counter.domain.petitions import CENSUS_2024, default_rules
from counter.models import Account, Province, Region, Service
from counter.security import hash_password
from counter.services import petitions as svc
from counter.services.demo_data import DEMO_ACCOUNTS
from counter.settings import get_settings
from tests.browser.conftest import _database_variable, new_phone_page, open_page, screenshot
from tests.browser.test_accessibility import switch_language
from tests.browser.test_backoffice_browser import sign_in
from tests.browser.test_citizen_journey import choose_file, files  # noqa: F401

pytestmark = pytest.mark.browser
PASSWORD = "Une phrase longue pour 2026"
SHOTS = Path("/tmp/shots/council")
CONSORTIUM_ADMIN = next(a for a in DEMO_ACCOUNTS
                        if a["role"] == "admin" and a["region_code"] is None)


@dataclass
class Council:
    agent_email: str
    deposited: list[int]
    collecting: int


def _letters() -> str:
    return "".join(random.choices(string.ascii_uppercase, k=2))


def seed_council(base: str, monkeypatch: pytest.MonkeyPatch, *, deposits: int = 2) -> Council:
    """Drâa-Tafilalet's petitions service and one of its agents; `deposits` citizens'
    petitions deposited with 400 paper signatures, one more collecting."""
    url = os.environ[_database_variable(base)]
    # The app's audit key: the trail written here must verify with the app's.
    monkeypatch.setenv("COUNTER_DATA_DIR", str(Path(url.removeprefix("sqlite:///")).parent))
    get_settings.cache_clear()
    engine = make_engine(url)
    prefix = _letters()
    try:
        with Session(engine, expire_on_commit=False) as session:
            region = session.exec(select(Region).where(Region.code == "DRA")).one()
            service = session.exec(select(Service).where(
                Service.code == "DRA_LEGAL_PETITIONS")).one()
            admin = session.exec(select(Account).where(
                Account.email == CONSORTIUM_ADMIN["email"])).one()
            svc.change_settings(session, admin=admin, region_id=region.id,
                                rules=default_rules(CENSUS_2024["DRA"]), service_id=service.id)

            def person(role: str, n: int, **values: object) -> Account:
                account = Account(role=role, full_name=f"Personne {prefix}{n}",
                                  cin=f"{prefix}{900_000 + n}", email=f"{prefix.lower()}{n}@t.ma",
                                  password_hash=hash_password(PASSWORD), **values)
                session.add(account)
                session.flush()
                return account

            agent = person("agent", 0, service_id=service.id)
            author, rep, deputy = person("citizen", 1), person("citizen", 2), person("citizen", 3)
            provinces = list(session.exec(select(Province.id).where(
                Province.region_id == region.id).order_by(Province.id)).all())
            petitions = []
            for n, title in enumerate(["Une ligne de bus Errachidia - Erfoud",
                                       "Un internat pour les lycéennes de Zagora",
                                       "Des panneaux solaires sur les écoles"][:deposits + 1]):
                petition = svc.draft_petition(
                    session, author=author, region_id=region.id, title=title,
                    request="Que le conseil finance ce projet.",
                    reasons="Les élèves des douars font chaque jour de longs trajets.")
                svc.invite_representatives(session, author=author, petition_id=petition.id,
                                           representative_id=rep.id, deputy_id=deputy.id)
                for who in (rep, deputy):
                    svc.answer_invitation(session, account=who, petition_id=petition.id,
                                          accept=True)
                svc.publish(session, account=rep, petition_id=petition.id)
                petitions.append(petition)
                if n == deposits:
                    break
                sheet = svc.open_sheet(session, agent=agent, petition_id=petition.id,
                                       number=f"F-{n + 1}")
                for line in range(400):
                    svc.enter_sheet_line(
                        session, agent=agent, sheet_id=sheet.id, line_number=line + 1,
                        full_name=f"Signataire {line + 1}", cin=f"{prefix}{n}{line:05d}",
                        province_id=provinces[line % len(provinces)], signed=True)
                svc.deposit(session, account=rep, petition_id=petition.id,
                            now=datetime.now(UTC))
            session.commit()
            return Council(agent.email, [p.id for p in petitions[:deposits]], petitions[-1].id)
    finally:
        engine.dispose()
        get_settings.cache_clear()


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    screenshot(page, f"council-{name}")


def _switch(page: Page, lang: str) -> None:
    # Again if a load under way (a sign-in's, which applies the account's language) puts
    # its own language back.
    switch_language(page, lang)


def _admissible_then_answer(page: Page, base: str, petition_id: int, lang: str,
                            committee: str, answer: str) -> None:
    open_page(page, f"{base}/agent/petitions")
    _switch(page, lang)
    row = page.locator(".petition-queue-row", has=page.locator(
        f"a[href='/agent/petitions/{petition_id}']"))
    expect(row).to_be_visible()
    # Two months ahead: 60 or 61 days left, nothing overdue.
    expect(row).to_contain_text(re.compile(r"6[01]"))
    expect(row.locator(".petition-overdue")).to_have_count(0)
    _shot(page, f"queue-{lang}-360")
    row.locator("a").click()
    expect(page).to_have_url(re.compile(rf"/agent/petitions/{petition_id}$"))
    expect(page.locator("#petition-total")).to_contain_text("400")
    page.locator(".signatures-summary").click()
    expect(page.locator(".signature-row").first).to_contain_text("Signataire 1")
    _shot(page, f"review-{lang}-360")

    page.locator("#action-admissible").click()
    confirm = page.locator("#action-admissible-confirm")
    expect(confirm).to_be_disabled()  # committee and session date are required
    page.locator("#decision-committee").fill(committee)
    expect(confirm).to_be_disabled()
    page.locator("#decision-session").fill("2027-03-02")
    _shot(page, f"decision-dialog-{lang}-360")
    confirm.click()
    expect(page.locator("#petition-status")).to_have_text(
        {"fr": "Recevable", "ar": "مقبولة"}[lang])
    expect(page.locator("#decision-summary")).to_contain_text(committee)
    expect(page.locator("#decision-summary")).to_contain_text("02/03/2027")
    link = page.locator("#petition-decision-link")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    _shot(page, f"admissible-{lang}-360")

    page.locator("#action-answer").click()
    page.locator("#answer-text").fill(answer)
    page.locator("#action-answer-confirm").click()
    expect(page.locator("#petition-answer")).to_have_text(answer)
    expect(page.locator("#petition-status")).to_have_text(
        {"fr": "Réponse publiée", "ar": "تم نشر الجواب"}[lang])
    expect(page.locator("#action-answer")).to_have_count(0)
    _shot(page, f"answered-{lang}-360")


def test_the_agent_records_admissibility_and_the_answer_in_french_and_arabic(
        live_app, browser: Browser, monkeypatch):
    base = live_app
    council = seed_council(base, monkeypatch)
    page = new_phone_page(browser)
    sign_in(page, base, council.agent_email, PASSWORD, r"/agent$")
    page.locator("#petitions-link").click()
    expect(page).to_have_url(re.compile(r"/agent/petitions$"))
    _admissible_then_answer(page, base, council.deposited[0], "fr",
                            "Commission du transport", "Le conseil crée la ligne en septembre.")
    _admissible_then_answer(page, base, council.deposited[1], "ar",
                            "لجنة التعليم", "قرر المجلس بناء الداخلية سنة 2027.")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # A paper sheet: the good lines are counted, the bad one stays with its message.
    open_page(page, f"{base}/agent/petitions/{council.collecting}/sheet")
    _switch(page, "fr")
    page.locator("#sheet-number").fill("P-1")
    page.locator("#line-name-1").fill("Aicha Ouhmad")
    page.locator("#line-cin-1").fill("JB123456")
    page.locator("#line-province-1").select_option(index=1)
    page.locator("#line-name-2").fill("Ligne fausse")
    page.locator("#line-cin-2").fill("123")
    page.locator("#line-province-2").select_option(index=2)
    page.locator("#sheet-save").click()
    expect(page.locator("#line-error-2")).to_be_visible()
    expect(page.locator("#line-cin-2")).to_have_value("123")
    expect(page.locator("#line-name-1")).to_have_count(0)
    expect(page.locator("#sheet-progress")).to_contain_text("1")
    _shot(page, "sheet-fr-360")
    page.context.close()


def test_the_administrator_sees_each_rule_with_its_reference_and_saves_a_version(
        live_app, browser: Browser, monkeypatch):
    base = live_app
    seed_council(base, monkeypatch, deposits=0)
    page = new_phone_page(browser)
    sign_in(page, base, CONSORTIUM_ADMIN["email"], CONSORTIUM_ADMIN["password"], r"/admin$")
    page.locator("#go-petition-settings").click()
    expect(page).to_have_url(re.compile(r"/admin/petitions$"))
    expect(page.locator(".legal-reference").first).to_contain_text("111-14")
    version = page.locator("#settings-current").inner_text()
    page.locator("#settings-days").fill("120")
    page.locator("#settings-save").click()
    expect(page.locator("#settings-current")).not_to_have_text(version)
    _switch(page, "ar")
    _shot(page, "settings-ar-360")
    page.context.close()


def test_a_citizen_registers_an_association_refused_under_three_years_then_its_statutes(
        live_app, browser: Browser, files):  # noqa: F811
    base = live_app
    citizen = next(a for a in DEMO_ACCOUNTS if a["role"] == "citizen")
    page = new_phone_page(browser)
    sign_in(page, base, citizen["email"], citizen["password"], r"/dossiers$")
    page.locator("#associations-link").click()
    expect(page).to_have_url(re.compile(r"/associations$"))
    _switch(page, "fr")  # the demo citizen's own language may be another
    number = f"DRA-{_letters()}-{random.randint(100, 999)}"

    def fill(name: str, day: str) -> None:
        page.locator("#input-name").fill(name)
        page.locator("#input-number").fill(number)
        page.locator("#input-registered_on").fill(day)
        page.locator("#association-seat").select_option(label="Drâa-Tafilalet")
        page.locator("#association-submit").click()

    young = datetime.now(UTC).date().replace(year=datetime.now(UTC).year - 2).isoformat()
    fill("Jeunes du Ziz", young)
    expect(page.get_by_text(re.compile("au moins 3 ans"))).to_be_visible()
    expect(page.locator(".association-card")).to_have_count(0)
    _shot(page, "association-refused-fr-360")
    fill("Association Oasis du Ziz", "2015-04-01")
    card = page.locator(".association-card", has_text="Association Oasis du Ziz")
    expect(card).to_contain_text("Drâa-Tafilalet")
    expect(card.locator(".association-eligibility")).to_contain_text("Peut adresser")
    expect(page.locator("#association_upload-target")).to_have_value("statutes")
    choose_file(page, files["pdf"])
    expect(card.locator(".association-document").first).to_contain_text(files["pdf"].name)
    expect(page.locator("#association_upload-target")).to_have_value("registration_receipt")
    _switch(page, "ar")
    expect(card.locator(".association-document").first).to_contain_text("النظام الأساسي")
    _shot(page, "association-ar-360")
    page.context.close()
