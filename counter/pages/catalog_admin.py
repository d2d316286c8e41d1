"""The administrators' catalog: procedures, their fields and required documents."""

from __future__ import annotations

import reflex as rx

from counter.components.forms import checkbox_row, error_text, notice
from counter.components.layout import TARGET, page, t
from counter.domain.catalog import FIELD_TYPES
from counter.i18n import text_direction
from counter.settings import LANGUAGES
from counter.states.catalog_admin import CatalogAdminState as S

# A column of inputs per language of the product, each written in its direction.
LANGS = tuple((lang, text_direction(lang)) for lang in LANGUAGES)


def fallback_hint(text: rx.Var, hint_id: str | rx.Var) -> rx.Component:
    """What the product shows where this language is left empty."""
    return rx.cond(text != "", rx.text(text, size="1", color_scheme="gray", id=hint_id,
                                       class_name="fallback-hint"))


def language_value(prefix: str, lang: str, direction: str, *, area: bool = False
                   ) -> rx.Component:
    """A name or description in one language, labelled in the reader's words, with the
    fallback shown when it is left empty."""
    key = f"{prefix}_{lang}"
    return text_value(key, "", label=S.input_labels[key], dir=direction, area=area,
                      hint=S.value_hints[key])


def text_value(key: str, label_key: str, *, area: bool = False, dir: str = "auto",
               input_type: str = "text", label: rx.Var | None = None,
               hint: rx.Var | None = None) -> rx.Component:
    field_id = f"proc-{key}"
    hint_id = f"{field_id}-fallback"
    described = {"aria_describedby": rx.cond(hint != "", hint_id, "")} if hint is not None \
        else {}
    control = (rx.text_area(id=field_id, value=S.values[key], dir=dir, rows="3", width="100%",
                            on_change=lambda v: S.set_value(key, v), debounce_timeout=300,
                            **described)
               if area else
               rx.input(id=field_id, value=S.values[key], dir=dir, type=input_type,
                        width="100%", on_change=lambda v: S.set_value(key, v),
                        debounce_timeout=300, **described))
    return rx.vstack(
        rx.el.label(label if label is not None else t(label_key), html_for=field_id,
                    class_name="field-label"),
        control,
        fallback_hint(hint, hint_id) if hint is not None else rx.fragment(),
        error_text(S.errors.get(key, ""), field_id),
        spacing="1", width="100%",
    )


def editor_header(label_key: str, index: rx.Var, on_remove: rx.EventSpec) -> rx.Component:
    return rx.hstack(
        rx.text(t(label_key), " ", index + 1, weight="bold"),
        rx.spacer(),
        rx.button(rx.icon("trash-2", size=16), t("filing.remove"), variant="ghost",
                  color_scheme="red", on_click=on_remove, type="button", size="3",
                  min_height=TARGET),
        width="100%",
        align="center",
    )


def code_and_required(row: rx.Var, on, set_required, box_id: rx.Var,  # noqa: ANN001
                      *extra: rx.Component) -> rx.Component:
    return rx.flex(
        rx.input(value=row["code"], on_change=on("code"), debounce_timeout=300,
                 placeholder="code", aria_label=t("catalog_admin.code"), dir="ltr",
                 flex="1", min_width="10em", size="3"),
        *extra,
        checkbox_row(t("procedure.required"), box_id, checked=row["required"] != "",
                     on_change=lambda v: set_required(rx.cond(v, "1", ""))),
        spacing="2", wrap="wrap", width="100%", align="center",
    )


