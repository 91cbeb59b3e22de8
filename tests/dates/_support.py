"""Helpers other test files use to reach a person's hard date (not fixtures)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from afterwards.dates.services import HardDates, OwnDate, hard_dates_save
from afterwards.loss.about import AboutLoss
from tests.conftest import Person


def own_date_path(person: Person) -> str:
    """The address of a date the person added (a yearly one, no heads-up)."""
    own = OwnDate(label="A day of my own", day=date(2025, 6, 2))
    hard_dates_save(
        owner=person.user,
        keys=person.keys,
        dates=HardDates(own=[own]),
        about=AboutLoss(),
        space=None,
        today=timezone.localdate(),
    )
    return f"/dates/{own.id}/"
