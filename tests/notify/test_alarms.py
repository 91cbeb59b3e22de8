"""The clear schedule of hard-date heads-ups that the Hard dates pages call."""

from __future__ import annotations

from datetime import date

import time_machine

from afterwards.couple import membership
from afterwards.notify import alarms, worker
from afterwards.notify.models import Alarm
from tests.notify.conftest import at


def link(inviter, acceptor):
    new = membership.invitation_create(inviter=inviter.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=acceptor.user)


def own(person, today: date) -> bool:
    """Whether the person has a heads-up of their own (Today then reads the sealed one)."""
    return alarms.heads_ups(user=person.user, today=today)[0]


def partners(person, today: date) -> bool:
    """Whether a heads-up the partner meant for this person holds today."""
    return alarms.heads_ups(user=person.user, today=today)[1]


def for_partner(owner, partner, *, first_on: date, yearly: bool) -> None:
    link(owner, partner)
    alarms.alarm_set(
        user=owner.user, alarm_id="a1", first_on=first_on, yearly=yearly, to_partner=True
    )


@time_machine.travel(date(2026, 3, 28), tick=False)
def test_a_heads_up_window_is_seven_days_from_the_day_it_goes_out(owner, partner):
    for_partner(owner, partner, first_on=date(2026, 4, 2), yearly=False)
    assert not partners(partner, date(2026, 4, 1))
    assert partners(partner, date(2026, 4, 2))
    assert partners(partner, date(2026, 4, 8))
    assert not partners(partner, date(2026, 4, 9))


@time_machine.travel(date(2026, 3, 28), tick=False)
def test_setting_the_same_id_again_replaces_the_alarm_and_clearing_removes_it(owner):
    for first_on in (date(2026, 4, 2), date(2026, 5, 2)):
        alarms.alarm_set(
            user=owner.user, alarm_id="a1", first_on=first_on, yearly=False, to_partner=True
        )
    assert Alarm.objects.get(user=owner.user).next_on == date(2026, 5, 2)
    alarms.alarm_set(
        user=owner.user, alarm_id="a2", first_on=first_on, yearly=False, to_partner=True
    )
    alarms.alarm_clear(user=owner.user, alarm_id="a1")
    assert list(Alarm.objects.values_list("alarm_id", flat=True)) == ["a2"]
    alarms.alarms_clear_all(user=owner.user)
    assert not Alarm.objects.exists()


@time_machine.travel(date(2026, 3, 28), tick=False)
def test_a_yearly_heads_up_from_a_past_year_is_counted_by_month_and_day(owner, partner):
    for_partner(owner, partner, first_on=date(2024, 6, 10), yearly=True)
    assert Alarm.objects.get().next_on == date(2026, 6, 10)
    assert partners(partner, date(2026, 6, 12))
    assert not partners(partner, date(2026, 6, 9))


@time_machine.travel(date(2026, 3, 28), tick=False)
def test_a_yearly_heads_up_on_29_february_falls_on_the_28th_in_other_years(owner):
    alarms.alarm_set(
        user=owner.user, alarm_id="a1", first_on=date(2024, 2, 29), yearly=True, to_partner=False
    )
    assert Alarm.objects.get().next_on == date(2027, 2, 28)
    worker.plan(at(2027, 3, 8, 12, 0))  # its week has ended: the worker moves it on
    assert Alarm.objects.get().next_on == date(2028, 2, 29)
    worker.plan(at(2028, 3, 8, 12, 0))
    assert Alarm.objects.get().next_on == date(2029, 2, 28)


@time_machine.travel(date(2026, 3, 28), tick=False)
def test_a_yearly_heads_up_that_moved_on_still_holds_its_week_into_the_new_year(owner, partner):
    for_partner(owner, partner, first_on=date(2026, 12, 29), yearly=True)
    assert partners(partner, date(2027, 1, 4))
    worker.plan(at(2027, 1, 6, 12, 0))
    assert Alarm.objects.get().next_on == date(2027, 12, 29)
    assert partners(partner, date(2027, 1, 4))
    assert not partners(partner, date(2027, 1, 5))


@time_machine.travel(date(2026, 3, 28), tick=False)
def test_the_partner_sees_a_heads_up_only_when_it_is_meant_for_them(owner, partner):
    link(owner, partner)
    today = date(2026, 4, 3)
    alarms.alarm_set(
        user=owner.user, alarm_id="a1", first_on=date(2026, 4, 2), yearly=False, to_partner=False
    )
    assert not partners(partner, today)
    alarms.alarm_set(
        user=owner.user, alarm_id="a1", first_on=date(2026, 4, 2), yearly=False, to_partner=True
    )
    assert partners(partner, today)
    # The person's own heads-up is not the partner's, and the other way round.
    assert not partners(owner, today)
    assert not own(partner, today)


@time_machine.travel(date(2026, 3, 28), tick=False)
def test_leaving_the_couple_stops_partner_heads_ups_at_once(owner, partner, outsider):
    link(owner, partner)
    alarms.alarm_set(
        user=owner.user, alarm_id="a1", first_on=date(2026, 4, 2), yearly=True, to_partner=True
    )
    assert partners(partner, date(2026, 4, 3)), "positive control"
    assert not partners(outsider, date(2026, 4, 3))
    membership.couple_leave(user=partner.user)
    assert not partners(partner, date(2026, 4, 3))
    assert own(owner, date(2026, 4, 3))


def test_deleting_an_account_leaves_no_alarm(owner):
    alarms.alarm_set(
        user=owner.user, alarm_id="a1", first_on=date(2026, 4, 2), yearly=True, to_partner=True
    )
    owner.user.delete()
    assert not Alarm.objects.exists()


@time_machine.travel(date(2026, 3, 28), tick=False)
def test_leaving_takes_the_partner_choice_off_both_schedules(owner, partner, outsider):
    # Otherwise a later partner would see a heads-up meant for this one until the next save.
    link(owner, partner)
    for person in (owner, partner):
        alarms.alarm_set(
            user=person.user, alarm_id="a1", first_on=date(2026, 4, 2), yearly=True, to_partner=True
        )
    membership.couple_leave(user=owner.user)
    assert not Alarm.objects.filter(to_partner=True).exists()

    link(outsider, owner)
    assert not partners(outsider, date(2026, 4, 3))


@time_machine.travel(date(2026, 3, 28), tick=False)
def test_both_heads_ups_are_read_in_one_query(owner, partner, django_assert_num_queries):
    link(owner, partner)
    alarms.alarm_set(
        user=partner.user, alarm_id="p1", first_on=date(2026, 4, 2), yearly=True, to_partner=True
    )
    # (has a heads-up of their own, a partner's heads-up for them is up today)
    with django_assert_num_queries(1):
        assert alarms.heads_ups(user=owner.user, today=date(2026, 4, 3)) == (False, True)
    with django_assert_num_queries(1):
        assert alarms.heads_ups(user=partner.user, today=date(2026, 4, 3)) == (True, False)
    with django_assert_num_queries(1):
        assert alarms.heads_ups(user=owner.user, today=date(2026, 4, 20)) == (False, False)


def test_a_yearly_heads_up_moves_on_by_its_own_month_and_day_not_the_dates():
    """The known limitation docs/threat-model.md states: the date is not in clear, so a
    heads-up 7 days before 5 March goes out on 26 February in a leap year too, a day
    early (7 days before 5 March 2028 is the 27th)."""
    set_in_2027 = Alarm(next_on=date(2027, 2, 26), yearly=True)
    assert alarms.occurrence_in(set_in_2027, 2028) == date(2028, 2, 26)
