"""Routine reminders kept quiet on a person's hard dates: the part in clear.

The daily check-in reminder and the questionnaire reminder are routine: on the day of
the loss, on the due date or on a date of the person's own, "a moment for today's
check-in" is a prompt arriving on the day most likely to hurt. Unless the person says
otherwise (afterwards/dates/, the Hard dates page), they stay quiet on those days; the
heads-up before a date, which the person chose, still comes.

The worker has no vault keys and must obey the choice, so whatever it obeys, whoever
holds the database can read: a clear list of the person's hard dates would give them
away for good. So only the person's own session writes the days, and only those of the
coming week (AHEAD_DAYS), whenever it is open on Today or saves hard dates, About your
loss or reminders; each day goes the day after it has passed. At rest, then, a copy of
the database shows at most, for someone with a routine reminder on, the hard dates
falling in the week after the last time they opened the app, and none once they have
passed. A day written nowhere (the person did not open the app in the week before) gets
its reminders as any other day. Decoy days were weighed and left out: each costs the
person a reminder they asked for on an ordinary day, and decoys placed only where no
reminder would go anyway are told apart by the clear schedule itself.

A reminder kept quiet is marked done in Sent exactly as one sent is, so that after the
day the table of sendings does not show a gap where it was (docs/threat-model.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from afterwards.notify.models import Preferences, QuietDay

# How far ahead the person's session writes quiet days: today and the seven after it.
AHEAD_DAYS = 7


def routine_on(prefs: Preferences | None) -> bool:
    """Whether the person has a routine reminder on, so that a quiet day means something."""
    return prefs is not None and (prefs.checkin_on or prefs.questionnaire_on)


def window(today: date) -> tuple[date, date]:
    """The days the session writes: today and the AHEAD_DAYS after it."""
    return today, today + timedelta(days=AHEAD_DAYS)


def local_today(prefs: Preferences, now: datetime | None = None) -> date:
    """Today in the time zone of the person's reminders."""
    # Imported here: the worker imports this module.
    from afterwards.notify.worker import zone_of

    return (now or timezone.now()).astimezone(zone_of(prefs)).date()


def quiet_days_set(*, user: Any, days: Iterable[date], today: date) -> None:
    """Hold exactly these days of the window as quiet; keep yesterday's, which a reminder
    held by quiet hours past midnight may still ask about; forget everything else."""
    first, last = window(today)
    wanted = {day for day in days if first <= day <= last}
    with transaction.atomic():
        mine = QuietDay.objects.filter(user=user)
        mine.filter(
            Q(day__lt=today - timedelta(days=1))
            | Q(day__gt=last)
            | Q(day__gte=first, day__lte=last) & ~Q(day__in=wanted)
        ).delete()
        held = set(mine.values_list("day", flat=True))
        QuietDay.objects.bulk_create(
            [QuietDay(user=user, day=day) for day in sorted(wanted - held)],
            ignore_conflicts=True,
        )


def quiet_days_clear(*, user: Any) -> None:
    QuietDay.objects.filter(user=user).delete()


def quiet_days_of(user_ids: Any, *, since: date) -> dict[int, set[date]]:
    """Each person's quiet days from `since` on, in one query (for the worker)."""
    found: dict[int, set[date]] = defaultdict(set)
    rows = QuietDay.objects.filter(user_id__in=user_ids, day__gte=since)
    for user_id, day in rows.values_list("user_id", "day"):
        found[user_id].add(day)
    return found


def forget_passed(now: datetime) -> None:
    """A day gone by everywhere (in every time zone, and a held reminder's night too)."""
    QuietDay.objects.filter(day__lt=now.date() - timedelta(days=2)).delete()
