"""Patterns tests run on a fixed day, with journals written through the real services."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from afterwards.journal import services
from afterwards.journal.checkin import CheckIn

TODAY = date(2026, 3, 28)


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def journal_days(
    days: int,
    *,
    seed: int = 1,
    after_closeness: float = 0.0,
    every: int = 7,
    today: date = TODAY,
) -> list[CheckIn]:
    """`days` check-ins ending today: mood wandering as an AR(1) series, closeness or sex
    every `every` days, and mood moved by `after_closeness` on the day after."""
    rng = np.random.default_rng(seed)
    latent = np.zeros(days)
    for t in range(1, days):
        latent[t] = 0.5 * latent[t - 1] + rng.normal(scale=0.8)
    out = []
    for n in range(days):
        day = today - timedelta(days=days - 1 - n)
        intimate = n % every == 3
        after = n % every == 4
        mood = int(np.clip(round(3.2 + latent[n] + (after_closeness if after else 0)), 1, 5))
        grief = int(np.clip(round(3 - 0.5 * latent[n] + rng.normal(scale=0.7)), 1, 5))
        out.append(
            CheckIn(
                day=day,
                mood=mood,
                grief=grief,
                anxiety=int(rng.integers(1, 6)),
                sleep=int(rng.integers(1, 6)),
                intimacy="closeness" if intimate else "none",
                afterwards=int(rng.integers(2, 6)) if intimate else None,
                bleeding="medium" if n % 28 < 4 else "none",
            )
        )
    return out


def write_journal(person, checkins: list[CheckIn]) -> None:  # type: ignore[no-untyped-def]
    for checkin in checkins:
        services.checkin_save(owner=person.user, keys=person.keys, checkin=checkin)
