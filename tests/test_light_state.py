"""Issue 13, point 2: a page receives only the messages it shows, the catalog is shared by
every tab of a worker, and a tab's state stays small."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

import counter.counter  # noqa: F401  (the app: every page registered)
from counter.i18n import SCREEN_CATALOGS, screens
from counter.models import Account
from counter.services.catalog import (
    catalog_version,
    entries_of,
    find_procedures,
    shared_entries,
    shared_search,
)
from counter.services.catalog_admin import set_active

ROOT = Path(__file__).resolve().parent.parent


def test_a_page_receives_only_the_messages_it_shows():
    full = len(json.dumps(SCREEN_CATALOGS["ar"], ensure_ascii=False).encode())
    for address in ("/", "/procedures", "/procedures/DRA_RURAL_BUILDING_PERMIT", "/track"):
        page = screens.messages(address, "ar")
        assert {"nav.catalog", "footer.text", "connection.lost"} <= set(page)
        assert all(SCREEN_CATALOGS["ar"][key] == text for key, text in page.items())
        assert len(json.dumps(page, ensure_ascii=False).encode()) < full / 8
    assert "catalog.search_label" in screens.messages("/procedures", "fr")
    assert "catalog.search_label" not in screens.messages("/track", "fr")


def test_a_page_drawn_by_the_compiler_keeps_its_messages_to_itself():
    """Reflex's compile draws every page outside `keys_of`: the keys each page read then
    stay that page's, not every page's (every page received 30 KB of messages)."""
    from counter.pages.catalog import catalog
    from counter.pages.dossiers import my_dossiers

    catalog(), my_dossiers()
    screens.keys_of.cache_clear()  # as in a worker that compiled before its first event
    screens._messages.cache_clear()
    keys_of_track = set(screens.messages("/track", "fr"))
    assert "catalog.search_label" not in keys_of_track
    assert not any(key.startswith("dossiers.") for key in keys_of_track)
    assert "catalog.search_label" in screens.messages("/procedures", "fr")


def test_the_home_page_by_its_router_name_receives_its_own_messages():
    """The router calls the home page's route "/index" (its page file)."""
    assert screens.route_of("/index") == "/"
    home = screens.messages("/index", "fr")
    assert "home.title" in home
    assert home != SCREEN_CATALOGS["fr"]


def test_an_address_finds_its_route_and_a_switch_gives_the_new_language():
    assert screens.route_of("/procedures/DRA_RURAL_BUILDING_PERMIT") == "/procedures/[code]"
    assert screens.route_of("/dossiers/12/edit") == "/dossiers/[id]/edit"
    french, arabic = screens.messages("/track", "fr"), screens.messages("/track", "ar")
    assert french.keys() == arabic.keys()
    assert french["nav.catalog"] != arabic["nav.catalog"]
    # An address no page has gets every message rather than blanks.
    assert screens.messages("/no-such-page", "en") == SCREEN_CATALOGS["en"]


def test_every_tab_shares_one_copy_of_the_catalog_until_it_changes(demo_session):
    version, entries = shared_entries(demo_session)
    assert shared_entries(demo_session)[1] is entries
    assert entries_of(version) is entries
    admin = demo_session.exec(select(Account).where(
        Account.email == "admin@demo.example.ma")).one()
    set_active(demo_session, admin=admin, code=entries[0]["code"], active=False)
    demo_session.flush()
    assert catalog_version(demo_session) != version
    assert len(shared_entries(demo_session)[1]) == len(entries) - 1


