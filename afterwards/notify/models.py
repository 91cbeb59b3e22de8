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
