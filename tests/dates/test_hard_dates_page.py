"""/dates/: the day of the loss and the due date from About your loss, the person's own
dates (added, changed, removed), and the heads-up choices; sealed in one entry, with only
the schedule in clear."""

from __future__ import annotations

from datetime import date

import pytest

from afterwards.dates.services import KIND, HardDates, hard_dates_get
from afterwards.loss.about import AboutLoss, about_loss_save
from afterwards.notify.models import Alarm
from afterwards.vault.models import Entry
from tests.couple.test_membership import link

URL = "/dates/"
ADD = "/dates/add/"


def _stored(person) -> HardDates:  # type: ignore[no-untyped-def]
    return hard_dates_get(owner=person.user, keys=person.keys)


def _add(person, **fields):  # type: ignore[no-untyped-def]
    data = {"label": "The first scan", "day": "2025-06-02", "repeats": "yearly"} | fields
    return person.client.post(ADD, data)


def _about(person, **fields) -> None:  # type: ignore[no-untyped-def]
    about_loss_save(owner=person.user, keys=person.keys, about=AboutLoss(**fields))


def test_the_list_shows_the_day_of_the_loss_and_the_due_date_from_about_your_loss(owner):
    _about(owner, kind="miscarriage", loss_date=date(2025, 4, 20), due_date=date(2025, 11, 2))

    response = owner.client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "The day of your loss" in page and "20 April 2025, every year." in page
    assert "Next: Monday 20 April 2026." in page
    assert "The due date" in page and "Next: Monday 2 November 2026." in page
    assert page.count("you can change the date there") == 2
    assert 'href="/about-your-loss/"' in page
    assert page.count("No heads-up.") == 2


def test_an_empty_list_invites_without_pressing(owner):
    page = owner.client.get(URL).content.decode()

    assert "There are no dates here yet. Whenever you like, you can add one" in page
    assert 'href="/dates/add/"' in page
    assert not Entry.objects.filter(owner=owner.user, kind=KIND).exists()


def test_about_your_loss_and_your_days_link_to_hard_dates(owner):
    assert 'href="/dates/"' in owner.client.get("/about-your-loss/").content.decode()
    assert 'href="/dates/"' in owner.client.get("/journal/").content.decode()


def test_a_person_adds_a_date_of_their_own_with_no_heads_up_by_default(owner):
    form = owner.client.get(ADD)
    assert form.status_code == 200
    assert form.context["form"]["days_before"].value() == 7
    assert "Also let my partner know" not in form.content.decode()  # not in a space

    response = _add(owner, label="  Their name   day ")

    assert response.status_code == 302 and response["Location"] == URL
    [own] = _stored(owner).own
    assert (own.label, own.day, own.yearly) == ("Their name day", date(2025, 6, 2), True)
    assert not own.heads_up.on and own.heads_up.days_before == 7
    assert Entry.objects.filter(owner=owner.user, kind=KIND).count() == 1
    assert not Alarm.objects.exists()
    page = owner.client.get(URL).content.decode()
    assert "Their name day" in page and "Next: Tuesday 2 June 2026." in page


def test_a_heads_up_puts_only_a_day_and_two_flags_in_the_clear_schedule(owner):
    _add(owner, heads_up="on", days_before="10")

    [own] = _stored(owner).own
    alarm = Alarm.objects.get()
    assert alarm.user == owner.user and alarm.alarm_id == own.heads_up.alarm
    assert (alarm.next_on, alarm.yearly, alarm.to_partner) == (date(2026, 5, 23), True, False)
    # Neither the date nor the days before: only the day the heads-up goes out.
    clear = {f.name for f in Alarm._meta.get_fields()}
    assert clear == {"id", "user", "alarm_id", "next_on", "yearly", "leap_day", "to_partner"}
    assert "scan" not in alarm.alarm_id.lower()
    assert "A heads-up 10 days before." in owner.client.get(URL).content.decode()


def test_a_date_that_happens_once_in_the_future_has_a_heads_up_that_does_not_repeat(owner):
    _add(owner, label="A hospital visit", day="2026-05-04", repeats="once", heads_up="on")

    alarm = Alarm.objects.get()
    assert (alarm.next_on, alarm.yearly) == (date(2026, 4, 27), False)


def test_a_date_that_happened_once_and_passed_has_no_heads_up(owner):
    _add(owner, label="A hospital visit", day="2026-01-04", repeats="once", heads_up="on")

    assert not Alarm.objects.exists()
    page = owner.client.get(URL).content.decode()
    assert "This day has passed." in page
    assert "No heads-up: this day will not come again." in page


def test_a_person_changes_their_date_and_its_heads_up_follows(owner):
    _add(owner, heads_up="on")
    [own] = _stored(owner).own
    edit = f"/dates/{own.id}/"
    form = owner.client.get(edit)
    assert form.status_code == 200 and form.context["form"].initial["label"] == "The first scan"

    response = owner.client.post(
        edit,
        {
            "label": "Scan day",
            "day": "2025-04-02",
            "repeats": "yearly",
            "heads_up": "on",
            "days_before": "3",
        },
    )

    assert response.status_code == 302
    [changed] = _stored(owner).own
    assert (changed.id, changed.label, changed.day) == (own.id, "Scan day", date(2025, 4, 2))
    alarm = Alarm.objects.get()
    assert alarm.alarm_id == own.heads_up.alarm and alarm.next_on == date(2026, 3, 30)


def test_turning_a_heads_up_off_clears_its_schedule(owner):
    _add(owner, heads_up="on")
    [own] = _stored(owner).own

    owner.client.post(f"/dates/{own.id}/", {"label": "x", "day": "2025-06-02", "repeats": "once"})

    assert not Alarm.objects.exists()
    assert not _stored(owner).own[0].heads_up.on


