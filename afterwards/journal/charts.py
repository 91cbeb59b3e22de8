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

from collections.abc import Callable, Sequence
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
# Over a long window full-size points touch and turn a line into a comb: above
# DENSE_DAYS days each point is drawn small (point_radius). The table stays the
# accessible form of every value.
DENSE_DAYS = 90
POINT_R_DENSE = 1.2

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# The date axis. Up to LONG_PERIOD_DAYS, a tick a week, in days of the month; beyond it,
# a tick on each month's first day, named by the month, with the year on a line beneath:
# always the first tick's year, and each new year's where there is room.
LONG_PERIOD_DAYS = 45
AXIS_FONT = 11.0  # the largest font a chart-label is drawn in (site.css), in user units
LABEL_GAP = 4.0  # the least space between two labels' edges
YEAR_LINE = 12  # the year's line, beneath the months, when there is one

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


@dataclass(frozen=True)
class DateTick:
    """A tick on the date axis: where it is, its words ("" for none), and the year on the
    line beneath ("" for none). `at` and `year_at` are where the words are centred,
    moved in from the drawing's edges when they would run over them."""

    day: date
    x: float
    label: str
    at: float
    year: str = ""
    year_at: float = 0.0


def label_width(words: str, font: float = AXIS_FONT) -> float:
    """A generous guess at how wide a label is drawn: capitals are wide, a space narrow."""
    return font * sum(0.9 if c.isupper() else 0.35 if c == " " else 0.66 for c in words)


def _centred(x: float, words: str, width: float) -> float:
    """Where a label centred on x must sit to stay inside the drawing."""
    half = label_width(words) / 2
    return round(min(max(x, half + 1), width - half - 1), 1)


def _ending_at(x: float, words: str, width: float) -> float:
    """Where a label must be centred to end at x, staying inside the drawing."""
    return _centred(x - label_width(words) / 2, words, width)


def _apart(placed: list[tuple[float, str]], at: float, words: str) -> bool:
    """Whether a label at `at` keeps LABEL_GAP from every label already placed."""
    half = label_width(words) / 2
    return all(
        abs(at - other) >= half + label_width(their) / 2 + LABEL_GAP for other, their in placed
    )


def date_ticks(
    first: date, last: date, x_of: Callable[[date], float], width: float
) -> list[DateTick]:
    """The date axis from `first` to `last`, for a drawing `width` units wide whose x for
    a day is `x_of(day)`. No two labels on a line are ever closer than their widths and
    LABEL_GAP: a label that would be is left off (its tick stays)."""
    if (last - first).days + 1 <= LONG_PERIOD_DAYS:
        days = [first + timedelta(days=n) for n in range(0, (last - first).days + 1, 7)]
        if (last - days[-1]).days >= 3:
            days.append(last)
        # The month is named on the first tick and on the first tick of each new month.
        words = [
            f"{d.day} {MONTH_NAMES[d.month - 1][:3]}"
            if n == 0 or d.month != days[n - 1].month
            else str(d.day)
            for n, d in enumerate(days)
        ]
        years = [""] * len(days)
    else:
        days = []
        month = date(first.year, first.month, 1)
        while month <= last:
            if month >= first:
                days.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        xs = [x_of(d) for d in days]
        room = min((b - a for a, b in zip(xs, xs[1:], strict=False)), default=width)
        widest = max(label_width(name[:3]) for name in MONTH_NAMES)
        # Three letters when every month has room for them; else the month's initial.
        size = 3 if widest + LABEL_GAP <= room else 1
        words = [MONTH_NAMES[d.month - 1][:size] for d in days]
        years = [
            str(d.year) if n == 0 or d.year != days[n - 1].year else "" for n, d in enumerate(days)
        ]
    ticks: list[DateTick] = []
    placed: list[tuple[float, str]] = []
    for d, label in zip(days, words, strict=True):
        x = x_of(d)
        at = _centred(x, label, width)
        if _apart(placed, at, label):
            placed.append((at, label))
        else:
            label = ""
        ticks.append(DateTick(d, x, label, at))
    # The years. The first tick's is always shown, so the axis never starts without one:
    # centred on its tick, or, when that would crowd the next year's, ending at its tick,
    # out towards the left edge. Then each new year's, if it keeps its distance.
    placed = []
    shown: dict[int, tuple[str, float]] = {}
    if days and years[0]:
        at = _centred(ticks[0].x, years[0], width)
        following = [
            (_centred(ticks[n].x, years[n], width), years[n])
            for n in range(1, len(days))
            if years[n]
        ][:1]
        if not _apart(following, at, years[0]):
            at = _ending_at(ticks[0].x, years[0], width)
        placed.append((at, years[0]))
        shown[0] = (years[0], at)
    for n in range(1, len(days)):
        if not years[n]:
            continue
        at = _centred(ticks[n].x, years[n], width)
        if _apart(placed, at, years[n]):
            placed.append((at, years[n]))
            shown[n] = (years[n], at)
    return [
        DateTick(t.day, t.x, t.label, t.at, *shown[n]) if n in shown else t
        for n, t in enumerate(ticks)
    ]


