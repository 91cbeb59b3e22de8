"""A person's hard dates, sealed, and the clear schedule of heads-ups that follows them.

Everything about a date (the person's words for it, the day, whether it repeats, the
heads-up choices) lives in ONE vault entry of kind "hard_dates". The day of the loss and
the due date are read from "About your loss" and only their heads-up choices are kept
here. The notify side holds the only thing in clear: for each heads-up, an opaque id,
the day it goes out, whether it repeats and whether it goes to the partner.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from afterwards.couple.membership import member_of
from afterwards.dates.calendar import heads_up_on, next_occurrence
from afterwards.loss.about import INDEX as ABOUT_INDEX
from afterwards.loss.about import KIND as ABOUT_KIND
from afterwards.loss.about import AboutLoss
from afterwards.notify import alarms
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys

KIND = "hard_dates"
INDEX = "hard_dates"
SCHEMA = 1
DAYS_BEFORE = 7
# The two dates that come from About your loss, by the id they have on these pages.
FROM_ABOUT = ("loss", "due")


def new_id() -> str:
    return secrets.token_urlsafe(12)


@dataclass
class HeadsUp:
    on: bool = False
    days_before: int = DAYS_BEFORE
    # The space the person chose to tell the partner in: a later space is not told.
    partner_space: str = ""
    # The only link between this sealed choice and the clear schedule row.
    alarm: str = field(default_factory=new_id)

    def to_content(self) -> dict[str, Any]:
        return {
            "on": self.on,
            "days_before": self.days_before,
            "partner_space": self.partner_space,
            "alarm": self.alarm,
        }

    @classmethod
    def from_content(cls, content: dict[str, Any] | None) -> HeadsUp:
        if not content:
            return cls()
        return cls(
            on=bool(content.get("on")),
            days_before=int(content.get("days_before") or DAYS_BEFORE),
            partner_space=str(content.get("partner_space") or ""),
            alarm=str(content.get("alarm") or new_id()),
        )


@dataclass
class OwnDate:
    label: str
    day: date
    yearly: bool = True
    heads_up: HeadsUp = field(default_factory=HeadsUp)
    id: str = field(default_factory=new_id)

    def to_content(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "day": self.day.isoformat(),
            "yearly": self.yearly,
            "heads_up": self.heads_up.to_content(),
        }

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> OwnDate:
        return cls(
            id=str(content["id"]),
            label=str(content.get("label") or ""),
            day=date.fromisoformat(content["day"]),
            yearly=bool(content.get("yearly", True)),
            heads_up=HeadsUp.from_content(content.get("heads_up")),
        )


@dataclass
class HardDates:
    own: list[OwnDate] = field(default_factory=list)
    loss: HeadsUp = field(default_factory=HeadsUp)
    due: HeadsUp = field(default_factory=HeadsUp)

    def own_date(self, date_id: str) -> OwnDate | None:
        return next((own for own in self.own if own.id == date_id), None)

    def to_content(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "own": [own.to_content() for own in self.own],
            "loss": self.loss.to_content(),
            "due": self.due.to_content(),
        }

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> HardDates:
        return cls(
            own=[OwnDate.from_content(own) for own in content.get("own", [])],
            loss=HeadsUp.from_content(content.get("loss")),
            due=HeadsUp.from_content(content.get("due")),
        )


@dataclass(frozen=True)
class Planned:
    """One heads-up as the schedule should hold it (or not, when `first_on` is None)."""

    alarm: str
    first_on: date | None
    yearly: bool
    to_partner: bool


def hard_dates_get(*, owner: Any, keys: UnlockedKeys) -> HardDates:
    content = vault.entry_find(owner=owner, keys=keys, kind=KIND, index_value=INDEX)
    return HardDates.from_content(content) if content is not None else HardDates()


def schedule_plan(
    dates: HardDates, *, about: AboutLoss, space: str | None, today: date
) -> list[Planned]:
    """Every heads-up the person has, and when it goes out next (None: not at all)."""

    def plan(day: date | None, yearly: bool, heads_up: HeadsUp) -> Planned:
        first_on = None
        if heads_up.on and day is not None:
            first_on = heads_up_on(
                day, yearly=yearly, days_before=heads_up.days_before, today=today
            )
        to_partner = bool(space) and heads_up.partner_space == space
        return Planned(heads_up.alarm, first_on, yearly, to_partner)

    planned = [
        plan(about.loss_date, True, dates.loss),
        plan(about.due_date, True, dates.due),
    ]
    return planned + [plan(own.day, own.yearly, own.heads_up) for own in dates.own]


def heads_up_holds(dates: HardDates, *, about: AboutLoss, today: date) -> bool:
    """Whether one of the person's heads-ups is up today: from the day it goes out to the
    date itself. Worked out from the sealed choices; the clear schedule cannot tell."""
    chosen = [
        (about.loss_date, True, dates.loss),
        (about.due_date, True, dates.due),
        *((own.day, own.yearly, own.heads_up) for own in dates.own),
    ]
    for day, yearly, heads_up in chosen:
        if heads_up.on and day is not None:
            coming = next_occurrence(day, yearly=yearly, today=today)
            if coming is not None and coming - timedelta(days=heads_up.days_before) <= today:
                return True
    return False


def own_heads_up_today(*, owner: Any, keys: UnlockedKeys, today: date) -> bool:
    """The person's hard dates and About your loss, read together in one query."""
    found = vault.entries_find(
        owner=owner, keys=keys, wanted=[(KIND, INDEX), (ABOUT_KIND, ABOUT_INDEX)]
    )
    dates_content = found.get((KIND, INDEX))
    dates = HardDates.from_content(dates_content) if dates_content else HardDates()
    about_content = found.get((ABOUT_KIND, ABOUT_INDEX))
    about = AboutLoss.from_content(about_content) if about_content else AboutLoss()
    return heads_up_holds(dates, about=about, today=today)


