"""Every kind an export holds is read back by its own reader before anything is saved: what
the site itself wrote comes in whole, and a hand-edited entry its pages could not read
(and that would have broken a page after the import) is refused with the whole file."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from afterwards.couple import membership, nudges, space, therapist
from afterwards.couple.questions import answers
from afterwards.dates import services as dates
from afterwards.notify.models import Alarm
from afterwards.portability import kinds
from afterwards.vault.models import Entry
from tests.conftest import make_person
from tests.portability.conftest import export_of, vault_contents, write_a_journal

pytestmark = pytest.mark.django_db

REFUSED = "Entry 2 of this file cannot be read, so nothing was saved."
TAKEN = "2026-03-20T09:30:00+00:00"


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-28 12:00", tick=False)


def _bring_in(person, data: bytes):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("export.json", data)
    return person.client.post("/your-data/import/", {"bring-file": upload})


def _file(*entries: dict[str, object]) -> bytes:
    document = {"format": "afterwards-export", "schema_version": 1, "entries": list(entries)}
    return json.dumps(document).encode()


def test_an_account_holding_every_kind_comes_back_in_whole(owner, partner):
    write_a_journal(owner)
    new = membership.invitation_create(inviter=owner.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=partner.user)
    page = owner.client.get("/together/readiness/").text
    answers = {name: "" for name in re.findall(r'name="(item-[^"]+)"', page)}
    answers["item-held"] = "yes"
    assert owner.client.post("/together/readiness/", answers).status_code == 302
    assert owner.client.post("/together/readiness/items/", {"words": "A bath"}).status_code == 302
    assert owner.client.post(
        "/dates/add/",
        {"label": "The scan day", "day": "2025-06-02", "repeats": "yearly", "heads_up": "on",
         "days_before": "10"},
    ).status_code == 302  # fmt: skip
    _answer_a_question_and_keep_a_list(owner, partner)
    exported = export_of(owner).content
    assert {entry["kind"] for entry in json.loads(exported)["entries"]} == set(kinds.OWN)
    newcomer = make_person("wren")

    assert _bring_in(newcomer, exported).status_code == 302

    own = [entry for entry in vault_contents(owner) if entry[0] in kinds.OWN]
    assert _without_ids(vault_contents(newcomer)) == _without_ids(own) != []
    assert newcomer.client.get("/dates/").status_code == 200
    assert Alarm.objects.filter(user=newcomer.user).count() == 1


def _answer_a_question_and_keep_a_list(owner, partner) -> None:  # type: ignore[no-untyped-def]
    """The question loop's own kinds: an answer, the rhythm, a list item, a nudge to answer."""
    pair = space.pair_ready(owner=owner.user, keys=owner.keys)
    partner_pair = space.pair_ready(owner=partner.user, keys=partner.keys)
    assert pair is not None and partner_pair is not None
    talk = answers.talk_for(owner=owner.user, keys=owner.keys, pair=pair)
    talk.settings.rhythm = answers.DAILY
    answers.settings_save(owner=owner.user, keys=owner.keys, settings=talk.settings)
    today = date(2026, 3, 28)
    asked = answers.question_for(talk, today).id
    answers.answer_give(talk=talk, day=today, question=asked, text="Some days.", today=today)
    therapist.item_add_words(owner=owner.user, keys=owner.keys, words="How we talk at night")
    nudges.receiving_set(owner=owner.user, keys=owner.keys, receive=True)
    nudges.nudge_send(
        owner=partner.user, keys=partner.keys, pair=partner_pair, message="thinking-of-you"
    )
    assert nudges.nudge_take(reader=owner.user, keys=owner.keys) is not None
    nudges.receiving_set(owner=owner.user, keys=owner.keys, receive=False)


