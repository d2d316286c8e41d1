"""The decision document (accepted or rejected) and its public verification.

Every decision carries a verification code, printed in big type beside a QR code to the public
verification page. Whoever is shown the document (a bank, another administration) can check
there that it was issued, with which outcome, for which procedure and when; the page shows
nothing personal (law 09-08): no name, tracking code or reason.

The page is drawn with the receipt's machinery (counter.services.pdf): same letterhead, fonts,
right-to-left layout in Arabic, QR code and footer.

An acceptance by the administration's silence at the deadline (law 55-19,
counter.services.silence) is drawn the same way, as an attestation: its own title and
wording, the text it applies under in place of a reason, the day the deadline passed and
the day the attestation was issued. It verifies on the same page, which says so.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from reportlab.lib.colors import Color, HexColor
from sqlmodel import Session, select

from counter.domain.identifiers import TRACKING_ALPHABET, InvalidIdentifier
from counter.i18n import LANGUAGES, format_date, normalize_lang, t
from counter.models import Dossier, Procedure, Region, Service
from counter.services.applicants import applicant_of
from counter.services.pdf import (
    CONTENT,
    GREEN,
    GREY,
    INK,
    MARGIN,
    PAGE_HEIGHT,
    RED,
    Footer,
    Page,
    Row,
    detail_rows,
    draw_qr,
    fit,
    letterhead,
    local_datetime,
    name_in,
    paragraph_base,
    render_pdf,
    visual,
    without_query,
    wrap_paragraph,
)
from counter.settings import Settings

DECISIONS = ("accepted", "rejected")
VERIFICATION_GROUPS = 3
VERIFICATION_GROUP_LENGTH = 4
_VERIFICATION_SIZE = VERIFICATION_GROUPS * VERIFICATION_GROUP_LENGTH
_SEPARATORS = re.compile(r"[\s\-.]")
# Arabic-Indic and Eastern Arabic-Indic digits, as an Arabic keyboard may type them.
_WESTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def new_verification_code() -> str:
    """A random code such as `K7QM-3XTR-9PWD`: 12 characters of the tracking alphabet (about
    59 bits), in groups of four, easy to read aloud and to type."""
    groups = (
        "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(VERIFICATION_GROUP_LENGTH))
        for _ in range(VERIFICATION_GROUPS)
    )
    return "-".join(groups)


def normalize_verification_code(text: str) -> str:
    """Canonical form of a typed code: upper case, with or without dashes or spaces."""
    raw = unicodedata.normalize("NFKC", (text or "")[:64]).translate(_WESTERN_DIGITS)
    raw = _SEPARATORS.sub("", raw).upper()
    if len(raw) != _VERIFICATION_SIZE or any(char not in TRACKING_ALPHABET for char in raw):
        raise InvalidIdentifier("error.verification_code_invalid", text)
    size = VERIFICATION_GROUP_LENGTH
    return "-".join(raw[i : i + size] for i in range(0, _VERIFICATION_SIZE, size))


@dataclass(frozen=True)
class DecisionData:
    lang: str
    region_name: dict[str, str]
    service_name: dict[str, str]
    procedure_name: dict[str, str]
    procedure_code: str
    tracking_code: str
    applicant_name: str
    decision: str  # "accepted" | "rejected"
    reason: str  # required for a rejection
    decided_at: datetime
    submitted_at: datetime | None
    verification_code: str
    verify_url: str  # the public verification page with the code filled in: the QR code
    agent_name: str = ""
    # A dossier filed under a company profile: the company decided for (`applicant_name` is
    # then its representative).
    company_name: str = ""
    company_ice: str = ""
    # An acceptance by silence: the text it applies under, and when the attestation was
    # issued (`decided_at` is then the deadline that passed without a decision).
    silence_reference: str = ""
    issued_at: datetime | None = None

    @property
    def by_silence(self) -> bool:
        return bool(self.silence_reference.strip())


def _key(data: DecisionData, name: str) -> str:
    """A message of the document: the attestation's own when accepted by silence."""
    return f"{'silence' if data.by_silence else 'decision'}.{name}"


def qr_payload(data: DecisionData) -> str:
    """What the QR code holds: the verification page, with the code filled in."""
    return data.verify_url


# --- Rows to document and to the public page ----------------------------------------------------


