"""Wellbeing results and schedules, kept in the vault like everything a person tells us.

A result is one entry of kind "wellbeing_result" holding the answers as given (never a
readable score on the server); it is scored again from the instrument whenever it is
read, so a result always shows what the published scoring gives. It also holds whether
a safety item was answered positively when it was taken, so crisis help still shows if
the host later changes or removes the instrument (older results lack it). Each person's schedule
(off, every 2 weeks, every 4 weeks, per questionnaire) is one entry of kind
"wellbeing_schedule".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils import timezone

from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry
from afterwards.wellbeing.catalogue import instruments
from afterwards.wellbeing.instrument import Instrument
from afterwards.wellbeing.scoring import (
    AnswerError,
    Score,
    check_answers,
    safety_positive_items,
    score,
)

RESULT_KIND = "wellbeing_result"
SCHEDULE_KIND = "wellbeing_schedule"
SCHEDULE_INDEX = "schedule"
SCHEMA = 1
# Days between checks a person may choose; 0 is off.
SCHEDULE_CHOICES = {0: "Off", 14: "Every 2 weeks", 28: "Every 4 weeks"}


@dataclass(frozen=True)
class Result:
    id: UUID
    instrument_id: str
    taken: datetime
    answers: dict[int, int]
    difficulty: int | None  # index of the difficulty answer, shown and never scored
    share: bool  # the person's choice to share it with their partner
    instrument: Instrument | None  # None if the host no longer offers it
    score: Score | None  # None if the instrument is gone or its answers no longer fit
    # Whether a safety item was positive when it was taken; None in older results.
    stored_safety_positive: bool | None = None

    @property
    def safety_positive(self) -> bool:
        """Crisis help belongs with this result. Errs towards help: the score says so, or
        the stored answers to the instrument's safety items do even where the result no
        longer fits the file, or the result said so when it was taken."""
        if self.score is not None and self.score.needs_urgent_help:
            return True
        if self.instrument is not None and safety_positive_items(self.instrument, self.answers):
            return True
        return bool(self.stored_safety_positive)

    @property
    def safety_unanswered(self) -> bool:
        """A safety item was left out: we cannot know, so help is offered gently."""
        if self.instrument is None or self.score is None:
            return False
        return any(n in self.score.missing for n in self.instrument.safety_items)


def result_save(
    *,
    owner: Any,
    keys: UnlockedKeys,
    instrument: Instrument,
    answers: dict[int, int | None],
    difficulty: int | None = None,
    share: bool = False,
    taken: datetime | None = None,
) -> Entry:
    given = check_answers(instrument, answers)  # refuses anything out of range
    if difficulty is not None and (
        instrument.difficulty is None or not 0 <= difficulty < len(instrument.difficulty.options)
    ):
        raise AnswerError(f"{difficulty!r} is not an answer to the difficulty question")
    content = {
        "schema": SCHEMA,
        "instrument": instrument.id,
        "taken": (taken or timezone.now()).isoformat(),
        "answers": {str(n): value for n, value in given.items()},
        "difficulty": difficulty,
        "share": share,
        "safety_positive": bool(safety_positive_items(instrument, given)),
    }
    return vault.entry_put(
        owner=owner, keys=keys, kind=RESULT_KIND, index_value=None, content=content
    )


def _result(entry: Entry, keys: UnlockedKeys) -> Result:
    content = vault.entry_open(entry, keys)
    answers = {int(n): int(value) for n, value in content.get("answers", {}).items()}
    instrument = instruments().get(content["instrument"])
    scored = None
    if instrument is not None:
        try:
            scored = score(instrument, answers)
        except AnswerError:
            scored = None
    return Result(
        id=entry.id,
        instrument_id=content["instrument"],
        taken=datetime.fromisoformat(content["taken"]),
        answers=answers,
        difficulty=content.get("difficulty"),
        share=bool(content.get("share", False)),
        instrument=instrument,
        score=scored,
        stored_safety_positive=(
            bool(content["safety_positive"]) if "safety_positive" in content else None
        ),
    )


def results_for(*, owner: Any, keys: UnlockedKeys) -> list[Result]:
    """Every result of the person, newest first, in one query."""
    entries = Entry.objects.owned_by(owner).of_kind(RESULT_KIND)
    results = [_result(entry, keys) for entry in entries]
    return sorted(results, key=lambda result: result.taken, reverse=True)


def result_or_404(*, owner: Any, keys: UnlockedKeys, result_id: UUID) -> Result:
    """The owner's result with this id; anyone else's, or none, is not found."""
    entry = Entry.objects.owned_by(owner).of_kind(RESULT_KIND).filter(id=result_id).first()
    if entry is None:
        raise Http404("no such result")
    return _result(entry, keys)


def schedule_get(*, owner: Any, keys: UnlockedKeys) -> dict[str, int]:
    """Days between checks per questionnaire id; a missing id is off."""
    content = vault.entry_find(
        owner=owner, keys=keys, kind=SCHEDULE_KIND, index_value=SCHEDULE_INDEX
    )
    every = (content or {}).get("every", {})
    return {key: days for key, days in every.items() if days in SCHEDULE_CHOICES}


def schedule_save(*, owner: Any, keys: UnlockedKeys, every: dict[str, int]) -> None:
    for key, days in every.items():
        if days not in SCHEDULE_CHOICES:
            raise ValueError(f"{days!r} days is not a schedule for {key}")
    vault.entry_put(
        owner=owner,
        keys=keys,
        kind=SCHEDULE_KIND,
        index_value=SCHEDULE_INDEX,
        content={"schema": SCHEMA, "every": every},
    )


def is_due(*, every_days: int, last_taken: datetime | None, now: datetime) -> bool:
    """Whether a gentle "due" note belongs: the schedule is on and the last result is older.

    Never counts missed checks, and says nothing before the first one.
    """
    if not every_days or last_taken is None:
        return False
    return now - last_taken > timedelta(days=every_days)
