"""Reminder tests: e-mail and push on, faked at the transport, and no network at all."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest

from afterwards.notify.models import Preferences


class NoNetwork(AssertionError):
    pass


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):  # type: ignore[no-untyped-def]
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise NoNetwork(f"a test tried to open a connection: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def channels_on(settings, tmp_path):  # type: ignore[no-untyped-def]
    """E-mail (Django's locmem backend in tests) and Web Push (pywebpush patched) on."""
    settings.NOTIFY_EMAIL = True
    settings.NOTIFY_WEBPUSH = True
    settings.VAPID_PUBLIC_KEY = "BPublicKeyForTests"
    settings.BASE_URL = "https://notes.example"
    return settings


@pytest.fixture
def pushed(monkeypatch):  # type: ignore[no-untyped-def]
    """Every Web Push the code asks to send, without sending it."""
    calls: list[dict] = []

    def fake_webpush(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)

    monkeypatch.setattr("pywebpush.webpush", fake_webpush)
    return calls


def choose(person, **choices) -> Preferences:  # type: ignore[no-untyped-def]
    values = {
        "time_zone": "Europe/London",
        "email": "robin@example.org",
        "by_email": True,
        "checkin_since": datetime(2026, 3, 1, tzinfo=UTC),
    }
    values.update(choices)
    prefs, _ = Preferences.objects.update_or_create(user=person.user, defaults=values)
    return prefs
