"""Which messages each screen shows, so a page receives only those (issue 13, point 2).

Screens read a message by key (`states.base.screen_text`). Each call is recorded under the
page being drawn: the first time a worker needs a page's messages it draws the page once
(its render function, as `components.layout.page` registered it) and keeps the keys it
used. A key read outside any page (a component built at import) belongs to every page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache

from counter.i18n import SCREEN_CATALOGS

_RENDERS: dict[str, Callable[[], object]] = {}
_SHARED: set[str] = set()
_DRAWN: dict[str, frozenset[str]] = {}
_recording: ContextVar[set[str] | None] = ContextVar("counter_screen_keys", default=None)


# The router names the home page's route "/index" (its page file), the address is "/".
_ROUTE_ALIASES = {"/index": "/"}


def _route(path: str) -> str:
    route = "/" + str(path or "").split("?")[0].strip("/")
    return _ROUTE_ALIASES.get(route, route)


def _fits(pattern: str, path: str) -> bool:
    """`/procedures/[code]` fits `/procedures/DRA_X`: a `[name]` part stands for any one."""
    wanted, given = pattern.split("/"), path.split("/")
    return len(wanted) == len(given) and all(
        w == g or (w.startswith("[") and w.endswith("]") and g) for w, g in zip(wanted, given, strict=True))


@lru_cache(maxsize=1024)
def route_of(path: str) -> str:
    """The registered route of a page's address (the browser sends the address)."""
    path = _route(path)
    if path in _RENDERS:
        return path
    return next((route for route in sorted(_RENDERS) if _fits(route, path)), path)


def register(route: str, render: Callable[[], object]) -> Callable[[], object]:
    """The function that draws the page at `route` (components.layout.page), returned
    wrapped so that every drawing of the page, Reflex's compile included, records its keys
    under that page (not as keys of every page)."""
    route = _route(route)

    @functools.wraps(render)
    def drawn() -> object:
        keys: set[str] = set()
        token = _recording.set(keys)
        try:
            return render()
        finally:
            _recording.reset(token)
            _DRAWN[route] = frozenset(keys)

    _RENDERS[route] = drawn
    keys_of.cache_clear()
    route_of.cache_clear()
    _messages.cache_clear()
    return drawn


def record(key: str) -> None:
    """A screen shows message `key` (called while its component is built)."""
    keys = _recording.get()
    (_SHARED if keys is None else keys).add(key)


@lru_cache(maxsize=256)
def keys_of(route: str) -> frozenset[str] | None:
    """The keys the page at `route` shows (None for a route no page registered)."""
    route = _route(route)
    render = _RENDERS.get(route)
    if render is None:
        return None
    if route not in _DRAWN:
        render()
    return _DRAWN[route] | _SHARED


@lru_cache(maxsize=512)
def _messages(route: str, lang: str) -> dict[str, str]:
    catalog = SCREEN_CATALOGS[lang]
    keys = keys_of(route)
    if keys is None:
        return catalog
    return {key: catalog[key] for key in sorted(keys) if key in catalog}


def messages(path: str, lang: str) -> dict[str, str]:
    """The messages in `lang` of the page at `path` (an address or a route); every
    message for an address no page has."""
    return _messages(route_of(path), lang)

