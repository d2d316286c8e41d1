"""The agent's pages: the queue, the review of a dossier, filing at the counter."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import (
    back_link,
    checkbox_row,
    error_text,
    labeled_input,
    notice,
    panel,
    submit_button,
    value_list,
)
from counter.components.layout import TABLE_DIRECTION, TARGET, page, t
from counter.i18n import LANGUAGE_NAMES, LANGUAGES
from counter.pages.dossiers import message_item, status_badge, timeline_item
from counter.pages.filing import code_and_pin, filing_body
from counter.states.agent import (
    AgentQueueState,
    AssistedFilingState,
    AssistedStartState,
    ReviewState,
)

# Wide enough for "Tous les dossiers ouverts" and "Toutes les démarches" beside the arrow.
SELECT_WIDTH = "17em"
QUEUE_STATUSES = (("", "queue.all_open"), ("submitted", "status.submitted"),
                  ("in_review", "status.in_review"), ("info_requested", "status.info_requested"))


def filter_select(label_key: str, select_id: str, value: rx.Var, on_change, options: rx.Var,  # noqa: ANN001
                  all_key: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(t(label_key), html_for=select_id, class_name="field-label"),
        rx.el.select(
            rx.el.option(t(all_key), value=""),
            rx.foreach(options, lambda o: rx.el.option(o[1], value=o[0])),
            id=select_id, value=value, on_change=on_change, class_name="native-select",
        ),
        spacing="1",
        min_width=SELECT_WIDTH,
        flex="1",
    )


def queue_filters() -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.el.label(t("queue.search"), html_for="queue-search", class_name="field-label"),
            rx.input(id="queue-search", value=AgentQueueState.search,
                     on_change=AgentQueueState.set_search, debounce_timeout=300,
                     placeholder=t("queue.search_placeholder"), size="3", width="100%"),
            spacing="1",
            min_width="14em",
            flex="2",
        ),
        rx.vstack(
            rx.el.label(t("queue.status"), html_for="queue-status", class_name="field-label"),
            rx.el.select(
                *[rx.el.option(t(key), value=value) for value, key in QUEUE_STATUSES],
                id="queue-status", value=AgentQueueState.status,
                on_change=AgentQueueState.set_status, class_name="native-select",
            ),
            spacing="1",
            min_width=SELECT_WIDTH,
            flex="1",
        ),
        filter_select("queue.procedure", "queue-procedure", AgentQueueState.procedure,
                      AgentQueueState.set_procedure, AgentQueueState.procedure_options,
                      "queue.all_procedures"),
        filter_select("queue.province", "queue-province", AgentQueueState.province,
                      AgentQueueState.set_province, AgentQueueState.province_options,
                      "queue.all_provinces"),
        checkbox_row(t("queue.mine"), "queue-mine", checked=AgentQueueState.mine,
                     on_change=AgentQueueState.set_mine),
        spacing="3",
        wrap="wrap",
        align="end",
        width="100%",
    )


def queue_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(row["tracking_code"], href="/agent/dossiers/" + row["id"],
                              class_name="mono target-link", dir="ltr", weight="bold"),
                      white_space="nowrap"),
        rx.table.cell(row["procedure"]),
        rx.table.cell(
            rx.text(row["applicant"], as_="div", class_name="user-text",
                    color_scheme=rx.cond(row["unnamed"] != "", "gray", None)),
            rx.cond(row["representative"] != "",
                    rx.text(row["representative"], as_="div", size="1")),
            rx.text(row["channel"], as_="div", size="1", color_scheme="gray"),
            class_name="queue-applicant",
        ),
        rx.table.cell(row["province"]),
        rx.table.cell(status_badge(row["status"], row["status_label"])),
        rx.table.cell(
            rx.cond(row["overdue"] != "",
                    rx.badge(rx.icon("alarm-clock", size=14), row["left"], color_scheme="red"),
                    rx.cond(row["paused"] != "",
                            rx.badge(rx.icon("pause", size=14), row["left"],
                                     color_scheme="amber"),
                            rx.text(row["left"]))),
            # Acceptance by silence at the deadline (law 55-19): the countdown to it.
            rx.cond(row["silence"] != "",
                    rx.badge(rx.icon("hourglass", size=14), row["silence_label"],
                             color_scheme="green", variant="outline", margin_top="0.25em",
                             class_name="silence-badge", white_space="normal",
                             display="flex", width="fit-content")),
        ),
        rx.table.cell(row["assigned"]),
        class_name="queue-row",
    )


@page(route="/agent", title="File d'attente — Guichet numérique", on_load=[AgentQueueState.load])
def agent_queue() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.vstack(
                rx.heading(t("queue.title"), size="7", as_="h1"),
                rx.text(AgentQueueState.service_name, color_scheme="gray"),
                spacing="0",
            ),
            rx.spacer(),
            rx.link(rx.button(rx.icon("user-plus"), t("assisted.start"), size="3",
                              type="button", min_height=TARGET),
                    href="/agent/assisted", id="start-assisted"),
            rx.link(rx.button(rx.icon("id-card"), t("counter_accounts.link"), size="3",
                              type="button", variant="outline", min_height=TARGET),
                    href="/agent/accounts", id="counter-accounts-link"),
            rx.link(rx.button(rx.icon("scroll-text"), t("council.nav"), size="3",
                              type="button", variant="outline", min_height=TARGET),
                    href="/agent/petitions", id="petitions-link"),
            width="100%",
            wrap="wrap",
            align="center",
        ),
        rx.text(t("queue.lead"), size="2", color_scheme="gray"),
        queue_filters(),
        rx.text(AgentQueueState.count_label, weight="bold", id="queue-count", aria_live="polite"),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(
                    *[rx.table.column_header_cell(t(key)) for key in (
                        "queue.col_code", "queue.col_procedure", "queue.col_applicant",
                        "queue.province", "queue.status", "queue.col_left",
                        "queue.col_assigned")])),
                rx.table.body(rx.foreach(AgentQueueState.rows, queue_row)),
                variant="surface",
                width="100%",
                # On a phone the table scrolls sideways rather than squeeze its columns into
                # a word a line.
                style={**TABLE_DIRECTION, "& table": {"min_width": "62em"}},
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.cond(AgentQueueState.total == 0,
                rx.callout(t("queue.empty"), icon="inbox", width="100%")),
        rx.hstack(
            rx.button(rx.icon("chevron-left", class_name="flip-rtl"), t("queue.previous"),
                      on_click=AgentQueueState.go_page(AgentQueueState.page - 1),
                      disabled=AgentQueueState.page <= 1, variant="soft", type="button",
                      size="3", min_height=TARGET),
            rx.button(t("queue.next"), rx.icon("chevron-right", class_name="flip-rtl"),
                      on_click=AgentQueueState.go_page(AgentQueueState.page + 1),
                      disabled=AgentQueueState.page >= AgentQueueState.pages, variant="soft",
                      type="button", id="queue-next", size="3", min_height=TARGET),
            justify="between",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def confirm_action(label_key: str, icon: str, color: str, on_confirm, button_id: str,  # noqa: ANN001
                   body: rx.Component | None = None,
                   confirm_disabled: rx.Var | bool = False) -> rx.Component:
    """An action that asks for confirmation in a dialog (with its message field, if any)."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(rx.icon(icon), t(label_key), color_scheme=color,
                                          size="3", type="button", id=button_id,
                                          min_height=TARGET)),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t(label_key)),
            rx.alert_dialog.description(t("review.confirm_text"), size="2"),
            *([body] if body is not None else []),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("dossier.cancel"), variant="soft",
                                                 type="button", size="3",
                                                 min_height=TARGET)),
                rx.alert_dialog.action(rx.button(t("review.confirm"), color_scheme=color,
                                                 on_click=on_confirm, type="button",
                                                 disabled=confirm_disabled, size="3",
                                                 min_height=TARGET,
                                                 id=f"{button_id}-confirm")),
                justify="end",
                spacing="3",
                margin_top="1em",
            ),
        ),
    )


