"""The state every page shares: the interface language and its text direction."""

from __future__ import annotations

import asyncio
import copy
import functools
import inspect
import types
from collections.abc import Callable, Generator
from typing import Any

import reflex as rx
from reflex.state import BaseState, OnLoadInternalState, _override_base_method
from reflex_base.event import EventHandler

from counter import threads
from counter.domain.preferences import (
    REGION_COOKIE,
    SCREEN_LANG_COOKIE,
    picked_region,
    picked_screen_lang,
    region_code,
    remember_script,
)
from counter.i18n import (
    LANGUAGES,
    negotiate,
    normalize_lang,
    review_notice,
    screens,
    text_direction,
)
from counter.logs import log_event
from counter.settings import get_settings
from counter.states import wire  # noqa: F401  (what the websocket carries: states/wire.py)


def _apply_to_document(lang: str) -> rx.event.EventSpec:
    """Set <html lang dir> so the whole document, portals included, mirrors for Arabic;
    and remember the language in the browser (the `counter_lang` cookie)."""
    return rx.call_script(
        remember_script(SCREEN_LANG_COOKIE, lang)
        + f"document.documentElement.lang='{lang}';"
        f"document.documentElement.dir='{text_direction(lang)}'"
    )


# The fields that hold what the browser keeps as preferences (its cookies): the language
# and the region; a new session leaves them alone.
PREFERENCES = frozenset({"lang", "remembered_region", "_prefs_read_for"})


def empty_fields(state: BaseState) -> None:
    """A state's own fields back to their defaults, but for preferences the browser keeps
    (language, region) and the router's."""
    cls = type(state)
    for name, field in cls.get_fields().items():
        if (field._owner is cls and not name.startswith("rx_router") and name != "router_data"
                and name not in PREFERENCES):
            setattr(state, name, field.default_value())


def _step(steps: Generator) -> tuple[bool, Any]:
    try:
        return False, next(steps)
    except StopIteration as stop:
        return True, stop.value


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def password_work(fn: Callable) -> Callable:
    """Marks a handler whose work is mostly a password's hash (Argon2id: one core for about
    200 ms): `off_loop` runs it in the passwords' lane, at a lower CPU priority
    (`counter.threads`), so a crowd signing in at once does not hold up everybody's pages."""
    fn._counter_password_work = True  # type: ignore[attr-defined]
    return fn


