"""Issue 13 against the real product (`python -m counter serve`), in Chromium: the page's first
HTML already says the visitor's language and direction, and its hashed scripts come
precompressed and cached for a year."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Response

pytestmark = pytest.mark.browser


def test_an_arabic_browser_gets_right_to_left_html_and_cached_compressed_assets(
        live_app: str, browser: Browser) -> None:
    context = browser.new_context(locale="ar-MA", extra_http_headers={
        "Accept-Language": "ar-MA,ar;q=0.9"})
    try:
        page = context.new_page()
        assets: list[Response] = []
        page.on("response", lambda r: assets.append(r) if "/assets/" in r.url else None)
        first = page.goto(f"{live_app}/procedures")
        # The HTML as the server sent it, before any script ran.
        html = first.text()
        assert re.search(r'<html lang="ar" dir="rtl"', html), html[:300]
        headers = first.all_headers()
        assert headers["cache-control"] == "no-cache"
        assert headers.get("etag")
        page.locator(".procedure-card").first.wait_for(state="visible")
        scripts = [r for r in assets if r.url.endswith(".js") and r.status == 200]
        assert scripts, "no hashed script was loaded"
        for response in scripts:
            sent = response.all_headers()
            assert sent["cache-control"] == "public, max-age=31536000, immutable", response.url
            # (The build leaves files under 256 bytes uncompressed: nothing to gain.)
            assert (sent.get("content-encoding") in ("br", "gzip")
                    or int(sent.get("content-length", "0")) < 256), response.url
            assert "accept-encoding" in sent.get("vary", "").lower()
        # A second visit revalidates no script (a 304 would be a round trip each).
        again: list[Response] = []
        page.on("response", lambda r: again.append(r) if r.url.endswith(".js") else None)
        page.goto(f"{live_app}/procedures")
        page.locator(".procedure-card").first.wait_for(state="visible")
        assert again and all(r.status == 200 for r in again), [r.status for r in again]
    finally:
        context.close()


# Radix Themes components the public home page does not show: their code on `/` would mean
# the whole package came with every page (the window.__reflex registration of a plugin's
# dependency, which rxconfig.PageRadixThemes leaves out).
NOT_ON_HOME = ("rt-ThemePanel", "rt-TableRoot", "rt-DropdownMenuContent", "rt-TabsList",
               "rt-DialogContent", "rt-SelectContent")


def test_the_home_page_loads_only_the_radix_components_it_shows(
        live_app: str, browser: Browser) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        scripts: list[Response] = []
        page.on("response", lambda r: scripts.append(r) if r.url.endswith(".js") else None)
        page.goto(f"{live_app}/")
        page.wait_for_selector("#frame[data-loaded=true]", state="attached")
        code = "".join(r.text() for r in scripts if r.status == 200)
        assert "rt-CalloutRoot" in code or "Callout" in code  # what the page shows is there
        assert [name for name in NOT_ON_HOME if name in code] == []
    finally:
        context.close()
