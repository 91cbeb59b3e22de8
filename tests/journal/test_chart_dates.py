"""The date axis of the mood chart: readable over two weeks, three months and a year."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from xml.etree import ElementTree

from afterwards.journal import charts
from afterwards.journal.charts import MONTH_NAMES, ChartDay, mood_chart

SVG = "{http://www.w3.org/2000/svg}"
FONT = 11.0  # site.css draws a chart-label at 11 units, the print CSS at 10
LAST = date(2026, 11, 29)


def drawn_width(words: str) -> float:
    """How wide a label is drawn, guessed on its own here (not the chart's guess): about
    0.7 of the font size a letter or digit, 0.9 a capital, 0.35 a space."""
    return FONT * sum(0.9 if c.isupper() else 0.35 if c == " " else 0.7 for c in words)


def axis_rows(svg: str, dates_y: float) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """The words on the dates' line and on the years' line beneath, left to right."""
    months, years = [], []
    for text in ElementTree.fromstring(svg).iter(f"{SVG}text"):
        y = float(text.get("y", "nan"))
        if y == dates_y:
            months.append((float(text.get("x", "nan")), text.text or ""))
        elif y == dates_y + charts.YEAR_LINE:
            years.append((float(text.get("x", "nan")), text.text or ""))
    return sorted(months), sorted(years)


def assert_apart(row: list[tuple[float, str]], width: float, gap: float = 2.0) -> None:
    """No two labels closer than their widths and `gap`; none past the drawing's edges."""
    for (x1, a), (x2, b) in zip(row, row[1:], strict=False):
        assert x2 - x1 >= (drawn_width(a) + drawn_width(b)) / 2 + gap, (a, x1, b, x2)
    for x, words in row:
        assert drawn_width(words) / 2 <= x <= width - drawn_width(words) / 2, (words, x)


def month_starts(first: date, last: date) -> list[date]:
    return [
        d for d in (first + timedelta(days=n) for n in range((last - first).days + 1)) if d.day == 1
    ]


def assert_every_month_named(
    row: list[tuple[float, str]],
    first: date,
    last: date,
    x_for: Callable[[date, date, date], float] = charts.x_for,
) -> None:
    """Each month's first day has its month's name (or initial) at its tick."""
    for start in month_starts(first, last):
        x = x_for(start, first, last)
        near = [words for at, words in row if abs(at - x) <= 12]
        name = MONTH_NAMES[start.month - 1]
        assert near and near[0] in (name[:3], name[:1]), (start, row)


def chart(days: int) -> str:
    first = LAST - timedelta(days=days - 1)
    every = [ChartDay(first + timedelta(days=n), mood=1 + n % 5) for n in range(days)]
    return str(mood_chart(every, first=first, last=LAST, name="the period").svg)


def test_two_weeks_are_ticked_weekly_in_days_of_the_month_with_the_month_named_once():
    months, years = axis_rows(chart(14), charts.DATES_Y)
    assert [words for _, words in months] == ["16 Nov", "23", "29"]
    assert years == []
    assert_apart(months, charts.WIDTH)


def test_a_new_month_inside_a_short_window_is_named_where_it_starts():
    first = date(2026, 2, 20)
    last = date(2026, 3, 31)
    svg = str(mood_chart([ChartDay(first, mood=3)], first=first, last=last, name="x").svg)
    months, _ = axis_rows(svg, charts.DATES_Y)
    assert [words for _, words in months] == ["20 Feb", "27", "6 Mar", "13", "20", "27", "31"]
    assert_apart(months, charts.WIDTH)


def test_ninety_days_are_ticked_on_each_month_named_with_the_year_beneath():
    first = LAST - timedelta(days=89)
    svg = chart(90)
    months, years = axis_rows(svg, charts.DATES_Y)
    assert [words for _, words in months] == ["Sep", "Oct", "Nov"]
    assert [words for _, words in years] == ["2026"]
    assert_every_month_named(months, first, LAST)
    assert_apart(months, charts.WIDTH)
    # The year's line makes the drawing taller, so nothing is cut off.
    assert f'viewBox="0 0 {charts.WIDTH} {charts.HEIGHT + charts.YEAR_LINE}"' in svg


def test_a_year_names_every_month_and_each_new_year_without_two_labels_touching():
    first = LAST - timedelta(days=364)
    months, years = axis_rows(chart(365), charts.DATES_Y)
    assert len(months) == 12  # 1 December 2025 to 1 November 2026
    assert_every_month_named(months, first, LAST)
    assert_apart(months, charts.WIDTH)
    assert "2026" in [words for _, words in years]
    assert_apart(years, charts.WIDTH)


def test_every_length_from_a_day_to_a_year_keeps_its_labels_apart():
    for days in (1, 2, 7, 20, 31, 45, 46, 60, 120, 200, 300, 366):
        first = LAST - timedelta(days=days - 1)
        svg = str(mood_chart([ChartDay(first, mood=3)], first=first, last=LAST, name="x").svg)
        months, years = axis_rows(svg, charts.DATES_Y)
        assert months, days
        assert_apart(months, charts.WIDTH)
        assert_apart(years, charts.WIDTH)
        if days > charts.LONG_PERIOD_DAYS:
            assert_every_month_named(months, first, LAST)


def assert_first_year_shown(
    years: list[tuple[float, str]],
    first: date,
    last: date,
    x_for: Callable[[date, date, date], float] = charts.x_for,
) -> None:
    """The first month tick's year is the leftmost year, drawn at that tick: centred on
    it or ending at it."""
    (start, *_) = month_starts(first, last)
    x = x_for(start, first, last)
    assert years, (first, last)
    at, words = years[0]
    assert words == str(start.year), (first, last, years)
    assert x - drawn_width(words) <= at <= x + 1, (first, last, x, years)


def test_a_year_from_december_names_its_starting_year_and_the_new_one_where_it_begins():
    first = LAST - timedelta(days=364)  # 30 November 2025
    months, years = axis_rows(chart(365), charts.DATES_Y)
    assert [words for _, words in years] == ["2025", "2026"]
    assert_first_year_shown(years, first, LAST)
    january = charts.x_for(date(2026, 1, 1), first, LAST)
    assert abs(years[1][0] - january) <= 1
    assert_apart(years, charts.WIDTH)


def test_every_long_axis_shows_its_first_ticks_year_whatever_the_months():
    for last in (LAST, date(2026, 1, 15), date(2026, 2, 3), date(2026, 12, 31), date(2027, 1, 1)):
        for days in (46, 60, 90, 120, 200, 300, 330, 365, 366):
            first = last - timedelta(days=days - 1)
            svg = str(mood_chart([ChartDay(first, mood=3)], first=first, last=last, name="x").svg)
            months, years = axis_rows(svg, charts.DATES_Y)
            assert_first_year_shown(years, first, last)
            assert_apart(years, charts.WIDTH)
            assert_every_month_named(months, first, last)
            new_years = [d for d in month_starts(first, last) if d.month == 1]
            if new_years and new_years[0] != month_starts(first, last)[0]:
                assert str(new_years[0].year) in [words for _, words in years], (first, last)