def test_removing_a_date_removes_it_and_its_heads_up(owner):
    _add(owner, heads_up="on")
    _add(owner, label="Another day", day="2025-08-09", heads_up="on")
    first, second = _stored(owner).own

    response = owner.client.post(f"/dates/{first.id}/remove/")

    assert response.status_code == 302
    assert [own.id for own in _stored(owner).own] == [second.id]
    assert list(Alarm.objects.values_list("alarm_id", flat=True)) == [second.heads_up.alarm]
    owner.client.post(f"/dates/{second.id}/remove/")
    assert _stored(owner).own == [] and not Alarm.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"day": ""}, "day", "Please give the date."),
        ({"day": "2026-02-30"}, "day", "Please give a date that exists"),
        ({"day": "0999-02-03"}, "day", "Please choose a day between 1900 and 2200."),
        ({"days_before": "0"}, "days_before", "from 1 to 28"),
        ({"days_before": "99"}, "days_before", "from 1 to 28"),
        ({"days_before": "soon"}, "days_before", "from 1 to 28"),
        ({"label": "x" * 81}, "label", "80 characters or fewer"),
        ({"label": "   "}, "label", "a few words of your own"),
        ({"repeats": "monthly"}, "repeats", "every year or just once"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(owner, fields, field, message):
    response = _add(owner, **({"heads_up": "on"} | fields))

    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert 'value="2025-06-02"' in page or field == "day"  # what was typed stays
    assert not Entry.objects.filter(owner=owner.user, kind=KIND).exists()
    assert not Alarm.objects.exists()


def test_bad_input_when_changing_a_date_keeps_the_date_as_it_was(owner):
    _add(owner)
    [own] = _stored(owner).own

    response = owner.client.post(
        f"/dates/{own.id}/", {"label": "Changed", "day": "2026-02-30", "repeats": "yearly"}
    )

    assert response.status_code == 400
    assert 'value="Changed"' in response.content.decode()
    assert _stored(owner).own == [own]


def test_a_heads_up_before_the_day_of_the_loss_repeats_every_year(owner):
    _about(owner, loss_date=date(2025, 4, 20))
    form = owner.client.get("/dates/loss/")
    assert form.status_code == 200
    assert "Your words for this date" not in form.content.decode()  # the date is About's

    response = owner.client.post("/dates/loss/", {"heads_up": "on", "days_before": ""})

    assert response.status_code == 302
    alarm = Alarm.objects.get()
    assert alarm.alarm_id == _stored(owner).loss.alarm
    assert (alarm.next_on, alarm.yearly) == (date(2026, 4, 13), True)


def test_a_bad_number_of_days_for_the_loss_day_is_refused(owner):
    _about(owner, loss_date=date(2025, 4, 20))

    response = owner.client.post("/dates/loss/", {"heads_up": "on", "days_before": "29"})

    assert response.status_code == 400
    assert not Alarm.objects.exists()
    assert not Entry.objects.filter(owner=owner.user, kind=KIND).exists()


def test_the_heads_up_follows_changes_in_about_your_loss(owner):
    _about(owner, loss_date=date(2025, 4, 20))
    owner.client.post("/dates/loss/", {"heads_up": "on", "days_before": "7"})

    owner.client.post("/about-your-loss/", {"loss_date": "2025-05-10"})
    assert Alarm.objects.get().next_on == date(2026, 5, 3)

    owner.client.post("/about-your-loss/", {})  # the date taken away
    assert not Alarm.objects.exists()
    assert _stored(owner).loss.on  # the choice is kept for when a date comes back

    owner.client.post("/about-your-loss/", {"loss_date": "2025-05-10"})
    assert Alarm.objects.get().next_on == date(2026, 5, 3)


def test_dates_that_do_not_exist_or_are_not_there_are_not_found(owner):
    assert owner.client.get("/dates/due/").status_code == 404  # no due date given
    assert owner.client.get("/dates/not-a-date/").status_code == 404
    _about(owner, loss_date=date(2025, 4, 20))
    assert owner.client.post("/dates/loss/remove/").status_code == 404


def test_another_person_cannot_reach_a_date(owner, outsider):
    _add(owner)
    [own] = _stored(owner).own

    assert outsider.client.get(f"/dates/{own.id}/").status_code == 404
    assert outsider.client.post(f"/dates/{own.id}/remove/").status_code == 404
    assert _stored(owner).own == [own]


def test_removing_asks_for_a_post(owner):
    _add(owner)
    [own] = _stored(owner).own

    assert owner.client.get(f"/dates/{own.id}/remove/").status_code == 405
    assert _stored(owner).own == [own]


def test_someone_not_logged_in_is_asked_to_log_in(client, db):  # type: ignore[no-untyped-def]
    response = client.get(URL)

    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_partner_choice_quotes_the_words_the_partner_would_get(owner, partner):
    from django.template.loader import render_to_string

    from afterwards.dates.forms import PARTNER_REMINDER, PARTNER_WORDS

    link(owner, partner)
    page = owner.client.get("/dates/add/").content.decode()
    pushed = render_to_string("notify/messages/partner_heads_up_push.txt", {}).strip()
    assert pushed == PARTNER_REMINDER
    assert PARTNER_WORDS in page and PARTNER_REMINDER in page


def test_a_dates_words_stay_out_of_the_page_title(owner):
    _add(owner, label="Naming day for Pip")
    [own] = _stored(owner).own
    page = owner.client.get(f"/dates/{own.id}/").content.decode()
    assert "<title>Change a date" in page
    assert "Pip" not in page.split("</title>")[0]
