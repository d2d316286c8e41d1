"""Form pieces with labels, hints and errors tied to their field (for screen readers too)."""

from __future__ import annotations

import reflex as rx

from counter.components.layout import TARGET, t


def error_text(error: rx.Var, field_id: str, *, live: bool = True) -> rx.Component:
    """A field's error, read out when it appears unless a summary already says it."""
    return rx.cond(
        error != "",
        rx.text(rx.icon("circle-alert", size=16, aria_hidden="true"), " ", error,
                color="var(--red-11)", size="2", id=f"{field_id}-error",
                role="alert" if live else None,
                display="flex", align_items="center", gap="0.3em"),
    )


def required_mark() -> rx.Component:
    """The word "(required)" after a label: people see it, screen readers hear `required`."""
    return rx.el.span(" ", t("form.required"), class_name="required-mark", aria_hidden="true")


def labeled_input(
    name: str,
    label_key: str | rx.Var,
    *,
    errors: rx.Var,
    type: str = "text",
    autocomplete: str = "off",
    default_value: rx.Var | str = "",
    hint_key: str | None = None,
    required: bool = True,
    input_mode: str | None = None,
    dir: str | None = None,
    live_error: bool = True,
) -> rx.Component:
    """A named input for rx.form, with its label (a message key, or a text the state
    wrote), optional hint and server-side error.

    The hint and the error are tied to the field (aria-describedby), the error also marks
    it invalid; a required field says so next to its label.
    """
    field_id = f"input-{name}"
    error = errors.get(name, "")
    extra = {"input_mode": input_mode} if input_mode else {}
    if dir:
        extra["dir"] = dir
    hint_id = f"{field_id}-hint" if hint_key else ""
    described = rx.cond(error != "", f"{hint_id} {field_id}-error".strip(), hint_id)
    return rx.vstack(
        rx.el.label(t(label_key) if isinstance(label_key, str) else label_key,
                    required_mark() if required else rx.fragment(),
                    html_for=field_id, class_name="field-label"),
        rx.text(t(hint_key), size="2", color_scheme="gray", id=hint_id) if hint_key
        else rx.fragment(),
        rx.input(
            id=field_id,
            name=name,
            type=type,
            auto_complete=autocomplete,
            default_value=default_value,
            required=required,
            size="3",
            width="100%",
            # The field itself 44 px high, inside its 1 px frame.
            min_height=f"calc({TARGET} + 2px)",
            aria_invalid=rx.cond(error != "", "true", "false"),
            aria_describedby=described,
            **extra,
        ),
        error_text(error, field_id, live=live_error),
        spacing="1",
        width="100%",
    )


def focus_script(element_id: str | rx.Var) -> str | rx.Var:
    """JavaScript that moves the focus to an element once it is on the page (it may appear
    with the state update that comes with this event), and brings it into view."""
    return ("(function go(n){const e=document.getElementById(" + element_id + ");"
            "if(e){e.focus({preventScroll:true});e.scrollIntoView({block:'center'});}"
            "else if(n>0){setTimeout(()=>go(n-1),50);}})(40)")


def error_summary(items: rx.Var, summary_id: str) -> rx.Component:
    """Every error of a form at once, at its top (GOV.UK's error summary): announced and
    focused when it appears, each item a link to its field. `items` are
    {"target": field id or "", "text": ...}."""
    return rx.cond(
        items.length() > 0,
        rx.box(
            rx.heading(rx.icon("circle-alert", aria_hidden="true"), t("form.errors_title"),
                       size="4", as_="h2", display="flex", align_items="center", gap="0.4em"),
            rx.el.ul(
                rx.foreach(items, lambda item: rx.el.li(rx.cond(
                    item["target"] != "",
                    rx.el.a(item["text"], href="#" + item["target"],
                            on_click=[rx.prevent_default, rx.call_script(
                                focus_script("'" + item["target"] + "'"))],
                            class_name="error-summary-link"),
                    rx.text(item["text"], as_="span"),
                ))),
                margin="0.5em 0 0", padding_inline_start="1.25em",
            ),
            id=summary_id,
            role="alert",
            tab_index=-1,
            class_name="error-summary",
            width="100%",
        ),
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


def panel(*children: rx.Component, icon: str, **props) -> rx.Component:
    """A callout that holds blocks (paragraphs, lists, links in a column).

    rx.callout puts its content in a <p>, and a paragraph cannot hold blocks: the browser
    moves them out, the page no longer matches what the server built, and React throws the
    whole page away and draws it again (hydration error #418). Here the body is a <div>.
    """
    return rx.callout.root(rx.callout.icon(rx.icon(icon, aria_hidden="true")),
                           rx.box(*children, class_name="panel-body"), **props)


def value_list(rows: rx.Var, value_key: str = "value") -> rx.Component:
    """What a dossier says, as label / value pairs, each value right under its label.

    A value keeps its own direction inside <bdi> while it lines up with the page's start:
    a Latin name on an Arabic page sits under its label, not at the other edge."""
    return rx.el.dl(
        rx.foreach(rows, lambda row: rx.el.div(
            rx.el.dt(row["label"], font_weight="600", color="var(--gray-11)"),
            rx.el.dd(rx.el.bdi(rx.cond(row[value_key] != "", row[value_key], "—")),
                     margin="0", white_space="pre-wrap", overflow_wrap="anywhere"),
            class_name="value-row",
        )),
        width="100%",
        margin="0",
        class_name="value-list",
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