def test_a_worker_reads_the_catalogs_version_at_most_once_a_second(demo_session,
                                                                    monkeypatch):
    """Page loads within a second take the version a worker read last, without a query;
    a change this worker commits is seen at once, another worker's within the second."""
    from sqlalchemy import event, text
    from sqlmodel import Session

    from counter.services import catalog

    engine, clock = demo_session.get_bind(), [1000.0]
    monkeypatch.setattr(catalog.time, "monotonic", lambda: clock[0])
    queries: list[str] = []

    def count(*args: object) -> None:
        queries.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        with Session(engine) as one:
            version = catalog_version(one)
        read = len(queries)
        with Session(engine) as two:
            assert catalog_version(two) == version
        assert read == 3 and len(queries) == read  # the second page load asked nothing

        # This worker's own change: seen at once, in the session that made it and after.
        admin = demo_session.exec(select(Account).where(
            Account.email == "admin@demo.example.ma")).one()
        code = shared_entries(demo_session)[1][0]["code"]
        set_active(demo_session, admin=admin, code=code, active=False)
        demo_session.commit()
        with Session(engine) as three:
            changed = catalog_version(three)
        assert changed != version

        # Another worker's change (no ORM event here): seen once the second is over.
        with engine.begin() as connection:
            connection.execute(text("UPDATE procedure SET is_active = true WHERE code = :code"),
                               {"code": code})
        with Session(engine) as four:
            assert catalog_version(four) == changed
        clock[0] += catalog.VERSION_TTL_SECONDS
        with Session(engine) as five:
            now = catalog_version(five)
            assert now != changed and now == catalog._read_version(five)
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_a_tab_state_after_a_journey_is_at_most_16_kb():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "state_size.py"), "--json"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    figures = json.loads(done.stdout[done.stdout.index("{\n"):])
    assert figures["state_total_bytes"] <= 16 * 1024, figures["state_bytes"]
    assert done.returncode == 0


def test_a_search_of_the_shared_catalog_is_computed_once_per_question(demo_session):
    """The list, its count, its "show more" and its suggestions of every tab asking the same
    thing read one search; another catalog version gets its own answer."""
    version, entries = shared_entries(demo_session)
    first = shared_search(version, "subvention", lang="fr")
    assert shared_search(version, "subvention", lang="fr") is first
    assert first.rows == find_procedures(entries, "subvention", lang="fr").rows
    assert shared_search(version, "subvention", lang="ar") is not first
    everything = shared_search(version, lang="fr")
    assert len(everything.rows) == len(entries)
    admin = demo_session.exec(select(Account).where(
        Account.email == "admin@demo.example.ma")).one()
    set_active(demo_session, admin=admin, code=everything.rows[0]["code"], active=False)
    demo_session.flush()
    changed, _ = shared_entries(demo_session)
    assert changed != version
    assert len(shared_search(changed, lang="fr").rows) == len(entries) - 1


def test_a_fields_default_is_copied_shallowly_only_where_that_is_the_same():
    """Reflex deep-copies a mutable default at a tab's first read of the field, and a page
    load's hydrate reads them all; a list, set or dict of flat values is copied shallowly,
    each tab still getting its own."""
    import copy
    import functools

    from counter.states.base import _cheaper_copy

    for default in ([], ["a", 1, None, ("b", 2.5)], {"k": "v", "n": 3}, {"x", "y"}):
        cheaper = _cheaper_copy(functools.partial(copy.deepcopy, default))
        assert getattr(cheaper, "func", cheaper) is not copy.deepcopy
        first, second = cheaper(), cheaper()
        assert first == default == second and type(first) is type(default)
        assert first is not default and first is not second
        first.clear()
        assert cheaper() == default
    for deep in ([["nested"]], {"k": {"n": 1}}, [{"a": "b"}], [("t", ["list"])]):
        factory = functools.partial(copy.deepcopy, deep)
        assert _cheaper_copy(factory) is factory
    assert _cheaper_copy(list) is list


def test_no_part_of_a_tab_deep_copies_a_flat_default():
    import reflex as rx

    from counter.states.base import _cheaper_copy
    from counter.states.dossiers import DossierState

    def walk(state: type) -> list[str]:  # the fields whose default could be copied cheaper
        found = [f"{state.__name__}.{name}" for name, field in state.__fields__.items()
                 if field.default_factory is not None
                 and _cheaper_copy(field.default_factory) is not field.default_factory]
        return found + [name for sub in state.get_substates() for name in walk(sub)]

    assert walk(rx.State) == []
    # and a tab's defaults are still its own
    one, two = (DossierState.__fields__["documents"].default_value() for _ in range(2))
    assert one == two == [] and one is not two
