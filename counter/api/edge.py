"""What every request meets before Reflex: origins, security headers, upload guard,
caching and the page's language.

ASGI middlewares, put around the whole backend (pages, /api, /_upload, /_event) by
`edge(app)` in counter.py:

- `OriginGuard` (SECURITY 25): a websocket whose `Origin` is not one of the product's own
  (settings.allowed_origins) is refused before it is accepted. CORS of /api is Reflex's,
  configured from the same setting in rxconfig.py: no foreign origin is ever echoed.
- `SecurityHeaders` (SECURITY 26): a Content-Security-Policy on every response (pages get one
  listing the SHA-256 of their own inline scripts, computed once per page body and cached),
  `frame-ancestors 'none'` with `X-Frame-Options: DENY`, `Referrer-Policy`, `nosniff`. A
  response that sets its own CSP (the private document routes) keeps it.
- `UploadGuard` (SECURITY 32): a POST to /_upload without a valid session is refused before
  its body is read; any body is cut once it passes the size limit, whatever its
  Content-Length says.
- `Delivery` (issue 13), outermost: hashed assets cached for a year (`immutable`), pages
  revalidated (`no-cache` + ETag), gzipped, with `lang` and `dir` of the visitor's language
  on <html> before any script runs.
- `PageAddresses`: `/dossiers` is answered with its page, not redirected to `/dossiers/` (the
  static server's habit): one round trip less on a slow line, and the address the router
  gives stays the address in the bar (a page reload after sign-in lands where it should).
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import hashlib
import re
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from counter.db import session_scope
from counter.domain.preferences import browser_cookie, picked_screen_lang
from counter.i18n import negotiate, registry, t
from counter.logs import log_event
from counter.services.accounts import account_for_token
from counter.services.documents import max_upload_mb
from counter.settings import Settings, get_settings

SESSION_COOKIE = "counter_session"
UPLOAD_PATH = "/_upload"
# Boundaries, part headers and the small JSON field of event arguments around the file.
MULTIPART_ALLOWANCE = 64 * 1024
# Pages are a few tens of KB; anything bigger is not one of the product's pages.
MAX_HASHED_PAGE = 4 * 1024 * 1024

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.S | re.I)


# --- 25: origins --------------------------------------------------------------------------


class OriginGuard:
    """Refuse a websocket opened by a page of another origin (the browser always says which
    page opens it; a client without `Origin` is not a browser carrying a visitor's session)."""

    def __init__(self, app: ASGIApp, origins: Callable[[], Iterable[str]]) -> None:
        self.app = app
        self.origins = origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            origin = Headers(scope=scope).get("origin")
            if origin is not None and origin.rstrip("/").lower() not in set(self.origins()):
                # The origin is named: a product served at an address other than
                # COUNTER_PUBLIC_URL (or COUNTER_ALLOWED_ORIGINS) shows up here at once.
                log_event("origin_refused", route=scope.get("path", ""), origin=origin[:200],
                          client=(scope.get("client") or ("",))[0])
                await send({"type": "websocket.close", "code": 1008})
                return
        await self.app(scope, receive, send)


# --- 26: security headers -----------------------------------------------------------------


def _websocket_origins(origins: Iterable[str]) -> list[str]:
    return [origin.replace("http", "ws", 1) for origin in origins]


def page_policy(script_hashes: Iterable[str], origins: Iterable[str]) -> str:
    """The CSP of a page. Scripts: the product's own files and the inline scripts of this
    very page (by hash), never 'unsafe-inline'. 'unsafe-eval' stays because the framework
    runs the server's `rx.call_script` answers with eval (focus moves, printing); injected
    markup still cannot run. Styles need 'unsafe-inline': Radix and emotion write <style>
    elements and style attributes at run time."""
    hashes = " ".join(f"'sha256-{digest}'" for digest in sorted(set(script_hashes)))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'unsafe-eval' {hashes}".rstrip(),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        " ".join(["connect-src 'self'", *_websocket_origins(origins)]),
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


# Files, JSON, CSV: nothing in them may run, load or be framed.
RESOURCE_POLICY = "default-src 'none'; frame-ancestors 'none'"
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def inline_script_hashes(html: bytes) -> list[str]:
    """Base64 SHA-256 of each inline script's text, as CSP wants them."""
    return [base64.b64encode(hashlib.sha256(body).digest()).decode()
            for body in _INLINE_SCRIPT.findall(html)]


def _decoded(body: bytes, encoding: str) -> bytes | None:
    if encoding in ("", "identity"):
        return body
    try:
        if encoding == "gzip":
            return gzip.decompress(body)
        if encoding == "deflate":
            return zlib.decompress(body)
    except (OSError, zlib.error, EOFError):
        return None
    return None  # brotli, zstd: not produced by this product's build


# A page's policy by the SHA-256 of its bytes, and by its ETag for a 304; both bounded (the
# build has a few dozen pages).
_policy_by_digest: dict[tuple[bytes, tuple[str, ...]], str] = {}
_policy_by_etag: dict[str, str] = {}
_CACHED_PAGES = 1024


def policy_for_page(html: bytes, origins: tuple[str, ...]) -> str:
    """Cached by the page's bytes: a page is parsed once per build, not once per visit."""
    key = (hashlib.sha256(html).digest(), origins)
    policy = _policy_by_digest.get(key)
    if policy is None:
        policy = page_policy(inline_script_hashes(html), origins)
        if len(_policy_by_digest) < _CACHED_PAGES:
            _policy_by_digest[key] = policy
    return policy


class SecurityHeaders:
    def __init__(self, app: ASGIApp, origins: Callable[[], Iterable[str]]) -> None:
        self.app = app
        self.origins = origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON_HEADERS.items():
                    headers.setdefault(name, value)
                if "content-security-policy" in headers:
                    # The route's own policy (documents may be framed by the product itself).
                    headers.setdefault("X-Frame-Options", "SAMEORIGIN")
                    await send(message)
                    return
                headers["X-Frame-Options"] = "DENY"
                if message["status"] == 304:
                    # The browser keeps the page it has: give it back that page's policy
                    # (or none, never another one that would block its scripts).
                    if policy := _policy_by_etag.get(headers.get("etag", "")):
                        headers["Content-Security-Policy"] = policy
                    await send(message)
                    return
                if not headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = RESOURCE_POLICY
                    await send(message)
                    return
                start = message  # a page: its policy needs its body
                return
            if start is not None and message["type"] == "http.response.pathsend":
                # A static page sent by path (zero copy): read it to hash its scripts.
                body = await asyncio.to_thread(Path(message["path"]).read_bytes)
                await self._send_page(start, body, False, send)
                start = None
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if message.get("more_body", False) and size <= MAX_HASHED_PAGE:
                return
            await self._send_page(start, b"".join(chunks), message.get("more_body", False),
                                  send)
            start = None

        await self.app(scope, receive, send_with_headers)

    async def _send_page(self, start: Message, body: bytes, more_body: bool, send: Send) -> None:
        headers = MutableHeaders(scope=start)
        origins = tuple(self.origins())
        html = _decoded(body, headers.get("content-encoding", "").strip().lower())
        policy = (policy_for_page(html, origins) if html is not None and not more_body
                  else page_policy([], origins))
        headers["Content-Security-Policy"] = policy
        if (etag := headers.get("etag")) and len(_policy_by_etag) < _CACHED_PAGES:
            _policy_by_etag[etag] = policy
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": more_body})


# --- 32: uploads --------------------------------------------------------------------------


def _session_token(scope: Scope) -> str:
    return browser_cookie(Headers(scope=scope).get("cookie"), SESSION_COOKIE)


def _signed_in(token: str) -> bool:
    if not token:
        return False
    with session_scope() as session:
        return account_for_token(session, token) is not None


def _refusal(scope: Scope, status: int, key: str, settings: Settings) -> PlainTextResponse:
    lang = negotiate(Headers(scope=scope).get("accept-language"), settings.default_lang)
    return PlainTextResponse(t(key, lang, max_mb=max_upload_mb(settings)), status_code=status,
                             headers={"Connection": "close"})


class UploadGuard:
    """/_upload: who first, then at most the limit's bytes, counted as they arrive."""

    def __init__(self, app: ASGIApp, settings: Callable[[], Settings]) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not (scope["type"] == "http" and scope.get("method") == "POST"
                and scope.get("path", "").rstrip("/") == UPLOAD_PATH):
            await self.app(scope, receive, send)
            return
        settings = self.settings()
        client = (scope.get("client") or ("",))[0]
        if not await asyncio.to_thread(_signed_in, _session_token(scope)):
            log_event("upload_refused", reason="no_session", client=client)
            await _refusal(scope, 401, "error.upload_signed_out", settings)(scope, receive, send)
            return
        limit = settings.max_upload_bytes + MULTIPART_ALLOWANCE
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            log_event("upload_refused", reason="too_large", client=client)
            await _refusal(scope, 413, "error.file_too_large", settings)(scope, receive, send)
            return
        received = 0
        cut = False
        started = False

        async def counted_receive() -> Message:
            nonlocal received, cut
            if cut:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    cut = True
                    # The app sees a client that left: it stops reading and stores no more.
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if cut:
                return  # the app's answer to a "disconnect" is replaced by the 413 below
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not cut:
                raise  # a "disconnect" the app did not expect is not an error of its own
        if cut and not started:
            log_event("upload_refused", reason="too_large", client=client)
            await _refusal(scope, 413, "error.file_too_large", settings)(scope, receive, send)


# --- page addresses -----------------------------------------------------------------------


class PageAddresses:
    """Serve a prerendered page at its own address: the build writes `dossiers.html` (and
    `dossiers/index.html`), and the static server would answer `/dossiers` with a redirect
    to `/dossiers/`. A GET of a page address without a trailing slash is served from its
    `.html` file instead; anything else passes untouched."""

    def __init__(self, app: ASGIApp, pages_dir: Callable[[], Path | None]) -> None:
        self.app = app
        self.pages_dir = pages_dir

    def _page(self, path: str) -> str | None:
        last = path.rsplit("/", 1)[-1]
        if (path in ("", "/") or path.endswith("/") or "." in last or "\\" in path
                or path.startswith(("/api/", "/_"))):
            return None
        root = self.pages_dir()
        if root is None:
            return None
        candidate = (root / f"{path.strip('/')}.html").resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return f"{path}.html"
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD"):
            page = self._page(scope.get("path", ""))
            if page is not None:
                scope = {**scope, "path": page, "raw_path": page.encode("utf-8")}
        await self.app(scope, receive, send)


# --- delivery: caching, compression and the page's language (issue 13) ---------------------

HASHED_ASSETS = "/assets/"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
PAGE_VARY = "Accept-Encoding, Cookie, Accept-Language"
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.I)
_LANG_OR_DIR = re.compile(rb"\s(?:lang|dir)\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]*)", re.I)


