"""Issue 13: the catalog's list comes a screenful at a time (PAGE_SIZE cards), so a phone on a
weak link does not wait for the whole catalog; one big tap shows the next ones; another search
or filter starts again at the first; Back from a procedure finds the list as it was left.
Driven through the real app's event processing (tests/test_security_sessions.py harness)."""

from __future__ import annotations

import json

import pytest

from counter.services.catalog import shared_entries
from counter.states.catalog import PAGE_SIZE, CatalogState
from tests.test_security_sessions import Browser, handler, server, settings  # noqa: F401

pytestmark = pytest.mark.usefixtures("settings")


@pytest.fixture
def tab(server, demo_session):  # noqa: F811
    total = len(shared_entries(demo_session)[1])
    assert total > 2 * PAGE_SIZE  # the demo catalog has more than two screens
    tab = Browser(token="catalog-tab")
    server.hydrate(tab, "/procedures")
    server.send(tab, handler(CatalogState, "load_list"), "/procedures")
    return tab, total


def test_the_list_shows_a_first_screenful_and_says_how_many_there_are(server, tab):  # noqa: F811
    tab, total = tab
    assert len(server.value(tab, CatalogState, "results")) == PAGE_SIZE
    assert server.value(tab, CatalogState, "count_label") == f"{total} démarches"
    assert server.value(tab, CatalogState, "more_label") == f"Voir {PAGE_SIZE} démarches de plus"
    # What the page load sent: the first cards, not the whole catalog.
    sent = "\n".join(tab.frames)
    assert sent.count('"href": "/procedures/') == PAGE_SIZE


def test_show_more_adds_the_next_cards_until_the_last(server, tab):  # noqa: F811
    tab, total = tab
    first = [row["code"] for row in server.value(tab, CatalogState, "results")]
    server.send(tab, handler(CatalogState, "show_more"), "/procedures")
    second = [row["code"] for row in server.value(tab, CatalogState, "results")]
    assert second[:PAGE_SIZE] == first and len(second) == 2 * PAGE_SIZE
    while server.value(tab, CatalogState, "more_label"):
        server.send(tab, handler(CatalogState, "show_more"), "/procedures")
    assert len(server.value(tab, CatalogState, "results")) == total
    assert len({row["code"] for row in server.value(tab, CatalogState, "results")}) == total


def test_the_last_tap_says_how_many_are_left(server, tab):  # noqa: F811
    tab, total = tab
    while len(server.value(tab, CatalogState, "results")) + PAGE_SIZE < total:
        server.send(tab, handler(CatalogState, "show_more"), "/procedures")
    left = total - len(server.value(tab, CatalogState, "results"))
    assert 0 < left <= PAGE_SIZE
    expected = "Voir 1 démarche de plus" if left == 1 else f"Voir {left} démarches de plus"
    assert server.value(tab, CatalogState, "more_label") == expected


def test_another_search_or_filter_starts_again_at_the_first_screen(server, tab):  # noqa: F811
    tab, _ = tab
    server.send(tab, handler(CatalogState, "show_more"), "/procedures")
    server.send(tab, handler(CatalogState, "set_audience"), "/procedures", value="citizen")
    assert len(server.value(tab, CatalogState, "results")) <= PAGE_SIZE
    server.send(tab, handler(CatalogState, "show_more"), "/procedures")
    server.send(tab, handler(CatalogState, "set_audience"), "/procedures", value="")
    server.send(tab, handler(CatalogState, "show_more"), "/procedures")
    server.send(tab, handler(CatalogState, "set_query"), "/procedures", value="subvention")
    results = server.value(tab, CatalogState, "results")
    assert 0 < len(results) <= PAGE_SIZE
    assert server.value(tab, CatalogState, "more_label") == ""  # a short list has no button


def test_back_from_a_procedure_finds_as_many_cards_as_it_left(server, tab):  # noqa: F811
    tab, _ = tab
    server.send(tab, handler(CatalogState, "show_more"), "/procedures")
    server.hydrate(tab, "/procedures/DRA_RURAL_BUILDING_PERMIT")
    server.hydrate(tab, "/procedures")
    server.send(tab, handler(CatalogState, "load_list"), "/procedures")
    assert len(server.value(tab, CatalogState, "results")) == 2 * PAGE_SIZE


def test_in_arabic_the_button_counts_in_arabic(server, tab):  # noqa: F811
    from counter.states.base import AppState

    tab, _ = tab
    server.send(tab, handler(AppState, "set_lang"), "/procedures", lang="ar")
    assert server.value(tab, CatalogState, "more_label") == "عرض 12 إجراءً إضافيًا"
    assert json.dumps(server.value(tab, CatalogState, "results"), ensure_ascii=False).count(
        "/procedures/") == PAGE_SIZE
