"""The side-by-side chart in plain Python: two lines, gaps not zeros, every text escaped."""

from __future__ import annotations

import re
from datetime import date, timedelta

from afterwards.couple import charts

LAST = date(2026, 3, 28)
FIRST = LAST - timedelta(days=13)


def _day(back: int) -> date:
    return LAST - timedelta(days=back)


def test_nothing_shared_draws_nothing_and_says_nothing():
    chart = charts.pair_chart(
        scale="mood", own={}, partner={_day(20): 3}, first=FIRST, last=LAST, labelled_by="s"
    )

    assert chart.empty and chart.summary == ""


def test_each_person_has_a_line_and_a_shape_of_their_own():
    chart = charts.pair_chart(
        scale="grief",
        own={_day(0): 2, _day(1): 3},
        partner={_day(0): 5},
        first=FIRST,
        last=LAST,
        labelled_by="grief-chart-summary",
    )

    svg = str(chart.svg)
    assert 'role="img" aria-labelledby="grief-chart-summary"' in svg
    assert svg.count('class="pair-point-own"') == 2 and svg.count("<circle") == 2
    assert svg.count('class="pair-point-partner"') == 1 and svg.count("<rect") == 1
    assert 'class="pair-line-own"' in svg and 'class="pair-line-partner"' in svg
    assert ">Overwhelming</text>" in svg  # the scale's own words in the gutter
    assert chart.summary == (
        "Grief, as each of you shared it, 15 March to 28 March. "
        "Yours: between A little and Some; most recently A little, on 28 March. "
        "Your partner's: always Overwhelming; most recently Overwhelming, on 28 March."
    )


def test_a_day_not_shared_is_a_gap_in_the_line_never_a_zero():
    chart = charts.pair_chart(
        scale="mood",
        own={_day(0): 4, _day(1): 4, _day(5): 2},
        partner={},
        first=FIRST,
        last=LAST,
        labelled_by="s",
    )

    path = str(chart.svg).split('class="pair-line-own"')[0].rsplit("<path", 1)[1]
    assert path.count("M") == 2 and path.count("L") == 1  # two runs of days
    assert "Your partner" not in chart.summary  # nothing shared is nothing said


def test_values_outside_the_window_or_the_scale_are_left_out():
    chart = charts.pair_chart(
        scale="mood",
        own={_day(14): 5, _day(0): 9, _day(2): 1},
        partner={},
        first=FIRST,
        last=LAST,
        labelled_by='"><script>',
    )

    svg = str(chart.svg)
    assert svg.count("<circle") == 1 and 'data-value="1"' in svg
    assert "<script>" not in svg and "&quot;&gt;&lt;script&gt;" in svg


def test_the_table_lists_only_days_either_shared_oldest_first():
    own = {"mood": {_day(0): 3}, "grief": {}}
    partner = {"mood": {}, "grief": {_day(4): 4}}
    days = [FIRST + timedelta(days=n) for n in range(14)]

    rows = charts.pair_table(own=own, partner=partner, days=days)

    assert [(r.label, r.own_mood, r.partner_grief) for r in rows] == [
        ("24 March", "", "A lot"),
        ("28 March", "Okay", ""),
    ]


def test_over_more_than_ninety_days_both_shapes_are_drawn_small_and_every_day_keeps_one():
    for days, radius, side in ((14, 3.5, 7.0), (90, 3.5, 7.0), (91, 1.2, 2.4), (365, 1.2, 2.4)):
        first = LAST - timedelta(days=days - 1)
        values = {first + timedelta(days=n): 1 + n % 5 for n in range(days)}
        svg = str(
            charts.pair_chart(
                scale="mood", own=values, partner=values, first=first, last=LAST, labelled_by="s"
            ).svg
        )
        circles = re.findall(r'<circle [^>]*r="([\d.]+)" class="pair-point-own"', svg)
        squares = re.findall(r'width="([\d.]+)" height="([\d.]+)" class="pair-point-partner"', svg)
        assert len(circles) == days and len(squares) == days, days
        assert set(map(float, circles)) == {radius}, days
        assert {(float(w), float(h)) for w, h in squares} == {(side, side)}, days
