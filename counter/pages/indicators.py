"""Processing-time indicators: the administrators' dashboard and the public transparency page.

Every chart has its numbers in a table beside it, and every figure says in plain words
what it measures (DOMAIN.md's definitions). Both pages show one region or the four together;
the consortium's administrators also compare the regions side by side.
"""

from __future__ import annotations

import json

import reflex as rx
from reflex.vars.function import FunctionVar

from counter.components.layout import TARGET, page, t
from counter.i18n.formats import number_symbols
from counter.i18n.registry import SOURCE_LANG, languages
from counter.states.base import AppState
from counter.states.indicators import AdminIndicatorsState, TransparencyState

VERDICT_COLORS = (("target_met", "green"), ("on_track", "amber"), ("behind", "red"))
EXPLAINED = ("verdict", "median", "p90", "baseline", "reduction", "on_time", "calendar",
             "paper")


def verdict_badge(verdict: rx.Var, label: rx.Var) -> rx.Component:
    return rx.badge(
        rx.match(verdict, ("target_met", rx.icon("circle-check", size=14)),
                 ("on_track", rx.icon("trending-down", size=14)),
                 ("behind", rx.icon("circle-alert", size=14)), rx.icon("minus", size=14)),
        label,
        color_scheme=rx.match(verdict, *VERDICT_COLORS, "gray"),
        size="2",
        class_name="verdict",
    )


def headline(icon: str, label_key: str, value: rx.Var, note_key: str | None = None
             ) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon(icon, size=20, color="var(--teal-11)", aria_hidden="true"),
                      rx.text(t(label_key), size="2", color_scheme="gray"), align="center"),
            rx.text(value, size="7", weight="bold", class_name="headline-value"),
            *([rx.text(t(note_key), size="1", color_scheme="gray")] if note_key else []),
            spacing="1",
        ),
        flex="1",
        min_width="10em",
        id=f"headline-{label_key.rsplit('.', 1)[-1]}",
    )


