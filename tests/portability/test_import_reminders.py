"""An import sets up the reminders its sealed choices ask for: each hard date's heads-up
gets its row in the clear schedule, and a questionnaire reminder follows the schedule and
results brought in. A file whose choices cannot be read is refused, never half taken."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from afterwards.dates import services as dates
from afterwards.loss import about
from afterwards.notify.models import Alarm, Preferences
from afterwards.vault.models import Entry
from afterwards.wellbeing import catalogue
from afterwards.wellbeing import services as wellbeing
from tests.conftest import make_person
from tests.portability.conftest import export_of

pytestmark = pytest.mark.django_db

LOSS = date(2025, 4, 20)


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-28 12:00", tick=False)


def _bring_in(person, data: bytes):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("export.json", data)
    return person.client.post("/your-data/import/", {"bring-file": upload})


def _schedule(person) -> set[tuple[str, date, bool, bool]]:  # type: ignore[no-untyped-def]
    return set(
        Alarm.objects.filter(user=person.user).values_list(
            "alarm_id", "next_on", "yearly", "to_partner"
        )
    )


def _hard_dates_with_heads_ups(person) -> dates.HardDates:  # type: ignore[no-untyped-def]
    told = about.AboutLoss(kind="miscarriage", loss_date=LOSS)
    about.about_loss_save(owner=person.user, keys=person.keys, about=told)
    chosen = dates.HardDates(
        own=[
            dates.OwnDate(
                label="the scan day", day=date(2025, 6, 2), heads_up=dates.HeadsUp(on=True)
            )
        ],
        loss=dates.HeadsUp(on=True, days_before=14),
    )
    dates.hard_dates_save(
        owner=person.user, keys=person.keys, dates=chosen, about=told, space=None,
        today=date(2026, 3, 28),
    )  # fmt: skip
    return chosen


def test_an_imported_hard_date_with_a_heads_up_has_its_schedule_row(owner):
    chosen = _hard_dates_with_heads_ups(owner)
    exported = export_of(owner).content
    newcomer = make_person("wren")

    assert _bring_in(newcomer, exported).status_code == 302

    # Under the ids the import gave them (test_import_fresh_ids.py), on the same days.
    kept = dates.hard_dates_get(owner=newcomer.user, keys=newcomer.keys)
    assert _schedule(newcomer) == {
        (kept.own[0].heads_up.alarm, date(2026, 5, 26), True, False),
        (kept.loss.alarm, date(2026, 4, 6), True, False),
    }
    assert {row[1:] for row in _schedule(newcomer)} == {row[1:] for row in _schedule(owner)}
    assert kept.own[0].heads_up.alarm != chosen.own[0].heads_up.alarm


def test_a_questionnaire_reminder_already_on_follows_what_is_brought_in(owner):
    wellbeing.schedule_save(owner=owner.user, keys=owner.keys, every={"phq9": 14})
    wellbeing.result_save(
        owner=owner.user,
        keys=owner.keys,
        instrument=catalogue.instruments()["phq9"],
        answers=dict.fromkeys(range(1, 10), 1),
        taken=datetime.fromisoformat("2026-03-20T09:30:00+00:00"),
    )
    exported = export_of(owner).content
    newcomer = make_person("wren")
    Preferences.objects.create(user=newcomer.user, questionnaire_on=True, time_zone="UTC")

    assert _bring_in(newcomer, exported).status_code == 302

    prefs = Preferences.objects.get(user=newcomer.user)
    assert (prefs.questionnaire_every_days, prefs.questionnaire_next_on) == (14, date(2026, 4, 3))


def _file(*entries: dict[str, object]) -> bytes:
    document = {"format": "afterwards-export", "schema_version": 1, "entries": list(entries)}
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("kind", "index", "content"),
    [
        ("hard_dates", "hard_dates", {"own": "a string"}),
        ("hard_dates", "hard_dates", {"own": [{"id": "x", "label": "a", "day": "2026-02-30"}]}),
        ("hard_dates", "hard_dates", {"loss": {"on": True, "days_before": 400}}),
        ("hard_dates", "hard_dates", {"due": "soon"}),
        ("about_loss", "about_loss", {"loss_date": "last spring"}),
        ("wellbeing_result", None, {"instrument": "phq9", "answers": {"1": "often"}}),
        ("wellbeing_result", None, {"instrument": "phq9", "taken": "2026-03-20T09:30:00"}),
        ("wellbeing_schedule", "schedule", {"every": ["phq9"]}),
    ],
    ids=[
        "dates not a list",
        "no such day",
        "a heads-up a year before",
        "a heads-up as words",
        "a loss date as words",
        "an answer as words",
        "taken with no time zone",
        "a schedule as a list",
    ],
)
def test_choices_the_reminders_cannot_read_are_refused_whole(owner, kind, index, content):
    day = {"kind": "checkin", "index": "2026-03-02", "content": {"day": "2026-03-02"}}

    response = _bring_in(owner, _file(day, {"kind": kind, "index": index, "content": content}))

    assert response.status_code == 400
    assert "Entry 2 of this file cannot be read, so nothing was saved." in response.text
    assert not Entry.objects.owned_by(owner.user).exists()
    assert not Alarm.objects.filter(user=owner.user).exists()