def decision_data_for(
    session: Session,
    dossier: Dossier,
    *,
    settings: Settings,
    applicant_name: str | None = None,
    agent_name: str = "",
    issued_at: datetime | None = None,
) -> DecisionData:
    """The decision document's data for a decided dossier (status, decided_at and
    verification_code set), names in every language from its procedure, service and region,
    the applicant (and company) from the dossier unless `applicant_name` is given.
    A dossier accepted by silence gives the attestation's data: the text from its own copy
    of the procedure's rules."""
    if dossier.status not in DECISIONS or dossier.decided_at is None:
        raise ValueError(f"dossier {dossier.id} is not decided")
    if not dossier.verification_code:
        raise ValueError(f"dossier {dossier.id} has no verification code")
    procedure = session.get(Procedure, dossier.procedure_id)
    service = session.get(Service, dossier.service_id)
    region = session.get(Region, service.region_id) if service and service.region_id else None
    code = dossier.verification_code
    applicant = applicant_of(session, dossier)
    return DecisionData(
        lang=normalize_lang(dossier.lang),
        region_name=dict(region.names) if region else {},
        service_name=dict(service.names) if service else {},
        procedure_name=dict(procedure.names) if procedure else {},
        procedure_code=procedure.code if procedure else "",
        tracking_code=dossier.tracking_code or "",
        applicant_name=applicant.person if applicant_name is None else applicant_name,
        company_name=applicant.company,
        company_ice=applicant.ice,
        decision=dossier.status,
        reason=dossier.decision_note or "",
        decided_at=dossier.decided_at,
        submitted_at=dossier.submitted_at,
        verification_code=code,
        verify_url=f"{settings.public_url}/verify?code={code}",
        agent_name=agent_name,
        silence_reference=(str(dossier.form_schema.get("silence_reference") or "")
                           if dossier.accepted_by_silence else ""),
        issued_at=issued_at or (dossier.updated_at if dossier.accepted_by_silence else None),
    )


def verification_view(session: Session, code: str, lang: str) -> dict[str, str] | None:
    """What the public verification page shows for `code`, or None (unknown code, malformed
    code, or a dossier without a decision). Nothing personal: only the outcome, its date, the
    procedure and the service."""
    try:
        code = normalize_verification_code(code)
    except InvalidIdentifier:
        return None
    lang = normalize_lang(lang)
    row = session.exec(
        select(
            Dossier.status,
            Dossier.decided_at,
            Dossier.accepted_by_silence,
            Dossier.form_schema,
            Procedure.names,
            Service.names,
        )
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .join(Service, Service.id == Dossier.service_id)
        .where(Dossier.verification_code == code)
    ).first()
    if row is None:
        return None
    status, decided_at, by_silence, rules, procedure, service = row
    if status not in DECISIONS or decided_at is None:
        return None
    if decided_at.tzinfo is None:
        decided_at = decided_at.replace(tzinfo=UTC)
    view = {
        "verification_code": code,
        "decision": status,
        "decision_label": t(f"status.{status}", lang),
        "decided_on": format_date(decided_at, lang),
        "procedure": name_in(procedure, lang),
        "service": name_in(service, lang),
    }
    if by_silence:  # an attestation of acceptance by silence, and the text it applies under
        view.update(decision_label=t("silence.status_label", lang), silence="1",
                    silence_reference=str((rules or {}).get("silence_reference") or ""))
    return view


# --- The document -------------------------------------------------------------------------------

ACCENT = {"accepted": GREEN, "rejected": RED}
VERDICT_TINT = {"accepted": HexColor("#EAF4EE"), "rejected": HexColor("#FBEDED")}
BOX_TINT = HexColor("#F1F6F3")
REASON_SIZE = 10.0
QR_SIDE = 96.0
BOX_PAD = 12.0
CAPTION_WIDTH = CONTENT - 2 * BOX_PAD - QR_SIDE - 24  # beside the QR code
CONTINUED_TOP = PAGE_HEIGHT - MARGIN - 40


def _check(data: DecisionData) -> None:
    if data.lang not in LANGUAGES:
        raise ValueError(f"unknown decision language: {data.lang!r}")
    if data.decision not in DECISIONS:
        raise ValueError(f"unknown decision: {data.decision!r}")
    if data.decision == "rejected" and not data.reason.strip():
        raise ValueError("a rejection needs a reason")
    if not data.verification_code:
        raise ValueError("a decision needs a verification code")
    if data.by_silence and data.decision != "accepted":
        raise ValueError("silence counts as acceptance only")


def render_decision(data: DecisionData) -> bytes:
    """The decision as PDF bytes: one A4 page, a long reason continuing on numbered pages."""
    _check(data)
    lang = data.lang
    # Metadata name the document, never the applicant (law 09-08) nor the codes.
    return render_pdf(
        lang,
        title=f"{t(_key(data, 'title'), lang)} – {data.procedure_code}",
        subject=name_in(data.procedure_name, lang),
        draw_pages=lambda page: _draw_decision(page, data),
    )


_FOOTER = Footer(
    title_key="decision.footer_title",
    text_key="decision.footer_text",
    note_key="decision.keep",
    page_key="decision.page",
)
_SILENCE_FOOTER = Footer(
    title_key="decision.footer_title",
    text_key="silence.footer_text",
    note_key="silence.keep",
    page_key="decision.page",
)


