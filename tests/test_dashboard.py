"""The dashboard's figures as screens show them, per region and for the consortium; which
region an administrator may see; and the public page's shared figures, per region."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session, select

from counter.db import session_scope
from counter.i18n import format_days, format_percent, t
from counter.models import Account
from counter.services import dashboard as dash
from counter.services.dashboard import Period, PublicFigures
from counter.services.indicators import UnknownCode
from counter.services.scope import OutOfScope
from counter.services.synthetic import generate_history

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def history(engine: Engine) -> Engine:
    with session_scope(engine) as session:
        generate_history(session, dossiers=400, seed=5, now=NOW)
    return engine


class Counting:
    """A session factory that counts the sessions opened and the statements run."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.sessions, self.statements = engine, 0, 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args: object) -> None:
        self.statements += 1

    @contextmanager
    def __call__(self) -> Iterator[Session]:
        self.sessions += 1
        with session_scope(self.engine) as session:
            yield session


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_the_dashboard_speaks_the_readers_language(history, lang):
    period = Period(date(2025, 3, 1), date(2026, 3, 2))  # up to today, NOW's day, included
    with Session(history) as session:
        data = dash.dashboard(session, period=period, lang=lang, now=NOW)

    # Moroccan time: UTC+1, but UTC during Ramadan (1 March 2026 is in it).
    assert data["computed_at"] == "01/03/2026 09:30"
    assert data["total"]["name"] == data["scope"] == t("figures.all_regions", lang)
    assert data["total"]["verdict_label"] == t(f"verdict.{data['total']['verdict']}", lang)
    assert int(data["total"]["decided"]) == sum(int(row["decided"])
                                                for row in data["procedures"])
    assert [point["month"] for point in data["series"]] == [
        f"{year}-{month:02d}" for year, month in
        [(2025, m) for m in range(3, 13)] + [(2026, 1), (2026, 2), (2026, 3)]]
    # A month without decisions has no median (a gap in the line, not a fall to 0 days);
    # the month not over (March 2026, at NOW) is drawn apart, as incomplete.
    assert all((point["median"] is None) == (point["decided"] == 0 or point["partial"])
               for point in data["series"])
    assert [bar["channel"] for bar in data["paper"]] == [t("channel.online", lang),
                                                         t("channel.assisted", lang)]
    # The backlog is every dossier open now, as the region's open count of this period.
    assert sum(bar["count"] for bar in data["backlog"]) == int(data["total"]["open"]) > 0
    # The regions side by side, in the reader's language, the four together last.
    names = {"fr": "Souss-Massa", "ar": "سوس ماسة", "en": "Souss-Massa"}
    assert [row["code"] for row in data["regions"]] == ["DRA", "LSH", "ORI", "SMA", ""]
    assert data["regions"][3]["name"] == names[lang]
    assert data["regions"][-1] == data["total"]
    assert [bar["name"] for bar in data["regions_chart"]] == [
        row["name"] for row in data["regions"][:4]]
    assert sum(int(row["decided"]) for row in data["regions"][:4]) == int(
        data["total"]["decided"])
    # Procedures of the four regions share names: each says its region.
    assert data["several_regions"] and {row["region"] for row in data["procedures"]} == {
        row["name"] for row in data["regions"][:4]}
    assert {bar["name"][:6] for bar in data["on_time"]} == {
        "DRA · ", "LSH · ", "ORI · ", "SMA · "}
    assert data["on_time_height"] >= 26 * len(data["on_time"])


