"""SECURITY 27, 28 and 39: the session cookie is the server's, a page's state belongs to one
session, and a client cannot make the server hold unbounded state.

The attacks of issue 11 (findings 3, 10, 14) are replayed through the app's own event
processing: the real app (its middleware and states), an in-memory state manager, and a
websocket stand-in that records every frame the server would send.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from reflex.istate.manager.memory import StateManagerMemory
from reflex.istate.manager.token import BaseStateToken
from reflex.state import BaseState, State
from reflex_base.event import Event
from reflex_base.event.processor.base_state_processor import BaseStateEventProcessor
from reflex_base.utils.format import json_dumps
from sqlmodel import Session, select
from starlette.testclient import TestClient

from counter.api.routes import api
from counter.models import Account, UserSession, utcnow
from counter.services.accounts import (
    account_for_token,
    close_session,
    create_staff,
    disable_account,
    open_session,
    register_citizen,
)
from counter.services.seed import load_demo_data
from counter.services.sessions import SESSION_COOKIE, cookie_header, issue_ticket, redeem_ticket
from counter.settings import Settings, get_settings
from counter.states.agent import ReviewState
from counter.states.auth import PROFILE_AFTER_CHANGE, ProfileState, SignInState
from counter.states.base import AppState
from counter.states.catalog_admin import MAX_DOCUMENT_ROWS, MAX_FIELD_ROWS, CatalogAdminState
from counter.states.dossiers import DossierState
from counter.states.session import SessionState

PASSWORD = "Figuier de Barbarie 1987"
APPLICANT = "Fatima Zahra Alaoui"
CIN = "JK445566"
OURS = "http://localhost:3000"  # the default COUNTER_PUBLIC_URL


@pytest.fixture
def settings(private_settings: Settings, product_engine: object) -> Settings:
    return get_settings()


@pytest.fixture
def security_log() -> Iterator[list[str]]:
    """What the security logger writes (it does not propagate)."""
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("counter.security")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


@dataclass
class People:
    agent: Account
    citizen: Account
    other: Account


@pytest.fixture
def people(session: Session, settings: Settings, cheap_hashing: None) -> People:
    load_demo_data(session)
    agent = create_staff(session, role="agent", full_name="Hassan Ouali",
                         email="hassan@region.example.ma", password=PASSWORD,
                         service_id=1)
    citizen = register_citizen(session, full_name=APPLICANT, cin=CIN,
                               email="fatima@example.ma", mobile=None, password=PASSWORD)
    other = register_citizen(session, full_name="Omar Bennani", cin="K998877",
                             email="omar@example.ma", mobile=None, password=PASSWORD)
    session.commit()
    return People(agent, citizen, other)


# --- the app's event processing, with a recording websocket -------------------------------


@dataclass
class Browser:
    """One browser tab: its client token, the cookie its websocket sent, what it received."""

    token: str
    cookie: str = ""
    ip: str = "203.0.113.7"
    # The screen language the browser remembers (its `counter_lang` cookie), if any.
    lang_cookie: str = ""
    region_cookie: str = ""  # and the region it remembers (`counter_region`)
    # The websocket: a page load opens a new one (`Server.hydrate(..., new_socket=True)`).
    socket: int = 0
    frames: list[str] = field(default_factory=list)

    def received(self) -> str:
        return "\n".join(self.frames)


class Server:
    """The real app's middleware and states over an in-memory state manager."""

    def __init__(self) -> None:
        from counter.counter import app

        self.app = app
        self.manager = StateManagerMemory()
        self.tabs: dict[str, Browser] = {}

    async def emit_update(self, update: Any, token: str) -> None:  # noqa: ANN401
        frame = {"delta": update.delta, "events": [repr(e) for e in update.events or []]}
        # Serialized as the websocket sends it (Reflex's serializers), readable (no \u escapes).
        self.tabs[token].frames.append(json_dumps(frame, ensure_ascii=False))

    def send(self, tab: Browser, handler: str, path: str = "/", **payload: Any) -> None:  # noqa: ANN401
        """One event from `tab`, as the websocket delivers it (cookie from the handshake)."""
        self.tabs[tab.token] = tab
        cookies = [f"{SESSION_COOKIE}={tab.cookie}" if tab.cookie else "",
                   f"counter_lang={tab.lang_cookie}" if tab.lang_cookie else "",
                   f"counter_region={tab.region_cookie}" if tab.region_cookie else ""]
        router_data = {"pathname": path, "asPath": path, "query": {},
                       "headers": {"cookie": "; ".join(c for c in cookies if c),
                                   "origin": OURS},
                       "ip": tab.ip, "token": tab.token,
                       "sid": f"sid-{tab.token}-{tab.socket}"}

        async def run() -> None:
            processor = BaseStateEventProcessor(middleware=self.app)
            processor.configure(state_manager=self.manager, event_namespace=self)
            async with processor:
                future = await processor.enqueue(
                    tab.token, Event(name=handler, payload=payload, router_data=router_data))
                await asyncio.wait_for(future.wait_all(), timeout=30)

        asyncio.run(run())

    def hydrate(self, tab: Browser, path: str = "/", *, new_socket: bool = False) -> None:
        """A page load (or reload): the websocket connects and hydrates (a new websocket,
        with the browser's cookies of now, if `new_socket`)."""
        tab.socket += new_socket
        self.send(tab, f"{State.get_full_name()}.hydrate_and_load", path)

    def put(self, tab: Browser, state_cls: type, **values: Any) -> None:  # noqa: ANN401
        """What a page's handlers had filled in (e.g. the dossier an agent opened)."""
        async def run() -> None:
            async with self.manager.modify_state(BaseStateToken(ident=tab.token,
                                                                cls=state_cls)) as root:
                state = await root.get_state(state_cls)
                for name, value in values.items():
                    setattr(state, name, value)

        asyncio.run(run())

    def value(self, tab: Browser, state_cls: type, name: str) -> Any:  # noqa: ANN401
        async def run() -> Any:  # noqa: ANN401
            root = await self.manager.get_state(BaseStateToken(ident=tab.token, cls=state_cls))
            return getattr(await root.get_state(state_cls), name)

        return asyncio.run(run())


