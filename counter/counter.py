"""The Reflex application: pages, theme and HTTP routes."""

from __future__ import annotations

import reflex as rx

from counter.pages import catalog, home, procedure  # noqa: F401  (registers the pages)

app = rx.App(
    stylesheets=["/style.css"],
    head_components=[rx.el.meta(name="theme-color", content="#0d6d6e")],
)
