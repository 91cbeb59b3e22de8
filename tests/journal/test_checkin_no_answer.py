"""An answer, once given, can be taken back without JavaScript: "No answer"."""

from __future__ import annotations

from afterwards.journal import services
from tests.journal.conftest import TODAY, write

URL = f"/journal/day/{TODAY.isoformat()}/"


def _radios(page: str, name: str) -> list[str]:
    return [part.split('"')[0] for part in page.split(f'name="{name}" value="')[1:]]


def test_a_group_without_an_answer_offers_only_its_words(owner):
    page = owner.client.get(URL).content.decode()
    assert _radios(page, "mood") == ["1", "2", "3", "4", "5"]
    assert "No answer" not in page


def test_a_group_with_an_answer_also_offers_taking_it_back(owner):
    write(owner, TODAY, "a note", mood=2, intimacy="closeness", during=4)
    page = owner.client.get(URL).content.decode()
    assert _radios(page, "mood") == ["1", "2", "3", "4", "5", ""]
    assert _radios(page, "grief") == ["1", "2", "3", "4", "5"]  # nothing to take back
    assert 'id="id_mood_none"' in page and '<label for="id_mood_none">No answer</label>' in page


def test_choosing_no_answer_clears_that_answer_and_keeps_the_rest(owner):
    write(owner, TODAY, "a note", mood=2, pain=9)

    response = owner.client.post(URL, {"mood": "", "pain": "9", "note": "a note"})

    assert response.status_code == 302
    stored = services.checkin_for_day(owner=owner.user, keys=owner.keys, day=TODAY)
    assert stored.mood is None and stored.pain == 9 and stored.note == "a note"
