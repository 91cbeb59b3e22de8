"""An import takes nothing the pages would not: each field within its form's own limit
(the same constants the forms use), each choice one the page offers. A file that goes
past one is refused whole, with words naming what was too long, and nothing is saved."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from afterwards.couple import readiness
from afterwards.dates.forms import LABEL_LENGTH
from afterwards.journal.checkin import CUSTOM_SYMPTOM_MAX, CUSTOM_SYMPTOMS_MAX, NOTE_MAX
from afterwards.journal.services import CUSTOM_REMEMBERED_MAX
from afterwards.loss.forms import AboutLossForm
from afterwards.notify.models import Alarm
from afterwards.vault.models import Entry

pytestmark = pytest.mark.django_db

DAY = "2026-03-02"
NAME_MAX = AboutLossForm.base_fields["name"].max_length  # type: ignore[attr-defined]
TAKEN = "2026-03-20T09:30:00+00:00"


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-28 12:00", tick=False)


def _file(*entries: dict[str, Any]) -> bytes:
    document = {"format": "afterwards-export", "schema_version": 1, "entries": list(entries)}
    return json.dumps(document).encode()


def _checkin(**answers: Any) -> dict[str, Any]:
    return {"kind": "checkin", "index": DAY, "content": {"day": DAY, "mood": 3, **answers}}


def _entry(kind: str, content: dict[str, Any]) -> dict[str, Any]:
    """A setting, filed under its kind's own index (the kinds a person has one of)."""
    return {"kind": kind, "index": kind, "content": content}


def _result_entry(content: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "wellbeing_result", "index": None, "content": content}


def _own_date(label: str) -> dict[str, Any]:
    return {"id": "c2Nhbi1kYXktMQ", "label": label, "day": "2025-06-02", "yearly": True}


def _own_items(count: int, length: int) -> list[dict[str, str]]:
    return [{"id": f"own-{n:012x}", "words": "w" * length} for n in range(count)]


def _readiness(**content: Any) -> dict[str, Any]:
    return _entry("readiness", {"couple": "a-space", "answers": {}, **content})


def _result(answers: int) -> dict[str, Any]:
    given = {str(n): 1 for n in range(1, answers + 1)}
    return _result_entry({"instrument": "gad7", "taken": TAKEN, "answers": given})


def _bring_in(person, data: bytes):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("export.json", data)
    return person.client.post("/your-data/import/", {"bring-file": upload})


def _beside(response) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'<p class="error" id="id_bring-file_error">([^<]*)</p>', response.text)
    assert found is not None
    return html.unescape(found.group(1))


