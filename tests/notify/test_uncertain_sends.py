"""A send that broke before the message was handed over is tried again; one that broke
after it was handed over may have arrived, so it is never sent again.

The transports are faked where they meet the network: smtplib.SMTP for e-mail, and
urllib3's connection (or requests' adapter) for Web Push, so the classification runs
through Django's SMTP backend, requests and pywebpush as they are.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from datetime import datetime, timedelta
from http.client import RemoteDisconnected

import pytest
import requests
import urllib3

from afterwards.notify.models import PushSubscription, Sent
from tests.notify.conftest import at, browser_keys, choose, tick

HOUR = at(2026, 3, 28, 20, 0)  # 20:00 in London, the person's hour
ENDPOINT = "https://fcm.googleapis.com/fcm/send/1"


def ticks_for_an_hour(start: datetime) -> None:
    """The minute ticks of the next hour, past every backoff."""
    for minutes in (1, 2, 5, 7, 15, 22, 40, 60):
        tick(start + timedelta(minutes=minutes))


class FakeSMTP:
    """smtplib.SMTP as a mail server would answer it: `breaks` holds, per step, an error
    to raise once; `accepted` every message whose data the server took."""

    accepted: list[bytes] = []
    breaks: dict[str, BaseException] = {}

    def __init__(self, host: str, port: int, **kwargs: object) -> None:
        self._step("connect")

    def _step(self, name: str) -> None:
        error = self.breaks.pop(name, None)
        if error is not None:
            raise error

    def starttls(self, **kwargs: object) -> None:
        self._step("starttls")

    def login(self, user: str, password: str) -> None:
        self._step("login")

    def sendmail(self, from_addr: str, to_addrs: list[str], msg: bytes) -> dict[str, object]:
        self._step("before-data")
        self.accepted.append(msg)
        self._step("after-data")
        return {}

    def quit(self) -> None:
        self._step("quit")

    def close(self) -> None:
        pass


@pytest.fixture
def smtp(channels_on, monkeypatch):  # type: ignore[no-untyped-def]
    """Django's real SMTP backend, talking to FakeSMTP."""
    from django.core.mail.utils import DNS_NAME

    channels_on.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "smtp.example.org",
                "port": 587,
                "username": "notes",
                "password": "secret",
                "use_tls": True,
                "timeout": 30,
            },
        }
    }
    monkeypatch.setattr(DNS_NAME, "_fqdn", "notes.example", raising=False)
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(FakeSMTP, "accepted", [])
    monkeypatch.setattr(FakeSMTP, "breaks", {})
    return FakeSMTP


@pytest.mark.parametrize(
    ("step", "error"),
    [
        ("connect", ConnectionRefusedError(111, "Connection refused")),
        ("connect", socket.gaierror(-2, "Name or service not known")),
        ("starttls", ssl.SSLCertVerificationError(1, "certificate verify failed")),
        ("login", smtplib.SMTPAuthenticationError(535, b"authentication failed")),
        ("before-data", smtplib.SMTPRecipientsRefused({"robin@example.org": (450, b"busy")})),
    ],
    ids=["refused", "dns", "tls-handshake", "log-in", "server-said-no"],
)
def test_an_email_that_never_reached_the_server_is_tried_again_and_arrives_once(
    owner, smtp, step, error
):
    choose(owner, checkin_on=True, hour=20)
    smtp.breaks[step] = error
    tick(HOUR)
    assert smtp.accepted == []
    assert Sent.objects.get().state == Sent.FAILED
    ticks_for_an_hour(HOUR)
    assert len(smtp.accepted) == 1
    assert Sent.objects.get().state == Sent.DONE


def test_an_email_whose_connection_broke_after_the_data_went_is_never_sent_again(owner, smtp):
    choose(owner, checkin_on=True, hour=20)
    smtp.breaks["after-data"] = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    tick(HOUR)
    assert Sent.objects.get().state == Sent.UNKNOWN
    ticks_for_an_hour(HOUR)
    assert len(smtp.accepted) == 1
    assert Sent.objects.get().state == Sent.UNKNOWN


def test_an_email_the_server_accepted_is_not_sent_again_when_quit_fails(owner, smtp):
    choose(owner, checkin_on=True, hour=20)
    smtp.breaks["quit"] = smtplib.SMTPResponseException(421, b"closing")
    tick(HOUR)
    assert Sent.objects.get().state == Sent.DONE
    ticks_for_an_hour(HOUR)
    assert len(smtp.accepted) == 1


