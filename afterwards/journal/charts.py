"""Mood over a window of days, drawn on the server as an SVG, with its text alternative.

Drawn with the site's one way to draw a chart (afterwards/charts: the markup, the
scales, the date axis); what is the journal's own is here. It is rendered on every
history view and in the report.

A day without a mood is a gap in the line, never a zero. Bleeding days and days of
closeness or sex are marked in rows of their own, each with its own shape (a circle, a
diamond), so colour is never the only sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString

from afterwards.charts import svg
from afterwards.charts.dates import LONG_PERIOD_DAYS as LONG_PERIOD_DAYS
from afterwards.charts.dates import MONTH_NAMES as MONTH_NAMES
from afterwards.charts.dates import POINT_R as POINT_R
from afterwards.charts.dates import YEAR_LINE as YEAR_LINE
from afterwards.charts.dates import (
    axis_height,
    date_axis_svg,
    date_ticks,
    day_label,
    days_words,
    point_radius,
)
from afterwards.charts.scales import day_x, step_y
from afterwards.charts.table import rows_html
from afterwards.journal.checkin import MOOD_WORDS

# The drawing, in SVG user units. The left gutter holds the mood words.
WIDTH = 340
HEIGHT = 196
LEFT = 68
RIGHT = 10
MOOD_TOP = 14  # the y of the highest mood
MOOD_STEP = 25  # between two moods
BLEEDING_Y = 138
INTIMACY_Y = 160
DATES_Y = 188
MARK_R = 4.0

BLEEDING_LABEL = "Bleeding"
# As everywhere else on the pages; on two lines, to fit the gutter beside the marks.
INTIMACY_LABEL = ("Closeness", "or sex")


@dataclass(frozen=True)
class ChartDay:
    """What the chart shows of one day; a day without a check-in is simply not given."""

    day: date
    mood: int | None = None  # a key of MOOD_WORDS
    bled: bool = False
    intimate: bool = False
    awaits_afterwards: bool = False  # intimacy noted, how the person felt after not yet

    @property
    def shown(self) -> bool:
        return self.mood in MOOD_WORDS or self.bled or self.intimate

    @property
    def label(self) -> str:
        return day_label(self.day)

    @property
    def mood_word(self) -> str:
        return MOOD_WORDS.get(self.mood or 0, "")


@dataclass(frozen=True)
class MoodChart:
    first: date
    last: date
    days: list[ChartDay]  # the days with something drawn, oldest first
    svg: SafeString  # empty when there is nothing to draw
    summary: str  # one or two plain sentences a screen reader hears instead of the drawing

    @property
    def empty(self) -> bool:
        return not self.days

    @property
    def table_rows(self) -> SafeString:
        """The rows of the chart's table: the same days and marks the drawing shows."""
        rows = []
        for d in self.days:
            closeness = (
                "Yes, afterwards still to add"
                if d.intimate and d.awaits_afterwards
                else "Yes"
                if d.intimate
                else "No"
            )
            rows.append([d.label, d.mood_word or "Not noted", "Yes" if d.bled else "No", closeness])
        return rows_html(rows)


def x_for(day: date, first: date, last: date, left: float = LEFT) -> float:
    """Days spread evenly from the left gutter (`left` wide) to the right edge."""
    return day_x(day, first=first, last=last, left=left, right=WIDTH - RIGHT)


def y_for(mood: int) -> float:
    return step_y(mood, top=MOOD_TOP, step=MOOD_STEP, highest=max(MOOD_WORDS))


def mood_chart(
    days: Sequence[ChartDay],
    *,
    first: date,
    last: date,
    name: str,
    labelled_by: str = "",
    left: float = LEFT,
) -> MoodChart:
    """The chart of the days from `first` to `last`; days outside them are left out.

    `name` says the window in words ("March 2026") for the summary; `labelled_by` is the
    id of the element on the page that holds the summary, which names the drawing.
    `left` is the gutter's width: a wider one lines the days up with another chart's
    (the report's, under couple/charts.pair_chart's grief), the words still right-aligned.
    """
    inside = sorted((d for d in days if first <= d.day <= last and d.shown), key=lambda d: d.day)
    if not inside:
        return MoodChart(first, last, [], svg.drawing([]), f"Nothing to draw for {name} yet.")
    drawn = _svg(inside, first, last, labelled_by, left)
    return MoodChart(first, last, inside, drawn, _summary(inside, name))


