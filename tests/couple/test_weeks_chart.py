"""Grief over the weeks, in plain Python: each week's average as each person shared it, a
band between the two lines where both shared, and words that say where the two ran
furthest apart and came closest, with no score and no judgement."""

from __future__ import annotations

import re
from datetime import date, timedelta
from xml.etree import ElementTree

from afterwards.couple import charts

MONDAY = date(2026, 1, 5)
SVG = "{http://www.w3.org/2000/svg}"


def week(n: int, day: int = 0) -> date:
    return MONDAY + timedelta(weeks=n, days=day)


def drawn(own: dict[date, int], partner: dict[date, int]) -> charts.Chart:
    chart = charts.grief_weeks(own=own, partner=partner, labelled_by="weeks-summary")
    assert chart is not None
    return chart


def test_nothing_is_drawn_until_both_shared_grief_over_more_than_one_week():
    one_week = {week(0): 3, week(0, 2): 4}
    assert charts.grief_weeks(own=one_week, partner=one_week, labelled_by="s") is None
    assert charts.grief_weeks(own={week(0): 3, week(3): 2}, partner={}, labelled_by="s") is None
    assert charts.grief_weeks(own={}, partner={week(0): 3, week(3): 2}, labelled_by="s") is None
    assert charts.grief_weeks(own={week(0): 3}, partner={week(3): 2}, labelled_by="s")


def test_the_summary_says_where_the_two_ran_furthest_apart_and_came_closest():
    own = {week(0): 5, week(0, 1): 5, week(1): 3, week(2): 4}
    partner = {week(0): 1, week(1): 3, week(1, 3): 3, week(2): 2}

    chart = drawn(own, partner)

    assert chart.summary == (
        "Grief week by week, each week's average as each of you shared it, from the week "
        "of 5 January 2026 to the week of 19 January 2026. Your two lines ran furthest "
        "apart in the week of 5 January 2026 (yours about Overwhelming, your partner's "
        "about None), and came closest in the week of 12 January 2026 (both about Some)."
    )
    assert not re.search(r"\d\.\d|score|better|worse|should", chart.summary)


def test_of_weeks_alike_the_latest_is_named():
    own = {week(0): 4, week(1): 3, week(2): 4}
    partner = {week(0): 2, week(1): 3, week(2): 2}

    assert "furthest apart in the week of 19 January 2026" in drawn(own, partner).summary


def test_one_week_in_common_is_said_as_the_one_week():
    chart = drawn({week(0): 4, week(2): 4}, {week(2): 2, week(5): 1})

    assert chart.summary.endswith(
        "The week of 19 January 2026 is the one week you both shared it: yours about "
        "A lot, your partner's about A little."
    )


def test_no_week_in_common_is_said_plainly():
    chart = drawn({week(0): 4}, {week(2): 2})

    assert chart.summary.endswith(
        "No week holds grief from both of you yet, so the two lines do not meet."
    )


def test_every_week_alike_is_said_once_with_the_latest():
    chart = drawn({week(0): 4, week(1): 4}, {week(0): 3, week(1): 3})

    assert chart.summary.endswith(
        "In every week you both shared it, the two lines were as far apart as in the "
        "others; most recently, the week of 12 January 2026: yours about A lot, your "
        "partner's about Some."
    )


def test_each_line_breaks_at_a_week_its_person_did_not_share_and_the_band_with_it():
    own = {week(n): 4 for n in (0, 1, 2, 4, 5)}
    partner = {week(n): 2 for n in (0, 1, 2, 3, 4)}

    root = ElementTree.fromstring(str(drawn(own, partner).svg))

    paths = {p.get("class"): p.get("d", "") for p in root.iter(f"{SVG}path")}
    assert paths["pair-line-own"].count("M") == 2  # weeks 0-2, then 4-5
    assert paths["pair-line-partner"].count("M") == 1
    bands = list(root.iter(f"{SVG}polygon"))
    assert [b.get("class") for b in bands] == ["pair-gap"]  # weeks 0-2 only: 3 has no own
    assert len(bands[0].get("points", "").split()) == 6  # three weeks, there and back
    singles = [line for line in root.iter(f"{SVG}line") if line.get("class") == "pair-gap-line"]
    assert len(singles) == 1  # week 4, alone between two gaps


def test_each_week_is_one_point_each_at_its_average_and_the_shapes_differ():
    own = {week(0): 2, week(0, 1): 4, week(1): 5}
    partner = {week(0): 1, week(1): 1}

    svg = str(drawn(own, partner).svg)

    assert re.findall(r'class="pair-point-own" data-day="([\d-]+)" data-value="([\d.]+)"', svg) == [
        ("2026-01-05", "3.0"),
        ("2026-01-12", "5.0"),
    ]
    assert svg.count('class="pair-point-partner"') == 2 and svg.count("<rect") == 2
    assert 'role="img" aria-labelledby="weeks-summary"' in svg


def test_the_table_says_each_week_in_words_with_its_range():
    own = {week(0): 2, week(0, 1): 4, week(1): 5}
    partner = {week(1): 1}

    chart = drawn(own, partner)

    assert chart.head == ["Week", "Your grief", "Your partner's grief"]
    assert chart.rows == [
        ["Week of 5 January 2026", "About Some, from A little to A lot", ""],
        ["Week of 12 January 2026", "Overwhelming", "None"],
    ]
    assert '<th scope="row">Week of 5 January 2026</th>' in str(chart.table_rows)


def test_a_year_of_weeks_names_its_months_and_draws_small_points():
    days = [MONDAY + timedelta(days=n) for n in range(365)]
    chart = drawn({d: 1 + d.toordinal() % 5 for d in days}, {d: 3 for d in days[::2]})

    svg = str(chart.svg)
    months = re.findall(r'text-anchor="middle">([A-Z][a-z]{0,2})</text>', svg)
    assert len(months) == 12 and ">2026</text>" in svg and ">2027</text>" in svg
    assert set(re.findall(r'r="([\d.]+)" class="pair-point-own"', svg)) == {"1.2"}
    assert len(chart.rows) == 53


def test_the_label_it_is_named_by_is_escaped():
    chart = charts.grief_weeks(
        own={week(0): 3, week(1): 3}, partner={week(0): 3}, labelled_by='"><script>'
    )
    assert chart is not None
    assert "<script>" not in str(chart.svg) and "&quot;&gt;&lt;script&gt;" in str(chart.svg)
