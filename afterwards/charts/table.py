"""The summary-and-table pattern every chart follows.

A drawing is one picture to a screen reader (role="img"), named by its summary: a few
plain sentences beside it saying what it shows. The same figures are also a table, the
accessible form of every value, which the page offers beneath the drawing (in a
<details>, headed by `head`, one row a day or a week, its first cell naming the row).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe


def rows_html(rows: Iterable[Sequence[str]]) -> SafeString:
    """Table rows: the first cell a row heading, every cell escaped."""
    out = []
    for row in rows:
        head, *cells = row
        out.append(
            f'<tr><th scope="row">{escape(head)}</th>'
            + "".join(f"<td>{escape(cell)}</td>" for cell in cells)
            + "</tr>"
        )
    return mark_safe("".join(out))  # noqa: S308  every cell is escaped


@dataclass(frozen=True)
class Chart:
    svg: SafeString  # empty when there is nothing to draw
    summary: str  # what a screen reader hears for the picture
    head: list[str]  # the table's column headings
    rows: list[list[str]]  # the table: the first cell of each row names it

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def table_rows(self) -> SafeString:
        return rows_html(self.rows)
