"""Report tests run on a fixed day; a small journal with notes, moods and a questionnaire."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from afterwards.wellbeing import catalogue
from afterwards.wellbeing import services as wellbeing

TODAY = date(2026, 3, 28)
FIRST = TODAY - timedelta(days=27)  # the default period: the last four weeks
TICKED = "Talked about the scan date with my sister"
UNTICKED = "Private words about the nursery"


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def write(person, day: date, **answers) -> None:  # type: ignore[no-untyped-def]
    services.checkin_save(owner=person.user, keys=person.keys, checkin=CheckIn(day=day, **answers))


def journal_fill(person) -> None:  # type: ignore[no-untyped-def]
    """Twenty days with mood and grief, two of them with notes, and two PHQ-9s, the
    second with item 9 answered "Several days"."""
    for back in range(20):
        write(person, TODAY - timedelta(days=back), mood=1 + back % 5, grief=1 + (back * 2) % 5)
    write(person, TODAY - timedelta(days=3), mood=2, grief=4, note=TICKED)
    write(person, TODAY - timedelta(days=5), mood=3, grief=3, note=UNTICKED)
    phq9 = catalogue.instruments()["phq9"]
    for back, item9 in ((14, 0), (2, 1)):
        answers = dict.fromkeys(range(1, 10), 1)
        answers[9] = item9
        wellbeing.result_save(
            owner=person.user,
            keys=person.keys,
            instrument=phq9,
            answers=answers,
            taken=datetime.combine(TODAY - timedelta(days=back), datetime.min.time(), UTC)
            + timedelta(hours=10),
        )


def contents(**extra: object) -> dict[str, object]:
    """What the report form posts for the default period, every part ticked."""
    data: dict[str, object] = {
        "date_from": FIRST.isoformat(),
        "date_to": TODAY.isoformat(),
        "sections": ["mood", "wellbeing", "patterns"],
        "days": "14",
    }
    data.update(extra)
    return data


BLED_DAY = TODAY - timedelta(days=6)
CLOSE_DAY = TODAY - timedelta(days=7)


def body_days(person) -> None:  # type: ignore[no-untyped-def]
    """One day with bleeding and one with closeness, in the default period."""
    write(person, BLED_DAY, mood=2, grief=3, bleeding="light")
    write(person, CLOSE_DAY, mood=4, grief=2, intimacy="closeness", afterwards=4)
