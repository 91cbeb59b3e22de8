"""The two ways a reminder leaves the server: e-mail over SMTP and Web Push.

Each is off unless the host configured it (settings.NOTIFY_EMAIL, settings.NOTIFY_WEBPUSH).
Tests fake them at the transport: Django's locmem e-mail backend, and pywebpush.webpush.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pywebpush  # type: ignore[import-untyped]
import requests
from django.conf import settings
from django.core.mail import EmailMessage

from afterwards.notify.messages import Message
from afterwards.notify.models import PushSubscription

# Seconds to wait for a push service; a slow one is tried again later.
PUSH_TIMEOUT = 10


class Gone(Exception):
    """The push service says this browser's subscription no longer exists."""


class NotAPushService(Exception):
    """The subscription's address is not on the host's list of push services."""


def push_endpoint_allowed(endpoint: str) -> bool:
    """Whether the worker may post to this address: https, port 443, no user part, and a
    host on settings.NOTIFY_PUSH_HOSTS ("*.example.org" is any name under example.org).
    The server never posts to an address a browser merely claims, such as its own
    network's."""
    try:
        parts = urlsplit(endpoint)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme != "https" or "@" in parts.netloc or port not in (None, 443):
        return False
    host = (parts.hostname or "").lower()
    for pattern in settings.NOTIFY_PUSH_HOSTS:
        allowed = pattern.strip().lower()
        if allowed.startswith("*."):
            if host.endswith(allowed[1:]) and len(host) > len(allowed) - 1:
                return True
        elif host == allowed:
            return True
    return False


class _NoRedirects(requests.Session):
    """A push service answers; it never sends the worker on to another address."""

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs["allow_redirects"] = False
        return super().request(*args, **kwargs)


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
    if not push_endpoint_allowed(subscription.endpoint):
        raise NotAPushService("the subscription's host is not a known push service")
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
            timeout=PUSH_TIMEOUT,
            requests_session=_NoRedirects(),
        )
    except pywebpush.WebPushException as exc:
        status = getattr(exc.response, "status_code", None)
        if status in (404, 410):
            raise Gone(str(exc)) from exc
        raise
