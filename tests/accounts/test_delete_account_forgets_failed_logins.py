"""Deleting an account takes the throttle's record of failed log-ins with it (H-21): the
name it keeps is a keyed hash of the user name, so a search for the name itself would
find nothing either way; this looks for the hash."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.test import Client

from afterwards.accounts.throttle import throttle_name
from tests.accounts.conftest import log_in
from tests.conftest import PASSPHRASE


def test_deleting_an_account_forgets_its_failed_log_ins(owner):
    log_in(Client(REMOTE_ADDR="203.0.113.9"), "robin", "a mistyped passphrase here")
    kept_as = throttle_name(None, {"username": "robin"})
    assert AccessAttempt.objects.filter(username=kept_as).exists()  # positive control

    response = owner.client.post("/account/delete/", {"passphrase": PASSPHRASE, "confirm": "on"})

    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username=kept_as).exists()
