"""Issue 13 at the edge (counter/api/edge.py, `Delivery`): hashed assets cached for a year,
precompressed files chosen by Accept-Encoding, pages revalidated, and a page's <html> carrying
the visitor's language and direction before any script runs. Served by the static server the
production build uses (Reflex's PrecompressedStaticFiles), behind the product's security
headers, as in production."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from reflex.utils.precompressed_staticfiles import PrecompressedStaticFiles
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from counter.api import edge

INLINE = "window.theme = 'light';"
PAGE = ('<!DOCTYPE html><html lang="en" class="radix"><head><meta charSet="utf-8"/>'
        f'<script>{INLINE}</script><script type="module" src="/assets/root-Ab12.js"></script>'
        '</head><body><div id="root"></div></body></html>')
SCRIPT = b"export const x = 1;" * 200
BROTLI_STAND_IN = b"brotli bytes"  # the build writes it; the server must only pick it


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "root-Ab12.js").write_bytes(SCRIPT)
    (tmp_path / "assets" / "root-Ab12.js.gz").write_bytes(gzip.compress(SCRIPT))
    (tmp_path / "assets" / "root-Ab12.js.br").write_bytes(BROTLI_STAND_IN)
    (tmp_path / "index.html").write_text(PAGE)
    (tmp_path / "index.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "favicon.ico").write_bytes(b"\0icon")
    static = Starlette(routes=[Mount("/", app=PrecompressedStaticFiles(
        directory=tmp_path, html=True, encodings=["brotli", "gzip"]))])
    origins = lambda: ("http://127.0.0.1:3917",)  # noqa: E731
    guarded = edge.SecurityHeaders(static, origins)
    return TestClient(edge.Delivery(guarded, lambda: "fr"))


def _html_tag(body: str) -> str:
    return re.search(r"<html[^>]*>", body).group(0)


def test_a_hashed_asset_is_cached_for_a_year_and_sent_precompressed(client):
    brotli = client.get("/assets/root-Ab12.js", headers={"Accept-Encoding": "gzip, br"})
    assert brotli.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert brotli.headers["content-encoding"] == "br"
    assert brotli.content == BROTLI_STAND_IN  # the build's .br file, as written
    assert "Accept-Encoding" in brotli.headers["vary"]
    plain = client.get("/assets/root-Ab12.js", headers={"Accept-Encoding": "gzip"})
    assert plain.headers["content-encoding"] == "gzip"
    assert plain.content == SCRIPT  # decoded by the client
    assert plain.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_a_revalidated_asset_keeps_its_year_of_cache(client):
    first = client.get("/assets/root-Ab12.js", headers={"Accept-Encoding": "gzip"})
    again = client.get("/assets/root-Ab12.js", headers={
        "Accept-Encoding": "gzip", "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_an_arabic_browser_gets_a_right_to_left_page_before_any_script(client):
    response = client.get("/", headers={"Accept-Language": "ar-MA,ar;q=0.9,fr;q=0.5",
                                        "Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert _html_tag(response.text) == '<html lang="ar" dir="rtl" class="radix">'
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["cache-control"] == "no-cache"
    assert {"Accept-Encoding", "Cookie", "Accept-Language"} <= {
        part.strip() for part in response.headers["vary"].split(",")}
    # The security headers still allow the page's own inline script, by hash.
    policy = response.headers["content-security-policy"]
    assert edge.inline_script_hashes(f"<script>{INLINE}</script>".encode())[0] in policy


def test_the_language_picked_on_screen_wins_over_the_browsers(client):
    client.cookies.set("counter_lang", "en")
    response = client.get("/", headers={"Accept-Language": "ar"})
    assert _html_tag(response.text) == '<html lang="en" dir="ltr" class="radix">'


def test_without_any_language_the_page_is_in_the_default_one(client):
    response = client.get("/", headers={"Accept-Language": "de-DE"})
    assert _html_tag(response.text) == '<html lang="fr" dir="ltr" class="radix">'
    client.cookies.set("counter_lang", "xx")  # no language of the product: not trusted
    assert _html_tag(client.get("/").text) == '<html lang="fr" dir="ltr" class="radix">'


def test_a_page_is_revalidated_per_language(client):
    arabic = {"Accept-Language": "ar", "Accept-Encoding": "gzip"}
    first = client.get("/", headers=arabic)
    again = client.get("/", headers={**arabic, "If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "no-cache"
    # The same cached page, now asked for in French: the French page, not a 304.
    french = client.get("/", headers={"Accept-Language": "fr", "Accept-Encoding": "gzip",
                                      "If-None-Match": first.headers["etag"]})
    assert french.status_code == 200
    assert french.headers["etag"] != first.headers["etag"]
    assert _html_tag(french.text).startswith('<html lang="fr" dir="ltr"')


def test_a_page_without_gzip_is_sent_plain(client):
    response = client.get("/", headers={"Accept-Encoding": "identity", "Accept-Language": "ar"})
    assert "content-encoding" not in response.headers
    assert int(response.headers["content-length"]) == len(response.content)
    assert _html_tag(response.text).startswith('<html lang="ar" dir="rtl"')


def test_other_files_pass_untouched(client):
    response = client.get("/favicon.ico", headers={"Accept-Language": "ar"})
    assert response.content == b"\0icon"
    assert "immutable" not in response.headers.get("cache-control", "")


def test_the_html_tag_is_rewritten_whatever_its_attributes():
    assert edge.with_language(b"<html><body></body></html>", "ar") == (
        b'<html lang="ar" dir="rtl"><body></body></html>')
    assert edge.with_language(b"<HTML dir='ltr' lang=en data-x=\"1\">", "ar") == (
        b'<html lang="ar" dir="rtl" data-x="1">')
    assert edge.with_language(b"no page", "ar") == b"no page"


def test_gzip_is_accepted_unless_refused():
    assert edge.accepts_gzip("gzip, deflate, br")
    assert edge.accepts_gzip("*")
    assert not edge.accepts_gzip("gzip;q=0, br")
    assert not edge.accepts_gzip("identity")
