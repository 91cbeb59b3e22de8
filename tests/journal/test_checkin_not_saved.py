"""When the database cannot take a check-in (full, locked too long, gone), the page says
the day was not saved and keeps every typed word in the form: never the generic error
page, and never half a save."""

from __future__ import annotations

import sqlite3
from typing import Any, NoReturn

import pytest
from django.db import OperationalError, connection

from afterwards.couple import checkins as shared
from afterwards.journal import services
from afterwards.journal.checkin import KIND
from afterwards.vault.models import Entry
from tests.conftest import make_person
from tests.couple.test_membership import link
from tests.journal.conftest import TODAY

URL = f"/journal/day/{TODAY.isoformat()}/"
TYPED = {
    "mood": "2",
    "bleeding": "light",
    "symptoms": ["cramps", "tiredness"],
    "new_symptoms": "backache, headache",
    "note": "A long evening.\nI wrote all of this down.",
}


def _full(*args: Any, **kwargs: Any) -> NoReturn:
    raise OperationalError("database or disk is full")


def _kept_in_the_form(response) -> None:  # type: ignore[no-untyped-def]
    form = response.context["form"]
    assert form["mood"].value() == "2"
    assert form["bleeding"].value() == "light"
    assert form["symptoms"].value() == ["cramps", "tiredness"]
    assert form["new_symptoms"].value() == "backache, headache"
    assert form["note"].value() == TYPED["note"]
    page = response.content.decode()
    assert "A long evening.\nI wrote all of this down.</textarea>" in page


def test_a_full_database_says_the_day_was_not_saved_and_keeps_every_word(owner, monkeypatch):
    monkeypatch.setattr(services, "checkin_save_with_yesterday", _full)

    response = owner.client.post(URL, TYPED)

    assert response.status_code == 503
    page = response.content.decode()
    assert '<div class="form-errors" role="alert"><p>This day has not been saved' in page
    assert "Please try Save again in a moment" in page
    assert "Something went wrong" not in page
    _kept_in_the_form(response)
    assert not Entry.objects.filter(owner=owner.user, kind=KIND).exists()


def test_the_partners_copy_failing_leaves_no_half_saved_day(owner, partner, monkeypatch):
    """The day and the partner's copy are one transaction: both or neither."""
    link(owner, partner)
    monkeypatch.setattr(shared, "checkin_share_sync", _full)

    response = owner.client.post(URL, {**TYPED, "share": ["note"]})

    assert response.status_code == 503
    _kept_in_the_form(response)
    assert not Entry.objects.filter(owner=owner.user, kind=KIND).exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own write lock")
def test_a_database_locked_past_its_timeout_says_so_and_a_later_save_works(
    transactional_db, monkeypatch, caplog
):
    robin = make_person("robin")
    # Each request opens its connection afresh: a short busy timeout for those.
    monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.05)
    connection.close()
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        response = robin.client.post(URL, TYPED)
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert response.status_code == 503
    assert "database is locked" in caplog.text
    assert "This day has not been saved" in response.content.decode()
    _kept_in_the_form(response)
    assert not Entry.objects.filter(owner=robin.user, kind=KIND).exists()
    # Once the database is free, Save again keeps it.
    assert robin.client.post(URL, TYPED).status_code == 302
    assert Entry.objects.filter(owner=robin.user, kind=KIND).count() == 1
