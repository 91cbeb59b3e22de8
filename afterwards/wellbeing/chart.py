"""A questionnaire's totals over time as a small inline SVG, built on the server.

No JavaScript and no style attributes (the CSP refuses them): classes for colour, which
site.css sets for the light and the dark theme. Every piece of text is escaped. The SVG
carries its own title and description; the page shows the same figures as a table.
A result whose safety item was positive is named in the description with the same calm
words the page shows beside the chart, linked to help.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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
        return round(TOP + plot_h * (high - total) / (high - low), 1)

    def x(index: int) -> float:
        if len(points) == 1:
            return LEFT + plot_w / 2
        return round(LEFT + plot_w * index / (len(points) - 1), 1)

    ident = f"{prefix}trend-{instrument.id}"
    parts = [
        format_html(
            '<svg class="trend" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc"'
            ' xmlns="http://www.w3.org/2000/svg">',
            WIDTH,
            HEIGHT,
            ident,
            ident,
        ),
        format_html(
            '<title id="{}-title">{} scores over time</title>', ident, instrument.short_name
        ),
        format_html('<desc id="{}-desc">{}</desc>', ident, describe(instrument, points)),
        format_html(
            '<rect class="trend-area" x="{}" y="{}" width="{}" height="{}"/>',
            LEFT,
            TOP,
            plot_w,
            plot_h,
        ),
    ]
    for value in (low, high):
        parts.append(
            format_html(
                '<text class="trend-label" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT - 6,
                y(value) + 4,
                value,
            )
        )
    threshold = instrument.worth_talking_about_at
    if threshold is not None:
        parts.append(
            format_html(
                '<line class="trend-threshold" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="trend-label" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                y(threshold),
                y(threshold),
                LEFT - 6,
                y(threshold) + 4,
                threshold,
            )
        )
    if len(points) > 1:
        line = " ".join(f"{x(i)},{y(total)}" for i, (_, total, _) in enumerate(points))
        parts.append(format_html('<polyline class="trend-line" points="{}"/>', line))
    for i, (_, total, _) in enumerate(points):
        parts.append(
            format_html('<circle class="trend-point" cx="{}" cy="{}" r="4"/>', x(i), y(total))
        )
    if points:
        parts.append(
            format_html(
                '<text class="trend-label" x="{}" y="{}">{}</text>',
                LEFT,
                HEIGHT - 10,
                f"{points[0][0]:%d %b %Y}",
            )
        )
        if len(points) > 1:
            parts.append(
                format_html(
                    '<text class="trend-label" x="{}" y="{}" text-anchor="end">{}</text>',
                    WIDTH - RIGHT,
                    HEIGHT - 10,
                    f"{points[-1][0]:%d %b %Y}",
                )
            )
    parts.append(mark_safe("</svg>"))  # noqa: S308 (a constant)
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 (each part escaped)


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
