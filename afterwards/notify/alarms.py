"""The clear schedule of hard-date heads-ups: the API the Hard dates pages call.

Only the schedule is stored (an opaque id, the day, yearly or not, to the partner or
not), never what the date is about, nor the date itself: the days before it are the
person's choice and stay sealed, so a heads-up's window here is always the seven days
from the day it goes out (the person's own page works out the true window from the
sealed entry, afterwards/dates/). A yearly one is counted by month and day, 29 February
falling on the 28th in other years.

Known limitation: a yearly heads-up moves on by its own month and day, not the date's,
which is not here. When the days before a date span the end of February (the date on 5
March, seven days before: 26 February in 2027, but 27 February in 2028), it comes a day
early or late in years whose February is longer or shorter than in the year it was set.
Counting it exactly needs to know that the date falls just after February, which is what
keeping the date out of clear means not knowing (docs/threat-model.md).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from afterwards.couple.models import Member
from afterwards.dates.calendar import on_in_year
from afterwards.notify.models import Alarm

WINDOW_DAYS = 7
# The most days before a date a heads-up may go out (the Hard dates page's limit): a
# once-only date has surely passed this long after its heads-up.
LONGEST_BEFORE_DAYS = 28


# Any 29 February: a leap-day alarm's next_on is the 28th in common years.
LEAP_DAY = date(2024, 2, 29)


def occurrence_in(alarm: Alarm, year: int) -> date:
    """The day the alarm goes out in `year`, by the one 29 February rule (dates/calendar)."""
    return on_in_year(LEAP_DAY if alarm.leap_day else alarm.next_on, year)


def window_start(alarm: Alarm, today: date) -> date | None:
    """The day the heads-up whose window holds today went out, or None."""
    if not alarm.yearly:
        starts = [alarm.next_on]
    else:
        # The coming one, or last year's if it has already fired and moved on.
        years = {alarm.next_on.year, alarm.next_on.year - 1} & {today.year, today.year - 1}
        starts = [occurrence_in(alarm, year) for year in sorted(years)]
    for start in starts:
        if start <= today < start + timedelta(days=WINDOW_DAYS):
            return start
    return None


def _first_next_on(*, first_on: date, yearly: bool, today: date) -> date:
    """For a yearly alarm, the first heads-up whose window has not yet ended."""
    if not yearly:
        return first_on
    year = first_on.year
    candidate = first_on
    while candidate + timedelta(days=WINDOW_DAYS) <= today:
        year += 1
        candidate = on_in_year(first_on, year)
    return candidate


def alarm_set(*, user: Any, alarm_id: str, first_on: date, yearly: bool, to_partner: bool) -> None:
    """Create or replace the alarm with this id."""
    next_on = _first_next_on(first_on=first_on, yearly=yearly, today=timezone.localdate())
    Alarm.objects.update_or_create(
        user=user,
        alarm_id=alarm_id,
        defaults={
            "next_on": next_on,
            "yearly": yearly,
            "leap_day": yearly and (first_on.month, first_on.day) == (2, 29),
            "to_partner": to_partner,
        },
    )


def alarm_clear(*, user: Any, alarm_id: str) -> None:
    Alarm.objects.filter(user=user, alarm_id=alarm_id).delete()


def alarms_clear_all(*, user: Any) -> None:
    Alarm.objects.filter(user=user).delete()


def _own_or_meant_for(user: Any) -> QuerySet[Alarm]:
    """The person's own alarms and their partner's meant for them."""
    # A partner who paused sharing shares nothing, this heads-up included.
    partners = Member.objects.filter(
        couple_id__in=Member.objects.filter(user=user).values("couple_id"), paused=False
    ).exclude(user=user)
    return Alarm.objects.filter(
        Q(user=user) | Q(to_partner=True, user_id__in=partners.values("user_id"))
    )


def any_for(*, user: Any) -> bool:
    """Whether any heads-up may reach this person: one of their own or a partner's."""
    return _own_or_meant_for(user).exists()


def heads_ups(*, user: Any, today: date) -> tuple[bool, bool]:
    """(whether the person has any heads-up of their own, whether a partner's heads-up
    meant for them holds today), read in one query. The person's own window is theirs to
    work out from the sealed entry: the clear rows do not hold it."""
    own = partner = False
    found = _own_or_meant_for(user)
    for alarm in found:
        if alarm.user_id == user.pk:
            own = True
        elif window_start(alarm, today) is not None:
            partner = True
    return own, partner
