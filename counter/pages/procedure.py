"""A procedure's page: what it is, who handles it, and exactly what it requires."""

from __future__ import annotations

import reflex as rx

from counter.components.icons import one_of_icons
from counter.components.layout import TARGET, page, t
from counter.components.listen import listen_button
from counter.states.catalog import ProcedureState
from counter.states.filing import StartState

# The icons of the facts the state lists (states/).
FACT_ICONS = ("clock", "landmark", "building-2", "users")


def fact(row: rx.Var) -> rx.Component:
    return rx.hstack(
        one_of_icons(row[0], FACT_ICONS, size=22, aria_hidden="true", color="var(--teal-11)"),
        rx.vstack(
            rx.text(row[1], size="2", color_scheme="gray"),
            rx.text(row[2], size="3", weight="bold"),
            spacing="0",
        ),
        align="center",
        spacing="3",
    )


def document_item(doc: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.icon("file-text", size=22, aria_hidden="true"),
            rx.vstack(
                rx.hstack(rx.text(doc["label"], weight="bold"),
                          rx.badge(doc["required"], variant="outline")),
                rx.cond(doc["help"] != "", rx.text(doc["help"], size="2", color_scheme="gray")),
                spacing="1",
            ),
            spacing="3",
            align="start",
        ),
        padding_y="0.5em",
    )


def field_item(field: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.icon("pencil-line", size=20, aria_hidden="true"),
            rx.vstack(
                rx.hstack(rx.text(field["label"], weight="bold"),
                          rx.badge(field["required"], variant="outline")),
                rx.text(field["kind"], size="2", color_scheme="gray"),
                spacing="1",
            ),
            spacing="3",
            align="start",
        ),
        padding_y="0.4em",
    )


def elsewhere() -> rx.Component:
    """A procedure handled on another public portal: what to do there, and the way there."""
    return rx.vstack(
        rx.callout(ProcedureState.elsewhere_text, icon="external-link", width="100%",
                   color_scheme="blue", size="3", id="elsewhere-note"),
        rx.link(
            rx.button(rx.icon("external-link", aria_hidden="true"), ProcedureState.elsewhere_go,
                      size="4", width="100%", min_height="52px", type="button"),
            href=ProcedureState.external_url, is_external=True, rel="noopener noreferrer",
            width="100%", id="go-elsewhere",
        ),
        width="100%",
        spacing="3",
    )


def filing_here() -> rx.Component:
    return rx.fragment(
        rx.heading(t("procedure.documents"), size="5", as_="h2"),
        rx.cond(
            ProcedureState.documents.length() > 0,
            rx.el.ul(rx.foreach(ProcedureState.documents, document_item), list_style="none",
                     padding="0", margin="0", id="documents-list"),
            rx.text(t("procedure.documents_none")),
        ),
        rx.heading(t("procedure.fields"), size="5", as_="h2"),
        rx.el.ul(rx.foreach(ProcedureState.fields, field_item), list_style="none", padding="0",
                 margin="0", id="fields-list"),
        rx.callout(t("procedure.law_note"), icon="scale", width="100%"),
        rx.button(rx.icon("file-plus-2", aria_hidden="true"), t("procedure.start"),
                  on_click=StartState.start, size="4", width="100%",
                  min_height="52px", type="button", id="start-dossier"),
        rx.text(t("procedure.how_to_file"), size="3"),
    )


def details() -> rx.Component:
    return rx.vstack(
        rx.heading(ProcedureState.name, size="7", as_="h1", id="procedure-name"),
        listen_button("procedure-text"),
        rx.text(ProcedureState.description, size="3", id="procedure-description",
                dir="auto"),  # a description in a fallback language keeps its direction
        rx.card(
            rx.flex(rx.foreach(ProcedureState.facts, fact), gap="4", wrap="wrap",
                    justify="between"),
            width="100%",
        ),
        rx.cond(
            ProcedureState.is_investment,
            rx.callout(t("procedure.investment_note"), icon="trending-up", color_scheme="amber",
                       width="100%"),
        ),
        rx.cond(ProcedureState.external_url != "", elsewhere(), filing_here()),
        spacing="4",
        width="100%",
        id="procedure-text",
    )


@page(route="/procedures/[code]", title="Démarche — Guichet numérique",
      on_load=[ProcedureState.load])
def procedure() -> rx.Component:
    return rx.vstack(
        rx.link(
            rx.hstack(rx.icon("arrow-left", class_name="flip-rtl", aria_hidden="true"),
                      t("procedure.back"), align="center"),
            href="/procedures",
            min_height=TARGET,
            display="flex",
            align_items="center",
        ),
        rx.cond(
            ProcedureState.found,
            details(),
            rx.callout(t("procedure.not_found"), icon="circle-alert", color_scheme="red",
                       width="100%"),
        ),
        spacing="3",
        width="100%",
    )


@page(route="/procedures/[code]/start", title="Démarche — Guichet numérique",
      on_load=[StartState.start])
def procedure_start() -> rx.Component:
    """Where "Faire ma demande" leads through sign-in or sign-up: the new draft opens at
    once; only a refusal (a procedure not open to this account) stays on screen."""
    return rx.vstack(
        rx.cond(
            StartState.error != "",
            rx.callout(StartState.error, icon="circle-alert", color_scheme="red", width="100%",
                       role="alert", id="start-error"),
            rx.hstack(rx.spinner(), rx.text(t("procedure.starting")), align="center",
                      role="status"),
        ),
        rx.link(
            rx.hstack(rx.icon("arrow-left", class_name="flip-rtl", aria_hidden="true"),
                      t("procedure.back_to_procedure"), align="center"),
            href="/procedures/" + StartState.procedure_code,
            min_height=TARGET, display="flex", align_items="center",
        ),
        spacing="4",
        width="100%",
    )
