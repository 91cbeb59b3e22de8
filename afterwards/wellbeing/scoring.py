"""Scoring a questionnaire exactly as published. Plain Python, no Django.

Answers are option values as coded in the instrument file (before any reversing), keyed
by item number; an unanswered item is absent or None.

What is scored, and when:
- the total, the band and the "worth talking about" flag only when every item is
  answered. A result with any missing item is incomplete and has none of them: a total
  of fewer items would read lower than the truth, so it is never shown as if it were one;
- each subscale only when all of its own items are answered, for the same reason (a
  complete subscale is a true sum, whatever is missing elsewhere);
- the symptom pattern only when the whole questionnaire is answered (an unanswered item
  could be the one that completes it);
- safety items always, from whatever was answered: a positive answer counts even when
  other items are missing.

A value that is not one of the instrument's options, or an item number it does not have,
is refused with AnswerError: nothing out of range is ever scored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from afterwards.wellbeing.instrument import Band, Instrument


class AnswerError(ValueError):
    """An answer the instrument does not have."""


@dataclass(frozen=True)
class Score:
    answers: dict[int, int]  # item number -> option value, answered items only
    missing: tuple[int, ...]  # item numbers left unanswered
    total: int | None  # None unless complete
    band: Band | None  # None unless complete (and the instrument has bands)
    worth_talking_about: bool  # complete and at or above the published threshold
    subscales: dict[str, int | None]  # key -> sum, None where an item of it is missing
    pattern_met: bool | None  # None when the instrument has none, or when incomplete
    pattern_counts: dict[str, int]  # subscale key -> endorsed items, when complete
    safety_positive: tuple[int, ...]  # safety items answered with a positive value

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def needs_urgent_help(self) -> bool:
        return bool(self.safety_positive)


def check_answers(instrument: Instrument, answers: Mapping[int, int | None]) -> dict[int, int]:
    """The answered items, each checked against the instrument; AnswerError otherwise."""
    numbers = {item.n for item in instrument.items}
    values = set(instrument.values)
    checked: dict[int, int] = {}
    for n, value in answers.items():
        if n not in numbers:
            raise AnswerError(f"{instrument.id} has no item {n}")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value not in values:
            raise AnswerError(f"{value!r} is not an answer to {instrument.id} item {n}")
        checked[n] = value
    return checked


def safety_positive_items(instrument: Instrument, answers: Mapping[int, object]) -> tuple[int, ...]:
    """The safety items answered with a positive value, read straight from answers that
    may not all be valid (a form refused for another item, a stored result that no
    longer fits its file): whatever else is wrong, a positive safety answer counts."""
    positive = []
    for rule in instrument.safety:
        value = answers.get(rule.item)
        if isinstance(value, int) and not isinstance(value, bool) and value in rule.positive:
            positive.append(rule.item)
    return tuple(positive)


def score(instrument: Instrument, answers: Mapping[int, int | None]) -> Score:
    given = check_answers(instrument, answers)
    by_number = {item.n: item for item in instrument.items}
    points = {n: instrument.item_score(by_number[n], value) for n, value in given.items()}
    missing = tuple(item.n for item in instrument.items if item.n not in given)
    complete = not missing

    total = sum(points.values()) if complete else None
    band = instrument.band_for(total) if total is not None else None
    threshold = instrument.worth_talking_about_at
    worth = total is not None and threshold is not None and total >= threshold

    subscales = {
        subscale.key: (
            sum(points[n] for n in subscale.items)
            if all(n in points for n in subscale.items)
            else None
        )
        for subscale in instrument.subscales
    }

    pattern_met: bool | None = None
    pattern_counts: dict[str, int] = {}
    pattern = instrument.pattern
    if pattern is not None and complete:
        members = {subscale.key: subscale.items for subscale in instrument.subscales}
        for key, _ in pattern.needs:
            pattern_counts[key] = sum(1 for n in members[key] if points[n] >= pattern.endorsed_at)
        pattern_met = all(pattern_counts[key] >= count for key, count in pattern.needs)

    safety_positive = safety_positive_items(instrument, given)
    return Score(
        answers=given,
        missing=missing,
        total=total,
        band=band,
        worth_talking_about=worth,
        subscales=subscales,
        pattern_met=pattern_met,
        pattern_counts=pattern_counts,
        safety_positive=safety_positive,
    )