def visitor_lang(headers: Headers, default: str | None = None) -> str:
    """The language a page is served in: the one the person picked (the `counter_lang`
    cookie), else the browser's (Accept-Language), else the default; as the page's own
    language detection decides (AppState._read_preferences)."""
    return picked_screen_lang(headers.get("cookie")) or negotiate(
        headers.get("accept-language"), default)


def with_language(html: bytes, lang: str) -> bytes:
    """The page with `lang` and `dir` of its language on its <html> tag, so the browser
    lays it out right (right-to-left for Arabic) from the first paint."""
    match = _HTML_TAG.search(html)
    if match is None:
        return html
    rest = _LANG_OR_DIR.sub(b"", match.group(0)[len(b"<html"):])
    tag = f'<html lang="{lang}" dir="{registry.direction(lang)}"'.encode() + rest
    return html[:match.start()] + tag + html[match.end():]


def accepts_gzip(accept_encoding: str) -> bool:
    for part in accept_encoding.lower().split(","):
        token, _, params = part.strip().partition(";")
        if token.strip() in ("gzip", "*"):
            return params.strip().replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def _variant_etag(etag: str, suffix: str) -> str:
    return f"{etag[:-1]}{suffix}\"" if etag.endswith('"') else etag


def _inner_if_none_match(value: str, suffix: str) -> str | None:
    """The build's ETags behind the variant ETags a browser sends back; a variant of another
    language or encoding matches nothing."""
    tags = [tag.strip() for tag in value.split(",")]
    inner = [f"{tag[:-1 - len(suffix)]}\"" for tag in tags if tag.endswith(f'{suffix}"')]
    return ", ".join(inner) or None