def label_inputs(row: rx.Var, on, hints: rx.Var, row_id: rx.Var) -> rx.Component:  # noqa: ANN001
    """A label input per language, each with the fallback shown when it is left empty."""
    def one(lang: str, direction: str) -> rx.Component:
        key = f"label_{lang}"
        hint_id = row_id + f"-{key}-fallback"
        return rx.vstack(
            rx.input(value=row[key], on_change=on(key), debounce_timeout=300, dir=direction,
                     placeholder=S.input_labels[key], aria_label=S.input_labels[key],
                     aria_describedby=rx.cond(hints[key] != "", hint_id, ""), width="100%"),
            fallback_hint(hints[key], hint_id),
            spacing="1", flex="1", min_width="12em",
        )

    return rx.flex(*[one(lang, direction) for lang, direction in LANGS],
                   spacing="2", wrap="wrap", width="100%")


def field_editor(row: rx.Var, index: rx.Var) -> rx.Component:
    def on(key: str):
        return lambda value: S.set_field(index, key, value)

    return rx.card(
        rx.vstack(
            editor_header("catalog_admin.field", index, S.remove_field_row(index)),
            code_and_required(
                row, on, lambda value: S.set_field(index, "required", value),
                "field-required-" + index.to_string(),
                rx.el.select(*[rx.el.option(t(f"field.type.{kind}"), value=kind)
                               for kind in FIELD_TYPES],
                             value=row["type"], on_change=on("type"),
                             aria_label=t("catalog_admin.type"), class_name="native-select"),
            ),
            label_inputs(row, on, S.field_hints[index], "field-" + index.to_string()),
            rx.cond(
                (row["type"] == "number") | (row["type"] == "amount_mad"),
                rx.flex(
                    rx.input(value=row["min"], on_change=on("min"), debounce_timeout=300,
                             placeholder="min", aria_label="min", width="8em"),
                    rx.input(value=row["max"], on_change=on("max"), debounce_timeout=300,
                             placeholder="max", aria_label="max", width="8em"),
                    spacing="2",
                ),
            ),
            rx.cond(
                row["type"] == "choice",
                rx.vstack(
                    rx.text(S.choices_hint, size="1", color_scheme="gray"),
                    rx.text_area(value=row["choices"], on_change=on("choices"),
                                 debounce_timeout=300, rows="4", width="100%", dir="auto",
                                 aria_label=t("catalog_admin.choices")),
                    width="100%", spacing="1",
                ),
            ),
            spacing="2", width="100%",
        ),
        width="100%",
        class_name="field-editor",
    )


def document_editor(row: rx.Var, index: rx.Var) -> rx.Component:
    def on(key: str):
        return lambda value: S.set_document(index, key, value)

    return rx.card(
        rx.vstack(
            editor_header("catalog_admin.document", index, S.remove_document_row(index)),
            code_and_required(row, on, lambda value: S.set_document(index, "required", value),
                              "document-required-" + index.to_string()),
            label_inputs(row, on, S.document_hints[index], "document-" + index.to_string()),
            spacing="2", width="100%",
        ),
        width="100%",
        class_name="document-editor",
    )


def choice_value(key: str, label_key: str, choices: tuple[tuple[str, str], ...]) -> rx.Component:
    field_id = f"proc-{key}"
    return rx.vstack(
        rx.el.label(t(label_key), html_for=field_id, class_name="field-label"),
        rx.el.select(*[rx.el.option(t(text), value=value) for value, text in choices],
                     id=field_id, value=S.values[key],
                     on_change=lambda v: S.set_value(key, v), class_name="native-select"),
        error_text(S.errors.get(key, ""), field_id),
        flex="1", min_width="12em", spacing="1",
    )


def law_block() -> rx.Component:
    """The deadline as the law writes it (laws 55-19, 31-13), retention (law 09-08), and a
    link when the procedure is handled elsewhere."""
    return rx.vstack(
        rx.flex(
            choice_value("deadline_unit", "catalog_admin.deadline_unit",
                         (("calendar", "unit.calendar"), ("working", "unit.working"))),
            text_value("extension_days", "catalog_admin.extension_days", input_type="number"),
            text_value("urgent_deadline_days", "catalog_admin.urgent_days",
                       input_type="number"),
            spacing="3", wrap="wrap", width="100%",
        ),
        rx.flex(
            choice_value("complement_clock", "catalog_admin.complement_clock",
                         (("resume", "catalog_admin.clock_resume"),
                          ("restart", "catalog_admin.clock_restart"))),
            text_value("retention_months", "catalog_admin.retention", input_type="number"),
            spacing="3", wrap="wrap", width="100%",
        ),
        text_value("external_url", "catalog_admin.external_url", dir="ltr", input_type="url"),
        spacing="2", width="100%", id="law-block",
    )


