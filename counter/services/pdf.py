"""The PDF machinery shared by the documents the counter issues (filing receipt, decision).

Pages are drawn straight on a reportlab canvas (a document takes a few milliseconds, platypus
would take several times more). Arabic is laid out right to left: text is shaped with
arabic_reshaper and put in visual order with python-bidi, one line at a time; each visual line
is then drawn in runs, Arabic letters in Noto Naskh Arabic, Tifinagh in Noto Sans Tifinagh and
the rest in Noto Sans. The canvas parses no markup, so user text (names, file names, reasons)
prints literally. The letterhead is bilingual Arabic / French whatever the document's language,
as Moroccan official documents are.
"""

from __future__ import annotations

import io
import itertools
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
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

from counter.domain.names import pick
from counter.i18n import RTL_LANGUAGES, format_datetime, t
from counter.i18n.registry import babel_locales

AUTHOR = "Guichet numérique régional"
QR_LEVEL = "M"
KINGDOM_TIFINAGH = "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ"
FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
# The document's language tag (BCP 47) for readers and screen readers: the registry's locale.
PDF_LANG = {code: locale.replace("_", "-") for code, locale in babel_locales().items()}


def local_datetime(value: datetime, lang: str) -> str:
    """DD/MM/YYYY HH:MM in Moroccan time. Stored times are UTC: a naive one (as SQLite may give
    back) is read as UTC, never as the server's local time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return format_datetime(value, lang)


def without_query(url: str) -> str:
    """A page's address without its query string, to print: codes in it are printed apart."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else url


# --- QR code --------------------------------------------------------------------------------


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


# --- Fonts and text -------------------------------------------------------------------------

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
def font_cmaps() -> dict[str, frozenset[int]]:
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


def printable(text: str) -> str:
    """Control characters become spaces and format characters go: a bidi override in a file
    name ("facture\u202efdp.exe") must not reorder what the document shows."""
    if text.isprintable():
        return text
    return "".join(
        " " if category == "Cc" else char
        for char in text
        if (category := unicodedata.category(char))[0] != "C" or category == "Cc"
    )


def paragraph_base(text: str, default: str) -> str:
    """'R' or 'L' from the first letter of `text` (HTML's dir="auto"), else `default`: every
    line of a wrapped paragraph then keeps the paragraph's direction."""
    for char in text:
        script = _script(char)
        if script == "ar":
            return "R"
        if script and unicodedata.bidirectional(char) == "L":
            return "L"
    return default


@lru_cache(maxsize=4096)
def visual(text: str, base: str) -> str:
    """`text` (one line, logical order) in display order; base is 'L', 'R' or 'auto'.

    python-bidi's Python algorithm, not its Rust `bidi.get_display`: the latter (0.6) does not
    mirror brackets, so "(PIN)" would print as ")PIN(" in Arabic.
    """
    text = printable(text)
    if base != "R" and not _has_rtl(text):
        return text
    shaped = arabic_reshaper.reshape(text)
    return get_display(shaped, base_dir=None if base == "auto" else base)


@lru_cache(maxsize=4096)
def _runs(visual_line: str, bold: bool) -> tuple[tuple[str, str], ...]:
    """Split a visual line into (font, text) runs; neutrals stay with the current font."""
    cmaps = font_cmaps()
    family = _FAMILIES[bold]
    runs: list[tuple[str, str]] = []
    current, chunk = "", []
    for char in visual_line:
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


def text_width(visual_line: str, size: float, bold: bool = False) -> float:
    return sum(
        pdfmetrics.stringWidth(text, font, size * _SCALE.get(font, 1.0))
        for font, text in _runs(visual_line, bold)
    )


@lru_cache(maxsize=1024)
def _wrap_logical(text: str, width: float, size: float, bold: bool, base: str) -> tuple[str, ...]:
    """Break `text` at spaces into lines no wider than `width` (a long word stays whole)."""
    lines: list[str] = []
    current: list[str] = []
    for word in text.split():
        candidate = " ".join([*current, word])
        if current and text_width(visual(candidate, base), size, bold) > width:
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return tuple(lines) or ("",)


def wrap(text: str, width: float, size: float, bold: bool, base: str) -> tuple[str, ...]:
    """Wrapped lines in visual order: the bidi algorithm runs on each line, not on the text."""
    return tuple(visual(line, base) for line in _wrap_logical(text, width, size, bold, base))