def headlines(state) -> rx.Component:  # noqa: ANN001
    region = state.total
    return rx.vstack(
        rx.hstack(rx.icon("landmark", size=18, color="var(--teal-11)", aria_hidden="true"),
                  rx.text(t("figures.showing"), " ", rx.el.strong(state.scope_name)),
                  align="center", wrap="wrap", id="figures-scope"),
        rx.hstack(rx.text(t("dashboard.verdict"), weight="bold"),
                  verdict_badge(region["verdict"], region["verdict_label"]),
                  align="center", wrap="wrap", id="region-verdict"),
        rx.flex(
            headline("trending-down", "dashboard.reduction", region["reduction"],
                     "dashboard.reduction_note"),
            headline("clock", "dashboard.median", region["median"], "dashboard.median_note"),
            headline("folder-open", "dashboard.open", region["open"]),
            headline("timer", "dashboard.p90", region["p90"]),
            headline("calendar-check", "dashboard.on_time", region["on_time"]),
            headline("inbox", "dashboard.decided", region["decided"]),
            headline("alarm-clock", "dashboard.overdue", region["overdue"]),
            gap="3",
            wrap="wrap",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


RTL = AppState.text_dir == "rtl"

# The tooltip shows each value as the tables write it (services.dashboard `<key>_text`:
# decimal comma, units, plurals), the chart's raw number only where there is no text.
TOOLTIP_TEXT = rx.Var(
    "((value, name, item) => (item && item.payload && item.payload[String(item.dataKey) + "
    "'_text']) ?? value)")
# An axis's numbers as the tables write them (counter.i18n.formats: Babel's symbols of the
# language's CLDR locale, Western digits): "1 500" in French, "1.500" in Arabic, "1,500" in
# English. The browser's own locale data may differ from Babel's, so only its digit
# grouping is used and the symbols are Babel's.
NUMBER_SYMBOLS = {code: number_symbols(code) for code in languages()}
NUMBER_TICKS = rx.Var(
    _js_expr=f"((value) => {{ if (typeof value !== 'number') return value; "
             f"const s = ({json.dumps(NUMBER_SYMBOLS)})[{AppState.ui_lang!s}] ?? "
             f"{json.dumps(NUMBER_SYMBOLS[SOURCE_LANG])}; "
             "return new Intl.NumberFormat('en', {maximumFractionDigits: 1}).formatToParts("
             "value).map((p) => p.type === 'group' ? s.group : p.type === 'decimal' ? "
             "s.decimal : p.value).join(''); })",
    _var_data=AppState.ui_lang._get_all_var_data(),
).to(FunctionVar)  # recharts 0.10 accepts a tick formatter only as a function Var
CHART_MARGIN = {"top": 8, "right": 28, "bottom": 4, "left": 28}  # room for end ticks


def tooltip() -> rx.Component:
    return rx.recharts.tooltip(custom_attrs={"formatter": TOOLTIP_TEXT},
                               wrapper_style={"direction": AppState.text_dir})


def chart_card(title_key: str, chart: rx.Component, chart_id: str,
               *below: rx.Component) -> rx.Component:
    """A titled chart, mirrored in a right-to-left page: the value axis on the right, and
    bars and time running from the right (see `value_axis`, `category_axis`). The SVG
    itself is laid out left to right in every language, so that recharts' text anchors
    keep their meaning (with dir="rtl" they flip, and labels run over the bars); each
    label still reads in its own direction (plaintext: an Arabic name with a code stays
    in order)."""
    return rx.card(
        rx.vstack(
            rx.heading(t(title_key), size="4", as_="h2"),
            rx.box(chart, width="100%", role="img", aria_label=t(title_key), id=chart_id,
                   dir="ltr", style={"& text": {"unicode_bidi": "plaintext"}}),
            *below,
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def y_axis(**props) -> rx.Component:  # noqa: ANN003
    """The vertical axis: on the left, or on the right in a right-to-left page."""
    return rx.recharts.y_axis(orientation=rx.cond(RTL, "right", "left"), **props)


def x_axis(**props) -> rx.Component:  # noqa: ANN003
    """The horizontal axis, running from the right in a right-to-left page."""
    return rx.recharts.x_axis(reversed=RTL, **props)


def line(key: str, label_key: str, color: str, width: int = 2, dashes: str | None = None,
         **props) -> rx.Component:  # noqa: ANN003
    """A line of the monthly chart, drawn at once (no animation: cheap phones, and the
    figures are not moving)."""
    return rx.recharts.line(data_key=key, name=t(label_key), stroke=color, stroke_width=width,
                            stroke_dasharray=dashes, is_animation_active=False,
                            **{"dot": False, "type_": "monotone", **props})


def monthly_chart(state) -> rx.Component:  # noqa: ANN001
    """The months of the period; one the period or today cuts is dashed (its figures are of
    part of it only), a month without decisions a gap, never 0."""
    return chart_card(
        "dashboard.chart_monthly",
        rx.recharts.line_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            line("median", "dashboard.median", "#0d7d76", 3),
            line("p90", "dashboard.p90_line", "#7c3aed"),
            line("median_partial", "dashboard.partial_month", "#0d7d76", dashes="4 4",
                 dot={"r": 3}, legend_type="plainline"),
            line("p90_partial", "dashboard.partial_month", "#7c3aed", dashes="4 4",
                 dot={"r": 3}, legend_type="none"),
            line("baseline", "dashboard.baseline", "#6b7280", dashes="6 4", type_="linear"),
            line("target", "dashboard.target_line", "#dc2626", dashes="3 3", type_="linear"),
            x_axis(data_key="label"),
            y_axis(allow_decimals=False, tick_formatter=NUMBER_TICKS),
            tooltip(),
            rx.recharts.legend(),
            data=state.series,
            margin=CHART_MARGIN,
            width="100%",
            height=320,
        ),
        "chart-monthly",
        rx.cond(state.has_partial_month,
                rx.text(t("dashboard.partial_note"), size="1", color_scheme="gray",
                        id="partial-note")),
        monthly_table(state),
    )


def monthly_table(state) -> rx.Component:  # noqa: ANN001
    """The line's numbers, month by month, for those who do not read the chart."""
    columns = (("label", "dashboard.month"), ("decided", "dashboard.decided"),
               ("median", "dashboard.median"), ("p90", "dashboard.p90"))
    return rx.el.details(
        rx.el.summary(t("dashboard.monthly_numbers"), class_name="figures-summary"),
        scroll_region(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(label))
                                               for _, label in columns])),
                rx.table.body(rx.foreach(state.series, lambda point: rx.table.row(
                    rx.table.cell(point["label"], rx.cond(
                        point["partial"], rx.el.span(" (", t("dashboard.partial"), ")"))),
                    *[rx.table.cell(rx.cond(point["partial"], point[f"{key}_partial_text"],
                                            point[f"{key}_text"]))
                      if key in ("median", "p90") else rx.table.cell(point[f"{key}_text"])
                      for key, _ in columns[1:]],
                    class_name="month-row"))),
                variant="surface", size="1", width="100%"),
            "dashboard.monthly_numbers", "monthly-table"),
        width="100%",
    )


