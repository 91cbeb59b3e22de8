"""Every phone number Afterwards can show is one of a reference list kept under tests/
(reference_helplines.toml), taken once from the ✅ rows of clinical-facts.md and from the
primary sources named in it. The product's own table cannot vouch for itself: a digit
changed there, or a row promoted to "verified" without its source being read, fails here.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client

from afterwards.support import helplines
from tests.support.test_help_page import numbers_shown

REFERENCE = Path(__file__).with_name("reference_helplines.toml")


@dataclass(frozen=True)
class Reference:
    countries: tuple[str, ...]
    name: str
    phone: str
    source: str


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def references() -> list[Reference]:
    with REFERENCE.open("rb") as handle:
        raw = tomllib.load(handle)
    return [
        Reference(tuple(row["countries"]), row["name"], row["phone"], row["source"])
        for row in raw["number"]
    ]


def allowed(code: str) -> set[str]:
    return {_digits(ref.phone) for ref in references() if code in ref.countries}


def unreferenced(lines: tuple[helplines.HelpLine, ...]) -> list[str]:
    """Each row whose shown number is not the reference's number for that line, in every
    country the row names."""
    wrong = []
    for line in lines:
        if not line.phone_shown:
            continue
        matching = [
            ref
            for ref in references()
            if ref.name == line.name
            and _digits(ref.phone) == _digits(line.phone_shown)
            and set(line.countries) <= set(ref.countries)
        ]
        if not matching:
            wrong.append(f"{line.name}: {line.phone_shown} ({', '.join(line.countries)})")
    return wrong


LISTED = sorted({c for line in helplines.table() for c in line.countries})
COUNTRIES = [*LISTED, "JP", "IN", ""]


def test_every_reference_row_names_its_source_and_a_number():
    for ref in references():
        assert ref.source and _digits(ref.phone) and ref.countries, ref.name


def test_every_number_the_table_lets_through_is_a_reference_row():
    assert unreferenced(helplines.table()) == []


def test_the_check_notices_a_changed_digit_and_a_promoted_row():
    table = helplines.table()
    typo = tuple(
        dataclasses.replace(line, phone="998") if line.phone == "999" else line for line in table
    )
    tommys = next(line for line in table if line.name == "Tommy's midwives")
    promoted = (*table, dataclasses.replace(tommys, phone="0800 0147 800", status="verified"))

    assert unreferenced(typo) == ["Emergency services: 998 (GB)"]
    assert unreferenced(promoted) == ["Tommy's midwives: 0800 0147 800 (GB)"]


def test_every_reference_number_is_shown_in_its_countries():
    """The other way round: a verified number dropped from the table is noticed too."""
    for ref in references():
        for code in ref.countries:
            shown = {_digits(line.phone_shown) for line in helplines.lines_for(code)}
            assert _digits(ref.phone) in shown, (ref.name, code)


@pytest.mark.parametrize("code", COUNTRIES)
def test_every_number_the_help_page_shows_is_in_the_reference_list(db, code):
    page = Client().get("/help/", {"country": code} if code else {}).content.decode()

    tel, runs = numbers_shown(page)
    for number in [*tel, *runs]:
        assert _digits(number) in allowed(code), (code, number)


@pytest.mark.parametrize("code", COUNTRIES)
def test_every_number_an_urgent_box_shows_is_in_the_reference_list(code):
    urgent = helplines.urgent_help(code)
    html = render_to_string("support/urgent_numbers.html", {"urgent": urgent})

    tel, runs = numbers_shown(html)
    assert tel or not urgent.emergency
    for number in [*tel, *runs]:
        assert _digits(number) in allowed(code), (code, number)
