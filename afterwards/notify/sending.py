"""The two ways a reminder leaves the server: e-mail over SMTP and Web Push.

E-mail is off unless the host configured it (settings.NOTIFY_EMAIL); Web Push is on
unless the host turned it off, once `afterwards serve` made its key (notify/vapid.py).
Tests fake them at the transport: Django's locmem e-mail backend, and pywebpush.webpush.

A push is encrypted to the browser's own keys (RFC 8291, content encoding aes128gcm,
RFC 8188), and padded to a whole number of PUSH_PAD_BYTES: the push service carries it
but reads neither its words nor, from its length, which kind of reminder it is.

A send that goes wrong says which side of the hand-over it broke on. `NotSent`: the
message never reached the mail server or push service, or it answered no, so it may be
tried again. `MaybeSent`: it was handed over and then the line broke (no answer in time,
the connection lost mid-send), so it may have arrived, and is never sent again.
"""

from __future__ import annotations

import contextlib
import json
import smtplib
from typing import Any
from urllib.parse import urlsplit

import pywebpush  # type: ignore[import-untyped]
import requests
import urllib3
from django.conf import settings
from django.core.mail import EmailMessage, mailers

from afterwards.notify import vapid
from afterwards.notify.messages import Message
from afterwards.notify.models import PushSubscription

# Seconds to wait for a push service. One that does not answer in time may have taken
# the push: it is not sent again.
PUSH_TIMEOUT = 10
# Every push's words are padded to a multiple of this (every reminder today fits in one):
# the same size whatever the reminder says.
PUSH_PAD_BYTES = 256
PUSH_ENCODING = "aes128gcm"
# The mail server's own answer "no" to the sender, a recipient or the data: it took nothing.
SMTP_REFUSALS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPResponseException,
    smtplib.SMTPNotSupportedError,
)


class NotSent(Exception):
    """The message was never handed over, or was refused: it may be tried again."""


class MaybeSent(Exception):
    """The message was handed over and then the send broke: it may have arrived."""


class Gone(Exception):
    """The push service says this browser's subscription no longer exists."""


class NotAPushService(NotSent):
    """The subscription's address is not on the host's list of push services."""


def error_kind(error: BaseException) -> str:
    """An error by its kind alone, for a log or a task row: its message may hold an
    address. For one of ours raised from another (NotSent, MaybeSent), the other's kind.
    The only way reminders name an error."""
    return type(error.__cause__ or error).__name__


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


def _never_left(error: BaseException) -> bool:
    """Whether requests failed before a byte of the push went out: no connection
    (refused, no such name, timed out connecting) or no TLS handshake. Anything after
    (a read timeout, a connection lost mid-request) may have reached the service."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(error, requests.exceptions.ConnectionError) and error.args:
        reason = getattr(error.args[0], "reason", None)
        # urllib3 gives these only while connecting: NewConnectionError is a refused
        # connection or a name that does not resolve (a connect timeout is requests'
        # ConnectTimeout); SSLError is the handshake (a TLS session broken mid-request
        # is rare enough to be counted with it).
        return isinstance(
            reason, (urllib3.exceptions.NewConnectionError, urllib3.exceptions.SSLError)
        )
    return False


class _PushSession(requests.Session):
    """A push service answers; it never sends the worker on to another address. The
    session notes whether the push was handed over (the request left, answered or not)."""

    handed_over = False

    def request(self, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs["allow_redirects"] = False
        self.handed_over = True
        try:
            return super().request(*args, **kwargs)
        except Exception as error:
            self.handed_over = not _never_left(error)
            raise


def push_payload(message: Message) -> bytes:
    """The words a browser's service worker shows, as JSON padded with spaces (which
    JSON ignores) to a whole number of PUSH_PAD_BYTES."""
    words = json.dumps({"title": message.subject, "body": message.body}).encode()
    size = -(-len(words) // PUSH_PAD_BYTES) * PUSH_PAD_BYTES
    return words.ljust(size, b" ")


def send_email(*, to: str, message: Message) -> None:
    """Connect (TLS, log-in) first: what breaks there never reached the server. Once the
    message is being handed over, only the server's own "no" means it took nothing; and
    once it took the message, an error in saying goodbye changes nothing."""
    if not settings.NOTIFY_EMAIL:
        raise NotSent("e-mail is not configured")
    mailer = mailers.default
    try:
        mailer.open()
    except Exception as error:
        raise NotSent(error_kind(error)) from error
    email = EmailMessage(
        subject=message.subject,
        body=message.email,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    try:
        mailer.send_messages([email])
    except SMTP_REFUSALS as error:
        raise NotSent(error_kind(error)) from error
    except Exception as error:
        raise MaybeSent(error_kind(error)) from error
    finally:
        # An error at QUIT: the server had taken the message already (or an error about
        # it is on its way up).
        with contextlib.suppress(Exception):
            mailer.close()


def send_push(*, subscription: PushSubscription, message: Message) -> None:
    """An answer from the push service that is not a success means it took nothing (404
    and 410: the browser is gone); a request that left but got no answer may have
    arrived."""
    if not vapid.push_ready():
        raise NotSent("Web Push is off, or has no key")
    if not push_endpoint_allowed(subscription.endpoint):
        raise NotAPushService("the subscription's host is not a known push service")
    session = _PushSession()
    try:
        pywebpush.webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=push_payload(message),
            content_encoding=PUSH_ENCODING,
            vapid_private_key=str(settings.VAPID_PRIVATE_KEY_PATH),
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=12 * 3600,
            timeout=PUSH_TIMEOUT,
            requests_session=session,
        )
    except pywebpush.WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            raise Gone(f"the push service answered {status}") from error
        if status is not None:
            raise NotSent(f"the push service answered {status}") from error
        raise (MaybeSent if session.handed_over else NotSent)(error_kind(error)) from error
    except Exception as error:
        raise (MaybeSent if session.handed_over else NotSent)(error_kind(error)) from error
