"""What the worker does each minute: find what is due, and send each thing at most once.

Planning reads only clear rows (Preferences, Alarm, PushSubscription, QuietDay). For each
person, in their own time zone and outside their quiet hours, it finds the daily check-in
reminder from their hour, the questionnaire reminder on its day, their own hard-date
heads-up and their partner's heads-up meant for them. A routine reminder (check-in or
questionnaire) whose day the person's session marked quiet (notify/quiet.py: a hard
date in the coming week) is not sent, and its key is marked done as a sent one's is.
Each sending has a key (person, notice, day, channel) in the Sent table:

- planning queues it (inserts the unique row) and gives the delivery task only the row's
  id, so no task row names a person, an address or a date;
- delivery claims it (queued -> claimed, committed) -> send -> mark done;
- a send that broke before the message was handed over (no connection, no name, no TLS
  handshake, no log-in) or that the server refused is marked failed and may be queued
  again after a backoff;
- a browser the push service no longer knows (404, 410) is forgotten, and one forgotten
  after its sending was queued is nothing to send to: either is done, never retried;
- a send that broke after the message was handed over (no answer in time, the
  connection lost mid-send) is marked unknown, and a claim left behind by a worker
  stopped between claim and the transport's answer stays claimed: neither is ever sent
  again. We cannot know whether it went, and a reminder on a lock screen twice is worse
  than once missed: at most once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from afterwards.couple.models import Member
from afterwards.notify import alarms, quiet, sending, vapid
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
# The reminders a quiet day holds back; a heads-up the person chose still comes.
ROUTINE = ("checkin", "questionnaire")

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

    @property
    def routine_day(self) -> date | None:
        """The person's day of a check-in or questionnaire reminder, else None."""
        if self.notice not in ROUTINE:
            return None
        return date.fromisoformat(self.key.split(":", 1)[1])


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


def channels(prefs: Preferences, browsers: list[int]) -> list[str]:
    """The ways to reach this person: e-mail, and each of their browsers (by its id;
    none are read while Web Push is off)."""
    found = []
    if settings.NOTIFY_EMAIL and prefs.by_email and prefs.email:
        found.append(EMAIL)
    if prefs.by_push:
        found += [f"push-{pk}" for pk in browsers]
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


