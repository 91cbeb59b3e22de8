"""The cycle strip: recent months of bleeding days, phase bands and the next period's
range, drawn on the server as escaped SVG with a sentence for screen readers.

Drawn with the site's one way to draw a chart (afterwards/charts): colours from classes
in site.css (the CSP refuses style attributes), no JavaScript. Colour is never the only
sign: each phase band carries the letter the Patterns timeline uses (P, B, O, A, L) and
an outline (dashed where the estimate is loose), bleeding is a bar whose height says how
much, the range is a dashed box, today a solid line, and the page has the same facts as
a table.

Sizes: the drawing is scaled to the width of the page, about 0.8 on a 390 px phone, so
its text is drawn at LABEL_SIZE (months) and LETTER_SIZE (letters), set here as SVG
attributes, to stay near 11 and 10 px there; every label is kept whole inside the drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.safestring import SafeString

from afterwards.body.cycle import PHASE_LETTERS, CycleReading, PeriodRange
from afterwards.charts import svg
from afterwards.charts.dates import MONTH_NAMES

DAYS_SHOWN = 120  # at most the last four months, and the range ahead
DAY_W = 3
LEFT = 6
RIGHT = 6
BAND_TOP = 8
BAND_H = 24
LETTER_SIZE = 12
LETTER_Y = BAND_TOP + 17  # the baseline of a phase's letter, in the middle of its band
LETTER_MIN_W = 9  # a band narrower than this (3 days) is too narrow for its letter
BLEED_BASE = 56
BLEED_H = {"spotting": 4, "light": 8, "medium": 12, "heavy": 16}
LABEL_SIZE = 14
LABEL_Y = 78
LABEL_W = 30  # wider than any month label at LABEL_SIZE ("May" is about 27): kept inside
HEIGHT = 84


@dataclass(frozen=True)
class CycleStrip:
    first: date
    last: date
    svg: SafeString


def _window(
    reading: CycleReading, bleeding: dict[date, str], upcoming: PeriodRange | None
) -> tuple[date, date] | None:
    today = reading.today
    anchors = [d for d in (reading.loss_start, *reading.period_starts) if d is not None]
    anchors += [day for day, value in bleeding.items() if value != "none" and day <= today]
    if not anchors:
        return None
    last = max(today, upcoming.latest if upcoming else today)
    first = max(min(anchors), last - timedelta(days=DAYS_SHOWN - 1))
    return first, last


def cycle_strip(
    reading: CycleReading, bleeding: dict[date, str], upcoming: PeriodRange | None, labelled_by: str
) -> CycleStrip | None:
    """None when there is nothing to draw yet."""
    window = _window(reading, bleeding, upcoming)
    if window is None:
        return None
    first, last = window
    count = (last - first).days + 1
    width = LEFT + count * DAY_W + RIGHT

    def x(day: date) -> int:
        return LEFT + (day - first).days * DAY_W

    out = [svg.svg_open(width=width, height=HEIGHT, css="cycle-strip-svg", labelled_by=labelled_by)]
    # Phase bands: one rectangle per run of days in the same phase.
    day = first
    run_start, run_phase = None, None
    while day <= min(last, reading.today) + timedelta(days=1):
        phase = reading.phase_on(day) if day <= reading.today else None
        key = (phase.phase, phase.certain) if phase else None
        if key != run_phase:
            if run_phase is not None and run_start is not None:
                css = f"phase-band phase-{run_phase[0]}" + ("" if run_phase[1] else " phase-loose")
                w = (day - run_start).days * DAY_W
                out.append(
                    svg.element("rect", x=x(run_start), y=BAND_TOP, width=w, height=BAND_H, css=css)
                )
                if w >= LETTER_MIN_W:
                    out.append(
                        svg.text(
                            x(run_start) + w / 2,
                            LETTER_Y,
                            PHASE_LETTERS[run_phase[0]],
                            css="phase-letter",
                            anchor="middle",
                            size=LETTER_SIZE,
                        )
                    )
            run_start, run_phase = day, key
        day += timedelta(days=1)
    # Bleeding: a bar whose height says how much.
    for day, value in sorted(bleeding.items()):
        height = BLEED_H.get(value)
        if height and first <= day <= last:
            out.append(
                svg.element(
                    "rect",
                    x=x(day),
                    y=BLEED_BASE - height,
                    width=DAY_W - 1,
                    height=height,
                    css="cycle-bleeding",
                )
            )
    if upcoming is not None:
        w = ((upcoming.latest - upcoming.earliest).days + 1) * DAY_W
        out.append(
            svg.element(
                "rect",
                x=x(upcoming.earliest),
                y=BAND_TOP - 4,
                width=w,
                height=BLEED_BASE - BAND_TOP + 6,
                css="cycle-range",
            )
        )
    today_x = x(reading.today) + DAY_W / 2
    out.append(
        svg.element("line", x1=today_x, x2=today_x, y1=2, y2=BLEED_BASE + 4, css="cycle-today")
    )
    day = first
    while day <= last:
        if day.day == 1 or (day == first and day.day <= 20):
            # A month that begins near the right edge is labelled as far right as it fits.
            label_x = min(x(day), width - RIGHT - LABEL_W)
            out.append(
                svg.text(
                    label_x,
                    LABEL_Y,
                    MONTH_NAMES[day.month - 1][:3],
                    css="cycle-label",
                    anchor=None,
                    size=LABEL_SIZE,
                )
            )
        day += timedelta(days=1)
    out.append("</svg>")
    return CycleStrip(first, last, svg.drawing(out))
