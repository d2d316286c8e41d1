"""Working-day deadlines, checked against an independent day-by-day computation."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays as holidays_package
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counter.domain import clock
from counter.domain.workdays import (
    DeadlineUnit,
    HolidayCorrection,
    WorkCalendar,
    calendar_for,
    holiday_days,
    package_holidays,
)

CASABLANCA = ZoneInfo("Africa/Casablanca")
YEARS = range(2024, 2030)  # deadlines started in 2028 end in 2029


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=CASABLANCA)


# --- the independent computation: walk local dates, never the module's helpers ---------------

def expected_holidays(corrections: list[HolidayCorrection] = (), region: str | None = None
                      ) -> set[date]:
    """The package's days, then the national corrections, then the region's."""
    days = set(holidays_package.Morocco(years=YEARS))
    national = [c for c in corrections if c.region_code is None]
    regional = [c for c in corrections if region is not None and c.region_code == region]
    for c in national + regional:
        if c.is_holiday:
            days.add(c.day)
        else:
            days.discard(c.day)
    return days


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), tzinfo=CASABLANCA).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=CASABLANCA).astimezone(UTC)
    return start, end


def is_working(day: date, holidays: set[date]) -> bool:
    return day.weekday() not in (5, 6) and day not in holidays


def expected_elapsed(start: datetime, end: datetime, holidays: set[date]) -> float:
    """Sum, day by day, the overlap of each working local day with [start, end)."""
    total = 0.0
    day = start.astimezone(CASABLANCA).date() - timedelta(days=1)
    while day_bounds(day)[0] < end:
        low, high = day_bounds(day)
        overlap = (min(high, end) - max(low, start)).total_seconds()
        if is_working(day, holidays) and overlap > 0:
            total += overlap / (high - low).total_seconds()
        day += timedelta(days=1)
    return total


def expected_due(start: datetime, n: int, holidays: set[date]) -> datetime:
    """The n-th working day after the start's, at the same fraction of the day (or its end)."""
    if n == 0:
        return start
    day = start.astimezone(CASABLANCA).date()
    low, high = day_bounds(day)
    fraction = (start - low).total_seconds() / (high - low).total_seconds()
    if not is_working(day, holidays) or fraction == 0:
        working = []
        while len(working) < n:
            if is_working(day, holidays):
                working.append(day)
            day += timedelta(days=1)
        return day_bounds(working[-1])[1]
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        counted += is_working(day, holidays)
    low, high = day_bounds(day)
    return low + (high - low) * fraction


def offset_change_days() -> list[date]:
    """The local days of YEARS that are not 24 hours long, found from zoneinfo."""
    days, day = [], date(2024, 1, 1)
    while day.year < 2029:
        low, high = day_bounds(day)
        if high - low != timedelta(days=1):
            days.append(day)
        day += timedelta(days=1)
    return days


WORKING = calendar_for("working", years=YEARS)
HOLIDAYS = expected_holidays()

# A correction moving Eid al-Fitr 2027 by one day (package: Tue 9 and Wed 10 March).
EID_FITR_2027_MOVED = [
    HolidayCorrection(date(2027, 3, 9), False, None, {}),
    HolidayCorrection(date(2027, 3, 11), True, None, {"fr": "Fête de la rupture du jeûne"}),
]


# --- the package's holidays --------------------------------------------------------------------

def test_package_holidays_name_each_day_in_french_arabic_and_english():
    throne = package_holidays(2026)[date(2026, 7, 30)]
    assert throne == {"fr": "Fête du Trône", "ar": "عيد العرش", "en": "Throne Day"}
    assert all(set(names) == {"fr", "ar", "en"} and all(names.values())
               for names in package_holidays(2026).values())


def test_package_holidays_mark_lunar_holidays_as_estimated():
    eid = package_holidays(2026)[date(2026, 5, 27)]
    assert "(estimé)" in eid["fr"] and "(estimated)" in eid["en"] and "تقديري" in eid["ar"]
    assert "estim" not in package_holidays(2026)[date(2026, 7, 30)]["fr"]


def test_package_holidays_join_the_names_of_holidays_on_one_day():
    names = package_holidays(2027)[date(2027, 8, 14)]
    assert names["fr"] == "Allégeance Oued Eddahab ; Anniversaire du prophète (estimé)"
    assert names["en"].count(" ; ") == names["ar"].count(" ; ") == 1


def test_package_holidays_are_cached_per_year():
    assert package_holidays(2026) is package_holidays(2026)


# --- corrections -------------------------------------------------------------------------------

def test_national_corrections_add_and_remove_package_days():
    days = holiday_days([2027], EID_FITR_2027_MOVED, None)
    assert date(2027, 3, 9) not in days
    assert {date(2027, 3, 10), date(2027, 3, 11), date(2027, 7, 30)} <= days


