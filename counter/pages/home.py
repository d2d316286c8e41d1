"""Home: what the counter is, and the two ways in: the catalog and tracking."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import panel
from counter.components.layout import RECEIPT_ICON, TARGET, page, t
from counter.states.catalog import CatalogState


def big_action(icon: str, title_key: str, text_key: str, href: str, link_id: str) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.box(
                    rx.icon(icon, size=36, aria_hidden="true"),
                    color="var(--teal-11)",
                    padding="0.5em",
                    background="var(--teal-3)",
                    border_radius="var(--radius-4)",
                ),
                rx.vstack(
                    rx.heading(t(title_key), size="5", as_="h2"),
                    rx.text(t(text_key), color_scheme="gray", size="3"),
                    spacing="1",
                ),
                rx.icon("chevron-right", class_name="flip-rtl", aria_hidden="true"),
                align="center",
                spacing="4",
                width="100%",
            ),
            size="3",
            width="100%",
            _hover={"box_shadow": "0 0 0 2px var(--teal-8)"},
        ),
        href=href,
        underline="none",
        color="inherit",
        width="100%",
        id=link_id,
    )


def step(number: str, icon: str, key: str) -> rx.Component:
    return rx.hstack(
        rx.badge(number, size="3", radius="full", variant="solid"),
        rx.icon(icon, size=24, aria_hidden="true"),
        rx.text(t(key), size="3"),
        align="center",
        spacing="3",
        min_height=TARGET,
    )


@page(route="/", title="Guichet numérique régional", on_load=[CatalogState.load])
def home() -> rx.Component:
    return rx.vstack(
        rx.heading(t("home.title"), size="8", as_="h1"),
        rx.text(t("home.lead"), size="4"),
        rx.text(CatalogState.total_label, color_scheme="teal", weight="bold"),
        big_action("list-checks", "home.find_title", "home.find_text", "/procedures", "go-catalog"),
        big_action("search", "home.track_title", "home.track_text", "/track", "go-track"),
        rx.heading(t("home.how_title"), size="5", as_="h2", margin_top="1em"),
        rx.el.ol(
            rx.el.li(step("1", "mouse-pointer-click", "home.step1")),
            rx.el.li(step("2", "file-up", "home.step2")),
            rx.el.li(step("3", RECEIPT_ICON, "home.step3")),
            rx.el.li(step("4", "bell-ring", "home.step4")),
            list_style="none",
            padding="0",
            margin="0",
        ),
        panel(
            rx.vstack(
                rx.text(t("home.counter_title"), weight="bold"),
                rx.text(t("home.counter_text")),
                spacing="1",
            ),
            icon="hand-helping",
            size="2",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )
