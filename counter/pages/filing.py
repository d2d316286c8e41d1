"""Filing a dossier in three steps: information, documents, review and submission."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import error_text, notice, panel, value_list
from counter.components.layout import RECEIPT_ICON, TARGET, page, t
from counter.components.listen import listen_button
from counter.states.filing import FilingState

ACCEPTED_FILES = {"application/pdf": [".pdf"], "image/jpeg": [".jpg", ".jpeg"],
                  "image/png": [".png"]}
STEPS = ((1, "pencil-line", "filing.step_information"), (2, "file-up", "filing.step_documents"),
         (3, "send", "filing.step_review"))


def step_buttons(state, steps: tuple) -> list[rx.Component]:  # noqa: ANN001
    """The steps, numbered as the person sees them (a procedure without documents has two)."""
    return [
        rx.el.li(
            rx.button(
                rx.badge(str(shown), radius="full", variant=rx.cond(
                    state.step == step, "solid", "soft")),
                rx.icon(icon, size=18, aria_hidden="true"),
                rx.text(t(key), size="2"),
                on_click=state.go_step(step),
                variant=rx.cond(state.step == step, "soft", "ghost"),
                aria_current=rx.cond(state.step == step, "step", "false"),
                min_height=TARGET,
                type="button",
                id=f"step-{step}",
            ),
        )
        for shown, (step, icon, key) in enumerate(steps, start=1)
    ]


def stepper(state) -> rx.Component:
    return rx.el.ol(
        rx.cond(state.has_documents, rx.fragment(*step_buttons(state, STEPS)),
                rx.fragment(*step_buttons(state, (STEPS[0], STEPS[2])))),
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
        aria_describedby=described_by(field),
    )


def described_by(field: rx.Var) -> rx.Var:
    """The field's hint (what to type, in which format) and its error, read with it."""
    return rx.cond(field["help"] != "", field["input_id"] + "-help " + field["input_id"] + "-error",
                   field["input_id"] + "-error")


def text_input(state, field: rx.Var, **props) -> rx.Component:
    return rx.input(
        id=field["input_id"],
        default_value=field["value"],
        on_blur=_save(state, field),
        size="3",
        width="100%",
        min_height=TARGET,
        aria_describedby=described_by(field),
        aria_invalid=rx.cond(state.errors.get(field["code"], "") != "", "true", "false"),
        **props,
    )


