"""The mood chart: a hand-written SVG and the words that stand in for it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from xml.etree import ElementTree

from afterwards.journal import charts
from afterwards.journal.charts import ChartDay, mood_chart

SVG = "{http://www.w3.org/2000/svg}"
FIRST = date(2026, 3, 1)
LAST = date(2026, 3, 31)


def draw(*days: ChartDay, **options):  # type: ignore[no-untyped-def]
    return mood_chart(list(days), first=FIRST, last=LAST, name="March 2026", **options)


def parse(chart):  # type: ignore[no-untyped-def]
    return ElementTree.fromstring(str(chart.svg))


def points(chart) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    return {
        p.get("data-day"): (float(p.get("cx")), float(p.get("cy")))
        for p in parse(chart).iter(f"{SVG}circle")
        if p.get("class") == "chart-point"
    }


def line_runs(chart) -> list[list[tuple[float, float]]]:  # type: ignore[no-untyped-def]
    """The line's strokes: each "M" starts a new run of points."""
    (path,) = [p for p in parse(chart).iter(f"{SVG}path") if p.get("class") == "chart-line"]
    runs: list[list[tuple[float, float]]] = []
    for command, x, y in re.findall(r"([ML])([\d.]+) ([\d.]+)", path.get("d")):
        if command == "M":
            runs.append([])
        runs[-1].append((float(x), float(y)))
    return runs


def test_points_land_on_their_day_and_mood():
    chart = draw(ChartDay(date(2026, 3, 1), mood=5), ChartDay(date(2026, 3, 31), mood=1))

    got = points(chart)

    assert got["2026-03-01"] == (charts.LEFT, charts.MOOD_TOP)
    assert got["2026-03-31"] == (
        charts.WIDTH - charts.RIGHT,
        charts.MOOD_TOP + 4 * charts.MOOD_STEP,
    )


def test_a_day_halfway_sits_halfway_and_a_better_mood_sits_higher():
    chart = draw(ChartDay(date(2026, 3, 16), mood=3), ChartDay(date(2026, 3, 17), mood=4))

    got = points(chart)

    middle = (charts.LEFT + charts.WIDTH - charts.RIGHT) / 2
    assert got["2026-03-16"][0] == middle
    assert got["2026-03-17"][1] < got["2026-03-16"][1]


def test_missing_days_are_gaps_in_the_line_not_zeros():
    chart = draw(
        ChartDay(date(2026, 3, 2), mood=2),
        ChartDay(date(2026, 3, 3), mood=3),
        ChartDay(date(2026, 3, 4), mood=None, bled=True),  # a check-in without a mood
        ChartDay(date(2026, 3, 5), mood=4),
        ChartDay(date(2026, 3, 9), mood=5),
    )

    runs = line_runs(chart)

    assert [len(run) for run in runs] == [2, 1, 1]
    lowest = charts.MOOD_TOP + 4 * charts.MOOD_STEP
    assert all(y <= lowest for run in runs for _, y in run)
    assert "2026-03-04" not in points(chart)
    assert set(points(chart)) == {"2026-03-02", "2026-03-03", "2026-03-05", "2026-03-09"}


