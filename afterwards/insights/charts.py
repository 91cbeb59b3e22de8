"""The Patterns page's pictures: escaped, server-rendered SVG with a text alternative and
a table of the same figures.

Drawn with the site's one way to draw a chart (afterwards/charts: no plotting library,
no JavaScript, colours from classes in site.css so the CSP and both themes hold), so the
same markup can go into the PDF report. Colour is never the only sign: phases are named
in the table and by a letter in the band, intervals are lines with end caps, marks have
their own shapes.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from django.utils.safestring import SafeString

from afterwards.body.cycle import PHASE_LETTERS, PHASE_NAMES
from afterwards.charts import svg
from afterwards.charts.scales import linear, step_y
from afterwards.charts.table import Chart as Chart
from afterwards.insights import patterns, stats
from afterwards.insights.patterns import PHASE_LABELS, Journal
from afterwards.journal.checkin import MOOD_WORDS

TIMELINE_DAYS = 112  # the last sixteen weeks


def _t(x: float, y: float, words: str, css: str = "chart-label", anchor: str = "end") -> str:
    return svg.text(float(x), float(y), words, css=css, anchor=anchor)


def _open(width: int, height: int, labelled_by: str) -> str:
    return svg.svg_open(width=width, height=height, css="patterns-svg", labelled_by=labelled_by)


def _label(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _one(value: float) -> str:
    return f"{value:.1f}"


# --- The timeline ---------------------------------------------------------------------

W, LEFT, RIGHT = 340, 74, 10
BAND_Y, BAND_H = 4, 14
MOOD_TOP, MOOD_STEP = 32, 22
BLEED_Y, CLOSE_Y, DATES_Y = 140, 158, 180
HEIGHT = 188


def timeline(j: Journal, *, labelled_by: str, days: int = TIMELINE_DAYS) -> Chart:
    """Mood over the last `days` days, with the cycle's phases as bands above, bleeding
    and closeness or sex as rows of marks, and hard dates as dashed lines. With no
    bleeding ever noted, the cycle and bleeding rows are left out altogether."""
    cycle = j.ever_bled
    phased = j.has_phases
    start = max(j.days - days, 0)
    first, last = j.day(start), j.day(j.days - 1)
    span = max(j.days - 1 - start, 1)

    def x(n: int) -> float:
        return linear(n, low=start, high=start + span, start=LEFT, end=W - RIGHT)

    def y(mood: float) -> float:
        return step_y(mood, top=MOOD_TOP, step=MOOD_STEP)

    out = [_open(W, HEIGHT, labelled_by)]
    for mood, word in MOOD_WORDS.items():
        out.append(
            svg.element("line", x1=LEFT, y1=y(mood), x2=W - RIGHT, y2=y(mood), css="chart-grid")
        )
        out.append(_t(LEFT - 6, y(mood) + 4, word))
    if phased:
        out.append(_t(LEFT - 6, BAND_Y + 11, "Cycle"))
    if cycle:
        out.append(_t(LEFT - 6, BLEED_Y + 4, "Bleeding"))
    out.append(_t(LEFT - 6, CLOSE_Y + 4, "Closeness"))
    # Phase bands, one rectangle per run of days in the same phase.
    n = start
    step = (W - LEFT - RIGHT) / span
    while cycle and n < j.days:
        phase = j.phase[n]
        end = n
        while end + 1 < j.days and j.phase[end + 1] == phase:
            end += 1
        if phase is not None:
            left, right = x(n) - step / 2, x(end) + step / 2
            out.append(
                svg.element(
                    "rect",
                    x=float(max(left, LEFT)),
                    y=BAND_Y,
                    width=float(min(right, W - RIGHT) - max(left, LEFT)),
                    height=BAND_H,
                    css=f"band band-{phase}",
                )
            )
            if right - left >= 9:
                out.append(
                    _t(
                        (left + right) / 2,
                        BAND_Y + 11,
                        PHASE_LETTERS[phase],
                        "band-letter",
                        "middle",
                    )
                )
        n = end + 1
    for day in j.hard_dates:
        h = j.position(day)
        if start <= h < j.days:
            out.append(
                svg.element("line", x1=x(h), y1=BAND_Y, x2=x(h), y2=CLOSE_Y + 8, css="hard-date")
            )
    # The mood line: a gap where a day has no mood.
    path = svg.runs(
        (n, x(n), y(float(j.mood[n]))) for n in range(start, j.days) if np.isfinite(j.mood[n])
    )
    if path:
        out.append(svg.element("path", d=path, css="chart-line", fill="none"))
    for n in range(start, j.days):
        if np.isfinite(j.mood[n]):
            out.append(
                svg.element("circle", cx=x(n), cy=y(float(j.mood[n])), r=2.5, css="chart-point")
            )
        if j.bled[n] == 1:
            out.append(svg.element("circle", cx=x(n), cy=BLEED_Y, r=3.5, css="chart-bleeding"))
        if j.intimacy[n] == 1:
            out.append(svg.element("path", d=svg.diamond(x(n), CLOSE_Y, 4.5), css="chart-intimacy"))
    out.append(_t(LEFT, DATES_Y, f"{first.day} {first:%b}", anchor="start"))
    out.append(_t(W - RIGHT, DATES_Y, f"{last.day} {last:%b}"))
    out.append("</svg>")

    window = range(start, j.days)
    moods = [int(j.mood[n]) for n in window if np.isfinite(j.mood[n])]
    bled = sum(1 for n in window if j.bled[n] == 1)
    close = sum(1 for n in window if j.intimacy[n] == 1)
    hard = [d for d in j.hard_dates if first <= d <= last]
    parts = [f"Mood from {_label(first)} to {_label(last)}, noted on {len(moods)} days"]
    if moods:
        parts[0] += f", between {MOOD_WORDS[min(moods)]} and {MOOD_WORDS[max(moods)]}"
    if cycle:
        parts.append(f"bleeding on {bled} days, closeness or sex on {close} days")
        known = sum(1 for n in window if j.phase[n] is not None)
        if known:
            parts.append(f"cycle phases estimated for {known} days")
    else:
        parts.append(f"closeness or sex on {close} days")
    if hard:
        parts.append("hard dates: " + ", ".join(_label(d) for d in hard))
    summary = "; ".join(parts) + "."

    rows = []
    for n in window:
        noted = [
            np.isfinite(j.mood[n]),
            j.bled[n] == 1,
            j.intimacy[n] == 1,
            j.phase[n] is not None,
            j.day(n) in hard,
        ]
        if not any(noted):
            continue
        row = [
            _label(j.day(n)),
            MOOD_WORDS[int(j.mood[n])] if np.isfinite(j.mood[n]) else "Not noted",
            PHASE_NAMES[j.phase[n] or ""] if j.phase[n] else "No estimate",
            "Yes" if j.bled[n] == 1 else "No",
            "Yes" if j.intimacy[n] == 1 else "No",
            "Yes" if j.day(n) in hard else "",
        ]
        rows.append(row if cycle else row[:2] + row[4:])
    head = ["Day", "Mood", "Cycle phase", "Bleeding", "Closeness or sex", "Hard date"]
    if not cycle:
        head = head[:2] + head[4:]
    return Chart(svg.drawing(out), summary, head, rows)


# --- Intervals: mood by phase, and the days after closeness or sex -----------------------------

ROW_H, TOP = 30, 20
DIFFER_SAID_ABOVE = "Whether these differ clearly is said above."
NOT_CLEAR = "no clear pattern yet"
I_LEFT, I_RIGHT, I_W = 150, 12, 340


def _interval_chart(
    items: list[tuple[str, float, float, float]],
    *,
    low: float,
    high: float,
    ticks: list[tuple[float, str]],
    zero: float | None,
    labelled_by: str,
) -> SafeString:
    """One row per item (label, estimate, interval low, interval high): a dot and a line
    with end caps."""
    height = TOP + ROW_H * len(items) + 22

    def x(value: float) -> float:
        value = min(max(value, low), high)
        return linear(value, low=low, high=high, start=I_LEFT, end=I_W - I_RIGHT)

    out = [_open(I_W, height, labelled_by)]
    bottom = TOP + ROW_H * len(items)
    for value, word in ticks:
        out.append(
            svg.element("line", x1=x(value), y1=TOP - 8, x2=x(value), y2=bottom, css="chart-grid")
        )
        out.append(_t(x(value), bottom + 16, word, anchor="middle"))
    if zero is not None:
        out.append(
            svg.element("line", x1=x(zero), y1=TOP - 8, x2=x(zero), y2=bottom, css="zero-line")
        )
    for row, (label, estimate, a, b) in enumerate(items):
        cy = TOP + ROW_H * row + ROW_H / 2 - 4
        out.append(_t(I_LEFT - 8, cy + 4, label))
        out.append(svg.element("line", x1=x(a), y1=cy, x2=x(b), y2=cy, css="interval"))
        for end in (a, b):
            out.append(
                svg.element("line", x1=x(end), y1=cy - 5, x2=x(end), y2=cy + 5, css="interval")
            )
        out.append(svg.element("circle", cx=x(estimate), cy=cy, r=4.5, css="estimate"))
    out.append("</svg>")
    return svg.drawing(out)


def mood_by_phase(j: Journal, *, labelled_by: str) -> Chart | None:
    """Average mood in each phase with its 95% interval, from the same AR(1) model the
    test uses. None when some phase has too few days to draw, or no bleeding was ever
    noted. Each interval stands alone: whether the phases differ clearly is the test's
    to say, and the summary says so."""
    if not j.ever_bled:
        return None
    counts = patterns.phase_counts(j)
    if min(counts.values()) < patterns.PHASE_MIN_DAYS:
        return None
    model = patterns.phase_model(j, "mood")
    if model is None:
        return None
    items, rows = [], []
    for column, phase in enumerate(PHASE_LABELS):
        fit = stats.coefficient(model, column)
        items.append((PHASE_NAMES[phase], fit.estimate, fit.low, fit.high))
        rows.append(
            [
                PHASE_NAMES[phase],
                _one(fit.estimate),
                f"{_one(fit.low)} to {_one(fit.high)}",
                str(counts[phase]),
            ]
        )
    svg = _interval_chart(
        items,
        low=1,
        high=5,
        zero=None,
        labelled_by=labelled_by,
        ticks=[(v, str(v)) for v in range(1, 6)],
    )
    summary = (
        "Average mood in each part of your cycle, on a scale from 1 (Very low) to "
        "5 (Very good), each with the range it likely lies in: "
        + "; ".join(f"{r[0]} {r[1]}" for r in rows)
        + ". "
        + DIFFER_SAID_ABOVE
    )
    return Chart(
        svg, summary, ["Part of the cycle", "Average mood", "Likely between", "Days"], rows
    )


def after_closeness(report: patterns.Report, *, labelled_by: str) -> Chart | None:
    """Mood on the day of closeness or sex and the two days after, against other days."""
    items, rows = [], []
    for lag in patterns.LAGS:
        for name in patterns.SCALE_NAMES:
            found = report.finding(f"intimacy:{lag}:{name}")
            if found is None or found.fit is None:
                continue
            fit = found.fit
            label = ("The day itself", "The day after", "Two days after")[lag]
            if name == "mood":
                items.append((label, fit.estimate, fit.low, fit.high, found.shown))
            rows.append(
                [
                    f"{name.capitalize()}: {label.lower()}",
                    f"{fit.estimate:+.1f}",
                    f"{fit.low:+.1f} to {fit.high:+.1f}",
                    "Pattern" if found.shown else "No clear pattern yet",
                ]
            )
    if not items:
        return None
    bound = max(2.0, float(np.ceil(max(max(abs(a), abs(b)) for _, _, a, b, _ in items))))
    svg = _interval_chart(
        [item[:4] for item in items],
        low=-bound,
        high=bound,
        zero=0.0,
        labelled_by=labelled_by,
        ticks=[(v, f"{v:+.0f}" if v else "0") for v in np.arange(-bound, bound + 1)],
    )
    summary = (
        "How much higher or lower your mood was than on other days, on the day of "
        "closeness or sex and the two days after, each with the range it likely "
        "lies in: "
        + "; ".join(
            f"{label.lower()} {e:+.1f}" + ("" if shown else f" ({NOT_CLEAR})")
            for label, e, _, _, shown in items
        )
        + ". "
        + DIFFER_SAID_ABOVE
    )
    return Chart(svg, summary, ["Scale and day", "Difference", "Likely between", "Shown as"], rows)