def test_figures_dates_and_periods_are_written_the_languages_way(history):
    period = Period(date(2025, 3, 1), date(2026, 3, 2))
    with Session(history) as session:
        figures = dash.compute(session, period=period, now=NOW)
    report = {row["procedure_code"]: row for row in figures.report.procedures}
    fr, ar = dash.shaped(figures, "fr"), dash.shaped(figures, "ar")
    # The period in words, the last day included, DD/MM/YYYY in the language's order.
    assert fr["period"] == "du 01/03/2025 au 01/03/2026"
    assert ar["period"] == "من 01/03/2025 إلى 01/03/2026"
    assert [p["label"] for p in fr["series"]][:2] == ["03/2025", "04/2025"]
    # Decimal comma in French and Arabic, the language's plural, the table's percentages.
    for row in fr["procedures"]:
        figures_row = report[row["code"]]
        assert row["median"] == format_days(figures_row["median_admin_days"], "fr",
                                            key="unit.days_short")
        assert row["on_time"] == format_percent(figures_row["on_time_pct"], "fr")
    assert any("," in row["median"] and "." not in row["median"] for row in fr["procedures"])
    assert any(row["median"].endswith(" j") for row in fr["procedures"])
    assert all("." not in row["median"] for row in ar["procedures"])
    # The chart's tooltip shows the tables' texts.
    point = next(p for p in fr["series"] if p["median"] is not None)
    assert point["median_text"] == format_days(point["median"], "fr", key="unit.days_short")


def test_the_month_not_over_is_drawn_apart_never_as_a_fall(history):
    """The current month holds only its first decisions: dashed (median_partial), joined
    to the last whole month, and a month without decisions is a gap (None), never 0."""
    period = Period(date(2025, 3, 1), date(2026, 3, 2))
    with Session(history) as session:
        figures = dash.compute(session, period=period, now=NOW)
    series = dash.shaped(figures, "fr")["series"]
    february, march = series[-2], series[-1]
    raw = figures.series[-1]
    assert (march["month"], march["partial"], february["partial"]) == ("2026-03", True, False)
    assert march["median"] is None and march["p90"] is None
    assert march["median_partial"] == (None if raw["median_admin_days"] is None
                                       else round(raw["median_admin_days"], 1))
    # Joined to February by a dashed line when March has decisions; else nothing dashed.
    assert february["median"] is not None
    assert february["median_partial"] == (february["median"] if raw["decided_count"] else None)
    assert all(p["median_partial"] is None for p in series[:-2])
    assert all(value != 0 for p in series for value in (p["median"], p["median_partial"]))
    assert dash.shaped(figures, "fr")["has_partial_month"]


def _month(month: str, median: float | None, decided: int, partial: bool = False) -> dict:
    return {"month": month, "partial": partial, "decided_count": decided,
            "median_admin_days": median, "p90_admin_days": None if median is None
            else 2 * median, "baseline_median_days": 40.0, "target_median_days": 20.0}


def test_the_partial_month_is_dashed_joined_to_the_whole_month_before_it():
    points = dash.chart_series([_month("2026-01", 12.34, 9), _month("2026-02", None, 0),
                                _month("2026-03", 20.0, 5), _month("2026-04", 2.0, 1, True)],
                               "fr")
    assert [p["label"] for p in points] == ["01/2026", "02/2026", "03/2026", "04/2026"]
    assert [p["median"] for p in points] == [12.3, None, 20.0, None]  # a gap, never 0
    assert [p["median_partial"] for p in points] == [None, None, 20.0, 2.0]
    assert [p["p90_partial"] for p in points] == [None, None, 40.0, 4.0]
    assert points[0]["median_text"] == "12,3 j" and points[3]["median_partial_text"] == "2 j"
    assert points[1]["median_text"] == "—" and points[0]["decided_text"] == "9"
    # A partial month without decisions: nothing dashed, nothing plotted.
    empty = dash.chart_series([_month("2026-03", 20.0, 5), _month("2026-04", None, 0, True)],
                              "fr")
    assert [p["median_partial"] for p in empty] == [None, None]