def handler(state_cls: type, name: str) -> str:
    return f"{state_cls.get_full_name()}.{name}"


@pytest.fixture
def server(settings: Settings) -> Server:
    return Server()


REVIEW = {"applicant": APPLICANT, "cin": CIN, "contact": "fatima@example.ma",
          "tracking_code": "DRA-2026-000123"}
FILES = [{"name": "acte_de_propriete_alaoui.pdf", "url": "/api/documents/7"}]


def signed_in_tab(server: Server, session: Session, account: Account, token: str,
                  path: str) -> Browser:
    """A tab of `account`'s browser (its cookie on the websocket), loaded at `path`."""
    tab = Browser(token=token, cookie=open_session(session, account, client_ip="203.0.113.7"))
    session.commit()
    server.hydrate(tab, path)
    return tab


def agent_has_a_dossier_open(server: Server, session: Session, people: People) -> Browser:
    tab = Browser(token="agent-tab", cookie=open_session(session, people.agent,
                                                         client_ip="203.0.113.7"))
    session.commit()
    server.hydrate(tab, "/agent/dossiers/5")
    server.put(tab, ReviewState, header=dict(REVIEW), documents=list(FILES), dossier_id=5)
    server.put(tab, AppState, lang="ar")
    tab.frames.clear()
    return tab


def assert_nothing_private(text: str) -> None:
    for secret in (APPLICANT, CIN, "fatima@example.ma", "acte_de_propriete_alaoui"):
        assert secret not in text


# --- 27: the session cookie is set by the server --------------------------------------------


def post(path: str, *, origin: str | None = OURS, cookie: str = "", **body: Any):  # noqa: ANN201, ANN401
    """A POST to the cookie routes, as a page of `origin` sends it."""
    headers = {"Origin": origin} if origin else {}
    if cookie:
        headers["Cookie"] = f"{SESSION_COOKIE}={cookie}"
    with TestClient(api, raise_server_exceptions=False) as client:
        if body.pop("as_form", False):
            return client.post(path, data=body, headers=headers)
        return client.post(path, json=body, headers=headers)



def test_security_27_sign_in_hands_the_page_a_ticket_never_the_session_token(
        server, session, people):
    tab = Browser(token="signin-tab")
    server.hydrate(tab, "/signin")
    tab.frames.clear()
    server.send(tab, handler(SignInState, "sign_in"), "/signin",
                form={"login": "fatima@example.ma", "password": PASSWORD})

    sent = tab.received()
    assert "/api/session" in sent and "HttpOnly" not in sent
    session.expire_all()
    stored = {row.token_hash for row in session.exec(select(UserSession)).all()}
    assert stored, "the sign-in opened a session"
    words = set(re.findall(r"[A-Za-z0-9_-]{40,}", sent))
    assert not {hashlib.sha256(w.encode()).hexdigest() for w in words} & stored
    ticket = next(w for w in words if redeem_ticket(session, w) is not None)
    assert ticket


