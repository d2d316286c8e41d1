import hashlib
import io
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from reportlab.graphics.barcode.qr import QrCodeWidget

from counter.i18n import t
from counter.services import receipts
from counter.services.receipts import (
    AUTHOR,
    FONT_DIR,
    ReceiptData,
    local_submission_time,
    qr_modules,
    qr_payload,
    render_receipt,
)

URL = "https://guichet.souss-massa.example.ma/track?code=K7QM-3XTR#pin=482913"
HOSTILE_FILE = "<b>x</b>&amp;.pdf"
LABELS = {
    "fr": ("Copie de la CIN, recto et verso", "Demande signée", "Attestation de résidence"),
    "ar": ("نسخة من البطاقة الوطنية للتعريف", "الطلب موقعا", "شهادة السكنى"),
    "en": ("Copy of the national ID card, both sides", "Signed request", "Proof of residence"),
    "zgh": ("ⵜⴰⵏⵖⵍⵜ ⵏ ⵜⴽⴰⵔⴹⴰ ⵜⴰⵖⵔⴼⴰⵏⵜ", "ⵜⵓⵜⵜⵔⴰ ⵉⵜⵜⵓⵙⵎⵍⵏ", "ⵜⴰⴳⵔⴰⵡⵜ ⵏ ⵓⵣⴷⴰⵖ"),
}
PROCEDURE = {
    "fr": "Demande d'accès à l'information",
    "ar": "طلب الحصول على المعلومات",
    "en": "Request for access to information",
    "zgh": "ⵜⵓⵜⵜⵔⴰ ⵏ ⵓⴽⵛⴰⵎ ⵖⵔ ⵜⵏⵖⵎⵉⵙⵜ",
}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def documents(lang: str, count: int | None = None) -> tuple[tuple[str, str, str], ...]:
    files = ("cin_recto_verso.pdf", HOSTILE_FILE, "attestation.jpg")
    if count is None:
        return tuple(
            (label, name, sha(name)) for label, name in zip(LABELS[lang], files, strict=True)
        )
    long_label = f"{LABELS[lang][0]} {LABELS[lang][1]} {LABELS[lang][2]} " * 3
    return tuple(
        (f"{index}. {long_label}", f"piece_{index:02d}_{'x' * 60}.pdf", sha(str(index)))
        for index in range(1, count + 1)
    )


def receipt(lang: str = "fr", **changes: object) -> ReceiptData:
    data = ReceiptData(
        lang=lang,
        region_name={"fr": "Souss-Massa", "ar": "سوس ماسة", "en": "Souss-Massa"},
        service_name={
            "fr": "Service de la communication et de l'accès à l'information",
            "ar": "مصلحة التواصل والحق في الحصول على المعلومات",
            "en": "Communication and Access to Information Service",
        },
        procedure_name=PROCEDURE,
        procedure_code="DRA_ACCESS_INFO",
        tracking_code="K7QM-3XTR",
        pin="482913",
        applicant_name="فاطمة الزهراء بنعلي" if lang == "ar" else "Fatima-Zahra Benali",
        channel="online",
        submitted_at=datetime(2026, 5, 12, 23, 30, tzinfo=UTC),
        legal_deadline_days=20,
        expected_decision_on=date(2026, 6, 2),
        documents=documents(lang),
        tracking_url=URL,
    )
    return replace(data, **changes)


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, unicodedata.normalize("NFKC", text)


def has_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_receipt_shows_codes_dates_procedure_and_fingerprints(lang):
    data = receipt(lang)
    pdf = render_receipt(data)

    reader, text = pdf_text(pdf)
    assert pdf.startswith(b"%PDF")
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.1)
    for expected in ("K7QM-3XTR", "482913", "13/05/2026 00:30", "02/06/2026", "DRA_ACCESS_INFO"):
        assert expected in text, expected
    for _, _, digest in data.documents:
        assert digest[:12] in text
        assert digest[:13] not in text
    if lang == "ar":
        assert has_arabic(text)
    else:
        assert PROCEDURE[lang] in text
        assert t("receipt.title", lang) in text
        assert not has_arabic(text.split(t("receipt.title", lang))[1])