def test_most_dossiers_late_is_behind_whatever_the_reduction(history):
    """The dashboard and the public page say "behind" wherever fewer than half the decided
    dossiers were decided within the legal deadline, as the verdict's definition says."""
    period = Period(date(2025, 3, 1), date(2026, 3, 2))
    with Session(history) as session:
        figures = dash.compute(session, period=period, now=NOW)
    data = dash.shaped(figures, "fr")
    rows = {row["code"]: row for row in data["procedures"]}
    late = [row for row in figures.report.procedures
            if row["decided_count"] and row["on_time_pct"] < 50]
    # Among them, some whose time alone would have looked on track or better.
    assert late and any((row["reduction_pct"] or 0) >= 25 for row in late)
    for row in late:
        assert rows[row["procedure_code"]]["verdict"] == "behind"
        assert rows[row["procedure_code"]]["verdict_label"] == "En retard"
    for row in [*figures.report.regions, figures.report.total]:
        if row["on_time_pct"] is not None and row["on_time_pct"] < 50:
            assert row["verdict"] == "behind"
    assert t("explain.verdict.text", "fr").count("délai légal") >= 2


def test_a_regions_dashboard_shows_that_region(history):
    period = Period(date(2025, 3, 1), date(2026, 3, 2))
    with Session(history) as session:
        data = dash.dashboard(session, period=period, lang="fr", region_code="ORI", now=NOW)
    assert data["scope"] == data["total"]["name"] == "Oriental"
    assert [row["code"] for row in data["regions"]] == ["ORI"]
    assert {row["code"].split("_")[0] for row in data["procedures"]} == {"ORI"}
    assert not data["several_regions"] and "·" not in data["on_time"][0]["name"]


def _admin(session: Session, email: str) -> Account:
    return session.exec(select(Account).where(Account.email == email)).one()


def test_a_region_administrator_sees_their_region_only(history):
    with Session(history) as session:
        dra = _admin(session, "admin-dra@demo.example.ma")
        choice = dash.admin_choice(session, admin=dra, lang="fr")
        assert (choice.region_code, choice.is_consortium) == ("DRA", False)
        assert choice.regions == [["DRA", "Drâa-Tafilalet"]]
        assert {code.split("_")[0] for code, _ in choice.services} == {"DRA"}
        assert {name for _, name in choice.provinces} == {
            "Errachidia", "Midelt", "Ouarzazate", "Tinghir", "Zagora"}
        same = dash.admin_choice(session, admin=dra, lang="fr", region_code="DRA",
                                 service_code="DRA_CRI", province_code="zagora")
        assert same.region_code == "DRA"
        _, data = dash.admin_dashboard(session, admin=dra, period=Period.last_months(
            today=NOW.date()), lang="fr", now=NOW)
        assert data["scope"] == "Drâa-Tafilalet" and data["regions"][0]["code"] == "DRA"


@pytest.mark.parametrize("asked", [{"region_code": "SMA"}, {"service_code": "SMA_CRI"},
                                   {"province_code": "laayoune"},
                                   {"region_code": "DRA", "service_code": "ORI_CRI"}])
def test_another_regions_figures_are_refused_and_logged(history, caplog, asked):
    import logging

    logger = logging.getLogger("counter.security")
    logger.addHandler(caplog.handler)
    try:
        with Session(history) as session:
            dra = _admin(session, "admin-dra@demo.example.ma")
            with pytest.raises(OutOfScope) as refused:
                dash.admin_dashboard(session, admin=dra, period=Period.last_months(), lang="fr",
                                     **asked)
    finally:
        logger.removeHandler(caplog.handler)
    assert refused.value.code == "error.out_of_scope"
    assert '"event": "admin_out_of_scope"' in caplog.text and '"what": "figures"' in caplog.text


