"""The preferences a browser remembers, the screen's language (`counter_lang`) and the region
(`counter_region`), read by the server from the websocket's request once per page load and
written by the page when they change (domain/preferences.py, states/base.py): no longer
Reflex client storage, which every page load reset and applied again (issue 13). Through
the real app's event processing."""

from __future__ import annotations

import pytest

from counter.domain.preferences import picked_region, picked_screen_lang
from counter.states.auth import SignInState
from counter.states.base import AppState
from counter.states.catalog import CatalogState
from counter.states.indicators import TransparencyState
from counter.states.privacy import PrivacyState
from tests.test_security_sessions import (  # noqa: F401
    PASSWORD,
    Browser,
    handler,
    people,
    server,
    settings,
)

pytestmark = pytest.mark.usefixtures("settings")


def load(server, tab, path="/"):  # noqa: ANN001, ANN201, F811
    """A page load: a new websocket (the browser's cookies of now) and its hydrate."""
    server.hydrate(tab, path, new_socket=True)


@pytest.mark.parametrize(("header", "expected"), [
    ("counter_lang=ar", "ar"), ("counter_session=x; counter_lang=en", "en"),
    ("counter_lang=ar-MA", "ar"), ("counter_lang=de", None), ("counter_lang=<script>", None),
    ("", None), (None, None), ("=;;=\x00", None), ("counter_region=DRA", None),
])
def test_the_cookie_is_only_a_preference_among_the_products_languages(header, expected):
    assert picked_screen_lang(header) == expected


def test_a_new_tab_takes_the_language_the_browser_remembers(server):  # noqa: F811
    tab = Browser(token="new-tab", lang_cookie="ar")
    load(server, tab, "/procedures")
    assert server.value(tab, AppState, "lang") == "ar"
    assert server.value(tab, AppState, "text_dir") == "rtl"


def test_without_a_cookie_the_tab_takes_the_browsers_languages_without_writing_one(
        server):  # noqa: F811
    """Negotiated, not chosen: the next page negotiates the same (api/edge.py too)."""
    tab = Browser(token="first-visit")
    load(server, tab)
    assert server.value(tab, AppState, "ui_lang") == "fr"  # the harness's browser: none
    assert server.value(tab, AppState, "lang") == ""  # the default, not assigned again
    assert "document.cookie" not in tab.received()


def test_a_switch_is_written_in_the_browser_and_kept_by_the_next_navigation(server):  # noqa: F811
    tab = Browser(token="switching", lang_cookie="fr")
    load(server, tab)
    tab.frames.clear()
    server.send(tab, handler(AppState, "set_lang"), "/", lang="ar")
    assert "document.cookie='counter_lang=ar;" in tab.received()
    assert "document.documentElement.dir='rtl'" in tab.received()
    # A navigation in the same page (same websocket, whose request still carried "fr").
    server.send(tab, handler(CatalogState, "load_list"), "/procedures")
    assert server.value(tab, AppState, "lang") == "ar"
    # The next page load sends the cookie the page wrote.
    tab.lang_cookie = "ar"
    load(server, tab, "/track")
    assert server.value(tab, AppState, "lang") == "ar"


def test_a_choice_made_in_another_tab_wins_at_the_next_page_load(server):  # noqa: F811
    tab = Browser(token="older-tab", lang_cookie="ar")
    load(server, tab)
    tab.lang_cookie = "en"  # switched to English in another tab of the same browser
    load(server, tab)
    assert server.value(tab, AppState, "lang") == "en"


def test_a_foreign_cookie_falls_back_as_the_served_page_does(server):  # noqa: F811
    """A cookie that is no language of the product picks nothing: the browser's languages
    (here none), then the default, as api/edge.py serves the page's <html lang dir>."""
    tab = Browser(token="tampered", lang_cookie="ar")
    load(server, tab)
    tab.lang_cookie = "x'-alert(1)-'"
    load(server, tab)
    assert server.value(tab, AppState, "ui_lang") == "fr"
    assert "alert" not in tab.received()


def test_a_page_load_in_the_same_language_does_not_compute_its_messages_again(server):  # noqa: F811
    tab = Browser(token="same-lang", lang_cookie="ar")
    load(server, tab, "/track")
    tab.frames.clear()
    server.send(tab, handler(AppState, "set_lang"), "/track", lang="ar")  # the same
    assert '"tr_rx_state_"' not in tab.received()
    assert '"lang_rx_state_"' not in tab.received()


def test_the_first_frame_of_a_page_load_already_speaks_the_browsers_language(server):  # noqa: F811
    """Read before the hydrate: its snapshot carries the Arabic messages, not the
    default's first and Arabic after."""
    tab = Browser(token="arabic-first", lang_cookie="ar")
    load(server, tab, "/procedures")
    messages = [frame for frame in tab.frames if '"tr_rx_state_"' in frame]
    assert len(messages) == 1 and "الإجراءات" in messages[0]


