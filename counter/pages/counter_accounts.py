"""The agent's counter screen for accounts: activate a sign-up made without an e-mail, or
hand over a new-password code, after checking the person's CIN card (SECURITY 31)."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import back_link, labeled_input, notice, panel, submit_button
from counter.components.layout import page, t
from counter.states.counter_accounts import CounterAccountsState as State


def found_panel() -> rx.Component:
    return rx.cond(
        State.found != "",
        panel(
            rx.text(State.found_title, weight="bold", id="counter-found"),
            rx.cond(
                State.found == "account",
                rx.button(rx.icon("key-round", aria_hidden="true"),
                          t("counter_accounts.give_code"), on_click=State.give_code,
                          class_name="big-target", type="button", id="counter-give-code",
                          margin_top="0.5em"),
                rx.button(rx.icon("user-check", aria_hidden="true"),
                          t("counter_accounts.activate"), on_click=State.activate,
                          class_name="big-target", type="button", id="counter-activate",
                          margin_top="0.5em"),
            ),
            icon="id-card",
            width="100%",
        ),
    )


@page(route="/agent/accounts", title="Comptes au guichet — Guichet numérique",
      on_load=[State.load])
def counter_accounts() -> rx.Component:
    return rx.vstack(
        back_link("review.back", "/agent"),
        rx.heading(t("counter_accounts.title"), size="7", as_="h1"),
        rx.text(t("counter_accounts.lead")),
        rx.form(
            rx.vstack(
                labeled_input("login", "auth.login", errors=rx.Var.create({}), dir="ltr",
                              hint_key="auth.login_hint"),
                labeled_input("cin", "counter_accounts.cin", errors=rx.Var.create({}),
                              dir="ltr", hint_key="auth.cin_hint"),
                submit_button("counter_accounts.search", "search", button_id="counter-search"),
                spacing="4",
                width="100%",
            ),
            on_submit=State.lookup,
            width="100%",
        ),
        rx.cond(State.error != "",
                rx.callout(State.error, icon="circle-alert", color_scheme="red", role="alert",
                           width="100%", id="counter-error")),
        found_panel(),
        rx.cond(State.code_notice != "",
                rx.callout(State.code_notice, icon="circle-check", color_scheme="green",
                           role="status", width="100%", id="counter-code", dir="auto")),
        notice(State.notice),
        spacing="4",
        width="100%",
        max_width="32em",
    )
