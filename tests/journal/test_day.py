"""/journal/day/<day>/: one check-in per person per day, written and read through the vault."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from afterwards.journal.checkin import KIND
from afterwards.vault.models import Entry
from tests.journal.conftest import TODAY, write

URL = "/journal/day/2026-03-28/"


def _entries(person):  # type: ignore[no-untyped-def]
    return Entry.objects.filter(owner=person.user, kind=KIND)


def test_owner_sees_an_empty_form_for_a_new_day(owner):
    response = owner.client.get(URL)

    assert response.status_code == 200
    assert "How are you today?" in response.content.decode()
    assert response.context["form"].initial == {}


def test_owner_can_write_and_read_back_a_checkin(owner):
    response = owner.client.post(URL, {"mood": "3", "note": "a small walk"})

    assert response.status_code == 302
    assert response["Location"] == URL
    assert _entries(owner).count() == 1
    page = owner.client.get(URL)
    assert "a small walk" in page.content.decode()
    assert page.context["form"].initial == {"mood": 3, "note": "a small walk"}


def test_checkin_is_sealed_in_the_database(owner):
    owner.client.post(URL, {"mood": "3", "note": "a small walk"})

    entry = _entries(owner).get()
    assert b"a small walk" not in bytes(entry.blob)
    assert b"2026-03-28" not in bytes(entry.index)


def test_mood_and_note_are_both_optional(owner):
    response = owner.client.post(URL, {"mood": "", "note": ""})

    assert response.status_code == 302
    assert _entries(owner).count() == 1


def test_an_earlier_day_has_its_own_page(owner):
    response = owner.client.post("/journal/day/2026-02-14/", {"note": "a quiet day"})

    assert response.status_code == 302
    page = owner.client.get("/journal/day/2026-02-14/").content.decode()
    assert "Saturday 14 February 2026" in page
    assert "a quiet day" in page
    assert "a quiet day" not in owner.client.get(URL).content.decode()


def test_editing_a_day_updates_its_single_entry(owner):
    owner.client.post(URL, {"mood": "2", "note": "first words"})
    first = _entries(owner).get()

    owner.client.post(URL, {"mood": "4", "note": "second thoughts"})

    entry = _entries(owner).get()
    assert entry.pk == first.pk
    assert bytes(entry.blob) != bytes(first.blob)
    page = owner.client.get(URL)
    assert "second thoughts" in page.content.decode()
    assert "first words" not in page.content.decode()
    assert page.context["form"].initial["mood"] == 4


@pytest.mark.parametrize("mood", ["0", "6", "9", "very low", "-1"])
def test_bad_mood_is_refused_beside_the_field_and_the_note_is_kept(owner, mood):
    response = owner.client.post(URL, {"mood": mood, "note": "words I do not want to lose"})

    assert response.status_code == 400
    assert response.context["form"].errors["mood"] == ["Please choose one of the five words."]
    page = response.content.decode()
    assert 'id="id_mood_error"' in page
    assert "words I do not want to lose" in page
    assert not _entries(owner).exists()


def test_note_that_is_too_long_is_refused(owner):
    response = owner.client.post(URL, {"mood": "3", "note": "x" * 10001})

    assert response.status_code == 400
    assert "note" in response.context["form"].errors
    assert not _entries(owner).exists()


def test_a_day_that_has_not_come_yet_is_refused(owner):
    reading = owner.client.get("/journal/day/2026-03-29/")
    writing = owner.client.post("/journal/day/2026-03-29/", {"mood": "3", "note": "tomorrow"})

    for response in (reading, writing):
        assert response.status_code == 400
        assert response.context["picker"].errors["day"] == [
            "That day hasn't come yet. You can write about today or any day before it."
        ]
        assert "That day hasn&#x27;t come yet" in response.content.decode()
    assert not _entries(owner).exists()


def test_a_day_before_1900_is_refused(owner):
    response = owner.client.get("/journal/day/1899-12-31/")

    assert response.status_code == 400
    assert "day" in response.context["picker"].errors


@pytest.mark.parametrize(
    "day", ["2026-02-30", "2026-13-01", "yesterday", "28-03-2026", "20260328", "2026-W13-6"]
)
def test_malformed_day_is_not_found(owner, day):
    assert owner.client.get(f"/journal/day/{day}/").status_code == 404
    assert owner.client.post(f"/journal/day/{day}/", {"note": "lost"}).status_code == 404
    assert not _entries(owner).exists()


def test_day_sends_a_stranger_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_stranger_cannot_write(client, db):
    client.post(URL, {"mood": "3", "note": "hello"})
    assert not Entry.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_day_refuses_other_methods(owner, method):
    assert getattr(owner.client, method)(URL).status_code == 405


def test_outsider_on_the_same_day_sees_only_their_own_page(owner, outsider):
    write(owner, TODAY, "the owner's private words", mood=1)

    response = outsider.client.get(URL)

    assert response.status_code == 200
    assert "the owner's private words" not in response.content.decode()
    assert "the owner&#x27;s private words" not in response.content.decode()
    assert response.context["form"].initial == {}


def test_outsider_writing_the_same_day_does_not_touch_the_owners_entry(owner, outsider):
    write(owner, TODAY, "the owner's private words")
    owners = _entries(owner).get()

    outsider.client.post(URL, {"mood": "5", "note": "the outsider's own words"})

    assert bytes(_entries(owner).get().blob) == bytes(owners.blob)
    assert _entries(outsider).count() == 1
    page = owner.client.get(URL).content.decode()
    assert "the owner&#x27;s private words" in page
    assert "outsider" not in page


def test_checkin_for_a_day_survives_a_new_login(owner):
    write(owner, date(2026, 3, 1), "the first of the month")
    again = Client()
    again.post("/login/", {"username": "robin", "passphrase": owner.passphrase})

    assert "the first of the month" in again.get("/journal/day/2026-03-01/").content.decode()
