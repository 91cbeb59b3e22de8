"""The reminder choices travel with an export (under "reminders", within schema 1): the
Reminders page's own fields, never the browsers that agreed to push, and an import saves
them as that page does, with push off."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from afterwards.notify.models import Preferences, PushSubscription
from afterwards.vault.models import Entry
from afterwards.wellbeing import services as wellbeing
from tests.conftest import make_person
from tests.portability.conftest import export_of

pytestmark = pytest.mark.django_db

NOW = "2026-03-28 12:00"
ENDPOINT = "https://push.example.org/send/abc123"
CHOSEN = {
    "checkin_on": True,
    "questionnaire_on": True,
    "hour": 19,
    "time_zone": "Europe/London",
    "quiet_on": True,
    "quiet_from": 23,
    "quiet_to": 6,
    "by_email": True,
    "email": "robin@example.org",
    "by_push": True,
    "neutral": True,
}


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(NOW, tick=False)


def _choose_reminders(person) -> None:  # type: ignore[no-untyped-def]
    """The person's choices, saved through the Reminders page, and one browser for push."""
    data = {name: ("on" if value is True else str(value)) for name, value in CHOSEN.items()}
    assert person.client.post("/reminders/", data).status_code == 302
    PushSubscription.objects.create(user=person.user, endpoint=ENDPOINT, p256dh="k", auth="a")


def _bring_in(person, data: bytes):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("export.json", data)
    return person.client.post("/your-data/import/", {"bring-file": upload})


def _file(reminders: object) -> bytes:
    day = {"kind": "checkin", "index": "2026-03-02", "content": {"day": "2026-03-02"}}
    document = {
        "format": "afterwards-export",
        "schema_version": 1,
        "entries": [day],
        "reminders": reminders,
    }
    return json.dumps(document).encode()


def test_the_export_holds_the_reminder_choices_but_no_browser(owner):
    _choose_reminders(owner)

    response = export_of(owner)

    document = json.loads(response.content)
    assert document["schema_version"] == 1
    assert document["reminders"] == CHOSEN
    assert "push.example.org" not in response.content.decode()


def test_someone_who_never_chose_reminders_has_none_in_the_file(owner):
    assert "reminders" not in json.loads(export_of(owner).content)


def test_an_import_saves_the_choices_as_the_reminders_page_does_with_push_off(owner):
    _choose_reminders(owner)
    wellbeing.schedule_save(owner=owner.user, keys=owner.keys, every={"phq9": 14})
    exported = export_of(owner).content
    newcomer = make_person("wren")
    PushSubscription.objects.create(
        user=newcomer.user, endpoint="https://push.example.org/send/wren", p256dh="k", auth="a"
    )

    assert _bring_in(newcomer, exported).status_code == 302

    prefs = Preferences.objects.get(user=newcomer.user)
    assert {name: getattr(prefs, name) for name in CHOSEN} == {**CHOSEN, "by_push": False}
    # A daily reminder counts from now, as if just turned on: nothing earlier is sent.
    assert prefs.checkin_since == timezone.now()
    # The questionnaire reminder follows the schedule that came in.
    assert (prefs.questionnaire_every_days, prefs.questionnaire_next_on) == (14, date(2026, 4, 11))
    assert not PushSubscription.objects.filter(user=newcomer.user).exists()
    page = newcomer.client.get("/reminders/").text
    assert 'value="robin@example.org"' in page


def test_a_file_without_reminder_choices_leaves_the_accounts_own(owner):
    Preferences.objects.create(user=owner.user, checkin_on=True, hour=8, time_zone="UTC")
    document = json.loads(_file(None))
    del document["reminders"]

    assert _bring_in(owner, json.dumps(document).encode()).status_code == 302

    prefs = Preferences.objects.get(user=owner.user)
    assert (prefs.checkin_on, prefs.hour, prefs.time_zone) == (True, 8, "UTC")


@pytest.mark.parametrize(
    "reminders",
    [
        ["checkin_on"],
        {**CHOSEN, "hour": 25},
        {**CHOSEN, "hour": "19"},
        {**CHOSEN, "checkin_on": "yes"},
        {**CHOSEN, "time_zone": "Atlantis/Harbour"},
        {**CHOSEN, "email": "not an address"},
        {**CHOSEN, "email": ""},
        {key: value for key, value in CHOSEN.items() if key != "time_zone"},
    ],
    ids=[
        "not choices",
        "an hour past midnight",
        "an hour as words",
        "on as words",
        "an unknown time zone",
        "not an e-mail address",
        "e-mail with no address",
        "no time zone",
    ],
)
def test_reminder_choices_the_page_could_not_have_saved_are_refused_whole(owner, reminders):
    response = _bring_in(owner, _file(reminders))

    assert response.status_code == 400
    assert "The reminder choices in this file cannot be read, so nothing was saved." in (
        response.content.decode()
    )
    assert not Entry.objects.owned_by(owner.user).exists()
    assert not Preferences.objects.filter(user=owner.user).exists()


def test_the_csv_export_has_the_reminder_choices_as_one_table(owner):
    _choose_reminders(owner)

    archive = zipfile.ZipFile(io.BytesIO(export_of(owner, format="csv").content))

    rows = list(csv.DictReader(io.StringIO(archive.read("reminders.csv").decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["email"] == "robin@example.org"
    assert rows[0]["hour"] == "19"
    assert rows[0]["checkin_on"] == "true"


def test_the_choices_are_saved_in_the_same_transaction_as_the_entries(owner, monkeypatch):
    """A failure setting the reminders up leaves nothing of the file behind."""
    from afterwards.portability import services

    def broken(**_: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "preferences_save", broken)
    owner.client.raise_request_exception = False

    response = _bring_in(owner, _file(CHOSEN))

    assert response.status_code == 500
    assert not Entry.objects.owned_by(owner.user).exists()