def _without_ids(contents: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each entry as (kind, content), with the ids of hard dates and heads-ups blanked:
    an import gives them new ones (test_import_fresh_ids.py)."""
    return [
        (kind, re.sub(r'"(alarm|id)": "[^"]*"', r'"\1": ""', content)) for kind, content in contents
    ]


def _own_date(**changes: object) -> dict[str, object]:
    own: dict[str, object] = {
        "id": "c2Nhbi1kYXktMQ",
        "label": "the scan day",
        "day": "2025-06-02",
        "yearly": True,
        "heads_up": {"on": True, "days_before": 7, "alarm": "YWxhcm0tb25l", "partner_space": ""},
    }
    own.update(changes)
    return own


BAD = [
    # hard dates: each of these broke /dates/ or its reminders after an import
    ("hard_dates", {"own": [_own_date(day="2025-02-30")]}, "a day that does not exist"),
    ("hard_dates", {"own": [_own_date(day="0001-01-01")]}, "a day before 1900"),
    ("hard_dates", {"own": [_own_date(id="a/b")]}, "an id its address cannot hold"),
    ("hard_dates", {"own": [_own_date(id="")]}, "an empty id"),
    ("hard_dates", {"own": [_own_date(), _own_date(label="again")]}, "one id twice"),
    ("hard_dates", {"own": [_own_date(label=5)]}, "words as a number"),
    ("hard_dates", {"own": [_own_date(heads_up={"on": True})]}, "a heads-up with no alarm"),
    ("hard_dates", {"loss": {"on": "no", "alarm": "YWxhcm0tb25l"}}, "on as words"),
    ("hard_dates", {"loss": {"on": True, "alarm": "y" * 65}}, "an alarm id too long"),
    (
        "hard_dates",
        {"loss": {"on": True, "alarm": "c2FtZQ"}, "due": {"on": True, "alarm": "c2FtZQ"}},
        "one alarm for two dates",
    ),
    # About your loss
    ("about_loss", {"loss_date": "2025-02-30"}, "a loss date that does not exist"),
    ("about_loss", {"due_date": "0001-01-01"}, "a due date before 1900"),
    ("about_loss", {"name": ["Pip"]}, "a name as a list"),
    ("about_loss", {"pregnant": "maybe"}, "who was pregnant in words the page never offers"),
    ("about_loss", {"pregnant": True}, "who was pregnant as true"),
    # the person's other settings
    ("custom_symptoms", {"symptoms": 5}, "own symptoms as a number"),
    ("profile", {"country": 44}, "a country as a number"),
    ("profile", {"neutral_look": "yes"}, "a look as words"),
    ("cycle_marks", {"periods": ["last spring"]}, "a period on no day"),
    ("share_defaults", {"sections": "mood"}, "sections as words"),
    ("nudge_settings", {"receive": "no"}, "receiving as words"),
    ("checkin_settings", {"body": "no"}, "the body section as words"),
    ("readiness", {"couple": 5, "answers": {}}, "a space as a number"),
    # questionnaires
    ("wellbeing_schedule", {"every": {"phq9": [14]}}, "days as a list"),
    ("wellbeing_schedule", {"every": {"phq9": 15}}, "days the page never offers"),
    (
        "wellbeing_result",
        {"instrument": "phq9", "taken": TAKEN, "answers": {"1": 1}, "difficulty": "x"},
        "a difficulty as words",
    ),
    (
        "wellbeing_result",
        {"instrument": "phq9", "taken": "0001-01-01T00:00:00+00:00", "answers": {"1": 1}},
        "taken before 1900",
    ),
    (
        "wellbeing_result",
        {"instrument": "phq9", "taken": TAKEN, "answers": {"1": True}},
        "an answer as true",
    ),
]

INDEX = {"wellbeing_result": None, "wellbeing_schedule": "schedule"}


@pytest.mark.parametrize(
    ("kind", "content"), [(k, c) for k, c, _ in BAD], ids=[name for _, _, name in BAD]
)
def test_an_entry_its_own_reader_cannot_read_is_refused_with_the_whole_file(owner, kind, content):
    day = {"kind": "checkin", "index": "2026-03-02", "content": {"day": "2026-03-02"}}
    entry = {"kind": kind, "index": INDEX.get(kind, kind), "content": content}

    response = _bring_in(owner, _file(day, entry))

    assert response.status_code == 400
    assert REFUSED in response.text
    assert not Entry.objects.owned_by(owner.user).exists()
    assert not Alarm.objects.filter(user=owner.user).exists()


def test_a_hand_written_hard_date_the_page_could_have_made_comes_in(owner):
    entry = {"kind": "hard_dates", "index": "hard_dates", "content": {"own": [_own_date()]}}

    assert _bring_in(owner, _file(entry)).status_code == 302

    kept = dates.hard_dates_get(owner=owner.user, keys=owner.keys)
    assert [(own.label, own.day) for own in kept.own] == [("the scan day", date(2025, 6, 2))]
    assert "the scan day" in owner.client.get("/dates/").text
