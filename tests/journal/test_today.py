"""/journal/day/: today, or the day chosen in the picker."""

from __future__ import annotations

URL = "/journal/day/"


def test_today_goes_to_the_page_of_today(owner):
    response = owner.client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/journal/day/2026-03-28/"


def test_picker_goes_to_the_chosen_day(owner):
    response = owner.client.get(URL, {"day": "2026-03-14"})

    assert response.status_code == 302
    assert response["Location"] == "/journal/day/2026-03-14/"


def test_picker_refuses_a_day_that_has_not_come_yet(owner):
    response = owner.client.get(URL, {"day": "2026-03-29"})

    assert response.status_code == 400
    assert response.context["picker"].errors["day"] == [
        "That day hasn't come yet. You can write about today or any day before it."
    ]
    assert 'id="id_day_error"' in response.content.decode()


def test_picker_refuses_something_that_is_not_a_date(owner):
    response = owner.client.get(URL, {"day": "next tuesday"})

    assert response.status_code == 400
    assert response.context["picker"].errors["day"] == ["Please give a date, like 2026-03-14."]


def test_today_sends_a_stranger_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={URL}"


def test_today_refuses_post(owner):
    assert owner.client.post(URL, {"day": "2026-03-14"}).status_code == 405
