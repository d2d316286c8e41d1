"""A dossier's status as a person who reads little recognises it: an icon and a colour
beside the word, never instead of it. One component, used wherever a status is shown."""

from __future__ import annotations

import reflex as rx

# status: (lucide icon, text colour, background). Each pair has a contrast of at least
# 4.5:1 (WCAG 1.4.3), checked by tests/test_reading_aid.py; the hue is never the only cue.
STATUS_STYLES: dict[str, tuple[str, str, str]] = {
    "draft": ("pencil", "#374151", "#f1f3f5"),
    "submitted": ("inbox", "#0b4a8f", "#e7f0fc"),
    "in_review": ("eye", "#3730a3", "#eceefd"),
    "info_requested": ("message-circle-question", "#7a3e00", "#fff1d6"),
    "accepted": ("circle-check", "#14532d", "#e3f6e8"),
    "rejected": ("circle-x", "#991b1b", "#fde8e8"),
    "withdrawn": ("undo-2", "#44403c", "#efedeb"),
}
# A petition's statuses (domain.petitions), with the same rule.
PETITION_STYLES: dict[str, tuple[str, str, str]] = {
    "draft": STATUS_STYLES["draft"],
    "awaiting_reps": ("user-check", "#7a3e00", "#fff1d6"),
    "collecting": ("pen-line", "#0b4a8f", "#e7f0fc"),
    "deposited": ("inbox", "#3730a3", "#eceefd"),
    "admissible": STATUS_STYLES["accepted"],
    "answered": ("message-square-text", "#14532d", "#e3f6e8"),
    "refused": STATUS_STYLES["rejected"],
    "withdrawn": STATUS_STYLES["withdrawn"],
    "lapsed": ("clock", "#44403c", "#efedeb"),
}
# The tracking page shows a dossier or a petition: the statuses both have look the same.
TRACKED_STYLES = {**STATUS_STYLES, **PETITION_STYLES}
UNKNOWN_STYLE = ("circle", "#374151", "#f1f3f5")


def status_badge(status: rx.Var | str, label: rx.Var | str,
                 styles: dict[str, tuple[str, str, str]] = STATUS_STYLES) -> rx.Component:
    """The status's icon (hidden from screen readers: the word says it) and its word;
    `styles` are a dossier's unless given (a petition's statuses have theirs)."""
    return rx.badge(
        rx.match(status,
                 *[(s, rx.icon(icon, size=14, aria_hidden="true"))
                   for s, (icon, _, _) in styles.items()],
                 rx.icon(UNKNOWN_STYLE[0], size=14, aria_hidden="true")),
        rx.text(label, as_="span"),
        size="2",
        variant="soft",
        color=rx.match(status, *[(s, fg) for s, (_, fg, _) in styles.items()],
                       UNKNOWN_STYLE[1]),
        background_color=rx.match(status, *[(s, bg) for s, (_, _, bg) in styles.items()],
                                  UNKNOWN_STYLE[2]),
        border=rx.match(status, *[(s, f"1px solid {fg}") for s, (_, fg, _) in
                                  styles.items()], f"1px solid {UNKNOWN_STYLE[1]}"),
        class_name="status-badge",
        custom_attrs={"data-status": status},
    )
