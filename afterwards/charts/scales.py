"""Where a value or a day goes on a drawing, in SVG user units."""

from __future__ import annotations

from datetime import date


def linear(value: float, *, low: float, high: float, start: float, end: float) -> float:
    """`value` from the range low..high placed between start and end (end may be less
    than start: a scale drawn upwards). Not rounded: svg.value() writes a tenth."""
    return start + (value - low) * (end - start) / (high - low)


def day_x(day: date, *, first: date, last: date, left: float, right: float) -> float:
    """Days spread evenly from `left` (the first) to `right` (the last), to a tenth of a
    unit; a window of one day sits at `left`."""
    span = max((last - first).days, 1)
    return round(left + (day - first).days * (right - left) / span, 1)


def step_y(value: int | float, *, top: float, step: float, highest: int = 5) -> float:
    """A five-step answer (1 to `highest`), the highest at `top` and each step below it
    `step` further down."""
    return float(top + (highest - value) * step)