def field_control(state, field: rx.Var) -> rx.Component:
    return rx.match(
        field["kind"],
        ("textarea", rx.text_area(id=field["input_id"], default_value=field["value"],
                                  on_blur=_save(state, field), rows="4", size="3", width="100%",
                                  aria_describedby=described_by(field))),
        ("choice", native_select(state, field)),
        ("province", native_select(state, field)),
        ("date", text_input(state, field, type="date")),
        ("number", text_input(state, field, input_mode="numeric")),
        ("amount_mad", text_input(state, field, input_mode="decimal")),
        ("phone", text_input(state, field, type="tel", dir="ltr")),
        ("email", text_input(state, field, type="email", dir="ltr")),
        ("cin", text_input(state, field, dir="ltr")),
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
        rx.cond(field["help"] != "", rx.text(field["help"], size="2", color_scheme="gray",
                                             id=field["input_id"] + "-help")),
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
                  id="to-documents", min_height=TARGET),
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
                        rx.text(rx.el.bdi(doc["file_name"]), size="2", class_name="file-name"),
                        rx.text(doc["file_info"], size="1", color_scheme="gray"),
                        rx.hstack(
                            rx.link(rx.icon("download", size=16, aria_hidden="true"),
                                    t("filing.download"), href=doc["url"], is_external=True,
                                    size="2", min_height=TARGET, display="inline-flex",
                                    align_items="center", gap="0.3em"),
                            *([rx.button(rx.icon("trash-2", size=16, aria_hidden="true"),
                                         t("filing.remove"),
                                         on_click=remove_event(doc["file_id"]),
                                         variant="soft", color_scheme="red", size="2",
                                         min_height=TARGET, type="button",
                                         class_name="remove-document")]
                              if remove_event is not None else []),
                            spacing="3",
                            align="center",
                            wrap="wrap",
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


def label_file_input(zone: rx.Component, labelled_by: str) -> rx.Component:
    """rx.upload renders react-dropzone's own hidden <input type=file> (out of the tab
    order), which takes no props from the caller: it is named after the zone's button, as
    every form control needs, and left out of the accessibility tree, where that button
    already stands for it."""
    for child in zone.children:
        if type(child).__name__ == "Input":
            child.custom_attrs.update({"aria-labelledby": labelled_by, "aria-hidden": "true"})
        else:
            label_file_input(child, labelled_by)
    return zone


def upload_progress(state, upload_id: str) -> rx.Component:  # noqa: ANN001
    """While a file is on its way: the share sent, then the server's check. A live region
    that is always there, so each change is read out."""
    return rx.box(
        rx.cond(
            state.uploading,
            rx.vstack(
                rx.cond(state.upload_progress < 100,
                        rx.text(t("filing.uploading"), " ", state.upload_progress, " %", size="2",
                                id=f"{upload_id}-progress-text"),
                        rx.text(t("filing.checking"), size="2", id=f"{upload_id}-progress-text")),
                rx.progress(value=state.upload_progress, max=100, width="100%",
                            id=f"{upload_id}-progress"),
                width="100%",
            ),
        ),
        aria_live="polite",
        width="100%",
    )


def upload_zone(state, upload_id: str) -> rx.Component:  # noqa: ANN001
    """One zone for the documents one may send: pick which one, then the file (or a photo).
    Nothing to send, no zone. Nothing is preselected that the file would replace, and what
    the file will do is said before it is sent."""
    button_id = f"{upload_id}-button"
    no_target = state.upload_target == ""
    zone = rx.upload(
        rx.vstack(
            rx.icon("camera", size=32, aria_hidden="true"),
            rx.el.button(
                t("filing.choose_file"),
                type="button",
                id=button_id,
                disabled=no_target,
                aria_describedby=f"{upload_id}-rules",
                class_name="upload-button",
            ),
            rx.text(state.upload_rules, size="2", color_scheme="gray", id=f"{upload_id}-rules"),
            rx.cond(no_target, rx.text(t("filing.choose_document_first"), size="2",
                                       weight="medium")),
            align="center",
            spacing="2",
        ),
        id=upload_id,
        multiple=False,
        max_files=1,
        accept=ACCEPTED_FILES,
        disabled=no_target,
        # The zone's own button takes the keyboard; the zone is no second, nameless stop.
        no_keyboard=True,
        on_drop=[state.upload_started(), state.upload(rx.upload_files(
            upload_id=upload_id, on_upload_progress=state.upload_progressed))],
        on_drop_rejected=state.upload_refused,
        border="2px dashed var(--teal-8)",
        border_radius="var(--radius-4)",
        padding="1.25em",
        width="100%",
        cursor=rx.cond(no_target, "not-allowed", "pointer"),
        class_name="upload-zone",
    )
    return rx.cond(state.upload_targets.length() > 0, rx.card(
        rx.vstack(
            rx.el.label(t("filing.which_document"), html_for=f"{upload_id}-target",
                        class_name="field-label"),
            rx.el.select(
                rx.cond(no_target, rx.el.option(t("filing.choose"), value="")),
                rx.foreach(state.upload_targets,
                           lambda doc: rx.el.option(doc["label"], value=doc["code"])),
                id=f"{upload_id}-target",
                value=state.upload_target,
                on_change=state.set_upload_target,
                class_name="native-select",
                aria_describedby=f"{upload_id}-effect",
            ),
            rx.cond(state.upload_effect != "",
                    rx.text(rx.icon("info", size=16, aria_hidden="true"), state.upload_effect,
                            size="2", id=f"{upload_id}-effect", display="flex", gap="0.3em",
                            align_items="center")),
            # A new input for each file: the same file can be chosen again after a refusal
            # or a removal.
            rx.box(label_file_input(zone, button_id), key=state.upload_round, width="100%"),
            upload_progress(state, upload_id),
            error_text(state.upload_error, upload_id),
            spacing="3",
            width="100%",
        ),
        width="100%",
    ))


def undo_notice(state) -> rx.Component:  # noqa: ANN001
    """After "Remove": what was removed, and the button that puts it back."""
    return rx.cond(
        state.undo_notice != "",
        rx.callout(
            rx.flex(
                rx.text(state.undo_notice, class_name="file-name"),
                rx.cond(state.can_undo,
                        rx.button(rx.icon("undo-2", size=16, aria_hidden="true"), t("filing.undo"),
                                  on_click=state.undo_remove, variant="surface", size="2",
                                  min_height=TARGET, type="button", id="undo-remove")),
                gap="3", align="center", wrap="wrap",
            ),
            icon="info", width="100%", role="status", id="undo-notice", tab_index=-1,
        ),
    )


def documents_step(state) -> rx.Component:
    return rx.vstack(
        rx.text(t("filing.documents_lead"), size="2", color_scheme="gray"),
        rx.foreach(state.documents,
                   lambda doc: document_row(doc, state.remove_document)),
        undo_notice(state),
        upload_zone(state, "doc_upload"),
        rx.hstack(
            rx.button(rx.icon("arrow-left", class_name="flip-rtl"), t("filing.back"),
                      on_click=state.go_step(1), variant="soft", size="3", type="button",
                      min_height=TARGET, id="documents-back"),
            rx.button(t("filing.next"), rx.icon("arrow-right", class_name="flip-rtl"),
                      on_click=state.go_step(3), size="3", type="button",
                      id="to-review", min_height=TARGET),
            justify="between",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def review_step(state) -> rx.Component:
    return rx.vstack(
        rx.heading(t("filing.review_fields"), size="4", as_="h3"),
        value_list(state.fields, "display"),
        rx.cond(state.has_documents, rx.fragment(
            rx.heading(t("filing.review_documents"), size="4", as_="h3"),
            value_list(state.documents, "file_name"),
        )),
        rx.cond(
            state.missing.length() > 0,
            panel(
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
                      on_click=state.go_step(2), variant="soft", size="3", type="button",
                      min_height=TARGET, id="review-back"),
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
        rx.link(rx.button(rx.icon(RECEIPT_ICON), t("filing.download_receipt"), size="4",
                          width="100%", type="button"),
                href=state.receipt_url, is_external=True, width="100%",
                id="receipt-link"),
        rx.link(rx.icon("folder-open", size=18, aria_hidden="true"), t("filing.go_my_dossiers"),
                href="/dossiers", class_name="target-link"),
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
                    # One heading for every step: it takes the focus on a step change.
                    rx.vstack(
                        rx.heading(state.step_title, size="5", as_="h2", id="step-heading",
                                   tab_index=-1, class_name="step-heading"),
                        listen_button("filing-step"),
                        rx.match(state.step, (1, information_step(state)),
                                 (2, documents_step(state)), review_step(state)),
                        spacing="4",
                        width="100%",
                        id="filing-step",
                    ),
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