def bar_chart(title_key: str, data: rx.Var, x_key: str, bars: list[tuple[str, str, str]],
              chart_id: str, layout: str = "horizontal", domain: rx.Var | list | None = None,
              height: rx.Var | int | None = None, extra: tuple[rx.Component, ...] = (),
              names_width: int = 190) -> rx.Component:
    """Bars up from the axis; or, `layout="vertical"`, one row per item with its name in
    full beside it (long names, such as procedures', overlap under vertical bars), on a
    0-100 scale unless `domain` says otherwise. Right to left, the names are on the right
    and the bars grow leftwards."""
    if layout == "vertical":
        axes = (x_axis(type_="number", domain=[0, 100] if domain is None else domain,
                       allow_decimals=False, tick_formatter=NUMBER_TICKS),
                y_axis(data_key=x_key, type_="category", width=names_width, interval=0,
                       tick={"fontSize": 12}))
        height = 460 if height is None else height
    else:
        axes = (x_axis(data_key=x_key), y_axis(allow_decimals=False,
                                                tick_formatter=NUMBER_TICKS))
        height = 280 if height is None else height
    return chart_card(
        title_key,
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            *[rx.recharts.bar(data_key=key, name=t(label_key), fill=color, max_bar_size=22,
                              is_animation_active=False)
              for key, label_key, color in bars],
            *axes,
            *extra,
            tooltip(),
            rx.recharts.legend(),
            data=data,
            layout=layout,
            margin=CHART_MARGIN,
            width="100%",
            height=height,
        ),
        chart_id,
    )


def charts(state) -> rx.Component:  # noqa: ANN001
    return rx.grid(
        monthly_chart(state),
        bar_chart("dashboard.chart_on_time", state.on_time, "name",
                  [("on_time", "dashboard.on_time", "#0d7d76")], "chart-on-time",
                  layout="vertical", height=state.on_time_height),
        bar_chart("dashboard.chart_backlog", state.backlog, "bucket",
                  [("count", "dashboard.open", "#d97706"),
                   ("overdue", "dashboard.overdue", "#dc2626")], "chart-backlog",
                  layout="vertical", domain=[0, "auto"], height=340, names_width=120),
        bar_chart("dashboard.chart_paper", state.paper, "channel",
                  [("documents", "dashboard.documents", "#0d7d76"),
                   ("pages", "dashboard.pages", "#2563eb")], "chart-paper"),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="4",
        width="100%",
    )


