from itertools import product

import pytest

from counter.domain.lifecycle import (
    TRANSITIONS,
    Actor,
    Status,
    TransitionError,
    allowed_targets,
    check_transition,
)

# DOMAIN.md, written out independently of the module under test: (from, to) -> who.
EXPECTED = {
    ("draft", "submitted"): {"applicant", "agent"},
    ("submitted", "in_review"): {"agent"},
    ("in_review", "info_requested"): {"agent"},
    ("info_requested", "in_review"): {"applicant"},
    ("in_review", "accepted"): {"agent", "system"},
    # Acceptance by silence at the deadline (law 55-19): the system only.
    ("submitted", "accepted"): {"system"},
    ("in_review", "rejected"): {"agent"},
    ("draft", "withdrawn"): {"applicant"},
    ("submitted", "withdrawn"): {"applicant"},
    ("in_review", "withdrawn"): {"applicant"},
    ("info_requested", "withdrawn"): {"applicant"},
}
NOTE_REQUIRED = {("in_review", "info_requested"), ("in_review", "rejected")}


@pytest.mark.parametrize(("source", "target", "actor"), list(product(Status, Status, Actor)))
def test_every_pair_of_states_follows_the_domain(source, target, actor):
    allowed = actor.value in EXPECTED.get((source.value, target.value), set())
    if allowed:
        assert check_transition(source, target, actor, note="a reason") == target
    else:
        with pytest.raises(TransitionError) as caught:
            check_transition(source, target, actor, note="a reason")
        expected = (
            "error.transition_wrong_actor"
            if (source.value, target.value) in EXPECTED
            else "error.transition_not_allowed"
        )
        assert caught.value.code == expected


@pytest.mark.parametrize(("source", "target"), sorted(NOTE_REQUIRED))
@pytest.mark.parametrize("note", [None, "", "   \n"])
def test_a_request_for_information_and_a_rejection_need_a_note(source, target, note):
    with pytest.raises(TransitionError) as caught:
        check_transition(source, target, "agent", note=note)
    assert caught.value.code == "error.transition_note_required"


def test_acceptance_needs_no_note():
    assert check_transition("in_review", "accepted", "agent") == Status.ACCEPTED


def test_no_transition_leaves_a_final_state():
    for final in ("accepted", "rejected", "withdrawn"):
        assert allowed_targets(final) == []


def test_the_table_has_exactly_the_domain_transitions():
    assert {(s.value, t.value) for s, t in TRANSITIONS} == set(EXPECTED)


def test_security_11_skipping_review_is_refused():
    with pytest.raises(TransitionError):
        check_transition("submitted", "accepted", "agent")


def test_allowed_targets_by_actor():
    assert allowed_targets("in_review", "agent") == [
        Status.INFO_REQUESTED, Status.ACCEPTED, Status.REJECTED
    ]
    assert allowed_targets("in_review", "applicant") == [Status.WITHDRAWN]


def test_only_the_system_accepts_by_silence_and_does_nothing_else():
    assert allowed_targets("submitted", "system") == [Status.ACCEPTED]
    assert allowed_targets("in_review", "system") == [Status.ACCEPTED]
    for source in Status:
        if source not in (Status.SUBMITTED, Status.IN_REVIEW):
            assert allowed_targets(source, "system") == []


def test_unknown_status_is_refused():
    with pytest.raises(ValueError):
        check_transition("draft", "approved", "agent")
