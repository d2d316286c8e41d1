"""The indicator rules of DOMAIN.md, without I/O.

The figures themselves are computed in the database (services/indicators.py); these
functions are the rules that code follows, written once, and the reference the tests
compute against.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Literal

DEFAULT_TARGET_PCT = 50.0
"""The OGP commitment: processing time halved."""

Verdict = Literal["target_met", "on_track", "behind", "no_data"]


def percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """The q-quantile (0 <= q <= 1) by linear interpolation between the closest ranks.

    The same as numpy's default and PostgreSQL's percentile_cont: with n sorted values,
    the position is 1 + (n - 1) q (1-based); the result lies between the values at the
    ranks around it, in proportion. None for no values.
    """
    if not sorted_values:
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"q must be between 0 and 1, not {q}")
        return None
    low, fraction = rank_position(len(sorted_values), q)
    return interpolate(sorted_values[low:low + 2], fraction)


def rank_position(n: int, q: float) -> tuple[int, float]:
    """Where the q-quantile of n sorted values lies: (offset of the lower value, fraction).

    The same rule as `percentile`: the lower value is the one at 0-based offset
    floor((n - 1) q); the quantile is that value plus `fraction` of the step to the next
    one. The database finds the two values (ORDER BY ... LIMIT 2 OFFSET offset); this
    function and `interpolate` do the rest.
    """
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q must be between 0 and 1, not {q}")
    if n <= 0:
        raise ValueError("no values")
    position = (n - 1) * q
    low = math.floor(position)
    return low, position - low


def interpolate(values: Sequence[float], fraction: float) -> float | None:
    """The lower value and (when there is one) the next, weighted by `fraction`."""
    if not values:
        return None
    if len(values) == 1 or fraction == 0:
        return values[0]
    return values[0] + (values[1] - values[0]) * fraction


def round_half_up(value: float) -> int:
    """Whole days, halves rounded up (a median of 12 and 13 days is 13), unlike round()."""
    return math.floor(value + 0.5)


def reduction_pct(baseline_days: float | None, median_days: float | None) -> float | None:
    """100 x (baseline - median) / baseline; None without a baseline or a median."""
    if baseline_days is None or median_days is None or baseline_days <= 0:
        return None
    return 100.0 * (baseline_days - median_days) / baseline_days


def target_met(reduction: float | None, target_pct: float = DEFAULT_TARGET_PCT) -> bool | None:
    """Whether the reduction reaches the target; None when there is nothing to judge."""
    return None if reduction is None else reduction >= target_pct


ON_TIME_MAJORITY_PCT = 50.0
"""Below this share decided within the legal deadline, most dossiers missed it."""

ON_TIME_MET_PCT = 90.0
"""The target is met only if, besides the reduction, 9 dossiers in 10 were decided on time."""


def verdict(reduction: float | None, on_time_pct: float | None,
            target_pct: float = DEFAULT_TARGET_PCT) -> Verdict:
    """The published word for a procedure's, a region's or the consortium's figures.

    It weighs the two promises at once: the time against the target (the reduction of the
    median administration time vs the pre-digital baseline) and the legal deadline (the
    share of decided dossiers decided within it). A fast median hides nothing here: where
    most dossiers missed the deadline, the verdict is "behind" whatever the reduction.

    - "no_data": nothing decided in the period; or no baseline to measure the reduction
      against, while at least half the dossiers were decided on time;
    - "behind": fewer than half decided within the legal deadline (on_time_pct < 50); or a
      reduction under half the target (e.g. < 25% for 50%), slower than before included;
    - "target_met": reduction >= the target AND at least 90% decided on time;
    - "on_track": the rest (at least half the target, at least half on time).
    """
    if on_time_pct is None:
        return "no_data"
    if on_time_pct < ON_TIME_MAJORITY_PCT:
        return "behind"
    if reduction is None:
        return "no_data"
    if reduction < target_pct / 2:
        return "behind"
    if reduction >= target_pct and on_time_pct >= ON_TIME_MET_PCT:
        return "target_met"
    return "on_track"


def weighted_mean(pairs: Iterable[tuple[float | None, float]]) -> float | None:
    """Mean of values weighted by counts, over the values that exist (None is skipped).

    The region's reduction_pct: the procedures' reductions weighted by their
    decided_count, over the procedures that have one.
    """
    total = weight = 0.0
    for value, count in pairs:
        if value is None or count <= 0:
            continue
        total += value * count
        weight += count
    return total / weight if weight else None


def share_pct(part: int, whole: int) -> float | None:
    """100 x part / whole; None for an empty whole (no 0% for no data)."""
    return 100.0 * part / whole if whole else None
