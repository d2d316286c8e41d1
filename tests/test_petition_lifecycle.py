"""The petition lifecycle, the thresholds, eligibility, associations and the two-month clock
(organic law 111-14, articles 120-122, as DOMAIN.md states them)."""

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from itertools import product

import pytest

from counter.domain.petitions import (
    CENSUS_2024,
    TRANSITIONS,
    DepositedPetition,
    PetitionActor,
    PetitionKind,
    PetitionRules,
    PetitionStatus,
    PetitionTransitionError,
    add_months,
    allowed_targets,
    association_error,
    can_sign,
    check_thresholds,
    check_transition,
    decision_due,
    default_rules,
    province_minimum,
    rules_errors,
    signer_error,
    tiered_minimum,
    two_month_indicator,
)

C, ASSOC = "citizens", "association"
# DOMAIN.md and issue 15, written out independently of the module: (from, to) -> kinds, who.
EXPECTED = {
    ("draft", "awaiting_reps"): ({C}, {"author"}),
    ("awaiting_reps", "draft"): ({C}, {"author", "representative", "deputy"}),
    ("awaiting_reps", "collecting"): ({C}, {"author", "representative"}),
    ("collecting", "deposited"): ({C}, {"representative", "deputy"}),
    ("collecting", "lapsed"): ({C}, {"system"}),
    ("draft", "deposited"): ({ASSOC}, {"association_rep"}),
    ("deposited", "admissible"): ({C, ASSOC}, {"bureau"}),
    ("deposited", "refused"): ({C, ASSOC}, {"bureau"}),
    ("admissible", "answered"): ({C, ASSOC}, {"agent"}),
    ("draft", "withdrawn"): ({C, ASSOC}, {"author", "association_rep"}),
    ("awaiting_reps", "withdrawn"): ({C}, {"author"}),
    ("collecting", "withdrawn"): ({C}, {"representative"}),
    ("deposited", "withdrawn"): ({C, ASSOC}, {"representative", "association_rep"}),
}
EVERYTHING = {"reasons": "Hors compétence", "committee": "Commission des affaires sociales",
              "session_on": date(2026, 3, 2), "answer": "Le conseil a voté..."}


@pytest.mark.parametrize(("source", "target", "actor", "kind"),
                         list(product(PetitionStatus, PetitionStatus, PetitionActor,
                                      PetitionKind)))
def test_every_pair_of_states_actors_and_kinds_follows_the_domain(source, target, actor, kind):
    kinds, actors = EXPECTED.get((source.value, target.value), (set(), set()))
    if kind.value in kinds and actor.value in actors:
        assert check_transition(source, target, actor, kind, **EVERYTHING) == target
        return
    with pytest.raises(PetitionTransitionError) as caught:
        check_transition(source, target, actor, kind, **EVERYTHING)
    expected = ("petition.transition_wrong_actor" if kind.value in kinds
                else "petition.transition_not_allowed")
    assert caught.value.code == expected


def test_the_table_has_exactly_the_domain_transitions():
    assert {(s.value, t.value) for s, t in TRANSITIONS} == set(EXPECTED)


@pytest.mark.parametrize("reasons", [None, "", "  \n"])
def test_a_refusal_needs_its_reasons(reasons):
    with pytest.raises(PetitionTransitionError) as caught:
        check_transition("deposited", "refused", "bureau", C, reasons=reasons)
    assert caught.value.code == "petition.reasons_required"


@pytest.mark.parametrize(("committee", "session_on"),
                         [(None, date(2026, 3, 2)), (" ", date(2026, 3, 2)), ("Commission", None)])
def test_admissibility_needs_a_committee_and_a_session_date(committee, session_on):
    with pytest.raises(PetitionTransitionError) as caught:
        check_transition("deposited", "admissible", "bureau", ASSOC, committee=committee,
                         session_on=session_on)
    assert caught.value.code == "petition.committee_session_required"


def test_the_answer_needs_its_text():
    with pytest.raises(PetitionTransitionError) as caught:
        check_transition("admissible", "answered", "agent", C, answer="")
    assert caught.value.code == "petition.answer_required"


def test_no_transition_leaves_a_final_state():
    for final in ("refused", "answered", "withdrawn", "lapsed"):
        assert allowed_targets(final) == []


