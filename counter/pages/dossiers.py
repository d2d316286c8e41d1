"""My dossiers, one dossier, public tracking and the company's investment files."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import back_link, error_text, notice, panel, value_list
from counter.components.icons import one_of_icons
from counter.components.layout import RECEIPT_ICON, TARGET, page, t
from counter.components.listen import listen_button
from counter.components.status import STATUS_STYLES, TRACKED_STYLES, status_badge
from counter.pages.filing import document_row, form_field, upload_zone
from counter.states.dossiers import (
    BusinessState,
    DossierState,
    MyDossiersState,
    TrackState,
    VerifyState,
)


def status_line(row: rx.Var) -> rx.Component:
    return rx.hstack(status_badge(row["status"], row["status_label"]),
                     rx.cond(row["overdue"] != "",
                             rx.badge(rx.icon("alarm-clock", size=14), t("dossier.overdue"),
                                      color_scheme="red")),
                     wrap="wrap")


def dossier_link(row: rx.Var, body: rx.Component, class_name: str) -> rx.Component:
    """A card that opens the dossier (its draft form while it is a draft)."""
    return rx.link(
        rx.card(body, width="100%"),
        href=rx.cond(row["status"] == "draft", f"/dossiers/{row['id']}/edit",
                     f"/dossiers/{row['id']}"),
        underline="none",
        color="inherit",
        width="100%",
        class_name=class_name,
    )


def dossier_card(row: rx.Var) -> rx.Component:
    return dossier_link(row, rx.vstack(
        status_line(row),
        rx.heading(row["procedure"], size="4", as_="h2"),
        rx.hstack(
            rx.cond(row["tracking_code"] != "",
                    rx.text(row["tracking_code"], class_name="mono", dir="ltr")),
            rx.cond(row["submitted_on"] != "", rx.text(row["submitted_on"])),
            rx.cond(row["days"] != "", rx.text(row["days"])),
            wrap="wrap",
            spacing="3",
            color="var(--gray-11)",
            font_size="0.9em",
        ),
        rx.text(row["action"], color="var(--teal-11)", weight="bold"),
        spacing="2",
    ), "dossier-card")


@page(route="/dossiers", title="Mes dossiers — Guichet numérique",
      on_load=[MyDossiersState.load])
def my_dossiers() -> rx.Component:
    return rx.vstack(
        rx.heading(t("dossier.mine_title"), size="7", as_="h1"),
        rx.cond(MyDossiersState.petition_invitations != "", rx.callout(
            rx.link(MyDossiersState.petition_invitations, href="/petitions/mine",
                    id="petition-invitations"), icon="megaphone", width="100%")),
        rx.cond(
            MyDossiersState.rows.length() > 0,
            rx.vstack(rx.foreach(MyDossiersState.rows, dossier_card), spacing="3",
                      width="100%"),
            rx.callout(t("dossier.none_yet"), icon="folder-open", width="100%"),
        ),
        rx.link(rx.button(rx.icon("plus"), t("dossier.new"), size="3", type="button"),
                href="/procedures"),
        rx.link(rx.button(rx.icon("building-2"), t("association.link"), size="3",
                          variant="outline", type="button"),
                href="/associations", id="associations-link"),
        claim_form(),
        spacing="4",
        width="100%",
    )


def code_and_pin(prefix: str, code: rx.Var | str = "", pin: rx.Var | str = ""
                 ) -> list[rx.Component]:
    """The tracking code and PIN of a receipt, as typed (or read from its QR code)."""
    return [
        rx.el.label(t("track.code"), html_for=f"{prefix}-code", class_name="field-label"),
        rx.input(id=f"{prefix}-code", name="code", default_value=code, placeholder="K7QM-3XTR",
                 size="3", width="100%", dir="ltr", auto_complete="off",
                 auto_capitalize="characters", required=True),
        rx.el.label(t("track.pin"), html_for=f"{prefix}-pin", class_name="field-label"),
        rx.input(id=f"{prefix}-pin", name="pin", default_value=pin, input_mode="numeric",
                 size="3", width="100%", dir="ltr", auto_complete="off", required=True,
                 type="password"),
    ]


def claim_form() -> rx.Component:
    """Attach a dossier that an agent filed at the counter for this person."""
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("dossier.claim_title"), size="4", as_="h2"),
                rx.text(t("dossier.claim_lead"), size="2"),
                *code_and_pin("claim"),
                error_text(MyDossiersState.claim_error, "claim"),
                notice(MyDossiersState.claim_notice),
                rx.button(rx.icon("link"), t("dossier.claim_button"), type="submit", size="3",
                          id="claim-submit"),
                spacing="2",
                width="100%",
            ),
            on_submit=MyDossiersState.claim,
            reset_on_submit=True,
            width="100%",
        ),
        width="100%",
    )


# The icons of the facts the state lists (states/).
FACT_ICONS = ("calendar", "clock", "calendar-check", "gavel")


def fact(row: rx.Var) -> rx.Component:
    return rx.hstack(
        one_of_icons(row[0], FACT_ICONS, size=20, aria_hidden="true", color="var(--teal-11)"),
        rx.vstack(rx.text(row[1], size="2", color_scheme="gray"),
                  rx.text(row[2], weight="bold"), spacing="0"),
        align="center",
    )


def timeline_item(entry: rx.Var) -> rx.Component:
    return timeline_entry(entry, STATUS_STYLES)


def timeline_entry(entry: rx.Var, styles: dict) -> rx.Component:
    """A transition with its status badge in `styles` (a dossier's, or TRACKED_STYLES)."""
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                status_badge(entry["status"], entry["label"], styles),
                rx.text(entry["at"], size="1", color_scheme="gray", dir="ltr"),
                rx.cond(entry["note"] != "", rx.text(entry["note"], size="2",
                                                     class_name="user-text")),
                spacing="0",
            ),
            align="start",
        ),
        padding_y="0.3em",
    )


