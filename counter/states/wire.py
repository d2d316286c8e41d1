"""What a tab's websocket carries beyond the page's own vars, cut to what the page uses
(issue 13: a later page within 15 KB).

Reflex sends every page load the request's headers (`router.headers`: user agent, WebSocket
key, languages, and again as `raw_headers`, about 2 KB) that no page of the product reads.
The server keeps them in the state (the language negotiation reads `accept_language`, the
preferences the Cookie header); the browser, which sent them, gets none of them back.

(The product keeps no Reflex client storage: its preferences are cookies the server reads,
domain/preferences.py. Client storage made every page load reset and apply it again, and
replay it with every var depending on it in a second delta.)
"""

from __future__ import annotations

import reflex as rx
from reflex.istate.data import HeaderData


@rx.serializer(overwrite=True)
def headers_stay_on_the_server(headers: HeaderData) -> dict:
    """The request's headers as the browser receives them: none."""
    return {}
