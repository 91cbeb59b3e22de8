"""An import gives each hard date and each heads-up a new id: nothing in clear (an alarm's
schedule row, a date's address) ties the new account to the old one, which is what a
person moving to a fresh account to leave old keys behind means to leave too."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from afterwards.dates import services as dates
from afterwards.loss import about
from afterwards.notify.models import Alarm
from afterwards.portability.document import Item
from afterwards.portability.services import fresh_ids
from tests.conftest import make_person
from tests.portability.conftest import export_of, vault_contents

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-28 12:00", tick=False)


def _bring_in(person, data: bytes):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("export.json", data)
    return person.client.post("/your-data/import/", {"bring-file": upload})


def _hard_dates(person) -> dates.HardDates:  # type: ignore[no-untyped-def]
    """About the loss, and hard dates with heads-ups on and off."""
    told = about.AboutLoss(
        kind="miscarriage", loss_date=date(2025, 4, 20), due_date=date(2025, 11, 3)
    )
    about.about_loss_save(owner=person.user, keys=person.keys, about=told)
    chosen = dates.HardDates(
        own=[
            dates.OwnDate(
                label="the scan day", day=date(2025, 6, 2), heads_up=dates.HeadsUp(on=True)
            ),
            dates.OwnDate(label="the first walk", day=date(2025, 9, 14), yearly=False),
        ],
        loss=dates.HeadsUp(on=True, days_before=14),
        due=dates.HeadsUp(on=True),
    )
    dates.hard_dates_save(
        owner=person.user, keys=person.keys, dates=chosen, about=told, space=None,
        today=date(2026, 3, 28),
    )  # fmt: skip
    return chosen


def _ids(chosen: dates.HardDates) -> set[str]:
    return {
        chosen.loss.alarm,
        chosen.due.alarm,
        *(own.id for own in chosen.own),
        *(own.heads_up.alarm for own in chosen.own),
    }


def test_no_id_of_the_old_account_is_in_the_new_accounts_rows_or_sealed_entries(owner):
    old = _ids(_hard_dates(owner))
    assert len(old) == 6
    assert Alarm.objects.filter(user=owner.user).count() == 3
    newcomer = make_person("wren")

    assert _bring_in(newcomer, export_of(owner).content).status_code == 302

    rows = set(Alarm.objects.filter(user=newcomer.user).values_list("alarm_id", flat=True))
    assert len(rows) == 3
    assert rows.isdisjoint(old)
    sealed = json.dumps(vault_contents(newcomer))
    assert "the scan day" in sealed
    assert not [each for each in old if each in sealed]
    page = newcomer.client.get("/dates/").text
    assert "the scan day" in page
    assert not [each for each in old if each in page]


def test_the_dates_come_in_whole_under_their_new_ids(owner):
    chosen = _hard_dates(owner)
    newcomer = make_person("wren")

    assert _bring_in(newcomer, export_of(owner).content).status_code == 302

    kept = dates.hard_dates_get(owner=newcomer.user, keys=newcomer.keys)
    assert [(o.label, o.day, o.yearly, o.heads_up.on) for o in kept.own] == [
        (o.label, o.day, o.yearly, o.heads_up.on) for o in chosen.own
    ]
    assert (kept.loss.on, kept.loss.days_before, kept.due.on) == (True, 14, True)
    # Each new id is one the pages use: the date's own page opens, the schedule rows
    # are kept under the new alarm ids, on the days the old account's were.
    assert newcomer.client.get(f"/dates/{kept.own[0].id}/").status_code == 200
    assert set(Alarm.objects.filter(user=newcomer.user).values_list("alarm_id", flat=True)) == {
        kept.loss.alarm,
        kept.due.alarm,
        kept.own[0].heads_up.alarm,
    }
    assert sorted(Alarm.objects.filter(user=newcomer.user).values_list("next_on", flat=True)) == (
        sorted(Alarm.objects.filter(user=owner.user).values_list("next_on", flat=True))
    )


def test_two_accounts_bringing_in_one_file_share_no_id(owner):
    _hard_dates(owner)
    exported = export_of(owner).content
    first, second = make_person("wren"), make_person("tamsin")

    assert _bring_in(first, exported).status_code == 302
    assert _bring_in(second, exported).status_code == 302

    assert _ids(dates.hard_dates_get(owner=first.user, keys=first.keys)).isdisjoint(
        _ids(dates.hard_dates_get(owner=second.user, keys=second.keys))
    )


def _blanked(content: dict[str, Any]) -> str:
    return re.sub(r'"(alarm|id)": "[^"]*"', r'"\1": ""', json.dumps(content, sort_keys=True))


def test_only_the_ids_change_and_the_files_own_content_is_left_as_it_was():
    own = {
        "id": "c2Nhbi1kYXktMQ",
        "label": "the scan day",
        "day": "2025-06-02",
        "yearly": True,
        "heads_up": {"on": True, "days_before": 7, "alarm": "YWxhcm0tb25l", "later": 1},
    }
    content = {
        "schema": 1,
        "own": [own, {"id": "d2Fsaw", "label": "the walk", "day": "2025-09-14"}],
        "loss": {"on": False, "days_before": 7, "alarm": "bG9zcw"},
        "due": {"on": False, "days_before": 7},  # no alarm: read as a new one each time
    }
    before = json.dumps(content, sort_keys=True)

    renewed = fresh_ids(Item(kind="hard_dates", index="hard_dates", content=content)).content

    ids = {"c2Nhbi1kYXktMQ", "YWxhcm0tb25l", "d2Fsaw", "bG9zcw"}
    assert not [each for each in ids if each in json.dumps(renewed)]
    assert _blanked(renewed) == _blanked(content)
    assert json.dumps(content, sort_keys=True) == before


def test_other_kinds_come_in_as_they_are():
    item = Item(kind="checkin", index="2026-03-02", content={"day": "2026-03-02", "id": "x"})

    assert fresh_ids(item) is item
