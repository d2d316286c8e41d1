"""The frame of every page: header with navigation and language switch, main, footer."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from counter.components.connection import connection_notice
from counter.i18n import REGISTRY, screens
from counter.states.base import AppState, screen_text
from counter.states.session import SessionState

# Big targets for thumbs on small phones (WCAG 2.5.5 asks for 44 px).
TARGET = "44px"
# The receipt's icon wherever it is offered: a plain document with a tick. Not lucide's
# "receipt", a till receipt with a "$" that suggests the procedure costs money.
RECEIPT_ICON = "file-check"
# Radix's table scrolls inside a ScrollArea that sets dir="ltr" by itself, so on an Arabic
# page its columns ran left to right: the table follows the page's direction instead.
TABLE_DIRECTION = {"& .rt-ScrollAreaRoot": {"direction": AppState.text_dir}}


t = screen_text


def nav_link(icon: str, key: str, href: str | rx.Var, link_id: str) -> rx.Component:
    """A tab of the navigation bar: an icon above a short word, a big target."""
    return rx.link(
        rx.icon(icon, size=22, aria_hidden="true"),
        rx.text(t(key), size="1", weight="medium", class_name="nav-word"),
        href=href,
        underline="none",
        class_name="header-link nav-tab",
        id=link_id,
    )


def language_switch() -> rx.Component:
    """Each language by its own name, in its own script ("العربية", not "ع"): what a person
    who reads little recognises. The name a screen reader says is the one shown. The
    languages, their names and directions are the registry's (counter.i18n.registry)."""
    return rx.hstack(
        *[
            rx.button(
                entry.name,
                lang=entry.code,
                dir=entry.direction,
                on_click=AppState.set_lang(entry.code),
                variant=rx.cond(AppState.ui_lang == entry.code, "solid", "outline"),
                color_scheme="gray",
                high_contrast=True,
                min_height=TARGET,
                min_width=TARGET,
                aria_pressed=rx.cond(AppState.ui_lang == entry.code, "true", "false"),
                id=f"lang-{entry.code}",
                type="button",
                class_name="lang-button big-target",
            )
            for entry in REGISTRY
        ],
        spacing="1",
        flex_wrap="wrap",
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
                    rx.text(t("app.name"), size="3", weight="bold"),
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
            gap="2",
            align="center",
            width="100%",
            # Four languages' names do not fit beside the product's name on a 360 px phone:
            # the switch then goes under it rather than past the screen's edge.
            wrap="wrap",
        ),
        rx.el.nav(
            rx.flex(
                nav_link("house", "nav.home", "/", "nav-home"),
                nav_link("list-checks", "nav.catalog", "/procedures", "nav-catalog"),
                nav_link("search", "nav.track_short", "/track", "nav-track"),
                nav_link("megaphone", "nav.petitions", "/petitions", "nav-petitions"),
                rx.cond(
                    SessionState.signed_in,
                    rx.fragment(
                        nav_link("folder-open", "nav.my_dossiers", SessionState.home_path,
                                 "nav-dossiers"),
                        nav_link("circle-user", "nav.account", "/account", "nav-account"),
                    ),
                    nav_link("log-in", "nav.sign_in", "/signin", "nav-signin"),
                ),
                width="100%",
            ),
            aria_label=t("nav.menu"),
        ),
        background="var(--teal-11)",
        color="white",
        padding="0.5em 0.75em 0.25em",
        display="flex",
        flex_direction="column",
        gap="0.25em",
    )


# The national portals the product links to rather than rebuilds (DOMAIN.md "Complaints
# and permits"): name, address, and the footer message saying what each is for.
NATIONAL_PORTALS = (
    ("Chikaya.ma", "https://www.chikaya.ma", "footer.chikaya", "footer-chikaya"),
    ("Rokhas.ma", "https://www.rokhas.ma", "footer.rokhas", "footer-rokhas"),
)


