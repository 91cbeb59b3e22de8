"""Two people's shared mood, or grief, side by side: an escaped, server-rendered SVG.

Drawn with the site's one way to draw a chart (afterwards/charts): colours and dashes
from classes in site.css (the CSP refuses style attributes), every text escaped. Each person
has a line of their own and a shape of their own (the person a solid line with dots, the
partner a dashed line with squares), so colour is never the only sign.

Only what each chose to share is drawn. A day either did not share is simply not given:
a gap in that line, never a zero, and nothing in the words counts such days.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.safestring import SafeString

from afterwards.charts import dates, svg
from afterwards.charts.dates import axis_height, date_axis_svg, date_ticks, point_radius
from afterwards.charts.scales import day_x, step_y
from afterwards.charts.table import Chart
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


# --- Grief over the weeks ----------------------------------------------------------------
#
# Every week either person shared their grief, from the first to the last: each week's
# average as each shared it, a line each (the same shapes as above), and between the two
# lines, in the weeks both shared, a band: wide where their griefs ran apart, narrow where
# they came together. The summary says in words where the two ran furthest apart and came
# closest, and the table has every week. Nothing is scored: words, never a number.

WEEK = 7


@dataclass(frozen=True)
class Week:
    start: date  # its Monday
    own: tuple[int, ...]  # the griefs the reader shared that week, oldest first
    partner: tuple[int, ...]  # and the partner's

    @property
    def own_mean(self) -> float | None:
        return sum(self.own) / len(self.own) if self.own else None

    @property
    def partner_mean(self) -> float | None:
        return sum(self.partner) / len(self.partner) if self.partner else None

    @property
    def both(self) -> bool:
        return bool(self.own and self.partner)

    @property
    def apart(self) -> float:
        """How far apart the two averages are, on the scale's steps (both shared)."""
        return abs((self.own_mean or 0.0) - (self.partner_mean or 0.0))

    @property
    def label(self) -> str:
        return f"Week of {self.start.day} {self.start:%B %Y}"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def grief_weeks_of(own: dict[date, int], partner: dict[date, int]) -> list[Week]:
    """Each week either person shared a grief in, oldest first."""
    words = SCALES["grief"]
    starts: dict[date, tuple[list[int], list[int]]] = {}
    for values, side in ((own, 0), (partner, 1)):
        for day, value in sorted(values.items()):
            if value in words:
                starts.setdefault(_monday(day), ([], []))[side].append(value)
    return [Week(start, tuple(o), tuple(p)) for start, (o, p) in sorted(starts.items())]


def _about(values: tuple[int, ...]) -> str:
    """A week's grief in words: the word nearest its average (halves up), and the range
    when its days differ."""
    words = SCALES["grief"]
    low, high = min(values), max(values)
    if low == high:
        return words[low]
    nearest = int(sum(values) / len(values) + 0.5)
    return f"About {words[nearest]}, from {words[low]} to {words[high]}"


def _nearest(mean: float | None) -> str:
    return SCALES["grief"][int((mean or 1.0) + 0.5)]


def _pair_words(week: Week) -> str:
    own, theirs = _nearest(week.own_mean), _nearest(week.partner_mean)
    if own == theirs:
        return f"both about {own}"
    return f"yours about {own}, your partner's about {theirs}"


def _weeks_summary(weeks: list[Week]) -> str:
    first, last = weeks[0].start, weeks[-1].start
    said = [
        "Grief week by week, each week's average as each of you shared it, from the week "
        f"of {first.day} {first:%B %Y} to the week of {last.day} {last:%B %Y}."
    ]
    common = [week for week in weeks if week.both]
    if not common:
        said.append("No week holds grief from both of you yet, so the two lines do not meet.")
    elif len(common) == 1:
        (week,) = common
        said.append(
            f"The week of {week.start.day} {week.start:%B %Y} is the one week you both "
            f"shared it: {_pair_words(week)}."
        )
    else:
        # Of weeks alike, the latest: the one a person most likely remembers.
        furthest = max(common, key=lambda week: (week.apart, week.start))
        closest = min(common, key=lambda week: (week.apart, -week.start.toordinal()))
        if furthest.apart == closest.apart:
            said.append(
                "In every week you both shared it, the two lines were as far apart as in "
                f"the others; most recently, the week of {furthest.start.day} "
                f"{furthest.start:%B %Y}: {_pair_words(furthest)}."
            )
        else:
            said.append(
                "Your two lines ran furthest apart in the week of "
                f"{furthest.start.day} {furthest.start:%B %Y} ({_pair_words(furthest)}), "
                f"and came closest in the week of {closest.start.day} "
                f"{closest.start:%B %Y} ({_pair_words(closest)})."
            )
    return " ".join(said)


