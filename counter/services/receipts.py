"""The filing receipt (récépissé de dépôt): a one-page A4 PDF in French, Arabic or English.

Law 55-19 makes a receipt mandatory for every filing. It carries what the applicant needs to
follow the file without an account: the tracking code, the PIN and a QR code to the public
tracking page, plus the proof of what was filed and when, and the date a decision is due.

The page is drawn straight on a reportlab canvas (a receipt takes a few milliseconds, platypus
would take several times more). Arabic is laid out right to left: text is shaped with
arabic_reshaper and put in visual order with python-bidi, one line at a time; each visual line
is then drawn in runs, Arabic letters in Noto Naskh Arabic, Tifinagh in Noto Sans Tifinagh and
the rest in Noto Sans. The canvas parses no markup, so user text (names, file names) prints
literally. The letterhead is bilingual Arabic / French whatever the receipt's language, as
Moroccan official documents are.
"""

from __future__ import annotations

import io
import itertools
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import arabic_reshaper
from bidi.algorithm import get_display
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from counter.i18n import LANGUAGES, RTL_LANGUAGES, format_date, format_datetime, t

CHANNELS = ("online", "assisted")
AUTHOR = "Guichet numérique régional"
FINGERPRINT_CHARS = 12
QR_LEVEL = "M"
KINGDOM_TIFINAGH = "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ"
FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
_PDF_LANG = {"fr": "fr-MA", "ar": "ar-MA", "en": "en"}


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


def qr_payload(data: ReceiptData) -> str:
    """What the QR code holds: the public tracking page, with the code and PIN filled in."""
    return data.tracking_url


