"""Working days across Tết 2027 and with calendar overrides (legal deadlines depend on it)."""

from __future__ import annotations

import datetime as dt

import pytest

from partydesk.core.calendar import add_working_days, is_working_day, working_days_between
from partydesk.core.models import Holiday

pytestmark = pytest.mark.django_db

D = dt.date


def test_tet_2027_days_are_not_working_days():
    # Lunar New Year 2027 falls on Saturday 6 February; 5-10 February are days off.
    for day in range(5, 11):
        assert not is_working_day(D(2027, 2, day)), f"{day}/2/2027"
    assert is_working_day(D(2027, 2, 11))
    assert is_working_day(D(2027, 2, 3))


def test_the_day_before_tet_eve_is_off_by_the_saturday_compensation_rule():
    # Tết day 1 is a Saturday; by the rule of recent years the day off moves to the working
    # day before the eve (29 Tết, Thursday 4 February) until the Government says otherwise.
    assert not is_working_day(D(2027, 2, 4))


def test_a_deadline_of_three_working_days_jumps_over_tet_2027():
    # From Wednesday 3 February: Thursday 4 to Wednesday 10 are off, so the first working
    # day is Thursday 11, then Friday 12, then (after the weekend) Monday 15.
    assert add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 11)
    assert add_working_days(D(2027, 2, 3), 2) == D(2027, 2, 12)
    assert add_working_days(D(2027, 2, 3), 3) == D(2027, 2, 15)


def test_counting_backwards_over_tet_2027():
    assert add_working_days(D(2027, 2, 11), -1) == D(2027, 2, 3)
    assert add_working_days(D(2027, 2, 15), -3) == D(2027, 2, 3)


def test_working_days_between_dates_around_tet_2027():
    # After Monday 1 February: 19 weekdays, of which 4, 5, 8, 9 and 10 February are off.
    assert working_days_between(D(2027, 2, 1), D(2027, 2, 28)) == 19 - 5
    assert working_days_between(D(2027, 2, 3), D(2027, 2, 11)) == 1
    assert working_days_between(D(2027, 2, 11), D(2027, 2, 3)) == 0


def test_a_deadline_of_zero_days_starting_in_tet_moves_to_the_first_working_day():
    assert add_working_days(D(2027, 2, 6), 0) == D(2027, 2, 11)
    assert add_working_days(D(2027, 2, 3), 0) == D(2027, 2, 3)


def test_a_government_announcement_recorded_as_overrides_changes_the_count():
    # The announcement keeps Thursday 4 February as a working day and makes Saturday
    # 30 January a make-up working day, and gives Thursday 11 February off instead.
    Holiday.objects.create(date=D(2027, 2, 4), name="Làm việc bình thường", is_day_off=False)
    Holiday.objects.create(date=D(2027, 1, 30), name="Làm bù", is_day_off=False)
    Holiday.objects.create(date=D(2027, 2, 11), name="Nghỉ Tết (bù)", is_day_off=True)

    assert is_working_day(D(2027, 2, 4))
    assert is_working_day(D(2027, 1, 30))
    assert not is_working_day(D(2027, 2, 11))
    assert add_working_days(D(2027, 2, 3), 1) == D(2027, 2, 4)
    assert add_working_days(D(2027, 2, 3), 2) == D(2027, 2, 12)
    assert add_working_days(D(2027, 1, 29), 1) == D(2027, 1, 30)
    assert add_working_days(D(2027, 2, 12), -2) == D(2027, 2, 3)


def test_a_one_off_day_off_is_skipped():
    Holiday.objects.create(date=D(2027, 3, 3), name="Ngày nghỉ đặc biệt")
    assert add_working_days(D(2027, 3, 2), 1) == D(2027, 3, 4)


def test_long_deadlines_cross_the_override_window():
    # 30 working days from 1 December 2026 reach past Tết 2027 and into its overrides.
    Holiday.objects.create(date=D(2027, 1, 14), name="Ngày nghỉ đặc biệt")
    plain = add_working_days(D(2026, 12, 1), 60)
    assert working_days_between(D(2026, 12, 1), plain) == 60
    assert not is_working_day(D(2027, 1, 14))