def _draw_decision(page: Page, data: DecisionData) -> None:
    canvas = page.canvas
    footer = _SILENCE_FOOTER if data.by_silence else _FOOTER
    y = letterhead(page, data.region_name, data.service_name, PAGE_HEIGHT - MARGIN - 4)
    page.rule(y + 2, color=GREEN, width=1.2)
    y -= 24
    page.text(page.t(_key(data, "title")), 0, CONTENT, y, 19, bold=True, align="center")
    subtitle = page.wrap("decision.subtitle", CONTENT - 60, 8)
    gap = 21 if page.rtl else 15  # below the Naskh title's descenders
    y = page.lines(subtitle, 30, CONTENT - 60, y - gap, 8, align="center", color=GREY)
    y = _verdict(page, data, y + 2)
    y = detail_rows(page, _rows(page, data), y - 4)

    reason = _reason_lines(page, data.silence_reference or data.reason)
    if reason:
        y -= 18
        heading = page.t("silence.reference" if data.by_silence
                         else f"decision.reason.{data.decision}")
        page.text(heading, 0, CONTENT, y, 11, bold=True, color=ACCENT[data.decision])
        y -= 8
    lead = page.lead(REASON_SIZE)
    bottom = MARGIN + footer.height(page) + 20  # the lowest a line may sit, above the footer
    pages = _paginate(reason, y - lead + 3, CONTINUED_TOP, bottom, lead)
    box_top = pages[-1][-1][2] - 24 if pages[-1] else y - 14
    if box_top - _verification_height(page, data) < bottom - 6:  # no room left for the box
        pages.append([])
        box_top = CONTINUED_TOP + REASON_SIZE

    for number, lines in enumerate(pages, start=1):
        if number > 1:
            heading = f"{t(_key(data, 'title'), data.lang)} — {data.tracking_code}"
            top = PAGE_HEIGHT - MARGIN - 10
            page.text(visual(heading, page.base), 0, CONTENT, top, 11, bold=True)
        for line, align, baseline in lines:
            page.text(line, 0, CONTENT, baseline, REASON_SIZE, align=align)
        if number < len(pages):
            footer.draw(page, number, len(pages))
            canvas.showPage()
    _verification_box(page, data, box_top)
    footer.draw(page, len(pages), len(pages))
    canvas.showPage()


def _rows(page: Page, data: DecisionData) -> list[Row]:
    lang = page.lang
    rows: list[Row] = [
        ("decision.procedure", name_in(data.procedure_name, lang), True, "auto"),
        ("decision.procedure_code", data.procedure_code, False, "auto"),
    ]
    if lang not in ("fr", "ar"):  # the letterhead already names the service in fr and ar
        rows.append(("decision.service", name_in(data.service_name, lang), False, "auto"))
    if data.company_name:
        rows += [
            ("decision.company", data.company_name, True, "auto"),
            ("decision.ice", data.company_ice, False, "auto"),
            ("decision.representative", data.applicant_name, False, "auto"),
        ]
    else:
        rows.append(("decision.applicant", data.applicant_name, True, "auto"))
    rows.append(("decision.tracking_code", data.tracking_code, False, "auto"))
    if data.submitted_at is not None:
        rows.append(
            ("decision.submitted_at", local_datetime(data.submitted_at, lang), False, "auto")
        )
    if data.by_silence:
        rows.append(("silence.accepted_at", local_datetime(data.decided_at, lang), True, "auto"))
        if data.issued_at is not None:
            rows.append(("silence.issued_at", local_datetime(data.issued_at, lang), False,
                         "auto"))
    else:
        rows.append(("decision.decided_at", local_datetime(data.decided_at, lang), True,
                     "auto"))
    if data.agent_name.strip():
        rows.append(("decision.agent", data.agent_name, False, "auto"))
    return rows


def _verdict(page: Page, data: DecisionData, top: float) -> float:
    """The outcome in large capitals beside a check mark or a cross: the shape and the word
    carry the meaning, the colour only repeats it (a black-and-white print stays clear)."""
    accent = ACCENT[data.decision]
    pad, bar, mark = 12.0, 6.0, 30.0
    text_start = bar + pad + mark + 14
    text_width = CONTENT - text_start - pad
    label = visual(t(_key(data, f"verdict.{data.decision}"), data.lang).upper(), page.base)
    sentence = page.wrap(_key(data, f"verdict_text.{data.decision}"), text_width, 10)
    label_y = top - pad - 20
    sentence_y = label_y - 19
    height = top - sentence_y + page.lead(10) * (len(sentence) - 1) + pad - 2
    height = max(height, 2 * pad + mark + 6)

    page.frame(top, height, fill=VERDICT_TINT[data.decision], stroke=accent)
    page.fill(0, bar, top, height, accent)
    left, _ = page.box(bar + pad, mark)
    _mark(page, data.decision, left + mark / 2, top - height / 2, mark / 2, accent)
    spacing = 0.0 if page.rtl else 0.4  # spaced Arabic letters would come apart
    page.text(label, text_start, text_width, label_y, 20, bold=True, color=accent,
              char_space=spacing)
    page.lines(sentence, text_start, text_width, sentence_y, 10, color=INK)
    return top - height


def _mark(page: Page, decision: str, x: float, y: float, radius: float, color: Color) -> None:
    """A check mark or a cross in a ring, drawn as strokes (no glyph needed)."""
    canvas = page.canvas
    canvas.saveState()
    canvas.setStrokeColor(color)
    canvas.setLineWidth(2.2)
    canvas.circle(x, y, radius, stroke=1, fill=0)
    canvas.setLineWidth(3.2)
    canvas.setLineCap(1)
    canvas.setLineJoin(1)
    r = radius
    if decision == "accepted":
        path = canvas.beginPath()
        path.moveTo(x - 0.45 * r, y + 0.02 * r)
        path.lineTo(x - 0.12 * r, y - 0.32 * r)
        path.lineTo(x + 0.48 * r, y + 0.36 * r)
        canvas.drawPath(path, stroke=1, fill=0)
    else:
        canvas.line(x - 0.36 * r, y - 0.36 * r, x + 0.36 * r, y + 0.36 * r)
        canvas.line(x - 0.36 * r, y + 0.36 * r, x + 0.36 * r, y - 0.36 * r)
    canvas.restoreState()


_Line = tuple[str, str, float]  # visual line, 'left' or 'right', space before it or baseline


def _reason_lines(page: Page, reason: str) -> list[_Line]:
    """The reason as the agent wrote it, paragraph by paragraph: each paragraph takes the
    direction of its first letter (an Arabic reason on a French decision reads right to
    left), and an empty line leaves a gap."""
    lines: list[_Line] = []
    gap = 0.0
    for paragraph in reason.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not paragraph.strip():
            gap = 6.0 if lines else 0.0
            continue
        base = paragraph_base(paragraph, page.base)
        align = "right" if base == "R" else "left"
        for index, line in enumerate(wrap_paragraph(paragraph, CONTENT, REASON_SIZE, False, base)):
            lines.append((line, align, gap if index == 0 else 0.0))
        gap = 3.0
    return lines


def _paginate(
    lines: Sequence[_Line], first: float, then: float, bottom: float, lead: float
) -> list[list[_Line]]:
    """Lines per page with their baselines: from `first` on page 1, from `then` after, never
    below `bottom`."""
    pages: list[list[_Line]] = [[]]
    baseline = first
    for line, align, gap in lines:
        baseline -= gap if pages[-1] else 0.0
        if baseline < bottom and pages[-1]:
            pages.append([])
            baseline = then
        pages[-1].append((line, align, baseline))
        baseline -= lead
    return pages


def _verification_height(page: Page, data: DecisionData) -> float:
    caption = page.wrap(_key(data, "verify_caption"), CAPTION_WIDTH, 8.5)
    text = BOX_PAD + 13 + 33 + 20 + page.lead(8.5) * len(caption) + page.lead(9.5) + 8
    return max(text, BOX_PAD + QR_SIDE + 6 + page.lead(7.5) + 6)


def _verification_box(page: Page, data: DecisionData, top: float) -> None:
    """The verification code in big type, how to check it, and the QR code to the page."""
    page.frame(top, _verification_height(page, data), fill=BOX_TINT)
    label_y = top - BOX_PAD - 13
    code_y = label_y - 33
    label = page.t("decision.verification_code")
    page.text(label, BOX_PAD, CAPTION_WIDTH, label_y, 9.5, bold=True, color=GREY)
    page.text(data.verification_code, BOX_PAD, CAPTION_WIDTH, code_y, 28, bold=True,
              char_space=1.5)
    caption = page.wrap(_key(data, "verify_caption"), CAPTION_WIDTH, 8.5)
    y = page.lines(caption, BOX_PAD, CAPTION_WIDTH, code_y - 20, 8.5)
    address = without_query(data.verify_url)
    page.text(address, BOX_PAD, CAPTION_WIDTH, y - 1, 9.5, bold=True, color=GREEN)

    qr_start = CONTENT - BOX_PAD - QR_SIDE
    draw_qr(page, qr_payload(data), qr_start, top - BOX_PAD, QR_SIDE)
    qr_caption = fit(t("decision.qr_caption", data.lang), QR_SIDE + 16, 7.5, False, page.base)
    page.text(qr_caption, qr_start - 8, QR_SIDE + 16, top - BOX_PAD - QR_SIDE - 10, 7.5,
              align="center", color=GREY)
