"""Form pieces with labels, hints and errors tied to their field (for screen readers too)."""

from __future__ import annotations

import reflex as rx

from counter.components.layout import TARGET, t


def error_text(error: rx.Var, field_id: str) -> rx.Component:
    return rx.cond(
        error != "",
        rx.text(rx.icon("circle-alert", size=16, aria_hidden="true"), " ", error,
                color="var(--red-11)", size="2", id=f"{field_id}-error", role="alert",
                display="flex", align_items="center", gap="0.3em"),
    )


def labeled_input(
    name: str,
    label_key: str,
    *,
    errors: rx.Var,
    type: str = "text",
    autocomplete: str = "off",
    default_value: rx.Var | str = "",
    hint_key: str | None = None,
    required: bool = True,
    input_mode: str | None = None,
    dir: str | None = None,
) -> rx.Component:
    """A named input for rx.form, with its label, optional hint and server-side error."""
    field_id = f"input-{name}"
    error = errors.get(name, "")
    extra = {"input_mode": input_mode} if input_mode else {}
    if dir:
        extra["dir"] = dir
    return rx.vstack(
        rx.el.label(t(label_key), html_for=field_id, class_name="field-label"),
        rx.cond(hint_key is not None, rx.text(t(hint_key) if hint_key else "", size="2",
                                               color_scheme="gray", id=f"{field_id}-hint")),
        rx.input(
            id=field_id,
            name=name,
            type=type,
            auto_complete=autocomplete,
            default_value=default_value,
            required=required,
            size="3",
            width="100%",
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=f"{field_id}-error",
            **extra,
        ),
        error_text(error, field_id),
        spacing="1",
        width="100%",
    )


def submit_button(label_key: str, icon: str, *, loading: rx.Var | bool = False,
                  button_id: str | None = None) -> rx.Component:
    return rx.button(
        rx.icon(icon, aria_hidden="true"),
        t(label_key),
        type="submit",
        size="4",
        width="100%",
        min_height=TARGET,
        loading=loading,
        id=button_id,
    )


def notice(text: rx.Var, color: str = "green", icon: str = "circle-check") -> rx.Component:
    return rx.cond(text != "", rx.callout(text, icon=icon, color_scheme=color, width="100%",
                                          role="status"))


def value_list(rows: rx.Var, value_key: str = "value") -> rx.Component:
    """What a dossier says, as label / value pairs; the values keep their own direction."""
    return rx.el.dl(
        rx.foreach(rows, lambda row: rx.fragment(
            rx.el.dt(row["label"], font_weight="600"),
            rx.el.dd(rx.cond(row[value_key] != "", row[value_key], "—"),
                     margin_inline_start="0", margin_bottom="0.5em", class_name="user-text"),
        )),
        width="100%",
    )


def back_link(label_key: str, href: str) -> rx.Component:
    return rx.link(rx.hstack(rx.icon("arrow-left", class_name="flip-rtl", aria_hidden="true"),
                             t(label_key)),
                   href=href, min_height=TARGET, display="flex", align_items="center")


def checkbox_row(label: rx.Var | str, box_id: str, *, align: str = "center",
                 **input_props) -> rx.Component:
    """A native checkbox inside its label: the words name it (Radix's `rx.checkbox` nests a
    second, empty label) and the whole row, at least 44 px high, takes the tap."""
    return rx.el.label(
        rx.el.input(type="checkbox", id=box_id, **input_props),
        rx.text(label, as_="span"),
        html_for=box_id,
        class_name="check-row",
        align_items=align,
    )
