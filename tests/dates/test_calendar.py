"""The pure date arithmetic behind hard dates: next occurrences and heads-up days."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from afterwards.dates.calendar import heads_up_on, next_occurrence, on_in_year

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def test_a_yearly_date_later_this_year_comes_this_year():
    assert next_occurrence(date(2025, 6, 2), yearly=True, today=date(2026, 3, 28)) == date(
        2026, 6, 2
    )


def test_a_yearly_date_already_past_this_year_comes_next_year():
    assert next_occurrence(date(2025, 1, 9), yearly=True, today=date(2026, 3, 28)) == date(
        2027, 1, 9
    )


def test_a_yearly_date_falling_today_is_today():
    assert next_occurrence(date(2020, 3, 28), yearly=True, today=date(2026, 3, 28)) == date(
        2026, 3, 28
    )


def test_the_29th_of_february_comes_on_the_28th_in_a_common_year():
    assert next_occurrence(date(2024, 2, 29), yearly=True, today=date(2026, 1, 1)) == date(
        2026, 2, 28
    )
    assert next_occurrence(date(2024, 2, 29), yearly=True, today=date(2027, 3, 1)) == date(
        2028, 2, 29
    )


def test_a_future_date_that_happens_once_is_itself():
    assert next_occurrence(date(2026, 5, 1), yearly=False, today=date(2026, 3, 28)) == date(
        2026, 5, 1
    )


def test_a_past_date_that_happens_once_has_no_next_time_and_no_heads_up():
    assert next_occurrence(date(2026, 3, 27), yearly=False, today=date(2026, 3, 28)) is None
    assert (
        heads_up_on(date(2026, 3, 27), yearly=False, days_before=7, today=date(2026, 3, 28)) is None
    )


def test_the_heads_up_is_the_chosen_number_of_days_before_the_next_occurrence():
    assert heads_up_on(
        date(2025, 4, 20), yearly=True, days_before=7, today=date(2026, 3, 28)
    ) == date(2026, 4, 13)
    assert heads_up_on(
        date(2026, 3, 30), yearly=False, days_before=7, today=date(2026, 3, 28)
    ) == date(2026, 3, 23)


@given(day=days, today=days)
def test_a_yearly_date_comes_within_a_year_on_its_own_day_and_month(day, today):
    coming = next_occurrence(day, yearly=True, today=today)

    assert coming is not None
    assert today <= coming < today + timedelta(days=367)
    if (day.month, day.day) == (2, 29) and coming.month == 2 and coming.day == 28:
        assert on_in_year(day, coming.year) == coming
    else:
        assert (coming.month, coming.day) == (day.month, day.day)


@given(day=days, today=days, before=st.integers(min_value=1, max_value=28))
def test_a_heads_up_never_comes_more_than_its_days_before_today(day, today, before):
    for yearly in (True, False):
        on = heads_up_on(day, yearly=yearly, days_before=before, today=today)
        coming = next_occurrence(day, yearly=yearly, today=today)
        assert (on is None) == (coming is None)
        if on is not None and coming is not None:
            assert coming - on == timedelta(days=before)
            assert on >= today - timedelta(days=before)
