"""A number written into an unverified or secondary row never reaches a page.

The shipped table keeps such numbers out of the `phone` field altogether (in a note), so
the rule in `HelpLine.phone_shown` is proved here with a row that does hold one: the
mistake this guards against is a number typed into `phone` before its source is read.
"""

from __future__ import annotations

import dataclasses

import pytest
from django.test import Client

from afterwards.support import helplines

NUMBER = "0300 555 0142"


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _with_a_number(status: str) -> tuple[helplines.HelpLine, ...]:
    """The table, with a loss line for the UK that holds a number under this status."""
    shipped = helplines.table()
    model = next(line for line in shipped if line.purpose == "loss" and "GB" in line.countries)
    added = dataclasses.replace(
        model, name="A line not yet checked", phone=NUMBER, status=status, note=""
    )
    return (*shipped, added)


@pytest.mark.parametrize("status", ["unverified", "secondary"])
def test_a_number_in_a_row_not_verified_is_never_shown(status):
    line = _with_a_number(status)[-1]
    assert line.phone == NUMBER
    assert line.phone_shown == "" and line.tel == ""
    assert dataclasses.replace(line, status="verified").phone_shown == NUMBER


@pytest.mark.parametrize("status", ["unverified", "secondary"])
def test_a_number_in_a_row_not_verified_never_reaches_the_help_page(db, monkeypatch, status):
    table = _with_a_number(status)
    monkeypatch.setattr(helplines, "table", lambda: table)

    page = Client().get("/help/", {"country": "GB"}).content.decode()

    assert "A line not yet checked" in page  # the row is listed, by name and address
    assert _digits(NUMBER) not in _digits(page)
    assert f'href="tel:{_digits(NUMBER)}"' not in page