def test_a_region_correction_overrides_the_national_one_in_that_region_only():
    corrections = [
        HolidayCorrection(date(2027, 3, 11), True, None, {"fr": "Jour national"}),
        HolidayCorrection(date(2027, 3, 11), False, "01", {}),
        HolidayCorrection(date(2027, 3, 12), True, "01", {"fr": "Moussem"}),
    ]
    assert date(2027, 3, 11) not in holiday_days([2027], corrections, "01")
    assert date(2027, 3, 12) in holiday_days([2027], corrections, "01")
    for other in ("02", None):
        assert date(2027, 3, 11) in holiday_days([2027], corrections, other)
        assert date(2027, 3, 12) not in holiday_days([2027], corrections, other)


def test_a_moved_eid_moves_the_due_date():
    start = local(2027, 3, 8, 9)  # Monday
    moved = calendar_for("working", EID_FITR_2027_MOVED, years=YEARS)
    assert WORKING.due(start, 1) == local(2027, 3, 11, 9)
    assert moved.due(start, 1) == local(2027, 3, 9, 9)
    assert moved.due(start, 1) == expected_due(start, 1, expected_holidays(EID_FITR_2027_MOVED))


def test_a_region_holiday_moves_the_due_date_in_that_region_only():
    corrections = [HolidayCorrection(date(2026, 6, 3), True, "05", {"fr": "Fête locale"})]
    start = local(2026, 6, 1, 8)
    region = calendar_for(DeadlineUnit.WORKING, corrections, "05", years=YEARS)
    assert region.due(start, 5) == local(2026, 6, 9, 8)
    assert calendar_for("working", corrections, "06", years=YEARS).due(start, 5) == \
        local(2026, 6, 8, 8)


# --- the examples of the rules -----------------------------------------------------------------

def test_working_days_skip_weekends_and_holidays():
    assert WORKING.counts(date(2026, 7, 29))
    assert not WORKING.counts(date(2026, 7, 30))  # Throne Day, a Thursday
    assert not WORKING.counts(date(2026, 8, 1)) and not WORKING.counts(date(2026, 8, 2))
    assert calendar_for("calendar").counts(date(2026, 7, 30))


def test_one_working_day_from_friday_afternoon_ends_monday_same_hour():
    assert WORKING.due(local(2026, 6, 5, 15), 1) == local(2026, 6, 8, 15)


def test_one_working_day_from_saturday_ends_at_the_end_of_monday():
    due = WORKING.due(local(2026, 6, 6, 10), 1)
    assert due == local(2026, 6, 9, 0) and due.tzinfo is UTC


def test_twenty_working_days_skip_eid_al_adha_2026():
    start = local(2026, 5, 20, 9)
    assert WORKING.due(start, 20) == local(2026, 6, 22, 9)  # Eid 27-28 May, Hijri year 16 June
    assert WORKING.elapsed_days(start, local(2026, 6, 22, 9)) == pytest.approx(20)


def test_five_working_days_skip_new_year():
    assert WORKING.due(local(2026, 12, 30, 12), 5) == local(2027, 1, 7, 12)


def test_five_working_days_skip_the_january_holidays():
    # Monday 11 (Independence Manifesto) and Thursday 14 (Amazigh New Year) do not count.
    assert WORKING.due(local(2027, 1, 8, 10), 5) == local(2027, 1, 19, 10)


@pytest.mark.parametrize("change", offset_change_days())
def test_a_deadline_across_an_offset_change_keeps_the_local_hour(change):
    before, after = change - timedelta(days=1), change + timedelta(days=1)
    while not is_working(before, HOLIDAYS):
        before -= timedelta(days=1)
    while not is_working(after, HOLIDAYS):
        after += timedelta(days=1)
    start = datetime.combine(before, time(15), tzinfo=CASABLANCA)
    due = WORKING.due(start, 1)
    assert due == datetime.combine(after, time(15), tzinfo=CASABLANCA)
    assert (due - start) % timedelta(days=1) != timedelta(0)  # local days, not 24-hour ones
    assert due == expected_due(start, 1, HOLIDAYS)


class EveryLocalDay(WorkCalendar):
    """Counts every local day, so that the 23- and 25-hour days get counted."""

    def counts(self, day: date) -> bool:
        return True


@pytest.mark.parametrize("change", offset_change_days())
def test_a_fully_covered_23_or_25_hour_day_counts_one_day(change):
    every = EveryLocalDay(DeadlineUnit.WORKING)
    low, high = day_bounds(change)
    assert high - low != timedelta(days=1)
    assert every.elapsed_days(low, high) == pytest.approx(1.0)
    assert every.advance(low, 1) == high
    assert every.advance(low, 0.5) == low + (high - low) / 2


# --- the properties, against the independent computation ---------------------------------------

instants = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2028, 12, 31),
                        timezones=st.just(UTC))


@settings(max_examples=300, deadline=None)
@given(start=instants, n=st.integers(min_value=0, max_value=60))
def test_due_matches_an_independent_count_of_working_days(start, n):
    assert WORKING.due(start, n) == expected_due(start, n, HOLIDAYS)


