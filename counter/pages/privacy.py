"""The public privacy page (law 09-08): per region, what each procedure collects, why, under
which text and for how long; who is responsible; the rights and the CNDP.

Light on purpose, for slow links: text, icons and native <details> (no chart, no script of
its own); one procedure opens at a time under the reader's thumb.
"""

from __future__ import annotations

import reflex as rx

from counter.components.layout import TARGET, page, t
from counter.states.privacy import PrivacyState

CNDP_URL = "https://www.cndp.ma"
CATEGORY_ICONS = (
    ("identity", "id-card"), ("contact", "phone"), ("company", "building-2"),
    ("free_text", "text"), ("date", "calendar"), ("amount", "banknote"),
    ("figure", "hash"), ("place", "map-pin"), ("choice", "list"), ("document", "file-text"),
)


def icon_line(icon: str, text: rx.Var | str, **props) -> rx.Component:
    """An icon before a line of text, the icon on the reading side in either direction."""
    return rx.hstack(
        rx.icon(icon, size=20, aria_hidden="true", color="var(--teal-11)", flex_shrink="0",
                margin_top="2px"),
        rx.text(text, size="3"),
        spacing="2",
        align="start",
        **props,
    )


def datum_item(datum: rx.Var) -> rx.Component:
    icon = rx.match(
        datum.category,
        *[(category, rx.icon(name, size=18, aria_hidden="true", color="var(--teal-11)",
                             flex_shrink="0"))
          for category, name in CATEGORY_ICONS],
        rx.icon("file-text", size=18, aria_hidden="true", color="var(--teal-11)",
                flex_shrink="0"),
    )
    return rx.el.li(
        rx.hstack(
            icon,
            # The kind follows the words and wraps with them, the icon stays beside them.
            rx.box(
                rx.text(datum.label, as_="span", size="2", weight="medium"),
                " ",
                rx.badge(datum.kind, variant="soft", color_scheme="gray", size="1"),
            ),
            spacing="2",
            align="start",
        ),
        padding_y="0.2em",
    )


def part(icon: str, key: str, content: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.heading(rx.icon(icon, size=18, aria_hidden="true"), " ", t(key), size="3",
                   as_="h3", display="flex", align_items="center", gap="0.4em"),
        content,
        spacing="1",
        width="100%",
    )


def procedure_record(procedure: rx.Var) -> rx.Component:
    return rx.el.details(
        rx.el.summary(
            rx.text(procedure.name, as_="span", weight="bold", size="3"),
            min_height=TARGET,
            padding="0.6em 0.2em",
            cursor="pointer",
        ),
        rx.vstack(
            part("database", "privacy.collected", rx.vstack(
                rx.text(t("privacy.account_line"), size="2"),
                rx.cond(procedure.for_businesses,
                        rx.text(t("privacy.business_line"), size="2")),
                rx.cond(
                    procedure.data.length() > 0,
                    rx.fragment(
                        rx.text(t("privacy.form_line"), size="2"),
                        rx.el.ul(rx.foreach(procedure.data, datum_item), list_style="none",
                                 padding="0", margin="0", class_name="privacy-data"),
                    ),
                ),
                spacing="1",
                width="100%",
            )),
            part("target", "privacy.purpose", rx.text(procedure.purpose, size="2")),
            part("scale", "privacy.basis", rx.text(procedure.basis, size="2")),
            part("hourglass", "privacy.retention", rx.text(procedure.retention, size="2")),
            spacing="3",
            padding="0 0.2em 1em",
            width="100%",
        ),
        border_bottom="1px solid var(--gray-5)",
        width="100%",
        class_name="privacy-procedure",
        id=f"record-{procedure.code}",
    )


def region_choice() -> rx.Component:
    return rx.vstack(
        rx.el.label(rx.icon("landmark", size=16, aria_hidden="true"), t("privacy.region_label"),
                    html_for="privacy-region", class_name="field-label with-icon"),
        rx.el.select(
            rx.foreach(PrivacyState.region_options,
                       lambda pair: rx.el.option(pair[1], value=pair[0])),
            id="privacy-region",
            value=PrivacyState.region_choice,
            on_change=PrivacyState.set_region,
            class_name="native-select",
        ),
        spacing="1",
        width="100%",
    )


def rights() -> rx.Component:
    return rx.vstack(
        rx.heading(t("privacy.rights_title"), size="5", as_="h2"),
        rx.el.ul(
            rx.el.li(icon_line("eye", t("privacy.right_access"))),
            rx.el.li(icon_line("pencil", t("privacy.right_rectification"))),
            rx.el.li(icon_line("hand", t("privacy.right_opposition"))),
            list_style="none", padding="0", margin="0", display="flex",
            flex_direction="column", gap="0.5em",
        ),
        rx.text(t("privacy.rights_law"), size="2", color_scheme="gray"),
        rx.text(PrivacyState.rights_how, size="3"),
        rx.heading(t("privacy.cndp_title"), size="5", as_="h2"),
        rx.text(t("privacy.cndp"), size="3"),
        rx.link(rx.hstack(rx.icon("external-link", size=16, aria_hidden="true"),
                          rx.text(t("privacy.cndp_link"), " (", rx.el.span("cndp.ma", dir="ltr"),
                                  ")"),
                          spacing="1", align="center", min_height=TARGET),
                href=CNDP_URL, is_external=True, rel="noopener noreferrer", id="cndp-link"),
        spacing="3",
        width="100%",
        id="rights",
    )


@page(route="/privacy", title="Données personnelles — Guichet numérique",
      on_load=[PrivacyState.load])
def privacy() -> rx.Component:
    return rx.vstack(
        rx.heading(t("privacy.title"), size="8", as_="h1"),
        rx.text(t("privacy.lead"), size="3"),
        region_choice(),
        rx.card(
            rx.vstack(
                rx.heading(t("privacy.controller_title"), size="4", as_="h2"),
                icon_line("landmark", PrivacyState.controller_name, weight="bold",
                          id="controller-name"),
                rx.text(PrivacyState.controller, size="2"),
                spacing="2",
            ),
            width="100%",
            id="controller",
        ),
        rx.card(
            rx.vstack(
                rx.heading(t("privacy.retention"), size="4", as_="h2"),
                icon_line("trash-2", PrivacyState.drafts_rule),
                icon_line("mail", PrivacyState.warning_rule),
                spacing="2",
            ),
            width="100%",
            id="retention-rules",
        ),
        rx.heading(t("privacy.procedures_title"), size="5", as_="h2"),
        rx.cond(
            PrivacyState.procedures.length() > 0,
            rx.fragment(
                rx.text(PrivacyState.count_label, size="2", color_scheme="gray",
                        id="records-count"),
                rx.box(rx.foreach(PrivacyState.procedures, procedure_record), width="100%",
                       border_top="1px solid var(--gray-5)", id="records"),
            ),
            rx.callout(t("privacy.none"), icon="info", width="100%"),
        ),
        rights(),
        rx.heading(t("privacy.other_title"), size="5", as_="h2"),
        rx.el.ul(
            rx.el.li(icon_line("user-round", t("privacy.other_assisted"))),
            rx.el.li(icon_line("lock", t("privacy.other_sessions"))),
            rx.el.li(icon_line("chart-line", t("privacy.other_opendata"))),
            list_style="none", padding="0", margin="0", display="flex",
            flex_direction="column", gap="0.5em",
        ),
        spacing="4",
        width="100%",
    )
