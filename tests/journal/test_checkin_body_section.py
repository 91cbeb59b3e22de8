"""Whether the check-in's body section (bleeding, pain, symptoms) is a person's own is
theirs to say: by default from About your loss (whether they were the one who was
pregnant), and on the check-in page at any time. Leaving it out deletes nothing: a day
that holds body answers still shows them, a save keeps them, the export has them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from afterwards.journal.forms import CheckInForm
from afterwards.journal.services import SETTINGS_KIND, CheckInSettings
from afterwards.loss.about import AboutLoss, about_loss_get, about_loss_save
from afterwards.vault.models import Entry
from afterwards.vault.services import entry_find
from tests.journal.conftest import TODAY, write
from tests.portability.conftest import export_of

URL = f"/journal/day/{TODAY.isoformat()}/"
SECTION = "<summary>Your body: bleeding, pain, symptoms</summary>"
LEFT_OUT = "Bleeding, pain and symptoms are left out of your check-in."
HIDE = 'form="body-choice" name="body_section" value="hide"'
SHOW = 'form="body-choice" name="body_section" value="show"'


def _page(person) -> str:  # type: ignore[no-untyped-def]
    return person.client.get(URL).content.decode()


def _pregnant(person, answer: str) -> None:  # type: ignore[no-untyped-def]
    about_loss_save(owner=person.user, keys=person.keys, about=AboutLoss(pregnant=answer))


@pytest.mark.parametrize("answer", ["", "yes", "unsaid"])
def test_the_body_section_is_asked_unless_the_person_said_they_were_not_pregnant(owner, answer):
    _pregnant(owner, answer)

    page = _page(owner)

    assert SECTION in page
    assert 'name="bleeding"' in page
    assert HIDE in page
    assert LEFT_OUT not in page


def test_a_person_who_was_not_the_one_pregnant_is_not_asked_about_their_body(owner):
    _pregnant(owner, "no")

    page = _page(owner)

    assert SECTION not in page
    for field in ("bleeding", "pain", "symptoms", "new_symptoms"):
        assert f'name="{field}"' not in page
    assert LEFT_OUT in page and SHOW in page
    # The rest of the day is asked as ever, and saves.
    assert owner.client.post(URL, {"mood": "3"}).status_code == 302
    assert services.checkin_for_day(owner=owner.user, keys=owner.keys, day=TODAY).mood == 3


def test_about_your_loss_asks_who_was_pregnant_and_the_check_in_follows(owner):
    page = owner.client.get("/about-your-loss/").content.decode()
    assert "Were you the one who was pregnant?" in page

    assert owner.client.post("/about-your-loss/", {"pregnant": "no"}).status_code == 302

    assert about_loss_get(owner=owner.user, keys=owner.keys).pregnant == "no"
    assert SECTION not in _page(owner)


def test_the_partners_answer_never_decides_for_the_other(owner, partner):
    # Each says for themselves: nothing is inferred from the other's About your loss.
    _pregnant(partner, "yes")

    assert SECTION in _page(owner)
    _pregnant(owner, "no")
    assert SECTION in _page(partner)


def test_a_person_can_leave_the_body_section_out_and_bring_it_back(owner):
    response = owner.client.post(URL, {"body_section": "hide"}, follow=True)

    page = response.content.decode()
    assert "left out of your check-in from now on" in page
    assert SECTION not in page and LEFT_OUT in page
    assert services.checkin_for_day(owner=owner.user, keys=owner.keys, day=TODAY) is None

    page = owner.client.post(URL, {"body_section": "show"}, follow=True).content.decode()
    assert "back in your check-in" in page
    assert SECTION in page


def test_the_choice_on_the_check_in_outweighs_about_your_loss_both_ways(owner):
    _pregnant(owner, "no")
    owner.client.post(URL, {"body_section": "show"})
    assert SECTION in _page(owner)

    _pregnant(owner, "yes")
    owner.client.post(URL, {"body_section": "hide"})
    assert SECTION not in _page(owner)


def test_the_choice_posts_nothing_of_the_day(owner):
    write(owner, TODAY, mood=4, bleeding="light")

    owner.client.post(URL, {"body_section": "hide", "mood": "1", "bleeding": "heavy"})

    day = services.checkin_for_day(owner=owner.user, keys=owner.keys, day=TODAY)
    assert (day.mood, day.bleeding) == (4, "light")


def test_leaving_it_out_deletes_nothing_a_day_with_body_answers_shows_and_keeps_them(owner):
    earlier = date(2026, 3, 20)
    write(owner, earlier, bleeding="heavy", pain=3, symptoms=["cramps"], custom_symptoms=["ache"])
    owner.client.post(URL, {"body_section": "hide"})

    # The day that holds body answers still shows them, checked, and its red flag.
    page = owner.client.get(f"/journal/day/{earlier.isoformat()}/").content.decode()
    assert SECTION in page
    assert 'value="heavy" id="id_bleeding_4" checked' in page
    assert "Heavy bleeding." in page
    assert SHOW in page and HIDE not in page
    assert "this day keeps the answers it already had" in page

    # A day without them leaves the section out; saving it keeps what it had.
    write(owner, TODAY, mood=2, bleeding=None)
    assert SECTION not in _page(owner)
    owner.client.post(URL, {"mood": "3"})
    assert services.checkin_for_day(owner=owner.user, keys=owner.keys, day=earlier).pain == 3

    # And the export still holds every body answer.
    entries = json.loads(export_of(owner).content)["entries"]
    (day,) = [
        e["content"] for e in entries if e["kind"] == "checkin" and e["index"] == "2026-03-20"
    ]
    assert (day["bleeding"], day["pain"], day["symptoms"]) == ("heavy", 3, ["cramps"])


def test_a_save_without_the_body_section_keeps_the_days_body_answers():
    # Such a day shows its section; this is the day saved elsewhere meanwhile.
    stored = CheckIn(
        day=TODAY, bleeding="medium", pain=5, symptoms=["fever"], custom_symptoms=["ache"]
    )
    form = CheckInForm({"mood": "2"}, body=False, body_kept=stored)

    assert form.is_valid(), form.errors
    assert form.checkin(TODAY) == replace(stored, mood=2)


def test_the_choice_is_sealed_in_the_vault(owner):
    owner.client.post(URL, {"body_section": "hide"})

    entry = Entry.objects.get(owner=owner.user, kind=SETTINGS_KIND)
    assert b"body" not in bytes(entry.blob) and b"false" not in bytes(entry.blob)
    content = entry_find(
        owner=owner.user, keys=owner.keys, kind=SETTINGS_KIND, index_value=SETTINGS_KIND
    )
    assert CheckInSettings.from_content(content) == CheckInSettings(body=False)


def test_the_choice_takes_no_extra_query(owner, django_assert_num_queries):
    from tests.journal.test_day_queries import DAY_QUERIES

    owner.client.get(URL)
    owner.client.post(URL, {"body_section": "hide"})
    _pregnant(owner, "no")
    with django_assert_num_queries(DAY_QUERIES):
        assert LEFT_OUT in _page(owner)


def test_an_outsider_cannot_change_anothers_choice(owner, outsider):
    outsider.client.post(URL, {"body_section": "hide"})

    assert SECTION in _page(owner)
    assert not Entry.objects.filter(owner=owner.user, kind=SETTINGS_KIND).exists()
