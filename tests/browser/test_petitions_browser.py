"""A citizens' petition from draft to deposit, on a 360 px phone, in French and in Arabic:
the author drafts it, the representative and the deputy (each signed in) accept, it is
published, signatures reach the threshold (seeded in bulk, plus one in the browser), the
representative deposits it and gets the receipt PDF, and the register shows it deposited.
The new pages pass axe with no critical or serious violation; screenshots go to
/tmp/shots/petitions/."""

from __future__ import annotations

import os
import re
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from sqlmodel import Session, select

from counter.db import make_engine
from counter.models import Account, Petition
from counter.services.demo_petitions import PETITION_CITIZENS, _bulk_signatures, spread_counts
from counter.services.petitions import current_settings, region_provinces
from tests.browser.conftest import _database_variable, new_phone_page, open_page
from tests.browser.test_accessibility import Audit, switch_language

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/petitions")
AUTHOR, REP, DEPUTY = PETITION_CITIZENS
SIGN_IN_LABEL = re.compile("E-mail ou numéro de mobile|البريد الإلكتروني")


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def signed_in(browser: Browser, base: str, who: dict, lang: str) -> Page:
    page = new_phone_page(browser, "ar-MA" if lang == "ar" else "fr-FR")
    open_page(page, f"{base}/signin?next=/petitions/mine")
    switch_language(page, lang)
    page.get_by_label(SIGN_IN_LABEL).fill(who["email"])
    page.locator("#input-password").fill(who["password"])
    page.locator("#signin-submit").click()
    # The path itself, not the sign-in page's own "?next=/petitions/mine".
    expect(page).to_have_url(re.compile(r"^[^?]*/petitions/mine$"))
    switch_language(page, lang)
    return page