def _summary(days: list[ChartDay], name: str) -> str:
    moods = [d for d in days if d.mood in MOOD_WORDS]
    parts = []
    if moods:
        low = min(d.mood for d in moods if d.mood is not None)
        high = max(d.mood for d in moods if d.mood is not None)
        latest = moods[-1]
        spread = (
            f"always {MOOD_WORDS[low]}"
            if low == high
            else f"from {MOOD_WORDS[low]} to {MOOD_WORDS[high]}"
        )
        parts.append(
            f"Mood in {name}, noted on {days_words(len(moods))}: {spread}. "
            f"Most recently {MOOD_WORDS[latest.mood or 0]}, on {day_label(latest.day)}."
        )
    else:
        parts.append(f"No mood noted in {name}.")
    bled = sum(d.bled for d in days)
    intimate = sum(d.intimate for d in days)
    parts.append(f"Bleeding on {days_words(bled)}." if bled else "No bleeding noted.")
    parts.append(
        f"Closeness or sex on {days_words(intimate)}." if intimate else "No closeness or sex noted."
    )
    return " ".join(parts)


def _svg(
    days: list[ChartDay], first: date, last: date, labelled_by: str, left: float = LEFT
) -> SafeString:
    right = WIDTH - RIGHT

    def x_of(day: date) -> float:
        return x_for(day, first, last, left)

    ticks = date_ticks(first, last, x_of, WIDTH)
    out = [
        svg.svg_open(
            width=WIDTH,
            height=HEIGHT + axis_height(ticks),
            css="mood-chart-svg",
            labelled_by=labelled_by,
        )
    ]
    # The scale: one line and one word per mood, the best at the top.
    for mood, word in MOOD_WORDS.items():
        y = y_for(mood)
        out.append(svg.element("line", x1=left, y1=y, x2=right, y2=y, css="chart-grid"))
        out.append(svg.text(left - 6, y + 4, word))
    out.append(svg.text(left - 6, BLEEDING_Y + 4, BLEEDING_LABEL))
    out.append(svg.text_lines(left - 6, INTIMACY_Y + 4, INTIMACY_LABEL))
    # Dates along the bottom: weeks in a short window, months in a long one.
    out.append(date_axis_svg(ticks, tick_top=INTIMACY_Y + 10, labels_y=DATES_Y))

    line = svg.runs(
        (d.day.toordinal(), x_of(d.day), y_for(d.mood))
        for d in days
        if d.mood in MOOD_WORDS and d.mood is not None
    )
    if line:
        out.append(
            svg.element("path", d=line, css="chart-line", fill="none", stroke="currentColor")
        )
    radius = point_radius(first, last)
    # The marks too: over a long window full-size diamonds a week apart run together.
    mark, diamond = point_radius(first, last, MARK_R), point_radius(first, last, MARK_R + 1)
    for d in days:
        x = x_of(d.day)
        iso = d.day.isoformat()
        if d.mood in MOOD_WORDS and d.mood is not None:
            out.append(
                svg.element(
                    "circle",
                    cx=x,
                    cy=y_for(d.mood),
                    r=radius,
                    css="chart-point",
                    data_day=iso,
                    data_mood=d.mood,
                )
            )
        if d.bled:
            out.append(
                svg.element(
                    "circle", cx=x, cy=BLEEDING_Y, r=mark, css="chart-bleeding", data_day=iso
                )
            )
        if d.intimate:
            css = "chart-intimacy chart-open" if d.awaits_afterwards else "chart-intimacy"
            out.append(
                svg.element("path", d=svg.diamond(x, INTIMACY_Y, diamond), css=css, data_day=iso)
            )
    out.append("</svg>")
    return svg.drawing(out)
