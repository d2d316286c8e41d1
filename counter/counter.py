"""The Reflex application: pages, theme, HTTP routes and background work."""

from __future__ import annotations

import reflex as rx

from counter.api.edge import edge
from counter.api.routes import api
from counter.pages import (  # noqa: F401  (registers the pages)
    admin,
    agent,
    auth,
    catalog,
    catalog_admin,
    counter_accounts,
    dossiers,
    filing,
    home,
    indicators,
    privacy,
    procedure,
)
from counter.services.housekeeping import housekeeping_loop
from counter.services.mail import mail_sender_loop
from counter.services.retention import retention_loop
from counter.services.silence import silence_loop
from counter.states.binding import SessionBinding

app = rx.App(
    stylesheets=["/style.css"],
    head_components=[rx.el.meta(name="theme-color", content="#0d6d6e")],
    # The HTTP routes, then the edge around everything: origins, security headers, uploads.
    api_transformer=[api, edge],
)
# A page's server-side state belongs to the live session of the connection's cookie; it is
# emptied before anything is sent when that session ends or changes (SECURITY 28).
app.add_middleware(SessionBinding(), index=0)
# The page frame says, in the page's language, when the connection is lost and back
# (components/connection.py), instead of the framework's English toast.
app.app_wraps[(5, "Overlay")] = lambda stateful: None
# E-mails wait in the outbox and are sent (and retried) by this loop, off every request.
app.register_lifespan_task(mail_sender_loop)
# Old throttling records and ended sessions (they hold client addresses) are deleted.
app.register_lifespan_task(housekeeping_loop)
# Dossiers whose deadline passed in silence, where a text says silence is acceptance (law
# 55-19), are accepted with an attestation; every few minutes, safe with several workers.
app.register_lifespan_task(silence_loop)
# Law 09-08: applicants warned 2 weeks ahead, old drafts expired, closed dossiers purged of
# their personal data after their retention; daily, idempotent, safe with several workers.
app.register_lifespan_task(retention_loop)