def off_loop(fn: Callable) -> Callable:
    """The handler `fn` run in a thread (`counter.threads`): while it checks a password,
    draws a PDF, checks a file or waits on the database, the worker's event loop goes on
    serving every other tab, HTTP included. The tab's own events still wait their turn
    (its state is locked), so the handler has its state to itself. A handler that yields
    runs each of its steps in a thread. Called where no event loop runs (a test calling
    `Handler.fn(state)`), it is the plain function."""
    run = (threads.in_hashing_thread if getattr(fn, "_counter_password_work", False)
           else threads.in_thread)
    if inspect.isgeneratorfunction(fn):

        async def stepped(self: BaseState, *args: Any, **kwargs: Any):  # noqa: ANN202, ANN401
            steps = fn(self, *args, **kwargs)
            while True:
                done, value = await run(_step, steps)
                if value is not None:
                    yield value
                if done:
                    return

        @functools.wraps(fn)
        def steps_off_loop(self: BaseState, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            return (stepped if _in_event_loop() else fn)(self, *args, **kwargs)

        steps_off_loop._rx_off_loop = "asyncgen"  # type: ignore[attr-defined]
        return steps_off_loop

    async def in_a_thread(self: BaseState, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        return await run(fn, self, *args, **kwargs)

    @functools.wraps(fn)
    def handler(self: BaseState, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        return (in_a_thread if _in_event_loop() else fn)(self, *args, **kwargs)

    handler._rx_off_loop = "coroutine"  # type: ignore[attr-defined]
    return handler


class OffLoopHandler(EventHandler):
    """An event handler whose event runs off the event loop (`off_loop`); called directly
    from another handler (already in its thread) it is the plain function."""

    @functools.cached_property
    def _is_coroutine_function(self) -> bool:
        """In the event processor, calling the handler gives a coroutine to await (or an
        async generator, which the processor recognises by itself)."""
        return getattr(self.fn, "_rx_off_loop", "") == "coroutine"

    def __get__(self, instance: Any, owner: type | None = None) -> Any:  # noqa: ANN401
        bound = super().__get__(instance, owner)
        if isinstance(bound, types.MethodType):
            return types.MethodType(self.fn.__wrapped__, bound.__self__)
        return bound


_FLAT = (str, int, float, bool, type(None))


def _flat(value: Any) -> bool:  # noqa: ANN401
    """A value nobody can change in place: a string, a number, None, or a tuple of them."""
    return isinstance(value, _FLAT) or (type(value) is tuple and all(map(_flat, value)))


def _cheaper_copy(factory: Callable[[], Any]) -> Callable[[], Any]:
    """The same fresh default as Reflex's `deepcopy(default)`, copied shallowly where that
    is the same thing: a list, set or dict of flat values (most of the product's defaults:
    `[]`, `{}`, a list of strings). Anything deeper keeps its deep copy."""
    if not (isinstance(factory, functools.partial) and factory.func is copy.deepcopy
            and len(factory.args) == 1 and not factory.keywords):
        return factory
    default = factory.args[0]
    if type(default) in (list, set) and all(map(_flat, default)):
        return functools.partial(type(default), default)
    if type(default) is dict and all(map(_flat, default.values())):
        return default.copy
    return factory


def cheaper_defaults(root: type[BaseState]) -> None:
    """Give every field of `root`'s tree its default by the cheapest faithful copy (issue
    13). Reflex deep-copies a mutable default each time a tab first reads the field, and a
    page load's hydrate reads every field of every part of the tab: those copies were 5% of
    a worker's time at 200 people. Called once, when the app is made."""
    for field in root.__fields__.values():
        if field.default_factory is not None:
            field.default_factory = _cheaper_copy(field.default_factory)
    for substate in root.get_substates():
        cheaper_defaults(substate)


def _same(value: Any, default: Any) -> bool:  # noqa: ANN401
    """A value equal to a fresh default, of the same type (False is not 0)."""
    try:
        return type(value) is type(default) and bool(value == default)
    except Exception:  # noqa: BLE001 (a value that cannot be compared is kept)
        return False


class AppState(rx.State):
    # The screen's language. The browser keeps it as the `counter_lang` cookie, read from
    # the websocket's request once per page load (`_read_preferences`) and written when it
    # changes (`_apply_to_document`): not as Reflex client storage, which every page load
    # resets and applies again, invalidating every var that depends on it in every part of
    # the tab (a third of a page load's time: issue 13).
    lang: str = ""
    # The visitor's region, remembered the same way (`counter_region`): the catalog's
    # filter, the privacy page's and the transparency page's region. Only a preference:
    # each page checks it against its regions.
    remembered_region: str = ""
    # The websocket whose Cookie header the preferences were last read from (a new one
    # per page load).
    _prefs_read_for: str = ""
    # The live session this browser's state was built for (states/binding.py): server only.
    _session_key: str = ""

    @classmethod
    @_override_base_method
    def _create_event_handler(cls, fn: Any, event_handler_cls: type[EventHandler] = EventHandler):  # noqa: ANN206, ANN401
        """Every plain handler of the product runs off the event loop (issue 13, point 4):
        a worker is never stopped by one tab's Argon2 check, PDF or database wait."""
        if (event_handler_cls is EventHandler and inspect.isfunction(fn)
                and fn.__module__.startswith("counter.")
                and not inspect.iscoroutinefunction(fn) and not inspect.isasyncgenfunction(fn)):
            return super()._create_event_handler(off_loop(fn), OffLoopHandler)
        return super()._create_event_handler(fn, event_handler_cls)

    def __getstate__(self) -> dict[str, Any]:
        """What is kept of this part of a tab: only the fields that differ from their
        default. A field left out takes its default again when it is first read (Reflex
        sets field values on first access), so a page's state costs a tab nothing until
        that page is used, and every page added to the product does not grow every tab."""
        fields = dict(super().__getstate__())
        for name, field in type(self).__fields__.items():
            if (field._owner is type(self) and name in fields
                    and _same(fields[name], field.default_value())):
                del fields[name]
        return fields

    @classmethod
    @functools.cache
    def _keeps_client_storage(cls) -> bool:
        """Whether this part of a tab or any part below it has a Reflex client storage var
        (none does today: tests/test_light_wire.py)."""
        fields = cls.get_fields()
        return (any(cls._is_client_storage(fields[name]) for name in cls.base_vars)
                or any(sub._keeps_client_storage() for sub in cls.get_substates()))

    @_override_base_method
    def _reset_client_storage(self) -> None:
        """Reflex empties client storage vars at each page load's hydrate by walking every
        field of every part of the tab; the walk is skipped below a part that has none
        (issue 13: 161 us of each hydrate, 5 us now)."""
        if type(self)._keeps_client_storage():
            super()._reset_client_storage()

    @_override_base_method
    def _serialize(self) -> bytes:
        """What the server keeps of this part of a tab between events, bounded (SECURITY
        39): a part grown past COUNTER_STATE_MAX_KB is emptied, and logged, not kept."""
        payload = super()._serialize()
        if len(payload) > get_settings().state_max_bytes:
            log_event("state_too_large", state=type(self).__name__, size=len(payload))
            empty_fields(self)
            payload = super()._serialize()
        return payload

    @rx.var
    def ui_lang(self) -> str:
        return normalize_lang(self.lang)

    @rx.var
    def text_dir(self) -> str:
        return text_direction(normalize_lang(self.lang))

    @rx.var
    def review_notice(self) -> list[str]:
        """The page's notice that its language is under review, in it and in French; empty
        for a reviewed language (registry `under_review`)."""
        return list(review_notice(normalize_lang(self.lang)) or ())

    @rx.var
    def tr(self) -> dict[str, str]:
        """The messages of the page shown, in the current language: only those (a few
        KB, sent again when the page or the language changes), never the whole catalog."""
        return screens.messages(self.router.route_id, normalize_lang(self.lang))

    def _read_preferences(self, router_data: dict[str, Any]) -> None:
        """Before the first event of each websocket (a page load), its hydrate included,
        so the page's first delta already speaks the language (states/binding.py): the
        preferences the browser remembers, from the request's cookies; a later navigation
        keeps the tab's. The language: the cookie's, else the browser's (Accept-Language),
        else the default, as the served page's <html lang dir> (api/edge.py). Assigned
        only when they change, so the page's vars are not computed again for nothing; a
        tab not yet in any language ("", read as the default) that gets the default keeps
        "": the default's visitors, most of them, have nothing computed twice."""
        socket = str(router_data.get("sid") or "")
        if socket == self._prefs_read_for:
            return
        self._prefs_read_for = socket
        headers = router_data.get("headers") or {}
        header = headers.get("cookie", "")
        region = picked_region(header)
        if region != self.remembered_region:
            self.remembered_region = region
        lang = picked_screen_lang(header) or negotiate(headers.get("accept-language"))
        if lang != normalize_lang(self.lang):
            self.lang = lang

    def _remember_region(self, code: str) -> rx.event.EventSpec:
        """The region chosen on a page (a region's code, or "" for all of them) becomes the
        one every page opens on, in this tab and, by its cookie, the browser's next ones."""
        code = region_code(code)
        if code != self.remembered_region:
            self.remembered_region = code
        return rx.call_script(remember_script(REGION_COOKIE, code))

    def _take_lang(self, lang: str) -> rx.event.EventSpec:
        """The tab's language becomes `lang` (one of LANGUAGES, chosen), the document's and
        the browser's remembered one too."""
        if lang != self.lang:
            self.lang = lang
        return _apply_to_document(lang)

    @rx.event
    def set_lang(self, lang: str):
        """Switch language, then run the page's load events again: what the server put in
        the page's lists (names, statuses, dates) comes back in the new language."""
        if lang in LANGUAGES:
            return [self._take_lang(lang), OnLoadInternalState.on_load_internal]


def screen_text(key: str) -> rx.Var:
    """The message `key` in the screen's current language (recorded as one the page
    being drawn shows: counter.i18n.screens)."""
    screens.record(key)
    return AppState.tr[key]
