"""Bleeding days from drip's CSV export (plain Python).

drip (an open-source cycle tracker) exports one row per day it holds anything for: a
`date` column (YYYY-MM-DD), then one column per field, named by its path, among them
`bleeding.value` (0 spotting, 1 light, 2 medium, 3 heavy; empty when no bleeding was
noted) and `bleeding.exclude` (true when the person marked it as not a period). Only the
bleeding is read: its four levels are the check-in's own four, one for one. docs/
export-format.md says what is read and what is left.
"""

from __future__ import annotations

import csv
import io
from datetime import date

DATE = "date"
BLEEDING = "bleeding.value"
LEVELS = {"0": "spotting", "1": "light", "2": "medium", "3": "heavy"}
DAYS_MAX = 20_000  # more than fifty years of days: anything longer is not one person's
# drip writes a few dozen columns, on one short first line. A header much longer would
# make every row's reading long (and the csv module reads one into a list however wide).
HEADER_MAX_CHARS = 10_000
# The check-in page's first day: drip never wrote a day before it.
FIRST_YEAR = 1900


class NotDrip(Exception):
    """Why a file cannot be read as drip's export, in words a person can read."""


def bleeding_days(data: bytes) -> dict[date, str]:
    """Each day drip noted bleeding on, with the check-in's word for how much; NotDrip,
    and nothing else, for any file that is not one (the csv module's own errors too,
    such as a field past its 131,072 characters)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotDrip(_NOT_DRIP) from None
    if "\x00" in text:
        raise NotDrip(
            "This file holds a character drip never writes (a null byte), so it cannot be "
            "read. Nothing was saved."
        )
    # The header is read from the first line alone: drip never quotes its column names.
    end = text.find("\n", 0, HEADER_MAX_CHARS + 1)
    if end < 0:
        end = len(text)
    if end > HEADER_MAX_CHARS:
        raise NotDrip(
            f"The first line of this file is longer than drip writes one (over "
            f"{HEADER_MAX_CHARS:,} characters), so nothing was saved."
        )
    try:
        columns = next(csv.reader([text[:end].rstrip("\r")]), [])
    except csv.Error:
        raise NotDrip(_NOT_DRIP) from None
    if DATE not in columns or BLEEDING not in columns:
        raise NotDrip(_NOT_DRIP)
    at_date, at_bleeding = columns.index(DATE), columns.index(BLEEDING)
    reader = csv.reader(io.StringIO(text[end + 1 :], newline=""))
    days: dict[date, str] = {}
    while True:
        try:
            row = next(reader, None)
        except csv.Error:
            raise NotDrip(
                f"Line {reader.line_num + 1} cannot be read as drip writes it, so nothing was "
                "saved."
            ) from None
        if row is None:
            return days
        line = reader.line_num + 1  # the header was line 1
        value = _cell(row, at_bleeding)
        if not value:
            continue
        try:
            day = date.fromisoformat(_cell(row, at_date))
        except ValueError:
            raise NotDrip(
                f"Line {line} has a date that cannot be read, so nothing was saved."
            ) from None
        if day.year < FIRST_YEAR:
            raise NotDrip(f"Line {line} has a date before {FIRST_YEAR}, so nothing was saved.")
        if value not in LEVELS:
            shown = value[:10] if value[:10].isprintable() else "?"
            raise NotDrip(
                f"Line {line} has a bleeding value drip does not use ({shown}), "
                "so nothing was saved."
            )
        days[day] = LEVELS[value]
        if len(days) > DAYS_MAX:
            raise NotDrip("This file holds more days than one journal can, so nothing was saved.")


def _cell(row: list[str], at: int) -> str:
    return row[at].strip() if at < len(row) else ""


_NOT_DRIP = (
    "This does not look like drip's export: it needs the date and bleeding.value columns "
    "that drip writes. Nothing was saved."
)