def message_item(item: rx.Var) -> rx.Component:
    return rx.card(
        rx.text(item["kind_label"], " · ", item["at"], size="1", color_scheme="gray"),
        rx.text(item["body"], white_space="pre-wrap", class_name="user-text"),
        width="100%",
    )


def answer_form() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("dossier.answer_title"), size="4", as_="h2"),
            rx.text(t("dossier.answer_lead"), size="2"),
            rx.blockquote(DossierState.request_message, white_space="pre-wrap",
                          id="request-message", size="3", class_name="user-text"),
            rx.el.label(t("dossier.answer_message"), html_for="answer-text",
                        class_name="field-label"),
            rx.text_area(id="answer-text", value=DossierState.answer_text,
                         on_change=DossierState.set_answer_text, rows="4", width="100%",
                         size="3", aria_describedby="answer-text-error"),
            rx.foreach(DossierState.fields, lambda field: form_field(DossierState, field)),
            rx.cond(DossierState.answer_files.length() > 0, rx.vstack(
                rx.text(t("dossier.answer_files"), weight="bold"),
                value_list(DossierState.answer_files, "file_name"),
                spacing="1", width="100%", id="answer-files",
            )),
            upload_zone(DossierState, "answer_upload"),
            error_text(DossierState.answer_error, "answer-text"),
            rx.button(rx.icon("send"), t("dossier.answer_send"), on_click=DossierState.send_answer,
                      size="4", width="100%", min_height=TARGET, type="button",
                      id="send-answer"),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="answer-form",
    )


def withdraw_button() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(rx.icon("undo-2"), t("dossier.withdraw"), color_scheme="red",
                      variant="soft", min_height=TARGET, type="button", id="withdraw")),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("dossier.withdraw_confirm_title")),
            rx.alert_dialog.description(t("dossier.withdraw_confirm_text")),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("dossier.cancel"), variant="soft",
                                                 type="button")),
                rx.alert_dialog.action(rx.button(t("dossier.withdraw"), color_scheme="red",
                                                 on_click=DossierState.withdraw, type="button",
                                                 id="withdraw-confirm")),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
    )


