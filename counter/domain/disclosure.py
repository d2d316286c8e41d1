"""What open data may show of a dossier so that nobody can be singled out (SECURITY 35).

A published row is one of at least `K_ANONYMITY` rows sharing its procedure, its province
and its month of submission (k-anonymity over those three): a person known to have filed a
procedure in a province in a month is one of at least five rows, never the only one. Times
are published to the day, durations in whole days: nothing finer than a day leaves.

Per procedure and month, a province with fewer than `K_ANONYMITY` dossiers is merged with
the others too small (and with the dossiers that give no province): their province is
withheld (empty; the region stays). When those together are still fewer than five, the
smallest province published separately joins them. Only when the procedure has fewer than
five dossiers in the whole month are its rows of that month suppressed. `Disclosure.tally`
counts both, so that figures computed from the rows can say what is missing.

The plan is made over every month of the dossiers, whatever period a download asks for:
a row is published the same way in every download, so comparing two downloads (a month
and the same month from its 2nd day) tells nothing a single one does not. A download of a
part of a month then leaves out a group with fewer than five of its rows in that part
(`Disclosure.for_download`): no file holds a group smaller than five.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

K_ANONYMITY = 5
"""The smallest group of dossiers a published row may belong to."""

Cell = tuple[str, str | None, str]
"""(procedure code, province code or None, submission month 'YYYY-MM')."""


@dataclass(frozen=True)
class Tally:
    """What a set of rows became once published."""

    published: int
    suppressed: int
    """Rows not published: their procedure has fewer than K dossiers in their month."""
    withheld: int
    """Rows published with their province withheld (merged at the region's level)."""


@dataclass(frozen=True)
class Disclosure:
    """What to publish of each cell: its province, or withheld, or nothing."""

    provinces: Mapping[Cell, str | None]
    """The province published for the rows of each cell kept (None: withheld or none);
    a cell absent is suppressed."""

    def published(self, cell: Cell) -> bool:
        return cell in self.provinces

    def for_download(self, counts: Mapping[Cell, int], k: int = K_ANONYMITY) -> Disclosure:
        """The plan narrowed to one download (a period: `counts` are its rows by cell): a
        group with fewer than `k` of its rows in the download is left out of it too. What
        that tells was already told by the days of the rows in the whole month's file."""
        groups: dict[Cell, int] = defaultdict(int)
        for cell, count in counts.items():
            if self.published(cell):
                groups[self._group(cell)] += count
        return Disclosure(provinces={
            cell: province for cell, province in self.provinces.items()
            if groups.get(self._group(cell), 0) >= k})

    def _group(self, cell: Cell) -> Cell:
        return (cell[0], self.provinces[cell], cell[2])

    def tally(self, counts: Mapping[Cell, int]) -> Tally:
        """What becomes of rows counted by cell (those of a period, say)."""
        published = suppressed = withheld = 0
        for cell, count in counts.items():
            if not self.published(cell):
                suppressed += count
                continue
            published += count
            if cell[1] is not None and self.provinces[cell] is None:
                withheld += count
        return Tally(published=published, suppressed=suppressed, withheld=withheld)


def plan_disclosure(counts: Mapping[Cell, int], k: int = K_ANONYMITY) -> Disclosure:
    """Decide, from the number of dossiers of each cell, how every cell is published so
    that each published (procedure, province, month) group holds at least `k` dossiers."""
    by_month: dict[tuple[str, str], dict[str | None, int]] = defaultdict(dict)
    for (procedure, province, month), count in counts.items():
        if count > 0:
            by_month[procedure, month][province] = count
    provinces: dict[Cell, str | None] = {}
    for (procedure, month), cells in by_month.items():
        kept = {p: n for p, n in cells.items() if p is not None and n >= k}
        pooled = {p: n for p, n in cells.items() if p not in kept}
        if pooled and sum(pooled.values()) < k and kept:
            smallest = min(kept, key=lambda p: (kept[p], p))
            pooled[smallest] = kept.pop(smallest)
        if sum(pooled.values()) >= k:
            provinces.update({(procedure, province, month): None for province in pooled})
        provinces.update({(procedure, province, month): province for province in kept})
    return Disclosure(provinces=provinces)


def month_of(value: datetime) -> str:
    """'YYYY-MM' of a time, in UTC: the month a dossier was submitted in."""
    return _utc(value).strftime("%Y-%m")


def day_of(value: datetime | None) -> str | None:
    """The UTC calendar day of a time, 'YYYY-MM-DD': the finest time open data shows."""
    return None if value is None else _utc(value).date().isoformat()


def whole_days(days: float | None) -> int | None:
    """A duration in days, to the nearest whole day (half a day up)."""
    return None if days is None else int(days + 0.5)


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