@settings(max_examples=300, deadline=None)
@given(start=instants, n=st.integers(min_value=0, max_value=60),
       corrected=st.booleans())
def test_due_matches_the_independent_count_with_corrections(start, n, corrected):
    corrections = EID_FITR_2027_MOVED + [
        HolidayCorrection(date(2026, 3, 20), False, None, {}),
        HolidayCorrection(date(2026, 3, 23), True, None, {}),
        HolidayCorrection(date(2026, 3, 23), False, "07", {}),
        HolidayCorrection(date(2025, 6, 9), True, "07", {}),
    ]
    region = "07" if corrected else "08"
    calendar = calendar_for("working", corrections, region, years=YEARS)
    assert calendar.due(start, n) == expected_due(start, n, expected_holidays(corrections, region))


@settings(max_examples=300, deadline=None)
@given(start=instants, span=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=200)))
def test_elapsed_days_sums_the_overlap_of_each_working_day(start, span):
    end = start + span
    assert WORKING.elapsed_days(start, end) == pytest.approx(
        expected_elapsed(start, end, HOLIDAYS), abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(start=instants, n=st.integers(min_value=0, max_value=60),
       m=st.floats(min_value=0, max_value=60))
def test_advance_inverts_elapsed_days_and_is_monotone(start, n, m):
    due = WORKING.advance(start, n)
    assert WORKING.elapsed_days(start, due) == pytest.approx(n, abs=1e-9)
    assert WORKING.elapsed_days(start, WORKING.advance(start, m)) == pytest.approx(m, abs=1e-9)
    low, high = sorted((n, m))
    assert start <= WORKING.advance(start, low) <= WORKING.advance(start, high)


def test_advance_returns_the_earliest_instant():
    due = WORKING.due(local(2026, 6, 4, 12), 1)  # Thursday noon
    assert due == local(2026, 6, 5, 12)
    assert WORKING.advance(local(2026, 6, 5, 12), 0.5) == local(2026, 6, 6, 0)  # not Monday


# --- the calendar unit and the edges -----------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(start=instants, n=st.integers(min_value=0, max_value=120),
       span=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=200)))
def test_the_calendar_unit_is_the_plain_arithmetic_of_the_clock(start, n, span):
    calendar = calendar_for(DeadlineUnit.CALENDAR)
    assert calendar.due(start, n) == clock.due_at(start, n, 0)
    end = start + span
    assert calendar.elapsed_days(start, end) == clock.decided_days(start, end, 0).calendar_days
    assert calendar.elapsed_days(start, end) == clock.admin_days(
        start, wait_so_far=0, paused_at=None, end=end)


def test_the_calendar_unit_counts_real_hours_across_an_offset_change():
    calendar = calendar_for("calendar")
    start = local(2026, 3, 21, 12)
    assert calendar.due(start, 1) - start == timedelta(days=1)
    # 22 March 2026 has 23 hours (Ramadan's +00 ends): 24 hours later is 13:00 local.
    assert calendar.due(start, 1) == local(2026, 3, 22, 13)


def test_elapsed_days_is_zero_when_end_is_not_after_start():
    start = local(2026, 6, 3, 10)
    for calendar in (WORKING, calendar_for("calendar")):
        assert calendar.elapsed_days(start, start) == 0
        assert calendar.elapsed_days(start, start - timedelta(days=3)) == 0


def test_advance_by_zero_days_is_the_start_even_on_a_weekend():
    saturday = local(2026, 6, 6, 10)
    assert WORKING.advance(saturday, 0) == saturday


def test_naive_datetimes_are_refused():
    naive, aware = datetime(2026, 6, 3, 10), local(2026, 6, 3, 10)
    for calendar in (WORKING, calendar_for("calendar")):
        with pytest.raises(ValueError):
            calendar.due(naive, 1)
        with pytest.raises(ValueError):
            calendar.elapsed_days(naive, aware)
        with pytest.raises(ValueError):
            calendar.elapsed_days(aware, naive)


def test_a_negative_deadline_is_refused():
    with pytest.raises(ValueError):
        WORKING.advance(local(2026, 6, 3, 10), -1)


def test_a_calendar_without_working_days_raises_instead_of_looping():
    every_day = frozenset(date(2026, 1, 1) + timedelta(days=i) for i in range(3700))
    with pytest.raises(ValueError, match="no counted day"):
        WorkCalendar(DeadlineUnit.WORKING, every_day).due(local(2026, 1, 1, 9), 1)


def test_calendar_for_defaults_to_the_holidays_of_the_current_year_minus_two_to_plus_three():
    this_year = datetime.now(CASABLANCA).year
    calendar = calendar_for("working")
    assert {day.year for day in calendar.holidays} == set(range(this_year - 2, this_year + 4))
    assert calendar_for("calendar").holidays == frozenset()


def test_calendar_for_refuses_an_unknown_unit():
    with pytest.raises(ValueError):
        calendar_for("lunar")
