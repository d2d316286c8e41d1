"""The Reflex application: pages, theme and HTTP routes."""

from __future__ import annotations

import reflex as rx

from counter.api.routes import api
from counter.pages import auth, catalog, dossiers, filing, home, procedure  # noqa: F401

app = rx.App(
    stylesheets=["/style.css"],
    head_components=[rx.el.meta(name="theme-color", content="#0d6d6e")],
    api_transformer=api,
)
