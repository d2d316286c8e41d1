"""The figures screens of issue 10: verdicts that weigh the legal deadline (6), downloads that
hold the figures the page shows (7), numbers and periods written the language's way (13),
the investment deadline bar (14), charts mirrored in Arabic with the unfinished month apart
(16), spreadsheet files and how to open them (22), and tables reachable by keyboard."""

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from counter.i18n import format_days, format_number, format_percent, t
from counter.services.demo_data import DEMO_ACCOUNTS
from tests.browser.conftest import file_investment, new_phone_page, open_page, screenshot
from tests.browser.test_backoffice_browser import sign_in

pytestmark = pytest.mark.browser
ADMIN = next(a for a in DEMO_ACCOUNTS if a["role"] == "admin" and not a["region_code"])
BUSINESS = next(a for a in DEMO_ACCOUNTS if a["role"] == "business")
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
HEADLINES = {"decided": "decided_count", "open": "open_count", "overdue": "open_overdue_count",
             "median": "median_admin_days", "p90": "p90_admin_days",
             "on_time": "on_time_pct", "reduction": "reduction_pct"}


def written(key: str, value: float | None, lang: str) -> str:
    """A published figure as the screens write it (services.dashboard)."""
    if key.endswith("_days"):
        return format_days(value, lang, key="unit.days_short")
    if key.endswith("_pct"):
        return format_percent(value, lang)
    return format_number(value or 0, lang, digits=0)


def table(page: Page, table_id: str) -> list[dict[str, str]]:
    """A figures table's rows, as {column header: cell text}."""
    return page.locator(f"#{table_id}").evaluate("""box => {
        const heads = [...box.querySelectorAll('thead th')].map(th => th.innerText.trim());
        return [...box.querySelectorAll('tbody tr')].map(tr => Object.fromEntries(
            [...tr.children].map((td, i) => [heads[i], td.innerText.trim()])));
    }""")


def assert_scroll_regions_are_reachable(page: Page) -> None:
    """axe's scrollable-region-focusable: a box that scrolls can be focused by keyboard;
    here each is also a region named for screen readers."""
    boxes = page.evaluate("""() => [...document.querySelectorAll('main *')].filter(e => {
        const style = getComputedStyle(e);
        return e.scrollWidth > e.clientWidth + 1
            && ['auto', 'scroll'].includes(style.overflowX);
    }).map(e => ({id: e.id, tabindex: e.getAttribute('tabindex'), role: e.getAttribute('role'),
                  name: e.getAttribute('aria-label')}))""")
    assert boxes, "at 360 px the tables scroll sideways"
    for box in boxes:
        assert box["tabindex"] == "0" and box["role"] == "region" and box["name"], box


def assert_fits(page: Page, table_id: str) -> None:
    """On a desktop the table fits its box: the verdict, last, is seen without scrolling."""
    width, room = page.locator(f"#{table_id}").evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert width <= room + 1, (table_id, width, room)


def text_x(page: Page, selector: str, part: str) -> float:
    """Where on the screen (x, px) the text `part` of an element begins."""
    return page.locator(selector).evaluate("""(e, part) => {
        const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(part);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + part.length);
            return range.getBoundingClientRect().x;
        }
        return null;
    }""", part)


def assert_chart_mirrored(page: Page, chart_id: str, rtl: bool) -> None:
    """The value (or names) axis on the right in Arabic, its labels beside the plot and never
    over the bars or lines; the left in French."""
    box = page.locator(f"#{chart_id}").evaluate("""chart => {
        const rect = e => e.getBoundingClientRect();
        const plot = [...chart.querySelectorAll('.recharts-cartesian-grid')].map(rect)[0];
        const ticks = [...chart.querySelectorAll('.recharts-yAxis .recharts-cartesian-axis-tick-value')]
            .map(rect);
        return {plotLeft: plot.left, plotRight: plot.right,
                tickLeft: Math.min(...ticks.map(r => r.left)),
                tickRight: Math.max(...ticks.map(r => r.right))};
    }""")
    if rtl:
        assert box["tickLeft"] >= box["plotRight"] - 1, (chart_id, box)
    else:
        assert box["tickRight"] <= box["plotLeft"] + 1, (chart_id, box)