class Delivery:
    """How the product's files travel (issue 13):

    - hashed assets (`/assets/...`, their names change with their content) are cached for a
      year, `immutable`: a later visit asks nothing of them. Their precompressed .br/.gz
      files are chosen by the static server (frontend_compression_formats in rxconfig.py);
    - pages are revalidated on every visit (`no-cache` with their ETag: a 304 costs a few
      hundred bytes), carry `lang`/`dir` of the visitor's language on <html>, and are
      gzipped per language (pages are a few KB; each variant has its own ETag, and
      `Vary` says what they depend on).

    Outermost, so the security headers' page policy (computed from the inline scripts, which
    this rewrite does not touch) sees the build's page as it is."""

    def __init__(self, app: ASGIApp, default_lang: Callable[[], str]) -> None:
        self.app = app
        self.default_lang = default_lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
        elif path.startswith(HASHED_ASSETS):
            await self.app(scope, receive, _with_cache_control(send, IMMUTABLE))
        elif self._is_page_address(path):
            await self._page(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    @staticmethod
    def _is_page_address(path: str) -> bool:
        last = path.rsplit("/", 1)[-1]
        return (not path.startswith(("/api/", "/_")) and path != "/ping"
                and ("." not in last or last.endswith(".html")))

    async def _page(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        lang = visitor_lang(headers, self.default_lang())
        gzipped = scope.get("method") == "GET" and accepts_gzip(headers.get("accept-encoding", ""))
        suffix = f"-{lang}" + ("-gz" if gzipped else "")
        # The page itself comes uncompressed from the static server: it is rewritten here.
        raw = [(name, value) for name, value in scope["headers"]
               if name not in (b"accept-encoding", b"if-none-match")]
        if (sent_tag := headers.get("if-none-match")) and (
                inner := _inner_if_none_match(sent_tag, suffix)):
            raw.append((b"if-none-match", inner.encode("latin-1")))
        start: Message | None = None
        chunks: list[bytes] = []

        async def deliver(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                response = MutableHeaders(scope=message)
                if not response.get("content-type", "").startswith("text/html") and \
                        message["status"] != 304:
                    await send(message)
                    return
                response["Cache-Control"] = REVALIDATE
                response["Vary"] = PAGE_VARY
                if etag := response.get("etag"):
                    response["ETag"] = _variant_etag(etag, suffix)
                if message["status"] == 304 or scope.get("method") == "HEAD":
                    await send(message)
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            if message["type"] == "http.response.pathsend":
                chunks.append(await asyncio.to_thread(Path(message["path"]).read_bytes))
            else:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
            await self._send_page(start, b"".join(chunks), lang, gzipped, send)
            start = None

        await self.app({**scope, "headers": raw}, receive, deliver)

    @staticmethod
    async def _send_page(start: Message, body: bytes, lang: str, gzipped: bool,
                         send: Send) -> None:
        headers = MutableHeaders(scope=start)
        html = _decoded(body, headers.get("content-encoding", "").strip().lower())
        if html is None:  # an encoding this product never produces: leave the page as is
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        page = _page_variant(html, lang, gzipped)
        if "content-encoding" in headers:
            del headers["content-encoding"]
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        headers["Content-Length"] = str(len(page))
        await send(start)
        await send({"type": "http.response.body", "body": page})


_variants: dict[tuple[bytes, str, bool], bytes] = {}


def _page_variant(html: bytes, lang: str, gzipped: bool) -> bytes:
    """Cached by the page's bytes: each page is rewritten and compressed once per language."""
    key = (hashlib.sha256(html).digest(), lang, gzipped)
    page = _variants.get(key)
    if page is None:
        page = with_language(html, lang)
        if gzipped:
            page = gzip.compress(page, compresslevel=9, mtime=0)
        if len(_variants) < _CACHED_PAGES:
            _variants[key] = page
    return page


def _with_cache_control(send: Send, value: str) -> Send:
    async def cached(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] in (200, 304):
            MutableHeaders(scope=message)["Cache-Control"] = value
        await send(message)

    return cached


_PAGES_DIR: list[Path] = []


def built_pages_dir() -> Path | None:
    """Where the production build keeps its pages (None before a build: nothing to do)."""
    if _PAGES_DIR:
        return _PAGES_DIR[0]
    from reflex import constants
    from reflex.config import get_config
    from reflex.utils import prerequisites

    root = (prerequisites.get_web_dir() / constants.Dirs.STATIC
            / get_config().frontend_path.strip("/")).resolve()
    if not root.is_dir():
        return None
    _PAGES_DIR.append(root)
    return root


def edge(app: ASGIApp) -> ASGIApp:
    """The backend as the outside sees it (the api_transformer of counter.py)."""

    def origins() -> tuple[str, ...]:
        return get_settings().allowed_origins

    def default_lang() -> str:
        return get_settings().default_lang

    pages = PageAddresses(app, built_pages_dir)
    guarded = SecurityHeaders(OriginGuard(UploadGuard(pages, get_settings), origins), origins)
    return Delivery(guarded, default_lang)
