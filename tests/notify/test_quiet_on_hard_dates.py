"""Routine reminders stay quiet on a person's hard dates, in their own time zone (H-29).

The person's session writes the quiet days of the coming week when Today is opened
(dates/templatetags) or a page of theirs is saved; the worker, which cannot read hard
dates, obeys the days written. Everything goes through the real pages and the real worker.
"""

from __future__ import annotations

from datetime import date, datetime

import time_machine
from django.core import mail

from afterwards.dates.services import HardDates, OwnDate, hard_dates_get, hard_dates_save
from afterwards.loss.about import AboutLoss, about_loss_save
from afterwards.notify.models import Alarm, QuietDay, Sent
from afterwards.notify.quiet import AHEAD_DAYS
from afterwards.notify.worker import forget_old
from tests.notify.conftest import at, choose, tick

LOSS_DAY = date(2025, 3, 28)  # comes round again on Saturday 28 March 2026
CHECKIN = "Afterwards: a moment for today's check-in"
QUESTIONS = "Afterwards: a few questions, when you are ready"


def _loss_day(person, day: date = LOSS_DAY) -> None:  # type: ignore[no-untyped-def]
    about_loss_save(owner=person.user, keys=person.keys, about=AboutLoss(loss_date=day))


def _open_today(person, when: datetime) -> None:  # type: ignore[no-untyped-def]
    """The person opens Today: their session writes the coming week's quiet days."""
    with time_machine.travel(when, tick=False):
        assert person.client.get("/journal/day/", follow=True).status_code == 200


def _subjects() -> list[str]:
    return [message.subject for message in mail.outbox]


def test_the_check_in_reminder_is_quiet_on_the_loss_day_and_comes_the_days_around_it(
    owner, channels_on
):
    _loss_day(owner)
    choose(owner, checkin_on=True, hour=20)
    _open_today(owner, at(2026, 3, 24, 9, 0))

    tick(at(2026, 3, 27, 20, 0))  # 20:00 in London, the day before
    assert _subjects() == [CHECKIN]
    tick(at(2026, 3, 28, 20, 0))  # the loss day
    tick(at(2026, 3, 28, 23, 30))
    assert _subjects() == [CHECKIN]
    tick(at(2026, 3, 29, 19, 0))  # 20:00 in London, summer time, the day after
    assert _subjects() == [CHECKIN, CHECKIN]


def test_the_day_is_the_persons_own_in_their_time_zone(owner, channels_on):
    # 20:00 in Los Angeles on the 27th is 03:00 on the 28th in UTC: not the loss day there.
    _loss_day(owner)
    choose(owner, checkin_on=True, hour=20, time_zone="America/Los_Angeles")
    _open_today(owner, at(2026, 3, 24, 18, 0))

    tick(at(2026, 3, 28, 3, 0))  # 20:00 on the 27th in Los Angeles
    assert _subjects() == [CHECKIN]
    tick(at(2026, 3, 29, 3, 0))  # 20:00 on the 28th in Los Angeles: the loss day
    tick(at(2026, 3, 29, 6, 59))
    assert _subjects() == [CHECKIN]
    tick(at(2026, 3, 30, 3, 0))  # the 29th there
    assert _subjects() == [CHECKIN, CHECKIN]


def test_the_questionnaire_reminder_is_quiet_on_the_due_date_and_its_heads_up_still_comes(
    owner, channels_on
):
    about_loss_save(owner=owner.user, keys=owner.keys, about=AboutLoss(due_date=LOSS_DAY))
    choose(
        owner,
        questionnaire_on=True,
        questionnaire_every_days=14,
        questionnaire_next_on=date(2026, 3, 28),
        hour=20,
    )
    # A date of their own a week on, with a heads-up seven days before: on the due date.
    with time_machine.travel(at(2026, 3, 24, 9, 0), tick=False):
        owner.client.post(
            "/dates/add/",
            {"label": "A day", "day": "2026-04-04", "repeats": "yearly", "heads_up": "on"},
        )
    assert Alarm.objects.get().next_on == date(2026, 3, 28)

    tick(at(2026, 3, 28, 20, 0))

    assert _subjects() == ["Afterwards: a hard week may be coming"]


