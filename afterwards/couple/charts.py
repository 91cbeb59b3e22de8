"""Two people's shared mood, or grief, side by side: an escaped, server-rendered SVG.

Drawn with the site's one way to draw a chart (afterwards/charts): colours and dashes
from classes in site.css (the CSP refuses style attributes), every text escaped. Each person
has a line of their own and a shape of their own (the person a solid line with dots, the
partner a dashed line with squares), so colour is never the only sign.

Only what each chose to share is drawn. A day either did not share is simply not given:
a gap in that line, never a zero, and nothing in the words counts such days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString

from afterwards.charts import dates, svg
from afterwards.charts.dates import axis_height, date_axis_svg, date_ticks, point_radius
from afterwards.charts.scales import day_x, step_y
from afterwards.journal.checkin import SCALES

WIDTH = 340
HEIGHT = 150
LEFT = 86  # the gutter holds the scale's words; "Overwhelming" is the longest
RIGHT = 10
TOP = 14  # the y of the scale's top word
STEP = 25  # between two steps of the scale
DATES_Y = 142
POINT_R = 3.5
SQUARE = 7.0  # the side of the partner's squares

NAMES = {"mood": "Mood", "grief": "Grief"}


@dataclass(frozen=True)
class PairChart:
    scale: str  # "mood" or "grief"
    svg: SafeString  # empty when neither shared anything of this scale
    summary: str  # what a screen reader hears instead of the drawing

    @property
    def empty(self) -> bool:
        return not self.svg

    @property
    def title(self) -> str:
        return NAMES[self.scale]


def day_label(day: date) -> str:
    return dates.day_label(day)


def x_for(day: date, first: date, last: date) -> float:
    return day_x(day, first=first, last=last, left=LEFT, right=WIDTH - RIGHT)


def y_for(value: float) -> float:
    return step_y(value, top=TOP, step=STEP)


def pair_chart(
    *,
    scale: str,
    own: dict[date, int],
    partner: dict[date, int],
    first: date,
    last: date,
    labelled_by: str,
) -> PairChart:
    """The chart of one scale ("mood" or "grief") from `first` to `last`, each person's
    shared values by day; values outside the window or the scale are left out."""
    words = SCALES[scale]
    own = {d: v for d, v in own.items() if first <= d <= last and v in words}
    partner = {d: v for d, v in partner.items() if first <= d <= last and v in words}
    if not own and not partner:
        return PairChart(scale, svg.drawing([]), "")  # nothing to draw
    return PairChart(
        scale,
        _svg(scale, own, partner, first, last, labelled_by),
        _summary(scale, own, partner, first, last),
    )


def _summary(
    scale: str, own: dict[date, int], partner: dict[date, int], first: date, last: date
) -> str:
    words = SCALES[scale]
    parts = [f"{NAMES[scale]}, as each of you shared it, {day_label(first)} to {day_label(last)}."]
    for whose, values in (("Yours", own), ("Your partner's", partner)):
        if not values:
            continue  # said by nothing: a day not shared is not a thing to report
        low, high = min(values.values()), max(values.values())
        latest = max(values)
        spread = (
            f"always {words[low]}" if low == high else f"between {words[low]} and {words[high]}"
        )
        parts.append(
            f"{whose}: {spread}; most recently {words[values[latest]]}, on {day_label(latest)}."
        )
    return " ".join(parts)


def _line(values: dict[date, int], first: date, last: date, css: str) -> str:
    """One stroke per run of consecutive days, so a day not shared is a gap."""
    line = svg.runs(
        (day.toordinal(), x_for(day, first, last), y_for(values[day])) for day in sorted(values)
    )
    return svg.element("path", d=line, css=css, fill="none")


def _svg(
    scale: str,
    own: dict[date, int],
    partner: dict[date, int],
    first: date,
    last: date,
    labelled_by: str,
) -> SafeString:
    right = WIDTH - RIGHT
    ticks = date_ticks(first, last, lambda day: x_for(day, first, last), WIDTH)
    out = [
        svg.svg_open(
            width=WIDTH,
            height=HEIGHT + axis_height(ticks),
            css="pair-chart-svg",
            labelled_by=labelled_by,
        )
    ]
    for value, word in SCALES[scale].items():
        y = y_for(value)
        out.append(svg.element("line", x1=LEFT, y1=y, x2=right, y2=y, css="chart-grid"))
        out.append(svg.text(LEFT - 6, y + 4, word))
    # Weeks in a short window, months in a long one.
    out.append(date_axis_svg(ticks, tick_top=y_for(1) + 6, labels_y=DATES_Y))
    if partner:
        out.append(_line(partner, first, last, "pair-line-partner"))
    if own:
        out.append(_line(own, first, last, "pair-line-own"))
    # Small points over a long window, so lines stay lines.
    half = point_radius(first, last, SQUARE / 2)
    radius = point_radius(first, last, POINT_R)
    for day, value in sorted(partner.items()):
        out.append(_square(x_for(day, first, last), y_for(value), half, day, value))
    for day, value in sorted(own.items()):
        out.append(
            svg.element(
                "circle",
                cx=x_for(day, first, last),
                cy=y_for(value),
                r=radius,
                css="pair-point-own",
                data_day=day.isoformat(),
                data_value=value,
            )
        )
    out.append("</svg>")
    return svg.drawing(out)


def _square(x: float, y: float, half: float, day: date, value: int | str) -> str:
    """The partner's mark: a square, so colour is never the only sign."""
    return svg.element(
        "rect",
        x=round(x - half, 1),
        y=round(y - half, 1),
        width=2 * half,
        height=2 * half,
        css="pair-point-partner",
        data_day=day.isoformat(),
        data_value=value,
    )


@dataclass(frozen=True)
class TableRow:
    """One day of the charts' table: each person's shared mood and grief, in words."""

    day: date
    own_mood: str
    partner_mood: str
    own_grief: str
    partner_grief: str

    @property
    def label(self) -> str:
        return day_label(self.day)


def pair_table(
    *, own: dict[str, dict[date, int]], partner: dict[str, dict[date, int]], days: list[date]
) -> list[TableRow]:
    """The days, oldest first, on which either person shared a mood or a grief."""
    mood, grief = SCALES["mood"], SCALES["grief"]
    rows = []
    for day in days:
        row = TableRow(
            day,
            mood.get(own["mood"].get(day, 0), ""),
            mood.get(partner["mood"].get(day, 0), ""),
            grief.get(own["grief"].get(day, 0), ""),
            grief.get(partner["grief"].get(day, 0), ""),
        )
        if row.own_mood or row.partner_mood or row.own_grief or row.partner_grief:
            rows.append(row)
    return rows