def figures_table(rows: rx.Var, columns: tuple[tuple[str, str], ...], row_class: str,
                  table_id: str, label_key: str,
                  first: tuple[rx.Var, str, str] | None = None) -> rx.Component:
    """A table of figures, a verdict last, in a scroll region named by `label_key`;
    `first` (when, key, label): a leading column shown only `when`."""
    def leading(row: rx.Var | None) -> list[rx.Component]:
        if first is None:
            return []
        when, key, label = first
        cell = (rx.table.column_header_cell(t(label)) if row is None
                else rx.table.cell(row[key]))
        return [rx.cond(when, cell)]

    return scroll_region(
        rx.table.root(
            rx.table.header(rx.table.row(
                *leading(None),
                *[rx.table.column_header_cell(t(label)) for _, label in columns],
                rx.table.column_header_cell(t("dashboard.verdict")))),
            rx.table.body(rx.foreach(rows, lambda row: rx.table.row(
                *leading(row),
                *[rx.table.cell(row[key]) for key, _ in columns],
                rx.table.cell(verdict_badge(row["verdict"], row["verdict_label"])),
                class_name=row_class,
            ))),
            variant="surface",
            size="1",
            width="100%",
        ),
        label_key, table_id)


def scroll_region(table: rx.Component, label_key: str, region_id: str | None
                  ) -> rx.Component:
    """A wide table in a box that scrolls sideways, reachable by keyboard (tabindex 0,
    arrows scroll it) and named for screen readers (a region with the table's title).

    Radix's table brings its own scroll area, marked left to right whatever the page's
    direction: it is let out (overflow visible; the table fits the box, wider only when its
    columns cannot wrap enough) so this box scrolls instead, in the page's direction (in
    Arabic the first column is on the right, shown first on a narrow screen).
    """
    return rx.box(
        table,
        overflow_x="auto",
        width="100%",
        id=region_id,
        role="region",
        tab_index=0,
        aria_label=t(label_key),
        class_name="scroll-region",
        style={"& .rt-TableRoot": {"width": "fit-content", "min_width": "100%"},
               "& .rt-ScrollAreaRoot": {"overflow": "visible"},
               "& .rt-ScrollAreaViewport": {"overflow": "visible !important"},
               "& .rt-ScrollAreaScrollbar": {"display": "none"},
               '[dir="rtl"] & .rt-ScrollAreaViewport': {"direction": "rtl"},
               "&:focus-visible": {"outline": "2px solid var(--teal-9)",
                                   "outline_offset": "2px"}},
    )


def procedure_table(state) -> rx.Component:  # noqa: ANN001
    columns = (("name", "dashboard.procedure"), ("decided", "dashboard.decided"),
               ("median", "dashboard.median"), ("p90", "dashboard.p90"),
               ("baseline", "dashboard.baseline"), ("reduction", "dashboard.reduction"),
               ("on_time", "dashboard.on_time"), ("open", "dashboard.open"),
               ("overdue", "dashboard.overdue"))
    return figures_table(state.procedures, columns, "indicator-row", "procedure-table",
                         "dashboard.by_procedure",
                         first=(state.several_regions, "region", "figures.region_label"))


def region_comparison() -> rx.Component:
    """The consortium's administrators: each region on its own dossiers, and the four."""
    state = AdminIndicatorsState
    columns = (("name", "figures.region_label"), ("decided", "dashboard.decided"),
               ("median", "dashboard.median"), ("p90", "dashboard.p90"),
               ("reduction", "dashboard.reduction"), ("on_time", "dashboard.on_time"),
               ("open", "dashboard.open"), ("overdue", "dashboard.overdue"))
    table = figures_table(state.regions, columns, "region-row", "region-table",
                          "figures.by_region")
    chart = bar_chart(
        "figures.chart_regions", state.regions_chart, "name",
        [("reduction", "dashboard.reduction", "#0d7d76"),
         ("on_time", "dashboard.on_time", "#2563eb")], "chart-regions", layout="vertical",
        domain=state.regions_domain, height=320,
        extra=(rx.recharts.reference_line(x=50, stroke="#dc2626", stroke_dasharray="3 3"),))
    return rx.cond(
        state.regions.length() > 1,
        rx.vstack(
            rx.heading(t("figures.by_region"), size="5", as_="h2"),
            rx.text(t("figures.by_region_lead"), size="2", color_scheme="gray"),
            table,
            chart,
            spacing="3",
            width="100%",
        ),
    )


