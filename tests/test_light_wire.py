"""Issue 13, a later page within 15 KB: a page load's websocket carries neither the request's
headers back to the browser (counter/states/wire.py) nor a second copy of the page's vars
replaying the browser's own cookies (no client storage). Through the real app's event
processing."""

from __future__ import annotations

import pytest
from reflex.istate.data import HeaderData
from reflex.state import State
from reflex_base.utils.format import json_dumps

from counter.states.base import AppState
from counter.states.catalog import CatalogState
from tests.test_security_sessions import Browser, handler, server, settings  # noqa: F401

pytestmark = pytest.mark.usefixtures("settings")
HYDRATE = f"{State.get_full_name()}.hydrate_and_load"


def test_no_state_keeps_reflex_client_storage():
    """Client storage is reset and applied again by every page load, with every var that
    depends on it computed and sent again: the preferences are cookies the server reads."""
    from counter.counter import app  # noqa: F401  (every page and state registered)

    def walk(cls: type):  # noqa: ANN202
        for sub in cls.get_substates():
            yield sub
            yield from walk(sub)

    held = [(cls.__name__, name) for cls in walk(State)
            for name, field in cls.get_fields().items() if cls._is_client_storage(field)]
    assert held == []


def test_a_page_load_walks_for_client_storage_only_where_some_is_kept(monkeypatch):
    """Reflex's hydrate resets client storage by walking every field of every part of the
    tab; below the product's states, none is kept, so the walk stops there. Were one kept,
    it would be reset as Reflex does."""
    from counter.counter import app  # noqa: F401  (every page and state registered)
    from counter.states.base import AppState
    from counter.states.catalog import CatalogState

    keeps = AppState._keeps_client_storage.__func__
    assert not AppState._keeps_client_storage()
    tab = State(_reflex_internal_init=True)
    catalog = tab.get_substate(CatalogState.get_full_name().split("."))
    catalog.query = "permis"
    looked_at: list[object] = []

    def as_if_kept(cls: type, field: object) -> bool:
        looked_at.append(field)
        return field is CatalogState.get_fields()["query"]

    monkeypatch.setattr(CatalogState, "_is_client_storage", classmethod(as_if_kept))
    tab._reset_client_storage()
    assert looked_at == [] and catalog.query == "permis"  # the walk skipped the product
    keeps.cache_clear()
    try:
        tab._reset_client_storage()
        assert looked_at and catalog.query == ""  # kept storage is reset as Reflex does
    finally:
        monkeypatch.undo()
        keeps.cache_clear()


def test_the_browser_gets_none_of_its_request_headers_back():
    headers = HeaderData(host="counter.example.ma", user_agent="Mozilla/5.0 (Linux; Android)",
                         accept_language="ar-MA", sec_websocket_key="x" * 24,
                         raw_headers={"user-agent": "Mozilla/5.0 (Linux; Android)"})
    assert json_dumps(headers) == "{}"
    assert headers.accept_language == "ar-MA"  # the server still reads them


def test_a_reload_with_the_browsers_cookies_sends_the_pages_messages_once(
        server, demo_session):  # noqa: F811
    tab = Browser(token="wire-tab", lang_cookie="ar", region_cookie="DRA")
    server.send(tab, HYDRATE, "/procedures")
    assert server.value(tab, AppState, "lang") == "ar"  # the cookies are applied...
    server.send(tab, handler(CatalogState, "load_list"), "/procedures")
    assert server.value(tab, CatalogState, "region_choice") == "DRA"
    messages = [frame for frame in tab.frames if '"tr_rx_state_"' in frame]
    assert "الإجراءات" in messages[-1]  # a new tab: the default's, then the remembered one
    # The reload of the same page: its vars once, in the snapshot; the language, the same,
    # is not assigned again (nothing that depends on it is computed or sent again).
    tab.frames.clear()
    server.hydrate(tab, "/procedures", new_socket=True)
    snapshot = "\n".join(tab.frames)
    assert snapshot.count('"tr_rx_state_"') == 1
    assert snapshot.count('"results_rx_state_"') == 1
    assert "user_agent" not in snapshot  # the request's headers stay on the server
