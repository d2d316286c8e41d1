"""The filing receipt (récépissé de dépôt): a one-page A4 PDF in French, Arabic or English.

Law 55-19 makes a receipt mandatory for every filing. It carries what the applicant needs to
follow the file without an account: the tracking code, the PIN and a QR code to the public
tracking page, plus the proof of what was filed and when, and the date a decision is due.
Fonts, Arabic shaping, letterhead, QR code and footer come from counter.services.pdf, shared
with the decision document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from counter.i18n import LANGUAGES, format_date, format_deadline, t
from counter.services.pdf import (
    AUTHOR,
    CONTENT,
    FONT_DIR,
    GREEN,
    GREY,
    HEADER_TINT,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    QR_LEVEL,
    RED,
    Footer,
    Page,
    Row,
    clip,
    detail_rows,
    draw_qr,
    fit,
    letterhead,
    local_datetime,
    name_in,
    qr_modules,
    render_pdf,
    visual,
    without_query,
)
from counter.services.pdf import font_cmaps as _cmaps  # noqa: F401 (fonts load once: tested)

__all__ = [
    "AUTHOR",
    "FONT_DIR",
    "PAGE_WIDTH",
    "QR_LEVEL",
    "ReceiptData",
    "local_submission_time",
    "qr_modules",
    "qr_payload",
    "render_receipt",
]

CHANNELS = ("online", "assisted")
FINGERPRINT_CHARS = 12


@dataclass(frozen=True)
class ReceiptData:
    lang: str
    region_name: dict[str, str]
    service_name: dict[str, str]
    procedure_name: dict[str, str]
    procedure_code: str
    tracking_code: str
    pin: str
    applicant_name: str
    channel: str
    submitted_at: datetime
    legal_deadline_days: int
    expected_decision_on: date
    documents: tuple[tuple[str, str, str], ...]
    tracking_url: str
    deadline_unit: str = "calendar"  # or "working" (domain.workdays)
    kind: str = "dossier"  # or "petition": its receipt says its own law (PETITION_WORDS)


# A petition's deposit receipt (organic law 111-14) is drawn as a dossier's, but for the
# words that name its law, what was filed, by whom, and what its tracking page shows.
PETITION_WORDS = {
    "receipt.legal_basis": "receipt.petition_legal_basis",
    "receipt.procedure": "receipt.petition",
    "receipt.procedure_code": "receipt.petition_number",
    "receipt.applicant": "receipt.petition_representative",
    "receipt.follow_text": "receipt.petition_follow_text",
    "receipt.keep": "receipt.petition_keep",
    "receipt.follow_title": "receipt.petition_follow_title",
    "receipt.qr_caption": "receipt.petition_qr_caption",
    "receipt.pin_secret": "receipt.petition_pin_secret",
}


def words(data: ReceiptData, key: str) -> str:
    """The message key `key` of this receipt's kind."""
    return PETITION_WORDS.get(key, key) if data.kind == "petition" else key


def qr_payload(data: ReceiptData) -> str:
    """What the QR code holds: the public tracking page, with the code in its query and the
    PIN in its fragment (never sent to a server, removed from the address bar once read)."""
    return data.tracking_url


def fingerprint(sha256_hex: str) -> str:
    return sha256_hex.strip().lower()[:FINGERPRINT_CHARS]


def local_submission_time(data: ReceiptData) -> str:
    """DD/MM/YYYY HH:MM in Moroccan time (a naive time is read as UTC)."""
    return local_datetime(data.submitted_at, data.lang)


def tracking_page(url: str) -> str:
    """The tracking page without its query and fragment: the PIN is never printed in clear
    text."""
    return without_query(url)


