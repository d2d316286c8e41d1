"""Petitions to a regional council (organic law 111-14, articles 120-122), in one place.

The lifecycle of a petition, who may sign it, the thresholds and their spread over the
provinces, the associations' conditions and the two-month clock of the bureau's decision.
Pure rules: no database, no Reflex. Every petition status change in the product goes
through `check_transition`.

Where two sources disagree (the Oriental's and Souss-Massa's pages say "600 voters
registered on the electoral rolls"), the rule is a setting per region (`PetitionRules`),
shown with its legal reference and source; `default_rules` is the tiered rule of the law
on the 2024 census.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from fractions import Fraction


class PetitionStatus(StrEnum):
    DRAFT = "draft"
    AWAITING_REPRESENTATIVES = "awaiting_reps"
    COLLECTING = "collecting"
    DEPOSITED = "deposited"
    ADMISSIBLE = "admissible"
    REFUSED = "refused"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"
    # The signature period ended without a deposit.
    LAPSED = "lapsed"


class PetitionKind(StrEnum):
    CITIZENS = "citizens"
    ASSOCIATION = "association"


class PetitionActor(StrEnum):
    """Who performs a transition, as far as the petition's lifecycle is concerned."""

    AUTHOR = "author"
    REPRESENTATIVE = "representative"
    DEPUTY = "deputy"
    SIGNER = "signer"
    ASSOCIATION_REPRESENTATIVE = "association_rep"
    # An agent of the council's petitions service (enters paper sheets, publishes answers).
    AGENT = "agent"
    # The council's bureau, whose decision an agent of the petitions service records.
    BUREAU = "bureau"
    # The product itself: the end of the signature period.
    SYSTEM = "system"


class Requirement(StrEnum):
    """What a transition needs beyond the right actor."""

    REASONS = "reasons"  # a refusal is notified with its reasons
    COMMITTEE_AND_SESSION = "committee_session"  # an admissible petition goes to both
    ANSWER = "answer"  # the council's answer, published after the session


@dataclass(frozen=True)
class Rule:
    actors: frozenset[PetitionActor]
    kinds: frozenset[PetitionKind] = frozenset(PetitionKind)
    requires: Requirement | None = None


A = PetitionActor
S = PetitionStatus
_CITIZENS = frozenset({PetitionKind.CITIZENS})
_ASSOCIATION = frozenset({PetitionKind.ASSOCIATION})

TRANSITIONS: dict[tuple[PetitionStatus, PetitionStatus], Rule] = {
    # Citizens: the author names a representative and a deputy, who must accept.
    (S.DRAFT, S.AWAITING_REPRESENTATIVES): Rule(frozenset({A.AUTHOR}), _CITIZENS),
    # An invitee who declines sends the petition back to its author.
    (S.AWAITING_REPRESENTATIVES, S.DRAFT): Rule(
        frozenset({A.AUTHOR, A.REPRESENTATIVE, A.DEPUTY}), _CITIZENS),
    # Published for signatures with a closing date, once both have accepted.
    (S.AWAITING_REPRESENTATIVES, S.COLLECTING): Rule(
        frozenset({A.AUTHOR, A.REPRESENTATIVE}), _CITIZENS),
    # The representative (or the deputy in their place) deposits with the president.
    (S.COLLECTING, S.DEPOSITED): Rule(frozenset({A.REPRESENTATIVE, A.DEPUTY}), _CITIZENS),
    (S.COLLECTING, S.LAPSED): Rule(frozenset({A.SYSTEM}), _CITIZENS),
    # Associations: no signatures, the association's representative deposits the draft.
    (S.DRAFT, S.DEPOSITED): Rule(frozenset({A.ASSOCIATION_REPRESENTATIVE}), _ASSOCIATION),
    (S.DEPOSITED, S.ADMISSIBLE): Rule(frozenset({A.BUREAU}),
                                      requires=Requirement.COMMITTEE_AND_SESSION),
    (S.DEPOSITED, S.REFUSED): Rule(frozenset({A.BUREAU}), requires=Requirement.REASONS),
    (S.ADMISSIBLE, S.ANSWERED): Rule(frozenset({A.AGENT}), requires=Requirement.ANSWER),
    (S.DRAFT, S.WITHDRAWN): Rule(frozenset({A.AUTHOR, A.ASSOCIATION_REPRESENTATIVE})),
    (S.AWAITING_REPRESENTATIVES, S.WITHDRAWN): Rule(frozenset({A.AUTHOR}), _CITIZENS),
    (S.COLLECTING, S.WITHDRAWN): Rule(frozenset({A.REPRESENTATIVE}), _CITIZENS),
    # Withdrawn after the deposit, before the bureau decided.
    (S.DEPOSITED, S.WITHDRAWN): Rule(frozenset({A.REPRESENTATIVE, A.ASSOCIATION_REPRESENTATIVE})),
}

