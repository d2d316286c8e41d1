"""The frame of every page: header with navigation and language switch, main, footer."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from counter.i18n import LANGUAGE_NAMES, LANGUAGES
from counter.states.base import AppState
from counter.states.session import SessionState

# Big targets for thumbs on small phones (WCAG 2.5.5 asks for 44 px).
TARGET = "44px"


def t(key: str) -> rx.Var:
    """The message `key` in the screen's current language."""
    return AppState.tr[key]


def nav_link(icon: str, key: str, href: str) -> rx.Component:
    return rx.link(
        rx.hstack(rx.icon(icon, size=20, aria_hidden="true"), rx.text(t(key)), align="center"),
        href=href,
        underline="none",
        padding_x="0.75em",
        min_height=TARGET,
        display="flex",
        align_items="center",
        border_radius="var(--radius-3)",
        class_name="header-link",
        font_weight="500",
        _hover={"background": "rgba(255,255,255,0.15)"},
        _focus_visible={"outline": "3px solid #ffd54a", "outline_offset": "2px"},
    )


def language_switch() -> rx.Component:
    return rx.hstack(
        *[
            rx.button(
                LANGUAGE_NAMES[lang],
                lang=lang,
                on_click=AppState.set_lang(lang),
                variant=rx.cond(AppState.ui_lang == lang, "solid", "outline"),
                color_scheme="gray",
                high_contrast=True,
                min_height=TARGET,
                aria_pressed=rx.cond(AppState.ui_lang == lang, "true", "false"),
                id=f"lang-{lang}",
                type="button",
            )
            for lang in LANGUAGES
        ],
        spacing="1",
        role="group",
        aria_label=t("nav.language"),
        background="white",
        padding="2px",
        border_radius="var(--radius-3)",
    )


def header() -> rx.Component:
    return rx.el.header(
        rx.flex(
            rx.link(
                rx.hstack(
                    rx.icon("landmark", size=28, aria_hidden="true"),
                    rx.text(t("app.name"), size="4", weight="bold"),
                    align="center",
                ),
                href="/",
                class_name="header-link",
                underline="none",
                min_height=TARGET,
                display="flex",
                align_items="center",
            ),
            rx.spacer(),
            language_switch(),
            wrap="wrap",
            gap="2",
            align="center",
            width="100%",
        ),
        rx.el.nav(
            rx.flex(
                nav_link("house", "nav.home", "/"),
                nav_link("list-checks", "nav.catalog", "/procedures"),
                nav_link("search", "nav.track", "/track"),
                rx.cond(
                    SessionState.signed_in,
                    rx.fragment(
                        nav_link("folder-open", "nav.my_dossiers", SessionState.home_path),
                        nav_link("circle-user", "nav.account", "/account"),
                        rx.button(
                            rx.icon("log-out", size=20, aria_hidden="true"),
                            t("nav.sign_out"),
                            on_click=SessionState.sign_out,
                            variant="ghost",
                            class_name="header-link",
                            min_height=TARGET,
                            type="button",
                            id="sign-out",
                        ),
                    ),
                    nav_link("log-in", "nav.sign_in", "/signin"),
                ),
                wrap="wrap",
                gap="1",
            ),
            aria_label=t("nav.menu"),
        ),
        background="var(--teal-11)",
        color="white",
        padding="0.75em 1em",
        display="flex",
        flex_direction="column",
        gap="0.5em",
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.text(t("footer.text"), size="2"),
        rx.text(t("footer.illustrative"), size="1", color_scheme="gray"),
        padding="1.5em 1em",
        border_top="1px solid var(--gray-5)",
        margin_top="2em",
    )


def frame(content: rx.Component) -> rx.Component:
    return rx.box(
        # A plain anchor: Reflex turns rx.el.a into a router link, which breaks "#main".
        rx.html("<a class='skip-link' href='#main'>" + t("nav.skip") + "</a>"),
        header(),
        rx.el.main(
            rx.box(content, max_width="60em", margin_x="auto", padding="1em"),
            id="main",
            tab_index=-1,
        ),
        footer(),
        dir=AppState.text_dir,
        lang=AppState.ui_lang,
        min_height="100vh",
        id="frame",
    )


def page(route: str, title: str, on_load: list | None = None) -> Callable:
    """Register a page wrapped in the frame; every page first settles the language.

    Without `on_load`, the page only looks up who is signed in; a page's own load event
    does that itself (SessionState._load_user).
    """

    def decorator(render: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        events = [AppState.detect_lang, *(on_load or [SessionState.refresh_user])]

        @rx.page(route=route, title=title, on_load=events)
        def wrapped() -> rx.Component:
            return frame(render())

        wrapped.__name__ = render.__name__
        return wrapped

    return decorator
