"""An association's profile: who it is, where it may petition, and its two documents."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import (
    back_link,
    checkbox_row,
    labeled_input,
    notice,
    panel,
    submit_button,
)
from counter.components.layout import page, t
from counter.pages.agent import filter_select
from counter.pages.filing import upload_zone
from counter.states.associations import AssociationState


def document_line(doc: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(doc["file"] != "",
                rx.icon("file-check", size=18, color="var(--green-11)", aria_hidden="true"),
                rx.icon("file-x", size=18, color="var(--red-11)", aria_hidden="true")),
        rx.text(doc["label"], weight="medium"),
        rx.text(doc["status"], size="2"),
        rx.cond(doc["file"] != "", rx.text(doc["file"], size="2", color_scheme="gray",
                                           class_name="file-name")),
        wrap="wrap", align="center", class_name="association-document",
    )


def association_card(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(row["name"], size="4", as_="h3", class_name="user-text"),
            rx.text(t("association.number"), " : ", row["number"], " — ",
                    t("association.registered_on"), " : ", row["registered_on"], size="2"),
            rx.text(t("association.seat"), " : ", row["seat"], size="2"),
            rx.cond(row["branches"] != "",
                    rx.text(t("association.branches"), " : ", row["branches"], size="2")),
            rx.callout(row["may_petition"], icon="scroll-text", size="1", width="100%",
                       class_name="association-eligibility"),
            rx.foreach(row["documents"].to(list[dict[str, str]]), document_line),
            spacing="2", width="100%",
        ),
        width="100%",
        class_name="association-card",
    )


def registration_form() -> rx.Component:
    s = AssociationState
    return rx.card(rx.form(
        rx.vstack(
            rx.heading(t("association.form_title"), size="5", as_="h2"),
            labeled_input("name", "association.name", errors=s.errors),
            labeled_input("number", "association.number", errors=s.errors, dir="ltr"),
            labeled_input("registered_on", "association.registered_on", errors=s.errors,
                          type="date", hint_key="association.registered_hint"),
            rx.vstack(
                rx.el.label(t("association.seat"), html_for="association-seat",
                            class_name="field-label"),
                rx.el.select(rx.el.option(t("filing.choose"), value=""),
                             rx.foreach(s.region_options,
                                        lambda o: rx.el.option(o[1], value=o[0])),
                             id="association-seat", name="seat", class_name="native-select"),
                spacing="1", width="100%"),
            rx.el.fieldset(
                rx.el.legend(t("association.branches"), class_name="field-label"),
                rx.foreach(s.region_options, lambda o: checkbox_row(
                    o[1], "association-branch-" + o[0], name="branch_" + o[0])),
                class_name="plain-fieldset"),
            notice(s.errors.get("form", ""), color="red", icon="circle-alert"),
            submit_button("association.register", "building-2",
                          button_id="association-submit"),
            spacing="3", width="100%",
        ),
        on_submit=s.register,
        key=s.form_key,
    ), width="100%")


@page(route="/associations", title="Association — Guichet numérique",
      on_load=[AssociationState.load])
def associations() -> rx.Component:
    s = AssociationState
    return rx.vstack(
        back_link("association.back", "/dossiers"),
        rx.heading(t("association.title"), size="7", as_="h1"),
        panel(rx.text(t("association.lead")), rx.text(t("association.no_signatures")),
              icon="info", width="100%"),
        notice(s.notice),
        rx.cond(s.rows.length() > 0, rx.vstack(
            rx.heading(t("association.mine"), size="5", as_="h2"),
            rx.foreach(s.rows, association_card),
            rx.heading(t("association.documents_title"), size="5", as_="h2"),
            filter_select("association.which", "association-choice", s.association_id,
                          s.choose_association, s.association_options, "filing.choose"),
            upload_zone(s, "association_upload"),
            spacing="3", width="100%")),
        registration_form(),
        spacing="4",
        width="100%",
    )