def test_letterhead_gives_the_region_in_arabic_and_french_whatever_the_language():
    _, text = pdf_text(render_receipt(receipt("en")))

    assert "Région Souss-Massa" in text
    assert has_arabic(text)
    assert "Communication and Access to Information Service" in text


def test_submission_time_is_moroccan_local_time():
    summer = receipt(submitted_at=datetime(2026, 5, 12, 23, 30, tzinfo=UTC))
    ramadan = receipt(submitted_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    naive_utc = receipt(submitted_at=datetime(2026, 5, 12, 23, 30))

    assert local_submission_time(summer) == "13/05/2026 00:30"
    assert local_submission_time(ramadan) == "01/03/2026 23:30"
    assert local_submission_time(naive_utc) == "13/05/2026 00:30"


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_hostile_file_and_applicant_names_print_literally(lang):
    name = "Ali <i>Amrani</i> & Co"
    data = receipt(lang, applicant_name=name)

    _, text = pdf_text(render_receipt(data))

    assert HOSTILE_FILE in text
    assert name in text


def test_bidi_overrides_and_control_characters_cannot_disguise_a_file_name():
    data = receipt(
        "ar",
        applicant_name="Ali\nAmrani\x00",
        documents=(("الطلب", "facture\u202efdp.exe", sha("x")), ("صورة", "a\u2066b.pdf", sha("y"))),
    )

    _, text = pdf_text(render_receipt(data))

    assert "facturefdp.exe" in text
    assert "ab.pdf" in text
    assert "Ali Amrani" in text
    assert not any(char in text for char in "\u202e\u2066\x00")


def test_characters_without_a_glyph_do_not_break_the_receipt():
    pdf = render_receipt(receipt(applicant_name="Léa 王 🙂 Benali"))

    assert "Benali" in pdf_text(pdf)[1]


def test_qr_code_holds_the_tracking_url_as_reportlab_encodes_it():
    data = receipt()
    widget = QrCodeWidget(URL, barLevel=receipts.QR_LEVEL)
    widget.qr.make()

    assert qr_payload(data) == URL
    assert qr_modules(URL) == tuple(tuple(map(bool, row)) for row in widget.qr.modules)


@pytest.mark.parametrize("length", [1, 40, 90, 160, 300])
def test_fast_mask_choice_matches_reportlab(length):
    payload = f"{URL}&x={'Z9' * length}"[: len(URL) + length]
    widget = QrCodeWidget(payload, barLevel=receipts.QR_LEVEL)
    widget.qr.make()

    assert qr_modules(payload) == tuple(tuple(map(bool, row)) for row in widget.qr.modules)


@pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
    reason="needs poppler-utils and zbar-tools",
)
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_printed_qr_code_scans_to_the_tracking_url(lang, tmp_path):
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(render_receipt(receipt(lang)))
    subprocess.run(["pdftoppm", "-png", "-r", "100", pdf, tmp_path / "page"], check=True)
    png = next(tmp_path.glob("page*.png"))

    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", png], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == URL


def test_metadata_has_title_and_author_but_no_personal_data():
    data = receipt()
    reader, _ = pdf_text(render_receipt(data))
    meta = reader.metadata

    assert meta.title.startswith("Récépissé de dépôt")
    assert meta.author == AUTHOR == "Guichet numérique régional"
    values = " ".join(str(value) for value in meta.values())
    for private in (data.applicant_name, data.pin, data.tracking_code, data.tracking_url):
        assert private not in values


def text_x(pdf: bytes, needle: str) -> float:
    """The x of the first text run that contains `needle`."""
    found: list[float] = []

    def visit(text, cm, tm, font, size):
        if needle in text and not found:
            found.append(tm[4])

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found[0]


