"""The date axis every chart over days shares, the size of points over a long window,
and days in words.

Up to LONG_PERIOD_DAYS, a tick a week, in days of the month; beyond it, a tick on each
month's first day, named by the month, with the year on a line beneath: always the first
tick's year, and each new year's where there is room. No two labels on a line are ever
closer than their widths and LABEL_GAP: a label that would be is left off (its tick
stays).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from afterwards.charts import svg

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
LONG_PERIOD_DAYS = 45
AXIS_FONT = 11.0  # the largest font a chart-label is drawn in (site.css), in user units
LABEL_GAP = 4.0  # the least space between two labels' edges
YEAR_LINE = 12  # the year's line, beneath the months, when there is one
TICK = 4  # a tick's length

# Over a long window full-size points touch and turn a line into a comb: above
# DENSE_DAYS days each point is drawn small (point_radius). A chart's table stays the
# accessible form of every value.
DENSE_DAYS = 90
POINT_R = 3.5
POINT_R_DENSE = 1.2


def day_label(day: date) -> str:
    """'1 March': a day in words, as the charts' summaries and tables name it."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"


def days_words(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def point_radius(first: date, last: date, full: float = POINT_R) -> float:
    """A point's radius (or a square's half side, given as `full`) for the window: full
    size up to DENSE_DAYS days, then small, so the line reads as a line, not a comb."""
    if (last - first).days + 1 <= DENSE_DAYS:
        return full
    return round(full * POINT_R_DENSE / POINT_R, 1)


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


def _first_of_next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def date_ticks(
    first: date, last: date, x_of: Callable[[date], float], width: float
) -> list[DateTick]:
    """The date axis from `first` to `last`, for a drawing `width` units wide whose x for
    a day is `x_of(day)`."""
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
            month = _first_of_next_month(month)
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
    """The ticks and their words, as SVG: a tick from tick_top down TICK units, the words
    at labels_y and the years a line beneath."""
    out = []
    for tick in ticks:
        out.append(
            svg.element(
                "line", x1=tick.x, y1=tick_top, x2=tick.x, y2=tick_top + TICK, css="chart-tick"
            )
        )
        if tick.label:
            out.append(svg.text(tick.at, labels_y, tick.label, css=css, anchor="middle"))
        if tick.year:
            out.append(
                svg.text(tick.year_at, labels_y + YEAR_LINE, tick.year, css=css, anchor="middle")
            )
    return "".join(out)


def axis_height(ticks: list[DateTick]) -> int:
    """What the years' line adds to a drawing's height: YEAR_LINE when there is one."""
    return YEAR_LINE if any(tick.year for tick in ticks) else 0
