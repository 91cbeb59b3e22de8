"""SVG markup for the charts: every attribute value and every text escaped, even our own
constants, so no word or class can ever become markup.

Numbers are written as given, floats to a tenth of a unit (a unit is about a pixel on
a phone). Attributes come out in the order they are passed.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

NAMESPACE = "http://www.w3.org/2000/svg"
LINE_HEIGHT = 12  # between two lines of one label

Value = str | int | float


def value(v: Value) -> str:
    """An attribute's value as written: a float to one decimal, anything else as is (a
    number has nothing to escape; words are escaped)."""
    if isinstance(v, float):
        return str(round(v, 1))
    if isinstance(v, int):
        return str(v)
    return escape(v)


def _attributes(attrs: dict[str, Value | None]) -> str:
    # `css` is written as class, and underscores as hyphens (text_anchor, data_day).
    return "".join(
        f' {"class" if name == "css" else name.replace("_", "-")}="{value(v)}"'
        for name, v in attrs.items()
        if v is not None
    )


def element(tag: str, words: str | None = None, /, **attrs: Value | None) -> str:
    """One element: `<tag a="…"/>`, or with words inside it, escaped. An attribute given
    as None is left out."""
    if words is None:
        return f"<{tag}{_attributes(attrs)}/>"
    return f"<{tag}{_attributes(attrs)}>{escape(words)}</{tag}>"


def opening(tag: str, /, **attrs: Value | None) -> str:
    """An element's opening tag, for one that holds others (the drawing, a group)."""
    return f"<{tag}{_attributes(attrs)}>"


def svg_open(*, width: Value, height: Value, css: str, labelled_by: str = "") -> str:
    """The drawing's opening tag. Named by `labelled_by` (the id of its summary on the
    page, or of its own title and description), it is one picture to a screen reader."""
    named = {"role": "img", "aria_labelledby": labelled_by} if labelled_by else {}
    return opening(
        "svg",
        xmlns=NAMESPACE,
        viewBox=f"0 0 {value(width)} {value(height)}",
        css=css,
        focusable="false",
        **named,
    )


def text(
    x: float,
    y: float,
    words: str,
    *,
    css: str = "chart-label",
    anchor: str | None = "end",
    size: float | None = None,
) -> str:
    """A label. Anchored at its end by default, as the words of a scale's gutter are."""
    return element("text", words, x=x, y=y, font_size=size, css=css, text_anchor=anchor)


def text_lines(
    x: float, y: float, lines: Iterable[str], *, css: str = "chart-label", anchor: str = "end"
) -> str:
    """Words on lines of their own, one under the other, centred on y as text()'s are."""
    lines = list(lines)
    top = y - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(
        element("tspan", line, x=x, y=top + n * LINE_HEIGHT) for n, line in enumerate(lines)
    )
    return f'<text class="{escape(css)}" text-anchor="{escape(anchor)}">{spans}</text>'


def diamond(x: float, y: float, r: float) -> str:
    """A diamond's path data: closeness or sex has its own shape, never only a colour."""
    x, y, r = (round(float(v), 1) for v in (x, y, r))
    return (
        f"M{x} {round(y - r, 1)}L{round(x + r, 1)} {y}L{x} {round(y + r, 1)}L{round(x - r, 1)} {y}Z"
    )


def runs(points: Iterable[tuple[int, float, float]]) -> str:
    """A line's path data through (position, x, y), oldest first: one stroke per run of
    consecutive positions (days), so a missing day is a gap, never a zero."""
    out: list[str] = []
    previous: int | None = None
    for position, x, y in points:
        command = "L" if previous is not None and position - previous == 1 else "M"
        out.append(f"{command}{value(x)} {value(y)}")
        previous = position
    return "".join(out)


def drawing(parts: Iterable[str]) -> SafeString:
    """The finished drawing, marked safe: every part was built by this module or from
    text it escaped."""
    return mark_safe("".join(parts))  # noqa: S308  every value and text went through escape()
