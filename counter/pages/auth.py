"""Sign in, create an account, and the account page."""

from __future__ import annotations

from functools import partial

import reflex as rx

from counter.components.forms import (
    error_summary,
    error_text,
    labeled_input,
    notice,
    panel,
    submit_button,
)
from counter.components.layout import TARGET, page, t
from counter.i18n import LANGUAGE_NAMES, LANGUAGES, text_direction
from counter.states.auth import (
    SIGNUP_LABELS,
    SIGNUP_SUMMARY_ID,
    ActivationState,
    ForgotState,
    ProfileState,
    ResetState,
    SignInState,
    SignUpState,
)


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
        rx.link(t("auth.forgot_link"), href="/forgot", id="forgot-link",
                min_height=TARGET, display="flex", align_items="center"),
        rx.divider(),
        rx.text(t("auth.no_account")),
        rx.hstack(
            rx.link(rx.button(rx.icon("user-plus"), t("auth.signup_citizen"), variant="outline",
                              class_name="big-target", type="button"),
                    href=SignInState.signup_href, id="signup-citizen-link"),
            rx.link(rx.button(rx.icon("briefcase"), t("auth.signup_business"), variant="outline",
                              class_name="big-target", type="button"),
                    href=SignInState.signup_business_href, id="signup-business-link"),
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
                    class_name="big-target", type="button", id=f"kind-{kind}",
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
    # Every error is in the summary at the top, which is read out: the fields' own stay quiet.
    field = partial(labeled_input, errors=SignUpState.errors, live_error=False)

    def labeled(name: str, **props) -> rx.Component:
        return field(name, SIGNUP_LABELS[name], **props)

    return rx.cond(SignUpState.answer != "", signup_answer(), signup_form(field, labeled))


def signup_answer() -> rx.Component:
    """The one answer of a sign-up, whoever has an account (SECURITY 31)."""
    by_email = SignUpState.answer == "email"
    return rx.vstack(
        rx.heading(rx.cond(by_email, t("signup.sent_title"), t("signup.counter_title")),
                   size="7", as_="h1", id="signup-answer", tab_index=-1),
        rx.cond(by_email,
                panel(rx.text(SignUpState.answer_text), icon="mail"),
                panel(rx.text(SignUpState.answer_text), icon="id-card")),
        rx.link(t("nav.home"), href="/", min_height=TARGET, display="flex",
                align_items="center"),
        spacing="4",
        width="100%",
        max_width="32em",
        id="signup-answer-box",
    )


def signup_form(field, labeled) -> rx.Component:  # noqa: ANN001
    return rx.vstack(
        rx.heading(t("auth.signup_title"), size="7", as_="h1"),
        rx.text(t("auth.signup_lead")),
        error_summary(SignUpState.summary, SIGNUP_SUMMARY_ID),
        kind_switch(),
        rx.form(
            rx.vstack(
                labeled("full_name", autocomplete="name"),
                labeled("cin", hint_key="auth.cin_hint", dir="ltr"),
                labeled("email", type="email", autocomplete="email", required=False,
                        hint_key="auth.email_hint", dir="ltr"),
                labeled("mobile", type="tel", autocomplete="tel", required=False,
                        hint_key="auth.mobile_hint", dir="ltr"),
                rx.cond(
                    SignUpState.kind == "business",
                    rx.vstack(
                        rx.heading(t("auth.company"), size="4", as_="h2"),
                        labeled("company_name", autocomplete="organization"),
                        labeled("ice", hint_key="auth.ice_hint", input_mode="numeric",
                                dir="ltr"),
                        labeled("rc_number", dir="ltr"),
                        labeled("rc_court"),
                        spacing="4",
                        width="100%",
                    ),
                ),
                labeled("password", type="password", autocomplete="new-password",
                        hint_key="auth.password_hint"),
                labeled("password2", type="password", autocomplete="new-password"),
                submit_button("auth.signup_button", "user-plus", button_id="signup-submit"),
                spacing="4",
                width="100%",
            ),
            on_submit=SignUpState.sign_up,
            # The server checks everything and says it all at once (no browser bubbles).
            no_validate=True,
            width="100%",
        ),
        rx.text(t("auth.privacy_note"), size="2", color_scheme="gray"),
        spacing="4",
        width="100%",
        max_width="32em",
    )


def correspondence_choice(value: str, label: rx.Component) -> rx.Component:
    """One choice of language for e-mails and documents: a radio in a big target."""
    return rx.el.label(
        rx.el.input(type="radio", name="correspondence_lang", value=value,
                    checked=ProfileState.correspondence_lang == value,
                    on_change=ProfileState.pick_correspondence_lang(value),
                    id=f"correspondence-{value or 'screen'}"),
        label,
        class_name="check-row",
    )


def correspondence_form() -> rx.Component:
    """The language of the person's e-mails and documents, and what the choice does."""
    return rx.form(
        rx.el.fieldset(
            rx.el.legend(rx.heading(t("account.correspondence_title"), size="4", as_="h2")),
            rx.text(t("account.correspondence_lead"), size="2", id="correspondence-lead",
                    margin_bottom="0.5em"),
            rx.vstack(
                correspondence_choice("", rx.text(t("account.correspondence_screen"))),
                *[correspondence_choice(code, rx.text(LANGUAGE_NAMES[code], lang=code,
                                                      dir=text_direction(code)))
                  for code in LANGUAGES],
                spacing="0",
                width="100%",
                role="radiogroup",
                aria_describedby="correspondence-lead",
            ),
            error_text(ProfileState.errors.get("correspondence_lang", ""),
                       "correspondence"),
            class_name="plain-fieldset",
        ),
        rx.vstack(
            submit_button("account.correspondence_save", "languages",
                          button_id="correspondence-save"),
            notice(ProfileState.correspondence_notice),
            spacing="3",
            width="100%",
            margin_top="0.75em",
        ),
        on_submit=ProfileState.save_correspondence_lang,
        width="100%",
        id="correspondence-form",
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
                      class_name="big-target", type="button", id="sign-out"),
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
                              default_value=ProfileState.email, required=False,
                              hint_key="auth.email_hint", dir="ltr"),
                labeled_input("mobile", "auth.mobile", errors=errors, type="tel",
                              default_value=ProfileState.mobile, required=False,
                              hint_key="auth.mobile_hint", dir="ltr"),
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
        correspondence_form(),
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


