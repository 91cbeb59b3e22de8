"""Bleeding days from drip's CSV export, never over the person's own answer."""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from afterwards.journal import services as journal
from afterwards.journal.checkin import CheckIn
from afterwards.portability import drip, services
from afterwards.vault.models import Entry

pytestmark = pytest.mark.django_db

# drip writes one row per day it holds anything for, every field as a column named by its
# path; a day with no bleeding noted has an empty bleeding.value. Written here by hand.
HEADER = (
    "date,temperature.value,temperature.exclude,temperature.time,temperature.note,"
    "bleeding.value,bleeding.exclude,mucus.feeling,mucus.texture,note.value,pain.cramps"
)
ROWS = [
    "2026-03-01,36.55,false,07:00,,3,false,,,,true",
    '2026-03-02,36.6,false,07:10,,2,false,,,"tired, slow",true',
    "2026-03-03,,,,,1,false,,,,",
    "2026-03-04,,,,,0,true,,,,",
    "2026-03-05,36.4,false,07:00,,,,1,0,,",  # no bleeding that day
    "2026-03-06,,,,,1,false,,,,",
    "2026-04-30,,,,,2,false,,,,",  # after today (the journal tests' day is 28 March)
]


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _upload(person, data: bytes):  # type: ignore[no-untyped-def]
    return person.client.post(
        "/your-data/drip/", {"drip-file": SimpleUploadedFile("drip.csv", data)}, follow=True
    )


def _error(response) -> str:  # type: ignore[no-untyped-def]
    beside = re.search(r'<p class="error" id="id_drip-file_error">([^<]*)</p>', response.text)
    assert beside is not None
    return html.unescape(beside.group(1))


def test_drips_levels_become_the_check_ins_own_one_for_one():
    assert drip.bleeding_days(_csv(*ROWS[:6])) == {
        date(2026, 3, 1): "heavy",
        date(2026, 3, 2): "medium",
        date(2026, 3, 3): "light",
        date(2026, 3, 4): "spotting",
        date(2026, 3, 6): "light",
    }


def test_drip_fills_days_and_leaves_the_persons_own_bleeding_as_it_was(owner, time_machine):
    time_machine.move_to("2026-03-28 12:00", tick=False)
    keys, me = owner.keys, owner.user
    # Noted here already: bleeding on the 2nd and "none" on the 3rd (both the person's
    # own answers), and a day with a mood but nothing about bleeding on the 6th.
    journal.checkin_save(
        owner=me, keys=keys, checkin=CheckIn(day=date(2026, 3, 2), bleeding="light")
    )
    journal.checkin_save(
        owner=me, keys=keys, checkin=CheckIn(day=date(2026, 3, 3), bleeding="none")
    )
    journal.checkin_save(
        owner=me, keys=keys, checkin=CheckIn(day=date(2026, 3, 6), mood=4, note="a good walk")
    )

    response = _upload(owner, _csv(*ROWS))

    assert response.status_code == 200
    assert (
        "Read 6 days with bleeding from drip. 3 days now show it in your journal. "
        "2 days left as they were, as you had already noted bleeding there. "
        "1 day after today left out."
    ) in html.unescape(response.text)
    days = journal.checkins_all(owner=me, keys=keys)
    assert {day.isoformat(): c.bleeding for day, c in days.items()} == {
        "2026-03-01": "heavy",
        "2026-03-02": "light",
        "2026-03-03": "none",
        "2026-03-04": "spotting",
        "2026-03-06": "light",
    }
    sixth = days[date(2026, 3, 6)]
    assert (sixth.mood, sixth.note) == (4, "a good walk")


def test_the_body_page_reads_the_bleeding_brought_in(owner, time_machine):
    time_machine.move_to("2026-03-28 12:00", tick=False)

    _upload(owner, _csv(*ROWS[:4]))

    assert "Heavy" in owner.client.get("/journal/day/2026-03-01/").text


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (_csv("2026-03-01,3", header="day,flow"), "This does not look like drip's export"),
        (b"\xff\xfe\x00\x01", "This does not look like drip's export"),
        (_csv("01/03/2026,,,,,3,false,,,,"), "Line 2 has a date that cannot be read"),
        (
            _csv(ROWS[0], "2026-03-02,,,,,7,false,,,,"),
            "Line 3 has a bleeding value drip does not use",
        ),
    ],
    ids=["other columns", "binary", "a date drip never writes", "a level drip never writes"],
)
def test_a_file_drip_did_not_write_is_refused_and_nothing_is_saved(owner, data, words):
    response = _upload(owner, data)

    assert response.status_code == 400
    assert words in _error(response)
    assert "nothing was saved" in _error(response).lower()
    assert not Entry.objects.owned_by(owner.user).exists()


def test_drip_answers_only_post(owner):
    assert owner.client.get("/your-data/drip/").status_code == 405


def test_a_long_drip_file_is_saved_a_few_days_to_a_transaction(owner, monkeypatch, time_machine):
    time_machine.move_to("2026-03-28 12:00", tick=False)
    monkeypatch.setattr(services, "DRIP_BATCH", 3)
    blocks: list[list[date]] = []
    atomic, save = services.transaction.atomic, journal.checkin_save

    @contextmanager
    def counted():  # type: ignore[no-untyped-def]
        blocks.append([])
        with atomic():
            yield

    def saved(**kwargs):  # type: ignore[no-untyped-def]
        blocks[-1].append(kwargs["checkin"].day)
        return save(**kwargs)

    monkeypatch.setattr(services, "transaction", SimpleNamespace(atomic=counted))
    monkeypatch.setattr(services.journal, "checkin_save", saved)
    days = {date(2026, 3, day): "light" for day in range(1, 8)}

    outcome = services.drip_import(
        owner=owner.user, keys=owner.keys, days=days, today=date(2026, 3, 28)
    )

    assert [len(block) for block in blocks] == [3, 3, 1]
    assert outcome.added == 7


def test_bringing_the_same_drip_file_in_again_changes_nothing(owner, time_machine):
    time_machine.move_to("2026-03-28 12:00", tick=False)
    _upload(owner, _csv(*ROWS))
    before = sorted(bytes(entry.blob) for entry in Entry.objects.owned_by(owner.user))

    response = _upload(owner, _csv(*ROWS))

    assert "5 days left as they were" in html.unescape(response.text)
    assert sorted(bytes(entry.blob) for entry in Entry.objects.owned_by(owner.user)) == before
