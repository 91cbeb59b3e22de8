"""What the worker does each minute: find what is due, and send each thing at most once.

Planning reads only clear rows (Preferences, Alarm, PushSubscription). For each person,
in their own time zone and outside their quiet hours, it finds the daily check-in
reminder from their hour, the questionnaire reminder on its day, their own hard-date
heads-up and their partner's heads-up meant for them. Each sending has a key (person,
notice, day, channel) in the Sent table:

- planning queues it (inserts the unique row) and gives the delivery task only the row's
  id, so no task row names a person, an address or a date;
- delivery claims it (queued -> claimed, committed) -> send -> mark done;
- a send that broke before the message was handed over (no connection, no name, no TLS
  handshake, no log-in) or that the server refused is marked failed and may be queued
  again after a backoff;
- a send that broke after the message was handed over (no answer in time, the
  connection lost mid-send) is marked unknown, and a claim left behind by a worker
  stopped between claim and the transport's answer stays claimed: neither is ever sent
  again. We cannot know whether it went, and a reminder on a lock screen twice is worse
  than once missed: at most once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from afterwards.couple.membership import partner_of
from afterwards.notify import alarms, sending
from afterwards.notify.messages import message_for
from afterwards.notify.models import Alarm, Preferences, PushSubscription, Sent

# Minutes to wait before a failed send is tried again, by attempt; then it stops.
BACKOFF_MINUTES = (1, 5, 15, 60)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
EMAIL = "email"
KEEP_SENT_DAYS = 10
# A sending's key begins with what it is: the notice to send is read back from it.
NOTICE_OF_KEY = {
    "checkin": "checkin",
    "questionnaire": "questionnaire",
    "alarm": "heads_up",
    "partner": "partner_heads_up",
}

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    user_id: int
    notice: str
    key: str  # without the channel
    channel: str  # "email" or "push-<subscription id>"

    @property
    def full_key(self) -> str:
        return f"{self.key}:{self.channel}"


def zone_of(prefs: Preferences) -> ZoneInfo:
    try:
        return ZoneInfo(prefs.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(settings.TIME_ZONE)


def in_quiet_hours(prefs: Preferences, hour: int) -> bool:
    """Whether this local hour is quiet; quiet hours may wrap past midnight."""
    if not prefs.quiet_on or prefs.quiet_from == prefs.quiet_to:
        return False
    if prefs.quiet_from < prefs.quiet_to:
        return prefs.quiet_from <= hour < prefs.quiet_to
    return hour >= prefs.quiet_from or hour < prefs.quiet_to


def channels(prefs: Preferences) -> list[str]:
    found = []
    if settings.NOTIFY_EMAIL and prefs.by_email and prefs.email:
        found.append(EMAIL)
    if settings.NOTIFY_WEBPUSH and prefs.by_push:
        found += [f"push-{pk}" for pk in prefs.user.notify_push.values_list("pk", flat=True)]
    return found


def _at(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone)


def _daily_due(start: date, prefs: Preferences, local: datetime, *, days: int = 1) -> bool:
    """From the person's hour on `start`, for `days` days."""
    at = _at(start, prefs.hour, local.tzinfo)  # type: ignore[arg-type]
    return at <= local < at + timedelta(days=days)


def _checkin_end(day: date, prefs: Preferences, zone: ZoneInfo) -> datetime:
    """The day's reminder may go out until midnight, or until quiet hours that held it end."""
    end = _at(day + timedelta(days=1), 0, zone)
    if in_quiet_hours(prefs, prefs.hour):
        quiet_ends = day + timedelta(days=1) if prefs.quiet_to <= prefs.hour else day
        end = max(end, _at(quiet_ends, prefs.quiet_to, zone) + timedelta(hours=1))
    return end


def due_for(prefs: Preferences, now: datetime) -> list[tuple[str, str]]:
    """(notice, key) pairs due for this person now, before channels."""
    zone = zone_of(prefs)
    local = now.astimezone(zone)
    today = local.date()
    found: list[tuple[str, str]] = []
    if prefs.checkin_on:
        for day in (today, today - timedelta(days=1)):
            since_ok = (
                prefs.checkin_since is not None
                and _at(day, prefs.hour, zone) >= prefs.checkin_since
            )
            if since_ok and _at(day, prefs.hour, zone) <= local < _checkin_end(day, prefs, zone):
                found.append(("checkin", f"checkin:{day}"))
    if prefs.questionnaire_on and prefs.questionnaire_next_on and prefs.questionnaire_every_days:
        next_on = prefs.questionnaire_next_on
        # A day whose reminder time has passed moves on: missed checks are never counted.
        while _at(next_on, prefs.hour, zone) + timedelta(days=1) <= local:
            next_on += timedelta(days=prefs.questionnaire_every_days)
        if next_on != prefs.questionnaire_next_on:
            prefs.questionnaire_next_on = next_on
            prefs.save(update_fields=["questionnaire_next_on"])
        if _daily_due(next_on, prefs, local):
            found.append(("questionnaire", f"questionnaire:{next_on}"))
    for alarm in Alarm.objects.filter(user_id=prefs.user_id):
        start = _heads_up_start(alarm, prefs, local)
        if start is not None:
            found.append(("heads_up", f"alarm:{alarm.alarm_id}:{start}"))
    partner = partner_of(prefs.user)
    if partner is not None:
        # Nothing of a partner who paused sharing reaches this person, this included.
        meant = Alarm.objects.filter(
            user=partner, to_partner=True, user__couple_member__paused=False
        )
        starts = {
            start for alarm in meant if (start := _heads_up_start(alarm, prefs, local)) is not None
        }
        found += [("partner_heads_up", f"partner:{start}") for start in sorted(starts)]
    return found


