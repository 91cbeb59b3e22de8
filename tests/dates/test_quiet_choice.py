"""The choice of routine reminders on hard dates: asked on the Hard dates page, quiet
until the person says otherwise, sealed with their dates, and said on the Reminders page."""

from __future__ import annotations

from datetime import date

from afterwards.dates.services import hard_dates_get
from afterwards.loss.about import AboutLoss, about_loss_save
from afterwards.notify.models import Preferences, QuietDay
from afterwards.vault.models import Entry
from tests.notify.conftest import choose

QUIET_LABEL = "Keep my daily check-in and questionnaire reminders quiet on these days"
ASKED = "Unless you choose otherwise, your daily check-in and questionnaire reminders stay quiet"


def _loss_day_today(person) -> None:  # type: ignore[no-untyped-def]
    # The frozen day (tests/dates/conftest.py) is 28 March 2026: the loss day comes round.
    about = AboutLoss(loss_date=date(2025, 3, 28), due_date=date(2025, 9, 1))
    about_loss_save(owner=person.user, keys=person.keys, about=about)


def test_the_hard_dates_page_asks_once_with_quiet_chosen(owner):
    _loss_day_today(owner)

    page = owner.client.get("/dates/").content.decode()

    assert QUIET_LABEL in page and ASKED in page
    assert 'name="quiet"' in page and "checked" in page.split('name="quiet"')[1].split(">")[0]
    assert hard_dates_get(owner=owner.user, keys=owner.keys).quiet_routine is None


def test_choosing_reminders_as_usual_is_kept_sealed_and_shown(owner):
    _loss_day_today(owner)
    choose(owner, checkin_on=True, hour=20)
    before = Preferences.objects.values().get()

    response = owner.client.post("/dates/quiet/", {})

    assert response.status_code == 302
    assert hard_dates_get(owner=owner.user, keys=owner.keys).quiet_routine is False
    page = owner.client.get("/dates/").content.decode()
    assert ASKED not in page
    assert "checked" not in page.split('name="quiet"')[1].split(">")[0]
    assert not QuietDay.objects.exists()
    # The choice is sealed with the dates: nothing in clear changed.
    assert Entry.objects.filter(owner=owner.user, kind="hard_dates").exists()
    assert Preferences.objects.values().get() == before


def test_choosing_quiet_again_writes_the_days_of_this_week(owner):
    _loss_day_today(owner)
    choose(owner, checkin_on=True, hour=20)
    owner.client.post("/dates/quiet/", {})

    owner.client.post("/dates/quiet/", {"quiet": "on"})

    assert hard_dates_get(owner=owner.user, keys=owner.keys).quiet_routine is True
    assert list(QuietDay.objects.values_list("day", flat=True)) == [date(2026, 3, 28)]


def test_changing_about_your_loss_moves_the_quiet_days_with_it(owner):
    choose(owner, checkin_on=True, hour=20)
    owner.client.post("/about-your-loss/", {"loss_date": "2025-03-30"})
    assert list(QuietDay.objects.values_list("day", flat=True)) == [date(2026, 3, 30)]

    owner.client.post("/about-your-loss/", {"loss_date": "2025-01-30"})

    assert not QuietDay.objects.exists()


def test_turning_a_reminder_on_writes_the_quiet_days_and_off_clears_them(owner):
    _loss_day_today(owner)
    form = {"hour": "20", "time_zone": "Europe/London", "quiet_from": "22", "quiet_to": "7"}

    owner.client.post("/reminders/", form | {"checkin_on": "on"})
    assert list(QuietDay.objects.values_list("day", flat=True)) == [date(2026, 3, 28)]

    owner.client.post("/reminders/", form)
    assert not QuietDay.objects.exists()


def test_the_reminders_page_says_they_stay_quiet_on_hard_dates(owner):
    page = owner.client.get("/reminders/").content.decode()

    assert "these two stay quiet" in page
    assert "which days of the coming week to keep quiet" in page