def message_field(field_id: str, label_key: str, value: rx.Var, on_change) -> rx.Component:  # noqa: ANN001
    return rx.vstack(
        rx.el.label(t(label_key), html_for=field_id, class_name="field-label"),
        rx.text_area(id=field_id, value=value, on_change=on_change, rows="5", width="100%",
                     size="3"),
        spacing="1",
        width="100%",
        margin_top="0.75em",
    )


def complement_item(choice: rx.Var) -> rx.Component:
    """One listed document or field the agent may tick as missing."""
    box_id = "complement-" + choice[0].to(str).replace(":", "-")
    return rx.el.label(
        rx.el.input(type="checkbox", id=box_id, class_name="complement-item",
                    checked=ReviewState.request_items.contains(choice[0]),
                    on_change=lambda checked: ReviewState.toggle_item(choice[0], checked)),
        rx.text(choice[1], as_="span"),
        html_for=box_id,
        class_name="check-row",
    )


def complement_body() -> rx.Component:
    return rx.vstack(
        rx.text(t("complement.choose"), size="2"),
        rx.el.fieldset(
            rx.el.legend(t("complement.title"), class_name="field-label"),
            rx.foreach(ReviewState.complement_choices, complement_item),
            class_name="plain-fieldset",
        ),
        message_field("request-text", "complement.note", ReviewState.request_text,
                      ReviewState.set_request_text),
        width="100%",
        spacing="2",
        margin_top="0.5em",
    )