def _codes_box(page: Page, data: ReceiptData, top: float) -> float:
    """Tracking code, PIN with its warning, and the QR code, in one framed box."""
    pad, qr_side = 10.0, 90.0
    code_width = 190.0
    pin_start, note_width = pad + 4 + code_width, CONTENT - 2 * pad - qr_side - code_width - 14
    qr_start = CONTENT - pad - qr_side
    caption = page.wrap(words(data, "receipt.qr_caption"), qr_side + 2 * pad - 4, 7.5)
    note = page.wrap(words(data, "receipt.pin_secret"), note_width, 7.5)
    label_y, code_y = top - pad - 13, top - pad - 45
    note_y = code_y - 20
    left_height = top - note_y + page.lead(7.5) * (len(note) - 1) + 4 + pad
    caption_y = top - pad - qr_side - 9
    right_height = top - caption_y + page.lead(7.5) * (len(caption) - 1) + 3 + pad
    height = max(left_height, right_height)

    page.frame(top, height)

    page.text(
        page.t("receipt.tracking_code"), pad + 4, code_width, label_y, 9.5, bold=True, color=GREY
    )
    page.text(data.tracking_code, pad + 4, code_width, code_y, 25, bold=True, char_space=1.0)
    page.text(page.t("receipt.pin"), pin_start, note_width, label_y, 9.5, bold=True, color=GREY)
    page.text(data.pin, pin_start, note_width, code_y, 25, bold=True, char_space=2.5)
    page.lines(note, pin_start, note_width, note_y, 7.5, color=RED)

    draw_qr(page, qr_payload(data), qr_start, top - pad, qr_side)
    page.lines(
        caption,
        qr_start - pad + 2,
        qr_side + 2 * pad - 4,
        caption_y,
        7.5,
        align="center",
        color=GREY,
    )
    return top - height


def _details(page: Page, data: ReceiptData, top: float) -> float:
    """Label / value rows; user text (names) takes its own direction, not the page's."""
    lang, base = page.lang, page.base
    rows: list[Row] = [
        (words(data, "receipt.procedure"), name_in(data.procedure_name, lang), True, "auto"),
        (words(data, "receipt.procedure_code"), data.procedure_code, False, "auto"),
    ]
    if lang not in ("fr", "ar"):  # the letterhead already names the service in fr and ar
        rows.append(("receipt.service", name_in(data.service_name, lang), False, "auto"))
    rows += [
        (words(data, "receipt.applicant"), data.applicant_name, True, "auto"),
        ("receipt.channel", t(f"receipt.channel.{data.channel}", lang), False, base),
        ("receipt.submitted_at", local_submission_time(data), False, "auto"),
        ("receipt.legal_deadline",
         format_deadline(data.legal_deadline_days, data.deadline_unit, lang), False, base),
        ("receipt.expected_decision", format_date(data.expected_decision_on, lang), True, "auto"),
    ]
    return detail_rows(page, rows, top)


# Documents table: logical columns (start, width).
_COLUMNS = {
    "n": (0.0, 18.0),
    "label": (24.0, 205.0),
    "file": (235.0, 170.0),
    "hash": (411.0, 100.0),
}
_Row = tuple[str, list[str], str, str]


def _document_rows(data: ReceiptData, label_lines: int) -> list[_Row]:
    rows = []
    for index, (label, file_name, sha256) in enumerate(data.documents, start=1):
        labels = clip(label, _COLUMNS["label"][1], 9, False, "auto", label_lines)
        name = fit(file_name, _COLUMNS["file"][1], 9, False, "auto")
        rows.append((str(index), labels, name, fingerprint(sha256)))
    return rows


def _row_height(page: Page, row: _Row) -> float:
    return page.lead(9) * len(row[1]) + 5


def _table_header(page: Page, top: float) -> float:
    page.fill(0, CONTENT, top, 16, HEADER_TINT)
    y = top - 11.5
    for key, column in (
        ("receipt.document", "label"),
        ("receipt.file_name", "file"),
        ("receipt.fingerprint", "hash"),
    ):
        start, width = _COLUMNS[column]
        label = fit(t(key, page.lang), width, 8, True, page.base)
        page.text(label, start, width, y, 8, bold=True, color=GREY)
    page.text("#", *_COLUMNS["n"], y, 8, bold=True, color=GREY)
    return top - 16


def _document_row(page: Page, row: _Row, top: float) -> float:
    number, labels, name, digest = row
    y = top - 11.5
    page.text(number, *_COLUMNS["n"], y, 9, color=GREY)
    page.lines(labels, *_COLUMNS["label"], y, 9)
    page.text(name, *_COLUMNS["file"], y, 9)
    page.text(digest, *_COLUMNS["hash"], y, 9, char_space=0.3)
    bottom = top - _row_height(page, row)
    page.rule(bottom, width=0.4)
    return bottom


