"""The dossier lifecycle of DOMAIN.md, in one place.

Every status change in the product goes through `check_transition`; nothing else
decides which moves are allowed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    INFO_REQUESTED = "info_requested"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Actor(StrEnum):
    """Who performs a transition, as far as the lifecycle is concerned."""

    APPLICANT = "applicant"
    AGENT = "agent"
    # The product itself, acting under a text: acceptance by the administration's silence
    # at the deadline (law 55-19), for the procedures that have it on.
    SYSTEM = "system"


@dataclass(frozen=True)
class Rule:
    actors: frozenset[Actor]
    note_required: bool = False


_APPLICANT = frozenset({Actor.APPLICANT})
_AGENT = frozenset({Actor.AGENT})
_BOTH = frozenset({Actor.APPLICANT, Actor.AGENT})
_SYSTEM = frozenset({Actor.SYSTEM})

TRANSITIONS: dict[tuple[Status, Status], Rule] = {
    # An agent submits on the applicant's behalf for assisted filing.
    (Status.DRAFT, Status.SUBMITTED): Rule(_BOTH),
    (Status.SUBMITTED, Status.IN_REVIEW): Rule(_AGENT),
    (Status.IN_REVIEW, Status.INFO_REQUESTED): Rule(_AGENT, note_required=True),
    (Status.INFO_REQUESTED, Status.IN_REVIEW): Rule(_APPLICANT),
    (Status.IN_REVIEW, Status.ACCEPTED): Rule(_AGENT | _SYSTEM),
    # Silence at the deadline counts as acceptance, whether or not an agent took the file.
    (Status.SUBMITTED, Status.ACCEPTED): Rule(_SYSTEM),
    (Status.IN_REVIEW, Status.REJECTED): Rule(_AGENT, note_required=True),
    (Status.DRAFT, Status.WITHDRAWN): Rule(_APPLICANT),
    (Status.SUBMITTED, Status.WITHDRAWN): Rule(_APPLICANT),
    (Status.IN_REVIEW, Status.WITHDRAWN): Rule(_APPLICANT),
    (Status.INFO_REQUESTED, Status.WITHDRAWN): Rule(_APPLICANT),
}

OPEN_STATUSES = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED})
DECIDED_STATUSES = frozenset({Status.ACCEPTED, Status.REJECTED})
FINAL_STATUSES = DECIDED_STATUSES | {Status.WITHDRAWN}


class TransitionError(ValueError):
    """A move the lifecycle does not allow. `code` is a message key for the user."""

    def __init__(self, code: str, source: Status, target: Status) -> None:
        self.code = code
        self.source = source
        self.target = target
        super().__init__(f"{code}: {source} -> {target}")


def allowed_targets(source: Status | str, actor: Actor | str | None = None) -> list[Status]:
    """The statuses reachable from `source` (by `actor`, if given), in lifecycle order."""
    source = Status(source)
    return [
        target
        for (src, target), rule in TRANSITIONS.items()
        if src == source and (actor is None or Actor(actor) in rule.actors)
    ]


def check_transition(
    source: Status | str, target: Status | str, actor: Actor | str, note: str | None = None
) -> Status:
    """Return the target status if the move is allowed, else raise TransitionError."""
    source, target, actor = Status(source), Status(target), Actor(actor)
    rule = TRANSITIONS.get((source, target))
    if rule is None:
        raise TransitionError("error.transition_not_allowed", source, target)
    if actor not in rule.actors:
        raise TransitionError("error.transition_wrong_actor", source, target)
    if rule.note_required and not (note or "").strip():
        raise TransitionError("error.transition_note_required", source, target)
    return target