def wrap_paragraph(text: str, width: float, size: float, bold: bool, base: str) -> tuple[str, ...]:
    """`wrap` for free text: a word wider than the line (an address, a long reference) is cut
    across lines instead of running off the page."""
    words: list[str] = []
    for word in printable(text).split():
        if text_width(visual(word, base), size, bold) <= width:
            words.append(word)
            continue
        chunk = ""
        for char in word:
            if chunk and text_width(visual(chunk + char, base), size, bold) > width:
                words.append(chunk)
                chunk = ""
            chunk += char
        words.append(chunk)
    return wrap(" ".join(words), width, size, bold, base)


def clip(text: str, width: float, size: float, bold: bool, base: str, max_lines: int) -> list[str]:
    """Wrapped visual lines, at most `max_lines`, the last one cut with an ellipsis."""
    lines = list(_wrap_logical(text, width, size, bold, base))
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :]) + "…"]
    return [fit(line, width, size, bold, base, keep_tail=False) for line in lines]


def fit(
    text: str, width: float, size: float, bold: bool, base: str, *, keep_tail: bool = True
) -> str:
    """One line of `text` in visual order, cut with an ellipsis if too wide: in the middle
    (`keep_tail`, so a file name keeps its extension) or at the end."""
    line = visual(text, base)
    full = text_width(line, size, bold)
    if full <= width:
        return line
    keep = max(int(len(text) * width / full), 2)
    while keep > 1:
        if keep_tail:
            head = (keep + 1) // 2
            cut = f"{text[:head]}…{text[len(text) - (keep - head) :]}"
        else:
            cut = f"{text[:keep].rstrip()}…"
        candidate = visual(cut, base)
        if text_width(candidate, size, bold) <= width:
            return candidate
        keep -= 1
    return visual("…", base)


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


