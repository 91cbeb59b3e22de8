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


class NotDrip(Exception):
    """Why a file cannot be read as drip's export, in words a person can read."""


def bleeding_days(data: bytes) -> dict[date, str]:
    """Each day drip noted bleeding on, with the check-in's word for how much."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotDrip(_NOT_DRIP) from None
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    if DATE not in columns or BLEEDING not in columns:
        raise NotDrip(_NOT_DRIP)
    days: dict[date, str] = {}
    for row in reader:
        value = (row.get(BLEEDING) or "").strip()
        if not value:
            continue
        try:
            day = date.fromisoformat((row.get(DATE) or "").strip())
        except ValueError:
            raise NotDrip(
                f"Line {reader.line_num} has a date that cannot be read, so nothing was saved."
            ) from None
        if value not in LEVELS:
            raise NotDrip(
                f"Line {reader.line_num} has a bleeding value drip does not use ({value[:10]}), "
                "so nothing was saved."
            )
        days[day] = LEVELS[value]
        if len(days) > DAYS_MAX:
            raise NotDrip("This file holds more days than one journal can, so nothing was saved.")
    return days


_NOT_DRIP = (
    "This does not look like drip's export: it needs the date and bleeding.value columns "
    "that drip writes. Nothing was saved."
)
