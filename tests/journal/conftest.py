"""Journal tests run on a fixed day, late in a month, so a month can hold many check-ins."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from afterwards.journal import services
from afterwards.journal.checkin import CheckIn

TODAY = date(2026, 3, 28)


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    # Autouse, so it runs before the personas log in: their sessions live on this day too.
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def write(person, day: date, note: str = "", mood: int | None = None, **answers) -> None:  # type: ignore[no-untyped-def]
    """A check-in through the service, for tests about reading them; any other field of
    CheckIn by name (bleeding="light", intimacy="sex" ...)."""
    services.checkin_save(
        owner=person.user,
        keys=person.keys,
        checkin=CheckIn(day=day, mood=mood, note=note, **answers),
    )
