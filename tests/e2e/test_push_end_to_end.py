"""A browser reminder from end to end, in Chromium, with no outside network: a person
allows reminders on the Reminders page, the real worker sends the check-in reminder, a
push service stand-in on this machine receives it, and the page's service worker shows it.

Three stand-ins, each for what this machine cannot reach:

- the browser's push service. Chromium's PushManager asks Google's FCM for a
  subscription, which is out of reach here, so an init script answers
  `pushManager.subscribe` with a subscription holding the test's own P-256 keys and an
  endpoint on `push.afterwards.test` (added to settings.NOTIFY_PUSH_HOSTS for this test);
- the network path to it. The server checks the endpoint as always (https, port 443, a
  host on the list); only the connection is sent on, plain, to an HTTP server of the
  test's on 127.0.0.1, which receives the POST exactly as a push service would;
- the push service's delivery to the browser: the payload, opened with the keys only
  the test holds (tests/notify/push_service.py, written from RFC 8291), is handed to the
  page's service worker through the DevTools protocol (ServiceWorker.deliverPushMessage),
  as Chromium itself does once a push arrives.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import requests
import time_machine

from afterwards.notify import vapid
from afterwards.notify.commands import worker_run
from afterwards.notify.messages import message_for
from afterwards.notify.models import Preferences, PushSubscription, Sent
from tests.conftest import PASSPHRASE, create_account
from tests.e2e.test_reminders import USERNAME, log_in
from tests.notify.push_service import Browser, vapid_claims
from tests.notify.test_messages import PATTERN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUSH_HOST = "push.afterwards.test"
ENDPOINT = f"https://{PUSH_HOST}/wpush/v2/this-browser"

# Run before any script of the page: pushManager.subscribe answers at once with the
# test's subscription, and keeps what the page asked for.
SUBSCRIBE_JS = """
(() => {
  const given = %s;
  const subscription = {
    endpoint: given.endpoint,
    expirationTime: null,
    toJSON: () => ({endpoint: given.endpoint, expirationTime: null, keys: given.keys}),
    unsubscribe: () => Promise.resolve(true),
  };
  PushManager.prototype.getSubscription = () => Promise.resolve(null);
  PushManager.prototype.subscribe = function (options) {
    const key = new Uint8Array(options.applicationServerKey);
    window.pushAsked = {
      userVisibleOnly: options.userVisibleOnly,
      key: btoa(String.fromCharCode(...key)).replace(/\\+/g, "-").replace(/\\//g, "_")
        .replace(/=+$/, ""),
    };
    return Promise.resolve(subscription);
  };
})();
"""


class PushServiceStandIn(BaseHTTPRequestHandler):
    """Takes every push as a push service does (201 Created), and keeps it."""

    received: list[dict[str, Any]]

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append({"path": self.path, "headers": dict(self.headers), "body": body})
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture
def push_service(monkeypatch) -> Iterator[list[dict[str, Any]]]:  # type: ignore[no-untyped-def]
    received: list[dict[str, Any]] = []
    handler = type("Handler", (PushServiceStandIn,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    here = f"http://127.0.0.1:{server.server_address[1]}/"
    send = requests.adapters.HTTPAdapter.send

    def on_to_the_stand_in(adapter, request, **kwargs):  # type: ignore[no-untyped-def]
        if request.url.startswith(f"https://{PUSH_HOST}/"):
            request.url = here + request.url.split("/", 3)[3]
        return send(adapter, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", on_to_the_stand_in)
    try:
        yield received
    finally:
        server.shutdown()
        server.server_close()


def _registration_id(cdp: Any, page: Any, scope: str) -> str:
    """The id Chromium gives the service worker registered for `scope`."""
    found: dict[str, str] = {}

    def updated(event: dict[str, Any]) -> None:
        for registration in event["registrations"]:
            if not registration["isDeleted"]:
                found[registration["scopeURL"]] = registration["registrationId"]

    cdp.on("ServiceWorker.workerRegistrationUpdated", updated)
    cdp.send("ServiceWorker.enable")
    for _ in range(100):
        if scope in found:
            return found[scope]
        page.wait_for_timeout(50)
    raise AssertionError(f"no service worker registered for {scope}: {found}")


def test_a_reminder_allowed_in_this_browser_is_sent_by_the_worker_and_shown(
    page, live_server, settings, tmp_path, push_service
):  # type: ignore[no-untyped-def]
    settings.NOTIFY_EMAIL = False
    settings.NOTIFY_WEBPUSH = True
    settings.NOTIFY_PUSH_HOSTS = [*settings.NOTIFY_PUSH_HOSTS, PUSH_HOST]
    # What `afterwards serve` made in the data folder at its first start.
    server_key = vapid.keys_make(tmp_path)
    settings.VAPID_PRIVATE_KEY_PATH = tmp_path / vapid.PRIVATE_NAME
    browser = Browser()
    given = {"endpoint": ENDPOINT, "keys": {"p256dh": browser.p256dh, "auth": browser.auth_b64}}
    page.context.add_init_script(SUBSCRIBE_JS % json.dumps(given))
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    create_account(USERNAME, PASSPHRASE)
    log_in(page)

    # The person turns the daily reminder on, in this browser, and allows it here.
    page.goto("/reminders/")
    assert page.get_by_text("does not send browser reminders").count() == 0
    page.get_by_label("A daily reminder to check in").check()
    page.get_by_label("In this browser").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Saved. You can change or stop reminders").is_visible()
    page.get_by_role("button", name="Allow reminders in this browser").click()
    status = page.locator("#push-status")
    page.wait_for_function(
        "() => !document.getElementById('push-status').textContent.startsWith('Asking')"
    )
    assert status.text_content() == "This browser will show your reminders."
    assert page.evaluate("() => window.pushAsked") == {"userVisibleOnly": True, "key": server_key}
    kept = PushSubscription.objects.get()
    assert (kept.endpoint, kept.p256dh, kept.auth) == (ENDPOINT, browser.p256dh, browser.auth_b64)

    # The real worker, on the next day at the person's hour.
    prefs = Preferences.objects.get()
    zone = ZoneInfo(prefs.time_zone)
    tomorrow = datetime.now(zone).date() + timedelta(days=1)
    with time_machine.travel(datetime.combine(tomorrow, time(prefs.hour, 1), zone), tick=False):
        worker_run(interval=0, batch=True)
    assert Sent.objects.get().state == Sent.DONE

    # The push service stand-in received one push, which only this browser can open.
    [push] = push_service
    assert push["path"] == "/wpush/v2/this-browser"
    headers = {name.lower(): value for name, value in push["headers"].items()}
    assert headers["content-encoding"] == "aes128gcm"
    claims = vapid_claims(headers["authorization"], public_key=server_key)
    assert claims["aud"] == f"https://{PUSH_HOST}"
    assert b"check-in" not in push["body"]
    payload = browser.decrypt(push["body"]).decode()
    words = json.loads(payload)
    expected = message_for("checkin", neutral=False)
    assert words == {"title": expected.subject, "body": expected.body}
    assert PATTERN.findall(words["title"] + " " + words["body"]) == []

    # Delivered to the Reminders page's service worker, it shows the reminder.
    cdp = page.context.new_cdp_session(page)
    scope = f"{live_server.url}/reminders/"
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": _registration_id(cdp, page, scope),
            "data": payload,
        },
    )
    page.wait_for_function(
        "() => navigator.serviceWorker.getRegistration('/reminders/')"
        ".then((registration) => registration.getNotifications())"
        ".then((shown) => shown.length > 0)",
        polling=100,
    )
    shown = page.evaluate(
        "() => navigator.serviceWorker.getRegistration('/reminders/')"
        ".then((registration) => registration.getNotifications())"
        ".then((shown) => shown.map((n) => ({title: n.title, body: n.body})))"
    )
    assert shown == [{"title": expected.subject, "body": expected.body}]
