"""What a push service carries: the reminder's words encrypted to the browser's own keys
(RFC 8291, content encoding aes128gcm), signed with the server's key (VAPID), and the
same size whatever the reminder says. Opened here as a browser would open it
(tests/notify/push_service.py), from what reached the transport."""

from __future__ import annotations

import json
import time

import pytest
import requests
from cryptography.exceptions import InvalidTag

from afterwards.notify import sending
from afterwards.notify.messages import NOTICES, message_for
from afterwards.notify.models import PushSubscription
from tests.notify.push_service import Browser, vapid_claims

ENDPOINT = "https://fcm.googleapis.com/fcm/send/this-browser"


@pytest.fixture
def posted(monkeypatch):  # type: ignore[no-untyped-def]
    """Every request as it leaves for the push service, answered 201."""
    found: list[requests.PreparedRequest] = []

    def push_service(adapter, request, **kwargs):  # type: ignore[no-untyped-def]
        found.append(request)
        response = requests.Response()
        response.status_code = 201
        response.request = request
        response._content = b""
        return response

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", push_service)
    return found


def _subscription(owner, browser: Browser) -> PushSubscription:  # type: ignore[no-untyped-def]
    return PushSubscription.objects.create(
        user=owner.user, endpoint=ENDPOINT, p256dh=browser.p256dh, auth=browser.auth_b64
    )


def test_a_push_opens_only_with_the_browsers_keys_as_aes128gcm_and_holds_the_discreet_words(
    owner, settings, push_key, posted
):
    browser = Browser()
    message = message_for("checkin", neutral=False)
    sending.send_push(subscription=_subscription(owner, browser), message=message)

    [request] = posted
    assert request.url == ENDPOINT
    assert request.headers["Content-Encoding"] == "aes128gcm"
    body = bytes(request.body)  # type: ignore[arg-type]
    assert b"check-in" not in body
    words = json.loads(browser.decrypt(body))
    assert words == {
        "title": "Afterwards: a moment for today's check-in",
        "body": "A moment for today's check-in, whenever suits you.",
    }
    with pytest.raises(InvalidTag):  # another browser's key opens nothing
        Browser(auth=browser.auth).decrypt(body)

    claims = vapid_claims(request.headers["Authorization"], public_key=push_key)
    assert claims["aud"] == "https://fcm.googleapis.com"
    assert claims["sub"] == settings.VAPID_SUBJECT
    assert claims["exp"] > time.time()


def test_every_reminder_reaches_the_push_service_at_the_same_size(owner, posted, settings):
    settings.SITE_NAME = "Afterwards"
    subscription = _subscription(owner, Browser())
    for notice in NOTICES:
        for neutral in (False, True):
            message = message_for(notice, neutral=neutral)
            sending.send_push(subscription=subscription, message=message)
    sizes = {len(request.body) for request in posted}  # type: ignore[arg-type]
    assert len(posted) == 2 * len(NOTICES)
    assert len(sizes) == 1, sizes