def _heads_up_start(alarm: Alarm, prefs: Preferences, local: datetime) -> date | None:
    """The start of the alarm's window if its heads-up may go out now (from the hour)."""
    today = local.date()
    start = alarms.window_start(alarm, today)
    if start is None:
        return None
    if not _daily_due(start, prefs, local, days=alarms.WINDOW_DAYS):
        return None
    return start


def _advance_yearly(today: date) -> None:
    """A yearly alarm whose window has ended moves to next year."""
    for alarm in Alarm.objects.filter(
        yearly=True, next_on__lte=today - timedelta(days=alarms.WINDOW_DAYS)
    ):
        alarms.alarm_fired(alarm, start=alarms.occurrence_in(alarm, alarm.next_on.year))


def plan(now: datetime) -> list[Due]:
    """Everything due now that has not been sent and may be claimed."""
    _advance_yearly(now.date() - timedelta(days=1))
    found: list[Due] = []
    people = Preferences.objects.select_related("user").filter(by_email=True) | (
        Preferences.objects.select_related("user").filter(by_push=True)
    )
    for prefs in people:
        local = now.astimezone(zone_of(prefs))
        if in_quiet_hours(prefs, local.hour):
            continue  # held: planned again when the quiet hours end
        ways = channels(prefs)
        if not ways:
            continue
        for notice, key in due_for(prefs, now):
            found += [Due(prefs.user_id, notice, key, way) for way in ways]
    return [due for due in found if _claimable(due, now)]


def _claimable(due: Due, now: datetime) -> bool:
    row = Sent.objects.filter(user_id=due.user_id, key=due.full_key).first()
    return row is None or (
        row.state == Sent.FAILED
        and row.attempts < MAX_ATTEMPTS
        and (row.retry_after is None or row.retry_after <= now)
    )


def queue(due: Due, now: datetime) -> int | None:
    """Take the key for this sending as queued, and give the Sent row's id: the only thing
    the delivery task is told. None when another planner has it already."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = Sent.objects.create(
                    user_id=due.user_id, key=due.full_key, claimed_at=now, state=Sent.QUEUED
                )
            return row.pk
        except IntegrityError:
            pass
        mine = Sent.objects.filter(user_id=due.user_id, key=due.full_key)
        retaken = mine.filter(
            state=Sent.FAILED, attempts__lt=MAX_ATTEMPTS, retry_after__lte=now
        ).update(state=Sent.QUEUED, claimed_at=now, attempts=F("attempts") + 1)
        return mine.values_list("pk", flat=True).get() if retaken == 1 else None


def claim(sent_id: int, now: datetime) -> Due | None:
    """Take a queued sending to send it now, or learn it is taken (or gone with its
    person). Committed before sending."""
    taken = Sent.objects.filter(pk=sent_id, state=Sent.QUEUED).update(
        state=Sent.CLAIMED, claimed_at=now
    )
    row = Sent.objects.filter(pk=sent_id).first() if taken == 1 else None
    if row is None:
        return None
    key, channel = row.key.rsplit(":", 1)
    return Due(row.user_id, NOTICE_OF_KEY[key.split(":", 1)[0]], key, channel)


def _send(due: Due) -> None:
    prefs = Preferences.objects.select_related("user").get(user_id=due.user_id)
    message = message_for(due.notice, neutral=prefs.neutral)
    if due.channel == EMAIL:
        sending.send_email(to=prefs.email, message=message)
        return
    subscription = PushSubscription.objects.get(pk=int(due.channel.removeprefix("push-")))
    try:
        sending.send_push(subscription=subscription, message=message)
    except sending.Gone:
        subscription.delete()


def _kind(error: BaseException) -> str:
    """The kind of error behind a failed send, for the log: never its message."""
    return type(error.__cause__ or error).__name__


def deliver(sent_id: int) -> str:
    """Claim, send, mark done. A send that may have arrived is marked unknown and never
    sent again; any other that raises is marked failed, to be planned again after its
    backoff. Either is logged by the kind of error alone: its message may hold an
    address, and nothing about a person may outlive them in a log or a task row."""
    due = claim(sent_id, timezone.now())
    if due is None:
        return "taken"
    try:
        _send(due)
    except sending.MaybeSent as error:
        Sent.objects.filter(pk=sent_id).update(state=Sent.UNKNOWN)
        logger.warning(
            "reminder %s may have gone (%s after it was handed over); not sent again",
            sent_id,
            _kind(error),
        )
        return "unknown"
    except Exception as error:
        row = Sent.objects.get(pk=sent_id)
        wait = BACKOFF_MINUTES[min(row.attempts, len(BACKOFF_MINUTES)) - 1]
        Sent.objects.filter(pk=sent_id).update(
            state=Sent.FAILED, retry_after=timezone.now() + timedelta(minutes=wait)
        )
        logger.warning(
            "reminder %s not sent (%s); attempt %s, planned again in %s minutes",
            sent_id,
            _kind(error),
            row.attempts,
            wait,
        )
        return "held"
    Sent.objects.filter(pk=sent_id).update(state=Sent.DONE)
    return "sent"


def forget_old(now: datetime) -> None:
    """A key names its day, so after a heads-up's week (and a held day) it is not needed."""
    Sent.objects.filter(claimed_at__lt=now - timedelta(days=KEEP_SENT_DAYS)).delete()
