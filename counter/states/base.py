"""The state every page shares: the interface language and its text direction."""

from __future__ import annotations

import reflex as rx
from reflex.state import BaseState, OnLoadInternalState, _override_base_method

from counter.i18n import (
    LANGUAGES,
    SCREEN_CATALOGS,
    negotiate,
    normalize_lang,
    review_notice,
    text_direction,
)
from counter.logs import log_event
from counter.settings import get_settings

_ONE_YEAR = 365 * 24 * 3600


def _apply_to_document(lang: str) -> rx.event.EventSpec:
    """Set <html lang dir> so the whole document, portals included, mirrors for Arabic."""
    return rx.call_script(
        f"document.documentElement.lang='{lang}';"
        f"document.documentElement.dir='{text_direction(lang)}'"
    )


def empty_fields(state: BaseState) -> None:
    """A state's own fields back to their defaults, but for preferences the browser keeps
    (client storage: language, region) and the router's."""
    cls = type(state)
    for name, field in cls.get_fields().items():
        if (field._owner is cls and not name.startswith("rx_router") and name != "router_data"
                and not cls._is_client_storage(field)):
            setattr(state, name, field.default_value())


class AppState(rx.State):
    # The browser's cookie is only a preference: it is checked against LANGUAGES.
    lang: str = rx.Cookie("", name="counter_lang", max_age=_ONE_YEAR, same_site="lax")
    # The live session this browser's state was built for (states/binding.py): server only.
    _session_key: str = ""

    @_override_base_method
    def _serialize(self) -> bytes:
        """What the server keeps of this part of a tab between events, bounded (SECURITY
        39): a part grown past COUNTER_STATE_MAX_KB is emptied, and logged, not kept."""
        payload = super()._serialize()
        if len(payload) > get_settings().state_max_bytes:
            log_event("state_too_large", state=type(self).__name__, size=len(payload))
            empty_fields(self)
            payload = super()._serialize()
        return payload

    @rx.var
    def ui_lang(self) -> str:
        return normalize_lang(self.lang)

    @rx.var
    def text_dir(self) -> str:
        return text_direction(normalize_lang(self.lang))

    @rx.var
    def review_notice(self) -> list[str]:
        """The page's notice that its language is under review, in it and in French; empty
        for a reviewed language (registry `under_review`)."""
        return list(review_notice(normalize_lang(self.lang)) or ())

    @rx.var
    def tr(self) -> dict[str, str]:
        """The message catalog of the current language, for the screen."""
        return SCREEN_CATALOGS[normalize_lang(self.lang)]

    @rx.event
    def detect_lang(self):
        """On each page load: keep the remembered language, else the browser's, else French."""
        if self.lang not in LANGUAGES:
            self.lang = negotiate(self.router.headers.accept_language)
        return _apply_to_document(self.ui_lang)

    @rx.event
    def set_lang(self, lang: str):
        """Switch language, then run the page's load events again: what the server put in
        the page's lists (names, statuses, dates) comes back in the new language."""
        if lang in LANGUAGES:
            self.lang = lang
            return [_apply_to_document(lang), OnLoadInternalState.on_load_internal]
