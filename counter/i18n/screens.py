"""Which messages each screen shows, so a page receives only those (issue 13, point 2).

Screens read a message by key (`states.base.screen_text`). Each call is recorded under the
page being drawn: the first time a worker needs a page's messages it draws the page once
(its render function, as `components.layout.page` registered it) and keeps the keys it
used. A key read outside any page (a component built at import) belongs to every page.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache

from counter.i18n import SCREEN_CATALOGS

_RENDERS: dict[str, Callable[[], object]] = {}
_SHARED: set[str] = set()
_recording: ContextVar[set[str] | None] = ContextVar("counter_screen_keys", default=None)


def _route(path: str) -> str:
    return "/" + str(path or "").split("?")[0].strip("/")


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


def register(route: str, render: Callable[[], object]) -> None:
    """The function that draws the page at `route` (components.layout.page)."""
    _RENDERS[_route(route)] = render
    keys_of.cache_clear()
    route_of.cache_clear()
    _messages.cache_clear()


def record(key: str) -> None:
    """A screen shows message `key` (called while its component is built)."""
    keys = _recording.get()
    (_SHARED if keys is None else keys).add(key)


@lru_cache(maxsize=256)
def keys_of(route: str) -> frozenset[str] | None:
    """The keys the page at `route` shows (None for a route no page registered)."""
    render = _RENDERS.get(_route(route))
    if render is None:
        return None
    keys: set[str] = set()
    token = _recording.set(keys)
    try:
        render()
    finally:
        _recording.reset(token)
    return frozenset(keys | _SHARED)


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

