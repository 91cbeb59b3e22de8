"""The Body page's reading and the person's choices about their cycle, through the vault.

The choices ("is this a period?" answers, cycles left out, whether to show fertile days)
are one vault entry per person, kind "cycle_marks". The cycle itself is never stored: it
is read again from the check-ins on every visit, so a corrected check-in corrects it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from afterwards.accounts import profile
from afterwards.body.cycle import CycleReading, cycle_read
from afterwards.journal import services as journal
from afterwards.journal.checkin import CheckIn
from afterwards.loss import about as loss
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.middleware import request_entry_known
from afterwards.vault.models import Keyring

KIND = "cycle_marks"
INDEX = "cycle_marks"
ANSWERS = ("yes", "no", "unsure")


def _days(values: Any) -> set[date]:
    found = set()
    for value in values if isinstance(values, list) else []:
        try:
            found.add(date.fromisoformat(value))
        except (TypeError, ValueError):
            continue  # a damaged value is dropped, never a reason to fail the page
    return found


@dataclass
class CycleMarks:
    """What the person told us about their cycle."""

    periods: set[date] = field(default_factory=set)  # "yes, a period"
    not_periods: set[date] = field(default_factory=set)  # "no, not a period"
    unsure: set[date] = field(default_factory=set)  # "I'm not sure": set aside, not counted
    excluded: set[date] = field(default_factory=set)  # starts of cycles left out
    fertile_window: bool = False  # show an estimate of fertile days (off unless turned on)

    @property
    def answers(self) -> dict[date, bool]:
        return {**dict.fromkeys(self.not_periods, False), **dict.fromkeys(self.periods, True)}

    def to_content(self) -> dict[str, Any]:
        def iso(days: set[date]) -> list[str]:
            return sorted(day.isoformat() for day in days)

        return {
            "periods": iso(self.periods),
            "not_periods": iso(self.not_periods),
            "unsure": iso(self.unsure),
            "excluded": iso(self.excluded),
            "fertile_window": self.fertile_window,
        }

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> CycleMarks:
        return cls(
            periods=_days(content.get("periods")),
            not_periods=_days(content.get("not_periods")),
            unsure=_days(content.get("unsure")),
            excluded=_days(content.get("excluded")),
            fertile_window=content.get("fertile_window") is True,
        )

    def answer(self, day: date, answer: str) -> None:
        for days in (self.periods, self.not_periods, self.unsure):
            days.discard(day)
        {"yes": self.periods, "no": self.not_periods, "unsure": self.unsure}[answer].add(day)


@dataclass
class BodyRead:
    reading: CycleReading
    marks: CycleMarks
    about: loss.AboutLoss
    bleeding: dict[date, str]  # the check-ins' bleeding answers, by day

    @property
    def questions(self) -> list[date]:
        """Returns of bleeding still to ask about, not set aside as "not sure"."""
        return [day for day in self.reading.questions if day not in self.marks.unsure]

    @property
    def set_aside(self) -> list[date]:
        return [day for day in self.reading.questions if day in self.marks.unsure]

    @property
    def answerable(self) -> set[date]:
        """Days the person may answer about: a return of bleeding, asked or taken."""
        reading = self.reading
        return set(reading.questions) | set(reading.period_starts) | set(reading.not_periods)


def reading_from(
    checkins: dict[date, CheckIn], marks: CycleMarks, about: loss.AboutLoss, today: date
) -> tuple[CycleReading, dict[date, str]]:
    bleeding = {day: c.bleeding for day, c in checkins.items() if c.bleeding is not None}
    reading = cycle_read(
        bleeding,
        loss_date=about.loss_date,
        answers=marks.answers,
        excluded=marks.excluded,
        today=today,
        checked_in=checkins.keys(),
    )
    return reading, bleeding


def body_read(request: HttpRequest, *, owner: Any, keys: UnlockedKeys, today: date) -> BodyRead:
    """Everything the Body page shows, in two queries whatever the journal holds: every
    check-in, then the marks, About your loss and the profile together (the profile and
    About your loss are kept for the rest of the request)."""
    checkins = journal.checkins_all(owner=owner, keys=keys)
    wanted = [(KIND, INDEX), (loss.KIND, loss.INDEX), (profile.KIND, profile.INDEX)]
    found = vault.entries_find(owner=owner, keys=keys, wanted=wanted)
    request_entry_known(request, loss.KIND, loss.INDEX, found.get((loss.KIND, loss.INDEX)))
    profile.profile_prime(request, found.get((profile.KIND, profile.INDEX)))
    marks = CycleMarks.from_content(found.get((KIND, INDEX)) or {})
    about = loss.AboutLoss.from_content(found.get((loss.KIND, loss.INDEX)) or {})
    reading, bleeding = reading_from(checkins, marks, about, today)
    return BodyRead(reading=reading, marks=marks, about=about, bleeding=bleeding)


def marks_get(*, owner: Any, keys: UnlockedKeys) -> CycleMarks:
    content = vault.entry_find(owner=owner, keys=keys, kind=KIND, index_value=INDEX)
    return CycleMarks.from_content(content or {})


def _marks_change(*, owner: Any, keys: UnlockedKeys, change: Any) -> CycleMarks:
    with transaction.atomic():
        # Read, change, write under the person's lock, so two saves at once cannot
        # undo each other.
        list(Keyring.objects.select_for_update().filter(user=owner).values_list("pk"))
        marks = marks_get(owner=owner, keys=keys)
        change(marks)
        vault.entry_put(
            owner=owner, keys=keys, kind=KIND, index_value=INDEX, content=marks.to_content()
        )
    return marks


def period_answer(*, owner: Any, keys: UnlockedKeys, day: date, answer: str) -> CycleMarks:
    """Keep the person's answer to "was this a period?" ("yes", "no" or "unsure")."""
    if answer not in ANSWERS:
        raise ValueError(f"answer must be one of {ANSWERS}")
    return _marks_change(owner=owner, keys=keys, change=lambda m: m.answer(day, answer))


def cycle_leave_out(*, owner: Any, keys: UnlockedKeys, start: date, leave_out: bool) -> CycleMarks:
    """Leave the cycle starting on `start` out of the averages, or count it again."""

    def change(marks: CycleMarks) -> None:
        if leave_out:
            marks.excluded.add(start)
        else:
            marks.excluded.discard(start)

    return _marks_change(owner=owner, keys=keys, change=change)


def fertile_window_set(*, owner: Any, keys: UnlockedKeys, show: bool) -> CycleMarks:
    def change(marks: CycleMarks) -> None:
        marks.fertile_window = show

    return _marks_change(owner=owner, keys=keys, change=change)