def test_transparency_verdicts_numbers_and_downloads_are_the_pages(live_app, browser):
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
        context.set_default_timeout(20_000)
        page = context.new_page()
        open_page(page, f"{live_app}/transparency")
        expect(page.locator("#downloads a")).to_have_count(4)

        # 13: the period in words, DD/MM/YYYY; no ISO date, no decimal point in French.
        period = page.locator("#figures-period")
        expect(period).to_have_text(re.compile(
            r"^Période : du \d\d/\d\d/\d{4} au \d\d/\d\d/\d{4}$"))
        assert not ISO_DAY.search(page.locator("main").inner_text())
        rows = table(page, "procedure-table")
        medians = [row["Délai médian de l'administration"] for row in rows]
        assert any("," in m for m in medians) and not any("." in m for m in medians)

        # 7: the files the page links to hold the page's figures, the period's query on all.
        links = page.locator("#downloads a").evaluate_all(
            "a => a.map(e => e.getAttribute('href'))")
        query = links[0].split("?", 1)[1]
        assert all(link.endswith(f"?{query}") for link in links)
        indicators = page.request.get(f"{live_app}{links[1]}").json()
        listed = page.request.get(f"{live_app}{links[0]}").text()
        assert list(csv.DictReader(io.StringIO(listed)))[-1]["decided_count"] == str(
            indicators[-1]["decided_count"])
        total = indicators[-1]
        assert total["region"] is None and total["procedure_code"] is None
        for headline, key in HEADLINES.items():
            expect(page.locator(f"#headline-{headline} .headline-value")).to_have_text(
                written(key, total[key], "fr"))
        expect(page.locator("#region-verdict .verdict")).to_have_text(
            t(f"verdict.{total['verdict']}", "fr"))
        shown = [row for row in indicators if row["procedure_code"]
                 and (row["decided_count"] or row["open_count"])]
        assert len(shown) == len(rows)
        for row, published in zip(rows, shown, strict=True):
            assert row["Dossiers décidés"] == written("decided_count",
                                                      published["decided_count"], "fr")
            assert row["Délai médian de l'administration"] == written(
                "median_admin_days", published["median_admin_days"], "fr")
            assert row["Décidés dans le délai légal"] == written(
                "on_time_pct", published["on_time_pct"], "fr")
            # 6: where most dossiers missed the legal deadline, the verdict is "behind".
            assert row["Bilan"] == t(f"verdict.{published['verdict']}", "fr")
            if published["on_time_pct"] is not None and published["on_time_pct"] < 50:
                assert row["Bilan"] == "En retard", row
        assert any(row["Bilan"] == "En retard" for row in rows)
        package = page.request.get(f"{live_app}{links[3]}").json()
        assert all(r["path"].endswith(f"?{query}") for r in package["resources"])
        expect(page.locator("#explanations")).to_contain_text(
            "plus de la moitié des dossiers ont dépassé le délai légal")

        # 22: the same CSV for a spreadsheet, with the BOM, and how to open it.
        excel = page.locator("#downloads-spreadsheet a").first.get_attribute("href")
        assert excel == f"{links[0]}&bom=1"
        body = page.request.get(f"{live_app}{excel}").body()
        assert body.startswith(b"\xef\xbb\xbf") and body[3:].decode() == listed
        expect(page.locator("#spreadsheet-help")).to_contain_text("65001 : Unicode (UTF-8)")

        # 16: the month not over is apart (dashed, said below the chart); months as MM/YYYY.
        expect(page.locator("#partial-note")).to_be_visible()
        page.locator("#monthly-table").locator("xpath=..").locator("summary").click()
        expect(page.locator("#monthly-table .month-row").last).to_contain_text("(incomplet)")
        expect(page.locator("#monthly-table .month-row").first).to_contain_text(
            re.compile(r"^\d\d/\d{4}"))
        assert_chart_mirrored(page, "chart-monthly", rtl=False)
        if width == 360:
            assert_scroll_regions_are_reachable(page)
            page.locator("#procedure-table").focus()
            page.keyboard.press("ArrowRight")
        else:
            assert_fits(page, "procedure-table")
        screenshot(page, f"figures-transparency-fr-{width}")

        page.locator("#lang-ar").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(period).to_have_text(re.compile(r"^الفترة: من \d\d/\d\d/\d{4} إلى \d\d/\d\d/\d{4}$"))
        start, end = re.findall(r"\d\d/\d\d/\d{4}", period.inner_text())
        # Right to left: the first day of the period is read first, on the right.
        assert text_x(page, "#figures-period", start) > text_x(page, "#figures-period", end)
        expect(page.locator("#headline-median .headline-value")).to_have_text(
            written("median_admin_days", total["median_admin_days"], "ar"))
        for chart in ("chart-monthly", "chart-on-time", "chart-backlog", "chart-paper"):
            assert_chart_mirrored(page, chart, rtl=True)
        expect(page.locator("#spreadsheet-help")).to_contain_text("Unicode (UTF-8)")
        if width == 360:
            assert_scroll_regions_are_reachable(page)
        screenshot(page, f"figures-transparency-ar-{width}")
        context.close()


