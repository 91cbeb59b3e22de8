"""Reading and writing check-ins, always through the vault."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from afterwards.journal.checkin import KIND, CheckIn
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry


def checkin_save(*, owner: Any, keys: UnlockedKeys, checkin: CheckIn) -> Entry:
    return vault.entry_put(
        owner=owner,
        keys=keys,
        kind=KIND,
        index_value=checkin.day.isoformat(),
        content=checkin.to_content(),
    )


def checkin_for_day(*, owner: Any, keys: UnlockedKeys, day: date) -> CheckIn | None:
    index = vault.entry_index(keys, kind=KIND, value=day.isoformat())
    entry = Entry.objects.owned_by(owner).of_kind(KIND).filter(index=index).first()
    return CheckIn.from_content(vault.entry_open(entry, keys)) if entry else None


def month_days(year: int, month: int) -> list[date]:
    return [date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)]


def checkins_for_days(*, owner: Any, keys: UnlockedKeys, days: list[date]) -> list[CheckIn]:
    """The check-ins of the given days, newest first, in one query.

    Days are found by their blind index, so the cost follows the days asked for,
    not the length of the whole journal.
    """
    indexes = vault.entry_indexes(keys, kind=KIND, values=[day.isoformat() for day in days])
    entries = Entry.objects.owned_by(owner).of_kind(KIND).filter(index__in=indexes)
    checkins = [CheckIn.from_content(vault.entry_open(entry, keys)) for entry in entries]
    return sorted(checkins, key=lambda checkin: checkin.day, reverse=True)