def test_security_27_a_new_password_reaches_the_browser_as_a_new_cookie_too(
        server, session, people):
    tab = signed_in_tab(server, session, people.citizen, "profile-tab", "/account")
    old = tab.cookie
    server.send(tab, handler(ProfileState, "change_password"), "/account",
                form={"current_password": PASSWORD, "password": "Une autre phrase, 2027",
                      "password2": "Une autre phrase, 2027"})
    sent = tab.received()
    assert "/api/session" in sent and PROFILE_AFTER_CHANGE in sent
    ticket = next(w for w in re.findall(r"[A-Za-z0-9_-]{40,}", sent)
                  if redeem_ticket(session, w) is not None)
    assert ticket
    session.expire_all()
    assert account_for_token(session, old) is None


def test_security_27_the_cookie_route_sets_an_httponly_samesite_cookie(session, people):
    token = open_session(session, people.citizen, client_ip="203.0.113.7")
    ticket = issue_ticket(session, token)
    session.commit()
    answer = post("/api/session", ticket=ticket)
    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite", "path"} <= attributes
    assert "SameSite=Strict" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # the default public address is http
    assert "max-age" not in attributes and "expires" not in attributes  # a browser session
    new_token = cookie.split(";")[0].split("=", 1)[1]
    session.expire_all()
    assert account_for_token(session, new_token).id == people.citizen.id
    # The token the handler held is replaced: only the cookie's opens the session.
    assert account_for_token(session, token) is None


def test_security_27_over_https_the_cookie_is_secure(monkeypatch, settings):
    monkeypatch.setenv("COUNTER_PUBLIC_URL", "https://guichet.region.example.ma")
    get_settings.cache_clear()
    assert cookie_header("abc").split("; ")[-1] == "Secure"
    assert "HttpOnly" in cookie_header("abc") and "SameSite=Strict" in cookie_header("abc")


def test_security_27_a_ticket_works_once_and_for_a_minute_only(session, people):
    token = open_session(session, people.citizen, client_ip="203.0.113.7")
    ticket = issue_ticket(session, token)
    late = issue_ticket(session, token, now=utcnow() - timedelta(seconds=61))
    session.commit()
    assert redeem_ticket(session, late) is None
    assert redeem_ticket(session, ticket) is not None
    assert redeem_ticket(session, ticket) is None
    for junk in ("", "x" * 5000, token):
        assert redeem_ticket(session, junk) is None


def test_security_27_another_site_cannot_set_or_clear_the_cookie(session, people):
    token = open_session(session, people.citizen, client_ip="203.0.113.7")
    ticket = issue_ticket(session, token)
    session.commit()
    foreign = post("/api/session", origin="https://evil.example", ticket=ticket)
    form = post("/api/session", origin=None, ticket=ticket, as_form=True)
    ending = post("/api/session/end", origin="https://evil.example", cookie=token)
    assert (foreign.status_code, form.status_code, ending.status_code) == (403, 403, 403)
    assert "set-cookie" not in foreign.headers and "set-cookie" not in ending.headers
    assert redeem_ticket(session, ticket) is not None  # still unused


def test_security_27_signing_out_clears_the_cookie_from_the_server(session, people):
    token = open_session(session, people.citizen, client_ip="203.0.113.7")
    session.commit()
    answer = post("/api/session/end", cookie=token)
    assert answer.status_code == 204
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=;") and "Max-Age=0" in cookie
    assert "HttpOnly" in cookie
    session.expire_all()
    assert account_for_token(session, token) is None


def test_security_27_no_state_var_holds_the_session_cookie():
    from counter.counter import app  # noqa: F401  (every page and state registered)

    def walk(cls: type) -> Iterator[type]:
        for sub in cls.get_substates():
            yield sub
            yield from walk(sub)

    for cls in walk(State):
        for name, f in cls.get_fields().items():
            if cls._is_client_storage(f):
                assert getattr(f.default, "name", name) != SESSION_COOKIE, (cls, name)