def schedule_sync(
    *, user: Any, dates: HardDates, about: AboutLoss, space: str | None, today: date
) -> None:
    """Make the clear schedule match the sealed choices: set what is on, clear the rest."""
    planned = schedule_plan(dates, about=about, space=space, today=today)
    if all(each.first_on is None for each in planned):
        alarms.alarms_clear_all(user=user)
        return
    for each in planned:
        if each.first_on is None:
            alarms.alarm_clear(user=user, alarm_id=each.alarm)
        else:
            alarms.alarm_set(
                user=user,
                alarm_id=each.alarm,
                first_on=each.first_on,
                yearly=each.yearly,
                to_partner=each.to_partner,
            )


def hard_dates_save(
    *,
    owner: Any,
    keys: UnlockedKeys,
    dates: HardDates,
    about: AboutLoss,
    space: str | None,
    today: date,
    removed: list[str] | None = None,
) -> None:
    """Seal the dates, then bring the schedule in line (clearing removed dates' alarms)."""
    vault.entry_put(
        owner=owner, keys=keys, kind=KIND, index_value=INDEX, content=dates.to_content()
    )
    for alarm_id in removed or []:
        alarms.alarm_clear(user=owner, alarm_id=alarm_id)
    schedule_sync(user=owner, dates=dates, about=about, space=space, today=today)


def hard_dates_resync(*, owner: Any, keys: UnlockedKeys, about: AboutLoss) -> None:
    """After About your loss changed: the heads-ups follow its dates (or stop without them)."""
    content = vault.entry_find(owner=owner, keys=keys, kind=KIND, index_value=INDEX)
    if content is None:
        return  # no heads-up was ever chosen: nothing is scheduled
    member = member_of(owner)
    schedule_sync(
        user=owner,
        dates=HardDates.from_content(content),
        about=about,
        space=str(member.couple_id) if member is not None else None,
        today=timezone.localdate(),
    )
