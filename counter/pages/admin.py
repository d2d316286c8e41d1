"""The administrators' page: people, services and the outbox of e-mails."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import error_text, labeled_input, notice, submit_button
from counter.components.layout import TABLE_DIRECTION, TARGET, page, t
from counter.domain.names import ROOT_LANGUAGE
from counter.i18n import text_direction
from counter.settings import LANGUAGES
from counter.states.admin import AdminState

ROLES = ("", "citizen", "business", "agent", "admin")


def account_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["name"], rx.text(row["email"], size="1", color_scheme="gray",
                                           dir="ltr")),
        rx.table.cell(row["role_label"]),
        rx.table.cell(
            rx.cond(
                row["role"] == "agent",
                rx.el.select(
                    rx.foreach(AdminState.services,
                               lambda s: rx.el.option(s["label"], value=s["id"])),
                    value=row["service_id"],
                    on_change=lambda value: AdminState.assign_service(row["id"], value),
                    class_name="native-select",
                    aria_label=t("admin.service"),
                ),
                rx.text(row["service"]),
            ),
        ),
        rx.table.cell(
            rx.cond(
                row["active"] != "",
                rx.button(rx.icon("user-x", size=16), t("admin.disable"), color_scheme="red",
                          variant="soft", size="3", type="button", min_height=TARGET,
                          on_click=AdminState.set_active(row["id"], False),
                          class_name="disable-account"),
                rx.button(rx.icon("user-check", size=16), t("admin.enable"), variant="soft",
                          size="3", type="button", min_height=TARGET,
                          on_click=AdminState.set_active(row["id"], True)),
            ),
        ),
        class_name="account-row",
    )


def people_tab() -> rx.Component:
    errors = AdminState.errors
    return rx.vstack(
        rx.flex(
            rx.vstack(
                rx.el.label(t("admin.search"), html_for="people-search", class_name="field-label"),
                rx.input(id="people-search", value=AdminState.search,
                         on_change=AdminState.set_search, debounce_timeout=300, size="3",
                         width="100%"),
                flex="2", min_width="14em", spacing="1",
            ),
            rx.vstack(
                rx.el.label(t("admin.role"), html_for="people-role", class_name="field-label"),
                rx.el.select(*[rx.el.option(t(f"role.{r}" if r else "admin.all_roles"), value=r)
                               for r in ROLES],
                             id="people-role", value=AdminState.role_filter,
                             on_change=AdminState.set_role_filter, class_name="native-select"),
                flex="1", min_width="12em", spacing="1",
            ),
            spacing="3", wrap="wrap", width="100%",
        ),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in (
                    "admin.person", "admin.role", "admin.service", "admin.status")])),
                rx.table.body(rx.foreach(AdminState.accounts, account_row)),
                variant="surface", width="100%", style=TABLE_DIRECTION,
            ),
            overflow_x="auto", width="100%",
        ),
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("admin.new_agent"), size="4", as_="h2"),
                    labeled_input("full_name", "auth.full_name", errors=errors),
                    labeled_input("email", "auth.email", errors=errors, type="email", dir="ltr"),
                    rx.el.label(t("admin.service"), html_for="agent-service",
                                class_name="field-label"),
                    rx.el.select(rx.foreach(AdminState.services,
                                            lambda s: rx.el.option(s["label"], value=s["id"])),
                                 id="agent-service", name="service_id",
                                 class_name="native-select"),
                    error_text(errors.get("service_id", ""), "agent-service"),
                    labeled_input("password", "admin.temporary_password", errors=errors,
                                  type="password", autocomplete="new-password",
                                  hint_key="auth.password_hint"),
                    submit_button("admin.create_agent", "user-plus", button_id="create-agent"),
                    spacing="3", width="100%",
                ),
                on_submit=AdminState.create_agent, reset_on_submit=True, width="100%",
            ),
            width="100%",
        ),
        spacing="4", width="100%",
    )


def services_tab() -> rx.Component:
    errors = AdminState.errors
    return rx.vstack(
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in (
                    "admin.code", "admin.region", "admin.service", "auth.email",
                    "admin.agents")])),
                rx.table.body(rx.foreach(AdminState.services, lambda s: rx.table.row(
                    rx.table.cell(s["code"], class_name="mono"), rx.table.cell(s["region"]),
                    rx.table.cell(s["name"]),
                    rx.table.cell(s["email"], dir="ltr"), rx.table.cell(s["agents"])))),
                variant="surface", width="100%", style=TABLE_DIRECTION,
            ),
            overflow_x="auto", width="100%",
        ),
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("admin.new_service"), size="4", as_="h2"),
                    rx.el.label(t("admin.region"), html_for="service-region",
                                class_name="field-label"),
                    rx.el.select(rx.foreach(AdminState.regions,
                                            lambda r: rx.el.option(r[1], value=r[0])),
                                 id="service-region", name="region_code",
                                 class_name="native-select"),
                    error_text(errors.get("region_code", ""), "service-region"),
                    labeled_input("code", "admin.code", errors=errors, dir="ltr",
                                  hint_key="admin.code_hint"),
                    *[labeled_input(f"name_{lang}", AdminState.name_labels[lang], errors=errors,
                                    dir=text_direction(lang), required=lang == ROOT_LANGUAGE)
                      for lang in LANGUAGES],
                    labeled_input("email", "auth.email", errors=errors, type="email",
                                  required=False, dir="ltr"),
                    submit_button("admin.create_service", "building-2",
                                  button_id="create-service"),
                    spacing="3", width="100%",
                ),
                on_submit=AdminState.create_service, reset_on_submit=True, width="100%",
            ),
            width="100%",
        ),
        spacing="4", width="100%",
    )


def holiday_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["date"], dir="ltr"),
        rx.table.cell(row["name"]),
        rx.table.cell(rx.cond(row["scope"] != "", row["scope"], t("holidays.national"))),
        rx.table.cell(row["kind_label"]),
        rx.table.cell(rx.cond(
            row["id"] != "",
            rx.button(rx.icon("undo-2", size=16), t("holidays.remove"), size="3",
                      variant="soft", type="button", min_height=TARGET,
                      on_click=AdminState.remove_holiday(row["id"])))),
        class_name="holiday-row",
    )


def holidays_tab() -> rx.Component:
    errors = AdminState.errors
    return rx.vstack(
        rx.text(t("holidays.lead"), size="2"),
        rx.hstack(
            rx.el.label(t("holidays.year"), html_for="holiday-year", class_name="field-label"),
            rx.el.select(*[rx.el.option(str(year), value=str(year))
                           for year in range(2024, 2031)],
                         id="holiday-year", value=AdminState.holiday_year.to(str),
                         on_change=AdminState.set_holiday_year, class_name="native-select"),
            align="center",
        ),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in (
                    "holidays.col_date", "holidays.col_name", "holidays.col_scope",
                    "holidays.col_source", "catalog_admin.actions")])),
                rx.table.body(rx.foreach(AdminState.holidays, holiday_row)),
                variant="surface", width="100%", style=TABLE_DIRECTION,
            ),
            overflow_x="auto", width="100%",
        ),
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(t("holidays.new"), size="4", as_="h2"),
                    labeled_input("day", "holidays.day", errors=errors, dir="ltr"),
                    rx.el.label(t("admin.region"), html_for="holiday-region",
                                class_name="field-label"),
                    rx.el.select(
                        rx.el.option(t("holidays.national"), value=""),
                        rx.foreach(AdminState.regions, lambda r: rx.el.option(r[1], value=r[0])),
                        id="holiday-region", name="region_code", class_name="native-select"),
                    rx.el.select(rx.el.option(t("holidays.is_holiday"), value="1"),
                                 rx.el.option(t("holidays.not_holiday"), value="0"),
                                 id="holiday-kind", name="is_holiday", class_name="native-select",
                                 aria_label=t("holidays.col_source")),
                    *[labeled_input(f"name_{lang}", AdminState.name_labels[lang], errors=errors,
                                    dir=text_direction(lang), required=False)
                      for lang in LANGUAGES],
                    labeled_input("reason", "holidays.reason", errors=errors, required=False),
                    submit_button("holidays.save", "calendar-check", button_id="save-holiday"),
                    spacing="3", width="100%",
                ),
                on_submit=AdminState.correct_holiday, reset_on_submit=True, width="100%",
            ),
            width="100%",
        ),
        spacing="4", width="100%",
    )


def outbox_tab() -> rx.Component:
    return rx.vstack(
        rx.text(t("outbox.lead"), size="2", color_scheme="gray"),
        rx.cond(
            AdminState.outbox.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(k)) for k in (
                        "outbox.created", "outbox.to", "outbox.subject", "outbox.status")])),
                    rx.table.body(rx.foreach(AdminState.outbox, lambda m: rx.table.row(
                        rx.table.cell(m["created"], dir="ltr"),
                        rx.table.cell(m["to"], dir="ltr"),
                        rx.table.cell(m["subject"]),
                        rx.table.cell(m["status_label"], rx.text(m["last_error"], size="1",
                                                           color_scheme="red"))))),
                    variant="surface", width="100%", style=TABLE_DIRECTION,
                ),
                overflow_x="auto", width="100%",
            ),
            rx.callout(t("outbox.empty"), icon="mail", width="100%"),
        ),
        spacing="3", width="100%",
    )


@page(route="/admin", title="Administration — Guichet numérique", on_load=[AdminState.load])
def admin() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(t("admin.title"), size="7", as_="h1"),
            rx.spacer(),
            rx.link(rx.button(rx.icon("chart-line"), t("nav.indicators"), variant="soft",
                              size="3", type="button", min_height=TARGET),
                    href="/admin/indicators",
                    id="go-indicators"),
            rx.link(rx.button(rx.icon("list-checks"), t("catalog_admin.title"), variant="soft",
                              size="3", type="button", min_height=TARGET),
                    href="/admin/catalog",
                    id="go-catalog-admin"),
            rx.link(rx.button(rx.icon("scroll-text"), t("council.settings_nav"), variant="soft",
                              size="3", type="button", min_height=TARGET),
                    href="/admin/petitions",
                    id="go-petition-settings"),
            width="100%", wrap="wrap", align="center",
        ),
        rx.hstack(rx.icon("landmark", size=16, aria_hidden="true"),
                  rx.text(AdminState.scope_label), id="admin-scope", align="center"),
        notice(AdminState.notice),
        notice(AdminState.errors.get("form", ""), color="red", icon="circle-alert"),
        rx.tabs.root(
            rx.tabs.list(
                rx.tabs.trigger(t("admin.tab_people"), value="people", min_height=TARGET),
                rx.tabs.trigger(t("admin.tab_services"), value="services", min_height=TARGET),
                rx.tabs.trigger(t("holidays.title"), value="holidays", min_height=TARGET,
                                id="tab-holidays"),
                rx.tabs.trigger(t("outbox.title"), value="outbox", min_height=TARGET),
            ),
            rx.tabs.content(people_tab(), value="people", padding_top="1em"),
            rx.tabs.content(services_tab(), value="services", padding_top="1em"),
            rx.tabs.content(holidays_tab(), value="holidays", padding_top="1em"),
            rx.tabs.content(outbox_tab(), value="outbox", padding_top="1em"),
            default_value="people",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )
