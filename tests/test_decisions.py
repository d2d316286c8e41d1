import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from passlib.context import CryptContext
from pypdf import PdfReader
from reportlab.graphics.barcode.qr import QrCodeWidget
from sqlmodel import Session, select

from counter import security
from counter.domain.clock import decided_days
from counter.domain.identifiers import TRACKING_ALPHABET, InvalidIdentifier
from counter.i18n import CATALOGS, LANGUAGES, area_keys, t
from counter.models import Dossier, Procedure, Region, Service
from counter.services import pdf
from counter.services.decisions import (
    DecisionData,
    decision_data_for,
    new_verification_code,
    normalize_verification_code,
    qr_payload,
    render_decision,
    verification_view,
)
from counter.services.seed import load_demo_data

CODE = "K7QM-3XTR-9PWD"
URL = f"https://guichet.souss-massa.example.ma/verify?code={CODE}"
REASON = (
    "Le procès-verbal de la dernière assemblée générale n'a pas été fourni.\n\n"
    "Le budget prévisionnel dépasse le plafond fixé par l'appel à projets 2026."
)
PROCEDURE = {
    "fr": "Demande de subvention pour une association",
    "ar": "طلب منحة لفائدة جمعية",
    "en": "Association grant application",
}
VIEW_KEYS = {"verification_code", "decision", "decision_label", "decided_on", "procedure",
             "service"}
CHEAP_HASHING = CryptContext(
    schemes=["argon2"], argon2__memory_cost=64, argon2__rounds=1, argon2__parallelism=1
)


def decision(lang: str = "fr", outcome: str = "rejected", **changes: object) -> DecisionData:
    data = DecisionData(
        lang=lang,
        region_name={"fr": "Souss-Massa", "ar": "سوس ماسة", "en": "Souss-Massa"},
        service_name={
            "fr": "Service des partenariats et de la coopération",
            "ar": "مصلحة الشراكات والتعاون",
            "en": "Partnerships and Cooperation Service",
        },
        procedure_name=PROCEDURE,
        procedure_code="ASSOC_GRANT",
        tracking_code="P4RT-8HNW",
        applicant_name="Fatima-Zahra Benali",
        decision=outcome,
        reason=REASON,
        decided_at=datetime(2026, 6, 1, 14, 5, tzinfo=UTC),
        submitted_at=datetime(2026, 5, 12, 23, 30, tzinfo=UTC),
        verification_code=CODE,
        verify_url=URL,
        agent_name="Karim El Idrissi",
    )
    return replace(data, **changes)


def pdf_text(document: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(document))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, unicodedata.normalize("NFKC", text)


def has_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def text_x(document: bytes, needle: str) -> float:
    found: list[float] = []

    def visit(text, cm, tm, font, size):
        if needle in text and not found:
            found.append(tm[4])

    PdfReader(io.BytesIO(document)).pages[0].extract_text(visitor_text=visit)
    return found[0]


# --- the document -------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["accepted", "rejected"])
@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_decision_shows_verdict_codes_dates_and_reason(lang, outcome):
    document = render_decision(decision(lang, outcome))

    reader, text = pdf_text(document)
    assert document.startswith(b"%PDF")
    assert len(reader.pages) == 1
    for expected in (CODE, "P4RT-8HNW", "13/05/2026 00:30", "01/06/2026 15:05", "ASSOC_GRANT"):
        assert expected in text, expected
    for line in REASON.split("\n\n"):
        assert line in text
    assert "Fatima-Zahra Benali" in text
    assert "guichet.souss-massa.example.ma/verify" in text
    if lang == "ar":
        assert has_arabic(text.split("ASSOC_GRANT")[1])
    else:
        assert t(f"decision.verdict.{outcome}", lang).upper() in text
        assert t("decision.title", lang) in text
        assert t(f"decision.reason.{outcome}", lang) in text
        assert PROCEDURE[lang] in text


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_a_decision_for_a_company_names_the_company_its_ice_and_its_representative(lang):
    data = decision(lang, "accepted", applicant_name="Youssef Oubella",
                    company_name="Argane Solaire SARL", company_ice="001234567000089")

    _, text = pdf_text(render_decision(data))

    for expected in ("Argane Solaire SARL", "001234567000089", "Youssef Oubella"):
        assert expected in text, expected
    if lang != "ar":
        for key in ("decision.company", "decision.representative"):
            assert t(key, lang) in text
        assert t("decision.applicant", lang) not in text


def test_an_acceptance_without_remarks_prints_no_reason_heading():
    _, text = pdf_text(render_decision(decision("fr", "accepted", reason="")))

    assert "DEMANDE ACCEPTÉE" in text
    assert t("decision.reason.accepted", "fr") not in text
    assert CODE in text