def test_a_reminder_kept_quiet_leaves_the_row_a_sent_one_leaves(owner, channels_on):
    _loss_day(owner)
    choose(owner, checkin_on=True, hour=20)
    _open_today(owner, at(2026, 3, 24, 9, 0))
    tick(at(2026, 3, 27, 20, 0))
    tick(at(2026, 3, 28, 20, 0))

    rows = {row.key: row.state for row in Sent.objects.all()}
    assert rows == {
        "checkin:2026-03-27:email": Sent.DONE,
        "checkin:2026-03-28:email": Sent.DONE,
    }
    assert len(mail.outbox) == 1


def test_reminders_come_on_hard_dates_for_a_person_who_chose_so(owner, channels_on):
    _loss_day(owner)
    choose(owner, checkin_on=True, hour=20)
    with time_machine.travel(at(2026, 3, 24, 9, 0), tick=False):
        assert owner.client.post("/dates/quiet/", {}).status_code == 302
    _open_today(owner, at(2026, 3, 24, 9, 5))
    assert hard_dates_get(owner=owner.user, keys=owner.keys).quiet_routine is False
    assert not QuietDay.objects.exists()

    tick(at(2026, 3, 28, 20, 0))

    assert _subjects() == [CHECKIN]


def test_a_day_not_yet_written_gets_its_reminder_as_any_other(owner, channels_on):
    """Only the coming week is written: a session last open longer ago wrote nothing for
    a date further on, and nothing is guessed in its place."""
    _loss_day(owner)
    choose(owner, checkin_on=True, hour=20)
    _open_today(owner, at(2026, 3, 18, 9, 0))  # ten days before
    assert not QuietDay.objects.exists()

    tick(at(2026, 3, 28, 20, 0))

    assert _subjects() == [CHECKIN]


def test_only_the_coming_week_is_kept_and_a_passed_day_goes(owner, channels_on):
    _loss_day(owner)
    own = OwnDate(label="A day of my own", day=date(2026, 4, 3), yearly=False)
    with time_machine.travel(at(2026, 3, 27, 9, 0), tick=False):
        hard_dates_save(
            owner=owner.user,
            keys=owner.keys,
            dates=HardDates(own=[own]),
            about=AboutLoss(loss_date=LOSS_DAY),
            space=None,
            today=date(2026, 3, 27),
        )
    assert not QuietDay.objects.exists()  # no routine reminder on: nothing to keep quiet
    choose(owner, checkin_on=True, hour=20)

    _open_today(owner, at(2026, 3, 27, 9, 0))
    assert sorted(QuietDay.objects.values_list("day", flat=True)) == [
        date(2026, 3, 28),
        date(2026, 4, 3),
    ]

    _open_today(owner, at(2026, 3, 30, 9, 0))  # the loss day is two days behind
    assert list(QuietDay.objects.values_list("day", flat=True)) == [date(2026, 4, 3)]
    forget_old(at(2026, 4, 6, 0, 0))
    assert not QuietDay.objects.exists()


def test_the_rows_hold_no_day_beyond_the_coming_week(owner, channels_on):
    every_day = [
        OwnDate(label=f"Day {n}", day=date(2026, 3, 20 + n), yearly=False) for n in range(12)
    ]
    choose(owner, checkin_on=True, hour=20)
    with time_machine.travel(at(2026, 3, 20, 9, 0), tick=False):
        hard_dates_save(
            owner=owner.user,
            keys=owner.keys,
            dates=HardDates(own=every_day),
            about=AboutLoss(),
            space=None,
            today=date(2026, 3, 20),
        )
    days = sorted(QuietDay.objects.values_list("day", flat=True))
    assert days[0] == date(2026, 3, 20) and (days[-1] - days[0]).days == AHEAD_DAYS
