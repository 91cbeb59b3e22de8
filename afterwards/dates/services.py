"""A person's hard dates, sealed, and the clear schedule of heads-ups that follows them.

Everything about a date (the person's words for it, the day, whether it repeats, the
heads-up choices) lives in ONE vault entry of kind "hard_dates". The day of the loss and
the due date are read from "About your loss" and only their heads-up choices are kept
here. The notify side holds the only thing in clear: for each heads-up, an opaque id,
the day it goes out, whether it repeats and whether it goes to the partner.

The entry also keeps whether routine reminders stay quiet on these days (quiet unless
the person said otherwise). The worker cannot read it, so the person's own session
writes the quiet days of the coming week only (quiet_days_refresh, notify/quiet.py).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from afterwards.couple.membership import member_of
from afterwards.dates.calendar import heads_up_on, next_occurrence, on_in_year
from afterwards.loss.about import INDEX as ABOUT_INDEX
from afterwards.loss.about import KIND as ABOUT_KIND
from afterwards.loss.about import AboutLoss
from afterwards.notify import alarms, quiet
from afterwards.notify.models import Preferences
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
    # Routine reminders on these days: None until the person answers, which means quiet.
    quiet_routine: bool | None = None

    @property
    def quiet(self) -> bool:
        return self.quiet_routine is not False

    def own_date(self, date_id: str) -> OwnDate | None:
        return next((own for own in self.own if own.id == date_id), None)

    def to_content(self) -> dict[str, Any]:
        content: dict[str, Any] = {
            "schema": SCHEMA,
            "own": [own.to_content() for own in self.own],
            "loss": self.loss.to_content(),
            "due": self.due.to_content(),
        }
        if self.quiet_routine is not None:
            content["quiet_routine"] = self.quiet_routine
        return content

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> HardDates:
        chosen = content.get("quiet_routine")
        return cls(
            own=[OwnDate.from_content(own) for own in content.get("own", [])],
            loss=HeadsUp.from_content(content.get("loss")),
            due=HeadsUp.from_content(content.get("due")),
            # Anything but a plain yes or no (an imported file's) is no answer: quiet.
            quiet_routine=chosen if isinstance(chosen, bool) else None,
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
    quiet_days_refresh(owner=owner, keys=keys, dates=dates, about=about)


def hard_dates_resync(*, owner: Any, keys: UnlockedKeys, about: AboutLoss) -> None:
    """After About your loss changed: the heads-ups follow its dates (or stop without them),
    and so do the quiet days."""
    content = vault.entry_find(owner=owner, keys=keys, kind=KIND, index_value=INDEX)
    dates = HardDates.from_content(content) if content is not None else HardDates()
    quiet_days_refresh(owner=owner, keys=keys, dates=dates, about=about)
    if content is None:
        return  # no heads-up was ever chosen: nothing is scheduled
    member = member_of(owner)
    schedule_sync(
        user=owner,
        dates=dates,
        about=about,
        space=str(member.couple_id) if member is not None else None,
        today=timezone.localdate(),
    )


def hard_days_between(dates: HardDates, *, about: AboutLoss, first: date, last: date) -> set[date]:
    """Every day from `first` to `last` that is one of the person's hard dates: the day
    of the loss and the due date (every year), and their own (every year or once). 29
    February falls on the 28th in other years, as everywhere (dates/calendar.py)."""
    chosen = [
        (about.loss_date, True),
        (about.due_date, True),
        *((own.day, own.yearly) for own in dates.own),
    ]
    found = set()
    for day, yearly in chosen:
        if day is None:
            continue
        if not yearly:
            found.add(day)
            continue
        found.update(on_in_year(day, year) for year in range(first.year, last.year + 1))
    return {day for day in found if first <= day <= last}


def quiet_days_refresh(
    *,
    owner: Any,
    keys: UnlockedKeys,
    dates: HardDates | None = None,
    about: AboutLoss | None = None,
) -> None:
    """Write the quiet days of the coming week for the worker, from the sealed dates.

    Nothing is written (and anything written goes) unless the person has a routine
    reminder on and has not asked for reminders on these days. One query for the
    choices, one for the sealed entries when not given, and the few writes."""
    prefs = Preferences.objects.filter(user=owner).first()
    if not quiet.routine_on(prefs):
        quiet.quiet_days_clear(user=owner)
        return
    assert prefs is not None  # routine_on
    if dates is None or about is None:
        found = vault.entries_find(
            owner=owner, keys=keys, wanted=[(KIND, INDEX), (ABOUT_KIND, ABOUT_INDEX)]
        )
        if dates is None:
            dates_content = found.get((KIND, INDEX))
            dates = HardDates.from_content(dates_content) if dates_content else HardDates()
        if about is None:
            about_content = found.get((ABOUT_KIND, ABOUT_INDEX))
            about = AboutLoss.from_content(about_content) if about_content else AboutLoss()
    if not dates.quiet:
        quiet.quiet_days_clear(user=owner)
        return
    today = quiet.local_today(prefs)
    first, last = quiet.window(today)
    days = hard_days_between(dates, about=about, first=first, last=last)
    quiet.quiet_days_set(user=owner, days=days, today=today)
