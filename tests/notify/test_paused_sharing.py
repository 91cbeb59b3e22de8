"""A person who paused sharing shares nothing with their partner: not even the heads-up
"a hard week may be coming", on the partner's Today page or in the partner's reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from afterwards.couple import membership
from afterwards.notify import alarms

TODAY = "/journal/day/2026-03-28/"
PARTNER_LINE = "Your partner let you know a hard week may be coming."
PAUSE = "/together/pause/"


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    # Autouse, so it runs before the personas log in: their sessions live on this day too.
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def _linked_with_a_heads_up_for_the_partner(owner, partner) -> None:  # type: ignore[no-untyped-def]
    new = membership.invitation_create(inviter=owner.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=partner.user)
    alarms.alarm_set(
        user=owner.user, alarm_id="x1", first_on=date(2026, 3, 25), yearly=True, to_partner=True
    )


def _today(person) -> str:  # type: ignore[no-untyped-def]
    response = person.client.get(TODAY)
    assert response.status_code == 200
    return response.content.decode()


def test_the_partner_sees_no_heads_up_while_the_person_has_paused_sharing(owner, partner):
    _linked_with_a_heads_up_for_the_partner(owner, partner)
    assert PARTNER_LINE in _today(partner)

    assert owner.client.post(PAUSE, {"paused": "on"}).status_code == 302

    assert PARTNER_LINE not in _today(partner)
    assert alarms.heads_ups(user=partner.user, today=date(2026, 3, 28)) == (False, False)

    owner.client.post(PAUSE, {"paused": "off"})

    assert PARTNER_LINE in _today(partner)
    assert alarms.heads_ups(user=partner.user, today=date(2026, 3, 28)) == (False, True)


def test_the_person_pausing_their_own_sharing_still_sees_their_partners_heads_up(owner, partner):
    _linked_with_a_heads_up_for_the_partner(owner, partner)

    partner.client.post(PAUSE, {"paused": "on"})

    assert PARTNER_LINE in _today(partner)
