"""What a person sees when the connection drops: in the page's language, that what was typed
is kept, and "saved" once it is back.

It replaces the framework's overlay (an English toast, "Cannot connect to server: websocket
error"). While the link is down, the framework keeps every event in its queue and sends it
when the websocket reconnects; the page says so instead of doing nothing.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var, VarData

from counter.states.base import AppState

# `connectErrors` (the framework's list of failed connection attempts, empty when
# connected) and a flag raised for a few seconds after it empties again.
_WATCH = VarData(
    imports={
        "react": ["useContext", "useEffect", "useRef", "useState"],
        "$/utils/context": ["EventLoopContext"],
    },
    hooks=[
        "const connectErrors = useContext(EventLoopContext)[1];",
        "const [connBack, setConnBack] = useState(false);",
        "const connWasLost = useRef(false);",
        """useEffect(() => {
    if (connectErrors.length > 0) {
      connWasLost.current = true;
      setConnBack(false);
      return undefined;
    }
    if (!connWasLost.current) return undefined;
    connWasLost.current = false;
    setConnBack(true);
    const timer = setTimeout(() => setConnBack(false), 8000);
    return () => clearTimeout(timer);
  }, [connectErrors.length]);""",
    ],
)
# "lost" while the link is down, "back" for a few seconds after, else "". One expression, so
# one component holds the hooks (two would each keep their own memory of the loss).
connection_status = Var(
    _js_expr="((connectErrors.length > 0) ? 'lost' : (connBack ? 'back' : ''))",
    _var_data=_WATCH,
).to(str)


def connection_notice() -> rx.Component:
    """A banner at the bottom of the screen, announced by screen readers."""
    return rx.box(
        rx.match(
            connection_status,
            ("lost", rx.callout(AppState.tr["connection.lost"], icon="wifi-off",
                                color_scheme="amber", variant="surface", id="connection-lost",
                                size="2")),
            ("back", rx.callout(AppState.tr["connection.back"], icon="circle-check",
                                color_scheme="green", variant="surface", id="connection-back",
                                size="2")),
            rx.fragment(),
        ),
        role="status",
        aria_live="polite",
        class_name="connection-notice",
    )
