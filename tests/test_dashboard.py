"""The dashboard's figures as screens show them, and the public page's shared figures."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from counter.db import session_scope
from counter.i18n import t
from counter.services import dashboard as dash
from counter.services.dashboard import Period, PublicFigures
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
    assert data["region"]["name"] == t("dashboard.region", lang)
    assert data["region"]["verdict_label"] == t(f"verdict.{data['region']['verdict']}", lang)
    assert int(data["region"]["decided"]) == sum(int(row["decided"])
                                                 for row in data["procedures"])
    assert [point["month"] for point in data["series"]] == [
        f"{year}-{month:02d}" for year, month in
        [(2025, m) for m in range(3, 13)] + [(2026, 1), (2026, 2), (2026, 3)]]
    assert [bar["channel"] for bar in data["paper"]] == [t("channel.online", lang),
                                                         t("channel.assisted", lang)]
    # The backlog is every dossier open now, as the region's open count of this period.
    assert sum(bar["count"] for bar in data["backlog"]) == int(data["region"]["open"]) > 0


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
    assert dash.shaped(again, "ar")["region"]["decided"] == \
        dash.shaped(first, "fr")["region"]["decided"]

    # Five minutes later, or on a new day, they are computed afresh.
    later = public.get(factory, now=NOW + timedelta(minutes=5))
    assert later is not first and factory.sessions == 2
    tomorrow = public.get(factory, now=NOW + timedelta(days=1))
    assert tomorrow.period.date_to == date(2026, 3, 3) and factory.sessions == 3


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