def explanations() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("dashboard.explain_title"), size="4", as_="h2"),
            rx.el.dl(*[item for key in EXPLAINED for item in (
                rx.el.dt(t(f"explain.{key}.title"), font_weight="600", margin_top="0.5em"),
                rx.el.dd(t(f"explain.{key}.text"), margin_inline_start="0"))]),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id="explanations",
    )


def region_choice(state, with_all: rx.Var | bool) -> rx.Component:  # noqa: ANN001
    """The region shown: one of `state.region_options`, or (`with_all`, a Var or True) the
    four together; without it the choice is fixed. Choosing one shows its figures at once."""
    return rx.vstack(
        rx.el.label(rx.icon("landmark", size=16, aria_hidden="true"), t("figures.region_label"),
                    html_for="figures-region", class_name="field-label with-icon"),
        rx.el.select(
            rx.cond(with_all, rx.el.option(t("figures.all_regions"), value=""))
            if isinstance(with_all, rx.Var) else rx.el.option(t("figures.all_regions"), value=""),
            rx.foreach(state.region_options, lambda o: rx.el.option(o[1], value=o[0])),
            id="figures-region",
            name="region",
            value=state.region_choice,
            on_change=state.choose_region,
            disabled=~with_all if isinstance(with_all, rx.Var) else False,
            class_name="native-select",
        ),
        spacing="1",
        min_width="14em",
        flex="1",
    )


def filters() -> rx.Component:
    state = AdminIndicatorsState
    return rx.form(
        rx.flex(
            region_choice(state, state.is_consortium),
            rx.vstack(rx.el.label(t("dashboard.from"), html_for="ind-from",
                                  class_name="field-label"),
                      rx.input(type="date", id="ind-from", name="from",
                               default_value=state.date_from, size="3"), spacing="1"),
            rx.vstack(rx.el.label(t("dashboard.to"), html_for="ind-to",
                                  class_name="field-label"),
                      rx.input(type="date", id="ind-to", name="to",
                               default_value=state.date_to, size="3"), spacing="1"),
            rx.vstack(rx.el.label(t("admin.service"), html_for="ind-service",
                                  class_name="field-label"),
                      rx.el.select(rx.el.option(t("catalog.service_all"), value=""),
                                   rx.foreach(state.service_options,
                                              lambda o: rx.el.option(o[1], value=o[0])),
                                   id="ind-service", name="service",
                                   class_name="native-select"),
                      spacing="1", min_width="14em", flex="1"),
            rx.vstack(rx.el.label(t("queue.province"), html_for="ind-province",
                                  class_name="field-label"),
                      rx.el.select(rx.el.option(t("queue.all_provinces"), value=""),
                                   rx.foreach(state.province_options,
                                              lambda o: rx.el.option(o[1], value=o[0])),
                                   id="ind-province", name="province",
                                   class_name="native-select"),
                      spacing="1", min_width="12em", flex="1"),
            rx.button(rx.icon("refresh-cw"), t("dashboard.apply"), type="submit", size="3",
                      min_height=TARGET, id="ind-apply"),
            gap="3",
            wrap="wrap",
            align="end",
            width="100%",
        ),
        on_submit=state.apply,
        width="100%",
    )


def period_line(state) -> rx.Component:  # noqa: ANN001
    """The period of the figures, in words and DD/MM/YYYY, in the language's order."""
    return rx.text(t("transparency.period"), " ", state.period, size="2", color_scheme="gray",
                   id="figures-period")


