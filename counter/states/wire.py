"""What a tab's websocket carries beyond the page's own vars, cut to what the page uses
(issue 13: a later page within 15 KB).

Two things Reflex sends on every page load that no page of the product reads:

- The request's headers (`router.headers`, user agent, WebSocket key, languages, and
  again as `raw_headers`: about 2 KB a page load). The server keeps them in the state
  (the language negotiation reads `accept_language`); the browser, which sent them, gets
  none of them back.
- After the hydrate's snapshot, a second delta replaying the browser's own cookies
  (language, region) with every computed var that depends on them in every part of the
  tab: the page's messages, lists and labels a second time (6-8 KB). It exists for
  `get_delta` overrides, which the product has none of; the snapshot already carries the
  values those cookies gave, and the browser keeps its cookies. Reflex's function is
  replaced where it is defined; `tests/test_light_wire.py` fails if it moves or changes
  its signature (a Reflex upgrade), rather than letting the replay come back unnoticed.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
import reflex.state as reflex_state
from reflex.istate.data import HeaderData


@rx.serializer(overwrite=True)
def headers_stay_on_the_server(headers: HeaderData) -> dict:
    """The request's headers as the browser receives them: none."""
    return {}


async def no_cookie_replay(root: Any, applied: Any) -> dict:  # noqa: ANN401, ARG001
    """The hydrate's second delta: nothing the snapshot did not already carry."""
    return {}


reflex_state._get_client_storage_delta = no_cookie_replay
