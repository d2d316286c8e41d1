"""Legal deadlines in calendar days or in working days, on Morocco's local days.

A procedure's legal deadline has a unit. Calendar days are real 24-hour durations, the plain
arithmetic of `counter.domain.clock` (elapsed = seconds / 86400, due = start + N days), so
nothing changes for procedures counted that way. Working days skip Saturdays, Sundays and
Moroccan public holidays: the `holidays` package's Morocco calendar, corrected by an
administrator (a day added, or a package day said not to be one), nationally or per region.
The package only estimates the lunar holidays ("(estimé)"), hence the corrections.

Working days are local days in `LOCAL_TIME` (Africa/Casablanca). Morocco changes its UTC offset
around Ramadan, so a local day lasts 23, 24 or 25 hours; a counted day runs from local
midnight to the next local midnight and weighs 1.0 whatever its length.

- `elapsed_days(start, end)`: each counted local day contributes the fraction of its real
  length that lies in [start, end); 0 when end <= start.
- `advance(start, days)`: the earliest instant t >= start with elapsed_days(start, t) == days,
  as an aware UTC datetime. A start in a non-counted day starts the clock at the next counted
  day's local midnight, and a deadline ending with a counted day ends at that day's midnight:
  one working day from Friday 15:00 is Monday 15:00; from Saturday 10:00, Tuesday 00:00.

The administration's clock stops while a dossier waits on the applicant: its admin time is
elapsed_days(submission, end) minus the elapsed_days of its pauses, and its due date is
advance(submission, deadline + the elapsed_days of its finished pauses). Naive datetimes are
refused: the product's times are aware UTC.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property, lru_cache

import holidays as holidays_package

from counter.i18n import LOCAL_TIME

DAY = 86400.0
# How far to look for a counted day before calling a calendar empty (ten years and more).
MAX_SKIPPED_DAYS = 3660
# Our language codes and the package's (it knows 'en_US', and silently falls back to its
# English source strings for any code it does not know, 'en' included).
_PACKAGE_LANGUAGES = {"fr": "fr", "ar": "ar", "en": "en_US"}
_NAME_SEPARATOR = " ; "
# Below this (in seconds) a float excess is rounding: the deadline ends with this day.
_HALF_MICROSECOND = 5e-7


class DeadlineUnit(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


@dataclass(frozen=True)
class HolidayCorrection:
    """An administrator's correction of the package's holidays, e.g. a lunar date confirmed."""

    day: date
    is_holiday: bool  # True: this day is a holiday; False: this package day is not one
    region_code: str | None  # None: national correction; else applies to that region only
    name: dict[str, str]  # e.g. {"fr": ..., "ar": ..., "en": ...}; may be empty for removals


@lru_cache(maxsize=64)
def package_holidays(year: int) -> dict[date, dict[str, str]]:
    """Morocco's public holidays of `year` from the holidays package, names in fr/ar/en.

    Cached per year (the result is shared: do not mutate it). Several holidays on one day
    have their names joined by ' ; '. Lunar holidays keep the package's "(estimé)" mark.
    """
    calendars = {
        lang: holidays_package.Morocco(years=year, language=code)
        for lang, code in _PACKAGE_LANGUAGES.items()
    }
    return {
        day: {lang: _NAME_SEPARATOR.join(cal.get_list(day)) for lang, cal in calendars.items()}
        for day in sorted(calendars["fr"])
    }


def holiday_days(years: Iterable[int], corrections: Iterable[HolidayCorrection],
                 region_code: str | None) -> frozenset[date]:
    """The package's holidays of those years, then national corrections, then the region's.

    A region correction overrides a national one for the same day; corrections of other
    regions are ignored, and among corrections of one level for one day the last one wins.
    """
    days = {day for year in years for day in package_holidays(year)}
    corrections = list(corrections)
    national = [c for c in corrections if c.region_code is None]
    regional = [c for c in corrections
                if region_code is not None and c.region_code == region_code]
    for correction in (*national, *regional):
        if correction.is_holiday:
            days.add(correction.day)
        else:
            days.discard(correction.day)
    return frozenset(days)


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime refused: {value!r}")
    return value.astimezone(UTC)


def _local_date(instant: datetime) -> date:
    return instant.astimezone(LOCAL_TIME).date()


def _midnight(day: date) -> datetime:
    """The local midnight starting `day`, in UTC."""
    return datetime.combine(day, time(), tzinfo=LOCAL_TIME).astimezone(UTC)


def _seconds(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds()


@dataclass(frozen=True)
class WorkCalendar:
    """Which local days count towards a deadline, and the arithmetic of deadlines on them."""

    unit: DeadlineUnit
    holidays: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", DeadlineUnit(self.unit))
        object.__setattr__(self, "holidays", frozenset(self.holidays))

    def counts(self, day: date) -> bool:
        """Calendar: every day; working: Monday to Friday, holidays excepted."""
        if self.unit is DeadlineUnit.CALENDAR:
            return True
        return day.weekday() < 5 and day not in self.holidays

    @cached_property
    def _weekday_holidays(self) -> tuple[date, ...]:
        """The holidays that fall on a weekday, sorted: the only ones that remove a day."""
        return tuple(sorted(day for day in self.holidays if day.weekday() < 5))

    def _counted_between(self, first: date, stop: date) -> int:
        """How many counted days in [first, stop), without walking long ranges."""
        span = (stop - first).days
        if span <= 0:
            return 0
        if self.unit is DeadlineUnit.CALENDAR:
            return span
        weeks, extra = divmod(span, 7)
        weekdays = weeks * 5 + sum((first.weekday() + i) % 7 < 5 for i in range(extra))
        holidays = self._weekday_holidays
        return weekdays - (bisect.bisect_left(holidays, stop) - bisect.bisect_left(holidays, first))

    def _fraction(self, day: date, start: datetime, end: datetime) -> float:
        """The part of `day` in [start, end) (both inside the day), 0 if the day does not count."""
        if not self.counts(day):
            return 0.0
        return _seconds(start, end) / _seconds(_midnight(day), _midnight(day + timedelta(1)))

    def _next_counted(self, day: date) -> date:
        for offset in range(MAX_SKIPPED_DAYS + 1):
            candidate = day + timedelta(days=offset)
            if self.counts(candidate):
                return candidate
        raise ValueError(f"no counted day within {MAX_SKIPPED_DAYS} days of {day}")

    def elapsed_days(self, start: datetime, end: datetime) -> float:
        """The counted time in [start, end), in days (0 when end <= start)."""
        start, end = _utc(start), _utc(end)
        if end <= start:
            return 0.0
        if self.unit is DeadlineUnit.CALENDAR:
            return _seconds(start, end) / DAY
        first, last = _local_date(start), _local_date(end)
        if first == last:
            return self._fraction(first, start, end)
        return (
            self._fraction(first, start, _midnight(first + timedelta(1)))
            + self._counted_between(first + timedelta(1), last)
            + self._fraction(last, _midnight(last), end)
        )

    def advance(self, start: datetime, days: float) -> datetime:
        """The earliest instant t >= start with elapsed_days(start, t) == days, in UTC."""
        instant = _utc(start)
        if not math.isfinite(days) or days < 0:
            raise ValueError(f"a deadline is a finite, non-negative number of days: {days!r}")
        if days == 0:
            return instant
        if self.unit is DeadlineUnit.CALENDAR:
            return instant + timedelta(days=days)
        remaining = float(days)
        day = _local_date(instant)
        while True:
            day = self._next_counted(day)
            instant = max(instant, _midnight(day))
            day_end = _midnight(day + timedelta(1))
            length = _seconds(_midnight(day), day_end)
            available = _seconds(instant, day_end) / length
            if (remaining - available) * length <= _HALF_MICROSECOND:
                return min(instant + timedelta(seconds=remaining * length), day_end)
            remaining -= available
            instant, day = day_end, day + timedelta(1)

    def due(self, start: datetime, days: int) -> datetime:
        """The legal due date of a deadline of `days` days counted from `start`."""
        return self.advance(start, days)


def calendar_for(unit: str | DeadlineUnit, corrections: Iterable[HolidayCorrection] = (),
                 region_code: str | None = None,
                 years: Iterable[int] | None = None) -> WorkCalendar:
    """A calendar for that unit; for working days, the corrected holidays of `years`.

    `years` defaults to the current local year -2 .. +3, wide enough for a dossier's life;
    a holiday outside them is not known, so a deadline past them skips weekends only.
    """
    unit = DeadlineUnit(unit)
    if unit is DeadlineUnit.CALENDAR:
        return WorkCalendar(unit)
    if years is None:
        this_year = datetime.now(LOCAL_TIME).year
        years = range(this_year - 2, this_year + 4)
    return WorkCalendar(unit, holiday_days(years, corrections, region_code))