def spreadsheet_downloads() -> rx.Component:
    """The CSV files for a spreadsheet (UTF-8 with a BOM, so Arabic shows right), and how
    to open them when the spreadsheet still splits nothing or garbles the letters."""
    links = TransparencyState.spreadsheet_links
    return rx.cond(
        TransparencyState.download_query != "",
        rx.vstack(
            rx.heading(t("opendata.spreadsheet_title"), size="3", as_="h3"),
            rx.flex(
                *[rx.link(rx.button(rx.icon("sheet", size=16), t(key), variant="soft",
                                    type="button"),
                          href=links[stem], is_external=True, class_name="download-link")
                  for stem, key in (("indicators", "opendata.excel_indicators"),
                                    ("dossiers", "opendata.excel_dossiers"))],
                gap="2", wrap="wrap", id="downloads-spreadsheet",
            ),
            rx.text(t("opendata.spreadsheet_help"), size="2", id="spreadsheet-help"),
            spacing="2",
            width="100%",
        ),
    )


@page(route="/admin/indicators", title="Indicateurs — Guichet numérique",
      on_load=[AdminIndicatorsState.load])
def admin_indicators() -> rx.Component:
    return rx.vstack(
        rx.heading(t("dashboard.title"), size="7", as_="h1"),
        rx.text(t("dashboard.lead"), size="2", color_scheme="gray"),
        filters(),
        rx.cond(AdminIndicatorsState.refused,
                rx.callout(t("error.out_of_scope"), icon="shield-alert", color_scheme="red",
                           width="100%", id="figures-refused")),
        rx.cond(~AdminIndicatorsState.is_consortium,
                rx.text(t("figures.own_region"), size="2", color_scheme="gray")),
        period_line(AdminIndicatorsState),
        headlines(AdminIndicatorsState),
        region_comparison(),
        charts(AdminIndicatorsState),
        rx.heading(t("dashboard.by_procedure"), size="5", as_="h2"),
        procedure_table(AdminIndicatorsState),
        explanations(),
        spacing="4",
        width="100%",
    )


@page(route="/transparency", title="Transparence — Guichet numérique",
      on_load=[TransparencyState.load])
def transparency() -> rx.Component:
    return rx.vstack(
        rx.heading(t("transparency.title"), size="7", as_="h1"),
        rx.text(t("transparency.lead")),
        period_line(TransparencyState),
        rx.text(t("transparency.computed_at"), " ",
                rx.el.span(TransparencyState.computed_at, dir="ltr"), ". ",
                t("transparency.refresh"), size="2", color_scheme="gray", id="computed-at"),
        rx.box(region_choice(TransparencyState, True), width="100%", max_width="28em"),
        headlines(TransparencyState),
        charts(TransparencyState),
        rx.heading(t("dashboard.by_procedure"), size="5", as_="h2"),
        procedure_table(TransparencyState),
        explanations(),
        rx.card(
            rx.vstack(
                rx.heading(t("transparency.open_data"), size="4", as_="h2"),
                rx.text(t("transparency.open_data_text"), size="2"),
                rx.text(t("figures.downloads_scope"), size="2", color_scheme="gray"),
                rx.flex(
                    rx.foreach(TransparencyState.downloads, lambda item: rx.link(
                        rx.button(rx.icon("download", size=16), item[0], variant="soft",
                                  type="button", size="3", min_height=TARGET),
                        href=item[1], is_external=True, class_name="download-link")),
                    gap="2", wrap="wrap", id="downloads",
                ),
                spreadsheet_downloads(),
                rx.text(t("figures.catalog_files"), size="2", color_scheme="gray"),
                rx.flex(
                    *[rx.link(rx.button(rx.icon("share-2", size=16), name, variant="outline",
                                        type="button", size="3", min_height=TARGET),
                              href=f"/api/open-data/{name}", is_external=True)
                      for name in ("catalog.jsonld", "catalog.ttl")],
                    gap="2", wrap="wrap",
                ),
                spacing="2",
            ),
            width="100%",
            id="open-data",
        ),
        spacing="4",
        width="100%",
    )