def grief_weeks(
    *, own: dict[date, int], partner: dict[date, int], labelled_by: str
) -> Chart | None:
    """The two griefs over every week either shared one; None until both have shared
    their grief and the weeks span more than one."""
    weeks = grief_weeks_of(own, partner)
    if len(weeks) < 2 or not any(w.own for w in weeks) or not any(w.partner for w in weeks):
        return None
    first, last = weeks[0].start, weeks[-1].start + timedelta(days=WEEK - 1)

    def x_of(week: Week) -> float:
        return x_for(week.start + timedelta(days=3), first, last)  # its middle, a Thursday

    def position(week: Week) -> int:
        return (week.start - first).days // WEEK

    ticks = date_ticks(first, last, lambda day: x_for(day, first, last), WIDTH)
    out = [
        svg.svg_open(
            width=WIDTH,
            height=HEIGHT + axis_height(ticks),
            css="pair-chart-svg pair-weeks-svg",
            labelled_by=labelled_by,
        )
    ]
    for value, word in SCALES["grief"].items():
        y = y_for(value)
        out.append(svg.element("line", x1=LEFT, y1=y, x2=WIDTH - RIGHT, y2=y, css="chart-grid"))
        out.append(svg.text(LEFT - 6, y + 4, word))
    out.append(date_axis_svg(ticks, tick_top=y_for(1) + 6, labels_y=DATES_Y))
    # The band between the lines, one shape per run of weeks both shared in.
    runs: list[list[Week]] = []
    for week in weeks:
        if week.both and runs and runs[-1] and position(runs[-1][-1]) == position(week) - 1:
            runs[-1].append(week)
        elif week.both:
            runs.append([week])
    for run in runs:
        if len(run) == 1:
            (week,) = run
            x = x_of(week)
            out.append(
                svg.element(
                    "line",
                    x1=x,
                    y1=y_for(week.own_mean or 1),
                    x2=x,
                    y2=y_for(week.partner_mean or 1),
                    css="pair-gap-line",
                )
            )
            continue
        edge = [(x_of(w), y_for(w.own_mean or 1)) for w in run]
        edge += [(x_of(w), y_for(w.partner_mean or 1)) for w in reversed(run)]
        points = " ".join(f"{svg.value(x)},{svg.value(y)}" for x, y in edge)
        out.append(svg.element("polygon", points=points, css="pair-gap"))
    sides: tuple[tuple[str, Callable[[Week], float | None]], ...] = (
        ("pair-line-partner", lambda week: week.partner_mean),
        ("pair-line-own", lambda week: week.own_mean),
    )
    for css, mean in sides:
        line = svg.runs(
            (position(w), x_of(w), y_for(average))
            for w in weeks
            if (average := mean(w)) is not None
        )
        if line:
            out.append(svg.element("path", d=line, css=css, fill="none"))
    half = point_radius(first, last, SQUARE / 2)
    radius = point_radius(first, last, POINT_R)
    for week in weeks:
        if week.partner_mean is not None:
            out.append(
                _square(
                    x_of(week), y_for(week.partner_mean), half, week.start, _one(week.partner_mean)
                )
            )
    for week in weeks:
        if week.own_mean is not None:
            out.append(
                svg.element(
                    "circle",
                    cx=x_of(week),
                    cy=y_for(week.own_mean),
                    r=radius,
                    css="pair-point-own",
                    data_day=week.start.isoformat(),
                    data_value=_one(week.own_mean),
                )
            )
    out.append("</svg>")
    rows = [
        [
            week.label,
            _about(week.own) if week.own else "",
            _about(week.partner) if week.partner else "",
        ]
        for week in weeks
    ]
    return Chart(
        svg.drawing(out),
        _weeks_summary(weeks),
        ["Week", "Your grief", "Your partner's grief"],
        rows,
    )


def _one(mean: float) -> str:
    return f"{mean:.1f}"