def qr_modules(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules (True = dark), the matrix reportlab's QrCodeWidget draws.

    Same encoder, same mask choice; only the mask penalty is scored faster (about 1.5 ms of
    pure Python per mask in reportlab, eight masks per code: a third of a receipt's time).
    """
    qr = QrCodeWidget(payload, barLevel=QR_LEVEL).qr
    if qr.version is None:
        qr.version = qr.calculate_version()
    best, best_points = 0, -1
    for mask in range(8):
        qr.makeImpl(True, mask)
        points = _mask_penalty(qr.modules)
        if best_points < 0 or points < best_points:
            best, best_points = mask, points
    qr.makeImpl(False, best)
    return tuple(tuple(bool(cell) for cell in row) for row in qr.modules)


_RUN_OF_FIVE = re.compile(r"0{5,}|1{5,}")
_FINDER_LIKE = "10111010000"


def _mask_penalty(modules: list[list[bool]]) -> int:
    """reportlab's QRUtil.getLostPoint, quirks included, on strings and bit masks."""
    size = len(modules)
    rows = ["".join("1" if cell else "0" for cell in row) for row in modules]
    columns = ["".join(column) for column in zip(*rows, strict=True)]
    points = sum(len(run) - 2 for line in (*rows, *columns) for run in _RUN_OF_FIVE.findall(line))
    bits = [int(row[::-1], 2) for row in rows]
    inner = (1 << (size - 1)) - 1
    full = (1 << size) - 1
    for above, row in itertools.pairwise(bits):
        same_vertical = ~(above ^ row) & full
        same_horizontal = ~(row ^ (row >> 1))
        points += 3 * (same_vertical & (same_vertical >> 1) & same_horizontal & inner).bit_count()
    # reportlab matches the finder-like pattern in rows only, never at the last position.
    points += 40 * sum(row[: size - 1].count(_FINDER_LIKE) for row in rows)
    dark = sum(row.count("1") for row in rows)
    points += 10 * (abs(100 * dark // (size * size) - 50) // 5)
    return points


def fingerprint(sha256_hex: str) -> str:
    return sha256_hex.strip().lower()[:FINGERPRINT_CHARS]


def local_submission_time(data: ReceiptData) -> str:
    """DD/MM/YYYY HH:MM in Moroccan time. Stored times are UTC: a naive one (as SQLite may give
    back) is read as UTC, never as the server's local time."""
    submitted = data.submitted_at
    if submitted.tzinfo is None:
        submitted = submitted.replace(tzinfo=UTC)
    return format_datetime(submitted, data.lang)


def tracking_page(url: str) -> str:
    """The tracking page without its query string: the PIN is never printed in clear text."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else url


# --- Fonts ----------------------------------------------------------------------------------

LATIN, LATIN_BOLD = "CounterSans", "CounterSans-Bold"
ARABIC, ARABIC_BOLD = "CounterNaskhArabic", "CounterNaskhArabic-Bold"
TIFINAGH = "CounterTifinagh"
_FONT_FILES = {
    LATIN: "NotoSans-Regular.ttf",
    LATIN_BOLD: "NotoSans-Bold.ttf",
    ARABIC: "NotoNaskhArabic-Regular.ttf",
    ARABIC_BOLD: "NotoNaskhArabic-Bold.ttf",
    TIFINAGH: "NotoSansTifinagh-Regular.ttf",
}
# Naskh letters look a size smaller than Noto Sans at the same point size.
_SCALE = {ARABIC: 1.15, ARABIC_BOLD: 1.15}
_FAMILIES = {
    False: {"latin": LATIN, "ar": ARABIC, "tfng": TIFINAGH},
    True: {"latin": LATIN_BOLD, "ar": ARABIC_BOLD, "tfng": TIFINAGH},
}


@cache
def _cmaps() -> dict[str, frozenset[int]]:
    """Register the shipped fonts once per process; each font's code points, for fallbacks."""
    cmaps = {}
    for name, file in _FONT_FILES.items():
        font = TTFont(name, str(FONT_DIR / file))
        pdfmetrics.registerFont(font)
        cmaps[name] = frozenset(font.face.charToGlyph)
    return cmaps


_ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """'ar', 'tfng', 'latin', or '' for a neutral that may take its neighbour's font."""
    code = ord(char)
    if any(low <= code <= high for low, high in _ARABIC_RANGES):
        return "ar"
    if 0x2D30 <= code <= 0x2D7F:
        return "tfng"
    if char.isspace() or unicodedata.category(char)[0] in "PZ":
        return ""
    return "latin"


def _has_rtl(text: str) -> bool:
    return any(_script(char) == "ar" for char in text)


def _printable(text: str) -> str:
    """Control characters become spaces and format characters go: a bidi override in a file
    name ("facture\u202efdp.exe") must not reorder what the receipt shows."""
    if text.isprintable():
        return text
    return "".join(
        " " if category == "Cc" else char
        for char in text
        if (category := unicodedata.category(char))[0] != "C" or category == "Cc"
    )


@lru_cache(maxsize=4096)
def _visual(text: str, base: str) -> str:
    """`text` (one line, logical order) in display order; base is 'L', 'R' or 'auto'.

    python-bidi's Python algorithm, not its Rust `bidi.get_display`: the latter (0.6) does not
    mirror brackets, so "(PIN)" would print as ")PIN(" in Arabic.
    """
    text = _printable(text)
    if base != "R" and not _has_rtl(text):
        return text
    shaped = arabic_reshaper.reshape(text)
    return get_display(shaped, base_dir=None if base == "auto" else base)


@lru_cache(maxsize=4096)
def _runs(visual: str, bold: bool) -> tuple[tuple[str, str], ...]:
    """Split a visual line into (font, text) runs; neutrals stay with the current font."""
    cmaps = _cmaps()
    family = _FAMILIES[bold]
    runs: list[tuple[str, str]] = []
    current, chunk = "", []
    for char in visual:
        script = _script(char)
        if script:
            font = family[script]
        elif current and ord(char) in cmaps[current]:
            font = current
        else:
            font = family["latin"]
        if font != current and chunk:
            runs.append((current, "".join(chunk)))
            chunk = []
        current = font
        chunk.append(char)
    if chunk:
        runs.append((current, "".join(chunk)))
    return tuple(runs)


def _width(visual: str, size: float, bold: bool = False) -> float:
    return sum(
        pdfmetrics.stringWidth(text, font, size * _SCALE.get(font, 1.0))
        for font, text in _runs(visual, bold)
    )


@lru_cache(maxsize=1024)
def _wrap_logical(text: str, width: float, size: float, bold: bool, base: str) -> tuple[str, ...]:
    """Break `text` at spaces into lines no wider than `width` (a long word stays whole)."""
    lines: list[str] = []
    current: list[str] = []
    for word in text.split():
        candidate = " ".join([*current, word])
        if current and _width(_visual(candidate, base), size, bold) > width:
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return tuple(lines) or ("",)


def _wrap(text: str, width: float, size: float, bold: bool, base: str) -> tuple[str, ...]:
    """Wrapped lines in visual order: the bidi algorithm runs on each line, not on the text."""
    return tuple(_visual(line, base) for line in _wrap_logical(text, width, size, bold, base))


def _clip(text: str, width: float, size: float, bold: bool, base: str, max_lines: int) -> list[str]:
    """Wrapped visual lines, at most `max_lines`, the last one cut with an ellipsis."""
    lines = list(_wrap_logical(text, width, size, bold, base))
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :]) + "…"]
    return [_fit(line, width, size, bold, base, keep_tail=False) for line in lines]


def _fit(
    text: str, width: float, size: float, bold: bool, base: str, *, keep_tail: bool = True
) -> str:
    """One line of `text` in visual order, cut with an ellipsis if too wide: in the middle
    (`keep_tail`, so a file name keeps its extension) or at the end."""
    visual = _visual(text, base)
    full = _width(visual, size, bold)
    if full <= width:
        return visual
    keep = max(int(len(text) * width / full), 2)
    while keep > 1:
        if keep_tail:
            head = (keep + 1) // 2
            cut = f"{text[:head]}…{text[len(text) - (keep - head) :]}"
        else:
            cut = f"{text[:keep].rstrip()}…"
        candidate = _visual(cut, base)
        if _width(candidate, size, bold) <= width:
            return candidate
        keep -= 1
    return _visual("…", base)


# --- Drawing --------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 42.0
CONTENT = PAGE_WIDTH - 2 * MARGIN
GREEN = HexColor("#006233")
RED = HexColor("#9B1C1C")
INK = HexColor("#1F2933")
GREY = HexColor("#52606D")
RULE = HexColor("#C9D3CD")
TINT = HexColor("#F1F6F3")
HEADER_TINT = HexColor("#E4EEE8")
# reportlab keeps each document's font subsets in the shared TTFont objects: one at a time.
_LOCK = threading.Lock()


def _draw(
    canvas: Canvas,
    visual: str,
    left: float,
    right: float,
    y: float,
    size: float,
    *,
    bold: bool = False,
    align: str = "left",
    color: Color = INK,
    char_space: float = 0.0,
) -> None:
    """Draw one visual line between `left` and `right`, aligned 'left', 'right' or 'center'."""
    runs = _runs(visual, bold)
    sizes = [size * _SCALE.get(font, 1.0) for font, _ in runs]
    widths = [
        pdfmetrics.stringWidth(text, font, run_size)
        for (font, text), run_size in zip(runs, sizes, strict=True)
    ]
    total = sum(widths) + char_space * max(len(visual) - 1, 0)
    if align == "right":
        x = right - total
    elif align == "center":
        x = (left + right - total) / 2
    else:
        x = left
    canvas.setFillColor(color)
    for (font, text), run_size, run_width in zip(runs, sizes, widths, strict=True):
        text_object = canvas.beginText(x, y)
        text_object.setFont(font, run_size)
        if char_space:
            text_object.setCharSpace(char_space)
        text_object.textOut(text)
        if char_space:
            text_object.setCharSpace(0)  # Tc is graphics state: it outlives the text object
        canvas.drawText(text_object)
        x += run_width + char_space * len(text)


class _Page:
    """Logical layout: `start` is measured from the left margin in LTR, the right one in RTL,
    and "start" alignment is left or right accordingly."""

    def __init__(self, canvas: Canvas, lang: str) -> None:
        self.canvas = canvas
        self.lang = lang
        self.rtl = lang in RTL_LANGUAGES
        self.base = "R" if self.rtl else "L"

    def lead(self, size: float) -> float:
        """Line spacing: Naskh has tall ascenders and deep descenders, Arabic needs more."""
        return size * (1.42 if self.rtl else 1.22)

    def t(self, key: str, **params: object) -> str:
        """A message in the receipt's language, in visual order (for one-line texts)."""
        return _visual(t(key, self.lang, **params), self.base)

    def wrap(self, key: str, width: float, size: float, bold: bool = False) -> tuple[str, ...]:
        return _wrap(t(key, self.lang), width, size, bold, self.base)

    def box(self, start: float, width: float) -> tuple[float, float]:
        if self.rtl:
            right = PAGE_WIDTH - MARGIN - start
            return right - width, right
        return MARGIN + start, MARGIN + start + width

    def text(
        self,
        visual: str,
        start: float,
        width: float,
        y: float,
        size: float,
        *,
        bold: bool = False,
        align: str = "start",
        color: Color = INK,
        char_space: float = 0.0,
    ) -> None:
        left, right = self.box(start, width)
        if align != "center":
            align = "left" if (align == "start") != self.rtl else "right"
        _draw(
            self.canvas,
            visual,
            left,
            right,
            y,
            size,
            bold=bold,
            align=align,
            color=color,
            char_space=char_space,
        )

    def lines(
        self,
        lines: Sequence[str],
        start: float,
        width: float,
        y: float,
        size: float,
        *,
        bold: bool = False,
        align: str = "start",
        color: Color = INK,
    ) -> float:
        """Draw visual lines downwards from baseline `y`; return the baseline after the last."""
        for line in lines:
            self.text(line, start, width, y, size, bold=bold, align=align, color=color)
            y -= self.lead(size)
        return y

    def rule(self, y: float, color: Color = RULE, width: float = 0.6) -> None:
        self.canvas.setStrokeColor(color)
        self.canvas.setLineWidth(width)
        self.canvas.line(MARGIN, y, PAGE_WIDTH - MARGIN, y)

    def fill(self, start: float, width: float, top: float, height: float, color: Color) -> None:
        left, _ = self.box(start, width)
        self.canvas.setFillColor(color)
        self.canvas.rect(left, top - height, width, height, stroke=0, fill=1)


def _name(names: dict[str, str], lang: str) -> str:
    return names.get(lang) or names.get("fr") or next(iter(names.values()), "")


def _letterhead(page: _Page, data: ReceiptData, top: float) -> float:
    """Arabic block on the right, French block on the left, as on Moroccan official paper,
    whatever the receipt's language. Returns the lowest baseline used."""
    canvas = page.canvas
    half = CONTENT / 2 - 10
    left, right = MARGIN, PAGE_WIDTH - MARGIN

    y = top
    _draw(canvas, t("receipt.kingdom", "fr").upper(), left, left + half, y, 9, bold=True)
    y -= 14
    region_fr = _name(data.region_name, "fr") and t(
        "receipt.region", "fr", name=_name(data.region_name, "fr")
    )
    for line in _wrap(region_fr, half, 10.5, True, "L")[:2] if region_fr else ():
        _draw(canvas, line, left, left + half, y, 10.5, bold=True, color=GREEN)
        y -= 13
    for line in _wrap(_name(data.service_name, "fr"), half, 8.5, False, "L")[:2]:
        _draw(canvas, line, left, left + half, y, 8.5, color=GREY)
        y -= 11
    french_bottom = y

    y = top
    kingdom_ar = _visual(t("receipt.kingdom", "ar"), "R")
    _draw(canvas, kingdom_ar, right - half, right, y + 1, 11, bold=True, align="right")
    y -= 12
    _draw(canvas, KINGDOM_TIFINAGH, right - half, right, y, 7.5, align="right", color=GREY)
    y -= 15
    region_ar = _name(data.region_name, "ar") and t(
        "receipt.region", "ar", name=_name(data.region_name, "ar")
    )
    for line in _wrap(region_ar, half, 12, True, "R")[:2] if region_ar else ():
        _draw(canvas, line, right - half, right, y, 12, bold=True, align="right", color=GREEN)
        y -= 15
    if data.region_name.get("zgh"):
        _draw(canvas, data.region_name["zgh"], right - half, right, y + 2, 7.5, align="right")
        y -= 11
    for line in _wrap(_name(data.service_name, "ar"), half, 9.5, False, "R")[:2]:
        _draw(canvas, line, right - half, right, y, 9.5, align="right", color=GREY)
        y -= 13
    return min(french_bottom, y)


def _codes_box(page: _Page, data: ReceiptData, top: float) -> float:
    """Tracking code, PIN with its warning, and the QR code, in one framed box."""
    pad, qr_side = 10.0, 90.0
    code_width = 190.0
    pin_start, note_width = pad + 4 + code_width, CONTENT - 2 * pad - qr_side - code_width - 14
    qr_start = CONTENT - pad - qr_side
    caption = page.wrap("receipt.qr_caption", qr_side + 2 * pad - 4, 7.5)
    note = page.wrap("receipt.pin_secret", note_width, 7.5)
    label_y, code_y = top - pad - 13, top - pad - 45
    note_y = code_y - 20
    left_height = top - note_y + page.lead(7.5) * (len(note) - 1) + 4 + pad
    caption_y = top - pad - qr_side - 9
    right_height = top - caption_y + page.lead(7.5) * (len(caption) - 1) + 3 + pad
    height = max(left_height, right_height)

    page.fill(0, CONTENT, top, height, TINT)
    left, _ = page.box(0, CONTENT)
    page.canvas.setStrokeColor(GREEN)
    page.canvas.setLineWidth(1.2)
    page.canvas.rect(left, top - height, CONTENT, height, stroke=1, fill=0)

    page.text(
        page.t("receipt.tracking_code"), pad + 4, code_width, label_y, 9.5, bold=True, color=GREY
    )
    page.text(data.tracking_code, pad + 4, code_width, code_y, 25, bold=True, char_space=1.0)
    page.text(page.t("receipt.pin"), pin_start, note_width, label_y, 9.5, bold=True, color=GREY)
    page.text(data.pin, pin_start, note_width, code_y, 25, bold=True, char_space=2.5)
    page.lines(note, pin_start, note_width, note_y, 7.5, color=RED)

    _qr(page, qr_payload(data), qr_start, top - pad, qr_side)
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


def _qr(page: _Page, payload: str, start: float, top: float, side: float) -> None:
    """The QR code with its quiet zone on white: one path of horizontal runs, written in module
    units under a scaling matrix (a few hundred rectangles, well under a millisecond)."""
    modules = qr_modules(payload)
    count, border = len(modules), 4
    left, _ = page.box(start, side)
    canvas = page.canvas
    canvas.setFillColor(white)
    canvas.rect(left, top - side, side, side, stroke=0, fill=1)
    canvas.setFillColor(INK)
    cell = side / (count + 2 * border)
    ops = [f"q {cell:.4f} 0 0 {cell:.4f} {left:.2f} {top - side:.2f} cm"]
    for row_index, row in enumerate(modules):
        y = border + count - 1 - row_index
        col = 0
        for dark, run in itertools.groupby(row):
            length = len(list(run))
            if dark:
                ops.append(f"{border + col} {y} {length} 1 re")
            col += length
    ops.append("f Q")
    canvas.addLiteral("\n".join(ops))


_LABEL_WIDTH = 172.0
_VALUE_START = _LABEL_WIDTH + 12


def _details(page: _Page, data: ReceiptData, top: float) -> float:
    """Label / value rows; user text (names) takes its own direction, not the page's."""
    lang, base = page.lang, page.base
    value_width = CONTENT - _VALUE_START
    rows: list[tuple[str, str, bool, str]] = [
        ("receipt.procedure", _name(data.procedure_name, lang), True, "auto"),
        ("receipt.procedure_code", data.procedure_code, False, "auto"),
    ]
    if lang not in ("fr", "ar"):  # the letterhead already names the service in fr and ar
        rows.append(("receipt.service", _name(data.service_name, lang), False, "auto"))
    rows += [
        ("receipt.applicant", data.applicant_name, True, "auto"),
        ("receipt.channel", t(f"receipt.channel.{data.channel}", lang), False, base),
        ("receipt.submitted_at", local_submission_time(data), False, "auto"),
        ("receipt.legal_deadline", t("unit.days", lang, n=data.legal_deadline_days), False, base),
        ("receipt.expected_decision", format_date(data.expected_decision_on, lang), True, "auto"),
    ]
    y = top - 14
    for key, value, bold, value_base in rows:
        labels = _clip(t(key, lang), _LABEL_WIDTH, 9, False, base, 2)
        values = _clip(value, value_width, 10.5, bold, value_base, 2)
        page.lines(labels, 0, _LABEL_WIDTH, y, 9, color=GREY)
        page.lines(values, _VALUE_START, value_width, y, 10.5, bold=bold)
        y -= max(page.lead(9) * len(labels), page.lead(10.5) * len(values)) + 3
    return y + 3


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
        labels = _clip(label, _COLUMNS["label"][1], 9, False, "auto", label_lines)
        name = _fit(file_name, _COLUMNS["file"][1], 9, False, "auto")
        rows.append((str(index), labels, name, fingerprint(sha256)))
    return rows


def _row_height(page: _Page, row: _Row) -> float:
    return page.lead(9) * len(row[1]) + 5


def _table_header(page: _Page, top: float) -> float:
    page.fill(0, CONTENT, top, 16, HEADER_TINT)
    y = top - 11.5
    for key, column in (
        ("receipt.document", "label"),
        ("receipt.file_name", "file"),
        ("receipt.fingerprint", "hash"),
    ):
        start, width = _COLUMNS[column]
        label = _fit(t(key, page.lang), width, 8, True, page.base)
        page.text(label, start, width, y, 8, bold=True, color=GREY)
    page.text("#", *_COLUMNS["n"], y, 8, bold=True, color=GREY)
    return top - 16


def _document_row(page: _Page, row: _Row, top: float) -> float:
    number, labels, name, digest = row
    y = top - 11.5
    page.text(number, *_COLUMNS["n"], y, 9, color=GREY)
    page.lines(labels, *_COLUMNS["label"], y, 9)
    page.text(name, *_COLUMNS["file"], y, 9)
    page.text(digest, *_COLUMNS["hash"], y, 9, char_space=0.3)
    bottom = top - _row_height(page, row)
    page.rule(bottom, width=0.4)
    return bottom


def _paginate(page: _Page, rows: list[_Row], first: float, then: float) -> list[list[_Row]]:
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


def _table_pages(page: _Page, data: ReceiptData, first: float, then: float) -> list[list[_Row]]:
    """Document labels on up to two lines, or on one if that keeps the receipt on one page:
    one page matters more than whole labels (the applicant knows the catalog's wording)."""
    pages = _paginate(page, _document_rows(data, 2), first, then)
    if len(pages) > 1:
        compact = _paginate(page, _document_rows(data, 1), first, then)
        if len(compact) == 1:
            return compact
    return pages


def _footer_height(page: _Page) -> float:
    """From the footer's rule down to the bottom margin, where the last line sits."""
    follow = page.wrap("receipt.follow_text", CONTENT, 8.5)
    keep = page.wrap("receipt.keep", CONTENT, 8.5, bold=True)
    lines = page.lead(8.5) * (len(follow) + len(keep) - 1) + page.lead(9.5)
    return 14 + 14 + lines + 1 + 16


def _footer(page: _Page, data: ReceiptData, number: int, pages: int) -> None:
    """How to follow the file, on every page."""
    y = MARGIN + _footer_height(page)
    page.rule(y, color=GREEN, width=1.0)
    y -= 14
    page.text(page.t("receipt.follow_title"), 0, CONTENT, y, 10, bold=True, color=GREEN)
    y = page.lines(page.wrap("receipt.follow_text", CONTENT, 8.5), 0, CONTENT, y - 14, 8.5)
    page.text(tracking_page(data.tracking_url), 0, CONTENT, y - 1, 9.5, bold=True, color=GREEN)
    keep = page.wrap("receipt.keep", CONTENT, 8.5, bold=True)
    page.lines(keep, 0, CONTENT, y - 1 - page.lead(9.5), 8.5, bold=True)
    page.text(page.t("app.name"), 0, CONTENT / 2, MARGIN, 7.5, color=GREY)
    if pages > 1:
        label = page.t("receipt.page", page=number, pages=pages)
        page.text(label, CONTENT / 2, CONTENT / 2, MARGIN, 7.5, align="end", color=GREY)


def _check(data: ReceiptData) -> None:
    if data.lang not in LANGUAGES:
        raise ValueError(f"unknown receipt language: {data.lang!r}")
    if data.channel not in CHANNELS:
        raise ValueError(f"unknown filing channel: {data.channel!r}")


def render_receipt(data: ReceiptData) -> bytes:
    """The filing receipt as PDF bytes: one A4 page (up to ten documents even with long labels
    and names), the document list continuing on numbered pages beyond."""
    _check(data)
    _cmaps()
    with _LOCK:
        return _render(data)


def _render(data: ReceiptData) -> bytes:
    lang = data.lang
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, lang=_PDF_LANG[lang], initialFontName=LATIN)
    # Metadata name the document, never the applicant (law 09-08) nor the PIN.
    canvas.setTitle(f"{t('receipt.title', lang)} – {data.procedure_code}")
    canvas.setAuthor(AUTHOR)
    canvas.setSubject(_name(data.procedure_name, lang))
    canvas.setCreator(AUTHOR)
    page = _Page(canvas, lang)

    y = _letterhead(page, data, PAGE_HEIGHT - MARGIN - 4)
    page.rule(y + 2, color=GREEN, width=1.2)
    y -= 24
    page.text(page.t("receipt.title"), 0, CONTENT, y, 19, bold=True, align="center")
    legal = page.wrap("receipt.legal_basis", CONTENT - 60, 8)
    y = page.lines(legal, 30, CONTENT - 60, y - 15, 8, align="center", color=GREY)
    y = _codes_box(page, data, y + 2)
    y = _details(page, data, y - 4)

    count = len(data.documents)
    page.text(page.t("receipt.documents", n=count), 0, CONTENT, y - 18, 11, bold=True, color=GREEN)
    y -= 26
    note = page.wrap("receipt.fingerprint_note", CONTENT, 7.5)
    reserved = _footer_height(page) + 10 + 16 + 6 + page.lead(7.5) * len(note)
    continued_top = PAGE_HEIGHT - MARGIN - 30
    first, then = y - MARGIN - reserved, continued_top - MARGIN - reserved
    pages = _table_pages(page, data, first, then)

    for number, page_rows in enumerate(pages, start=1):
        if number > 1:
            _footer(page, data, number - 1, len(pages))
            canvas.showPage()
            heading = f"{t('receipt.title', lang)} — {data.tracking_code}"
            page.text(
                _visual(heading, page.base), 0, CONTENT, PAGE_HEIGHT - MARGIN - 10, 11, bold=True
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
    _footer(page, data, len(pages), len(pages))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
