"""Processing-time indicators: the administrators' dashboard and the public transparency page.

Every chart has its numbers in a table beside it, and every figure says in plain words
what it measures (DOMAIN.md's definitions). Both pages show one region or the four together;
the consortium's administrators also compare the regions side by side.
"""

from __future__ import annotations

import reflex as rx

from counter.components.layout import TARGET, page, t
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
            rx.text(value, size="7", weight="bold"),
            *([rx.text(t(note_key), size="1", color_scheme="gray")] if note_key else []),
            spacing="1",
        ),
        flex="1",
        min_width="10em",
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


def chart_card(title_key: str, chart: rx.Component, chart_id: str) -> rx.Component:
    """A titled chart. Charts are laid out left to right in every language (in a right-to-left
    page the SVG's text anchors flip, and axis numbers and names run over the bars); each
    label still reads in its own direction (an Arabic name with digits stays in order)."""
    return rx.card(
        rx.vstack(
            rx.heading(t(title_key), size="4", as_="h2"),
            rx.box(chart, width="100%", role="img", aria_label=t(title_key), id=chart_id,
                   dir="ltr", style={"& text": {"unicode_bidi": "plaintext"}}),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def monthly_chart(state) -> rx.Component:  # noqa: ANN001
    return chart_card(
        "dashboard.chart_monthly",
        rx.recharts.line_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            rx.recharts.line(data_key="median", name=t("dashboard.median"), stroke="#0d7d76",
                             stroke_width=3, dot=False, type_="monotone"),
            rx.recharts.line(data_key="p90", name=t("dashboard.p90_line"), stroke="#7c3aed",
                             stroke_width=2, dot=False, type_="monotone"),
            rx.recharts.line(data_key="baseline", name=t("dashboard.baseline"),
                             stroke="#6b7280", stroke_dasharray="6 4", dot=False),
            rx.recharts.line(data_key="target", name=t("dashboard.target_line"),
                             stroke="#dc2626", stroke_dasharray="3 3", dot=False),
            rx.recharts.x_axis(data_key="month"),
            rx.recharts.y_axis(),
            rx.recharts.tooltip(),
            rx.recharts.legend(),
            data=state.series,
            width="100%",
            height=320,
        ),
        "chart-monthly",
    )


def bar_chart(title_key: str, data: rx.Var, x_key: str, bars: list[tuple[str, str, str]],
              chart_id: str, layout: str = "horizontal", domain: rx.Var | list | None = None,
              height: rx.Var | int | None = None, extra: tuple[rx.Component, ...] = ()
              ) -> rx.Component:
    """Bars up from the axis; or, `layout="vertical"`, one row per item with its name in
    full beside it (long names, such as procedures', overlap under vertical bars), on a
    0-100 scale unless `domain` says otherwise."""
    if layout == "vertical":
        axes = (rx.recharts.x_axis(type_="number", domain=[0, 100] if domain is None else domain),
                rx.recharts.y_axis(data_key=x_key, type_="category", width=190, interval=0,
                                   tick={"fontSize": 12}))
        height = 460 if height is None else height
    else:
        axes = (rx.recharts.x_axis(data_key=x_key), rx.recharts.y_axis())
        height = 280 if height is None else height
    return chart_card(
        title_key,
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
            *[rx.recharts.bar(data_key=key, name=t(label_key), fill=color, max_bar_size=22)
              for key, label_key, color in bars],
            *axes,
            *extra,
            rx.recharts.tooltip(),
            rx.recharts.legend(),
            data=data,
            layout=layout,
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
                  layout="vertical", domain=[0, "auto"], height=340),
        bar_chart("dashboard.chart_paper", state.paper, "channel",
                  [("documents", "dashboard.documents", "#0d7d76"),
                   ("pages", "dashboard.pages", "#2563eb")], "chart-paper"),
        columns=rx.breakpoints(initial="1", md="2"),
        spacing="4",
        width="100%",
    )


def figures_table(rows: rx.Var, columns: tuple[tuple[str, str], ...], row_class: str,
                  table_id: str | None = None,
                  first: tuple[rx.Var, str, str] | None = None) -> rx.Component:
    """A table of figures, a verdict last; `first` (when, key, label): a leading column shown
    only `when`. Radix's table scrolls in a box it marks left to right whatever the page's
    direction: in Arabic it scrolls right to left, the first column on the right and shown
    first on a narrow screen."""
    def leading(row: rx.Var | None) -> list[rx.Component]:
        if first is None:
            return []
        when, key, label = first
        cell = (rx.table.column_header_cell(t(label)) if row is None
                else rx.table.cell(row[key]))
        return [rx.cond(when, cell)]

    return rx.box(
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
        overflow_x="auto",
        width="100%",
        id=table_id,
        style={'[dir="rtl"] & .rt-ScrollAreaViewport': {"direction": "rtl"}},
    )


def procedure_table(state) -> rx.Component:  # noqa: ANN001
    columns = (("name", "dashboard.procedure"), ("decided", "dashboard.decided"),
               ("median", "dashboard.median"), ("p90", "dashboard.p90"),
               ("baseline", "dashboard.baseline"), ("reduction", "dashboard.reduction"),
               ("on_time", "dashboard.on_time"), ("open", "dashboard.open"),
               ("overdue", "dashboard.overdue"))
    return figures_table(state.procedures, columns, "indicator-row", "procedure-table",
                         first=(state.several_regions, "region", "figures.region_label"))


def region_comparison() -> rx.Component:
    """The consortium's administrators: each region on its own dossiers, and the four."""
    state = AdminIndicatorsState
    columns = (("name", "figures.region_label"), ("decided", "dashboard.decided"),
               ("median", "dashboard.median"), ("p90", "dashboard.p90"),
               ("reduction", "dashboard.reduction"), ("on_time", "dashboard.on_time"),
               ("open", "dashboard.open"), ("overdue", "dashboard.overdue"))
    table = figures_table(state.regions, columns, "region-row", "region-table")
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
        rx.text(t("transparency.period"), " ", rx.el.span(
                    TransparencyState.date_from, " → ", TransparencyState.date_to, dir="ltr"),
                size="2", color_scheme="gray"),
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
                                  type="button"),
                        href=item[1], is_external=True, class_name="download-link")),
                    gap="2", wrap="wrap", id="downloads",
                ),
                rx.text(t("figures.catalog_files"), size="2", color_scheme="gray"),
                rx.flex(
                    *[rx.link(rx.button(rx.icon("share-2", size=16), name, variant="outline",
                                        type="button"),
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