# --- Activation and forgotten password (SECURITY 31) -----------------------------------------


@page(route="/activate", title="Activation du compte — Guichet numérique",
      on_load=[ActivationState.load])
def activate() -> rx.Component:
    """Opened by the e-mailed link: its token is after `#`, read by the page and taken out
    of the address bar; the server gets it by an event."""
    return rx.vstack(
        rx.heading(t("activate.title"), size="7", as_="h1"),
        rx.cond(
            ActivationState.status == "working",
            rx.text(t("activate.working"), role="status", id="activate-working"),
            rx.vstack(
                panel(
                    rx.cond(ActivationState.status == "conflict",
                            rx.text(t("activate.conflict"))),
                    rx.foreach(ActivationState.problems, lambda problem: rx.text(problem)),
                    icon="circle-alert", color_scheme="red", role="alert", width="100%",
                    id="activate-problem"),
                rx.hstack(
                    rx.link(rx.button(rx.icon("log-in", aria_hidden="true"),
                                      t("auth.signin_button"), variant="outline",
                                      class_name="big-target", type="button"),
                            href="/signin"),
                    rx.link(rx.button(rx.icon("key-round", aria_hidden="true"),
                                      t("auth.forgot_link"), variant="outline",
                                      class_name="big-target", type="button"),
                            href="/forgot"),
                    rx.link(rx.button(rx.icon("user-plus", aria_hidden="true"),
                                      t("auth.signup_citizen"), variant="outline",
                                      class_name="big-target", type="button"),
                            href="/signup"),
                    wrap="wrap",
                ),
                spacing="4",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
        max_width="32em",
    )


@page(route="/forgot", title="Mot de passe oublié — Guichet numérique",
      on_load=[ForgotState.load])
def forgot() -> rx.Component:
    return rx.vstack(
        rx.heading(t("forgot.title"), size="7", as_="h1"),
        rx.cond(
            ForgotState.sent,
            panel(rx.text(t("forgot.sent")), icon="mail", id="forgot-sent", tab_index=-1),
            rx.vstack(
                rx.text(t("forgot.lead")),
                rx.form(
                    rx.vstack(
                        labeled_input("login", "auth.login",
                                      errors=rx.Var.create({}), autocomplete="username",
                                      hint_key="auth.login_hint"),
                        error_text(ForgotState.error, "forgot"),
                        submit_button("forgot.button", "mail", button_id="forgot-submit"),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=ForgotState.request,
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
        ),
        rx.link(t("forgot.have_code"), href="/reset", id="have-code-link",
                min_height=TARGET, display="flex", align_items="center"),
        spacing="4",
        width="100%",
        max_width="30em",
    )


@page(route="/reset", title="Nouveau mot de passe — Guichet numérique",
      on_load=[ResetState.load])
def reset() -> rx.Component:
    """With a link's token (read from `#`) or a code given at a counter."""
    errors = ResetState.errors
    return rx.vstack(
        rx.heading(t("reset.title"), size="7", as_="h1"),
        rx.cond(
            ResetState.done,
            rx.vstack(
                panel(rx.text(t("reset.done")), icon="circle-check", color_scheme="green",
                      id="reset-done", tab_index=-1),
                rx.link(rx.button(rx.icon("log-in", aria_hidden="true"),
                                  t("auth.signin_button"), class_name="big-target",
                                  type="button", size="3"),
                        href="/signin", id="reset-signin"),
                spacing="4",
                width="100%",
            ),
            rx.vstack(
                rx.cond(ResetState.link_invalid,
                        rx.callout(t("error.reset_invalid"), icon="circle-alert",
                                   color_scheme="red", role="alert", width="100%",
                                   id="reset-link-invalid")),
                rx.text(rx.cond(ResetState.has_link, t("reset.lead_link"),
                                t("reset.lead_code"))),
                rx.form(
                    rx.vstack(
                        rx.cond(~ResetState.has_link,
                                labeled_input("code", "reset.code", errors=errors,
                                              autocomplete="one-time-code", dir="ltr",
                                              hint_key="reset.code_hint")),
                        labeled_input("password", "account.new_password", errors=errors,
                                      type="password", autocomplete="new-password",
                                      hint_key="auth.password_hint"),
                        labeled_input("password2", "auth.password2", errors=errors,
                                      type="password", autocomplete="new-password"),
                        error_text(errors.get("form", ""), "reset-form"),
                        submit_button("reset.button", "key-round", button_id="reset-submit"),
                        spacing="4",
                        width="100%",
                    ),
                    on_submit=ResetState.save,
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
        ),
        spacing="4",
        width="100%",
        max_width="30em",
    )