def due_for(
    prefs: Preferences, now: datetime, *, own: list[Alarm], partners: list[Alarm]
) -> list[tuple[str, str]]:
    """(notice, key) pairs due for this person now, before channels, from their own alarms
    and the partner's alarms meant for them. A questionnaire day whose time has passed
    moves on, in `prefs` (saved by the caller)."""
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
        # A day whose reminder time has passed moves on: missed checks are never counted.
        while _at(prefs.questionnaire_next_on, prefs.hour, zone) + timedelta(days=1) <= local:
            prefs.questionnaire_next_on += timedelta(days=prefs.questionnaire_every_days)
        if _daily_due(prefs.questionnaire_next_on, prefs, local):
            found.append(("questionnaire", f"questionnaire:{prefs.questionnaire_next_on}"))
    for alarm in own:
        start = _heads_up_start(alarm, prefs, local)
        if start is not None:
            found.append(("heads_up", f"alarm:{alarm.alarm_id}:{start}"))
    starts = {
        start for alarm in partners if (start := _heads_up_start(alarm, prefs, local)) is not None
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
    """A yearly alarm whose window has ended moves to next year (one read, one write)."""
    moved = list(
        Alarm.objects.filter(yearly=True, next_on__lte=today - timedelta(days=alarms.WINDOW_DAYS))
    )
    for alarm in moved:
        alarm.next_on = alarms.occurrence_in(alarm, alarm.next_on.year + 1)
    Alarm.objects.bulk_update(moved, ["next_on"])


@dataclass(frozen=True)
class _Everyone:
    """What planning reads about everyone with a way to be reached, all at once."""

    browsers: dict[int, list[int]]  # person -> their push subscriptions' ids
    alarms: dict[int, list[Alarm]]  # person (or partner) -> their alarms
    partner: dict[int, int]  # person -> the partner they share a space with
    paused: set[int]  # people who paused sharing

    @classmethod
    def read(cls, planned: QuerySet[Preferences]) -> _Everyone:
        """Three queries, however many people there are."""
        people = planned.values("user_id")
        browsers: dict[int, list[int]] = defaultdict(list)
        if vapid.push_ready():
            found = PushSubscription.objects.filter(user_id__in=people).order_by("pk")
            for user_id, pk in found.values_list("user_id", "pk"):
                browsers[user_id].append(pk)
        couples = Member.objects.filter(user_id__in=people).values("couple_id")
        members = Member.objects.filter(couple_id__in=couples)
        by_couple: dict[object, list[int]] = defaultdict(list)
        paused: set[int] = set()
        for couple_id, user_id, is_paused in members.values_list("couple_id", "user_id", "paused"):
            by_couple[couple_id].append(user_id)
            if is_paused:
                paused.add(user_id)
        partner = {
            user_id: other
            for pair in by_couple.values()
            for user_id in pair
            for other in pair
            if other != user_id
        }
        # Nothing of a partner who paused sharing reaches this person, their heads-up
        # included.
        sharing = members.filter(paused=False).values("user_id")
        found_alarms = Alarm.objects.filter(
            Q(user_id__in=people) | Q(to_partner=True, user_id__in=sharing)
        ).order_by("pk")
        by_person: dict[int, list[Alarm]] = defaultdict(list)
        for alarm in found_alarms:
            by_person[alarm.user_id].append(alarm)
        return cls(browsers=browsers, alarms=by_person, partner=partner, paused=paused)

    def meant_for(self, user_id: int) -> list[Alarm]:
        """The partner's heads-ups meant for this person, unless the partner paused."""
        partner = self.partner.get(user_id)
        if partner is None or partner in self.paused:
            return []
        return [alarm for alarm in self.alarms.get(partner, []) if alarm.to_partner]


def plan(now: datetime) -> list[Due]:
    """Everything due now that has not been sent and may be claimed, read in at most
    nine queries however many people there are: yearly alarms moved on (two), people,
    their browsers, couples, alarms, questionnaire days moved on, quiet days (only when
    a routine reminder is due) and Sent rows; and one more to mark done the routine
    reminders held back on a quiet day."""
    _advance_yearly(now.date() - timedelta(days=1))
    if not (settings.NOTIFY_EMAIL or vapid.push_ready()):
        return []
    planned = Preferences.objects.filter(Q(by_email=True) | Q(by_push=True))
    people = list(planned)
    if not people:
        return []
    everyone = _Everyone.read(planned)
    found: list[Due] = []
    moved: list[Preferences] = []
    for prefs in people:
        local = now.astimezone(zone_of(prefs))
        if in_quiet_hours(prefs, local.hour):
            continue  # held: planned again when the quiet hours end
        ways = channels(prefs, everyone.browsers.get(prefs.user_id, []))
        if not ways:
            continue
        next_on = prefs.questionnaire_next_on
        dues = due_for(
            prefs,
            now,
            own=everyone.alarms.get(prefs.user_id, []),
            partners=everyone.meant_for(prefs.user_id),
        )
        if prefs.questionnaire_next_on != next_on:
            moved.append(prefs)
        for notice, key in dues:
            found += [Due(prefs.user_id, notice, key, way) for way in ways]
    Preferences.objects.bulk_update(moved, ["questionnaire_next_on"])
    found, held_back = _quiet_held_back(found, planned, now)
    sent = _sent_rows(planned, now) if found or held_back else {}
    _mark_done(
        [due for due in held_back if _claimable(sent.get((due.user_id, due.full_key)), now)],
        now,
    )
    return [due for due in found if _claimable(sent.get((due.user_id, due.full_key)), now)]


def _quiet_held_back(
    found: list[Due], planned: QuerySet[Preferences], now: datetime
) -> tuple[list[Due], list[Due]]:
    """(what goes out, the routine reminders whose day the person's session marked
    quiet). The quiet days are read only when a routine reminder is due at all."""
    if not any(due.routine_day is not None for due in found):
        return found, []
    days = quiet.quiet_days_of(planned.values("user_id"), since=now.date() - timedelta(days=2))
    held_back = [due for due in found if due.routine_day in days.get(due.user_id, set())]
    kept = set(held_back)
    return [due for due in found if due not in kept], held_back


def _mark_done(held_back: list[Due], now: datetime) -> None:
    """A reminder held back by a quiet day leaves the row a sent one leaves, so that the
    table of sendings shows no gap on the day (which would name it)."""
    Sent.objects.bulk_create(
        [
            Sent(user_id=due.user_id, key=due.full_key, claimed_at=now, state=Sent.DONE)
            for due in held_back
        ],
        ignore_conflicts=True,
    )


def _sent_rows(planned: QuerySet[Preferences], now: datetime) -> dict[tuple[int, str], Sent]:
    """The Sent rows a sending due now could have: a check-in or questionnaire key is
    taken within two days of its day, a heads-up key within its window."""
    recent = Q(claimed_at__gte=now - timedelta(days=3)) | Q(
        Q(key__startswith="alarm:") | Q(key__startswith="partner:"),
        claimed_at__gte=now - timedelta(days=alarms.WINDOW_DAYS + 1),
    )
    rows = Sent.objects.filter(recent, user_id__in=planned.values("user_id"))
    return {(row.user_id, row.key): row for row in rows}


def _claimable(row: Sent | None, now: datetime) -> bool:
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
    subscription = PushSubscription.objects.filter(
        pk=int(due.channel.removeprefix("push-"))
    ).first()
    if subscription is None:
        return  # the browser was forgotten after this was queued: nothing to send to
    try:
        sending.send_push(subscription=subscription, message=message)
    except sending.Gone:
        subscription.delete()


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
            sending.error_kind(error),
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
            sending.error_kind(error),
            row.attempts,
            wait,
        )
        return "held"
    Sent.objects.filter(pk=sent_id).update(state=Sent.DONE)
    return "sent"


def forget_old(now: datetime) -> None:
    """A key names its day, so after a heads-up's week (and a held day) it is not needed.
    A once-only alarm goes once its date has surely passed (in every time zone): until
    then it is what tells Today to look for the person's own line in the sealed entry,
    after that it would only keep a day in clear for good. A quiet day goes once it has
    passed everywhere (notify/quiet.py)."""
    Sent.objects.filter(claimed_at__lt=now - timedelta(days=KEEP_SENT_DAYS)).delete()
    passed = now.date() - timedelta(days=1 + alarms.LONGEST_BEFORE_DAYS)
    Alarm.objects.filter(yearly=False, next_on__lt=passed).delete()
    quiet.forget_passed(now)
