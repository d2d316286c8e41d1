"""Issue 13, a later page within 15 KB: a page load's websocket carries neither the request's
headers back to the browser nor a second copy of the page's vars replaying the browser's own
cookies (counter/states/wire.py). Through the real app's event processing."""

from __future__ import annotations

import inspect

import pytest
import reflex.state as reflex_state
from reflex.istate.data import HeaderData
from reflex.state import State
from reflex_base.utils.format import json_dumps

from counter.states import wire
from counter.states.base import AppState
from counter.states.catalog import CatalogState
from tests.test_security_sessions import Browser, handler, server, settings  # noqa: F401

pytestmark = pytest.mark.usefixtures("settings")
HYDRATE = f"{State.get_full_name()}.hydrate_and_load"
REGION = f"{CatalogState.get_full_name()}.region_rx_state_"


def test_the_replay_reflex_would_send_is_the_one_replaced():
    """If a Reflex upgrade moves or renames the replay, this fails instead of the later
    page silently growing again."""
    source = inspect.getsource(reflex_state.State.hydrate_and_load.fn)
    assert "await _get_client_storage_delta(self, applied)" in source
    assert reflex_state._get_client_storage_delta is wire.no_cookie_replay
    assert list(inspect.signature(wire.no_cookie_replay).parameters) == ["root", "applied"]


def test_the_browser_gets_none_of_its_request_headers_back():
    headers = HeaderData(host="counter.example.ma", user_agent="Mozilla/5.0 (Linux; Android)",
                         accept_language="ar-MA", sec_websocket_key="x" * 24,
                         raw_headers={"user-agent": "Mozilla/5.0 (Linux; Android)"})
    assert json_dumps(headers) == "{}"
    assert headers.accept_language == "ar-MA"  # the server still reads them


def test_a_reload_with_the_browsers_cookies_sends_the_pages_messages_once(
        server, demo_session):  # noqa: F811
    tab = Browser(token="wire-tab", lang_cookie="ar")
    server.send(tab, HYDRATE, "/procedures", vars={REGION: "DRA"})
    server.send(tab, handler(AppState, "detect_lang"), "/procedures")  # the page's on_load
    assert server.value(tab, AppState, "lang") == "ar"  # the cookies are applied...
    assert server.value(tab, CatalogState, "region") == "DRA"
    messages = [frame for frame in tab.frames if '"tr_rx_state_"' in frame]
    assert "الإجراءات" in messages[-1]  # a new tab: the default's, then the remembered one
    # The reload of the same page: its vars once, in the snapshot; the language, the same,
    # is not assigned again (nothing that depends on it is computed or sent again).
    tab.frames.clear()
    server.hydrate(tab, "/procedures", new_socket=True)
    server.send(tab, handler(AppState, "detect_lang"), "/procedures")
    snapshot = "\n".join(tab.frames)
    assert snapshot.count('"tr_rx_state_"') == 1
    assert snapshot.count('"results_rx_state_"') == 1
    assert "user_agent" not in snapshot  # the request's headers stay on the server