def _refused_whole(person, response, words: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400
    assert _beside(response) == words
    assert not Entry.objects.owned_by(person.user).exists()
    assert not Alarm.objects.filter(user=person.user).exists()


def test_a_note_one_character_past_the_check_in_pages_limit_is_refused_by_name(owner):
    response = _bring_in(owner, _file(_checkin(note="n" * (NOTE_MAX + 1))))

    _refused_whole(
        owner,
        response,
        "Entry 1 of this file, the check-in of 2026-03-02, has a note 10,001 characters "
        "long, where the page takes up to 10,000. Nothing was saved.",
    )


def test_the_note_of_the_testers_file_is_refused_and_the_days_before_it_are_not_saved(owner):
    first = {"kind": "checkin", "index": "2026-03-01", "content": {"day": "2026-03-01"}}

    response = _bring_in(owner, _file(first, _checkin(note="a long night " * 115_385)))

    assert "Entry 2 of this file, the check-in of 2026-03-02, has a note 1,500,005" in (
        _beside(response)
    )
    _refused_whole(owner, response, _beside(response))


def _rem_symptoms(count: int, length: int) -> list[str]:
    return [f"{n:02d}" + "s" * (length - 2) for n in range(count)]


BEYOND = [
    (
        _checkin(custom_symptoms=_rem_symptoms(CUSTOM_SYMPTOMS_MAX + 1, 10)),
        "Entry 1 of this file, the check-in of 2026-03-02, has 13 symptoms in your own "
        "words, where the page takes up to 12.",
    ),
    (
        _checkin(custom_symptoms=["s" * (CUSTOM_SYMPTOM_MAX + 1)]),
        "Entry 1 of this file, the check-in of 2026-03-02, has a symptom in your own words "
        "61 characters long, where the page takes up to 60.",
    ),
    (
        _entry("custom_symptoms", {"symptoms": _rem_symptoms(CUSTOM_REMEMBERED_MAX + 1, 10)}),
        "Entry 1 of this file, your own symptom words, has 25 symptoms in your own words, "
        "where the page takes up to 24.",
    ),
    (
        _entry("about_loss", {"kind": "miscarriage", "name": "P" * (NAME_MAX + 1)}),
        "Entry 1 of this file, About your loss, has a name 81 characters long, where the "
        "page takes up to 80.",
    ),
    (
        _entry("hard_dates", {"own": [_own_date("d" * (LABEL_LENGTH + 1))]}),
        "Entry 1 of this file, your hard dates, has a date's words 81 characters long, "
        "where the page takes up to 80.",
    ),
    (
        _readiness(own_items=_own_items(readiness.OWN_ITEMS_MAX + 1, 10)),
        "Entry 1 of this file, your readiness answers, has 6 items of your own, where the "
        "page takes up to 5.",
    ),
    (
        _readiness(own_items=_own_items(1, readiness.OWN_WORDS_MAX + 1)),
        "Entry 1 of this file, your readiness answers, has an item of your own 61 "
        "characters long, where the page takes up to 60.",
    ),
    (
        _result(8),
        "Entry 1 of this file, a questionnaire's answers, has 8 answers, where the page "
        "takes up to 7.",
    ),
    (
        _checkin(later="x" * (NOTE_MAX + 1)),
        "Entry 1 of this file, the check-in of 2026-03-02, has words 10,001 characters "
        "long, where the page takes up to 10,000.",
    ),
    (
        _entry("profile", {"country": "GB", "x": {"y": ["z" * (NOTE_MAX + 1)]}}),
        "Entry 1 of this file, one of your settings, has words 10,001 characters long, "
        "where the page takes up to 10,000.",
    ),
]


@pytest.mark.parametrize(
    ("entry", "words"),
    BEYOND,
    ids=[
        "13 own symptoms on a day",
        "an own symptom of 61",
        "25 remembered own symptoms",
        "a name of 81",
        "a hard date's words of 81",
        "6 readiness items of one's own",
        "a readiness item of 61",
        "8 answers to the GAD-7",
        "words of 10,001 under a key no page knows",
        "words of 10,001 deep in a setting",
    ],
)
def test_a_field_past_its_forms_limit_is_refused_by_name(owner, entry, words):
    _refused_whole(owner, _bring_in(owner, _file(entry)), f"{words} Nothing was saved.")


def test_every_field_at_its_forms_limit_comes_in(owner):
    entries = [
        _checkin(
            note="n" * NOTE_MAX,
            custom_symptoms=_rem_symptoms(CUSTOM_SYMPTOMS_MAX, CUSTOM_SYMPTOM_MAX),
        ),
        _entry("custom_symptoms", {"symptoms": _rem_symptoms(CUSTOM_REMEMBERED_MAX, 10)}),
        _entry("about_loss", {"kind": "miscarriage", "name": "P" * NAME_MAX}),
        _entry("hard_dates", {"own": [_own_date("d" * LABEL_LENGTH)]}),
        _readiness(own_items=_own_items(readiness.OWN_ITEMS_MAX, readiness.OWN_WORDS_MAX)),
        _result(7),
    ]

    assert _bring_in(owner, _file(*entries)).status_code == 302

    assert Entry.objects.owned_by(owner.user).count() == len(entries)
    assert "n" * NOTE_MAX in owner.client.get(f"/journal/day/{DAY}/").text


REFUSED = "Entry 1 of this file cannot be read, so nothing was saved."
NOT_OFFERED = [
    (_checkin(symptoms=["cramps", "hiccups"]), "a symptom the page does not list"),
    (_checkin(symptoms=["cramps", "cramps"]), "a symptom ticked twice"),
    (_checkin(share=["mood", "diary"]), "a part of the day the page cannot share"),
    (
        {"kind": "checkin", "index": "2026-04-02", "content": {"day": "2026-04-02"}},
        "a day that has not come",
    ),
    (
        {"kind": "checkin", "index": "1899-12-31", "content": {"day": "1899-12-31"}},
        "a day before 1900",
    ),
    (
        {"kind": "checkin", "index": "2026W101", "content": {"day": "2026W101"}},
        "a day written as the page never writes it",
    ),
    (_entry("about_loss", {"kind": "a bad day"}), "a loss the page does not name"),
    (_entry("about_loss", {"loss_date": "2026-05-01"}), "a loss that has not come"),
    (_entry("profile", {"country": "XX"}), "a country the settings page does not offer"),
    (_entry("share_defaults", {"sections": ["diary"]}), "a part a new day cannot share"),
    (_readiness(answers={"held": "often"}), "an answer not yes, maybe or not yet"),
    (_readiness(answers={"skydiving": "yes"}), "an answer to an item no page lists"),
    (_readiness(own_items=[{"id": "own-1", "words": "a bath"}]), "an item id of another shape"),
    (_readiness(own_items=[{"id": "own-0123456789ab", "words": " a\nbath"}]), "untidy words"),
    (_readiness(hidden=["held"]), "hiding an item not a partner's"),
    (
        _result_entry({"instrument": "../phq9", "taken": TAKEN}),
        "a questionnaire id no file could have",
    ),
    (_entry("cycle_marks", {"periods": ["0001-01-01"]}), "a period before 1900"),
]


@pytest.mark.parametrize(
    "entry", [entry for entry, _ in NOT_OFFERED], ids=[name for _, name in NOT_OFFERED]
)
def test_a_choice_the_page_does_not_offer_is_refused_whole(owner, entry):
    _refused_whole(owner, _bring_in(owner, _file(entry)), REFUSED)
