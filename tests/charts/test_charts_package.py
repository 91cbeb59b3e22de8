"""The shared way to draw a chart (afterwards/charts), in plain Python: every value and
text escaped, lines broken where days are missing, and days placed evenly."""

from __future__ import annotations

from datetime import date

from afterwards.charts import scales, svg
from afterwards.charts.dates import date_ticks, day_label, days_words, point_radius
from afterwards.charts.table import Chart, rows_html


def test_every_attribute_and_text_is_escaped_and_none_is_left_out():
    drawn = svg.element("text", '<b>"hi"</b>', x=1.25, y=3, css='a"><script>', text_anchor=None)

    assert drawn == (
        '<text x="1.2" y="3" class="a&quot;&gt;&lt;script&gt;">'
        "&lt;b&gt;&quot;hi&quot;&lt;/b&gt;</text>"
    )
    assert svg.element("circle", cx=2.0, data_day="2026-03-01") == (
        '<circle cx="2.0" data-day="2026-03-01"/>'
    )


def test_the_drawing_is_one_picture_named_by_its_summary():
    opened = svg.svg_open(width=340, height=150, css="c", labelled_by='x" onload="y')

    assert opened.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 340 150"')
    assert 'role="img" aria-labelledby="x&quot; onload=&quot;y"' in opened
    assert "role" not in svg.svg_open(width=1, height=1, css="c")


def test_a_line_breaks_where_a_day_is_missing():
    path = svg.runs([(1, 0.0, 5.0), (2, 1.0, 4.0), (4, 3.0, 2.0), (5, 4.0, 1.0)])

    assert path == "M0.0 5.0L1.0 4.0M3.0 2.0L4.0 1.0"
    assert svg.runs([]) == ""


def test_days_spread_evenly_and_a_single_day_sits_at_the_left():
    first, last = date(2026, 3, 1), date(2026, 3, 11)

    assert scales.day_x(first, first=first, last=last, left=10, right=110) == 10.0
    assert scales.day_x(date(2026, 3, 6), first=first, last=last, left=10, right=110) == 60.0
    assert scales.day_x(first, first=first, last=first, left=10, right=110) == 10.0
    assert scales.step_y(5, top=14, step=25) == 14.0 and scales.step_y(1, top=14, step=25) == 114.0
    assert scales.linear(2, low=0, high=4, start=100, end=0) == 50.0


def test_the_date_axis_names_weeks_in_a_short_window_and_months_in_a_long_one():
    def x(first: date, last: date):  # type: ignore[no-untyped-def]
        return lambda day: scales.day_x(day, first=first, last=last, left=0, right=300)

    short = date_ticks(
        date(2026, 3, 1), date(2026, 3, 14), x(date(2026, 3, 1), date(2026, 3, 14)), 300
    )
    assert [t.label for t in short] == ["1 Mar", "8", "14"]
    long = date_ticks(
        date(2026, 1, 10), date(2026, 6, 1), x(date(2026, 1, 10), date(2026, 6, 1)), 300
    )
    assert [t.label for t in long] == ["Feb", "Mar", "Apr", "May", "Jun"]
    assert long[0].year == "2026"


def test_points_are_small_over_a_long_window_and_days_are_said_in_words():
    assert point_radius(date(2026, 1, 1), date(2026, 3, 31)) == 3.5
    assert point_radius(date(2026, 1, 1), date(2026, 4, 1)) == 1.2
    assert day_label(date(2026, 3, 1)) == "1 March"
    assert days_words(1) == "1 day" and days_words(2) == "2 days"


def test_a_charts_table_rows_head_each_row_and_escape_every_cell():
    chart = Chart(svg=svg.drawing([]), summary="s", head=["Day", "x"], rows=[["1 <May>", "a&b"]])

    assert str(chart.table_rows) == '<tr><th scope="row">1 &lt;May&gt;</th><td>a&amp;b</td></tr>'
    assert str(rows_html([])) == "" and not Chart(svg.drawing([]), "", [], []).rows