def seed_signatures(base: str, title: str) -> tuple[int, int]:
    """One signature short of the threshold, every province at its 5 % already: written in
    the app's database as a paper sheet, as the demo petitions are."""
    engine = make_engine(os.environ[_database_variable(base)])
    with Session(engine) as session:
        petition = session.exec(select(Petition).where(Petition.title == title)).one()
        settings = current_settings(session, petition.region_id)
        agent = session.exec(select(Account).where(
            Account.service_id == settings.service_id, Account.role == "agent")).first()
        minimum = settings.minimum_signatures
        per_province = -(-minimum * 5 // 100)
        _bulk_signatures(session, petition, agent, spread_counts(
            per_province, list(region_provinces(session, petition.region_id)), minimum - 1),
            petition.published_at)
        session.commit()
        petition_id = petition.id
    engine.dispose()
    return petition_id, minimum


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_petition_from_draft_to_deposit_with_its_receipt(live_app, browser, lang):
    base, audit = live_app, Audit()
    title = f"Une bibliothèque rurale {uuid.uuid4().hex[:6]}"
    words = {"fr": {"deposited": "Déposée", "collecting": "Signatures en cours"},
             "ar": {"deposited": "مودعة", "collecting": "جمع التوقيعات جار"}}[lang]

    # The author drafts it to Laâyoune-Sakia El Hamra's council (300 signatures, 15 per
    # province), naming the representative by e-mail and the deputy by CIN.
    author = audit.watch(signed_in(browser, base, AUTHOR, lang))
    open_page(author, f"{base}/petitions/new")
    switch_language(author, lang)
    expect(author.locator("#input-region option")).to_have_count(4)
    author.locator("#input-region").select_option(index=3)
    author.locator("#input-title").fill(title)
    author.locator("#input-request").fill("Ouvrir une bibliothèque dans chaque commune rurale.")
    author.locator("#input-reasons").fill("Les enfants n'ont aucun livre à moins de 30 km.")
    author.locator("#input-representative").fill("nobody@demo.example.ma")
    author.locator("#input-deputy").fill(DEPUTY["cin"])
    author.locator("#draft-submit").click()
    # A refusal shows next to its field, in the page's language.
    expect(author.locator("#input-representative-error")).to_be_visible()
    shot(author, f"1-draft-refused-{lang}")
    if lang == "fr":
        audit.page(author, "petition-new")
    author.locator("#input-representative").fill(REP["email"])
    author.locator("#draft-submit").click()
    expect(author).to_have_url(re.compile(r"/petitions/mine$"))
    mine = author.locator(".my-petition", has_text=title)
    expect(mine).to_have_attribute("data-status", "awaiting_reps")
    shot(author, f"2-mine-author-{lang}")

    # Both invitees accept, each signed in on their own phone; the representative publishes.
    for invitee in (DEPUTY, REP):
        page = audit.watch(signed_in(browser, base, invitee, lang))
        # The invitation waits on their dossiers page too, leading to their petitions.
        open_page(page, f"{base}/dossiers")
        page.locator("#petition-invitations").click()
        expect(page).to_have_url(re.compile(r"/petitions/mine$"))
        row = page.locator(".my-petition", has_text=title)
        row.locator(".accept-invitation").click()
        expect(row.locator(".accept-invitation")).to_have_count(0)
        if invitee is DEPUTY:
            page.context.close()
    rep = page
    switch_language(rep, lang)
    shot(rep, f"3-accepted-{lang}")
    if lang == "fr":
        audit.page(rep, "petitions-mine")
    rep.locator(".my-petition", has_text=title).locator(".publish-petition").click()
    expect(rep.locator(".my-petition", has_text=title)).to_have_attribute("data-status",
                                                                          "collecting")

    # One short of the threshold on paper; the author's own signature, online, reaches it.
    petition_id, minimum = seed_signatures(base, title)
    open_page(author, f"{base}/petitions/{petition_id}")
    switch_language(author, lang)
    expect(author.locator("#petition-count")).to_contain_text(str(minimum - 1))
    author.locator("#sign-province").select_option(index=2)
    author.locator("#sign-button").click()
    expect(author.locator("#sign-error")).to_be_visible()  # no statement ticked: refused
    author.locator("#sign-statement").check()
    author.locator("#sign-button").click()
    expect(author.locator("#withdraw-signature")).to_be_visible()
    expect(author.locator("#petition-count")).to_contain_text(str(minimum))
    if lang == "fr":  # withdrawn before the deposit, then given again
        author.locator("#withdraw-signature").click()
        expect(author.locator("#petition-count")).to_contain_text(str(minimum - 1))
        author.locator("#sign-statement").check()
        author.locator("#sign-button").click()
        expect(author.locator("#petition-count")).to_contain_text(str(minimum))
    expect(author.locator("#province-table tbody tr")).to_have_count(4)
    expect(author.locator("#petition-qr")).to_be_visible()
    shot(author, f"4-petition-signed-{lang}")
    if lang == "fr":
        audit.page(author, "petition")

    # The representative deposits: the receipt PDF comes at once, with its code and PIN.
    open_page(rep, f"{base}/petitions/mine")
    switch_language(rep, lang)
    with rep.expect_download() as download:
        rep.locator(".my-petition", has_text=title).locator(".deposit-petition").click()
    pdf = PdfReader(BytesIO(Path(download.value.path()).read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages)
    row = rep.locator(".my-petition", has_text=title)
    expect(row).to_have_attribute("data-status", "deposited")
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}", row.inner_text()).group(0)
    assert code in text and REP["full_name"] in text
    pin = re.search(r"(?<!\d)(\d{6})(?!\d)", text).group(1)  # the PIN
    shot(rep, f"5-deposited-{lang}")

    # The public register, signed out, shows it deposited; no signer's name anywhere.
    visitor = audit.watch(new_phone_page(browser, "ar-MA" if lang == "ar" else "fr-FR"))
    open_page(visitor, f"{base}/petitions")
    switch_language(visitor, lang)
    card = visitor.locator(".petition-row", has_text=title)
    expect(card).to_have_attribute("data-status", "deposited")
    expect(card).to_contain_text(words["deposited"])
    expect(visitor.locator(".petition-row[data-status=collecting]").first).to_contain_text(
        words["collecting"])
    assert "Signataire" not in visitor.content()
    shot(visitor, f"6-register-{lang}")
    if lang == "fr":
        audit.page(visitor, "petitions-register")
        open_page(visitor, f"{base}/petitions/{petition_id}")
        expect(visitor.locator("#petition-count")).to_be_visible()
        assert "Signataire" not in visitor.content() and AUTHOR["full_name"] not in \
            visitor.content()
    # The receipt's QR code leads to the tracking page, which shows the petition deposited,
    # the date the bureau must decide by, and the way to its public page.
    open_page(visitor, f"{base}/track?code={code}#pin={pin}")
    result = visitor.locator("#track-result")
    expect(result).to_contain_text(title)
    expect(result.locator(".status-badge").first).to_have_attribute("data-status", "deposited")
    expect(result).to_contain_text(words["deposited"])
    expect(visitor.locator("#track-petition")).to_have_attribute("href",
                                                                 f"/petitions/{petition_id}")
    shot(visitor, f"7-tracked-{lang}")
    if lang == "fr":  # (the audit reloads the page: the PIN, read once, is gone after it)
        audit.page(visitor, "petition-tracked")
    assert not audit.failures, "\n".join(audit.failures)
    for page in (author, rep, visitor):
        page.context.close()
