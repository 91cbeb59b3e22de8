"""A choice to tell the partner belongs to the space it was made in (H-18): when the
schedule is brought in line again in a later space, with the same partner or another,
nobody there is told."""

from __future__ import annotations

from afterwards.couple import membership
from afterwards.dates.services import hard_dates_get
from afterwards.notify.models import Alarm
from tests.couple.test_membership import link
from tests.dates.test_heads_up_on_today import PARTNER_LINE, _soon, _today


def test_a_later_space_is_not_told_when_the_schedule_is_saved_again(owner, partner):
    link(owner, partner)
    _soon(owner, partner="on")
    [first] = hard_dates_get(owner=owner.user, keys=owner.keys).own
    assert Alarm.objects.get(alarm_id=first.heads_up.alarm).to_partner
    membership.couple_leave(user=owner.user)
    link(owner, partner)  # a new space

    # Adding another date brings the whole schedule in line, the first date's too.
    _soon(owner, label="Another day", day="2026-04-02")

    assert not Alarm.objects.get(alarm_id=first.heads_up.alarm).to_partner
    assert not Alarm.objects.filter(to_partner=True).exists()
    assert PARTNER_LINE not in _today(partner)
