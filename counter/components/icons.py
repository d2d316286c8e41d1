"""Icons chosen at run time."""

from __future__ import annotations

from collections.abc import Sequence

import reflex as rx


def one_of_icons(name: rx.Var, names: Sequence[str], **props: object) -> rx.Component:
    """The icon `name`, one of `names` known when the page is built. Each is bundled with the
    page (a few hundred bytes), where `rx.icon(var)` makes the page load the index of the
    whole icon set (about 240 KB) first."""
    return rx.match(name, *[(known, rx.icon(known, **props)) for known in names],
                    rx.icon("circle", **props))