@pytest.fixture
def push_on(owner, channels_on, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """Real VAPID keys and a real browser's keys, so pywebpush does all it does."""
    from afterwards.notify.vapid import keys_make

    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    keys_make(tmp_path)
    channels_on.VAPID_PRIVATE_KEY_PATH = tmp_path / "vapid_private.pem"
    choose(owner, checkin_on=True, hour=20, by_email=False, by_push=True)
    p256dh, auth = browser_keys()
    PushSubscription.objects.create(user=owner.user, endpoint=ENDPOINT, p256dh=p256dh, auth=auth)


class PushService:
    """The push service as requests meets it. `first` says what becomes of the next
    request: an error raised, "the network" (on to urllib3), or a status it answers;
    after that it takes every push, counted in `delivered`."""

    def __init__(self) -> None:
        self.delivered = 0
        self.first: BaseException | str | int | None = None

    def answer(self, adapter, request, **kwargs):  # type: ignore[no-untyped-def]
        first, self.first = self.first, None
        if isinstance(first, BaseException):
            raise first
        if first == "the network":
            return REAL_SEND(adapter, request, **kwargs)
        response = requests.Response()
        response.status_code = first if isinstance(first, int) else 201
        response.url = request.url
        response.request = request
        response._content = b""
        self.delivered += response.status_code == 201
        return response


REAL_SEND = requests.adapters.HTTPAdapter.send


@pytest.fixture
def push_service(push_on, monkeypatch):  # type: ignore[no-untyped-def]
    service = PushService()

    def send(adapter, request, **kwargs):  # type: ignore[no-untyped-def]
        return service.answer(adapter, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    return service


def _connect_breaks(monkeypatch, error):  # type: ignore[no-untyped-def]
    def create_connection(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise error

    monkeypatch.setattr("urllib3.util.connection.create_connection", create_connection)


def _handshake_breaks(monkeypatch):  # type: ignore[no-untyped-def]
    def create_connection(*args, **kwargs):  # type: ignore[no-untyped-def]
        return socket.socket()

    def wrap(**kwargs):  # type: ignore[no-untyped-def]
        raise ssl.SSLCertVerificationError(1, "certificate verify failed")

    monkeypatch.setattr("urllib3.util.connection.create_connection", create_connection)
    monkeypatch.setattr("urllib3.connection._ssl_wrap_socket_and_match_hostname", wrap)


@pytest.mark.parametrize(
    "breaks",
    [
        lambda patch: _connect_breaks(patch, ConnectionRefusedError(111, "Connection refused")),
        lambda patch: _connect_breaks(patch, socket.gaierror(-2, "Name or service not known")),
        lambda patch: _connect_breaks(patch, TimeoutError("timed out")),
        _handshake_breaks,
    ],
    ids=["refused", "dns", "connect-timeout", "tls-handshake"],
)
def test_a_push_that_never_reached_the_service_is_tried_again_and_arrives_once(
    owner, push_service, monkeypatch, breaks
):
    push_service.first = "the network"
    with monkeypatch.context() as patched:
        breaks(patched)
        tick(HOUR)
    assert push_service.delivered == 0
    assert Sent.objects.get().state == Sent.FAILED
    ticks_for_an_hour(HOUR)
    assert push_service.delivered == 1
    assert Sent.objects.get().state == Sent.DONE


def test_a_push_service_that_answers_no_is_tried_again(owner, push_service):
    push_service.first = 503
    tick(HOUR)
    assert Sent.objects.get().state == Sent.FAILED
    ticks_for_an_hour(HOUR)
    assert push_service.delivered == 1
    assert Sent.objects.get().state == Sent.DONE


@pytest.mark.parametrize(
    "error",
    [
        requests.exceptions.ReadTimeout("read timed out"),
        requests.exceptions.ConnectionError(
            urllib3.exceptions.ProtocolError(
                "Connection aborted.", RemoteDisconnected("Remote end closed connection")
            )
        ),
    ],
    ids=["read-timeout", "connection-dropped-mid-request"],
)
def test_a_push_whose_answer_never_came_is_never_sent_again(owner, push_service, error):
    push_service.first = error
    tick(HOUR)
    assert Sent.objects.get().state == Sent.UNKNOWN
    ticks_for_an_hour(HOUR)
    assert push_service.delivered == 0
    assert Sent.objects.get().state == Sent.UNKNOWN