def test_security_27_the_server_reads_the_token_from_the_connection_cookie(
        server, session, people):
    tab = signed_in_tab(server, session, people.citizen, "cookie-tab", "/account")
    assert server.value(tab, DossierState, "user_name") == ""  # no page load filled it yet
    server.send(tab, handler(SessionState, "refresh_user"), "/account")
    assert server.value(tab, DossierState, "user_name") == APPLICANT
    # A made-up var sent by the client cannot stand in for the cookie.
    other = Browser(token="forged-tab")
    server.hydrate(other, "/account")
    server.send(other, handler(SessionState, "refresh_user"), "/account")
    assert server.value(other, DossierState, "user_name") == ""


# --- 28: nothing private outlives the session ----------------------------------------------


def test_security_28_after_sign_out_reloading_the_tab_shows_nothing_private(
        server, session, people):
    tab = agent_has_a_dossier_open(server, session, people)
    other = Browser(token="agent-second-tab", cookie=tab.cookie)  # a second tab, same browser
    server.hydrate(other, "/agent/dossiers/5")
    server.put(other, ReviewState, header=dict(REVIEW))
    server.put(other, AppState, lang="ar")
    other.frames.clear()
    server.send(tab, handler(SessionState, "sign_out"), "/agent/dossiers/5")
    assert "/api/session/end" in tab.received()  # the server clears the cookie
    session.expire_all()
    assert account_for_token(session, tab.cookie) is None
    # The page loads afresh (a new websocket, without the cookie), or is reloaded later.
    tab.cookie = ""
    tab.frames.clear()
    server.hydrate(tab, "/agent/dossiers/5")
    assert_nothing_private(tab.received())
    assert server.value(tab, ReviewState, "header") == {}
    assert server.value(tab, ReviewState, "documents") == []

    # The second tab, still connected with the old cookie, gets nothing more either; what
    # the browser keeps as a preference stays.
    server.send(other, handler(SessionState, "refresh_user"), "/agent/dossiers/5")
    assert_nothing_private(other.received())
    assert server.value(other, ReviewState, "header") == {}
    assert server.value(other, AppState, "lang") == "ar"


def test_security_28_a_session_ended_elsewhere_empties_the_state_before_the_reload_is_sent(
        server, session, people):
    tab = agent_has_a_dossier_open(server, session, people)
    close_session(session, tab.cookie)  # signed out in another tab; this one still has it
    session.commit()
    server.hydrate(tab, "/agent/dossiers/5")
    assert_nothing_private(tab.received())
    assert server.value(tab, ReviewState, "header") == {}


def test_security_28_replaying_a_client_token_without_the_cookie_opens_nothing(
        server, session, people):
    victim = agent_has_a_dossier_open(server, session, people)
    attacker = Browser(token=victim.token, cookie="", ip="198.51.100.66")
    server.hydrate(attacker, "/agent/dossiers/5")
    assert_nothing_private(attacker.received())
    server.send(attacker, handler(SessionState, "refresh_user"), "/agent/dossiers/5")
    assert_nothing_private(attacker.received())


def test_security_28_replaying_a_client_token_with_another_account_opens_nothing(
        server, session, people):
    victim = agent_has_a_dossier_open(server, session, people)
    intruder_cookie = open_session(session, people.other, client_ip="198.51.100.66")
    session.commit()
    attacker = Browser(token=victim.token, cookie=intruder_cookie, ip="198.51.100.66")
    server.hydrate(attacker, "/agent/dossiers/5")
    assert_nothing_private(attacker.received())


def test_security_28_a_disabled_account_or_a_timed_out_session_loses_the_page_state(
        server, session, people):
    tab = agent_has_a_dossier_open(server, session, people)
    disable_account(session, people.agent.id)
    session.commit()
    server.send(tab, handler(SessionState, "refresh_user"), "/agent/dossiers/5")
    assert_nothing_private(tab.received())
    assert server.value(tab, ReviewState, "header") == {}

    tab = Browser(token="timed-out-tab", cookie=open_session(session, people.citizen,
                                                             client_ip="203.0.113.7"))
    session.commit()
    server.hydrate(tab, "/dossiers/5")
    server.put(tab, DossierState, procedure_name="Permis de construire — " + APPLICANT)
    row = session.exec(select(UserSession).where(UserSession.account_id == people.citizen.id)
                       ).one()
    row.last_seen_at = utcnow() - timedelta(minutes=31)
    session.add(row)
    session.commit()
    tab.frames.clear()
    server.hydrate(tab, "/dossiers/5")
    assert_nothing_private(tab.received())


