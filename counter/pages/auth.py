"""Sign in, create an account, and the account page."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import error_text, labeled_input, notice, submit_button
from counter.components.layout import TARGET, page, t
from counter.states.auth import ProfileState, SignInState, SignUpState


@page(route="/signin", title="Connexion — Guichet numérique", on_load=[SignInState.load])
def signin() -> rx.Component:
    return rx.vstack(
        rx.heading(t("auth.signin_title"), size="7", as_="h1"),
        rx.text(t("auth.signin_lead")),
        rx.form(
            rx.vstack(
                labeled_input("login", "auth.login", errors=rx.Var.create({}),
                              autocomplete="username", hint_key="auth.login_hint"),
                labeled_input("password", "auth.password", errors=rx.Var.create({}),
                              type="password", autocomplete="current-password"),
                error_text(SignInState.error, "signin"),
                submit_button("auth.signin_button", "log-in", button_id="signin-submit"),
                spacing="4",
                width="100%",
            ),
            on_submit=SignInState.sign_in,
            width="100%",
        ),
        rx.divider(),
        rx.text(t("auth.no_account")),
        rx.hstack(
            rx.link(rx.button(rx.icon("user-plus"), t("auth.signup_citizen"), variant="outline",
                              min_height=TARGET, type="button"), href="/signup"),
            rx.link(rx.button(rx.icon("briefcase"), t("auth.signup_business"), variant="outline",
                              min_height=TARGET, type="button"), href="/signup?kind=business"),
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
        max_width="30em",
    )


def kind_switch() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(t("auth.account_kind"), class_name="field-label"),
        rx.hstack(
            *[
                rx.button(
                    rx.icon(icon, aria_hidden="true"), t(key),
                    on_click=SignUpState.set_kind(kind),
                    variant=rx.cond(SignUpState.kind == kind, "solid", "soft"),
                    aria_pressed=rx.cond(SignUpState.kind == kind, "true", "false"),
                    min_height=TARGET, type="button", id=f"kind-{kind}",
                )
                for kind, key, icon in (("citizen", "auth.kind_citizen", "user"),
                                        ("business", "auth.kind_business", "briefcase"))
            ],
            wrap="wrap",
        ),
        border="none", padding="0", margin="0",
    )


@page(route="/signup", title="Créer un compte — Guichet numérique", on_load=[SignUpState.load])
def signup() -> rx.Component:
    errors = SignUpState.errors
    return rx.vstack(
        rx.heading(t("auth.signup_title"), size="7", as_="h1"),
        rx.text(t("auth.signup_lead")),
        kind_switch(),
        rx.form(
            rx.vstack(
                labeled_input("full_name", "auth.full_name", errors=errors, autocomplete="name"),
                labeled_input("cin", "auth.cin", errors=errors, hint_key="auth.cin_hint"),
                labeled_input("email", "auth.email", errors=errors, type="email",
                              autocomplete="email", required=False, dir="ltr"),
                labeled_input("mobile", "auth.mobile", errors=errors, type="tel",
                              autocomplete="tel", required=False, hint_key="auth.mobile_hint",
                              dir="ltr"),
                rx.cond(
                    SignUpState.kind == "business",
                    rx.vstack(
                        rx.heading(t("auth.company"), size="4", as_="h2"),
                        labeled_input("company_name", "auth.company_name", errors=errors,
                                      autocomplete="organization"),
                        labeled_input("ice", "auth.ice", errors=errors, hint_key="auth.ice_hint",
                                      input_mode="numeric"),
                        labeled_input("rc_number", "auth.rc_number", errors=errors),
                        labeled_input("rc_court", "auth.rc_court", errors=errors),
                        spacing="4",
                        width="100%",
                    ),
                ),
                labeled_input("password", "auth.password", errors=errors, type="password",
                              autocomplete="new-password", hint_key="auth.password_hint"),
                labeled_input("password2", "auth.password2", errors=errors, type="password",
                              autocomplete="new-password"),
                error_text(errors.get("form", ""), "signup"),
                submit_button("auth.signup_button", "user-plus", button_id="signup-submit"),
                spacing="4",
                width="100%",
            ),
            on_submit=SignUpState.sign_up,
            width="100%",
        ),
        rx.text(t("auth.privacy_note"), size="2", color_scheme="gray"),
        spacing="4",
        width="100%",
        max_width="32em",
    )


@page(route="/account", title="Mon compte — Guichet numérique", on_load=[ProfileState.load])
def account() -> rx.Component:
    errors = ProfileState.errors
    return rx.vstack(
        rx.hstack(
            rx.heading(t("account.title"), size="7", as_="h1"),
            rx.spacer(),
            rx.button(rx.icon("log-out", aria_hidden="true"), t("nav.sign_out"),
                      on_click=ProfileState.sign_out, variant="outline", color_scheme="red",
                      min_height=TARGET, type="button", id="sign-out"),
            width="100%",
            align="center",
            wrap="wrap",
        ),
        notice(ProfileState.notice),
        rx.form(
            rx.vstack(
                rx.heading(t("account.profile"), size="4", as_="h2"),
                labeled_input("full_name", "auth.full_name", errors=errors,
                              default_value=ProfileState.full_name, autocomplete="name"),
                labeled_input("email", "auth.email", errors=errors, type="email",
                              default_value=ProfileState.email, required=False, dir="ltr"),
                labeled_input("mobile", "auth.mobile", errors=errors, type="tel",
                              default_value=ProfileState.mobile, required=False, dir="ltr"),
                rx.text(t("auth.cin"), ": ", ProfileState.cin, size="2", color_scheme="gray"),
                labeled_input("current_password", "account.confirm_with_password",
                              errors=errors, type="password", required=False,
                              autocomplete="current-password",
                              hint_key="account.confirm_with_password_hint"),
                submit_button("account.save", "save"),
                spacing="3",
                width="100%",
            ),
            on_submit=ProfileState.save_profile,
            width="100%",
        ),
        rx.divider(),
        rx.form(
            rx.vstack(
                rx.heading(t("account.password_title"), size="4", as_="h2"),
                labeled_input("current_password", "account.current_password", errors=errors,
                              type="password", autocomplete="current-password"),
                labeled_input("password", "account.new_password", errors=errors, type="password",
                              autocomplete="new-password", hint_key="auth.password_hint"),
                labeled_input("password2", "auth.password2", errors=errors, type="password",
                              autocomplete="new-password"),
                submit_button("account.change_password", "key-round"),
                spacing="3",
                width="100%",
            ),
            on_submit=ProfileState.change_password,
            reset_on_submit=True,
            width="100%",
        ),
        spacing="4",
        width="100%",
        max_width="32em",
    )