def test_arabic_receipt_is_laid_out_right_to_left():
    half = receipts.PAGE_WIDTH / 2

    french = render_receipt(receipt("fr"))
    arabic = render_receipt(receipt("ar"))

    assert text_x(french, "K7QM-3XTR") < half / 2
    assert text_x(arabic, "K7QM-3XTR") > half
    assert text_x(french, "DRA_ACCESS_INFO") < half
    assert text_x(arabic, "DRA_ACCESS_INFO") > half - 100
    assert text_x(arabic, sha("cin_recto_verso.pdf")[:12]) < half / 2


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_ten_long_documents_fit_on_one_page(lang):
    data = receipt(
        lang,
        documents=documents(lang, 10),
        procedure_name={lang: PROCEDURE[lang] * 4},
        applicant_name="Mohamed-Amine " * 8,
    )

    reader, text = pdf_text(render_receipt(data))

    assert len(reader.pages) == 1
    for _, _, digest in data.documents:
        assert digest[:12] in text


def test_many_documents_continue_on_numbered_pages():
    data = receipt(documents=documents("fr", 30))

    reader, text = pdf_text(render_receipt(data))

    assert len(reader.pages) >= 2
    assert f"Page 1/{len(reader.pages)}" in text
    for _, _, digest in data.documents:
        assert digest[:12] in text


def test_receipt_without_documents_says_so():
    _, text = pdf_text(render_receipt(receipt(documents=())))

    assert t("receipt.no_documents", "fr") in text


@pytest.mark.parametrize(
    "changes",
    [
        {"lang": "de"},
        {"channel": "fax"},
    ],
)
def test_bad_receipt_data_is_refused(changes):
    with pytest.raises(ValueError):
        render_receipt(replace(receipt(), **changes))


def test_fonts_are_registered_once_per_process():
    render_receipt(receipt("fr"))
    render_receipt(receipt("ar"))

    assert receipts._cmaps.cache_info().misses == 1


def test_fonts_ship_with_their_licence_and_stay_small():
    files = sorted(path.name for path in FONT_DIR.iterdir())
    size = sum(path.stat().st_size for path in FONT_DIR.glob("*.ttf"))

    assert "OFL.txt" in files
    assert "SIL OPEN FONT LICENSE" in (FONT_DIR / "OFL.txt").read_text()
    assert size < 2_000_000


def test_a_service_without_region_prints_no_empty_region_line():
    data = receipt(region_name={"fr": "", "ar": "", "en": ""})

    _, text = pdf_text(render_receipt(data))

    assert "Région" not in text
    assert "K7QM-3XTR" in text


def deadline_line(pdf: bytes, label: str) -> str:
    """The receipt's legal deadline row, as pypdf reads it."""
    return next(line for line in pdf_text(pdf)[1].splitlines() if label in line)


@pytest.mark.parametrize(("days", "unit", "word", "wrong"), [
    (5, "calendar", "أيام", "يوما"),
    (10, "calendar", "أيام", "يوما"),
    (11, "calendar", "يوما", "أيام"),
    (20, "working", "يوم عمل", "أيام"),
    (3, "working", "أيام عمل", "يوما"),
])
def test_the_arabic_receipt_counts_days_with_the_plural_of_the_number(days, unit, word, wrong):
    label = t("receipt.legal_deadline", "ar")
    line = deadline_line(render_receipt(receipt("ar", legal_deadline_days=days,
                                                deadline_unit=unit)), label)
    assert str(days) in line and word in line and wrong not in line, line


@pytest.mark.parametrize(("lang", "days", "unit", "text"), [
    ("fr", 1, "calendar", "1 jour"), ("fr", 10, "calendar", "10 jours"),
    ("fr", 20, "working", "20 jours ouvrables"),
    ("en", 1, "working", "1 working day"), ("en", 5, "calendar", "5 days"),
])
def test_the_receipt_counts_days_in_french_and_english(lang, days, unit, text):
    pdf = render_receipt(receipt(lang, legal_deadline_days=days, deadline_unit=unit))
    assert deadline_line(pdf, t("receipt.legal_deadline", lang)).endswith(text)
