"""A day saved with the lowest mood or "Overwhelming" grief gets one gentle line with the
help link on the day's page; nothing else does, and a note's words never change anything
(the note is never read for this: docs/hazard-log.md, "Crisis outside the questionnaires")."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterwards.journal.checkin import GRIEF_WORDS, MOOD_WORDS, CheckIn
from tests.journal.conftest import TODAY, write

URL = f"/journal/day/{TODAY.isoformat()}/"
LINE = '<p class="checkin-hard-day">'
HELP = '<a href="/help/">help is here, day or night</a>'
# Words a scan of notes would look for, alone and together: none may change the page.
CRISIS = (
    "die",
    "suicide",
    "kill myself",
    "end it all",
    "hurt myself",
    "self-harm",
    "hopeless",
    "can't go on",
    "Overwhelming",
    "Very low",
    "bleeding heavily",
)
CRISIS_WORDS = (
    "I want to die. I can't go on, I think about suicide and ending it all, "
    "hurting myself, killing myself; everything is hopeless and overwhelming."
)


def _lines(html: str) -> list[str]:
    return re.findall(r'<p class="checkin-hard-day">.*?</p>', html)


@pytest.mark.parametrize(
    "answers",
    [{"mood": 1}, {"grief": 5}, {"mood": 1, "grief": 5}, {"mood": 1, "grief": 1}],
    ids=["lowest-mood", "overwhelming-grief", "both", "lowest-mood-no-grief"],
)
def test_the_lowest_mood_or_overwhelming_grief_offers_help_in_one_line(owner, answers):
    response = owner.client.post(URL, {k: str(v) for k, v in answers.items()}, follow=True)

    lines = _lines(response.content.decode())
    assert lines == [
        f"{LINE}It sounds like today is very hard. If it would help to talk to someone, {HELP}.</p>"
    ]


@pytest.mark.parametrize(
    "answers",
    [{}, {"mood": 2}, {"grief": 4}, {"mood": 2, "grief": 4, "anxiety": 5, "sleep": 1}],
    ids=["nothing", "low-mood", "a-lot-of-grief", "hard-but-not-the-lowest"],
)
def test_other_answers_offer_no_line(owner, answers):
    response = owner.client.post(URL, {k: str(v) for k, v in answers.items()}, follow=True)

    assert LINE not in response.content.decode()


@pytest.mark.parametrize(
    ("day", "words"),
    [
        ("2026-03-28", "today is very hard"),
        ("2026-03-27", "yesterday was very hard"),
        ("2026-03-02", "that day was very hard"),
    ],
)
def test_the_line_speaks_of_the_day_it_is_on(owner, day, words):
    write(owner, date.fromisoformat(day), grief=5)

    (line,) = _lines(owner.client.get(f"/journal/day/{day}/").content.decode())
    assert f"It sounds like {words}." in line


def test_an_answer_not_saved_brings_no_line(owner):
    # Refused for another answer: nothing was saved, so the line waits for a save.
    response = owner.client.post(URL, {"mood": "1", "pain": "eleven"})

    assert response.status_code == 400
    assert LINE not in response.content.decode()


def _without_what_differs(html: str, note: str) -> str:
    """The page with its per-response tokens and the note's own text taken out."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    html = re.sub(r'name="day_version" value="[^"]*"', "", html)
    inside = re.compile(r'(<textarea name="note"[^>]*>)(.*?)(</textarea>)', re.DOTALL)
    (written,) = [found.group(2).strip() for found in inside.finditer(html)]
    assert written == escape(note)
    return inside.sub(r"\1NOTE\3", html)


@pytest.mark.parametrize(
    ("mood", "note"),
    [pytest.param(mood, CRISIS_WORDS, id=f"mood-{mood}-crisis-words") for mood in (None, 3, 1)]
    + [pytest.param(None, words, id=words) for words in CRISIS],
)
def test_a_notes_words_never_change_the_page(owner, mood, note):
    calm = "We walked to the shop and back."
    write(owner, TODAY, mood=mood, note=calm)
    with_calm = owner.client.get(URL).content.decode()
    write(owner, TODAY, mood=mood, note=note)
    with_crisis = owner.client.get(URL).content.decode()

    assert (LINE in with_crisis) is (mood == 1)
    assert "checkin-red-flags" not in with_crisis
    assert _without_what_differs(with_crisis, note) == _without_what_differs(with_calm, calm)


@settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    note=st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from(CRISIS), max_size=6).map(" ".join),
    ),
    mood=st.sampled_from([None, *MOOD_WORDS]),
    grief=st.sampled_from([None, *GRIEF_WORDS]),
)
def test_only_the_mood_and_grief_answers_decide_never_the_note(note, mood, grief):
    day = CheckIn(day=TODAY, mood=mood, grief=grief, note=note)

    assert day.very_hard is (mood == 1 or grief == 5)
    assert day.very_hard is CheckIn(day=TODAY, mood=mood, grief=grief).very_hard