def test_bleeding_and_intimacy_days_are_marked_in_their_own_rows_and_shapes():
    chart = draw(
        ChartDay(date(2026, 3, 6), mood=2, bled=True),
        ChartDay(date(2026, 3, 7), bled=True),
        ChartDay(date(2026, 3, 20), mood=4, intimate=True),
        ChartDay(date(2026, 3, 21), intimate=True, awaits_afterwards=True),
    )
    svg = parse(chart)

    bleeding = [c for c in svg.iter(f"{SVG}circle") if c.get("class") == "chart-bleeding"]
    intimacy = [p for p in svg.iter(f"{SVG}path") if "chart-intimacy" in p.get("class", "")]

    assert [c.get("data-day") for c in bleeding] == ["2026-03-06", "2026-03-07"]
    assert {float(c.get("cy")) for c in bleeding} == {charts.BLEEDING_Y}
    assert [p.get("data-day") for p in intimacy] == ["2026-03-20", "2026-03-21"]
    assert [p.get("class") for p in intimacy] == ["chart-intimacy", "chart-intimacy chart-open"]
    labels = [" ".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert "Bleeding" in labels and "Closeness or sex" in labels
    assert "Intimacy" not in labels


def test_an_empty_month_gives_a_calm_message_and_no_drawing():
    chart = draw(ChartDay(date(2026, 3, 3)))  # a check-in with nothing to draw

    assert chart.empty
    assert str(chart.svg) == ""
    assert chart.summary == "Nothing to draw for March 2026 yet."


def test_days_outside_the_window_are_left_out():
    chart = draw(ChartDay(date(2026, 2, 28), mood=1), ChartDay(date(2026, 4, 1), mood=1))

    assert chart.empty


def test_the_summary_says_the_range_the_latest_and_the_marks():
    chart = draw(
        ChartDay(date(2026, 3, 2), mood=1, bled=True),
        ChartDay(date(2026, 3, 10), mood=4, intimate=True),
        ChartDay(date(2026, 3, 12), mood=3),
    )

    assert chart.summary == (
        "Mood in March 2026, noted on 3 days: from Very low to Good. "
        "Most recently Okay, on 12 March. Bleeding on 1 day. Closeness or sex on 1 day."
    )
    assert [d.day.day for d in chart.days] == [2, 10, 12]


def test_the_drawing_is_named_by_its_summary_and_every_text_is_escaped(monkeypatch):
    monkeypatch.setattr(charts, "BLEEDING_LABEL", "<script>&")
    chart = draw(ChartDay(date(2026, 3, 3), mood=3, bled=True), labelled_by='x" onload="y')

    markup = str(chart.svg)

    assert "<script>" not in markup
    assert "&lt;script&gt;&amp;" in markup
    assert 'aria-labelledby="x&quot; onload=&quot;y"' in markup
    assert parse(chart).get("role") == "img"


def test_the_drawing_needs_no_style_attribute():
    chart = draw(*(ChartDay(date(2026, 3, d), mood=d % 5 + 1, bled=d < 5) for d in range(1, 29)))

    markup = str(chart.svg)

    assert "style" not in markup
    assert "<script" not in markup


def test_over_more_than_ninety_days_points_are_drawn_small_and_every_day_keeps_one():
    for days, radius in ((31, 3.5), (90, 3.5), (91, 1.2), (182, 1.2), (365, 1.2)):
        last = date(2026, 11, 29)
        first = last - timedelta(days=days - 1)
        every = [ChartDay(first + timedelta(days=n), mood=1 + n % 5) for n in range(days)]
        drawn = parse(mood_chart(every, first=first, last=last, name="the period"))
        circles = [c for c in drawn.iter(f"{SVG}circle") if c.get("class") == "chart-point"]
        assert len(circles) == days, days  # every day with a mood has its point
        assert {float(c.get("r", "nan")) for c in circles} == {radius}, days
    assert charts.point_radius(first, last) <= 1.2 < charts.POINT_R


def test_over_more_than_ninety_days_a_weeks_closeness_marks_are_drawn_small_and_apart():
    for days, full in ((31, True), (365, False)):
        last = date(2026, 11, 29)
        first = last - timedelta(days=days - 1)
        weekly = [
            ChartDay(first + timedelta(days=n), intimate=n % 7 == 0, bled=n % 28 < 4)
            for n in range(days)
            if n % 7 == 0 or n % 28 < 4
        ]
        drawn = parse(mood_chart(weekly, first=first, last=last, name="the period"))
        diamonds = [p for p in drawn.iter(f"{SVG}path") if "chart-intimacy" in p.get("class", "")]
        shapes = [
            [float(n) for n in re.findall(r"[\d.]+", p.get("d", ""))[:3]] for p in diamonds
        ]  # M x y-r L x+r: the centre's x, then the right corner's
        xs = [x for x, _, _ in shapes]
        halves = {round(right - x, 1) for x, _, right in shapes}
        bleeding = {
            float(c.get("r", "nan"))
            for c in drawn.iter(f"{SVG}circle")
            if c.get("class") == "chart-bleeding"
        }
        if full:
            assert halves == {charts.MARK_R + 1} and bleeding == {charts.MARK_R}
        else:
            (half,) = halves
            assert half < charts.MARK_R + 1 and max(bleeding) < charts.MARK_R
            gaps = [b - a for a, b in zip(xs, xs[1:], strict=False)]
            assert 2 * half < min(gaps), (half, min(gaps))  # a week apart, never touching
