"""Reminder tests: e-mail and push on, faked at the transport, and no network at all."""

from __future__ import annotations

import socket
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.management import call_command

from afterwards.notify import tasks, vapid
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


@pytest.fixture(scope="session")
def _push_key_folder(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("push-keys")
    vapid.keys_make(folder)
    return folder


@pytest.fixture(autouse=True)
def push_key(settings, _push_key_folder) -> str:  # type: ignore[no-untyped-def]
    """Web Push as on a fresh install: on, with a key made for it (by `serve` on a
    server); its public key is returned. A test turns it off with NOTIFY_WEBPUSH."""
    settings.VAPID_PRIVATE_KEY_PATH = _push_key_folder / vapid.PRIVATE_NAME
    settings.NOTIFY_WEBPUSH = True
    return vapid.public_key()


@pytest.fixture
def channels_on(settings, tmp_path):  # type: ignore[no-untyped-def]
    """E-mail (Django's locmem backend in tests) and Web Push (pywebpush patched) on."""
    settings.NOTIFY_EMAIL = True
    settings.NOTIFY_WEBPUSH = True
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


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _keep_the_test_connection(monkeypatch):  # type: ignore[no-untyped-def]
    # The worker closes old connections between tasks; in a test that would close the
    # connection holding the test's transaction.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def run_worker() -> None:
    """The real django-tasks-db worker, until the queue holds nothing ready."""
    call_command(
        "db_worker", batch=True, startup_delay=False, interval=0, verbosity=0, reload=False
    )


def tick(now: datetime) -> None:
    with time_machine.travel(now, tick=False):
        tasks.plan_tick.enqueue()
        run_worker()


def browser_keys() -> tuple[str, str]:
    """A browser's real p256dh and auth, so pywebpush can encrypt for it."""
    import base64
    import os

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    return b64(point), b64(os.urandom(16))
