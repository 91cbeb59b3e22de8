"""A questionnaire's totals over time as a small inline SVG, built on the server.

Drawn with the site's one way to draw a chart (afterwards/charts): no JavaScript and no
style attributes (the CSP refuses them), classes for colour, which site.css sets for the
light and the dark theme. Every piece of text is escaped. The SVG
carries its own title and description; the page shows the same figures as a table.
A result whose safety item was positive is named in the description with the same calm
words the page shows beside the chart, linked to help.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.safestring import SafeString

from afterwards.charts import svg
from afterwards.charts.scales import linear
from afterwards.wellbeing.instrument import Instrument

WIDTH, HEIGHT = 320, 170
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 34  # margins for the axis labels
HELP_WORDS = "Help is here, any time."


class Point(NamedTuple):
    taken: datetime
    total: int
    safety_positive: bool = False  # a safety item was answered positively


def day_label(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def trend_svg(instrument: Instrument, points: list[Point], *, prefix: str = "") -> SafeString:
    """Totals (oldest first) on the instrument's full range, with its threshold marked.
    `prefix` keeps its ids apart from another chart of the same instrument on one page
    (a couple report holds two)."""
    points = [point._replace(taken=timezone.localtime(point.taken)) for point in points]
    low, high = instrument.score_range
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(total: int) -> float:
        return round(linear(total, low=high, high=low, start=TOP, end=TOP + plot_h), 1)

    def x(index: int) -> float:
        if len(points) == 1:
            return LEFT + plot_w / 2
        return round(linear(index, low=0, high=len(points) - 1, start=LEFT, end=LEFT + plot_w), 1)

    ident = f"{prefix}trend-{instrument.id}"
    parts = [
        # Named by its own title and description, which a PDF keeps with it.
        svg.opening(
            "svg",
            css="trend",
            viewBox=f"0 0 {WIDTH} {HEIGHT}",
            role="img",
            aria_labelledby=f"{ident}-title {ident}-desc",
            xmlns=svg.NAMESPACE,
        ),
        svg.element("title", f"{instrument.short_name} scores over time", id=f"{ident}-title"),
        svg.element("desc", describe(instrument, points), id=f"{ident}-desc"),
        svg.element("rect", css="trend-area", x=LEFT, y=TOP, width=plot_w, height=plot_h),
    ]
    for value in (low, high):
        parts.append(svg.text(LEFT - 6, y(value) + 4, str(value), css="trend-label"))
    threshold = instrument.worth_talking_about_at
    if threshold is not None:
        parts.append(
            svg.element(
                "line",
                css="trend-threshold",
                x1=LEFT,
                x2=WIDTH - RIGHT,
                y1=y(threshold),
                y2=y(threshold),
            )
        )
        parts.append(svg.text(LEFT - 6, y(threshold) + 4, str(threshold), css="trend-label"))
    if len(points) > 1:
        line = " ".join(f"{x(i)},{y(total)}" for i, (_, total, _) in enumerate(points))
        parts.append(svg.element("polyline", css="trend-line", points=line))
    for i, (_, total, _) in enumerate(points):
        parts.append(svg.element("circle", css="trend-point", cx=x(i), cy=y(total), r=4))
    if points:
        first = f"{points[0][0]:%d %b %Y}"
        parts.append(svg.text(LEFT, HEIGHT - 10, first, css="trend-label", anchor=None))
        if len(points) > 1:
            last = f"{points[-1][0]:%d %b %Y}"
            parts.append(svg.text(WIDTH - RIGHT, HEIGHT - 10, last, css="trend-label"))
    parts.append("</svg>")
    return svg.drawing(parts)


def safety_note(points: list[Point]) -> str:
    """Which charted results had a positive safety answer, in words; empty if none."""
    days = [day_label(timezone.localtime(point.taken)) for point in points if point.safety_positive]
    if not days:
        return ""
    if len(days) == 1:
        return f"One answer in the result of {days[0]} was about hurting yourself."
    listed = f"{', '.join(days[:-1])} and {days[-1]}"
    return f"One answer in each of the results of {listed} was about hurting yourself."


def describe(instrument: Instrument, points: list[Point]) -> str:
    """The chart in words, for its text alternative (times in the server's time zone)."""
    low, high = instrument.score_range
    if not points:
        return f"No complete {instrument.short_name} results yet."
    scores = ", ".join(f"{total} on {day_label(moment)}" for moment, total, _ in points)
    words = (
        f"{len(points)} complete {instrument.short_name} "
        f"result{'s' if len(points) != 1 else ''}, on a scale of {low} to {high}: {scores}."
    )
    if instrument.worth_talking_about_at is not None:
        words += (
            f" The line marks {instrument.worth_talking_about_at},"
            " where talking it over is suggested."
        )
    note = safety_note(points)
    if note:
        words += f" {note} {HELP_WORDS}"
    return words
