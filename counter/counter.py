"""The Reflex application: pages, theme, HTTP routes and background work."""

from __future__ import annotations

import reflex as rx

from counter.api.edge import edge
from counter.api.routes import api
from counter.metrics import Measure, time_events
from counter.pages import (  # noqa: F401  (registers the pages)
    admin,
    agent,
    associations,
    auth,
    catalog,
    catalog_admin,
    counter_accounts,
    dossiers,
    filing,
    home,
    indicators,
    petitions,
    petitions_council,
    privacy,
    procedure,
)
from counter.services.jobs import jobs_loop
from counter.states.base import cheaper_defaults
from counter.states.binding import SessionBinding

# Every state is defined once the pages are imported: their defaults copied cheaply.
cheaper_defaults(rx.State)

app = rx.App(
    stylesheets=["/style.css"],
    head_components=[rx.el.meta(name="theme-color", content="#0d6d6e")],
    # The HTTP routes, then the edge around everything: origins, security headers, uploads.
    api_transformer=[api, edge, Measure],
)
# A page's server-side state belongs to the live session of the connection's cookie; it is
# emptied before anything is sent when that session ends or changes (SECURITY 28).
app.add_middleware(SessionBinding(), index=0)
# The page frame says, in the page's language, when the connection is lost and back
# (components/connection.py), instead of the framework's English toast.
app.app_wraps[(5, "Overlay")] = lambda stateful: None
# Background work (mail, silence acceptance, retention, purge, crash leftovers, due dates)
# as jobs that exactly one runner takes at a time, whatever the number of workers and
# machines; COUNTER_JOBS=external leaves them to `python -m counter jobs`.
app.register_lifespan_task(jobs_loop)


async def _timed_events() -> None:
    """Each event's latency for /metrics (the event processor exists once the app runs)."""
    time_events(app.event_processor)


app.register_lifespan_task(_timed_events)