def footer_link(icon: str, text: rx.Var | str, href: str, link_id: str | None = None,
                **props) -> rx.Component:
    """A footer link: its icon beside its words, a big target."""
    return rx.link(
        rx.hstack(rx.icon(icon, size=16, aria_hidden="true"), text, spacing="1",
                  align="center", min_height=TARGET),
        href=href, id=link_id, **props,
    )


def portal_link(name: str, href: str, key: str, link_id: str) -> rx.Component:
    """An external link that opens in a new tab without giving it this page
    (rel="noopener noreferrer"), with what the portal is for."""
    return rx.el.li(
        rx.flex(
            footer_link("external-link", rx.el.span(name, dir="ltr"), href, link_id,
                        is_external=True, rel="noopener noreferrer", title=t("footer.new_tab"),
                        weight="bold"),
            rx.text("— ", t(key), size="2"),
            column_gap="0.4em",
            align="center",
            wrap="wrap",
        ),
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.text(t("footer.text"), size="2"),
        rx.flex(
            footer_link("chart-line", t("nav.transparency"), "/transparency",
                        "footer-transparency"),
            footer_link("shield-check", t("verify.title"), "/verify"),
            footer_link("lock", t("footer.privacy"), "/privacy", "footer-privacy"),
            column_gap="1.25em", wrap="wrap",
        ),
        rx.text(t("footer.elsewhere"), size="2", margin_top="0.5em"),
        rx.el.ul(*[portal_link(*portal) for portal in NATIONAL_PORTALS], list_style="none",
                 padding="0", margin="0 0 0.75em", id="national-portals"),
        rx.text(t("footer.illustrative"), size="1", color_scheme="gray"),
        padding="1.5em 1em",
        border_top="1px solid var(--gray-5)",
        margin_top="2em",
    )


def review_notice() -> rx.Component:
    """On every page in a language under review (registry `under_review`): the notice that
    its texts are drafts, in the language and in French (for whoever helps the reader)."""
    return rx.cond(
        AppState.review_notice.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("languages", size=18, aria_hidden="true")),
            rx.vstack(
                rx.text(AppState.review_notice[0], size="2", weight="medium"),
                rx.text(AppState.review_notice[1], size="2", lang="fr", dir="ltr"),
                spacing="1",
            ),
            color_scheme="amber",
            role="note",
            id="review-notice",
            class_name="review-notice",
            max_width="72em",
            margin="0.75em auto 0",
        ),
    )


def frame(content: rx.Component) -> rx.Component:
    return rx.box(
        # A plain anchor: Reflex turns rx.el.a into a router link, which breaks "#main".
        rx.html("<a class='skip-link' href='#main'>" + t("nav.skip") + "</a>"),
        header(),
        review_notice(),
        rx.el.main(
            rx.box(content, max_width="72em", margin_x="auto", padding="1em"),
            id="main",
            tab_index=-1,
        ),
        footer(),
        connection_notice(),
        dir=AppState.text_dir,
        lang=AppState.ui_lang,
        min_height="100vh",
        id="frame",
        # "true" once the page's load events have run (again after each navigation or
        # language change): what the browser tests and benchmarks wait for, since the
        # served HTML already carries <html lang dir> before any script runs.
        custom_attrs={"data-loaded": rx.State.is_hydrated.to_string()},
    )


def page(route: str, title: str, on_load: list | None = None) -> Callable:
    """Register a page wrapped in the frame (its language is settled before its first
    event: AppState._read_preferences).

    Without `on_load`, the page only looks up who is signed in; a page's own load event
    does that itself (SessionState._load_user).
    """

    def decorator(render: Callable[[], rx.Component]) -> Callable[[], rx.Component]:
        events = on_load or [SessionState.refresh_user]

        def framed() -> rx.Component:
            return frame(render())

        wrapped = screens.register(route, framed)
        # The page's own module: Reflex writes a page's components to a file named after
        # it, so each page's script holds what that page shows (not every page's, charts
        # and editors included, in one file shared by all).
        wrapped.__name__ = render.__name__
        wrapped.__module__ = render.__module__
        return rx.page(route=route, title=title, on_load=events)(wrapped)

    return decorator
