"""The bureau's decision on a petition as a PDF, drawn with the receipts' machinery
(counter.services.pdf): the region's letterhead, the outcome, the committee and session of
an admissible petition or the reasons of a refusal, in the petition's language (Arabic right
to left). Metadata name the document, never a person (law 09-08)."""

from __future__ import annotations

from counter.i18n import format_date, t
from counter.services.pdf import (
    CONTENT,
    GREEN,
    GREY,
    MARGIN,
    PAGE_HEIGHT,
    RED,
    Footer,
    Page,
    Row,
    detail_rows,
    letterhead,
    local_datetime,
    paragraph_base,
    render_pdf,
    visual,
    wrap_paragraph,
)
from counter.services.petitions_council import DecisionDocument

TEXT_SIZE = 10.5
_FOOTER = Footer(title_key="council.pdf.footer_title", text_key="council.pdf.footer_text",
                 note_key="council.pdf.keep", page_key="decision.page")


def render_petition_decision(doc: DecisionDocument) -> bytes:
    return render_pdf(doc.lang, title=t("council.pdf.title", doc.lang),
                      subject=t(f"council.outcome.{doc.outcome}", doc.lang),
                      draw_pages=lambda page: _draw(page, doc))


def _rows(page: Page, doc: DecisionDocument) -> list[Row]:
    lang = page.lang
    rows: list[Row] = [
        ("council.pdf.petition", doc.title, True, "auto"),
        ("council.pdf.code", doc.code, False, "L"),
        ("council.pdf.deposited", local_datetime(doc.deposited_at, lang), False, "auto"),
        ("council.pdf.decided", local_datetime(doc.decided_at, lang), True, "auto"),
    ]
    if doc.outcome == "admissible":
        rows += [("council.pdf.committee", doc.committee, True, "auto"),
                 ("council.pdf.session", format_date(doc.session_on, lang), True, "auto")]
    return rows


def _paragraphs(page: Page, text: str) -> list[tuple[str, str]]:
    lines = []
    for paragraph in text.replace("\r\n", "\n").split("\n"):
        if paragraph.strip():
            base = paragraph_base(paragraph, page.base)
            align = "right" if base == "R" else "left"
            lines += [(line, align) for line in
                      wrap_paragraph(paragraph, CONTENT, TEXT_SIZE, False, base)]
    return lines


def _draw(page: Page, doc: DecisionDocument) -> None:
    y = letterhead(page, doc.region_names, doc.service_names, PAGE_HEIGHT - MARGIN - 4)
    page.rule(y + 2, color=GREEN, width=1.2)
    y -= 26
    page.text(page.t("council.pdf.title"), 0, CONTENT, y, 18, bold=True, align="center")
    y -= 30
    color = GREEN if doc.outcome == "admissible" else RED
    page.text(visual(t(f"council.pdf.outcome.{doc.outcome}", doc.lang), page.base), 0, CONTENT,
              y, 15, bold=True, align="center", color=color)
    y = detail_rows(page, _rows(page, doc), y - 10)
    y -= 16
    page.lines(page.wrap(f"council.pdf.explain.{doc.outcome}", CONTENT, 9.5), 0, CONTENT, y,
               9.5, color=GREY)
    y -= 3 * page.lead(9.5) + 8
    if doc.outcome == "refused":
        page.text(page.t("council.pdf.reasons"), 0, CONTENT, y, 11, bold=True, color=RED)
        y -= page.lead(TEXT_SIZE) + 4
        bottom = MARGIN + _FOOTER.height(page) + 20
        number = 1
        for line, align in _paragraphs(page, doc.reasons):
            if y < bottom:
                _FOOTER.draw(page, number, 0)
                page.canvas.showPage()
                number += 1
                y = PAGE_HEIGHT - MARGIN - 20
            page.text(line, 0, CONTENT, y, TEXT_SIZE, align=align)
            y -= page.lead(TEXT_SIZE)
    _FOOTER.draw(page, 1, 1)
    page.canvas.showPage()
