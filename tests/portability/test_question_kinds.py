"""The question loop's own entries in an export: a person's answers to questions for the
two of them, their rhythm and themes, their list for a therapist and the nudge waiting
for their answer come back in whole, each read by its own reader; past its form's limit,
or a choice its page does not offer, a file is refused whole."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from afterwards.couple import nudges, space, therapist
from afterwards.couple.questions import answers
from afterwards.couple.questions.library import library
from afterwards.vault.models import Entry
from tests.conftest import make_person
from tests.couple.test_membership import link
from tests.portability.conftest import export_of, vault_contents

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 28)
SPACE = "0b6a5f0e-2f49-4a8e-9c53-3f0d1c2b7a91"
QUESTION_KINDS = {"question_answer", "question_settings", "therapist_list", "nudge_received"}


@pytest.fixture(autouse=True)
def _today(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-28 12:00", tick=False)


def _file(*entries: dict[str, Any]) -> bytes:
    document = {"format": "afterwards-export", "schema_version": 1, "entries": list(entries)}
    return json.dumps(document).encode()


def _bring_in(person, data: bytes):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("export.json", data)
    return person.client.post("/your-data/import/", {"bring-file": upload})


def _beside(response) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r'<p class="error" id="id_bring-file_error">([^<]*)</p>', response.text)
    assert found is not None, response.status_code
    return html.unescape(found.group(1))


def _answer(**changes: Any) -> dict[str, Any]:
    content = {
        "couple": SPACE,
        "day": "2026-03-20",
        "question": "grieving-this-week",
        "text": "Quieter than I expected.",
        "reply": "thank-you",
        "hidden": False,
    }
    content.update(changes)
    return {"kind": "question_answer", "index": f"{content['couple']}|{content['day']}",
            "content": content}  # fmt: skip


def _setting(kind: str, content: dict[str, Any]) -> dict[str, Any]:
    return {"kind": kind, "index": kind, "content": content}


def _items(count: int, length: int = 10) -> list[dict[str, str]]:
    return [{"id": f"{n:012x}", "words": "w" * length} for n in range(count)]


def test_a_couples_answers_rhythm_list_and_waiting_nudge_come_back_in_whole(owner, partner):
    link(owner, partner)
    pair = space.pair_ready(owner=owner.user, keys=owner.keys)
    partner_pair = space.pair_ready(owner=partner.user, keys=partner.keys)
    assert pair is not None and partner_pair is not None
    talk = answers.talk_for(owner=owner.user, keys=owner.keys, pair=pair)
    talk.settings.rhythm = answers.DAILY
    talk.settings.themes = [library().opt_in_themes[0].id]
    answers.settings_save(owner=owner.user, keys=owner.keys, settings=talk.settings)
    talk = answers.talk_for(owner=owner.user, keys=owner.keys, pair=pair)
    asked = answers.question_for(talk, TODAY)
    answers.answer_give(talk=talk, day=TODAY, question=asked.id, text="Some days.", today=TODAY)
    answers.question_skip(talk=talk, day=date(2026, 3, 27), today=TODAY)
    therapist.item_add_words(owner=owner.user, keys=owner.keys, words="How we talk at night")
    therapist.question_mark(
        owner=owner.user, keys=owner.keys, question=asked.id, day=TODAY, on=True
    )
    nudges.nudge_send(
        owner=partner.user,
        keys=partner.keys,
        pair=partner_pair,
        message=next(iter(nudges.MESSAGES)),
    )
    assert nudges.nudge_take(reader=owner.user, keys=owner.keys) is not None
    mine = [entry for entry in vault_contents(owner) if entry[0] in QUESTION_KINDS]
    assert {kind for kind, _ in mine} == QUESTION_KINDS

    exported = export_of(owner).content
    written = {e["kind"]: e for e in json.loads(exported)["entries"] if e["kind"] in QUESTION_KINDS}
    newcomer = make_person("wren")

    assert set(written) == QUESTION_KINDS
    assert written["question_answer"]["index"] == f"{pair.member.couple_id}|{TODAY.isoformat()}"
    assert _bring_in(newcomer, exported).status_code == 302
    assert [entry for entry in vault_contents(newcomer) if entry[0] in QUESTION_KINDS] == mine
    # Brought into an account in no space, the answer names a space it is not in: kept,
    # and the pages carry on.
    assert newcomer.client.get("/together/").status_code == 200


def test_every_field_of_the_question_kinds_at_its_forms_limit_comes_in(owner):
    entries = [
        _answer(text="a" * answers.ANSWER_MAX),
        _answer(day="2026-03-21", reply="", hidden=True),
        _setting(
            "question_settings",
            {
                "rhythm": answers.ASKED,
                "themes": [theme.id for theme in library().opt_in_themes],
                "skipped": [[SPACE, f"2026-03-{n:02d}"] for n in range(21, 28)],
            },
        ),
        _setting(
            "therapist_list",
            {
                "items": [
                    *_items(therapist.ITEMS_MAX - 1, therapist.WORDS_MAX),
                    {"id": "ffffffffffff", "question": "grieving-this-week", "day": "2026-03-20"},
                ]
            },
        ),  # fmt: skip
        _setting("nudge_received", {"couple": SPACE, "message": next(iter(nudges.MESSAGES))}),
    ]

    assert _bring_in(owner, _file(*entries)).status_code == 302

    assert Entry.objects.owned_by(owner.user).count() == len(entries)
    listed = owner.client.get("/together/therapist/").text
    assert "w" * therapist.WORDS_MAX in listed


BEYOND = [
    (
        _answer(text="a" * (answers.ANSWER_MAX + 1)),
        "an answer to a question for the two of you, has an answer 2,001 characters long, "
        "where the page takes up to 2,000.",
    ),
    (
        _setting("therapist_list", {"items": _items(therapist.ITEMS_MAX + 1)}),
        "your list for your therapist, has 41 items on the list, where the page takes up to 40.",
    ),
    (
        _setting("therapist_list", {"items": _items(1, therapist.WORDS_MAX + 1)}),
        "your list for your therapist, has an item 301 characters long, where the page "
        "takes up to 300.",
    ),
    (
        _setting(
            "question_settings",
            {"skipped": [[SPACE, f"2026-03-{n:02d}"] for n in range(20, 28)]},
        ),
        "how often questions for the two of you come, has 8 questions skipped, where the "
        "page takes up to 7.",
    ),
]


@pytest.mark.parametrize(
    ("entry", "words"),
    BEYOND,
    ids=["an answer of 2,001", "41 items for a therapist", "an item of 301", "8 skipped"],
)
def test_a_question_kinds_field_past_its_forms_limit_is_refused_by_name(owner, entry, words):
    response = _bring_in(owner, _file(entry))

    assert response.status_code == 400
    assert _beside(response) == f"Entry 1 of this file, {words} Nothing was saved."
    assert not Entry.objects.owned_by(owner.user).exists()


NOT_OFFERED = [
    (_answer(reply="whenever"), "a reply the page does not offer"),
    (_answer(hidden="yes"), "hidden as words"),
    (_answer(text=""), "an empty answer"),
    (_answer(text=" untidy\n"), "words the page would have cleaned"),
    (_answer(question="../grieving"), "a question id no library could have"),
    (_answer(couple="a-space"), "a space that is not a space's id"),
    (_answer(day="2026-04-02"), "a day that has not come"),
    (_answer(day="1899-12-31"), "a day before 1900"),
    ({**_answer(), "index": f"{SPACE}|2026-03-19"}, "filed under another day"),
    (_setting("question_settings", {"rhythm": "hourly"}), "a rhythm the page does not offer"),
    (_setting("question_settings", {"themes": ["us"]}), "a theme that is not opted into"),
    (_setting("question_settings", {"skipped": [[SPACE]]}), "a skip with no day"),
    (_setting("therapist_list", {"items": [{"id": "x", "words": "a"}]}), "an id of another shape"),
    (_setting("therapist_list", {"items": _items(1) + _items(1)}), "one id twice"),
    (
        _setting("therapist_list", {"items": [{"id": "0" * 12, "words": "a", "day": "x"}]}),
        "words with a day",
    ),
    (
        _setting("therapist_list", {"items": [{"id": "0" * 12, "question": "q", "day": "x"}]}),
        "a question on no day",
    ),
    (_setting("nudge_received", {"couple": SPACE, "message": "come here"}), "a nudge not offered"),
]


@pytest.mark.parametrize(
    "entry", [entry for entry, _ in NOT_OFFERED], ids=[name for _, name in NOT_OFFERED]
)
def test_a_question_kind_the_page_could_not_have_written_is_refused_whole(owner, entry):
    response = _bring_in(owner, _file(entry))

    assert response.status_code == 400
    assert _beside(response) == "Entry 1 of this file cannot be read, so nothing was saved."
    assert not Entry.objects.owned_by(owner.user).exists()
