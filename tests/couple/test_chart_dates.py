"""The date axis of the side-by-side chart: readable over two weeks, three months and a
year (the same axis as the mood chart's, journal/charts.date_ticks)."""

from __future__ import annotations

from datetime import date, timedelta

from afterwards.couple import charts
from tests.journal.test_chart_dates import (
    assert_apart,
    assert_every_month_named,
    assert_first_year_shown,
    axis_rows,
)

LAST = date(2026, 11, 29)


def chart(days: int) -> str:
    first = LAST - timedelta(days=days - 1)
    own = {first + timedelta(days=n): 1 + n % 5 for n in range(days)}
    drawn = charts.pair_chart(
        scale="mood", own=own, partner={}, first=first, last=LAST, labelled_by="s"
    )
    return str(drawn.svg)


def test_two_weeks_are_ticked_weekly_with_the_month_named_once():
    months, years = axis_rows(chart(14), charts.DATES_Y)
    assert [words for _, words in months] == ["16 Nov", "23", "29"]
    assert years == []


def test_ninety_days_and_a_year_name_every_month_and_no_two_labels_touch():
    for days in (90, 365):
        first = LAST - timedelta(days=days - 1)
        months, years = axis_rows(chart(days), charts.DATES_Y)
        assert_every_month_named(months, first, LAST, charts.x_for)
        assert_apart(months, charts.WIDTH)
        assert_apart(years, charts.WIDTH)
        assert "2026" in [words for _, words in years]


def test_a_long_axis_names_its_starting_year_at_the_left_and_each_new_year():
    for days in (60, 200, 365):
        first = LAST - timedelta(days=days - 1)
        _, years = axis_rows(chart(days), charts.DATES_Y)
        assert_first_year_shown(years, first, LAST, charts.x_for)
        assert_apart(years, charts.WIDTH)
    _, years = axis_rows(chart(365), charts.DATES_Y)
    assert [words for _, words in years] == ["2025", "2026"]