def _paginate(page: Page, rows: list[_Row], first: float, then: float) -> list[list[_Row]]:
    """Split the table's rows into pages: `first` points of room on page 1, `then` after."""
    pages: list[list[_Row]] = [[]]
    room = first
    for row in rows:
        height = _row_height(page, row)
        if height > room and pages[-1]:
            pages.append([])
            room = then
        pages[-1].append(row)
        room -= height
    return pages


def _table_pages(page: Page, data: ReceiptData, first: float, then: float) -> list[list[_Row]]:
    """Document labels on up to two lines, or on one if that keeps the receipt on one page:
    one page matters more than whole labels (the applicant knows the catalog's wording)."""
    pages = _paginate(page, _document_rows(data, 2), first, then)
    if len(pages) > 1:
        compact = _paginate(page, _document_rows(data, 1), first, then)
        if len(compact) == 1:
            return compact
    return pages


def _footer(data: ReceiptData) -> Footer:
    """How to follow the file, on every page."""
    return Footer(
        title_key=words(data, "receipt.follow_title"),
        text_key=words(data, "receipt.follow_text"),
        note_key=words(data, "receipt.keep"),
        page_key="receipt.page",
        url=tracking_page(data.tracking_url),
    )


def _check(data: ReceiptData) -> None:
    if data.lang not in LANGUAGES:
        raise ValueError(f"unknown receipt language: {data.lang!r}")
    if data.channel not in CHANNELS:
        raise ValueError(f"unknown filing channel: {data.channel!r}")


def render_receipt(data: ReceiptData) -> bytes:
    """The filing receipt as PDF bytes: one A4 page (up to ten documents even with long labels
    and names), the document list continuing on numbered pages beyond."""
    _check(data)
    lang = data.lang
    # Metadata name the document, never the applicant (law 09-08) nor the PIN.
    return render_pdf(
        lang,
        title=f"{t('receipt.title', lang)} – {data.procedure_code}",
        subject=name_in(data.procedure_name, lang),
        draw_pages=lambda page: _draw_receipt(page, data),
    )


def _draw_receipt(page: Page, data: ReceiptData) -> None:
    lang, canvas, footer = data.lang, page.canvas, _footer(data)
    y = letterhead(page, data.region_name, data.service_name, PAGE_HEIGHT - MARGIN - 4)
    page.rule(y + 2, color=GREEN, width=1.2)
    y -= 24
    page.text(page.t("receipt.title"), 0, CONTENT, y, 19, bold=True, align="center")
    legal = page.wrap(words(data, "receipt.legal_basis"), CONTENT - 60, 8)
    y = page.lines(legal, 30, CONTENT - 60, y - 15, 8, align="center", color=GREY)
    y = _codes_box(page, data, y + 2)
    y = _details(page, data, y - 4)

    count = len(data.documents)
    page.text(page.t("receipt.documents", n=count), 0, CONTENT, y - 18, 11, bold=True, color=GREEN)
    y -= 26
    note = page.wrap("receipt.fingerprint_note", CONTENT, 7.5)
    reserved = footer.height(page) + 10 + 16 + 6 + page.lead(7.5) * len(note)
    continued_top = PAGE_HEIGHT - MARGIN - 30
    first, then = y - MARGIN - reserved, continued_top - MARGIN - reserved
    pages = _table_pages(page, data, first, then)

    for number, page_rows in enumerate(pages, start=1):
        if number > 1:
            footer.draw(page, number - 1, len(pages))
            canvas.showPage()
            heading = f"{t('receipt.title', lang)} — {data.tracking_code}"
            page.text(
                visual(heading, page.base), 0, CONTENT, PAGE_HEIGHT - MARGIN - 10, 11, bold=True
            )
            y = continued_top
        if not page_rows:
            page.text(page.t("receipt.no_documents"), 0, CONTENT, y - 12, 9, color=GREY)
            continue
        y = _table_header(page, y)
        for row in page_rows:
            y = _document_row(page, row, y)
    if count:
        page.lines(note, 0, CONTENT, y - 12, 7.5, color=GREY)
    footer.draw(page, len(pages), len(pages))
    canvas.showPage()
