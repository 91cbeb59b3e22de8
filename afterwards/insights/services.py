"""Reading a person's journal through the vault and finding their patterns.

Two queries, whatever the journal holds: every check-in (journal.checkins_all), then
the cycle marks, About your loss and the profile together. The cycle is read by the body
module from the same check-ins, so the phases here are the Body page's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from afterwards.accounts import profile
from afterwards.body import services as body
from afterwards.couple.checkins import shared_days_all
from afterwards.couple.sharing import Pair
from afterwards.insights import patterns
from afterwards.insights.patterns import Finding, Journal, Need, Report
from afterwards.journal import services as journal
from afterwards.journal.checkin import CheckIn
from afterwards.loss import about as loss
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys


@dataclass
class PatternsRead:
    journal: Journal | None  # None before the first check-in
    report: Report
    about: loss.AboutLoss
    checkins: dict[date, CheckIn]
    profile: dict[str, Any] | None  # the profile's content, for the page to keep
    about_content: dict[str, Any] | None


def hard_dates(about: loss.AboutLoss) -> list[date]:
    """The days that may hurt, as a list: for now the loss and the due date from About
    your loss. More dates (issue 7) join this list, and the pattern takes them all."""
    return sorted({d for d in (about.loss_date, about.due_date) if d is not None})


def patterns_for(*, owner: Any, keys: UnlockedKeys, today: date) -> PatternsRead:
    checkins = journal.checkins_all(owner=owner, keys=keys)
    wanted = [
        (body.KIND, body.INDEX),
        (loss.KIND, loss.INDEX),
        (profile.KIND, profile.INDEX),
    ]
    found = vault.entries_find(owner=owner, keys=keys, wanted=wanted)
    marks = body.CycleMarks.from_content(found.get((body.KIND, body.INDEX)) or {})
    about_content = found.get((loss.KIND, loss.INDEX))
    about = loss.AboutLoss.from_content(about_content or {})
    days = [d for d in checkins if d <= today]
    if not days:
        return PatternsRead(
            None,
            patterns.Report([], []),
            about,
            checkins,
            found.get((profile.KIND, profile.INDEX)),
            about_content,
        )
    reading, _ = body.reading_from(checkins, marks, about, today)
    phases = {day: p.phase for day, p in reading.phases().items() if p.certain}
    j = patterns.journal_build(
        {day: asdict_light(c) for day, c in checkins.items()},
        first=min(days),
        last=today,
        phases=phases,
        loss_date=about.loss_date,
        hard_dates=hard_dates(about),
    )
    return PatternsRead(
        j,
        patterns.patterns_find(j),
        about,
        checkins,
        found.get((profile.KIND, profile.INDEX)),
        about_content,
    )


def asdict_light(checkin: CheckIn) -> dict[str, Any]:
    """Only the fields patterns read: asdict() of every field is slower on five years."""
    return {
        "mood": checkin.mood,
        "grief": checkin.grief,
        "anxiety": checkin.anxiety,
        "sleep": checkin.sleep,
        "afterwards": checkin.afterwards,
        "intimacy": checkin.intimacy,
        "bleeding": checkin.bleeding,
    }


def couple_hard_days(
    *, mine: dict[date, CheckIn], theirs: dict[date, CheckIn], mine_first: bool = True
) -> Finding | Need:
    """For the couple space: whether one partner's hard days go with the other's, from
    the check-ins each has shared (the caller passes only shared days of both).

    `mine_first`: whether the reader's days are the first of the fixed order both
    partners' pages use, so that both see the same answer."""

    def pairs(days: dict[date, CheckIn]) -> dict[date, tuple[int | None, int | None]]:
        return {day: (c.mood, c.grief) for day, c in days.items()}

    if mine_first:
        return patterns.couple_hard_days(pairs(mine), pairs(theirs), mine_first=True)
    return patterns.couple_hard_days(pairs(theirs), pairs(mine), mine_first=False)


def couple_pattern(*, owner: Any, keys: UnlockedKeys, pair: Pair) -> Finding | Need:
    """The couple's pattern for the Patterns page, from shared copies only: the reader's
    own copies and the partner's, as each chose to share them. The one with the lower
    account number comes first, on both partners' pages."""
    mine, theirs = shared_days_all(owner=owner, keys=keys, pair=pair)
    return couple_hard_days(mine=mine, theirs=theirs, mine_first=owner.pk < pair.partner.pk)