def silence_block() -> rx.Component:
    """Silence as acceptance (law 55-19): the switch and the text it applies under."""
    return rx.vstack(
        rx.el.label(rx.switch(checked=S.values["silence_acceptance"] != "",
                              on_change=lambda v: S.set_value("silence_acceptance",
                                                              rx.cond(v, "1", "")),
                              id="proc-silence_acceptance"),
                    t("catalog_admin.silence_acceptance"), display="flex", gap="0.5em",
                    align_items="center", min_height=TARGET),
        rx.text(t("catalog_admin.silence_hint"), size="1", color_scheme="gray"),
        text_value("silence_reference", "catalog_admin.silence_reference"),
        spacing="1", width="100%", id="silence-block",
    )


def editor() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(rx.cond(S.is_new, t("catalog_admin.new"), t("catalog_admin.edit")),
                       " ", S.values["code"], size="5", as_="h2"),
            rx.cond(S.is_new, text_value("code", "catalog_admin.procedure_code", dir="ltr")),
            rx.flex(
                rx.vstack(
                    rx.el.label(t("admin.service"), html_for="proc-service",
                                class_name="field-label"),
                    rx.el.select(rx.el.option(t("filing.choose"), value=""),
                                 rx.foreach(S.service_options,
                                            lambda o: rx.el.option(o[1], value=o[0])),
                                 id="proc-service", value=S.values["service_code"],
                                 on_change=lambda v: S.set_value("service_code", v),
                                 class_name="native-select"),
                    error_text(S.errors.get("service_code", ""), "proc-service"),
                    flex="2", min_width="14em", spacing="1",
                ),
                rx.vstack(
                    rx.el.label(t("procedure.audience"), html_for="proc-audience",
                                class_name="field-label"),
                    rx.el.select(*[rx.el.option(t(f"audience.{a}"), value=a)
                                   for a in ("citizen", "business", "both")],
                                 id="proc-audience", value=S.values["audience"],
                                 on_change=lambda v: S.set_value("audience", v),
                                 class_name="native-select"),
                    flex="1", min_width="12em", spacing="1",
                ),
                spacing="3", wrap="wrap", width="100%",
            ),
            rx.flex(
                text_value("legal_deadline_days", "catalog_admin.deadline", input_type="number"),
                text_value("target_reduction_pct", "catalog_admin.target", input_type="number"),
                text_value("baseline_median_days", "catalog_admin.baseline",
                           input_type="number"),
                spacing="3", wrap="wrap", width="100%",
            ),
            checkbox_row(t("catalog_admin.investment"), "proc-is_investment",
                         checked=S.values["is_investment"] != "",
                         on_change=lambda v: S.set_value("is_investment", rx.cond(v, "1", ""))),
            law_block(),
            silence_block(),
            *[language_value("name", lang, direction) for lang, direction in LANGS],
            *[language_value("description", lang, direction, area=True)
              for lang, direction in LANGS],
            rx.heading(t("procedure.fields"), size="4", as_="h3"),
            rx.foreach(S.field_rows, field_editor),
            rx.button(rx.icon("plus"), t("catalog_admin.add_field"), variant="soft",
                      on_click=S.add_field_row, type="button", id="add-field", size="3",
                      min_height=TARGET),
            rx.heading(t("procedure.documents"), size="4", as_="h3"),
            rx.foreach(S.document_rows, document_editor),
            rx.button(rx.icon("plus"), t("catalog_admin.add_document"), variant="soft",
                      on_click=S.add_document_row, type="button", id="add-document", size="3",
                      min_height=TARGET),
            rx.cond(
                S.definition_errors.length() > 0,
                rx.box(
                    rx.hstack(rx.icon("triangle-alert", size=18), t("catalog_admin.problems"),
                              weight="bold"),
                    rx.el.ul(rx.foreach(S.definition_errors, lambda e: rx.el.li(e))),
                    role="alert", color="var(--red-11)", background="var(--red-2)",
                    border="1px solid var(--red-7)", border_radius="var(--radius-3)",
                    padding="0.75em", width="100%", id="definition-errors",
                ),
            ),
            rx.cond(S.errors.length() > 0,
                    rx.callout(t("error.form_invalid"), icon="circle-alert", color_scheme="red",
                               width="100%")),
            rx.hstack(
                rx.button(rx.icon("save"), t("catalog_admin.save"), on_click=S.save, size="3",
                          type="button", id="save-procedure", min_height=TARGET),
                rx.button(t("dossier.cancel"), variant="soft", on_click=S.cancel, size="3",
                          type="button", min_height=TARGET),
                spacing="3",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="procedure-editor",
    )


