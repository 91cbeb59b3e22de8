"""journal.conflict: what differs between a day as saved and as written, in words."""

from __future__ import annotations

from afterwards.journal.checkin import CheckIn
from afterwards.journal.conflict import NAMES, differences, notes_joined
from tests.journal.conftest import TODAY


def test_every_answer_that_differs_is_named_in_words():
    saved = CheckIn(day=TODAY)
    here = CheckIn(
        day=TODAY,
        mood=1,
        grief=5,
        anxiety=3,
        energy=2,
        sleep=4,
        bleeding="heavy",
        pain=0,
        symptoms=["fever"],
        custom_symptoms=["backache"],
        intimacy="none",
        during=2,
        afterwards=5,
        note="  words  ",
        share=["mood", "note"],
    )

    found = {d.name: (d.saved, d.here) for d in differences(saved, here)}

    assert list(found) == list(NAMES)
    assert found["mood"] == ("No answer", "Very low")
    assert found["pain"] == ("No answer", "0 out of 10")
    assert found["symptoms"] == ("None ticked", "Fever or feeling hot and shivery, backache")
    assert found["intimacy"] == ("No answer", "None")
    assert found["note"] == ("No note", "words")
    assert found["share"] == ("Nothing", "Mood, grief, worry, energy and sleep, Note")


def test_the_same_answers_differ_in_nothing():
    day = CheckIn(day=TODAY, mood=3, note="same", symptoms=["cramps"])

    assert differences(day, CheckIn(day=TODAY, mood=3, note="same ", symptoms=["cramps"])) == []


def test_both_notes_join_with_the_saved_one_first_and_never_twice():
    assert notes_joined("from the phone", "from the laptop") == "from the phone\n\nfrom the laptop"
    assert notes_joined("", "from the laptop") == "from the laptop"
    assert notes_joined("from the phone", "") == "from the phone"
    assert notes_joined("same", " same ") == "same"
