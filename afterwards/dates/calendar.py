"""When a hard date comes round again, and when its heads-up falls: pure date arithmetic.

A yearly date comes back on the same day and month; 29 February comes back on
28 February in the years that have no 29th. A date that happens once has no next time
once it has passed.
"""

from __future__ import annotations

from datetime import date, timedelta


def on_in_year(day: date, year: int) -> date:
    """The day's month and day in `year`; 29 February falls on the 28th in a common year."""
    try:
        return day.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def next_occurrence(day: date, *, yearly: bool, today: date) -> date | None:
    """The first time the date comes, on or after today; None for a once date now past."""
    if not yearly:
        return day if day >= today else None
    this_year = on_in_year(day, today.year)
    return this_year if this_year >= today else on_in_year(day, today.year + 1)


def heads_up_on(day: date, *, yearly: bool, days_before: int, today: date) -> date | None:
    """The day a heads-up for the next occurrence goes out: that many days before it.

    It may be before today when the date is already near (the heads-up is due now);
    None when the date will not come again.
    """
    coming = next_occurrence(day, yearly=yearly, today=today)
    return coming - timedelta(days=days_before) if coming is not None else None
