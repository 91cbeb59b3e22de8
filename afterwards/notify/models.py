"""What the worker must read in clear to send a reminder, and nothing more.

The worker has no vault keys, so these rows are not sealed. They say when to send, never
what a date is about: an alarm is an opaque id, a day and two choices.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Alarm(models.Model):
    """A heads-up before a hard date: the day it goes out, and to whom."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_alarms"
    )
    # A random id the caller keeps in its sealed entry; it names nothing.
    alarm_id = models.CharField(max_length=64)
    # The next day the heads-up goes out (the date minus the days before).
    next_on = models.DateField()
    yearly = models.BooleanField(default=False)
    # A yearly heads-up first set on 29 February: in other years it goes out on the 28th.
    leap_day = models.BooleanField(default=False)
    to_partner = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "alarm_id"], name="notify_alarm_unique_id")
        ]

    def __str__(self) -> str:
        return f"alarm {self.alarm_id} of {self.user_id}"


class QuietDay(models.Model):
    """A day in the coming week on which the person's routine reminders stay quiet.

    Written by the person's own session (afterwards/dates/services.py, quiet_days_refresh),
    never by the worker, which cannot read hard dates: only the days of the next week are
    here, and each goes a day after it has passed. docs/threat-model.md says what that
    shows and why no more can be hidden from the worker that must obey it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_quiet_days"
    )
    # The person's own calendar day, in the time zone of their reminders.
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="notify_quiet_day_once")
        ]

    def __str__(self) -> str:
        return f"a quiet day of {self.user_id}"


class Preferences(models.Model):
    """A person's reminder choices. All off until the person turns something on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preferences"
    )
    checkin_on = models.BooleanField(default=False)
    # The local hour reminders go out.
    hour = models.PositiveSmallIntegerField(default=20)
    # When the daily reminder was last turned on or moved: nothing due before it is sent.
    checkin_since = models.DateTimeField(null=True, blank=True)
    questionnaire_on = models.BooleanField(default=False)
    # The sealed questionnaire schedule in its least form: every N days, next on a day.
    questionnaire_every_days = models.PositiveSmallIntegerField(null=True, blank=True)
    questionnaire_next_on = models.DateField(null=True, blank=True)
    quiet_on = models.BooleanField(default=False)
    quiet_from = models.PositiveSmallIntegerField(default=22)
    quiet_to = models.PositiveSmallIntegerField(default=7)
    time_zone = models.CharField(max_length=64)
    # In clear because the worker has no keys; the page says so.
    email = models.EmailField(blank=True)
    by_email = models.BooleanField(default=False)
    by_push = models.BooleanField(default=False)
    # Reminders titled "Notes" instead of the site's name.
    neutral = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"reminder choices of {self.user_id}"


class PushSubscription(models.Model):
    """A browser that agreed to receive reminders: where to send and its keys."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_push"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)

    def __str__(self) -> str:
        return f"push subscription of {self.user_id}"


class Sent(models.Model):
    """One sending's idempotency key: queued when planned, claimed before sending, marked
    done after. The delivery task is given only this row's id.

    A claim whose send broke before the message was handed over (or was refused) is
    "failed" and may be queued again after retry_after. One whose send broke after it
    was handed over is "unknown", and a claim left "claimed" (the worker stopped between
    claim and the transport's answer) stays so: neither is ever sent again. At most once.
    """

    QUEUED = "queued"
    CLAIMED = "claimed"
    DONE = "done"
    FAILED = "failed"
    UNKNOWN = "unknown"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_sent"
    )
    key = models.CharField(max_length=120)
    state = models.CharField(max_length=10, default=CLAIMED)
    attempts = models.PositiveSmallIntegerField(default=1)
    claimed_at = models.DateTimeField()
    retry_after = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notify_sent_once")]

    def __str__(self) -> str:
        return f"{self.key} of {self.user_id}: {self.state}"