def test_security_28_the_same_session_keeps_its_page_state(server, session, people):
    tab = agent_has_a_dossier_open(server, session, people)
    server.send(tab, handler(SessionState, "refresh_user"), "/agent/dossiers/5")
    assert server.value(tab, ReviewState, "header") == REVIEW


# --- 39: a client cannot make the server hold unbounded state -------------------------------


def test_security_39_an_anonymous_client_cannot_fill_the_catalog_editor(server, session, people):
    """Finding 14: 301 rows of editor data held for a client that is not signed in."""
    tab = Browser(token="anonymous-editor")
    server.hydrate(tab, "/admin/catalog")
    server.send(tab, handler(CatalogAdminState, "new"), "/admin/catalog")
    for _ in range(5):
        server.send(tab, handler(CatalogAdminState, "add_field_row"), "/admin/catalog")
        server.send(tab, handler(CatalogAdminState, "add_document_row"), "/admin/catalog")
    server.send(tab, handler(CatalogAdminState, "set_value"), "/admin/catalog",
                key="name_fr", value="x" * 2000)
    assert server.value(tab, CatalogAdminState, "field_rows") == []
    assert server.value(tab, CatalogAdminState, "document_rows") == []
    assert server.value(tab, CatalogAdminState, "values") == {}


def test_security_39_even_an_administrator_editor_holds_a_bounded_number_of_rows(
        server, session, people):
    admin = session.exec(select(Account).where(Account.role == "admin")).first()
    tab = Browser(token="admin-editor", cookie=open_session(session, admin,
                                                            client_ip="203.0.113.7"))
    session.commit()
    server.hydrate(tab, "/admin/catalog")
    server.send(tab, handler(CatalogAdminState, "new"), "/admin/catalog")
    for _ in range(MAX_FIELD_ROWS + 5):
        server.send(tab, handler(CatalogAdminState, "add_field_row"), "/admin/catalog")
    for _ in range(MAX_DOCUMENT_ROWS + 5):
        server.send(tab, handler(CatalogAdminState, "add_document_row"), "/admin/catalog")
    assert len(server.value(tab, CatalogAdminState, "field_rows")) == MAX_FIELD_ROWS
    assert len(server.value(tab, CatalogAdminState, "document_rows")) == MAX_DOCUMENT_ROWS
    assert server.value(tab, CatalogAdminState, "errors")["form"].startswith(
        "Le nombre maximal de lignes")


def test_security_39_a_part_of_a_state_past_the_size_limit_is_emptied_not_kept(
        server, settings, security_log):
    tab = Browser(token="huge")
    server.hydrate(tab, "/signin")
    server.put(tab, SignInState, error="x" * (settings.state_max_bytes + 1), next_path="/a")
    server.put(tab, AppState, lang="ar")

    async def kept() -> tuple[int, BaseState]:
        root = await server.manager.get_state(BaseStateToken(ident=tab.token, cls=SignInState))
        state = await root.get_state(SignInState)
        return len(state._serialize()), state

    size, state = asyncio.run(kept())
    assert size < settings.state_max_bytes
    assert (state.error, state.next_path, state.lang) == ("", "", "ar")
    assert json.loads(security_log[-1])["event"] == "state_too_large"


def test_security_39_states_expire_on_disk_and_in_redis(monkeypatch):
    import importlib

    import rxconfig

    monkeypatch.setenv("COUNTER_STATE_EXPIRY_MINUTES", "20")
    get_settings.cache_clear()
    try:
        config = importlib.reload(rxconfig).config
        assert config.redis_token_expiration == 20 * 60
        from reflex.istate.manager import _default_token_expiration
        from reflex_base import config as reflex_config

        monkeypatch.setattr(reflex_config, "get_config", lambda: config)
        import reflex.istate.manager as manager_module

        monkeypatch.setattr(manager_module, "get_config", lambda: config)
        assert _default_token_expiration() == 20 * 60  # what StateManagerDisk uses
    finally:
        monkeypatch.delenv("COUNTER_STATE_EXPIRY_MINUTES")
        get_settings.cache_clear()
        importlib.reload(rxconfig)
    assert get_settings().state_expiry_minutes == 60