def test_an_arabic_reason_reads_right_to_left_and_a_french_one_left_to_right():
    half = pdf.PAGE_WIDTH / 2
    arabic = render_decision(decision("ar"))
    french = render_decision(decision("fr"))

    assert text_x(french, CODE) < half / 2
    assert text_x(arabic, CODE) > text_x(french, CODE) + 150  # right-aligned, 28 pt wide
    assert text_x(arabic, "P4RT-8HNW") > half - 100
    # A French reason keeps its own direction on an Arabic decision.
    assert text_x(arabic, "Le procès-verbal") < half / 2


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_hostile_reason_and_applicant_name_print_literally(lang):
    name = "<b>x</b>&amp; Ali"
    reason = "<b>x</b>& refus\u202edfp.exe\x00 motivé"

    _, text = pdf_text(render_decision(decision(lang, applicant_name=name, reason=reason)))

    assert name in text
    assert "<b>x</b>& refusdfp.exe" in text
    assert not any(char in text for char in "\u202e\x00")


def test_a_long_word_is_cut_across_lines_and_stays_complete():
    word = "REF" + "7" * 240

    _, text = pdf_text(render_decision(decision(reason=f"Référence {word} invalide.")))

    assert word in text.replace("\n", "")


def test_a_long_reason_continues_on_numbered_pages_with_the_code_on_the_last():
    reason = "\n".join(f"Paragraphe {n} : {REASON}" for n in range(40))

    reader, text = pdf_text(render_decision(decision(reason=reason)))

    pages = len(reader.pages)
    assert pages >= 2
    assert f"Page 1/{pages}" in text
    assert "Paragraphe 39" in text
    assert CODE in reader.pages[-1].extract_text()


def test_metadata_name_the_document_without_personal_data():
    data = decision()
    reader, _ = pdf_text(render_decision(data))
    meta = reader.metadata

    assert meta.title.startswith("Décision administrative")
    assert meta.author == pdf.AUTHOR
    values = " ".join(str(value) for value in meta.values())
    for private in (data.applicant_name, data.tracking_code, data.verification_code, "refus"):
        assert private not in values


def qr_cells_drawn(document: bytes) -> set[tuple[int, int]]:
    """The dark modules of the QR code as drawn: the `re` runs under its scaling matrix."""
    stream = PdfReader(io.BytesIO(document)).pages[0].get_contents().get_data().decode("latin-1")
    block = re.search(r"q [\d.]+ 0 0 [\d.]+ [\d.]+ [\d.]+ cm\n(.*?)\nf Q", stream, re.S)
    cells = set()
    for line in block.group(1).splitlines():
        x, y, length, _ = (int(value) for value in line.split()[:4])
        cells |= {(y, x + step) for step in range(length)}
    return cells


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_qr_code_holds_the_verification_url(lang):
    data = decision(lang)
    modules = pdf.qr_modules(URL)
    widget = QrCodeWidget(URL, barLevel=pdf.QR_LEVEL)
    widget.qr.make()
    count, border = len(modules), 4
    expected = {
        (border + count - 1 - row, border + col)
        for row, cells in enumerate(modules)
        for col, dark in enumerate(cells)
        if dark
    }

    assert qr_payload(data) == URL
    assert modules == tuple(tuple(map(bool, row)) for row in widget.qr.modules)
    assert qr_cells_drawn(render_decision(data)) == expected


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
    reason="needs poppler-utils and zbar-tools",
)
def test_printed_qr_code_scans_to_the_verification_url(tmp_path):
    path = tmp_path / "decision.pdf"
    path.write_bytes(render_decision(decision("ar")))
    subprocess.run(["pdftoppm", "-png", "-r", "100", path, tmp_path / "page"], check=True)

    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", next(tmp_path.glob("page*.png"))],
        capture_output=True, text=True, check=True,
    )

    assert result.stdout.strip() == URL


@pytest.mark.parametrize(
    "changes",
    [
        {"lang": "de"},
        {"decision": "withdrawn"},
        {"decision": "rejected", "reason": "  \n "},
        {"verification_code": ""},
    ],
)
def test_bad_decision_data_is_refused(changes):
    with pytest.raises(ValueError):
        render_decision(decision(**changes))


def test_receipts_and_decisions_share_one_font_registration():
    render_decision(decision("ar"))
    render_decision(decision("fr"))

    assert pdf.font_cmaps.cache_info().misses == 1


def test_every_decision_and_verify_message_exists_in_the_three_languages():
    keys = area_keys("decisions")
    assert keys
    for key in keys:
        assert key.startswith(("decision.", "verify.", "error.")), key
        for lang in LANGUAGES:
            assert CATALOGS[lang][key].strip(), (key, lang)
            assert t(key, lang) == CATALOGS[lang][key]


# --- verification codes -------------------------------------------------------------------


def test_a_verification_code_is_three_groups_of_four_unambiguous_characters():
    code = new_verification_code()

    assert re.fullmatch(f"[{TRACKING_ALPHABET}]{{4}}(-[{TRACKING_ALPHABET}]{{4}}){{2}}", code)
    assert not set(code) & set("0O1IL")


def test_two_thousand_verification_codes_are_all_different():
    codes = {new_verification_code() for _ in range(2000)}

    assert len(codes) == 2000