def extension_action() -> rx.Component:
    """Law 31-13: extend once, with the reason the applicant reads."""
    return rx.cond(
        ReviewState.header["can_extend"] != "",
        confirm_action(
            "extension.title", "calendar-plus", "blue", ReviewState.extend, "action-extend",
            rx.vstack(rx.text(t("extension.explain"), size="2"),
                      message_field("extension-text", "extension.reason",
                                    ReviewState.extension_text,
                                    ReviewState.set_extension_text), width="100%"),
            ReviewState.extension_text.strip() == ""),
    )


def review_actions() -> rx.Component:
    status = ReviewState.status
    return rx.flex(
        rx.cond(status == "submitted",
                confirm_action("review.take", "hand", "teal", ReviewState.take, "action-take")),
        rx.cond(
            status == "in_review",
            rx.fragment(
                rx.cond(
                    ReviewState.complement_choices.length() > 0,
                    confirm_action(
                        "review.request", "message-circle-question", "amber",
                        ReviewState.request_information, "action-request",
                        complement_body(), ReviewState.request_items.length() == 0),
                    rx.callout(ReviewState.header["complement_used"], icon="info", size="1",
                               id="complement-used"),
                ),
                confirm_action("review.accept", "circle-check", "green", ReviewState.accept,
                               "action-accept",
                               message_field("accept-note", "review.accept_label",
                                             ReviewState.reason_text,
                                             ReviewState.set_reason_text)),
                confirm_action(
                    "review.reject", "circle-x", "red", ReviewState.reject, "action-reject",
                    message_field("reject-reason", "review.reject_label",
                                  ReviewState.reason_text, ReviewState.set_reason_text),
                    ReviewState.reason_text.strip() == ""),
            ),
        ),
        rx.cond((status == "submitted") | (status == "in_review"), extension_action()),
        rx.cond(status == "info_requested",
                rx.callout(t("review.waiting"), icon="pause", color_scheme="amber",
                           width="100%")),
        rx.cond(ReviewState.header["extension"] != "",
                rx.callout(ReviewState.header["extension"], icon="calendar-plus",
                           color_scheme="blue", width="100%", id="extension-done")),
        spacing="3",
        wrap="wrap",
        width="100%",
    )