def test_the_dashboard_writes_its_figures_and_period_the_languages_way(live_app, browser):
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
        context.set_default_timeout(20_000)
        page = context.new_page()
        sign_in(page, live_app, ADMIN["email"], ADMIN["password"], r"/admin$")
        open_page(page, f"{live_app}/admin/indicators")
        expect(page.locator("#region-table .region-row")).to_have_count(5)
        expect(page.locator("#figures-period")).to_have_text(re.compile(
            r"^Période : du \d\d/\d\d/\d{4} au \d\d/\d\d/\d{4}$"))
        regions = table(page, "region-table")
        assert all("." not in row["Délai médian de l'administration"] for row in regions)
        for row in regions:
            on_time = re.match(r"\d+", row["Décidés dans le délai légal"])
            if on_time and int(on_time.group()) < 50:
                assert row["Bilan"] == "En retard", row
        assert_chart_mirrored(page, "chart-regions", rtl=False)
        if width == 360:
            assert_scroll_regions_are_reachable(page)
        else:
            assert_fits(page, "region-table")
        screenshot(page, f"figures-dashboard-fr-{width}")
        page.locator("#lang-ar").click()
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("#figures-period")).to_contain_text("الفترة: من")
        for chart in ("chart-regions", "chart-on-time", "chart-monthly"):
            assert_chart_mirrored(page, chart, rtl=True)
        screenshot(page, f"figures-dashboard-ar-{width}")
        context.close()


def test_the_deadline_bar_is_empty_at_zero_days_and_fills_from_the_right_in_arabic(
        live_app, browser, tmp_path):
    page = new_phone_page(browser)
    sign_in(page, live_app, BUSINESS["email"], BUSINESS["password"], r"/business$")
    file_investment(page, live_app, tmp_path)
    open_page(page, f"{live_app}/business")
    card = page.locator(".investment-card").first  # the newest
    expect(card).to_contain_text("0 jour sur 30")
    bar = card.locator(".deadline-bar")

    def fill() -> tuple[dict, dict]:
        return bar.bounding_box(), bar.locator(".rt-ProgressIndicator").bounding_box()

    # A number, not a text: Radix's bar is determinate (not its "indeterminate" animation,
    # which looked a tenth full), at 0 of 100.
    expect(bar).to_have_attribute("aria-valuenow", "0")
    expect(bar).to_have_attribute("data-state", "loading")
    expect(bar).to_have_attribute("aria-valuetext", "0 jour sur 30")
    page.wait_for_timeout(1500)  # the indeterminate animation grew within a second
    root, indicator = fill()
    assert indicator["width"] < 1 and abs(indicator["x"] - root["x"]) < 1  # empty, from left
    screenshot(page, "figures-business-fr-360")

    page.locator("#lang-ar").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(card).to_contain_text("0 يوم من أصل 30")
    root, indicator = fill()
    # Right to left, the fill starts at the right end of the bar.
    assert indicator["width"] < 1
    assert abs(indicator["x"] - (root["x"] + root["width"])) < 1, (root, indicator)
    origin = bar.locator(".rt-ProgressIndicator").evaluate(
        "e => getComputedStyle(e).transformOrigin")
    assert float(origin.split("px")[0]) == pytest.approx(root["width"], abs=1)
    screenshot(page, "figures-business-ar-360")
    page.context.close()
