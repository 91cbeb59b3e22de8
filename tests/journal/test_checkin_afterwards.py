"""How the person feels afterwards, added later: the question about yesterday inside
today's whole form (one Save keeps it with the rest and changes nothing else of
yesterday). Any earlier day's own page has the same question in its form."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from tests.journal.conftest import TODAY, write

YESTERDAY = date(2026, 3, 27)
TODAY_URL = "/journal/day/2026-03-28/"


def _stored(person, day):  # type: ignore[no-untyped-def]
    return services.checkin_for_day(owner=person.user, keys=person.keys, day=day)


def _yesterday_with_sex(person):  # type: ignore[no-untyped-def]
    write(
        person,
        YESTERDAY,
        "slow and gentle",
        mood=3,
        bleeding="spotting",
        pain=2,
        symptoms=["cramps"],
        custom_symptoms=["backache"],
        intimacy="sex",
        during=4,
        share=True,
    )
    return _stored(person, YESTERDAY)


def _fields(page) -> dict:  # type: ignore[no-untyped-def]
    return page.context["form"].fields


def test_todays_page_asks_how_you_feel_now_after_yesterday(owner):
    _yesterday_with_sex(owner)

    page = owner.client.get(TODAY_URL)

    html = page.content.decode()
    assert "How do you feel now, after sex yesterday?" in html
    # Inside the day's one form, near its top, with a name of its own: one Save keeps it.
    form_at = html.index('<form method="post" novalidate class="checkin">')
    question_at = html.index('id="id_yesterday_afterwards_0"')
    assert form_at < question_at < html.index('id="id_mood_0"')
    assert html.index("</form>", form_at) > question_at
    assert 'name="yesterday_afterwards" value="1"' in html
    assert "/afterwards/" not in html  # no small form of its own any more
    assert "Add how I feel" not in html


def test_the_question_says_after_the_closeness_noted_yesterday(owner):
    write(owner, YESTERDAY, intimacy="closeness", during=3)

    html = owner.client.get(TODAY_URL).content.decode()

    assert "How do you feel now, after the closeness you noted yesterday?" in html
    assert "after sex" not in html


def test_today_has_no_question_of_its_own_its_closeness_section_opens_instead(owner):
    write(owner, TODAY, intimacy="closeness")

    page = owner.client.get(TODAY_URL)

    html = page.content.decode()
    assert "How do you feel now" not in html
    assert "yesterday_afterwards" not in _fields(page)
    assert page.context["open"]["closeness"]
    assert (
        '<details class="checkin-section" data-remember="closeness" open>\n'
        "    <summary>Closeness or sex"
    ) in html
    assert 'id="id_afterwards_0"' in html


def test_no_question_without_closeness_or_once_answered_or_on_other_days(owner):
    write(owner, YESTERDAY, intimacy="none")
    write(owner, TODAY, intimacy="sex", afterwards=4)
    write(owner, date(2026, 3, 26), intimacy="sex")  # two days ago: its own page holds it

    assert "yesterday_afterwards" not in _fields(owner.client.get(TODAY_URL))
    _yesterday_with_sex(owner)
    assert "yesterday_afterwards" not in _fields(owner.client.get("/journal/day/2026-03-27/"))
    write(owner, YESTERDAY, intimacy="sex", afterwards=2)
    assert "yesterday_afterwards" not in _fields(owner.client.get(TODAY_URL))


def test_one_save_keeps_todays_answers_and_how_you_feel_after_yesterday(owner):
    before = _yesterday_with_sex(owner)

    response = owner.client.post(
        TODAY_URL, {"mood": "4", "note": "a slow morning", "yesterday_afterwards": "2"}
    )

    assert response.status_code == 302
    assert _stored(owner, YESTERDAY) == replace(before, afterwards=2)
    assert _stored(owner, TODAY) == CheckIn(day=TODAY, mood=4, note="a slow morning")
    page = owner.client.get(TODAY_URL)
    assert "Saved. Only you can read it." in page.content.decode()
    assert "yesterday_afterwards" not in _fields(page)


def test_saving_today_without_answering_the_question_leaves_yesterday_as_it_was(owner):
    before = _yesterday_with_sex(owner)

    response = owner.client.post(TODAY_URL, {"mood": "3"})

    assert response.status_code == 302
    assert _stored(owner, YESTERDAY) == before
    assert "yesterday_afterwards" in _fields(owner.client.get(TODAY_URL))


@pytest.mark.parametrize("value", ["0", "6", "good", "3.0"])
def test_an_unknown_feeling_about_yesterday_is_refused_beside_it_keeping_what_was_typed(
    owner, value
):
    before = _yesterday_with_sex(owner)

    response = owner.client.post(
        TODAY_URL,
        {"mood": "4", "note": "a slow morning", "bleeding": "light", "yesterday_afterwards": value},
    )

    assert response.status_code == 400
    html = response.content.decode()
    group = html[html.index('<div class="checkin-afterwards">') :]
    group = group[: group.index('id="id_mood_0"')]
    assert 'id="id_yesterday_afterwards_error">Please choose one of the five words.' in group
    assert 'aria-describedby="id_yesterday_afterwards_error"' in group
    assert "a slow morning</textarea>" in html
    assert 'value="4" id="id_mood_3" checked' in html
    assert 'value="light" id="id_bleeding_2" checked' in html
    assert _stored(owner, TODAY) is None
    assert _stored(owner, YESTERDAY) == before


def test_a_feeling_about_yesterday_without_its_closeness_or_sex_is_not_kept(owner):
    write(owner, YESTERDAY, "a quiet day", intimacy="none")

    response = owner.client.post(TODAY_URL, {"mood": "3", "yesterday_afterwards": "4"})

    assert response.status_code == 302
    assert _stored(owner, YESTERDAY) == CheckIn(day=YESTERDAY, note="a quiet day", intimacy="none")
    assert _stored(owner, TODAY).mood == 3


def test_another_days_form_never_changes_the_day_before_it(owner):
    write(owner, date(2026, 3, 26), intimacy="sex")

    response = owner.client.post("/journal/day/2026-03-27/", {"yesterday_afterwards": "4"})

    assert response.status_code == 302
    assert _stored(owner, date(2026, 3, 26)).afterwards is None


def test_today_and_the_answer_about_yesterday_are_saved_together_or_not_at_all(owner, monkeypatch):
    before = _yesterday_with_sex(owner)

    def refused(**_: object) -> None:
        raise RuntimeError("the second write fails")

    monkeypatch.setattr(services, "checkin_afterwards_set", refused)
    with pytest.raises(RuntimeError):
        owner.client.post(TODAY_URL, {"mood": "4", "yesterday_afterwards": "2"})

    assert _stored(owner, TODAY) is None
    assert _stored(owner, YESTERDAY) == before