def dossier_status() -> rx.Component:
    """What the listen button reads: the procedure, where the dossier stands, its dates and
    its decision (the tracking code, a string of letters, is not read)."""
    return rx.vstack(
        rx.heading(DossierState.procedure_name, size="6", as_="h1"),
        listen_button("dossier-status"),
        rx.hstack(status_badge(DossierState.status, DossierState.status_label),
                  rx.text(DossierState.tracking_code, class_name="mono", dir="ltr",
                          id="dossier-code", custom_attrs={"data-listen-skip": ""}),
                  align="center", wrap="wrap"),
        notice(DossierState.notice),
        rx.cond(DossierState.extension_note != "",
                rx.callout(DossierState.extension_note, icon="calendar-plus",
                           color_scheme="blue", width="100%", id="extension-note",
                           class_name="user-text")),
        rx.card(rx.flex(rx.foreach(DossierState.facts, fact), gap="4", wrap="wrap"),
                width="100%"),
        rx.cond(
            DossierState.has_decision,
            panel(
                rx.vstack(
                    rx.text(t("dossier.decision_ready"), weight="bold"),
                    rx.cond(DossierState.decision_note != "",
                            rx.text(DossierState.decision_note, white_space="pre-wrap",
                                    class_name="user-text")),
                    rx.link(rx.button(rx.icon("download"), t("review.decision_download"),
                                      size="3", type="button"),
                            href=DossierState.decision_url, is_external=True,
                            id="decision-link"),
                    spacing="2",
                ),
                icon="stamp",
                color_scheme=rx.cond(DossierState.status == "accepted", "green", "red"),
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
        id="dossier-status",
    )


def dossier_details() -> rx.Component:
    return rx.vstack(
        dossier_status(),
        rx.cond(DossierState.can_answer, answer_form()),
        rx.link(rx.button(rx.icon(RECEIPT_ICON, aria_hidden="true"), t("filing.download_receipt"),
                          variant="outline", type="button", class_name="big-target"),
                href=DossierState.receipt_url, is_external=True, id="dossier-receipt-link"),
        rx.heading(t("dossier.timeline"), size="4", as_="h2"),
        rx.el.ol(rx.foreach(DossierState.timeline, timeline_item), list_style="none",
                 padding="0", margin="0", id="timeline"),
        rx.cond(DossierState.messages.length() > 0,
                rx.vstack(rx.heading(t("dossier.messages"), size="4", as_="h2"),
                          rx.foreach(DossierState.messages, message_item), width="100%")),
        rx.heading(t("filing.review_documents"), size="4", as_="h2"),
        rx.foreach(DossierState.documents, lambda doc: document_row(doc, None)),
        rx.heading(t("filing.review_fields"), size="4", as_="h2"),
        value_list(DossierState.form),
        rx.cond(DossierState.can_withdraw, withdraw_button()),
        spacing="4",
        width="100%",
    )


@page(route="/dossiers/[id]", title="Mon dossier — Guichet numérique",
      on_load=[DossierState.load])
def dossier() -> rx.Component:
    return rx.vstack(
        back_link("dossier.back", "/dossiers"),
        rx.cond(DossierState.found, dossier_details(),
                rx.callout(t("error.dossier_not_found"), icon="circle-alert",
                           color_scheme="red", width="100%")),
        spacing="3",
        width="100%",
    )


@page(route="/track", title="Suivre un dossier — Guichet numérique", on_load=[TrackState.load])
def track() -> rx.Component:
    return rx.vstack(
        rx.heading(t("track.title"), size="7", as_="h1"),
        rx.text(t("track.lead")),
        rx.form(
            rx.vstack(
                *code_and_pin("track", TrackState.code, TrackState.pin),
                error_text(TrackState.error, "track"),
                rx.button(rx.icon("search"), t("track.button"), type="submit", size="4",
                          width="100%", id="track-submit"),
                spacing="2",
                width="100%",
            ),
            on_submit=TrackState.lookup,
            width="100%",
        ),
        rx.cond(
            TrackState.found,
            rx.card(
                rx.vstack(
                    listen_button("track-result"),
                    rx.hstack(rx.icon("landmark", size=16, aria_hidden="true"),
                              rx.text(TrackState.result["region"], weight="bold"),
                              id="track-region", align="center", spacing="2"),
                    rx.heading(TrackState.result["procedure"], size="5", as_="h2"),
                    status_badge(TrackState.result["status"], TrackState.result["status_label"],
                                 TRACKED_STYLES),
                    rx.text(t("track.service"), ": ", TrackState.result["service"]),
                    rx.text(t("dossier.submitted_on"), ": ", TrackState.result["submitted_on"]),
                    rx.cond(TrackState.result["expected_on"] != "",
                            rx.text(t("dossier.expected_on"), ": ",
                                    TrackState.result["expected_on"], weight="bold")),
                    rx.cond(TrackState.result["decided_on"] != "",
                            rx.text(t("dossier.decided_on"), ": ",
                                    TrackState.result["decided_on"])),
                    rx.heading(t("dossier.timeline"), size="4", as_="h3"),
                    rx.el.ol(rx.foreach(TrackState.steps,
                                        lambda e: timeline_entry(e, TRACKED_STYLES)),
                             list_style="none",
                             padding="0", margin="0"),
                    rx.cond(TrackState.result["kind"] == "petition",
                            rx.link(rx.icon("scroll-text", size=18, aria_hidden="true"),
                                    t("track.petition_page"),
                                    href=TrackState.result["public_href"], id="track-petition",
                                    min_height=TARGET, display="flex", align_items="center",
                                    gap="0.4em")),
                    spacing="2",
                ),
                width="100%",
                id="track-result",
            ),
        ),
        spacing="4",
        width="100%",
        max_width="32em",
    )


def deadline_bar(row: rx.Var) -> rx.Component:
    """The legal deadline used, as a bar: empty at 0 days, full at the deadline; it fills
    from the start of the line, the right in Arabic (Radix's bar grows from the left in
    every direction). Its value is a number: a text leaves Radix's bar "indeterminate",
    an animation that looks a tenth full."""
    return rx.progress(
        value=row["percent"].to(int), max=100,
        color_scheme=rx.cond(row["overdue"] != "", "red", "teal"),
        width="100%",
        aria_label=t("business.deadline_bar"),
        aria_valuetext=row["elapsed"],
        class_name="deadline-bar",
        style={'[dir="rtl"] & .rt-ProgressIndicator': {"transform_origin": "right center"}},
    )


def investment_card(row: rx.Var) -> rx.Component:
    return dossier_link(row, rx.vstack(
        status_line(row),
        rx.heading(row["procedure"], size="4", as_="h2"),
        rx.grid(
            rx.text(t("business.amount"), color_scheme="gray"), rx.text(row["amount"]),
            rx.text(t("business.jobs"), color_scheme="gray"), rx.text(row["jobs"]),
            rx.text(t("business.sector"), color_scheme="gray"), rx.text(row["sector"]),
            rx.text(t("business.province"), color_scheme="gray"), rx.text(row["province"]),
            columns="2",
            spacing="1",
            width="100%",
        ),
        rx.cond(row["elapsed"] != "",
                rx.vstack(
                    rx.text(t("business.deadline_bar"), ": ", row["elapsed"], size="2"),
                    deadline_bar(row),
                    width="100%", spacing="1")),
        spacing="2",
        width="100%",
    ), "investment-card")


@page(route="/business", title="Mon entreprise — Guichet numérique",
      on_load=[BusinessState.load])
def business() -> rx.Component:
    return rx.vstack(
        rx.heading(t("business.title"), size="7", as_="h1"),
        rx.text(t("business.lead")),
        rx.cond(
            BusinessState.company_files.length() > 0,
            rx.vstack(rx.foreach(BusinessState.company_files, investment_card), spacing="3",
                      width="100%"),
            rx.callout(t("business.none_yet"), icon="briefcase", width="100%"),
        ),
        rx.hstack(
            rx.link(rx.button(rx.icon("plus"), t("business.new_investment"), size="3",
                              type="button"), href="/procedures?q=investissement"),
            rx.link(rx.button(rx.icon("folder-open"), t("nav.my_dossiers_all"), size="3",
                              variant="outline", type="button"), href="/dossiers"),
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
    )


@page(route="/verify", title="Vérifier une décision — Guichet numérique",
      on_load=[VerifyState.load])
def verify() -> rx.Component:
    return rx.vstack(
        rx.heading(t("verify.title"), size="7", as_="h1"),
        rx.text(t("verify.lead")),
        rx.form(
            rx.vstack(
                rx.el.label(t("verify.code_label"), html_for="verify-code",
                            class_name="field-label"),
                rx.text(t("verify.code_hint"), size="2", color_scheme="gray"),
                rx.input(id="verify-code", name="code", default_value=VerifyState.code,
                         placeholder="K7QM-3XTR-9PWD", dir="ltr", size="3", width="100%",
                         auto_complete="off", required=True),
                rx.button(rx.icon("shield-check"), t("verify.button"), type="submit", size="4",
                          width="100%", id="verify-submit"),
                spacing="2",
                width="100%",
            ),
            on_submit=VerifyState.check,
            width="100%",
        ),
        rx.cond(
            VerifyState.checked,
            rx.cond(
                VerifyState.result.length() > 0,
                panel(
                    rx.vstack(
                        rx.text(t("verify.found"), weight="bold"),
                        rx.text(t("verify.decision"), ": ", VerifyState.result["decision_label"]),
                        rx.text(t("verify.decided_on"), ": ", VerifyState.result["decided_on"]),
                        rx.text(t("verify.procedure"), ": ", VerifyState.result["procedure"]),
                        rx.text(t("verify.service"), ": ", VerifyState.result["service"]),
                        # An attestation of acceptance by silence (law 55-19) and its text.
                        rx.cond(
                            VerifyState.result["silence"] == "1",
                            rx.vstack(
                                rx.text(t("silence.verify_found"), id="verify-silence"),
                                rx.text(t("silence.reference"), ": ",
                                        rx.el.bdi(VerifyState.result["silence_reference"]),
                                        weight="bold"),
                                spacing="1",
                            ),
                        ),
                        rx.text(t("verify.compare"), size="2"),
                        spacing="1",
                    ),
                    icon="shield-check", color_scheme="green", width="100%", id="verify-result",
                ),
                rx.callout(t("verify.not_found"), icon="shield-x", color_scheme="red",
                           width="100%", id="verify-result"),
            ),
        ),
        spacing="4",
        width="100%",
        max_width="32em",
    )
