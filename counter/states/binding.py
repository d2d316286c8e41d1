"""A page's server-side state belongs to one session, and nothing outlives it (SECURITY 28).

Reflex keeps a state tree per client token, and the client token travels in the websocket
URL (as a query parameter, so it lands in proxy logs). Alone it must open nothing: the tree
is bound to the live session it was built for (`AppState._session_key`). Before any event
is handled, hydrate included, `SessionBinding` compares that key with the live session of the cookie
the connection sent; when they differ (signed out, timed out, account disabled, another
account, no cookie at all), every state of that client token is emptied first, so nothing
private is sent. Preferences kept in the browser (language, region) are left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflex.middleware import Middleware
from reflex.state import BaseState

from counter.logs import log_event
from counter.services.sessions import cookie_token, session_key
from counter.states.base import AppState, empty_fields
from counter.threads import in_thread

if TYPE_CHECKING:
    from reflex.app import App
    from reflex.state import StateUpdate
    from reflex_base.event import Event

def _state_classes(cls: type[BaseState]) -> list[type[BaseState]]:
    found: list[type[BaseState]] = []
    for sub in cls.get_substates():
        found += [sub, *_state_classes(sub)]
    return found


def _empty_tree(state: BaseState) -> None:
    empty_fields(state)
    for sub in state.substates.values():
        _empty_tree(sub)


async def forget_client_state(root: BaseState, key: str = "") -> None:
    """Empty every state of this client token (all loaded first, as a Redis manager only
    loads what an event needs), then bind the tree to session `key`."""
    for cls in _state_classes(type(root)):
        await root.get_state(cls)
    for sub in root.substates.values():
        _empty_tree(sub)
    (await root.get_state(AppState))._session_key = key


def connection_token(root: BaseState) -> str:
    """The session token of the cookie this connection (or upload request) sent."""
    headers = root.router_data.get("headers") or {}
    return cookie_token(headers.get("cookie", ""))


class SessionBinding(Middleware):
    """Runs first, before the framework's hydrate, for every event: the tree bound to its
    session, then the browser's preferences read once per websocket."""

    async def preprocess(self, app: App, state: BaseState, event: Event) -> StateUpdate | None:
        root = state._get_root_state()
        token = connection_token(root)
        current = await in_thread(session_key, token) if token else ""
        app_state = await root.get_state(AppState)
        previous = app_state._session_key
        if previous != current:
            await forget_client_state(root, current)
            if previous:
                log_event("client_state_cleared", reason="session_changed",
                          client=str(root.router_data.get("ip") or "")[:64])
        app_state._read_preferences(root.router_data)
        return None