def test_the_consortium_administrator_chooses_a_region_or_all_four(history):
    with Session(history) as session:
        admin = _admin(session, "admin@demo.example.ma")
        everything = dash.admin_choice(session, admin=admin, lang="en")
        assert (everything.region_code, everything.is_consortium) == ("", True)
        assert [code for code, _ in everything.regions] == ["DRA", "LSH", "ORI", "SMA"]
        assert len(everything.provinces) == 23
        lsh = dash.admin_choice(session, admin=admin, lang="en", region_code="LSH")
        assert lsh.region_code == "LSH" and len(lsh.regions) == 4
        assert {code.split("_")[0] for code, _ in lsh.services} == {"LSH"}
        assert {code for code, _ in lsh.provinces} == {"laayoune", "boujdour", "tarfaya",
                                                      "es_semara"}
        with pytest.raises(UnknownCode):
            dash.admin_choice(session, admin=admin, lang="en", region_code="XYZ")
        citizen = session.exec(select(Account).where(Account.role == "citizen")).first()
        with pytest.raises(OutOfScope):
            dash.admin_choice(session, admin=citizen, lang="en")


def test_typed_periods_keep_the_default_when_unreadable():
    default = Period(date(2025, 1, 1), date(2026, 1, 1))
    assert Period.parse("2025-06-01", "2025-07-01", default) == Period(date(2025, 6, 1),
                                                                      date(2025, 7, 1))
    assert Period.parse("01/06/2025", "", default) == default
    assert Period.parse("2025-07-01", "2025-06-01", default) == default  # backwards
    assert Period.parse("", "", default) == default


def test_public_figures_are_computed_once_per_five_minutes(history):
    public, factory = PublicFigures(), Counting(history)

    first = public.get(factory, now=NOW)
    assert (factory.sessions, first.computed_at) == (1, NOW)
    assert factory.statements > 20
    assert first.period == Period.last_months(today=NOW.date())
    ran = factory.statements

    # Within five minutes, any visitor in any language gets the same figures: no query.
    again = public.get(factory, now=NOW + timedelta(minutes=4, seconds=59))
    assert again is first and factory.statements == ran
    assert dash.shaped(again, "ar")["total"]["decided"] == \
        dash.shaped(first, "fr")["total"]["decided"]

    # Five minutes later, or on a new day, they are computed afresh.
    later = public.get(factory, now=NOW + timedelta(minutes=5))
    assert later is not first and factory.sessions == 2
    tomorrow = public.get(factory, now=NOW + timedelta(days=1))
    assert tomorrow.period.date_to == date(2026, 3, 3) and factory.sessions == 3


def test_public_figures_are_computed_once_per_five_minutes_per_region(history):
    public, factory = PublicFigures(), Counting(history)

    dra = public.get(factory, "DRA", now=NOW)
    assert dra.report.region_code == "DRA" and factory.sessions == 1
    everything = public.get(factory, now=NOW + timedelta(minutes=1))
    ori = public.get(factory, "ORI", now=NOW + timedelta(minutes=2))
    assert factory.sessions == 3 and ori.report.region_code == "ORI"
    assert everything.report.region_code is None
    ran = factory.statements
    assert public.get(factory, "DRA", now=NOW + timedelta(minutes=4)) is dra
    assert public.get(factory, "ORI", now=NOW + timedelta(minutes=6)) is ori
    assert public.get(factory, now=NOW + timedelta(minutes=5)) is everything
    assert factory.statements == ran and factory.sessions == 3
    assert public.get(factory, "DRA", now=NOW + timedelta(minutes=5)) is not dra

    # An unknown region is refused and leaves nothing behind (no entry per made-up code).
    with pytest.raises(UnknownCode):
        public.get(factory, "XYZ", now=NOW)
    assert set(public._locks) == set(public._figures) == {"", "DRA", "ORI"}


def test_visitors_arriving_together_share_one_computation(history):
    public, factory = PublicFigures(), Counting(history)
    results: list[object] = []

    def visit() -> None:
        results.append(public.get(factory, now=NOW))

    visitors = [threading.Thread(target=visit) for _ in range(6)]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join()

    assert factory.sessions == 1
    assert len(results) == 6 and all(result is results[0] for result in results)
