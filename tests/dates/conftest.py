"""Hard dates tests run on a fixed day, 2026-03-28, like the journal's."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

TODAY = date(2026, 3, 28)


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    # Autouse, so it runs before the personas log in: their sessions live on this day too.
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)