def draw(
    canvas: Canvas,
    visual_line: str,
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
    runs = _runs(visual_line, bold)
    sizes = [size * _SCALE.get(font, 1.0) for font, _ in runs]
    widths = [
        pdfmetrics.stringWidth(text, font, run_size)
        for (font, text), run_size in zip(runs, sizes, strict=True)
    ]
    total = sum(widths) + char_space * max(len(visual_line) - 1, 0)
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


class Page:
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
        """A message in the document's language, in visual order (for one-line texts)."""
        return visual(t(key, self.lang, **params), self.base)

    def wrap(self, key: str, width: float, size: float, bold: bool = False) -> tuple[str, ...]:
        return wrap(t(key, self.lang), width, size, bold, self.base)

    def box(self, start: float, width: float) -> tuple[float, float]:
        if self.rtl:
            right = PAGE_WIDTH - MARGIN - start
            return right - width, right
        return MARGIN + start, MARGIN + start + width

    def text(
        self,
        visual_line: str,
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
        """`align` is 'start', 'end' or 'center'; 'left' and 'right' stay put in RTL."""
        left, right = self.box(start, width)
        if align in ("start", "end"):
            align = "left" if (align == "start") != self.rtl else "right"
        draw(
            self.canvas,
            visual_line,
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

    def frame(
        self, top: float, height: float, *, fill: Color = TINT, stroke: Color = GREEN
    ) -> None:
        """A tinted box across the content width, with a coloured border."""
        self.fill(0, CONTENT, top, height, fill)
        self.canvas.setStrokeColor(stroke)
        self.canvas.setLineWidth(1.2)
        self.canvas.rect(MARGIN, top - height, CONTENT, height, stroke=1, fill=0)


def name_in(names: dict[str, str], lang: str) -> str:
    """A name in `lang`, along its fallback chain (domain.names.pick)."""
    return pick(names, lang)


# A label / value row: message key of the label, value, value in bold, value's direction.
Row = tuple[str, str, bool, str]
LABEL_WIDTH = 172.0
VALUE_START = LABEL_WIDTH + 12


def detail_rows(page: Page, rows: Sequence[Row], top: float) -> float:
    """Labels in grey, values beside them, each on up to two lines; user text (names) takes
    its own direction ("auto"), not the page's. Returns the baseline below the last row."""
    value_width = CONTENT - VALUE_START
    y = top - 14
    for key, value, bold, value_base in rows:
        labels = clip(t(key, page.lang), LABEL_WIDTH, 9, False, page.base, 2)
        values = clip(value, value_width, 10.5, bold, value_base, 2)
        page.lines(labels, 0, LABEL_WIDTH, y, 9, color=GREY)
        page.lines(values, VALUE_START, value_width, y, 10.5, bold=bold)
        y -= max(page.lead(9) * len(labels), page.lead(10.5) * len(values)) + 3
    return y + 3


def letterhead(
    page: Page, region_name: dict[str, str], service_name: dict[str, str], top: float
) -> float:
    """Arabic block on the right, French block on the left, as on Moroccan official paper,
    whatever the document's language. Returns the lowest baseline used."""
    canvas = page.canvas
    half = CONTENT / 2 - 10
    left, right = MARGIN, PAGE_WIDTH - MARGIN

    y = top
    draw(canvas, t("receipt.kingdom", "fr").upper(), left, left + half, y, 9, bold=True)
    y -= 14
    region_fr = name_in(region_name, "fr") and t(
        "receipt.region", "fr", name=name_in(region_name, "fr")
    )
    for line in wrap(region_fr, half, 10.5, True, "L")[:2] if region_fr else ():
        draw(canvas, line, left, left + half, y, 10.5, bold=True, color=GREEN)
        y -= 13
    for line in wrap(name_in(service_name, "fr"), half, 8.5, False, "L")[:2]:
        draw(canvas, line, left, left + half, y, 8.5, color=GREY)
        y -= 11
    french_bottom = y

    y = top
    kingdom_ar = visual(t("receipt.kingdom", "ar"), "R")
    draw(canvas, kingdom_ar, right - half, right, y + 1, 11, bold=True, align="right")
    y -= 12
    draw(canvas, KINGDOM_TIFINAGH, right - half, right, y, 7.5, align="right", color=GREY)
    y -= 15
    region_ar = name_in(region_name, "ar") and t(
        "receipt.region", "ar", name=name_in(region_name, "ar")
    )
    for line in wrap(region_ar, half, 12, True, "R")[:2] if region_ar else ():
        draw(canvas, line, right - half, right, y, 12, bold=True, align="right", color=GREEN)
        y -= 15
    if region_name.get("zgh"):
        draw(canvas, region_name["zgh"], right - half, right, y + 2, 7.5, align="right")
        y -= 11
    for line in wrap(name_in(service_name, "ar"), half, 9.5, False, "R")[:2]:
        draw(canvas, line, right - half, right, y, 9.5, align="right", color=GREY)
        y -= 13
    return min(french_bottom, y)


def draw_qr(page: Page, payload: str, start: float, top: float, side: float) -> None:
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


@dataclass(frozen=True)
class Footer:
    """The foot of every page: a green rule, a title, a text, an address (optional), a note in
    bold, then the product's name and, on a document of several pages, the page number."""

    title_key: str
    text_key: str
    note_key: str
    page_key: str
    url: str = ""

    def height(self, page: Page) -> float:
        """From the footer's rule down to the bottom margin, where the last line sits."""
        text = page.wrap(self.text_key, CONTENT, 8.5)
        note = page.wrap(self.note_key, CONTENT, 8.5, bold=True)
        lines = page.lead(8.5) * (len(text) + len(note) - 1) + self._gap(page)
        return 14 + 14 + lines + 1 + 16

    def _gap(self, page: Page) -> float:
        """Room between the text and the note: the address's line, or a small space."""
        return page.lead(9.5) if self.url else 3.0

    def draw(self, page: Page, number: int, pages: int) -> None:
        y = MARGIN + self.height(page)
        page.rule(y, color=GREEN, width=1.0)
        y -= 14
        page.text(page.t(self.title_key), 0, CONTENT, y, 10, bold=True, color=GREEN)
        y = page.lines(page.wrap(self.text_key, CONTENT, 8.5), 0, CONTENT, y - 14, 8.5)
        if self.url:
            page.text(self.url, 0, CONTENT, y - 1, 9.5, bold=True, color=GREEN)
        note = page.wrap(self.note_key, CONTENT, 8.5, bold=True)
        page.lines(note, 0, CONTENT, y - 1 - self._gap(page), 8.5, bold=True)
        page.text(page.t("app.name"), 0, CONTENT / 2, MARGIN, 7.5, color=GREY)
        if pages > 1:
            label = page.t(self.page_key, page=number, pages=pages)
            page.text(label, CONTENT / 2, CONTENT / 2, MARGIN, 7.5, align="end", color=GREY)


def render_pdf(lang: str, *, title: str, subject: str, draw_pages: Callable[[Page], None]) -> bytes:
    """An A4 document drawn by `draw_pages` (which ends each page with showPage) as PDF bytes.
    Metadata name the document, never a person (law 09-08)."""
    font_cmaps()
    with _LOCK:
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=A4, lang=PDF_LANG[lang], initialFontName=LATIN)
        canvas.setTitle(title)
        canvas.setAuthor(AUTHOR)
        canvas.setSubject(subject)
        canvas.setCreator(AUTHOR)
        draw_pages(Page(canvas, lang))
        canvas.save()
        return buffer.getvalue()
