"""The "listen" button: the page's main text read aloud by the device, for people who read
little. The browser's own speech synthesis does it (nothing is downloaded, nothing leaves
the device); where the device has no voice for the page's language, or cannot speak at
all, the button says so in that language. Pressing it again stops the reading.

The script runs through rx.call_script (eval, which the Content-Security-Policy allows for
the framework), so no inline script and no extra file are shipped.
"""

from __future__ import annotations

import reflex as rx

from counter.components.layout import TARGET, t
from counter.i18n import REGISTRY
from counter.i18n.registry import speech_tag
from counter.states.base import AppState

# The language tag given to the speech engine for each screen language (the registry's
# `speech`). A voice of the same language in another country (ar-SA for ar-MA) reads as
# well; a voice of another language (Arabic for Amazigh) would not, so none is taken.
SPEECH_LANGS: dict[str, str] = {entry.code: speech_tag(entry.code) for entry in REGISTRY}

# What is never read: controls (their words are not the page's text), what is hidden from
# assistive technology (icons, the required-field star) and what a page marks as noise.
LISTEN_SKIP = "[data-listen-skip]"

LISTEN_SCRIPT = r"""(function (id) {
  var button = document.getElementById(id);
  if (!button) return;
  var out = document.getElementById(id + '-message');
  var say = function (text) { if (out) out.textContent = text || ''; };
  var pressed = function (on) { button.setAttribute('aria-pressed', on ? 'true' : 'false'); };
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== 'function') {
    say(button.dataset.unsupported); return;
  }
  if (button.getAttribute('aria-pressed') === 'true') {
    synth.cancel(); pressed(false); say(''); return;
  }
  var lang = button.dataset.lang || document.documentElement.lang || 'fr';
  var root = document.getElementById(button.dataset.target) || document.getElementById('main');
  var skip = 'button,select,option,textarea,input,script,style,svg,[aria-hidden="true"],' +
    '[hidden],' + %(skip)s;
  var blocks = 'h1,h2,h3,h4,h5,h6,p,li,label,dt,dd,td,th,blockquote,div';
  var parts = [], last = null, node;
  var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while ((node = walker.nextNode())) {
    var el = node.parentElement;
    if (!el || el.closest(skip)) continue;
    var words = node.nodeValue.replace(/\s+/g, ' ').trim();
    if (!words) continue;
    var block = el.closest(blocks);
    var end = parts.length - 1;
    if (end >= 0 && block !== last && !/[.!?:;\u061f\u061b\u2026]$/.test(parts[end])) {
      parts[end] += '.';
    }
    parts.push(words); last = block;
  }
  var text = parts.join(' ');
  var tag = function (v) { return String(v.lang || '').replace('_', '-').toLowerCase(); };
  var speak = function (voices) {
    var wanted = lang.toLowerCase(), base = wanted.split('-')[0];
    var voice = voices.filter(function (v) { return tag(v) === wanted; })[0] ||
      voices.filter(function (v) { return tag(v).split('-')[0] === base; })[0];
    if (!voice) { pressed(false); say(button.dataset.noVoice); return; }
    synth.cancel();
    var utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.voice = voice;
    utterance.onend = utterance.onerror = function () { pressed(false); say(''); };
    pressed(true); say(button.dataset.reading);
    synth.speak(utterance);
  };
  var voices = synth.getVoices() || [];
  if (voices.length) { speak(voices); return; }
  /* Chromium loads its voices after the first call: wait for them, a little. */
  var done = false;
  var later = function () {
    if (done) return; done = true;
    if (synth.removeEventListener) synth.removeEventListener('voiceschanged', later);
    speak(synth.getVoices() || []);
  };
  if (synth.addEventListener) synth.addEventListener('voiceschanged', later);
  setTimeout(later, 1500);
})(%(id)s)"""


def listen_script(button_id: str) -> str:
    """The script one button runs: read the text of its target aloud, or stop."""
    return LISTEN_SCRIPT % {"id": repr(button_id), "skip": repr(LISTEN_SKIP)}


def speech_lang() -> rx.Var:
    """The speech language of the screen's language (the code itself for any other)."""
    return rx.match(AppState.ui_lang, *SPEECH_LANGS.items(), AppState.ui_lang)


def listen_button(target_id: str, button_id: str = "listen") -> rx.Component:
    """🔊 and its word, a 44 px toggle button that reads the element `target_id` aloud; its
    messages (reading, no voice, no speech at all) appear beside it and are announced."""
    return rx.flex(
        rx.button(
            rx.icon("volume-2", size=20, aria_hidden="true"),
            t("listen.button"),
            on_click=rx.call_script(listen_script(button_id)),
            variant="surface",
            size="3",
            min_height=TARGET,
            min_width=TARGET,
            type="button",
            id=button_id,
            aria_pressed="false",
            aria_describedby=f"{button_id}-hint",
            class_name="listen-button",
            custom_attrs={
                "data-target": target_id,
                "data-lang": speech_lang(),
                "data-no-voice": t("listen.no_voice"),
                "data-unsupported": t("listen.unsupported"),
                "data-reading": t("listen.reading"),
                "data-listen-skip": "",
            },
        ),
        rx.text(t("listen.hint"), as_="span", size="2", color_scheme="gray",
                id=f"{button_id}-hint", custom_attrs={"data-listen-skip": ""}),
        rx.text(as_="span", size="2", weight="medium", id=f"{button_id}-message",
                role="status", aria_live="polite", class_name="listen-message",
                custom_attrs={"data-listen-skip": ""}),
        gap="2",
        align="center",
        wrap="wrap",
        width="100%",
        custom_attrs={"data-listen-skip": ""},
    )
