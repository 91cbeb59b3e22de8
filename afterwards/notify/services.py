"""A person's reminder choices, and the least of the questionnaire schedule in clear.

The worker has no vault keys. So what it must know is kept here, unsealed and minimal:
the hour, quiet hours, the time zone, the channels (and the e-mail address given for
them), and for questionnaires only "every N days, next on a day", never which ones.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import TZPATH, available_timezones

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from afterwards.notify.models import Preferences, PushSubscription
from afterwards.vault.keyring import UnlockedKeys

PUSH_BROWSERS_MAX = 5


# The regions people find their zone under (Europe/London). Not offered: Etc/GMT+5
# (which means UTC−5), US/Eastern and the other old names outside these regions.
ZONE_REGIONS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",  # Arctic/Longyearbyen, the tz database's zone for Svalbard
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)


def _zones_by_country() -> set[str] | None:
    """The names the tz database lists for each country (zone.tab): Asia/Kolkata, never
    an old alias like Asia/Calcutta, Europe/Kiev or Australia/NSW. None if not found."""
    text = _zone_tab()
    if text is None:
        return None
    rows = (line.split("\t") for line in text.splitlines() if not line.startswith("#"))
    return {row[2] for row in rows if len(row) > 2}


def _zone_tab() -> str | None:
    for folder in TZPATH:
        path = Path(folder) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:  # the tzdata package, where the system has no zone files
        return resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    except (ImportError, OSError):
        return None


def zones_offered(known: set[str], by_country: set[str] | None) -> list[str]:
    """Region/City names in ZONE_REGIONS, as listed by country when that list is found;
    and UTC."""
    return sorted(
        {
            name
            for name in known
            if "/" in name
            and name.split("/", 1)[0] in ZONE_REGIONS
            and (by_country is None or name in by_country)
        }
        | ({"UTC"} & known)
    )


@cache
def zone_names() -> list[str]:
    """The time zones the Reminders page offers. A zone a person already has that is not
    among them (chosen before, or the server's default) is still kept (forms.py)."""
    return zones_offered(available_timezones(), _zones_by_country())


@cache
def zones_known() -> frozenset[str]:
    return frozenset(available_timezones())


def preferences_get(*, user: Any) -> Preferences:
    """The person's choices; an unsaved, all-off row when they never chose."""
    found = Preferences.objects.filter(user=user).first()
    return found or Preferences(user=user, time_zone=settings.TIME_ZONE)


def questionnaire_next(
    *, every: dict[str, int], last_taken: dict[str, date], today: date
) -> tuple[int, date] | None:
    """Every N days, next on a day: the soonest of the questionnaires on the schedule.

    A questionnaire never taken is next N days from today; a day already passed is today.
    """
    on = {key: days for key, days in every.items() if days}
    if not on:
        return None
    nexts = [
        max(last_taken[key] + timedelta(days=days), today)
        if key in last_taken
        else today + timedelta(days=days)
        for key, days in on.items()
    ]
    return min(on.values()), min(nexts)


def questionnaire_sync(*, user: Any, keys: UnlockedKeys) -> None:
    """Copy the sealed schedule's least form to the clear row, if questionnaire reminders
    are on. Called when the person saves the reminders or the wellbeing schedule."""
    # Imported here: the wellbeing app calls this module after saving its schedule.
    from afterwards.wellbeing import services as wellbeing

    prefs = Preferences.objects.filter(user=user, questionnaire_on=True).first()
    if prefs is None:
        return
    every = wellbeing.schedule_get(owner=user, keys=keys)
    last_taken: dict[str, date] = {}
    for result in wellbeing.results_for(owner=user, keys=keys):  # newest first
        last_taken.setdefault(result.instrument_id, timezone.localdate(result.taken))
    found = questionnaire_next(every=every, last_taken=last_taken, today=timezone.localdate())
    prefs.questionnaire_every_days, prefs.questionnaire_next_on = found or (None, None)
    prefs.save(update_fields=["questionnaire_every_days", "questionnaire_next_on"])


def preferences_save(
    *, prefs: Preferences, keys: UnlockedKeys, was_checkin: tuple[bool, int]
) -> None:
    """Save the choices; forget what is no longer needed in clear."""
    if prefs.checkin_on and (not was_checkin[0] or was_checkin[1] != prefs.hour):
        prefs.checkin_since = timezone.now()
    if not prefs.checkin_on:
        prefs.checkin_since = None
    if not prefs.by_email:
        prefs.email = ""
    if not prefs.questionnaire_on:
        prefs.questionnaire_every_days = None
        prefs.questionnaire_next_on = None
    prefs.save()
    if not prefs.by_push:
        PushSubscription.objects.filter(user=prefs.user).delete()
    questionnaire_sync(user=prefs.user, keys=keys)


def push_subscribe(*, user: Any, endpoint: str, p256dh: str, auth: str) -> None:
    """Keep this browser's subscription; a browser re-subscribing replaces its row. A
    person keeps at most PUSH_BROWSERS_MAX browsers: a new one replaces the oldest."""
    with transaction.atomic():
        PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
        )
        newest = PushSubscription.objects.filter(user=user).order_by("-pk")
        kept = list(newest.values_list("pk", flat=True)[:PUSH_BROWSERS_MAX])
        PushSubscription.objects.filter(user=user).exclude(pk__in=kept).delete()
