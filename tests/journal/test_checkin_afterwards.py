"""How the person feels afterwards, added later: the small form on today's page, and
/journal/day/<day>/afterwards/, which changes that one answer of that day and nothing else."""

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


def test_todays_page_asks_how_you_feel_now_after_yesterday(owner):
    _yesterday_with_sex(owner)

    page = owner.client.get(TODAY_URL)

    html = page.content.decode()
    assert "How do you feel now, after yesterday?" in html
    assert f'action="{_url(YESTERDAY)}"' in html
    assert 'id="id_after_2026-03-27_afterwards_0"' in html
    assert [prompt.day for prompt in page.context["prompts"]] == [YESTERDAY]


def test_todays_page_asks_after_earlier_today_too(owner):
    write(owner, TODAY, intimacy="closeness")

    page = owner.client.get(TODAY_URL)

    assert "How do you feel now, after earlier today?" in page.content.decode()


def test_no_question_without_closeness_or_once_answered_or_on_other_days(owner):
    write(owner, YESTERDAY, intimacy="none")
    write(owner, TODAY, intimacy="sex", afterwards=4)
    write(owner, date(2026, 3, 26), intimacy="sex")  # two days ago: its own page holds it

    assert owner.client.get(TODAY_URL).context["prompts"] == []
    _yesterday_with_sex(owner)
    assert owner.client.get("/journal/day/2026-03-27/").context["prompts"] == []


def test_adding_afterwards_changes_only_that_answer(owner):
    before = _yesterday_with_sex(owner)

    response = owner.client.post(_url(YESTERDAY), {"afterwards": "2"})

    assert response.status_code == 302
    assert response["Location"] == TODAY_URL
    assert _stored(owner, YESTERDAY) == replace(before, afterwards=2)
    assert Entry.objects.filter(owner=owner.user, kind=KIND).count() == 1
    page = owner.client.get(TODAY_URL)
    assert "Added. Only you can read it." in page.content.decode()
    assert page.context["prompts"] == []


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

    response = owner.client.post(_url(YESTERDAY), {"afterwards": value})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Please choose one of the five words." in html
    assert 'id="id_after_2026-03-27_afterwards_error"' in html
    assert "How do you feel now, after yesterday?" in html
    assert html.count("How do you feel now, after yesterday?") == 1
    assert _stored(owner, YESTERDAY) == before


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
    assert outsider.client.get(TODAY_URL).context["prompts"] == []
