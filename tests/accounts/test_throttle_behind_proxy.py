"""Behind a proxy, failed logins are counted by the address the proxy saw, not by
whatever a client writes into X-Forwarded-For."""

from __future__ import annotations

from django.test import Client, RequestFactory

from afterwards.accounts.services import account_create
from afterwards.accounts.throttle import client_address
from tests.accounts.conftest import log_in
from tests.conftest import PASSPHRASE

PROXY = "127.0.0.1"
WRONG = "not my passphrase at all"


def _via_proxy(forwarded_for: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_the_address_is_the_last_hop_the_proxy_appended(settings):
    settings.BEHIND_PROXY = True
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5", REMOTE_ADDR=PROXY
    )
    assert client_address(request) == "203.0.113.5"


def test_without_a_proxy_the_forwarded_header_is_ignored(settings):
    settings.BEHIND_PROXY = False
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="192.0.2.1")
    assert client_address(request) == "192.0.2.1"


def test_a_guesser_cannot_dodge_the_limit_by_inventing_addresses(db, settings):
    settings.BEHIND_PROXY = True
    account_create(username="robin", email="", passphrase=PASSPHRASE)
    statuses = [
        log_in(_via_proxy(f"10.0.0.{n}, 203.0.113.5"), "robin", WRONG).status_code
        for n in range(settings.AXES_FAILURE_LIMIT + 1)
    ]
    assert statuses[-1] == 429


def test_a_guesser_elsewhere_behind_the_same_proxy_cannot_lock_the_person_out(db, settings):
    settings.BEHIND_PROXY = True
    account_create(username="robin", email="", passphrase=PASSPHRASE)
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        log_in(_via_proxy("203.0.113.5"), "robin", WRONG)

    assert log_in(_via_proxy("198.51.100.7"), "robin").status_code == 302
