"""A hard date's words, day and choices are sealed at rest: only the schedule row
(an opaque id, a day, two flags) is in clear."""

from __future__ import annotations

import secrets

import pytest
from django.test import Client

from afterwards.notify.models import Alarm
from afterwards.vault.models import Entry
from tests.conftest import PASSPHRASE, create_account
from tests.journal.test_checkin_at_rest import _stored_bytes
from tests.security.test_nothing_readable_at_rest import hits

pytestmark = pytest.mark.django_db(transaction=True)


def test_what_a_hard_date_is_about_is_unreadable_at_rest():
    username = f"heron{secrets.token_hex(3)}"
    create_account(username)
    client = Client()
    client.post("/login/", {"username": username, "passphrase": PASSPHRASE})
    label = f"LabelCanary{secrets.token_hex(6)}"
    response = client.post(
        "/dates/add/",
        {
            "label": label,
            "day": "2024-07-19",
            "repeats": "once",
            "heads_up": "on",
            "days_before": "5",
        },
    )
    assert response.status_code == 302
    # What was written opens again for its owner, or the search below proves nothing.
    assert label in client.get("/dates/").content.decode()
    assert Entry.objects.filter(owner__username=username, kind="hard_dates").count() == 1

    stored = _stored_bytes()
    assert username.encode() in stored, "positive control: the user name is in clear by design"
    assert (
        hits(
            stored,
            {
                "label": label,
                "the day": "2024-07-19",
                "repeats": '"yearly":false',
                "days before": '"days_before":5',
                "schema": '"own":[',
            },
        )
        == []
    )
    assert not Alarm.objects.exists()  # a date that passed has no schedule row at all