def procedure_row(row: rx.Var) -> rx.Component:
    """One procedure: what it is on one side, its buttons on the other (below it on a
    phone), so no button is ever cut off by the edge of a table."""
    return rx.el.li(
        rx.card(
            rx.flex(
                rx.vstack(
                    rx.hstack(
                        rx.text(row["name"], weight="bold"),
                        rx.cond(row["active"] == "",
                                rx.badge(t("catalog_admin.inactive"), color_scheme="gray")),
                        wrap="wrap", align="center",
                    ),
                    rx.text(row["code"], class_name="mono", size="2", dir="ltr"),
                    rx.text(row["region"], " — ", row["service"], size="2",
                            color_scheme="gray", class_name="procedure-region"),
                    rx.text(row["deadline"], size="2"),
                    spacing="1", flex="1 1 20em", min_width="0",
                ),
                rx.flex(
                    rx.button(rx.icon("pencil", size=16), t("catalog_admin.edit"), size="3",
                              variant="soft", on_click=S.edit(row["code"]), type="button",
                              min_height=TARGET),
                    rx.cond(row["active"] != "",
                            rx.button(t("catalog_admin.deactivate"), size="3", variant="soft",
                                      color_scheme="red", type="button", min_height=TARGET,
                                      on_click=S.set_active(row["code"], False),
                                      class_name="deactivate-procedure"),
                            rx.button(t("catalog_admin.activate"), size="3", variant="soft",
                                      type="button", min_height=TARGET,
                                      on_click=S.set_active(row["code"], True))),
                    spacing="2", wrap="wrap", align="start",
                ),
                spacing="3", wrap="wrap", width="100%", justify="between",
            ),
            width="100%",
        ),
        class_name="procedure-row",
    )


@page(route="/admin/catalog", title="Catalogue — Guichet numérique",
      on_load=[S.load])
def catalog_admin() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(t("catalog_admin.title"), size="7", as_="h1"),
            rx.spacer(),
            rx.button(rx.icon("plus"), t("catalog_admin.new"), on_click=S.new, size="3",
                      type="button", id="new-procedure", min_height=TARGET),
            width="100%", wrap="wrap", align="center",
        ),
        rx.text(t("catalog_admin.lead"), size="2", color_scheme="gray"),
        notice(S.notice),
        notice(S.errors.get("form", ""), color="red", icon="circle-alert"),
        rx.cond(S.editing, editor()),
        rx.el.ul(rx.foreach(S.procedures, procedure_row), list_style="none", padding="0",
                 margin="0", display="flex", flex_direction="column", gap="0.75em",
                 width="100%", id="procedure-list", aria_label=t("catalog_admin.title")),
        spacing="4",
        width="100%",
    )
