"""The two ways a reminder leaves the server: e-mail over SMTP and Web Push.

Each is off unless the host configured it (settings.NOTIFY_EMAIL, settings.NOTIFY_WEBPUSH).
Tests fake them at the transport: Django's locmem e-mail backend, and pywebpush.webpush.
"""

from __future__ import annotations

import json

import pywebpush  # type: ignore[import-untyped]
from django.conf import settings
from django.core.mail import EmailMessage

from afterwards.notify.messages import Message
from afterwards.notify.models import PushSubscription


class Gone(Exception):
    """The push service says this browser's subscription no longer exists."""


def send_email(*, to: str, message: Message) -> None:
    if not settings.NOTIFY_EMAIL:
        raise RuntimeError("e-mail is not configured")
    EmailMessage(
        subject=message.subject,
        body=message.email,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    ).send(fail_silently=False)


def send_push(*, subscription: PushSubscription, message: Message) -> None:
    if not settings.NOTIFY_WEBPUSH:
        raise RuntimeError("Web Push is not configured")
    try:
        pywebpush.webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=json.dumps({"title": message.subject, "body": message.body}),
            vapid_private_key=str(settings.VAPID_PRIVATE_KEY_PATH),
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=12 * 3600,
            timeout=30,
        )
    except pywebpush.WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in (404, 410):
            raise Gone(str(exc)) from exc
        raise