def document_preview(doc: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("file-text", size=18), rx.text(doc["label"], weight="bold"),
                      rx.cond(doc["new"] != "",
                              rx.badge(rx.icon("sparkles", size=14), t("complement.new"),
                                       color_scheme="green", class_name="new-document")),
                      rx.cond(doc["replaced"] != "",
                              rx.badge(rx.icon("history", size=14), t("complement.replaced"),
                                       color_scheme="gray", class_name="replaced-document")),
                      wrap="wrap"),
            rx.text(doc["file_name"], " · ", doc["pages"], " · ", doc["uploaded"], size="1",
                    color_scheme="gray", class_name="file-name"),
            rx.cond(
                doc["url"] != "",
                rx.vstack(
                    rx.cond(doc["kind"] == "image",
                            rx.image(src=doc["url"] + "?inline=1", alt=doc["file_name"],
                                     width="100%", max_height="28em", object_fit="contain"),
                            rx.el.iframe(src=doc["url"] + "?inline=1", title=doc["file_name"],
                                         width="100%", height="420px",
                                         border="1px solid var(--gray-6)")),
                    rx.link(rx.icon("download", size=16), t("filing.download"), href=doc["url"],
                            is_external=True, size="2"),
                    width="100%",
                ),
                rx.callout(doc["scan"], icon="shield-alert", color_scheme="amber", size="1"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="review-document",
    )


def review_details() -> rx.Component:
    header = ReviewState.header
    return rx.vstack(
        rx.heading(header["procedure"], size="6", as_="h1"),
        rx.hstack(status_badge(ReviewState.status, header["status_label"]),
                  rx.text(header["tracking_code"], class_name="mono", dir="ltr",
                          id="review-code"),
                  rx.cond(header["overdue"] != "",
                          rx.badge(rx.icon("alarm-clock", size=14), t("dossier.overdue"),
                                   color_scheme="red")),
                  rx.cond(header["urgent"] != "",
                          rx.badge(rx.icon("siren", size=14), t("urgent.badge"),
                                   color_scheme="red", variant="solid")),
                  wrap="wrap", align="center"),
        notice(ReviewState.notice),
        notice(ReviewState.action_error, color="red", icon="circle-alert"),
        rx.card(
            rx.grid(
                # A company's dossier: the company first, then who filed for it.
                rx.cond(header["company"] != "", rx.fragment(
                    rx.text(t("review.company"), color_scheme="gray", size="2"),
                    rx.text(header["company"], size="2", weight="medium", id="review-company",
                            class_name="user-text"))),
                *[item for key, label in (
                    ("applicant", "review.applicant"), ("cin", "auth.cin"),
                    ("contact", "review.contact"), ("channel", "review.channel"),
                    ("submitted_on", "dossier.submitted_on"),
                    ("admin_days", "dossier.admin_days"), ("left", "queue.col_left"),
                    ("assigned", "queue.col_assigned"))
                  for item in (rx.text(t(label), color_scheme="gray", size="2"),
                               rx.text(header[key], size="2", weight="medium"))],
                columns="2",
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        review_actions(),
        rx.cond(header["has_decision"] != "",
                panel(
                    rx.vstack(
                        rx.text(t("review.decision_issued"), " ", header["verification_code"]),
                        rx.cond(header["decision_note"] != "",
                                rx.text(header["decision_note"], class_name="user-text")),
                        rx.link(rx.icon("download", size=16), t("review.decision_download"),
                                href=ReviewState.decision_url, is_external=True,
                                id="decision-link"),
                        spacing="1",
                    ),
                    icon="stamp", width="100%")),
        rx.grid(
            rx.vstack(
                rx.heading(t("review.documents"), size="4", as_="h2"),
                rx.foreach(ReviewState.documents, document_preview),
                width="100%",
            ),
            rx.vstack(
                rx.heading(t("review.fields"), size="4", as_="h2"),
                value_list(ReviewState.form),
                rx.cond(ReviewState.messages.length() > 0,
                        rx.vstack(rx.heading(t("dossier.messages"), size="4", as_="h2"),
                                  rx.foreach(ReviewState.messages, message_item),
                                  width="100%")),
                rx.heading(t("dossier.timeline"), size="4", as_="h2"),
                rx.el.ol(rx.foreach(ReviewState.timeline, timeline_item), list_style="none",
                         padding="0", margin="0"),
                width="100%",
            ),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="4",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


@page(route="/agent/dossiers/[id]", title="Examen — Guichet numérique",
      on_load=[ReviewState.load])
def agent_review() -> rx.Component:
    return rx.vstack(
        back_link("review.back", "/agent"),
        rx.cond(ReviewState.found, review_details(),
                rx.callout(t("error.dossier_not_found"), icon="circle-alert",
                           color_scheme="red", width="100%", id="review-not-found")),
        spacing="3",
        width="100%",
    )


@page(route="/agent/assisted", title="Dépôt au guichet — Guichet numérique",
      on_load=[AssistedStartState.load])
def assisted_start() -> rx.Component:
    errors = AssistedStartState.errors
    return rx.vstack(
        rx.heading(t("assisted.title"), size="7", as_="h1"),
        rx.text(t("assisted.lead")),
        rx.form(
            rx.vstack(
                rx.el.label(t("assisted.procedure"), html_for="assisted-procedure",
                            class_name="field-label"),
                rx.el.select(
                    rx.el.option(t("filing.choose"), value=""),
                    rx.foreach(AssistedStartState.procedure_options,
                               lambda o: rx.el.option(o[1], value=o[0])),
                    id="assisted-procedure", name="procedure", class_name="native-select",
                ),
                error_text(errors.get("procedure", ""), "assisted-procedure"),
                labeled_input("person_name", "assisted.person_name", errors=errors),
                labeled_input("person_cin", "auth.cin", errors=errors, hint_key="auth.cin_hint",
                              dir="ltr"),
                labeled_input("person_mobile", "auth.mobile", errors=errors, type="tel",
                              required=False, dir="ltr"),
                rx.el.label(t("assisted.person_lang"), html_for="assisted-lang",
                            class_name="field-label"),
                rx.el.select(*[rx.el.option(LANGUAGE_NAMES[code], value=code, lang=code)
                               for code in LANGUAGES],
                             id="assisted-lang", name="person_lang", class_name="native-select",
                             value=AssistedStartState.person_lang,
                             on_change=AssistedStartState.set_person_lang),
                rx.card(
                    checkbox_row(t("assisted.consent"), "assisted-consent", align="start",
                                 name="consent",
                                 aria_describedby="assisted-consent-error"),
                    width="100%",
                ),
                error_text(errors.get("consent", ""), "assisted-consent"),
                submit_button("assisted.continue", "arrow-right", button_id="assisted-submit"),
                spacing="3",
                width="100%",
            ),
            on_submit=AssistedStartState.start,
            width="100%",
        ),
        spacing="4",
        width="100%",
        max_width="36em",
    )


# Prints the receipt from a hidden frame (the PDF is fetched with the agent's session, so
# it is never a public address); if the browser cannot print a frame, the PDF opens instead.
PRINT_RECEIPT = """
(async (url) => {
  try {
    const response = await fetch(url, {credentials: "same-origin"});
    if (!response.ok) throw new Error(String(response.status));
    const address = URL.createObjectURL(await response.blob());
    document.getElementById("receipt-print-frame")?.remove();
    const frame = document.createElement("iframe");
    frame.id = "receipt-print-frame";
    frame.title = "receipt";
    frame.style.cssText = "position:fixed;width:0;height:0;border:0;inset-inline-start:-10px";
    frame.onload = () => {
      try { frame.contentWindow.focus(); frame.contentWindow.print(); }
      catch (error) { window.open(address, "_blank"); }
    };
    frame.src = address;
    document.body.appendChild(frame);
  } catch (error) { window.open(url, "_blank"); }
})"""


def assisted_done() -> rx.Component:
    """The end of a counter filing, said to the agent: whose dossier it is, the receipt to
    hand over, and the next person."""
    state = AssistedFilingState
    return rx.vstack(
        rx.heading(state.procedure_title, size="6", as_="h1", id="filing-title"),
        rx.callout(state.done_title, icon="circle-check", color_scheme="green", size="3",
                   width="100%", role="status", id="assisted-done"),
        code_and_pin(state, rx.text(t("assisted.pin_note"), size="2")),
        rx.flex(
            rx.button(rx.icon("printer", aria_hidden="true"), t("assisted.print_receipt"),
                      size="4", type="button", id="print-receipt", min_height=TARGET,
                      flex="1 1 14em",
                      custom_attrs={"data-url": state.receipt_url},
                      on_click=rx.call_script(
                          PRINT_RECEIPT
                          + '(document.getElementById("print-receipt").dataset.url)')),
            rx.link(rx.button(rx.icon("download", aria_hidden="true"),
                              t("filing.download_receipt"), size="4", variant="soft",
                              type="button", min_height=TARGET, width="100%"),
                    href=state.receipt_url, is_external=True, id="receipt-link",
                    flex="1 1 14em"),
            spacing="3", wrap="wrap", width="100%",
        ),
        rx.flex(
            rx.button(rx.icon("user-plus", aria_hidden="true"), t("assisted.another"),
                      size="3", variant="outline", type="button", id="assisted-another",
                      min_height=TARGET, on_click=state.file_for_another),
            rx.link(t("assisted.to_queue"), href="/agent", min_height=TARGET, display="flex",
                    align_items="center"),
            spacing="4", wrap="wrap", align="center", width="100%",
        ),
        spacing="4",
        width="100%",
    )


@page(route="/agent/assisted/[id]", title="Dépôt au guichet — Guichet numérique",
      on_load=[AssistedFilingState.load])
def assisted_filing() -> rx.Component:
    return rx.cond(
        AssistedFilingState.submitted,
        assisted_done(),
        rx.vstack(
            rx.callout(AssistedFilingState.banner, icon="hand-helping", width="100%"),
            filing_body(AssistedFilingState),
            width="100%",
        ),
    )
