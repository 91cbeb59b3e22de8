"""The heads-up on Today: a calm line for the person, and for the partner only the words
"a hard week may be coming", never the date, the reason or the kind of loss; gone at
once when either leaves the space."""

from __future__ import annotations

from datetime import date

import time_machine

from afterwards.couple import membership
from afterwards.dates.services import hard_dates_get
from afterwards.loss.about import AboutLoss, about_loss_save
from afterwards.notify.models import Alarm
from tests.couple.test_membership import link

TODAY = "/journal/day/2026-03-28/"
OWN_LINE = "A hard day may be coming soon. Be gentle with yourself; help is always one step away."
PARTNER_LINE = "Your partner let you know a hard week may be coming."
LABEL = "Ash's birthday"


def _soon(person, **fields):  # type: ignore[no-untyped-def]
    """A date four days from the frozen today, a heads-up seven days before it."""
    data = {"label": LABEL, "day": "2026-04-01", "repeats": "yearly", "heads_up": "on"}
    return person.client.post("/dates/add/", data | fields)


def _today(person) -> str:  # type: ignore[no-untyped-def]
    response = person.client.get(TODAY)
    assert response.status_code == 200
    return response.content.decode()


def test_a_person_sees_a_calm_line_with_help_when_a_heads_up_is_due(owner):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(kind="stillbirth"))
    _soon(owner)

    page = _today(owner)

    assert OWN_LINE in page
    assert 'href="/help/"' in page and 'href="/dates/"' in page
    assert LABEL not in page and "1 April" not in page
    assert PARTNER_LINE not in page


def test_no_line_before_the_heads_up_is_due_or_on_another_day(owner):
    _soon(owner, day="2026-05-20")
    assert OWN_LINE not in _today(owner)

    _soon(owner)
    assert OWN_LINE in _today(owner)
    assert OWN_LINE not in owner.client.get("/journal/day/2026-03-27/").content.decode()


def test_the_partner_option_is_offered_only_in_a_space_and_says_what_they_see(owner, partner):
    assert "Also let my partner know" not in owner.client.get("/dates/add/").content.decode()
    link(owner, partner)

    page = owner.client.get("/dates/add/").content.decode()

    assert "Also let my partner know a hard week may be coming" in page
    assert f"Your partner would see only these words on their Today page: “{PARTNER_LINE}”" in page
    assert "Never which date, or why." in page


def test_the_partner_sees_only_that_a_hard_week_may_be_coming(owner, partner, outsider):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(kind="ectopic"))
    link(owner, partner)
    _soon(owner, partner="on")
    assert Alarm.objects.get().to_partner

    page = _today(partner)

    assert PARTNER_LINE in page
    assert OWN_LINE not in page
    for secret in (LABEL, "1 April", "April", "ectopic", "Ectopic", "anniversary"):
        assert secret not in page
    assert PARTNER_LINE not in _today(outsider)


def test_without_the_partner_choice_the_partner_sees_nothing(owner, partner):
    link(owner, partner)
    _soon(owner)

    assert PARTNER_LINE not in _today(partner)
    assert OWN_LINE in _today(owner)


def test_the_partner_line_goes_at_once_when_the_partner_leaves(owner, partner):
    link(owner, partner)
    _soon(owner, partner="on")
    assert PARTNER_LINE in _today(partner)

    membership.couple_leave(user=partner.user)

    assert PARTNER_LINE not in _today(partner)
    assert OWN_LINE in _today(owner)


def test_the_partner_line_goes_at_once_when_the_person_leaves(owner, partner):
    link(owner, partner)
    _soon(owner, partner="on")

    membership.couple_leave(user=owner.user)

    assert PARTNER_LINE not in _today(partner)


def test_the_choice_to_tell_a_partner_is_for_that_space_only(owner, partner):
    link(owner, partner)
    _soon(owner, partner="on")
    [own] = hard_dates_get(owner=owner.user, keys=owner.keys).own
    membership.couple_leave(user=owner.user)

    form = owner.client.get(f"/dates/{own.id}/")
    assert "Also let my partner know" not in form.content.decode()
    link(owner, partner)  # a space again, a new one
    page = owner.client.get(f"/dates/{own.id}/")
    assert page.context["form"].initial["partner"] is False
    assert "your partner is told" not in owner.client.get("/dates/").content.decode()


def test_a_heads_up_for_the_due_date_can_tell_the_partner(owner, partner):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(due_date=date(2025, 4, 2)))
    link(owner, partner)

    response = owner.client.post(
        "/dates/due/", {"heads_up": "on", "days_before": "7", "partner": "on"}
    )

    assert response.status_code == 302
    alarm = Alarm.objects.get()
    assert (alarm.next_on, alarm.yearly, alarm.to_partner) == (date(2026, 3, 26), True, True)
    assert PARTNER_LINE in _today(partner)
    page = owner.client.get("/dates/").content.decode()
    assert "A heads-up 7 days before, and your partner is told a hard week may be coming." in page


def test_the_line_stays_until_the_date_itself_and_is_gone_the_day_after(owner):
    # Two days before 30 March: up on the 28th, the 29th and the day itself.
    _soon(owner, day="2026-03-30", days_before="2")
    assert OWN_LINE in _today(owner)
    for day, shown in (("2026-03-30", True), ("2026-03-31", False)):
        with time_machine.travel(date.fromisoformat(day), tick=False):
            page = owner.client.get(f"/journal/day/{day}/").content.decode()
        assert (OWN_LINE in page) is shown, day


def test_a_heads_up_four_weeks_before_is_up_for_all_four_weeks(owner):
    # The clear schedule holds only the day it goes out; the person's own page works out
    # the rest from the sealed choice.
    _soon(owner, day="2026-04-20", days_before="28")
    assert OWN_LINE in _today(owner)
    with time_machine.travel(date(2026, 4, 6), tick=False):  # two weeks before the date
        assert OWN_LINE in owner.client.get("/journal/day/2026-04-06/").content.decode()


def test_the_list_says_a_paused_partner_is_not_told(owner, partner):
    link(owner, partner)
    _soon(owner, partner="on")
    told = "and your partner is told a hard week may be coming"
    assert f"{told}." in owner.client.get("/dates/").content.decode()

    owner.client.post("/together/pause/", {"paused": "on"})

    assert (
        f"{told} (not while your sharing is paused)."
        in owner.client.get("/dates/").content.decode()
    )
    assert PARTNER_LINE not in _today(partner)
