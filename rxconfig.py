"""Reflex configuration, built from the product's settings (counter/settings.py)."""

import dataclasses
from typing import Any

import reflex as rx

from counter.settings import get_settings


@dataclasses.dataclass
class PageRadixThemes(rx.plugins.RadixThemesPlugin):
    """Radix Themes (its stylesheet, the theme around the app), without putting the whole
    package on `window.__reflex` of every page: that is for dynamic components, which no
    page has, and it made every page load every Radix component (menus, dialogs, tables,
    the theme panel: 77 KB of script, gzip) whatever it shows. Each page now loads the
    components it shows (issue 13). The package is still installed: every Radix
    component names it as its library."""

    def get_frontend_dependencies(self, **context: Any) -> tuple[str, ...]:
        return ()

    def get_stylesheet_paths(self, **context: Any) -> tuple[str, ...]:
        """Radix's styles with only the colour scales the product uses (issue 13): its
        `styles.css` holds all 30 of them, 34 KB compressed of 85, on every first visit."""
        return radix_stylesheets(THEME_COLORS)


def radix_stylesheets(colors: tuple[str, ...]) -> tuple[str, ...]:
    """Radix Themes' stylesheet in its parts: the base tokens, the given colour scales,
    then the components and the utilities (what `@radix-ui/themes/styles.css` holds)."""
    themes = "@radix-ui/themes"
    return (f"{themes}/tokens/base.css",
            *(f"{themes}/tokens/colors/{color}.css" for color in colors),
            f"{themes}/components.css", f"{themes}/utilities.css")


ACCENT, GRAY = "teal", "slate"
# The scales a screen names (the accent, the grays, and `color_scheme=` of badges, callouts,
# buttons): tests/test_delivery_edge.py checks that every one the code names is here.
THEME_COLORS = (ACCENT, GRAY, "gray", "red", "green", "amber", "blue")

settings = get_settings()

config = rx.Config(
    app_name="counter",
    db_url=settings.db_url,
    redis_url=settings.redis_url,
    state_manager_mode="redis" if settings.redis_url else "disk",
    # How long a tab's state is kept without an event, on disk (.states/) as in Redis.
    redis_token_expiration=settings.state_expiry_minutes * 60,
    telemetry_enabled=False,
    # Behind nginx (deploy/): the client is who the proxy saw (COUNTER_TRUSTED_PROXY_HOPS).
    trusted_proxy_hops=settings.trusted_proxy_hops,
    # /api and the websocket answer only the product's own pages (SECURITY 25).
    cors_allowed_origins=list(settings.allowed_origins),
    show_built_with_reflex=False,
    # Each script, style and page is written compressed at build (.br and .gz next to it)
    # and served by the visitor's Accept-Encoding (issue 13).
    frontend_compression_formats=["brotli", "gzip"],
    disable_plugins=[rx.plugins.SitemapPlugin],
    plugins=[
        PageRadixThemes(
            theme=rx.theme(
                accent_color=ACCENT, gray_color=GRAY, radius="large", appearance="light"
            )
        )
    ],
)
