"""Filing a dossier in three steps: information, documents, review and submission."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import error_text, notice, value_list
from counter.components.layout import TARGET, page, t
from counter.states.filing import FilingState

ACCEPTED_FILES = {"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"],
                  "image/png": [".png"]}
STEPS = (("1", "pencil-line", "filing.step_information"), ("2", "file-up", "filing.step_documents"),
         ("3", "send", "filing.step_review"))


def stepper(state) -> rx.Component:
    return rx.el.ol(
        *[
            rx.el.li(
                rx.button(
                    rx.badge(number, radius="full", variant=rx.cond(
                        state.step == int(number), "solid", "soft")),
                    rx.icon(icon, size=18, aria_hidden="true"),
                    rx.text(t(key), size="2"),
                    on_click=state.go_step(int(number)),
                    variant=rx.cond(state.step == int(number), "soft", "ghost"),
                    aria_current=rx.cond(state.step == int(number), "step", "false"),
                    min_height=TARGET,
                    type="button",
                    id=f"step-{number}",
                ),
            )
            for number, icon, key in STEPS
        ],
        display="flex",
        flex_wrap="wrap",
        gap="0.5em",
        list_style="none",
        padding="0",
        margin="0",
        aria_label=t("filing.steps"),
    )


def _save(state, field: rx.Var):
    return lambda value: state.save_field(field["code"], value)


def native_select(state, field: rx.Var) -> rx.Component:
    return rx.el.select(
        rx.el.option(t("filing.choose"), value=""),
        rx.foreach(state.options[field["code"]],
                   lambda option: rx.el.option(option[1], value=option[0])),
        id=field["input_id"],
        default_value=field["value"],
        on_change=_save(state, field),
        class_name="native-select",
        aria_describedby=field["input_id"] + "-error",
    )


def text_input(state, field: rx.Var, **props) -> rx.Component:
    return rx.input(
        id=field["input_id"],
        default_value=field["value"],
        on_blur=_save(state, field),
        size="3",
        width="100%",
        aria_describedby=field["input_id"] + "-error",
        aria_invalid=rx.cond(state.errors.get(field["code"], "") != "", "true", "false"),
        **props,
    )


def field_control(state, field: rx.Var) -> rx.Component:
    return rx.match(
        field["kind"],
        ("textarea", rx.text_area(id=field["input_id"], default_value=field["value"],
                                  on_blur=_save(state, field), rows="4", size="3", width="100%",
                                  aria_describedby=field["input_id"] + "-error")),
        ("choice", native_select(state, field)),
        ("province", native_select(state, field)),
        ("date", text_input(state, field, type="date")),
        ("number", text_input(state, field, input_mode="numeric")),
        ("amount_mad", text_input(state, field, input_mode="decimal",
                                  placeholder=t("filing.amount_placeholder"))),
        ("phone", text_input(state, field, type="tel", dir="ltr", placeholder="+212 6XX XX XX XX")),
        ("email", text_input(state, field, type="email", dir="ltr")),
        ("cin", text_input(state, field, dir="ltr", placeholder="AB123456")),
        ("ice", text_input(state, field, dir="ltr", input_mode="numeric")),
        text_input(state, field),
    )


def form_field(state, field: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.el.label(
            field["label"],
            rx.cond(field["required"] != "", rx.text(" *", as_="span", color="var(--red-11)",
                                                     aria_hidden="true")),
            html_for=field["input_id"],
            class_name="field-label",
        ),
        rx.cond(field["help"] != "", rx.text(field["help"], size="2", color_scheme="gray")),
        field_control(state, field),
        error_text(state.errors.get(field["code"], ""), field["input_id"]),
        spacing="1",
        width="100%",
    )


def urgent_choice(state) -> rx.Component:  # noqa: ANN001
    """An access-to-information request may be urgent (law 31-13)."""
    return rx.card(
        rx.el.label(
            rx.el.input(type="checkbox", id="field-urgent", checked=state.urgent,
                        on_change=state.set_urgent, aria_describedby="field-urgent-help"),
            rx.icon("siren", size=18, aria_hidden="true"),
            rx.text(state.urgent_label, as_="span", weight="bold"),
            html_for="field-urgent", class_name="check-row",
        ),
        rx.text(t("urgent.help"), size="2", color_scheme="gray", id="field-urgent-help"),
        width="100%",
    )


def information_step(state) -> rx.Component:
    return rx.vstack(
        rx.text(t("filing.information_lead"), size="2", color_scheme="gray"),
        rx.foreach(state.fields, lambda field: form_field(state, field)),
        rx.cond(state.urgent_days > 0, urgent_choice(state)),
        rx.button(t("filing.next"), rx.icon("arrow-right", class_name="flip-rtl"),
                  on_click=state.go_step(2), size="4", width="100%", type="button",
                  id="to-documents"),
        spacing="4",
        width="100%",
    )


def document_row(doc: rx.Var, remove_event) -> rx.Component:  # noqa: ANN001
    return rx.card(
        rx.hstack(
            rx.cond(doc["file_id"] != "",
                    rx.icon("circle-check", color="var(--green-11)", size=28,
                            aria_label=t("filing.document_present")),
                    rx.icon("circle-dashed", color="var(--gray-10)", size=28,
                            aria_label=t("filing.document_missing"))),
            rx.vstack(
                rx.hstack(rx.text(doc["label"], weight="bold"),
                          rx.badge(doc["required"], variant="outline"), wrap="wrap"),
                rx.cond(doc["help"] != "", rx.text(doc["help"], size="2", color_scheme="gray")),
                rx.cond(
                    doc["file_id"] != "",
                    rx.vstack(
                        rx.cond(doc["is_image"] != "",
                                rx.image(src=doc["url"] + "?inline=1", alt=doc["file_name"],
                                         max_height="8em", border_radius="var(--radius-2)")),
                        rx.text(doc["file_name"], size="2", class_name="file-name"),
                        rx.text(doc["file_info"], size="1", color_scheme="gray"),
                        rx.hstack(
                            rx.link(rx.icon("download", size=16), t("filing.download"),
                                    href=doc["url"], is_external=True, size="2"),
                            *([rx.button(rx.icon("trash-2", size=16), t("filing.remove"),
                                         on_click=remove_event(doc["file_id"]),
                                         variant="ghost", color_scheme="red", size="2",
                                         type="button")] if remove_event is not None else []),
                            spacing="3",
                            align="center",
                        ),
                        spacing="1",
                    ),
                ),
                spacing="1",
                width="100%",
            ),
            spacing="3",
            align="start",
            width="100%",
        ),
        width="100%",
        class_name="document-row",
    )


def upload_zone(state, upload_id: str) -> rx.Component:  # noqa: ANN001
    """One zone for the documents one may send: pick which one, then the file (or a photo).
    Nothing to send, no zone."""
    return rx.cond(state.upload_targets.length() > 0, rx.card(
        rx.vstack(
            rx.el.label(t("filing.which_document"), html_for=f"{upload_id}-target",
                        class_name="field-label"),
            rx.el.select(
                rx.foreach(state.upload_targets,
                           lambda doc: rx.el.option(doc["label"], value=doc["code"])),
                id=f"{upload_id}-target",
                value=state.upload_target,
                on_change=state.set_upload_target,
                class_name="native-select",
            ),
            rx.upload(
                rx.vstack(
                    rx.icon("camera", size=32, aria_hidden="true"),
                    rx.text(t("filing.choose_file"), weight="bold"),
                    rx.text(state.upload_rules, size="2", color_scheme="gray"),
                    align="center",
                    spacing="1",
                ),
                id=upload_id,
                multiple=False,
                max_files=1,
                accept=ACCEPTED_FILES,
                on_drop=state.upload(rx.upload_files(
                    upload_id=upload_id, on_upload_progress=state.upload_progressed)),
                border="2px dashed var(--teal-8)",
                border_radius="var(--radius-4)",
                padding="1.25em",
                width="100%",
                cursor="pointer",
                class_name="upload-zone",
            ),
            rx.cond(
                state.upload_progress >= 0,
                rx.vstack(
                    rx.text(t("filing.uploading"), " ", state.upload_progress, " %",
                            size="2", aria_live="polite", id=f"{upload_id}-progress-text"),
                    rx.progress(value=state.upload_progress, max=100, width="100%",
                                id=f"{upload_id}-progress"),
                    width="100%",
                ),
            ),
            error_text(state.upload_error, upload_id),
            spacing="3",
            width="100%",
        ),
        width="100%",
    ))


def documents_step(state) -> rx.Component:
    return rx.vstack(
        rx.text(t("filing.documents_lead"), size="2", color_scheme="gray"),
        rx.foreach(state.documents,
                   lambda doc: document_row(doc, state.remove_document)),
        upload_zone(state, "doc_upload"),
        rx.hstack(
            rx.button(rx.icon("arrow-left", class_name="flip-rtl"), t("filing.back"),
                      on_click=state.go_step(1), variant="soft", size="3", type="button"),
            rx.button(t("filing.next"), rx.icon("arrow-right", class_name="flip-rtl"),
                      on_click=state.go_step(3), size="3", type="button",
                      id="to-review"),
            justify="between",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def review_step(state) -> rx.Component:
    return rx.vstack(
        rx.heading(t("filing.review_fields"), size="4", as_="h2"),
        value_list(state.fields, "display"),
        rx.heading(t("filing.review_documents"), size="4", as_="h2"),
        rx.el.ul(
            rx.foreach(state.documents, lambda doc: rx.el.li(
                doc["label"], ": ", rx.cond(doc["file_name"] != "", doc["file_name"], "—"))),
        ),
        rx.cond(
            state.missing.length() > 0,
            rx.callout(
                rx.vstack(
                    rx.text(t("filing.missing_title"), weight="bold"),
                    rx.el.ul(rx.foreach(state.missing, lambda item: rx.el.li(item))),
                    spacing="1",
                ),
                icon="triangle-alert", color_scheme="amber", width="100%", id="missing-items",
            ),
            rx.callout(t("filing.ready"), icon="circle-check", color_scheme="green",
                       width="100%"),
        ),
        rx.text(t("filing.consent_note"), size="2", color_scheme="gray"),
        rx.hstack(
            rx.button(rx.icon("arrow-left", class_name="flip-rtl"), t("filing.back"),
                      on_click=state.go_step(2), variant="soft", size="3", type="button"),
            rx.button(rx.icon("send"), t("filing.submit"), on_click=state.submit,
                      disabled=state.missing.length() > 0,
                      loading=state.submitting, size="4", type="button",
                      id="submit-dossier"),
            justify="between",
            width="100%",
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
    )


def code_and_pin(state, note: rx.Component) -> rx.Component:  # noqa: ANN001
    """The tracking code and the PIN of a dossier just submitted (shown this once)."""
    return rx.card(
        rx.vstack(
            rx.text(t("filing.tracking_code"), size="2", color_scheme="gray"),
            rx.text(state.tracking_code, size="8", weight="bold", dir="ltr",
                    class_name="mono", id="tracking-code"),
            rx.text(t("filing.pin"), size="2", color_scheme="gray"),
            rx.text(state.pin, size="8", weight="bold", dir="ltr", class_name="mono",
                    id="tracking-pin"),
            note,
            spacing="1",
        ),
        width="100%",
    )


def submitted_panel(state) -> rx.Component:
    return rx.vstack(
        rx.callout(t("filing.submitted_title"), icon="circle-check", color_scheme="green",
                   size="3", width="100%", role="status"),
        code_and_pin(state, rx.text(t("filing.pin_note"), size="2", color_scheme="amber")),
        rx.link(rx.button(rx.icon("download"), t("filing.download_receipt"), size="4",
                          width="100%", type="button"),
                href=state.receipt_url, is_external=True, width="100%",
                id="receipt-link"),
        rx.link(t("filing.go_my_dossiers"), href="/dossiers"),
        spacing="4",
        width="100%",
    )


def filing_body(state) -> rx.Component:  # noqa: ANN001
    """The steps of a draft, or the confirmation once it is submitted."""
    return rx.vstack(
        rx.heading(state.procedure_name, size="6", as_="h1", id="filing-title"),
        notice(state.page_error, color="red", icon="circle-alert"),
        rx.cond(
            state.submitted,
            submitted_panel(state),
            rx.cond(
                state.fields.length() + state.documents.length() > 0,
                rx.vstack(
                    rx.text(t("filing.autosave"), size="2", color_scheme="gray"),
                    stepper(state),
                    rx.match(state.step, (1, information_step(state)),
                             (2, documents_step(state)), review_step(state)),
                    spacing="4",
                    width="100%",
                ),
            ),
        ),
        spacing="4",
        width="100%",
    )


@page(route="/dossiers/[id]/edit", title="Ma demande — Guichet numérique",
      on_load=[FilingState.load])
def filing() -> rx.Component:
    return filing_body(FilingState)
