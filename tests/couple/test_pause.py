"""Pausing sharing, in one switch: every copy goes at once, the choices stay, and
resuming shares again what is marked, each copy with a new key. The partner is never
told "paused": they simply see nothing of the other's days."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from afterwards.couple import sharing, space
from afterwards.couple.kinds import PIN, SHARED_CHECKIN
from afterwards.couple.models import Member
from afterwards.journal import services
from afterwards.journal.checkin import KIND, CheckIn
from afterwards.vault import services as vault
from afterwards.vault.crypto import VaultError
from afterwards.vault.models import Entry, PartnerWrap
from tests.couple.test_membership import link

TODAY = date(2026, 3, 28)
PAUSE = "/together/pause/"


@pytest.fixture(autouse=True)
def _frozen_day(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime(2026, 3, 28, 12, 0, tzinfo=UTC), tick=False)


def _sharing(owner, partner) -> list[Entry]:  # type: ignore[no-untyped-def]
    """The two linked; the owner shares two days and keeps one."""
    link(owner, partner)
    for back, share in ((0, ["mood", "note"]), (1, ["mood"]), (2, [])):
        services.checkin_save(
            owner=owner.user,
            keys=owner.keys,
            checkin=CheckIn(
                day=TODAY - timedelta(days=back), mood=2, note=f"day {back}", share=share
            ),
        )
    return list(Entry.objects.filter(owner=owner.user, kind=SHARED_CHECKIN))


def _read_by(person) -> list[dict]:  # type: ignore[no-untyped-def]
    pair = sharing.pair_for(owner=person.user, keys=person.keys)
    return sharing.copies_from_partner(
        reader=person.user, keys=person.keys, pair=pair, kind=SHARED_CHECKIN
    )


def test_pausing_takes_back_every_copy_at_once_even_by_id(owner, partner):
    copies = _sharing(owner, partner)
    wraps = list(PartnerWrap.objects.filter(entry__in=copies))
    assert len(copies) == 2 and len(_read_by(partner)) == 2

    response = owner.client.post(PAUSE, {"paused": "on"}, follow=True)

    assert "Sharing paused." in response.content.decode()
    assert Member.objects.get(user=owner.user).paused
    assert _read_by(partner) == []
    assert not Entry.objects.filter(pk__in=[c.pk for c in copies]).exists()
    assert not PartnerWrap.objects.filter(reader=partner.user).exists()
    # The old wraps' bytes open nothing the owner writes from now on.
    later = vault.entry_put(
        owner=owner.user, keys=owner.keys, kind=SHARED_CHECKIN, index_value="x", content={}
    )
    for wrap in wraps:
        wrap.entry = later
        with pytest.raises(VaultError):
            vault.entry_open_shared(
                later, wrap, partner.keys, owner_public_key=bytes(owner.user.keyring.public_key)
            )


def test_pausing_keeps_the_pin_the_journal_and_every_choice(owner, partner):
    _sharing(owner, partner)

    owner.client.post(PAUSE, {"paused": "on"})

    assert Entry.objects.filter(owner=owner.user, kind=PIN).exists()
    assert Entry.objects.filter(owner=owner.user, kind=KIND).count() == 3
    today = services.checkin_for_day(owner=owner.user, keys=owner.keys, day=TODAY)
    assert today.share == ["mood", "note"]


def test_while_paused_a_saved_day_shares_nothing_and_says_so(owner, partner):
    _sharing(owner, partner)
    owner.client.post(PAUSE, {"paused": "on"})

    page = owner.client.get(f"/journal/day/{TODAY}/").content.decode()
    assert "Your sharing is paused" in page
    response = owner.client.post(
        f"/journal/day/{TODAY}/", {"mood": "3", "share": ["mood"]}, follow=True
    )

    assert "Your sharing is paused, so only you can read it for now." in response.content.decode()
    assert _read_by(partner) == []


def test_resuming_shares_again_everything_marked_each_with_a_new_key(owner, partner):
    before = {c.pk for c in _sharing(owner, partner)}
    owner.client.post(PAUSE, {"paused": "on"})

    response = owner.client.post(PAUSE, {"paused": "off", "next": "days"})

    assert response.status_code == 302 and response["Location"] == "/together/days/"
    assert not Member.objects.get(user=owner.user).paused
    read = sorted(_read_by(partner), key=lambda c: c["day"])
    assert [c["day"] for c in read] == [str(TODAY - timedelta(days=1)), str(TODAY)]
    assert "note" not in read[0] and read[1]["note"] == "day 0"
    after = set(Entry.objects.filter(owner=owner.user, kind=SHARED_CHECKIN).values_list("pk"))
    assert not before & {pk for (pk,) in after}


def test_a_paused_persons_days_vanish_for_the_partner_who_is_never_told(owner, partner):
    _sharing(owner, partner)
    shared_page = partner.client.get("/together/days/").content.decode()
    assert "day 0" in shared_page

    owner.client.post(PAUSE, {"paused": "on"})

    page = partner.client.get("/together/days/").content.decode()
    assert "day 0" not in page
    # The partner's own switch offers "Pause sharing"; nothing says the other paused.
    for seen in (page, partner.client.get("/together/").content.decode()):
        assert "paused" not in re.sub(r"<[^>]+>", " ", seen).lower()


def test_the_pause_switch_is_on_the_days_page_and_says_what_it_does(owner, partner):
    _sharing(owner, partner)

    response = owner.client.get("/together/days/")
    page = response.content.decode()

    assert "couple/includes/pause.html" in [t.name for t in response.templates]
    assert 'action="/together/pause/"' in page and 'name="paused" value="on"' in page
    assert "Pause sharing</button>" in page
    owner.client.post(PAUSE, {"paused": "on"})
    paused = owner.client.get("/together/days/").content.decode()
    assert 'name="paused" value="off"' in paused and "Resume sharing</button>" in paused
    assert "Your sharing is paused, so your partner sees nothing of your days" in paused


def test_resuming_with_a_changed_partner_key_stays_paused_and_shares_nothing(
    owner, partner, outsider
):
    _sharing(owner, partner)
    owner.client.post(PAUSE, {"paused": "on"})
    keyring = partner.user.keyring
    keyring.public_key = outsider.user.keyring.public_key
    keyring.save()

    response = owner.client.post(PAUSE, {"paused": "off"})

    assert response.status_code == 409
    assert Member.objects.get(user=owner.user).paused
    assert not Entry.objects.filter(kind=SHARED_CHECKIN).exists()


def test_outside_a_space_the_switch_changes_nothing(owner):
    response = owner.client.post(PAUSE, {"paused": "on"})

    assert response.status_code == 302 and response["Location"] == "/together/"
    assert not Member.objects.exists()
    assert owner.client.post(PAUSE, {"paused": "off"})["Location"] == "/together/"


def test_an_unknown_switch_or_return_address_changes_nothing(owner, partner):
    _sharing(owner, partner)

    response = owner.client.post(PAUSE, {"paused": "maybe", "next": "https://elsewhere"})

    assert response["Location"] == "/together/"
    assert not Member.objects.get(user=owner.user).paused
    assert len(_read_by(partner)) == 2


def test_pausing_before_settling_in_shares_nothing_on_settling(owner, partner):
    services.checkin_save(
        owner=owner.user, keys=owner.keys, checkin=CheckIn(day=TODAY, mood=2, share=["mood"])
    )
    link(owner, partner)
    space.sharing_pause(owner=owner.user)

    space.pair_ready(owner=owner.user, keys=owner.keys)

    assert Member.objects.get(user=owner.user).settled
    assert _read_by(partner) == []


def test_the_switch_answers_only_post(owner):
    assert owner.client.get(PAUSE).status_code == 405