PUBLISHED_STATUSES = frozenset({S.COLLECTING, S.DEPOSITED, S.ADMISSIBLE, S.REFUSED, S.ANSWERED,
                                S.LAPSED})
DECIDED_STATUSES = frozenset({S.ADMISSIBLE, S.REFUSED, S.ANSWERED})
FINAL_STATUSES = frozenset({S.REFUSED, S.ANSWERED, S.WITHDRAWN, S.LAPSED})


class PetitionError(ValueError):
    """A refusal the user can read: `code` is a message key, `params` its values."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


class PetitionTransitionError(PetitionError):
    def __init__(self, code: str, source: PetitionStatus, target: PetitionStatus) -> None:
        super().__init__(code)
        self.source, self.target = source, target


def allowed_targets(
    source: PetitionStatus | str,
    actor: PetitionActor | str | None = None,
    kind: PetitionKind | str | None = None,
) -> list[PetitionStatus]:
    """The statuses reachable from `source` (by `actor`, for `kind`, if given)."""
    source = PetitionStatus(source)
    return [
        target
        for (src, target), rule in TRANSITIONS.items()
        if src == source
        and (actor is None or PetitionActor(actor) in rule.actors)
        and (kind is None or PetitionKind(kind) in rule.kinds)
    ]


def check_transition(
    source: PetitionStatus | str,
    target: PetitionStatus | str,
    actor: PetitionActor | str,
    kind: PetitionKind | str,
    *,
    reasons: str | None = None,
    committee: str | None = None,
    session_on: date | None = None,
    answer: str | None = None,
) -> PetitionStatus:
    """Return the target status if the move is allowed, else raise PetitionTransitionError."""
    source, target = PetitionStatus(source), PetitionStatus(target)
    actor, kind = PetitionActor(actor), PetitionKind(kind)
    rule = TRANSITIONS.get((source, target))
    if rule is None or kind not in rule.kinds:
        raise PetitionTransitionError("petition.transition_not_allowed", source, target)
    if actor not in rule.actors:
        raise PetitionTransitionError("petition.transition_wrong_actor", source, target)
    if rule.requires is Requirement.REASONS and not (reasons or "").strip():
        raise PetitionTransitionError("petition.reasons_required", source, target)
    if rule.requires is Requirement.COMMITTEE_AND_SESSION and (
            not (committee or "").strip() or session_on is None):
        raise PetitionTransitionError("petition.committee_session_required", source, target)
    if rule.requires is Requirement.ANSWER and not (answer or "").strip():
        raise PetitionTransitionError("petition.answer_required", source, target)
    return target


def can_sign(status: PetitionStatus | str, kind: PetitionKind | str) -> bool:
    """Signatures are taken while a citizens' petition collects, and only then."""
    return PetitionStatus(status) is S.COLLECTING and PetitionKind(kind) is PetitionKind.CITIZENS


# --- the settings of a region -------------------------------------------------------------


class SignerBasis(StrEnum):
    """Why a signer may sign in a region (article 120 of the organic law, or a region's own
    rule of voters registered on its electoral rolls)."""

    RESIDENCE = "residence"
    ACTIVITY = "activity"  # an economic, commercial or professional activity there
    VOTER = "voter"


BASES = frozenset(basis.value for basis in SignerBasis)

# Legal populations of the 2024 census (DOMAIN.md), by region code.
CENSUS_2024 = {"LSH": 451_028, "DRA": 1_655_623, "ORI": 2_294_665, "SMA": 3_020_431}
CENSUS_YEAR = 2024
LAW_REFERENCE = "Loi organique n° 111-14 relative aux régions, articles 120 à 122"
LAW_SOURCE = "Loi organique 111-14 (B.O. n° 6440 du 18/02/2016), barème par population"
DEFAULT_SPREAD_PCT = Fraction(5)
DEFAULT_SIGNATURE_DAYS = 90


def tiered_minimum(population: int) -> int:
    """300 signatures below 1,000,000 inhabitants, 400 from 1 to 3 million, 500 above."""
    if population < 1_000_000:
        return 300
    if population <= 3_000_000:
        return 400
    return 500


@dataclass(frozen=True)
class PetitionRules:
    """One region's rules for citizens' petitions, with where they come from."""

    minimum_signatures: int
    spread_pct: Fraction = DEFAULT_SPREAD_PCT
    eligible_bases: tuple[SignerBasis, ...] = (SignerBasis.RESIDENCE, SignerBasis.ACTIVITY)
    signature_days: int = DEFAULT_SIGNATURE_DAYS
    legal_reference: str = LAW_REFERENCE
    source: str = LAW_SOURCE
    population: int | None = None
    census_year: int | None = None


def default_rules(population: int, census_year: int = CENSUS_YEAR) -> PetitionRules:
    return PetitionRules(minimum_signatures=tiered_minimum(population), population=population,
                         census_year=census_year)