def date_axis_svg(
    ticks: list[DateTick], *, tick_top: float, labels_y: float, css: str = "chart-label"
) -> str:
    """The ticks and their words, as SVG: a tick from tick_top down 4 units, the words
    at labels_y and the years a line beneath."""
    out = []
    for tick in ticks:
        out.append(
            f'<line x1="{tick.x}" y1="{tick_top}" x2="{tick.x}" y2="{tick_top + 4}" '
            'class="chart-tick"/>'
        )
        if tick.label:
            out.append(
                f'<text x="{tick.at}" y="{labels_y}" class="{css}" text-anchor="middle">'
                f"{escape(tick.label)}</text>"
            )
        if tick.year:
            out.append(
                f'<text x="{tick.year_at}" y="{labels_y + YEAR_LINE}" class="{css}" '
                f'text-anchor="middle">{escape(tick.year)}</text>'
            )
    return "".join(out)


def axis_height(ticks: list[DateTick]) -> int:
    """What the years' line adds to a drawing's height: YEAR_LINE when there is one."""
    return YEAR_LINE if any(tick.year for tick in ticks) else 0


def point_radius(first: date, last: date, full: float = POINT_R) -> float:
    """A point's radius (or a square's half side, given as `full`) for the window: full
    size up to DENSE_DAYS days, then small, so the line reads as a line, not a comb."""
    if (last - first).days + 1 <= DENSE_DAYS:
        return full
    return round(full * POINT_R_DENSE / POINT_R, 1)


def x_for(day: date, first: date, last: date, left: float = LEFT) -> float:
    """Days spread evenly from the left gutter (`left` wide) to the right edge."""
    span = max((last - first).days, 1)
    return round(left + (day - first).days * (WIDTH - left - RIGHT) / span, 1)


def y_for(mood: int) -> float:
    return float(MOOD_TOP + (max(MOOD_WORDS) - mood) * MOOD_STEP)


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
        return MoodChart(first, last, [], mark_safe(""), f"Nothing to draw for {name} yet.")  # noqa: S308
    svg = _svg(inside, first, last, labelled_by, left)
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


def _svg(
    days: list[ChartDay], first: date, last: date, labelled_by: str, left: float = LEFT
) -> SafeString:
    right = WIDTH - RIGHT

    def x_of(day: date) -> float:
        return x_for(day, first, last, left)

    ticks = date_ticks(first, last, x_of, WIDTH)
    height = HEIGHT + axis_height(ticks)
    # One picture to a screen reader, named by the summary beside it.
    name = f' role="img" aria-labelledby="{escape(labelled_by)}"' if labelled_by else ""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'class="mood-chart-svg" focusable="false"{name}>'
    ]
    # The scale: one line and one word per mood, the best at the top.
    for mood, word in MOOD_WORDS.items():
        y = y_for(mood)
        out.append(f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" class="chart-grid"/>')
        out.append(_text(left - 6, y + 4, word, "chart-label"))
    out.append(_text(left - 6, BLEEDING_Y + 4, BLEEDING_LABEL, "chart-label"))
    out.append(_text_lines(left - 6, INTIMACY_Y + 4, INTIMACY_LABEL, "chart-label"))
    # Dates along the bottom (date_ticks): weeks in a short window, months in a long one.
    out.append(date_axis_svg(ticks, tick_top=INTIMACY_Y + 10, labels_y=DATES_Y))

    # The line: one stroke per run of consecutive days with a mood, so a missing day
    # is a gap.
    segments: list[str] = []
    previous: date | None = None
    for d in days:
        if d.mood not in MOOD_WORDS or d.mood is None:
            continue
        command = "L" if previous is not None and (d.day - previous).days == 1 else "M"
        segments.append(f"{command}{x_of(d.day)} {y_for(d.mood)}")
        previous = d.day
    if segments:
        out.append(
            f'<path d="{"".join(segments)}" class="chart-line" fill="none" stroke="currentColor"/>'
        )
    radius = point_radius(first, last)
    # The marks too: over a long window full-size diamonds a week apart run together.
    mark, diamond = point_radius(first, last, MARK_R), point_radius(first, last, MARK_R + 1)
    for d in days:
        x = x_of(d.day)
        iso = d.day.isoformat()
        if d.mood in MOOD_WORDS and d.mood is not None:
            out.append(
                f'<circle cx="{x}" cy="{y_for(d.mood)}" r="{radius}" class="chart-point" '
                f'data-day="{iso}" data-mood="{d.mood}"/>'
            )
        if d.bled:
            out.append(
                f'<circle cx="{x}" cy="{BLEEDING_Y}" r="{mark}" class="chart-bleeding" '
                f'data-day="{iso}"/>'
            )
        if d.intimate:
            css = "chart-intimacy chart-open" if d.awaits_afterwards else "chart-intimacy"
            out.append(
                f'<path d="{_diamond(x, INTIMACY_Y, diamond)}" class="{css}" data-day="{iso}"/>'
            )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  every text above went through escape()
