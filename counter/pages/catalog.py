"""The public procedure catalog: search, filter by region, audience and service."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import panel
from counter.components.layout import NATIONAL_PORTALS, TARGET, page, portal_link, t
from counter.states.catalog import CatalogState


def audience_filter() -> rx.Component:
    options = [("", "catalog.audience_all", "users"), ("citizen", "audience.citizen", "user"),
               ("business", "audience.business", "briefcase")]
    return rx.el.fieldset(
        rx.el.legend(t("catalog.audience_label"), class_name="field-label"),
        rx.flex(
            *[
                rx.button(
                    rx.icon(icon, size=18, aria_hidden="true"),
                    t(key),
                    on_click=CatalogState.set_audience(value),
                    variant=rx.cond(CatalogState.audience == value, "solid", "soft"),
                    aria_pressed=rx.cond(CatalogState.audience == value, "true", "false"),
                    min_height=TARGET,
                    type="button",
                    id=f"audience-{value or 'all'}",
                )
                for value, key, icon in options
            ],
            gap="2",
            wrap="wrap",
        ),
        border="none",
        padding="0",
        margin="0",
    )


def choice_filter(name: str, icon: str, options: rx.Var, value: rx.Var,
                  on_change: rx.EventHandler) -> rx.Component:
    """A labelled select of the catalog's filters, 'all' first (catalog.<name>_label/_all)."""
    return rx.vstack(
        rx.el.label(rx.icon(icon, size=16, aria_hidden="true"), t(f"catalog.{name}_label"),
                    html_for=f"{name}-filter", class_name="field-label with-icon"),
        rx.el.select(
            rx.el.option(t(f"catalog.{name}_all"), value=""),
            rx.foreach(options, lambda pair: rx.el.option(pair[1], value=pair[0])),
            id=f"{name}-filter",
            value=value,
            on_change=on_change,
            class_name="native-select",
        ),
        spacing="1",
        width="100%",
    )


def procedure_card(row: rx.Var) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.heading(row["name"], size="4", as_="h2"),
                rx.text(row["description"], size="2", color_scheme="gray", class_name="clamp-2",
                        dir="auto"),  # a fallback language keeps its own direction
                rx.flex(
                    rx.badge(rx.icon("landmark", size=14), row["region"], variant="soft",
                             color_scheme="teal", class_name="region-badge"),
                    rx.badge(rx.icon("building-2", size=14), row["service"], variant="soft",
                             color_scheme="gray"),
                    rx.badge(rx.icon("clock", size=14), row["deadline"], variant="soft"),
                    rx.badge(rx.icon("users", size=14), row["audience"], variant="soft",
                             color_scheme="blue"),
                    rx.cond(
                        row["elsewhere"] != "",
                        rx.badge(rx.icon("external-link", size=14), row["elsewhere"],
                                 color_scheme="blue", class_name="elsewhere-badge"),
                    ),
                    rx.cond(
                        row["investment"] != "",
                        rx.badge(rx.icon("trending-up", size=14), row["investment"],
                                 color_scheme="amber"),
                    ),
                    gap="2",
                    wrap="wrap",
                ),
                spacing="2",
            ),
            width="100%",
            _hover={"box_shadow": "0 0 0 2px var(--teal-8)"},
        ),
        href=row["href"],
        underline="none",
        color="inherit",
        width="100%",
        class_name="procedure-card",
    )


def suggestion(pair: rx.Var) -> rx.Component:
    """A search to try, as a link: a long procedure name wraps like any text."""
    return rx.link(
        rx.hstack(rx.icon("search", size=16, aria_hidden="true"), rx.text(pair[0], as_="span"),
                  spacing="2", align="center", min_height=TARGET, padding_x="0.75em",
                  padding_y="0.4em", border_radius="var(--radius-3)",
                  background="var(--teal-3)"),
        href=pair[1], class_name="suggestion", color="var(--teal-12)", underline="hover",
    )


def did_you_mean() -> rx.Component:
    """"Did you mean: subvention?": the query as it was read, or the nearest procedures;
    one tap searches it."""
    return rx.cond(
        CatalogState.suggestions.length() > 0,
        rx.flex(
            rx.text(t("catalog.did_you_mean"), weight="medium"),
            rx.foreach(CatalogState.suggestions, suggestion),
            gap="2", wrap="wrap", align="center", width="100%", id="did-you-mean",
        ),
    )


def show_more() -> rx.Component:
    """The next cards of the list, one big tap away (the list shows PAGE_SIZE at a time)."""
    return rx.cond(
        CatalogState.more_label != "",
        rx.button(rx.icon("chevrons-down", aria_hidden="true"), CatalogState.more_label,
                  on_click=CatalogState.show_more, variant="soft", size="3", width="100%",
                  min_height=TARGET, type="button", id="show-more"),
    )


@page(route="/procedures", title="Démarches — Guichet numérique",
      on_load=[CatalogState.load_list])
def catalog() -> rx.Component:
    return rx.vstack(
        rx.heading(t("catalog.title"), size="8", as_="h1"),
        rx.text(t("catalog.lead"), size="3"),
        rx.vstack(
            rx.el.label(t("catalog.search_label"), html_for="catalog-search",
                        class_name="field-label"),
            rx.input(
                rx.input.slot(rx.icon("search", aria_hidden="true")),
                id="catalog-search",
                type="search",
                value=CatalogState.query,
                on_change=CatalogState.set_query,
                debounce_timeout=250,
                placeholder=t("catalog.search_placeholder"),
                size="3",
                width="100%",
            ),
            spacing="1",
            width="100%",
        ),
        choice_filter("region", "landmark", CatalogState.region_options,
                      CatalogState.region_choice, CatalogState.set_region),
        audience_filter(),
        choice_filter("service", "building-2", CatalogState.service_options,
                      CatalogState.service, CatalogState.set_service),
        rx.hstack(
            rx.text(CatalogState.count_label, weight="bold", id="results-count",
                    aria_live="polite"),
            rx.spacer(),
            rx.button(rx.icon("x", size=16), t("catalog.clear"), on_click=CatalogState.clear,
                      variant="ghost", min_height=TARGET, type="button"),
            width="100%",
            align="center",
        ),
        rx.cond(
            CatalogState.results.length() > 0,
            rx.vstack(did_you_mean(), rx.foreach(CatalogState.results, procedure_card),
                      show_more(), spacing="3", width="100%"),
            rx.vstack(rx.callout(t("catalog.empty"), icon="search-x", width="100%"),
                      did_you_mean(), spacing="3", width="100%"),
        ),
        rx.cond(
            CatalogState.elsewhere_label != "",
            rx.hstack(
                rx.text(CatalogState.elsewhere_label, id="elsewhere-count"),
                rx.button(rx.icon("globe", size=16), t("catalog.show_all_regions"),
                          on_click=CatalogState.set_region(""), variant="soft",
                          min_height=TARGET, type="button", id="show-all-regions"),
                align="center", wrap="wrap", width="100%",
            ),
        ),
        panel(
            rx.vstack(
                rx.text(t("catalog.help_elsewhere")),
                rx.el.ul(*[portal_link(*portal[:3], f"catalog-{portal[3]}")
                           for portal in NATIONAL_PORTALS],
                         list_style="none", padding="0", margin="0"),
                spacing="1",
            ),
            icon="circle-help", width="100%", id="catalog-help",
        ),
        spacing="4",
        width="100%",
    )
