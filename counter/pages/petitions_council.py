"""The council's petition pages: the petitions service's queue with the two-month clock, a
petition's review and the bureau's decision, paper signature sheets, and the region's
petition settings for administrators."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import back_link, checkbox_row, notice, panel
from counter.components.layout import TARGET, page, t
from counter.pages.agent import confirm_action, filter_select, message_field
from counter.pages.indicators import scroll_region
from counter.pages.petitions import status_badge
from counter.states.petitions_council import (
    CouncilQueueState,
    CouncilReviewState,
    PetitionSettingsState,
    SheetState,
)

BASES = ("residence", "activity", "voter")


def clock(left: rx.Var, overdue: rx.Var) -> rx.Component:
    """Days left of the two months; past them, red with an alarm icon (the word says it
    too, the colour only repeats it)."""
    return rx.cond(overdue != "",
                   rx.badge(rx.icon("alarm-clock", size=14, aria_hidden="true"), left,
                            color_scheme="red", variant="solid", class_name="petition-overdue"),
                   rx.badge(rx.icon("hourglass", size=14, aria_hidden="true"), left,
                            color_scheme="gray", high_contrast=True))


def table(label_key: str, headers: tuple[str, ...], rows: rx.Var, row,  # noqa: ANN001
          table_id: str) -> rx.Component:
    """A table in a region that scrolls sideways on a phone, named by `label_key` and
    reachable by keyboard (indicators.scroll_region)."""
    return scroll_region(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(key))
                                           for key in headers])),
            rx.table.body(rx.foreach(rows, row)),
            variant="surface", width="100%",
        ),
        label_key, table_id)


def queue_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        # The clock beside the title: in view on a phone without scrolling sideways.
        rx.table.cell(rx.vstack(
            rx.link(row["title"], href="/agent/petitions/" + row["id"],
                    class_name="target-link", weight="bold"),
            clock(row["left"], row["overdue"]), spacing="1"), min_width="11em"),
        rx.table.cell(row["due"]),
        rx.table.cell(row["kind"]),
        rx.table.cell(rx.text(row["code"], class_name="mono", dir="ltr")),
        rx.table.cell(row["deposited"]),
        rx.table.cell(row["signatures"]),
        class_name="petition-queue-row",
    )


def collecting_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["title"], weight="bold"), min_width="11em"),
        rx.table.cell(row["closes"]),
        rx.table.cell(rx.link(rx.button(rx.icon("clipboard-pen-line", aria_hidden="true"),
                                        t("council.enter_sheet"), size="3", type="button",
                                        variant="outline", min_height=TARGET),
                              href="/agent/petitions/" + row["id"] + "/sheet",
                              display="inline-flex", class_name="enter-sheet")),
    )


@page(route="/agent/petitions", title="Pétitions — Guichet numérique",
      on_load=[CouncilQueueState.load])
def council_queue() -> rx.Component:
    return rx.vstack(
        back_link("council.back_queue", "/agent"),
        rx.heading(t("council.queue_title"), size="7", as_="h1"),
        rx.text(t("council.queue_lead"), size="2"),
        notice(CouncilQueueState.error, color="red", icon="circle-alert"),
        table("council.queue_title", ("council.col_title", "council.col_due", "council.col_kind",
                                      "council.col_code", "council.col_deposited",
                                      "council.col_signatures"), CouncilQueueState.rows,
              queue_row, "petition-queue"),
        rx.cond(CouncilQueueState.rows.length() == 0,
                rx.callout(t("council.queue_empty"), icon="inbox", width="100%")),
        rx.heading(t("council.collecting_title"), size="5", as_="h2"),
        rx.text(t("council.collecting_lead"), size="2"),
        table("council.collecting_title",
              ("council.col_title", "council.col_closes", "council.col_action"),
              CouncilQueueState.collecting, collecting_row, "petition-collecting"),
        spacing="4",
        width="100%",
    )


def province_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["province"]),
        rx.table.cell(row["count"]),
        rx.table.cell(row["minimum"]),
        rx.table.cell(rx.cond(row["met"] != "",
                              rx.badge(rx.icon("check", size=14, aria_hidden="true"),
                                       t("council.met"), color_scheme="green"),
                              rx.badge(rx.icon("x", size=14, aria_hidden="true"),
                                       t("council.short"), color_scheme="red"))),
    )


def signature_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(row["name"], class_name="user-text")),
        rx.table.cell(rx.text(row["cin"], class_name="mono", dir="ltr")),
        rx.table.cell(row["province"]),
        rx.table.cell(row["channel"]),
        rx.table.cell(row["sheet"]),
        class_name="signature-row",
    )


def detail(label_key: str, value: rx.Var, value_id: str | None = None) -> rx.Component:
    return rx.fragment(rx.text(t(label_key), color_scheme="gray", size="2"),
                       rx.text(value, size="2", weight="medium", id=value_id,
                               class_name="user-text"))


def text_input(field_id: str, label_key: str, value: rx.Var, on_change,  # noqa: ANN001
               type_: str = "text") -> rx.Component:
    return rx.vstack(
        rx.el.label(t(label_key), html_for=field_id, class_name="field-label"),
        rx.input(id=field_id, value=value, on_change=on_change, type=type_, size="3",
                 width="100%", min_height=f"calc({TARGET} + 2px)"),
        spacing="1", width="100%", margin_top="0.75em",
    )


def decision_actions() -> rx.Component:
    s = CouncilReviewState
    return rx.flex(
        rx.cond(s.can_decide, rx.fragment(
            confirm_action(
                "council.admissible", "circle-check", "green", s.admissible, "action-admissible",
                rx.vstack(
                    text_input("decision-committee", "council.committee", s.committee,
                               lambda v: s.set_text("committee", v)),
                    text_input("decision-session", "council.session_on", s.session_on,
                               lambda v: s.set_text("session_on", v), "date"),
                    width="100%"),
                (s.committee.strip() == "") | (s.session_on == "")),
            confirm_action(
                "council.refuse", "circle-x", "red", s.refuse, "action-refuse",
                message_field("decision-reasons", "council.reasons", s.reasons,
                              lambda v: s.set_text("reasons", v)),
                s.reasons.strip() == ""),
        )),
        rx.cond(s.can_answer,
                confirm_action("council.publish_answer", "megaphone", "teal", s.publish_answer,
                               "action-answer",
                               rx.vstack(rx.text(t("council.answer_explain"), size="2"),
                                         message_field("answer-text", "council.answer",
                                                       s.answer_text,
                                                       lambda v: s.set_text("answer_text", v)),
                                         width="100%"),
                               s.answer_text.strip() == "")),
        spacing="3", wrap="wrap", width="100%",
    )


def review_details() -> rx.Component:
    s = CouncilReviewState
    h = s.header
    return rx.vstack(
        rx.heading(h["title"], size="6", as_="h1", class_name="user-text"),
        rx.hstack(rx.box(status_badge(h["status"], h["status_label"]), id="petition-status"),
                  rx.text(h["code"], class_name="mono", dir="ltr"),
                  rx.cond(h["left"] != "", clock(h["left"], h["overdue"])),
                  wrap="wrap", align="center"),
        notice(s.notice),
        notice(s.action_error, color="red", icon="circle-alert"),
        rx.card(rx.grid(
            detail("council.col_kind", h["kind"]), detail("council.region", h["region"]),
            detail("council.col_deposited", h["deposited"]),
            detail("council.col_due", h["due"]),
            detail("council.col_signatures", h["total"], "petition-total"),
            detail("council.legal_reference", h["legal_reference"]),
            columns="2", spacing="2", width="100%"), width="100%"),
        decision_actions(),
        rx.cond(h["decided"] != "", panel(
            rx.vstack(
                rx.text(t("council.decided_on"), " ", h["decided"]),
                rx.cond(h["committee"] != "", rx.text(t("council.committee"), " : ",
                                                      h["committee"], " — ",
                                                      t("council.session_on"), " : ",
                                                      h["session_on"], id="decision-summary")),
                rx.cond(h["refusal"] != "", rx.text(h["refusal"], class_name="user-text",
                                                    id="decision-summary")),
                rx.link(rx.icon("download", size=16, aria_hidden="true"),
                        t("council.decision_download"), href=s.decision_url, is_external=True,
                        id="petition-decision-link", min_height=TARGET, display="flex",
                        align_items="center", gap="0.3em"),
                spacing="1"),
            icon="stamp", width="100%")),
        rx.cond(h["answer"] != "", panel(
            rx.heading(t("council.answer"), size="4", as_="h2"),
            rx.text(h["answered"], size="1", color_scheme="gray"),
            rx.text(h["answer"], class_name="user-text", white_space="pre-wrap",
                    id="petition-answer"),
            icon="megaphone", width="100%")),
        rx.heading(t("council.request"), size="4", as_="h2"),
        rx.text(h["request"], class_name="user-text", white_space="pre-wrap"),
        rx.heading(t("council.reasons_text"), size="4", as_="h2"),
        rx.text(h["reasons"], class_name="user-text", white_space="pre-wrap"),
        rx.heading(t("council.per_province"), size="4", as_="h2"),
        table("council.per_province", ("council.col_province", "council.col_count",
                                       "council.col_minimum", "council.col_spread"),
              s.provinces, province_row, "petition-provinces"),
        rx.heading(t("council.signatures_title"), size="4", as_="h2"),
        rx.text(t("council.signatures_private"), size="2", color_scheme="gray"),
        # Hundreds of lines: folded until the bureau asks for them.
        rx.el.details(
            rx.el.summary(s.signature_count, class_name="big-target signatures-summary",
                          min_height=TARGET, display="flex", align_items="center",
                          cursor="pointer", font_weight="600", color="var(--accent-11)"),
            table("council.signatures_title",
                  ("council.col_name", "council.col_cin", "council.col_province",
                   "council.col_channel", "council.col_sheet"), s.signatures, signature_row,
                  "petition-signatures"),
            id="signatures", width="100%"),
        spacing="4",
        width="100%",
    )


@page(route="/agent/petitions/[id]", title="Pétition — Guichet numérique",
      on_load=[CouncilReviewState.load])
def council_review() -> rx.Component:
    return rx.vstack(
        back_link("council.back_petitions", "/agent/petitions"),
        rx.cond(CouncilReviewState.found, review_details(),
                rx.callout(t("petition.not_found"), icon="circle-alert", color_scheme="red",
                           width="100%", id="petition-not-found")),
        spacing="3",
        width="100%",
    )


def line_field(line: rx.Var, index: rx.Var, key: str, label_key: str, min_width: str,
               **props: str) -> rx.Component:
    field_id = "line-" + key + "-" + line["line"]
    return rx.vstack(
        rx.el.label(t(label_key), html_for=field_id, class_name="field-label"),
        rx.input(id=field_id, value=line[key],
                 on_change=lambda v: SheetState.set_line(index, key, v), size="3",
                 width="100%", min_height=f"calc({TARGET} + 2px)",
                 # The line's message (a malformed or counted CIN) is read with the field.
                 aria_invalid=rx.cond(line["error"] != "", "true", "false"),
                 aria_describedby=rx.cond(line["error"] != "", "line-error-" + line["line"],
                                          ""), **props),
        spacing="1", flex="1", min_width=min_width,
    )


def sheet_line(line: rx.Var, index: rx.Var) -> rx.Component:
    n = line["line"]
    return rx.card(
        rx.vstack(
            rx.text(t("council.line"), " ", n, weight="bold"),
            rx.flex(
                line_field(line, index, "name", "council.col_name", "12em"),
                line_field(line, index, "cin", "council.col_cin", "8em", dir="ltr"),
                filter_select("council.col_province", "line-province-" + n, line["province"],
                              lambda v: SheetState.set_line(index, "province", v),
                              SheetState.province_options, "council.choose_province"),
                spacing="3", wrap="wrap", width="100%", align="end",
            ),
            checkbox_row(t("council.signed"), "line-signed-" + n,
                         checked=line["signed"] == "1",
                         on_change=lambda v: SheetState.set_line(index, "signed", v)),
            rx.cond(line["error"] != "",
                    rx.text(rx.icon("circle-alert", size=16, aria_hidden="true"), " ",
                            line["error"], color="var(--red-11)", size="2",
                            class_name="line-error", id="line-error-" + n)),
            spacing="2", width="100%",
        ),
        width="100%",
        class_name="sheet-line",
    )


@page(route="/agent/petitions/[id]/sheet", title="Feuille de signatures — Guichet numérique",
      on_load=[SheetState.load])
def council_sheet() -> rx.Component:
    s = SheetState
    return rx.vstack(
        back_link("council.back_petitions", "/agent/petitions"),
        rx.cond(s.found, rx.vstack(
            rx.heading(t("council.sheet_title"), size="7", as_="h1"),
            rx.text(s.title, weight="bold", class_name="user-text"),
            rx.text(t("council.sheet_lead"), size="2"),
            rx.callout(s.progress, icon="chart-bar", width="100%", id="sheet-progress",
                       aria_live="polite"),
            notice(s.result, color="blue", icon="info"),
            notice(s.error, color="red", icon="circle-alert"),
            text_input("sheet-number", "council.sheet_number", s.number, s.set_number),
            rx.foreach(s.lines, sheet_line),
            rx.flex(
                rx.button(rx.icon("plus", aria_hidden="true"), t("council.add_line"),
                          on_click=s.add_line, type="button", variant="outline", size="3",
                          min_height=TARGET, id="sheet-add-line"),
                rx.button(rx.icon("save", aria_hidden="true"), t("council.save_sheet"),
                          on_click=s.save, type="button", size="3", min_height=TARGET,
                          id="sheet-save", disabled=s.number.strip() == ""),
                spacing="3", wrap="wrap"),
            spacing="3", width="100%"),
            rx.callout(t("petition.not_collecting"), icon="circle-alert", color_scheme="red",
                       width="100%")),
        spacing="3",
        width="100%",
    )


# Columns of words keep a readable width on a phone (the table scrolls sideways).
VERSION_COLUMNS = (("version", None), ("minimum", None), ("spread", None), ("bases", "12em"),
                   ("days", None), ("source", "14em"), ("created", None), ("petitions", None))


def version_row(row: rx.Var) -> rx.Component:
    return rx.table.row(*[rx.table.cell(row[key], min_width=width)
                          for key, width in VERSION_COLUMNS])


def setting(field: str, label_key: str, reference_key: str, type_: str = "text") -> rx.Component:
    s = PetitionSettingsState
    return rx.vstack(
        text_input(f"settings-{field}", label_key, s.form[field],
                   lambda v: s.set_field(field, v), type_),
        rx.text(rx.icon("scale", size=14, aria_hidden="true"), " ", t(reference_key), size="1",
                color_scheme="gray", class_name="legal-reference"),
        spacing="1", width="100%",
    )


@page(route="/admin/petitions", title="Pétitions : règles — Guichet numérique",
      on_load=[PetitionSettingsState.load])
def petition_settings() -> rx.Component:
    s = PetitionSettingsState
    return rx.vstack(
        back_link("council.back_admin", "/admin"),
        rx.heading(t("council.settings_title"), size="7", as_="h1"),
        rx.text(t("council.settings_lead"), size="2"),
        rx.vstack(
            rx.el.label(t("council.region"), html_for="settings-region",
                        class_name="field-label"),
            rx.el.select(rx.foreach(s.region_options, lambda o: rx.el.option(o[1], value=o[0])),
                         id="settings-region", value=s.region_id, on_change=s.choose_region,
                         class_name="native-select"),
            spacing="1"),
        notice(s.notice),
        notice(s.error, color="red", icon="circle-alert"),
        panel(rx.text(t("council.settings_current"), " ", s.current["version"], " — ",
                      t("council.settings_per_province"), " ", s.current["per_province"],
                      id="settings-current"),
              rx.text(t("council.legal_reference"), " : ", s.current["legal_reference"]),
              rx.text(t("council.source"), " : ", s.current["source"]),
              icon="scale", width="100%"),
        rx.card(rx.vstack(
            setting("minimum", "council.minimum", "council.ref_minimum", "number"),
            setting("spread", "council.spread", "council.ref_spread"),
            rx.el.fieldset(
                rx.el.legend(t("council.eligibility"), class_name="field-label"),
                *[checkbox_row(t(f"council.basis.{basis}"), f"settings-basis-{basis}",
                               checked=s.bases.contains(basis),
                               on_change=lambda v, b=basis: s.toggle_basis(b, v))
                  for basis in BASES],
                rx.text(rx.icon("scale", size=14, aria_hidden="true"), " ",
                        t("council.ref_eligibility"), size="1", color_scheme="gray"),
                class_name="plain-fieldset"),
            setting("days", "council.days", "council.ref_days", "number"),
            text_input("settings-legal_reference", "council.legal_reference",
                       s.form["legal_reference"], lambda v: s.set_field("legal_reference", v)),
            text_input("settings-source", "council.source", s.form["source"],
                       lambda v: s.set_field("source", v)),
            filter_select("council.service", "settings-service", s.form["service_id"],
                          lambda v: s.set_field("service_id", v), s.service_options,
                          "council.no_service"),
            rx.callout(t("council.settings_never_alter"), icon="info", width="100%"),
            rx.button(rx.icon("save", aria_hidden="true"), t("council.settings_save"),
                      on_click=s.save, type="button", size="3", min_height=TARGET,
                      id="settings-save"),
            spacing="3", width="100%")),
        rx.heading(t("council.settings_versions"), size="5", as_="h2"),
        table("council.settings_versions",
              ("council.col_version", "council.minimum", "council.spread",
               "council.eligibility", "council.days", "council.source", "council.col_created",
               "council.col_petitions"), s.versions, version_row, "settings-versions"),
        spacing="4",
        width="100%",
    )