def test_a_decision_after_withdrawal_is_refused():
    with pytest.raises(PetitionTransitionError):
        check_transition("withdrawn", "admissible", "bureau", C, **EVERYTHING)


def test_a_signer_moves_no_petition_and_signs_only_while_it_collects():
    assert all(allowed_targets(status, "signer") == [] for status in PetitionStatus)
    assert [s for s in PetitionStatus for k in PetitionKind if can_sign(s, k)] == ["collecting"]


def test_an_association_petition_skips_the_signatures():
    assert allowed_targets("draft", "association_rep", ASSOC) == ["deposited", "withdrawn"]
    assert allowed_targets("draft", kind=C) == ["awaiting_reps", "withdrawn"]


# --- thresholds ---------------------------------------------------------------------------


def _independent_minimum(population: int) -> int:
    # DOMAIN.md: "300 if fewer than 1,000,000 inhabitants, 400 from 1 to 3 million, 500 above"
    if population >= 3_000_001:
        return 500
    return 400 if population >= 1_000_000 else 300


@pytest.mark.parametrize("population", [0, 451_028, 999_999, 1_000_000, 1_000_001, 1_655_623,
                                        2_294_665, 2_999_999, 3_000_000, 3_000_001, 3_020_431])
def test_the_tiered_minimum_against_an_independent_computation(population):
    assert tiered_minimum(population) == _independent_minimum(population)


def test_the_2024_census_gives_the_minimum_domain_md_names():
    assert {code: default_rules(n).minimum_signatures for code, n in CENSUS_2024.items()} == {
        "LSH": 300, "DRA": 400, "ORI": 400, "SMA": 500}


@pytest.mark.parametrize(("minimum", "per_province"), [(300, 15), (400, 20), (500, 25),
                                                       (600, 30), (301, 16)])
def test_five_percent_of_the_minimum_per_province_rounded_up(minimum, per_province):
    assert province_minimum(PetitionRules(minimum_signatures=minimum)) == per_province


PROVINCES = ["ERR", "OUA", "MID", "TIN", "ZAG"]


