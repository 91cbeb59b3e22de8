"""A way of sending the host has not set up is never used, even when the person chose it
and the host set up the other (H-17: sending is off until the host sets it up)."""

from __future__ import annotations

from django.core import mail

from afterwards.notify.models import PushSubscription, Sent
from tests.notify.conftest import at, choose, tick


def test_no_email_goes_when_the_host_set_up_only_browser_reminders(owner, channels_on, pushed):
    channels_on.NOTIFY_EMAIL = False
    choose(owner, checkin_on=True, hour=20, by_email=True, by_push=False)

    tick(at(2026, 3, 28, 20, 0))

    assert mail.outbox == []
    assert pushed == []
    assert not Sent.objects.exists()


def test_no_push_goes_when_the_host_set_up_only_email(owner, channels_on, pushed):
    channels_on.NOTIFY_WEBPUSH = False
    choose(owner, checkin_on=True, hour=20, by_email=False, by_push=True)
    PushSubscription.objects.create(
        user=owner.user, endpoint="https://fcm.googleapis.com/fcm/send/1", p256dh="k", auth="a"
    )

    tick(at(2026, 3, 28, 20, 0))

    assert pushed == []
    assert mail.outbox == []
    assert not Sent.objects.exists()