@pytest.mark.parametrize(
    "typed",
    ["K7QM-3XTR-9PWD", "k7qm3xtr9pwd", " k7qm 3xtr 9pwd ", "K7QM.3XTR.9PWD", "K٧QM-٣XTR-٩PWD"],
)
def test_a_typed_verification_code_is_normalized(typed):
    assert normalize_verification_code(typed) == CODE


def test_a_generated_code_survives_the_round_trip():
    for _ in range(50):
        code = new_verification_code()
        assert normalize_verification_code(code.lower().replace("-", " ")) == code


@pytest.mark.parametrize(
    "typed", ["", "P4RT-8HNW", "K7QM-3XTR-9PWDX", "K7QM-3XTR-9PW0", "K7QM-3XTR-9PWI", None]
)
def test_a_malformed_verification_code_is_refused_with_its_message(typed):
    with pytest.raises(InvalidIdentifier) as error:
        normalize_verification_code(typed)

    assert error.value.code == "error.verification_code_invalid"


# --- the public view and the document's data from the rows ---------------------------------


@pytest.fixture
def procedure(session: Session, monkeypatch: pytest.MonkeyPatch) -> Procedure:
    monkeypatch.setattr(security, "_context", CHEAP_HASHING)
    load_demo_data(session)
    session.commit()
    return session.exec(select(Procedure).order_by(Procedure.id)).first()


def add_dossier(session: Session, procedure: Procedure, **values: object) -> Dossier:
    fields = {
        "procedure_id": procedure.id,
        "service_id": procedure.service_id,
        "status": "accepted",
        "lang": "fr",
        "tracking_code": "P4RT-8HNW",
        "person_name": "Fatima-Zahra Benali",
        "person_cin": "AB123456",
        "person_mobile": "+212612345678",
        "submitted_at": datetime(2026, 5, 12, 9, 0, tzinfo=UTC),
        "decided_at": datetime(2026, 6, 1, 23, 30, tzinfo=UTC),
        "decision_note": "Pièce complémentaire reçue le 20/05.",
        "verification_code": CODE,
        **values,
    }
    if fields["decided_at"] is not None:
        fields.update(decided_days(fields["submitted_at"], fields["decided_at"], 0.0)._asdict())
    dossier = Dossier(**fields)
    session.add(dossier)
    session.commit()
    return dossier


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_verification_shows_the_decision_and_nothing_personal(session, procedure, lang):
    dossier = add_dossier(session, procedure)
    service = session.get(Service, procedure.service_id)

    view = verification_view(session, "k7qm 3xtr 9pwd", lang)

    assert set(view) == VIEW_KEYS
    assert view == {
        "verification_code": CODE,
        "decision": "accepted",
        "decision_label": t("status.accepted", lang),
        "decided_on": "02/06/2026",  # 23:30 UTC is past midnight in Morocco
        "procedure": procedure.names[lang],
        "service": service.names[lang],
    }
    shown = " ".join(view.values())
    for private in (dossier.person_name, dossier.person_cin, dossier.person_mobile,
                    dossier.tracking_code, dossier.decision_note):
        assert private not in shown


def test_verification_of_a_rejection(session, procedure):
    add_dossier(session, procedure, status="rejected", decision_note="Dossier incomplet.")

    view = verification_view(session, CODE, "fr")

    assert view["decision"] == "rejected"
    assert view["decision_label"] == t("status.rejected", "fr")


def test_an_unknown_or_malformed_code_verifies_nothing(session, procedure):
    add_dossier(session, procedure)

    assert verification_view(session, "K7QM-3XTR-9PWE", "fr") is None
    assert verification_view(session, "not a code", "fr") is None


def test_a_dossier_not_decided_verifies_nothing(session, procedure):
    add_dossier(session, procedure, status="in_review", decided_at=None)

    assert verification_view(session, CODE, "fr") is None


def test_decision_data_comes_from_the_rows(session, procedure):
    dossier = add_dossier(session, procedure, status="rejected", lang="ar",
                          decision_note="Dossier incomplet.")
    service = session.get(Service, procedure.service_id)
    region = session.get(Region, service.region_id)
    settings = SimpleNamespace(public_url="https://guichet.example.ma")

    data = decision_data_for(session, dossier, settings=settings,
                             applicant_name="Fatima-Zahra Benali", agent_name="Karim El Idrissi")

    assert data.lang == "ar"
    assert data.decision == "rejected"
    assert data.reason == "Dossier incomplet."
    assert data.region_name == region.names
    assert data.service_name["ar"] == service.names["ar"]
    assert data.procedure_name["en"] == procedure.names["en"]
    assert data.procedure_code == procedure.code
    assert data.tracking_code == "P4RT-8HNW"
    assert data.verification_code == CODE
    assert data.verify_url == f"https://guichet.example.ma/verify?code={CODE}"
    assert CODE in pdf_text(render_decision(data))[1]


def test_decision_data_needs_a_decided_dossier(session, procedure):
    dossier = add_dossier(session, procedure, status="in_review", decided_at=None)
    settings = SimpleNamespace(public_url="https://guichet.example.ma")

    with pytest.raises(ValueError):
        decision_data_for(session, dossier, settings=settings, applicant_name="", agent_name="")
