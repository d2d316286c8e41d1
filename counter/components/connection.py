"""What a person sees when the connection drops: in the page's language, that what was typed
is kept, and "saved" once it is back.

It replaces the framework's overlay (an English toast, "Cannot connect to server: websocket
error"). While the link is down, the framework keeps every event in its queue and sends it
when the websocket reconnects; the page says so instead of doing nothing.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import Var, VarData

from counter.states.base import screen_text

# The link is lost when the framework's connection attempts fail (`connectErrors`), when
# its websocket closed (the framework tells `window.__reflex_otel.onSocketDisconnect`), or
# when the browser says it is offline. The framework tries to reconnect once after a drop:
# while the link is lost, this asks it again every few seconds and as soon as the browser is
# back online (its own "the page is visible again" check reconnects a closed socket).
_WATCH = VarData(
    imports={
        "react": ["useContext", "useEffect", "useRef", "useState"],
        "$/utils/context": ["EventLoopContext"],
    },
    hooks=[
        "const connectErrors = useContext(EventLoopContext)[1];",
        "const [socketDown, setSocketDown] = useState(false);",
        "const [offline, setOffline] = useState(false);",
        "const [connBack, setConnBack] = useState(false);",
        "const connWasLost = useRef(false);",
        "const connLost = connectErrors.length > 0 || socketDown || offline;",
        """useEffect(() => {
    const previous = window.__reflex_otel || {};
    window.__reflex_otel = {
      ...previous,
      onSocketDisconnect: (reason) => {
        previous.onSocketDisconnect?.(reason);
        setSocketDown(true);
      },
      onSocketConnect: () => { previous.onSocketConnect?.(); setSocketDown(false); },
    };
    const retry = () => document.dispatchEvent(new Event("visibilitychange"));
    const goesOffline = () => setOffline(true);
    const comesOnline = () => { setOffline(false); retry(); };
    window.addEventListener("offline", goesOffline);
    window.addEventListener("online", comesOnline);
    if (navigator.onLine === false) setOffline(true);
    return () => {
      window.removeEventListener("offline", goesOffline);
      window.removeEventListener("online", comesOnline);
    };
  }, []);""",
        """useEffect(() => {
    if (connLost) {
      connWasLost.current = true;
      setConnBack(false);
      const again = setInterval(() => document.dispatchEvent(new Event("visibilitychange")), 4000);
      return () => clearInterval(again);
    }
    if (!connWasLost.current) return undefined;
    connWasLost.current = false;
    setConnBack(true);
    const timer = setTimeout(() => setConnBack(false), 8000);
    return () => clearTimeout(timer);
  }, [connLost]);""",
    ],
)
# "lost" while the link is down, "back" for a few seconds after, else "". One expression, so
# one component holds the hooks (two would each keep their own memory of the loss).
connection_status = Var(
    _js_expr="(connLost ? 'lost' : (connBack ? 'back' : ''))",
    _var_data=_WATCH,
).to(str)


def connection_notice() -> rx.Component:
    """A banner at the bottom of the screen, announced by screen readers."""
    return rx.box(
        rx.match(
            connection_status,
            ("lost", rx.callout(screen_text("connection.lost"), icon="wifi-off",
                                color_scheme="amber", variant="surface", id="connection-lost",
                                size="2")),
            ("back", rx.callout(screen_text("connection.back"), icon="circle-check",
                                color_scheme="green", variant="surface", id="connection-back",
                                size="2")),
            rx.fragment(),
        ),
        role="status",
        aria_live="polite",
        class_name="connection-notice",
    )