def rules_errors(rules: PetitionRules) -> list[str]:
    """What is wrong with a region's settings (message keys); empty when they can be used."""
    errors = []
    if rules.minimum_signatures < 1:
        errors.append("petition.settings_minimum_invalid")
    if not 0 <= rules.spread_pct <= 100:
        errors.append("petition.settings_spread_invalid")
    if not rules.eligible_bases or not set(rules.eligible_bases) <= BASES:
        errors.append("petition.settings_bases_invalid")
    if not 1 <= rules.signature_days <= 365:
        errors.append("petition.settings_days_invalid")
    if not rules.legal_reference.strip() or not rules.source.strip():
        errors.append("petition.settings_source_required")
    return errors


def province_minimum(rules: PetitionRules) -> int:
    """The fewest signatures a province must give: `spread_pct` % of the minimum, rounded
    up (a province at 4.9 % of the minimum is short, at 5 % it is not)."""
    needed = rules.spread_pct * rules.minimum_signatures / 100
    return -(-needed.numerator // needed.denominator)


@dataclass(frozen=True)
class ThresholdCheck:
    total: int
    minimum: int
    per_province_minimum: int
    short_provinces: tuple[str, ...] = field(default_factory=tuple)

    @property
    def total_met(self) -> bool:
        return self.total >= self.minimum

    @property
    def met(self) -> bool:
        return self.total_met and not self.short_provinces


def check_thresholds(
    counts: Mapping[str, int], provinces: Iterable[str], rules: PetitionRules
) -> ThresholdCheck:
    """Counts per province (by code) against the minimum and the spread rule; a province of
    the region without any signature counts as zero."""
    per_province = province_minimum(rules)
    codes = list(provinces)
    short = tuple(code for code in codes if counts.get(code, 0) < per_province)
    total = sum(counts.get(code, 0) for code in codes)
    return ThresholdCheck(total, rules.minimum_signatures, per_province, short)


def signer_error(
    *,
    cin: str | None,
    province_code: str | None,
    region_provinces: Iterable[str],
    basis: SignerBasis | str | None,
    rules: PetitionRules,
    statement: bool,
) -> str | None:
    """Why this person may not sign (a message key), or None: a CIN, a province of the
    region where they live or work (as the region's rules allow) and the explicit statement
    that they do and share the petition's interest."""
    if not cin:
        return "petition.sign_needs_cin"
    if basis not in set(rules.eligible_bases):
        return "petition.sign_basis_not_allowed"
    if province_code not in set(region_provinces):
        return "petition.sign_outside_region"
    if not statement:
        return "petition.sign_statement_required"
    return None


# --- associations ------------------------------------------------------------------------

ASSOCIATION_MIN_YEARS = 3


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def association_error(
    *,
    registered_on: date,
    today: date,
    in_good_standing: bool,
    seat_region: str,
    branch_regions: Iterable[str],
    petition_region: str,
) -> str | None:
    """Why this association may not petition this region's council (a message key)."""
    if today < add_years(registered_on, ASSOCIATION_MIN_YEARS):
        return "petition.association_too_young"
    if not in_good_standing:
        return "petition.association_not_in_good_standing"
    if petition_region != seat_region and petition_region not in set(branch_regions):
        return "petition.association_outside_region"
    return None


# --- the two-month clock ------------------------------------------------------------------

DECISION_MONTHS = 2


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, on the month's last day if it is shorter."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def decision_due(deposited_at: datetime) -> datetime:
    """The bureau decides (and notifies a refusal) within two months of the deposit."""
    return add_months(deposited_at, DECISION_MONTHS)


def decided_in_time(deposited_at: datetime, decided_at: datetime) -> bool:
    return decided_at <= decision_due(deposited_at)


@dataclass(frozen=True)
class DepositedPetition:
    deposited_at: datetime
    decided_at: datetime | None = None
    withdrawn_before_decision: bool = False


@dataclass(frozen=True)
class TwoMonthIndicator:
    """The share of deposited petitions decided within two months. A petition counts once
    it is decided or its two months are over (a late one is late whether decided or not);
    one still inside its two months, or withdrawn before a decision, does not count."""

    counted: int
    in_time: int

    @property
    def share_pct(self) -> float | None:
        return None if self.counted == 0 else 100 * self.in_time / self.counted


def two_month_indicator(petitions: Iterable[DepositedPetition], now: datetime) -> TwoMonthIndicator:
    counted = in_time = 0
    for petition in petitions:
        if petition.withdrawn_before_decision:
            continue
        due = decision_due(petition.deposited_at)
        if petition.decided_at is None:
            if now > due:
                counted += 1
            continue
        counted += 1
        in_time += petition.decided_at <= due
    return TwoMonthIndicator(counted, in_time)