def test_signing_in_takes_the_accounts_language_before_the_page_reloads(
        server, session, people):  # noqa: F811
    people.citizen.lang = "ar"
    session.add(people.citizen)
    session.commit()
    tab = Browser(token="signing-in", lang_cookie="fr")
    load(server, tab, "/signin")
    tab.frames.clear()
    server.send(tab, handler(SignInState, "sign_in"), "/signin",
                form={"login": people.citizen.email, "password": PASSWORD})
    sent = tab.received()
    assert "document.cookie='counter_lang=ar;" in sent
    assert sent.index("counter_lang=ar") < sent.index("/api/session")  # before the reload
    assert server.value(tab, AppState, "lang") == "ar"


@pytest.mark.parametrize(("header", "expected"), [
    ("counter_region=DRA", "DRA"), ("counter_lang=ar; counter_region=SMA", "SMA"),
    ("counter_region=", ""), ("counter_region=dra';alert(1)", ""), ("", ""),
    ("counter_region=" + "A" * 40, ""),
])
def test_the_region_cookie_is_only_a_code(header, expected):
    assert picked_region(header) == expected


def test_the_catalog_opens_on_the_region_the_browser_remembers(server, demo_session):  # noqa: F811
    tab = Browser(token="region-tab", region_cookie="DRA")
    load(server, tab, "/procedures")
    server.send(tab, handler(CatalogState, "load_list"), "/procedures")
    assert server.value(tab, CatalogState, "region_choice") == "DRA"
    rows = server.value(tab, CatalogState, "results")
    assert rows and {row["region"] for row in rows} == {"Drâa-Tafilalet"}


def test_a_region_chosen_in_the_catalog_is_written_and_shown_by_the_other_pages(
        server, demo_session):  # noqa: F811
    tab = Browser(token="choosing-region")
    load(server, tab, "/procedures")
    server.send(tab, handler(CatalogState, "load_list"), "/procedures")
    tab.frames.clear()
    server.send(tab, handler(CatalogState, "set_region"), "/procedures", value="ORI")
    assert "document.cookie='counter_region=ORI; path=/; max-age=31536000" in tab.received()
    # The privacy page, in the same tab (an in-app navigation), opens on the same region
    # (tests/browser/test_privacy_browser.py shows it on the page).
    server.send(tab, handler(PrivacyState, "load"), "/privacy")
    assert server.value(tab, PrivacyState, "remembered_region") == "ORI"
    # A keystroke of the search does not write the cookie again.
    tab.frames.clear()
    server.send(tab, handler(CatalogState, "set_query"), "/procedures", value="permis")
    assert "counter_region" not in tab.received()


def test_the_transparency_page_remembers_its_region_and_refuses_others(
        server, demo_session):  # noqa: F811
    tab = Browser(token="transparency-region")
    load(server, tab, "/transparency")
    server.send(tab, handler(TransparencyState, "choose_region"), "/transparency",
                value="SMA")
    assert "document.cookie='counter_region=SMA;" in tab.received()
    assert server.value(tab, AppState, "remembered_region") == "SMA"
    server.send(tab, handler(TransparencyState, "choose_region"), "/transparency",
                value="<b>")  # anything else: all four regions
    assert server.value(tab, AppState, "remembered_region") == ""
    assert "<b>" not in tab.received()


def test_a_default_language_chosen_on_screen_stays_chosen_whatever_the_browser_asks(
        server):  # noqa: F811
    """An Arabic phone on a French-default install: its tab starts in Arabic; French picked
    on screen is kept by the next navigation, not negotiated back to Arabic."""
    tab = Browser(token="arabic-phone")
    tab.ip = "203.0.113.8"
    server.hydrate(tab, "/", new_socket=True)
    server.put(tab, AppState, lang="ar")  # what its Accept-Language gave
    server.send(tab, handler(AppState, "set_lang"), "/", lang="fr")
    server.send(tab, handler(CatalogState, "load_list"), "/procedures")  # same websocket
    assert server.value(tab, AppState, "lang") == "fr"


def test_the_default_language_is_not_assigned_again_by_the_next_page_load(server):  # noqa: F811
    tab = Browser(token="default-visitor")
    load(server, tab)
    server.send(tab, handler(AppState, "set_lang"), "/", lang="fr")  # written: "fr"
    tab.lang_cookie = "fr"
    tab.frames.clear()
    server.send(tab, handler(SignInState, "load"), "/signin")  # not a page load: kept
    load(server, tab, "/track")
    assert server.value(tab, AppState, "ui_lang") == "fr"
    assert server.value(tab, AppState, "ui_lang") == "fr"
