"""Petitions to the regional council, for citizens: the public register, a petition's page
(count per province against the thresholds, shareable link and QR code, signing), drafting
one, and a promoter's petitions and invitations."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import (
    back_link,
    checkbox_row,
    error_text,
    labeled_input,
    notice,
    required_mark,
    submit_button,
)
from counter.components.layout import TARGET, page, t
from counter.components.status import PETITION_STYLES
from counter.components.status import status_badge as badge
from counter.states.petitions import BASES, PetitionsState
from counter.states.session import SessionState


def status_badge(status: rx.Var, label: rx.Var) -> rx.Component:
    return badge(status, label, PETITION_STYLES)


def petition_card(row: rx.Var, details: rx.Component, *aside: rx.Component,
                  class_name: str) -> rx.Component:
    """A petition in a list: its title as the link to its page, status, region, details."""
    return rx.card(
        rx.vstack(
            rx.link(rx.heading(row["title"], size="4", as_="h2", dir="auto"), href=row["href"],
                    min_height=TARGET, display="flex", align_items="center"),
            rx.flex(status_badge(row["status"], row["status_label"]), *aside,
                    rx.text(row["region"], size="2", color_scheme="gray"),
                    column_gap="0.75em", row_gap="0.25em", wrap="wrap", align="center"),
            details,
            spacing="2",
        ),
        width="100%",
        class_name=class_name,
        custom_attrs={"data-status": row["status"]},
    )


def button_link(icon: str, key: str, href: str, link_id: str) -> rx.Component:
    return rx.link(rx.button(rx.icon(icon, aria_hidden="true"), t(key), size="3",
                             min_height=TARGET, type="button", as_child=False),
                   href=href, id=link_id, underline="none")


# --- the register ----------------------------------------------------------------------------


def register_card(row: rx.Var) -> rx.Component:
    return petition_card(row, rx.vstack(
        rx.cond(row["count"] != "", rx.text(row["count"], size="2", weight="medium")),
        rx.flex(
            rx.text(t("petitions.published_on"), " ", row["published_on"], size="2"),
            rx.cond(row["deposited_on"] != "",
                    rx.text(t("petitions.deposited_on"), " ", row["deposited_on"], size="2"),
                    rx.text(t("petitions.closes_on"), " ", row["closes_on"], size="2")),
            column_gap="1em", wrap="wrap",
        ),
        spacing="2",
    ), class_name="petition-row")


@page(route="/petitions", title="Pétitions — Guichet numérique",
      on_load=[PetitionsState.load_register])
def petitions_register() -> rx.Component:
    return rx.vstack(
        rx.heading(t("petitions.register_title"), size="7", as_="h1"),
        rx.text(t("petitions.register_lead"), size="3"),
        rx.cond(SessionState.user_role == "citizen",
                rx.flex(button_link("file-plus-2", "petitions.new", "/petitions/new",
                                    "petition-new"),
                        button_link("folder-open", "petitions.mine", "/petitions/mine",
                                    "petitions-mine"), gap="2", wrap="wrap")),
        rx.el.label(t("petitions.filter_region"), html_for="region-filter",
                    class_name="field-label"),
        rx.el.select(
            rx.el.option(t("petitions.all_regions"), value="all"),
            rx.foreach(PetitionsState.options,
                       lambda o: rx.el.option(o[1], value=o[0])),
            id="region-filter", value=rx.cond(PetitionsState.region != "",
                                             PetitionsState.region, "all"),
            on_change=PetitionsState.set_region, class_name="native-select",
            min_height=TARGET, width="100%",
        ),
        rx.cond(
            PetitionsState.rows.length() > 0,
            rx.vstack(rx.foreach(PetitionsState.rows, register_card), width="100%",
                      spacing="3", id="petition-register"),
            rx.text(t("petitions.register_empty")),
        ),
        spacing="4",
        width="100%",
    )


# --- one petition ----------------------------------------------------------------------------


def province_chart() -> rx.Component:
    """Each province's count as a bar, the spread rule's minimum as a mark on it; the same
    figures in the table below, for screen readers and for those who prefer numbers."""
    return rx.box(
        rx.foreach(PetitionsState.provinces, lambda p: rx.box(
            rx.flex(rx.text(p["name"], size="2", weight="medium"),
                    rx.text(p["count"], size="2"), justify="between"),
            rx.box(
                rx.box(width=p["width"], height="100%",
                       background=rx.cond(p["met"] == "yes", "var(--teal-9)", "var(--amber-9)")),
                rx.box(position="absolute", top="-3px", bottom="-3px", width="2px",
                       background="var(--gray-12)", inset_inline_start=p["mark"]),
                position="relative", height="14px", background="var(--gray-4)",
                border_radius="3px",
            ),
            margin_bottom="0.6em",
        )),
        aria_hidden="true",
        id="province-chart",
        width="100%",
    )


def province_table() -> rx.Component:
    """A plain table (no scroll area of its own): four short columns fit a 360 px phone."""
    cell = {"padding": "0.4em 0.5em", "text_align": "start",
            "border_bottom": "1px solid var(--gray-6)"}
    return rx.el.table(
        rx.el.thead(rx.el.tr(*[rx.el.th(t(key), scope="col", style=cell) for key in (
            "petitions.province", "petitions.signatures", "petitions.minimum",
            "petitions.spread_met")])),
        rx.el.tbody(rx.foreach(PetitionsState.provinces, lambda p: rx.el.tr(
            rx.el.th(p["name"], scope="row", style=cell), rx.el.td(p["count"], style=cell),
            rx.el.td(p["minimum"], style=cell), rx.el.td(p["met_label"], style=cell),
        ))),
        width="100%", id="province-table", style={"border_collapse": "collapse"},
    )


def sign_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("petitions.sign_title"), size="5", as_="h2"),
            rx.el.label(t("petitions.your_province"), required_mark(), html_for="sign-province",
                        class_name="field-label"),
            rx.el.select(
                rx.foreach(PetitionsState.options,
                           lambda o: rx.el.option(o[1], value=o[0])),
                id="sign-province", name="province", required=True,
                class_name="native-select", min_height=TARGET, width="100%",
            ),
            rx.el.fieldset(
                rx.el.legend(t("petitions.basis"), class_name="field-label"),
                *[rx.el.label(
                    rx.el.input(type="radio", name="basis", value=basis, id=f"basis-{basis}",
                                default_checked=basis == BASES[0]),
                    rx.text(t(f"petitions.basis_{basis}"), as_="span"),
                    html_for=f"basis-{basis}", class_name="check-row") for basis in BASES],
                border="none", padding="0", margin="0",
            ),
            # Not `required`: the browser would say it in its own language; the service's
            # refusal says it here in the page's.
            checkbox_row(t("petitions.statement"), "sign-statement", align="start",
                         name="statement"),
            error_text(PetitionsState.errors.get("sign", ""), "sign"),
            submit_button("petitions.sign", "pen-line", button_id="sign-button"),
            spacing="3", width="100%",
        ),
        on_submit=PetitionsState.sign,
        width="100%",
    )


def signing() -> rx.Component:
    return rx.cond(
        PetitionsState.view["collecting"] == "yes",
        rx.card(rx.cond(
            SessionState.signed_in,
            rx.cond(
                PetitionsState.signed,
                rx.vstack(
                    rx.text(t("petitions.you_signed"), weight="medium"),
                    rx.button(rx.icon("undo-2", aria_hidden="true"),
                              t("petitions.withdraw_signature"),
                              on_click=PetitionsState.withdraw_signature, variant="outline",
                              size="3", min_height=TARGET, type="button",
                              id="withdraw-signature"),
                    error_text(PetitionsState.errors.get("sign", ""), "withdraw"),
                    spacing="3",
                ),
                sign_form(),
            ),
            rx.vstack(rx.text(t("petitions.sign_needs_account")),
                      button_link("log-in", "nav.sign_in",
                                  "/signin?next=/petitions/" + PetitionsState.petition_id
                                  .to_string(), "sign-in-to-sign")),
        ), width="100%"),
    )


def petition_details() -> rx.Component:
    s = PetitionsState
    return rx.vstack(
        rx.heading(s.view["title"], size="7", as_="h1", id="petition-title",
                   lang=s.view["lang"],
                   dir="auto"),
        rx.flex(status_badge(s.view["status"], s.view["status_label"]),
                rx.text(s.view["region"], size="2", color_scheme="gray"), column_gap="0.75em",
                row_gap="0.25em", wrap="wrap", align="center"),
        rx.heading(t("petitions.request"), size="5", as_="h2"),
        rx.text(s.view["request"], white_space="pre-wrap", lang=s.view["lang"], dir="auto",
                id="petition-request"),
        rx.heading(t("petitions.reasons"), size="5", as_="h2"),
        rx.text(s.view["reasons"], white_space="pre-wrap", lang=s.view["lang"], dir="auto"),
        rx.el.dl(rx.foreach(s.facts, lambda f: rx.el.div(
            rx.el.dt(f[1], font_weight="600", color="var(--gray-11)"),
            rx.el.dd(f[2], margin="0"), class_name="value-row")), margin="0"),
        rx.cond(s.view.get("decision", "") != "",
                rx.callout(s.view["decision"], icon="gavel", width="100%",
                           id="petition-decision")),
        rx.cond(s.view.get("answer", "") != "", rx.card(
            rx.heading(t("petitions.answer"), size="5", as_="h2"),
            rx.text(s.view["answer"], white_space="pre-wrap", dir="auto",
                    id="petition-answer"),
            width="100%")),
        notice(s.notice),
        signing(),
        rx.heading(t("petitions.count_title"), size="5", as_="h2"),
        rx.text(s.view["count"], size="4", weight="bold", id="petition-count"),
        rx.text(s.view["threshold"], size="2", color_scheme="gray"),
        province_chart(),
        province_table(),
        rx.heading(t("petitions.share"), size="5", as_="h2"),
        rx.el.label(t("petitions.share_link"), html_for="share-url", class_name="field-label"),
        rx.input(value=s.view["share_url"], read_only=True, id="share-url", dir="ltr",
                 width="100%",
                 size="3", min_height=TARGET),
        rx.image(src=s.view["qr_src"], alt=t("petitions.qr_alt"), width="180px", height="180px",
                 id="petition-qr"),
        rx.text(t("petitions.privacy_note"), size="2", color_scheme="gray"),
        spacing="3",
        width="100%",
    )


@page(route="/petitions/[code]", title="Pétition — Guichet numérique",
      on_load=[PetitionsState.load_page])
def petition_page() -> rx.Component:
    return rx.vstack(
        back_link("petitions.back", "/petitions"),
        rx.cond(PetitionsState.found, petition_details(),
                rx.callout(t("petitions.not_found"), icon="circle-alert", color_scheme="red",
                           width="100%")),
        spacing="3",
        width="100%",
    )


# --- drafting, and a promoter's petitions -----------------------------------------------------


def text_area(name: str, key: str) -> rx.Component:
    field_id = f"input-{name}"
    error = PetitionsState.errors.get(name, "")
    return rx.vstack(
        rx.el.label(t(key), required_mark(), html_for=field_id, class_name="field-label"),
        rx.text_area(id=field_id, name=name, required=True, rows="5", width="100%", size="3",
                     aria_invalid=rx.cond(error != "", "true", "false"),
                     aria_describedby=rx.cond(error != "", f"{field_id}-error", "")),
        error_text(error, field_id),
        spacing="1", width="100%",
    )


@page(route="/petitions/new", title="Nouvelle pétition — Guichet numérique",
      on_load=[PetitionsState.load_draft])
def petition_new() -> rx.Component:
    s = PetitionsState
    return rx.vstack(
        back_link("petitions.mine", "/petitions/mine"),
        rx.heading(t("petitions.new_title"), size="7", as_="h1"),
        rx.text(t("petitions.new_lead"), size="3"),
        rx.cond(s.error != "", rx.callout(s.error, icon="circle-alert", color_scheme="red",
                                         width="100%", role="alert", id="draft-error")),
        rx.form(
            rx.vstack(
                rx.el.label(t("petitions.region"), required_mark(), html_for="input-region",
                            class_name="field-label"),
                rx.el.select(rx.foreach(s.options,
                                        lambda o: rx.el.option(o[1], value=o[0])),
                             id="input-region", name="region", required=True,
                             class_name="native-select", min_height=TARGET, width="100%"),
                error_text(s.errors.get("region", ""), "input-region"),
                labeled_input("title", "petitions.title", errors=s.errors),
                text_area("request", "petitions.request"),
                text_area("reasons", "petitions.reasons"),
                labeled_input("representative", "petitions.representative", errors=s.errors,
                              hint_key="petitions.invitee_hint"),
                labeled_input("deputy", "petitions.deputy", errors=s.errors,
                              hint_key="petitions.invitee_hint"),
                submit_button("petitions.draft_submit", "send", button_id="draft-submit"),
                spacing="3", width="100%",
            ),
            on_submit=s.submit,
            width="100%",
        ),
        spacing="4",
        width="100%",
    )


def my_row(row: rx.Var) -> rx.Component:
    s = PetitionsState
    return petition_card(row, rx.vstack(
        rx.cond(row["tracking_code"] != "",
                rx.text(t("petitions.tracking_code"), " ", rx.el.bdi(row["tracking_code"]),
                        size="2")),
        rx.flex(
            rx.cond(row["pending"] == "yes", rx.fragment(
                rx.button(rx.icon("check", aria_hidden="true"), t("petitions.accept"),
                          on_click=s.accept(row["id"]), size="3", min_height=TARGET,
                          type="button", class_name="accept-invitation"),
                rx.button(t("petitions.decline"), on_click=s.decline(row["id"]),
                          variant="outline", size="3", min_height=TARGET, type="button"),
            )),
            rx.cond(row["can_publish"] == "yes",
                    rx.button(rx.icon("megaphone", aria_hidden="true"), t("petitions.publish"),
                              on_click=s.publish(row["id"]), size="3", min_height=TARGET,
                              type="button", class_name="publish-petition")),
            rx.cond(row["can_deposit"] == "yes",
                    rx.button(rx.icon("inbox", aria_hidden="true"), t("petitions.deposit"),
                              on_click=s.deposit(row["id"]), size="3", min_height=TARGET,
                              type="button", class_name="deposit-petition")),
            gap="2", wrap="wrap",
        ),
        spacing="2",
    ), rx.text(row["role"], size="2"), class_name="my-petition")


@page(route="/petitions/mine", title="Mes pétitions — Guichet numérique",
      on_load=[PetitionsState.load_mine])
def petitions_mine() -> rx.Component:
    s = PetitionsState
    return rx.vstack(
        rx.heading(t("petitions.mine"), size="7", as_="h1"),
        rx.flex(button_link("file-plus-2", "petitions.new", "/petitions/new", "petition-new"),
                button_link("list", "petitions.register_title", "/petitions", "petition-register"
                            "-link"), gap="2", wrap="wrap"),
        rx.cond(s.error != "", rx.callout(s.error, icon="circle-alert", color_scheme="red",
                                         width="100%", role="alert", id="mine-error")),
        notice(s.notice),
        rx.cond(s.view.get("receipt_code", "") != "",
                rx.callout(t("petitions.receipt_note"), icon="file-check", width="100%",
                           id="receipt-note")),
        rx.cond(s.rows.length() > 0,
                rx.vstack(rx.foreach(s.rows, my_row), width="100%", spacing="3",
                          id="my-petitions"),
                rx.text(t("petitions.mine_empty"))),
        spacing="4",
        width="100%",
    )