def _spread(total: int, first: int) -> dict[str, int]:
    """`first` signatures in the first province, the rest evenly over the others."""
    rest, others = total - first, PROVINCES[1:]
    counts = {code: rest // len(others) for code in others}
    counts[others[0]] += rest - sum(counts.values())
    return {PROVINCES[0]: first, **counts}


@pytest.mark.parametrize(("total", "first", "met"), [
    (299, 60, False), (300, 60, True),
    # A province at 4.9 % of the minimum (14.7 of 300: 14) is short; at 5 % (15) it is not.
    (300, 14, False), (300, 15, True),
])
def test_a_300_region_at_its_edges(total, first, met):
    rules = PetitionRules(minimum_signatures=300)
    counts = _spread(total, first)
    assert sum(counts.values()) == total
    result = check_thresholds(counts, PROVINCES, rules)
    independent = total >= 300 and all(100 * n >= 5 * 300 for n in counts.values())
    assert result.met is met is independent


def test_a_400_region_province_at_4_9_and_5_percent():
    rules = default_rules(CENSUS_2024["DRA"])
    short = check_thresholds(_spread(450, 19), PROVINCES, rules)  # 19/400 = 4.75 %
    assert (short.total_met, short.short_provinces) == (True, ("ERR",))
    assert check_thresholds(_spread(450, 20), PROVINCES, rules).met  # 20/400 = 5 %


def test_a_province_without_signatures_counts_as_zero():
    result = check_thresholds({"ERR": 500}, PROVINCES, PetitionRules(minimum_signatures=400))
    assert result.total_met and result.short_provinces == ("OUA", "MID", "TIN", "ZAG")


def test_a_spread_rule_set_otherwise_is_followed():
    rules = PetitionRules(minimum_signatures=600, spread_pct=Fraction(0))
    assert check_thresholds({"ERR": 600}, PROVINCES, rules).met


def test_settings_without_a_source_or_with_nonsense_are_refused():
    bad = PetitionRules(minimum_signatures=0, spread_pct=Fraction(101), eligible_bases=(),
                        signature_days=0, source=" ")
    assert rules_errors(bad) == [
        "petition.settings_minimum_invalid", "petition.settings_spread_invalid",
        "petition.settings_bases_invalid", "petition.settings_days_invalid",
        "petition.settings_source_required"]
    assert rules_errors(default_rules(1)) == []


# --- who may sign -------------------------------------------------------------------------


def _signer(**changes):
    values = {"cin": "JB123456", "province_code": "ERR", "region_provinces": PROVINCES,
              "basis": "residence", "rules": default_rules(1_655_623), "statement": True}
    return signer_error(**{**values, **changes})


def test_a_resident_or_a_worker_of_the_region_with_the_statement_may_sign():
    assert _signer() is None
    assert _signer(basis="activity") is None


@pytest.mark.parametrize(("changes", "code"), [
    ({"cin": None}, "petition.sign_needs_cin"),
    ({"province_code": "AGA"}, "petition.sign_outside_region"),
    ({"statement": False}, "petition.sign_statement_required"),
    ({"basis": "voter"}, "petition.sign_basis_not_allowed"),
    ({"basis": "tourist"}, "petition.sign_basis_not_allowed"),
])
def test_who_may_not_sign(changes, code):
    assert _signer(**changes) == code


def test_a_region_that_asks_for_voters_takes_voters_only():
    rules = PetitionRules(minimum_signatures=600, eligible_bases=("voter",))
    assert _signer(basis="voter", rules=rules) is None
    assert _signer(basis="residence", rules=rules) == "petition.sign_basis_not_allowed"


# --- associations -------------------------------------------------------------------------


def _association(**changes):
    values = {"registered_on": date(2023, 3, 10), "today": date(2026, 3, 10),
              "in_good_standing": True, "seat_region": "DRA", "branch_regions": [],
              "petition_region": "DRA"}
    return association_error(**{**values, **changes})


def test_an_association_of_three_years_may_petition_one_day_less_may_not():
    assert _association() is None
    assert _association(today=date(2026, 3, 9)) == "petition.association_too_young"


def test_an_association_born_on_29_february():
    assert _association(registered_on=date(2020, 2, 29), today=date(2023, 2, 28)) is None
    assert _association(registered_on=date(2020, 2, 29), today=date(2023, 2, 27)) == (
        "petition.association_too_young")


def test_an_association_needs_its_seat_or_a_branch_in_the_region_and_good_standing():
    assert _association(seat_region="SMA") == "petition.association_outside_region"
    assert _association(seat_region="SMA", branch_regions=["DRA"]) is None
    assert _association(in_good_standing=False) == "petition.association_not_in_good_standing"


# --- the two-month clock ------------------------------------------------------------------


def test_two_months_from_the_deposit_end_on_the_last_day_of_a_shorter_month():
    assert decision_due(datetime(2025, 12, 31, 10, tzinfo=UTC)) == datetime(2026, 2, 28, 10,
                                                                            tzinfo=UTC)
    assert decision_due(datetime(2025, 11, 5, tzinfo=UTC)) == datetime(2026, 1, 5, tzinfo=UTC)
    assert add_months(datetime(2024, 12, 31, tzinfo=UTC), 2) == datetime(2025, 2, 28, tzinfo=UTC)


def test_the_two_month_indicator_against_an_independent_computation():
    now = datetime(2026, 6, 1, tzinfo=UTC)
    d = datetime(2026, 1, 15, 9, tzinfo=UTC)
    petitions = [
        DepositedPetition(d, d + timedelta(days=20)),              # in time
        DepositedPetition(d, datetime(2026, 3, 15, 9, tzinfo=UTC)),  # on the last instant
        DepositedPetition(d, datetime(2026, 3, 15, 9, 1, tzinfo=UTC)),  # a minute late
        DepositedPetition(d, None),                                 # late, still undecided
        DepositedPetition(datetime(2026, 5, 1, tzinfo=UTC), None),  # still in its two months
        DepositedPetition(d, None, withdrawn_before_decision=True),
    ]
    result = two_month_indicator(petitions, now)
    # By hand: four counted (3 decided, 1 overdue), two of them in time.
    assert (result.counted, result.in_time, result.share_pct) == (4, 2, 50.0)
    assert two_month_indicator([], now).share_pct is None
