"""Mood over a window of days, drawn on the server as an SVG, with its text alternative.

Hand-written markup rather than a plotting library: it is rendered on every history
view, must obey the CSP (no style attributes: colours come from classes in site.css,
so the light and dark themes both hold), and must work without JavaScript. Every piece
of text is escaped, even our own constants.

A day without a mood is a gap in the line, never a zero. Bleeding days and days of
closeness or sex are marked in rows of their own, each with its own shape (a circle, a
diamond), so colour is never the only sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from django.utils.safestring import SafeString, mark_safe

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
POINT_R = 3.5
MARK_R = 4.0

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
BLEEDING_LABEL = "Bleeding"
# As everywhere else on the pages; on two lines, to fit the gutter beside the marks.
INTIMACY_LABEL = ("Closeness", "or sex")
LINE_HEIGHT = 12


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
        return _day_label(self.day)

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
            cells = (d.mood_word or "Not noted", "Yes" if d.bled else "No", closeness)
            rows.append(
                f'<tr><th scope="row">{escape(d.label)}</th>'
                + "".join(f"<td>{escape(cell)}</td>" for cell in cells)
                + "</tr>"
            )
        return mark_safe("".join(rows))  # noqa: S308  every text is escaped


def x_for(day: date, first: date, last: date) -> float:
    """Days spread evenly from the left gutter to the right edge."""
    span = max((last - first).days, 1)
    return round(LEFT + (day - first).days * (WIDTH - LEFT - RIGHT) / span, 1)


def y_for(mood: int) -> float:
    return float(MOOD_TOP + (max(MOOD_WORDS) - mood) * MOOD_STEP)


def mood_chart(
    days: Sequence[ChartDay], *, first: date, last: date, name: str, labelled_by: str = ""
) -> MoodChart:
    """The chart of the days from `first` to `last`; days outside them are left out.

    `name` says the window in words ("March 2026") for the summary; `labelled_by` is the
    id of the element on the page that holds the summary, which names the drawing.
    """
    inside = sorted((d for d in days if first <= d.day <= last and d.shown), key=lambda d: d.day)
    if not inside:
        return MoodChart(first, last, [], mark_safe(""), f"Nothing to draw for {name} yet.")  # noqa: S308
    svg = _svg(inside, first, last, labelled_by)
    return MoodChart(first, last, inside, svg, _summary(inside, name))


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
            f"Mood in {name}, noted on {_days(len(moods))}: {spread}. "
            f"Most recently {MOOD_WORDS[latest.mood or 0]}, on {_day_label(latest.day)}."
        )
    else:
        parts.append(f"No mood noted in {name}.")
    bled = sum(d.bled for d in days)
    intimate = sum(d.intimate for d in days)
    parts.append(f"Bleeding on {_days(bled)}." if bled else "No bleeding noted.")
    parts.append(
        f"Closeness or sex on {_days(intimate)}." if intimate else "No closeness or sex noted."
    )
    return " ".join(parts)


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _day_label(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"


def _text(x: float, y: float, words: str, css: str, anchor: str = "end") -> str:
    return f'<text x="{x}" y="{y}" class="{css}" text-anchor="{anchor}">{escape(words)}</text>'


def _text_lines(x: float, y: float, lines: tuple[str, ...], css: str) -> str:
    """Words on lines of their own, one under the other, centred on y as _text's are."""
    top = y - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(
        f'<tspan x="{x}" y="{top + n * LINE_HEIGHT}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text class="{css}" text-anchor="end">{spans}</text>'


def _diamond(x: float, y: float, r: float) -> str:
    return f"M{x} {y - r}L{x + r} {y}L{x} {y + r}L{x - r} {y}Z"


def _svg(days: list[ChartDay], first: date, last: date, labelled_by: str) -> SafeString:
    right = WIDTH - RIGHT
    # One picture to a screen reader, named by the summary beside it.
    name = f' role="img" aria-labelledby="{escape(labelled_by)}"' if labelled_by else ""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="mood-chart-svg" focusable="false"{name}>'
    ]
    # The scale: one line and one word per mood, the best at the top.
    for mood, word in MOOD_WORDS.items():
        y = y_for(mood)
        out.append(f'<line x1="{LEFT}" y1="{y}" x2="{right}" y2="{y}" class="chart-grid"/>')
        out.append(_text(LEFT - 6, y + 4, word, "chart-label"))
    out.append(_text(LEFT - 6, BLEEDING_Y + 4, BLEEDING_LABEL, "chart-label"))
    out.append(_text_lines(LEFT - 6, INTIMACY_Y + 4, INTIMACY_LABEL, "chart-label"))
    # Dates along the bottom: the first day, every seventh, and the last.
    ticks = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, 7)]
    if (last - ticks[-1]).days >= 3:
        ticks.append(last)
    for tick in ticks:
        x = x_for(tick, first, last)
        label = f"{tick.day} {MONTH_NAMES[tick.month - 1][:3]}" if tick == first else str(tick.day)
        out.append(
            f'<line x1="{x}" y1="{INTIMACY_Y + 10}" x2="{x}" y2="{INTIMACY_Y + 14}" '
            f'class="chart-tick"/>'
        )
        out.append(_text(x, DATES_Y, label, "chart-label", "middle"))

    # The line: one stroke per run of consecutive days with a mood, so a missing day
    # is a gap.
    segments: list[str] = []
    previous: date | None = None
    for d in days:
        if d.mood not in MOOD_WORDS or d.mood is None:
            continue
        command = "L" if previous is not None and (d.day - previous).days == 1 else "M"
        segments.append(f"{command}{x_for(d.day, first, last)} {y_for(d.mood)}")
        previous = d.day
    if segments:
        out.append(
            f'<path d="{"".join(segments)}" class="chart-line" fill="none" stroke="currentColor"/>'
        )
    for d in days:
        x = x_for(d.day, first, last)
        iso = d.day.isoformat()
        if d.mood in MOOD_WORDS and d.mood is not None:
            out.append(
                f'<circle cx="{x}" cy="{y_for(d.mood)}" r="{POINT_R}" class="chart-point" '
                f'data-day="{iso}" data-mood="{d.mood}"/>'
            )
        if d.bled:
            out.append(
                f'<circle cx="{x}" cy="{BLEEDING_Y}" r="{MARK_R}" class="chart-bleeding" '
                f'data-day="{iso}"/>'
            )
        if d.intimate:
            css = "chart-intimacy chart-open" if d.awaits_afterwards else "chart-intimacy"
            out.append(
                f'<path d="{_diamond(x, INTIMACY_Y, MARK_R + 1)}" class="{css}" data-day="{iso}"/>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  every text above went through escape()
