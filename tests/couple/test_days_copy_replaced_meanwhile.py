"""/together/days/ when the partner saves a day again while the page is being read: the
copy whose id the page had just read is gone (a changed day is a new copy). Found by
`make bench-load` (a 500, KeyError in shared_days_read, with couples saving and reading
at once on PostgreSQL); the page now leaves that copy out, as if it had read the ids a
moment later."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from afterwards.couple import shared_days
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from tests.couple.test_membership import link

TODAY = date(2026, 3, 28)


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def write(person, day: date, note: str) -> None:  # type: ignore[no-untyped-def]
    services.checkin_save(
        owner=person.user,
        keys=person.keys,
        checkin=CheckIn(day=day, mood=3, grief=2, note=note, share=["mood", "note"]),
    )


@pytest.mark.parametrize("day", [TODAY, date(2026, 2, 2)], ids=["shown", "not shown"])
def test_a_copy_replaced_while_the_page_reads_is_left_out_not_an_error(
    owner, partner, monkeypatch, day
):
    link(owner, partner)
    write(partner, date(2026, 3, 20), "seen before")
    assert owner.client.get("/together/days/").status_code == 200  # remembers what it saw
    write(partner, day, "first words")
    opening = shared_days._open_partner

    def saved_again_meanwhile(wraps, keys, pair):  # type: ignore[no-untyped-def]
        # Between the page reading the copies' ids and opening them, the partner saves
        # the same day again: the copy the page is about to open is replaced.
        write(partner, day, "second words")
        return opening(wraps, keys, pair)

    monkeypatch.setattr(shared_days, "_open_partner", saved_again_meanwhile)
    reply = owner.client.get("/together/days/")
    assert reply.status_code == 200
    assert "first words" not in reply.content.decode()
    monkeypatch.setattr(shared_days, "_open_partner", opening)
    again = owner.client.get("/together/days/", {"month": f"{day:%Y-%m}"}).content.decode()
    assert "second words" in again and "first words" not in again
    march = owner.client.get("/together/days/", {"month": "2026-03"}).content.decode()
    assert "seen before" in march
