"""/journal/: a month of the person's own check-ins, newest first."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from afterwards.accounts.models import UserSession
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from tests.journal.conftest import TODAY, write

URL = "/journal/"


def test_history_is_empty_at_first(owner):
    response = owner.client.get(URL)

    assert response.status_code == 200
    assert response.context["checkins"] == []
    assert "Nothing here for this month" in response.content.decode()


def test_history_lists_the_month_newest_first(owner):
    write(owner, date(2026, 3, 3), "the third", mood=2)
    write(owner, date(2026, 3, 20), "the twentieth", mood=4)
    write(owner, date(2026, 3, 11), "the eleventh")
    write(owner, date(2026, 2, 27), "last month")

    response = owner.client.get(URL)

    assert response.status_code == 200
    assert [c.day.day for c in response.context["checkins"]] == [20, 11, 3]
    page = response.content.decode()
    assert page.index("the twentieth") < page.index("the eleventh") < page.index("the third")
    assert "last month" not in page
    assert "Mood: Good" in page


def test_history_of_an_earlier_month(owner):
    write(owner, date(2026, 2, 27), "last month")
    write(owner, date(2026, 3, 3), "this month")

    response = owner.client.get(URL, {"month": "2026-02"})

    page = response.content.decode()
    assert "Your days: February 2026" in page
    assert "last month" in page
    assert "this month" not in page
    assert response.context["following"] == date(2026, 3, 1)


def test_current_month_offers_no_later_month(owner):
    response = owner.client.get(URL)
    assert response.context["month"] == date(2026, 3, 1)
    assert response.context["following"] is None
    assert response.context["previous"] == date(2026, 2, 1)


@pytest.mark.parametrize(
    "month",
    [
        "",
        "soon",
        "2026",
        "2026-13",
        "2026-00",
        "2026-03-01",
        "2026-04",
        "9999-12",
        "0000-01",
        "1899-12",
        "1-1",
        "0-1",
        "99999999999999999999-1",
        "2026-1",
    ],
)
def test_a_month_that_cannot_be_shown_falls_back_to_this_one(owner, month):
    response = owner.client.get(URL, {"month": month})

    assert response.status_code == 200
    assert response.context["month"] == date(2026, 3, 1)


def test_history_shows_only_the_owners_entries(owner, outsider):
    write(owner, date(2026, 3, 10), "the owner's words")
    write(outsider, date(2026, 3, 10), "the outsider's words")
    write(outsider, date(2026, 3, 12), "more outsider words")

    owners_page = owner.client.get(URL)
    outsiders_page = outsider.client.get(URL)

    assert len(owners_page.context["checkins"]) == 1
    assert "outsider" not in owners_page.content.decode()
    assert len(outsiders_page.context["checkins"]) == 2
    assert "the owner" not in outsiders_page.content.decode()


def test_outsider_never_sees_the_owners_note_anywhere(owner, outsider):
    note = "only robin may read this"
    owner.client.post(f"/journal/day/{TODAY.isoformat()}/", {"mood": "1", "note": note})
    write(owner, date(2026, 2, 2), note)

    pages = [
        outsider.client.get(path, params, follow=True)
        for path, params in [
            (URL, {}),
            (URL, {"month": "2026-02"}),
            ("/journal/day/", {}),
            (f"/journal/day/{TODAY.isoformat()}/", {}),
            ("/journal/day/2026-02-02/", {}),
            ("/account/", {}),
        ]
    ]

    for page in pages:
        assert page.status_code == 200
        assert note not in page.content.decode()


def test_history_sends_a_stranger_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_history_refuses_post(owner):
    assert owner.client.post(URL).status_code == 405


def test_personas_log_in_on_the_frozen_day(owner):
    assert UserSession.objects.get(user=owner.user).created_at.date() == TODAY


# Session, person, and the month's check-ins with the person's profile (country and
# look) in one query: the same three however full the month is, and however long the
# journal before it.
HISTORY_QUERIES = 3


def test_history_queries_do_not_grow_with_the_check_ins(owner, django_assert_num_queries):
    owner.client.get(URL)  # the first visit of the day also notes it in the session

    with django_assert_num_queries(HISTORY_QUERIES):
        empty = owner.client.get(URL)

    for day in range(1, 4):
        write(owner, date(2026, 3, day), f"day {day}")

    with django_assert_num_queries(HISTORY_QUERIES):
        few = owner.client.get(URL)

    for day in range(4, 26):
        write(owner, date(2026, 3, day), f"day {day}")

    with django_assert_num_queries(HISTORY_QUERIES):
        many = owner.client.get(URL)

    assert len(empty.context["checkins"]) == 0
    assert len(few.context["checkins"]) == 3
    assert len(many.context["checkins"]) == 25


def test_history_queries_do_not_grow_with_years_of_journal_before_the_month(
    owner, django_assert_num_queries
):
    owner.client.get(URL)
    for day in range(1, 29):
        save(owner, date(2026, 3, day), mood=day % 5 + 1, bleeding="light", intimacy="sex")

    with django_assert_num_queries(HISTORY_QUERIES):
        alone = owner.client.get(URL)

    day = date(2024, 3, 1)
    while day < date(2026, 3, 1):  # two years before it, every day, the body and all
        save(owner, day, mood=day.day % 5 + 1, bleeding="spotting", intimacy="closeness")
        day += timedelta(days=1)

    with django_assert_num_queries(HISTORY_QUERIES):
        after_years = owner.client.get(URL)
    with django_assert_num_queries(HISTORY_QUERIES):
        a_year_ago = owner.client.get(URL, {"month": "2025-03"})

    assert without_token(alone) == without_token(after_years)  # the same page, as it should be
    assert len(after_years.context["checkins"]) == 28
    assert len(a_year_ago.context["checkins"]) == 31


def without_token(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def save(person, day: date, **fields) -> None:  # type: ignore[no-untyped-def]
    services.checkin_save(owner=person.user, keys=person.keys, checkin=CheckIn(day=day, **fields))


def test_each_listed_day_links_to_its_own_page(owner):
    from django.urls import reverse

    owner.client.post("/journal/day/2026-03-11/", {"mood": "3", "note": "eleventh"})
    response = owner.client.get(URL)
    (row,) = response.context["rows"]
    assert row.url == reverse("journal:day", kwargs={"day": "2026-03-11"})
    assert f'href="{row.url}">Wednesday 11 March</a>' in response.content.decode()
