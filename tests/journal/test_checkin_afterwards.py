"""How the person feels afterwards, added later: the question about yesterday inside
today's whole form (one Save keeps it with the rest), and /journal/day/<day>/afterwards/,
which changes that one answer of that day and nothing else (no page posts there now)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from afterwards.journal import services
from afterwards.journal.checkin import KIND, CheckIn
from afterwards.vault.models import Entry
from tests.journal.conftest import TODAY, write

YESTERDAY = date(2026, 3, 27)
TODAY_URL = "/journal/day/2026-03-28/"


def _url(day: date) -> str:
    return f"/journal/day/{day.isoformat()}/afterwards/"


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
    assert '<details class="checkin-section" open>\n    <summary>Closeness or sex' in html
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


def test_adding_afterwards_changes_only_that_answer(owner):
    before = _yesterday_with_sex(owner)

    response = owner.client.post(_url(YESTERDAY), {"afterwards": "2"})

    assert response.status_code == 302
    assert response["Location"] == TODAY_URL
    assert _stored(owner, YESTERDAY) == replace(before, afterwards=2)
    assert Entry.objects.filter(owner=owner.user, kind=KIND).count() == 1
    page = owner.client.get(TODAY_URL)
    assert "Added. Only you can read it." in page.content.decode()
    assert "yesterday_afterwards" not in _fields(page)


def test_adding_afterwards_to_today_keeps_todays_other_answers(owner):
    write(owner, TODAY, "a tender evening", mood=4, intimacy="closeness", during=5)

    owner.client.post(_url(TODAY), {"afterwards": "5"})

    assert _stored(owner, TODAY) == CheckIn(
        day=TODAY, mood=4, note="a tender evening", intimacy="closeness", during=5, afterwards=5
    )


def test_an_older_day_can_have_it_added_and_goes_back_to_that_day(owner):
    write(owner, date(2026, 3, 20), intimacy="sex")

    response = owner.client.post(_url(date(2026, 3, 20)), {"afterwards": "3"})

    assert response["Location"] == "/journal/day/2026-03-20/"
    assert _stored(owner, date(2026, 3, 20)).afterwards == 3


@pytest.mark.parametrize("value", ["", "0", "6", "good", "3.0"])
def test_a_missing_or_unknown_feeling_is_refused_on_todays_page(owner, value):
    before = _yesterday_with_sex(owner)
    write(owner, TODAY, "today's words", mood=4)

    response = owner.client.post(_url(YESTERDAY), {"afterwards": value})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_yesterday_afterwards_error">Please choose one of the five words.' in html
    assert html.count("How do you feel now, after sex yesterday?") == 1
    assert "today&#x27;s words</textarea>" in html  # today's page, with today's answers
    assert _stored(owner, YESTERDAY) == before


@pytest.mark.parametrize("day", [TODAY, date(2026, 3, 20)])
def test_a_missing_feeling_for_today_or_an_older_day_is_refused_on_that_days_page(owner, day):
    write(owner, day, "that evening", intimacy="closeness")

    response = owner.client.post(_url(day), {"afterwards": ""})

    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["day"] == day
    assert 'id="id_afterwards_error">Please choose one of the five words.' in html
    assert "that evening</textarea>" in html
    assert _stored(owner, day).afterwards is None


def test_a_day_without_closeness_or_sex_has_nothing_to_add_to(owner):
    write(owner, YESTERDAY, "a quiet day", intimacy="none")

    assert owner.client.post(_url(YESTERDAY), {"afterwards": "3"}).status_code == 404
    assert owner.client.post(_url(date(2026, 3, 1)), {"afterwards": "3"}).status_code == 404
    assert _stored(owner, YESTERDAY).afterwards is None
    assert _stored(owner, date(2026, 3, 1)) is None


def test_a_day_that_has_not_come_yet_is_refused(owner):
    response = owner.client.post(_url(date(2026, 3, 29)), {"afterwards": "3"})

    assert response.status_code == 400
    assert "That day hasn&#x27;t come yet" in response.content.decode()


@pytest.mark.parametrize("day", ["2026-02-30", "yesterday", "20260327"])
def test_a_malformed_day_is_not_found(owner, day):
    assert (
        owner.client.post(f"/journal/day/{day}/afterwards/", {"afterwards": "3"}).status_code == 404
    )


def test_a_stranger_is_sent_to_log_in(client, db):
    response = client.post(_url(YESTERDAY), {"afterwards": "3"})

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_only_post_is_answered(owner, method):
    _yesterday_with_sex(owner)
    assert getattr(owner.client, method)(_url(YESTERDAY)).status_code == 405


def test_an_outsider_cannot_add_to_the_owners_day_or_see_it(owner, outsider):
    before = _yesterday_with_sex(owner)

    response = outsider.client.post(_url(YESTERDAY), {"afterwards": "1"})
    refused = outsider.client.post(_url(YESTERDAY), {"afterwards": "x"})

    assert response.status_code == 404
    assert refused.status_code == 404
    assert "slow and gentle" not in refused.content.decode()
    assert _stored(owner, YESTERDAY) == before
    assert not Entry.objects.filter(owner=outsider.user).exists()
    assert "yesterday_afterwards" not in _fields(outsider.client.get(TODAY_URL))
