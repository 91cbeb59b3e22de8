"""Linking and leaving, below the pages: invitations, one couple each, leaving alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from afterwards.couple import membership, pins, sharing, space
from afterwards.couple.kinds import SHARED_CHECKIN
from afterwards.couple.models import Couple, Invitation, Member, SpaceEnded
from afterwards.vault import services as vault
from afterwards.vault.crypto import VaultError
from afterwards.vault.models import Entry, PartnerWrap


def link(inviter, acceptor):
    new = membership.invitation_create(inviter=inviter.user)
    return membership.invitation_accept(invitation=new.invitation, acceptor=acceptor.user)


def test_an_invitation_links_two_people_by_its_link_or_its_code(owner, partner):
    new = membership.invitation_create(inviter=owner.user)
    assert membership.invitation_by_token(new.token) == new.invitation
    typed = new.code.lower().replace("-", " ").replace("0", "o")
    assert membership.invitation_by_code(typed) == new.invitation
    membership.invitation_accept(invitation=new.invitation, acceptor=partner.user)
    assert membership.partner_of(owner.user) == partner.user
    assert membership.partner_of(partner.user) == owner.user


def test_only_hashes_of_the_link_and_code_are_kept(owner):
    new = membership.invitation_create(inviter=owner.user)
    row = Invitation.objects.get()
    assert new.token not in (row.token_hash, row.code_hash)
    assert new.code.replace("-", "") not in (row.token_hash, row.code_hash)


def test_an_invitation_is_used_once(owner, partner, outsider):
    new = membership.invitation_create(inviter=owner.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=partner.user)
    assert membership.invitation_by_token(new.token) is None
    with pytest.raises(membership.CannotLink):
        membership.invitation_accept(invitation=new.invitation, acceptor=outsider.user)
    assert membership.partner_of(outsider.user) is None


def test_an_invitation_runs_out_after_seven_days(owner):
    new = membership.invitation_create(inviter=owner.user)
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        assert membership.invitation_by_token(new.token) is None
        assert membership.invitation_by_code(new.code) is None


def test_a_revoked_or_replaced_invitation_no_longer_works(owner):
    first = membership.invitation_create(inviter=owner.user)
    second = membership.invitation_create(inviter=owner.user)
    assert membership.invitation_by_token(first.token) is None
    membership.invitation_revoke(inviter=owner.user)
    assert membership.invitation_by_token(second.token) is None


def test_nobody_accepts_their_own_invitation(owner):
    new = membership.invitation_create(inviter=owner.user)
    with pytest.raises(membership.CannotLink):
        membership.invitation_accept(invitation=new.invitation, acceptor=owner.user)


def test_a_person_belongs_to_one_couple_at_a_time(owner, partner, outsider):
    waiting = membership.invitation_create(inviter=outsider.user)
    link(owner, partner)
    with pytest.raises(membership.CannotLink):
        membership.invitation_create(inviter=owner.user)
    with pytest.raises(membership.CannotLink):
        membership.invitation_accept(invitation=waiting.invitation, acceptor=partner.user)
    assert Member.objects.count() == 2


def test_leaving_alone_ends_the_space_for_both_and_tells_the_other_once(owner, partner):
    link(owner, partner)
    assert membership.couple_leave(user=partner.user)
    assert membership.partner_of(owner.user) is None
    assert not Couple.objects.exists() and not Member.objects.exists()
    assert membership.space_ended_notice(owner.user)
    assert not membership.space_ended_notice(owner.user)
    assert not membership.space_ended_notice(partner.user)
    assert not membership.couple_leave(user=partner.user)


def test_leaving_deletes_every_wrap_both_ways_and_every_shared_copy(owner, partner, outsider):
    link(owner, partner)
    for person in (owner, partner):
        sharing.copy_put(
            owner=person.user,
            keys=person.keys,
            pair=sharing.pair_for(owner=person.user, keys=person.keys),
            kind=SHARED_CHECKIN,
            index_value="2026-03-01",
            content={"mood": 2},
        )
    private = vault.entry_put(
        owner=owner.user,
        keys=owner.keys,
        kind="checkin",
        index_value="2026-03-01",
        content={"mood": 2},
    )
    unrelated = vault.entry_put(
        owner=outsider.user, keys=outsider.keys, kind="checkin", index_value="x", content={}
    )
    vault.entry_share(
        entry=unrelated,
        keys=outsider.keys,
        reader=owner.user,
        reader_public_key=bytes(owner.user.keyring.public_key),
    )
    shared_with_partner = Entry.objects.get(owner=owner.user, kind=SHARED_CHECKIN)

    membership.couple_leave(user=owner.user)

    assert (
        not PartnerWrap.objects.filter(reader__in=[owner.user, partner.user])
        .exclude(entry=unrelated)
        .exists()
    )
    assert not Entry.objects.filter(kind__in=[SHARED_CHECKIN, "couple_pin"]).exists()
    assert Entry.objects.filter(pk=private.pk).exists()  # their own journal stays theirs
    assert PartnerWrap.objects.filter(entry=unrelated).exists()  # nothing of others'
    # Even by id, and with the old wrap's bytes in hand, the copy is gone.
    assert not Entry.objects.filter(pk=shared_with_partner.pk).exists()


def test_leaving_kills_pending_invitations_of_both(owner, partner):
    link(owner, partner)
    Invitation.objects.create(
        inviter=owner.user,
        token_hash="t",
        code_hash="c",
        expires_at=timezone.now() + timedelta(days=1),
    )
    membership.couple_leave(user=partner.user)
    assert not Invitation.objects.exists()
    assert not SpaceEnded.objects.filter(user=partner.user).exists()


def test_the_partner_opens_a_shared_copy_and_nothing_else(owner, partner, outsider):
    link(owner, partner)
    mine = sharing.pair_for(owner=owner.user, keys=owner.keys)
    theirs = sharing.pair_for(owner=partner.user, keys=partner.keys)
    sharing.copy_put(
        owner=owner.user,
        keys=owner.keys,
        pair=mine,
        kind=SHARED_CHECKIN,
        index_value="2026-03-01",
        content={"mood": 4},
    )
    vault.entry_put(
        owner=owner.user,
        keys=owner.keys,
        kind="checkin",
        index_value="2026-03-01",
        content={"mood": 4, "note": "private"},
    )
    opened = sharing.copies_from_partner(
        reader=partner.user, keys=partner.keys, pair=theirs, kind=SHARED_CHECKIN
    )
    assert opened == [{"mood": 4}]
    private = Entry.objects.get(owner=owner.user, kind="checkin")
    with pytest.raises(VaultError):
        vault.entry_open(private, partner.keys)


def test_a_new_copy_has_a_new_key_and_the_old_wrap_opens_nothing(owner, partner):
    link(owner, partner)
    mine = sharing.pair_for(owner=owner.user, keys=owner.keys)
    first = sharing.copy_put(
        owner=owner.user,
        keys=owner.keys,
        pair=mine,
        kind=SHARED_CHECKIN,
        index_value="d",
        content={"mood": 1},
    )
    old_wrap = PartnerWrap.objects.get(entry=first)
    second = sharing.copy_put(
        owner=owner.user,
        keys=owner.keys,
        pair=mine,
        kind=SHARED_CHECKIN,
        index_value="d",
        content={"mood": 5},
    )
    assert first.pk != second.pk and not Entry.objects.filter(pk=first.pk).exists()
    old_wrap.entry = second
    with pytest.raises(VaultError):
        vault.entry_open_shared(
            second, old_wrap, partner.keys, owner_public_key=bytes(owner.user.keyring.public_key)
        )


def test_a_swapped_partner_key_is_refused_after_pairing(owner, partner, outsider):
    link(owner, partner)
    assert sharing.pair_for(owner=owner.user, keys=owner.keys) is not None
    keyring = partner.user.keyring
    keyring.public_key = outsider.user.keyring.public_key  # what a hostile host could do
    keyring.save()
    owner.user.refresh_from_db()
    with pytest.raises(pins.PartnerKeyChanged):
        sharing.pair_for(owner=owner.user, keys=owner.keys)


def test_both_partners_see_the_same_safety_code(owner, partner):
    link(owner, partner)
    mine = sharing.pair_for(owner=owner.user, keys=owner.keys)
    theirs = sharing.pair_for(owner=partner.user, keys=partner.keys)
    own_key = bytes(owner.user.keyring.public_key)
    partner_key = bytes(partner.user.keyring.public_key)
    assert pins.safety_code(own_key, mine.partner_key) == pins.safety_code(
        partner_key, theirs.partner_key
    )
    assert pins.safety_code(own_key, partner_key) != pins.safety_code(own_key, bytes(32))


def test_a_save_holding_a_stale_pair_shares_nothing_after_a_pause_or_a_leave(owner, partner):
    link(owner, partner)
    stale = sharing.pair_for(owner=owner.user, keys=owner.keys)
    space.sharing_pause(owner=owner.user)
    put = dict(owner=owner.user, keys=owner.keys, pair=stale, kind=SHARED_CHECKIN)
    assert sharing.copy_put(**put, index_value="a", content={"mood": 1}) is None
    space.sharing_resume(owner=owner.user, keys=owner.keys)
    stale = sharing.pair_for(owner=owner.user, keys=owner.keys)
    membership.couple_leave(user=partner.user)
    assert sharing.copy_put(**put | {"pair": stale}, index_value="b", content={"mood": 1}) is None
    assert not Entry.objects.filter(kind=SHARED_CHECKIN).exists()
    assert not PartnerWrap.objects.exists()


def test_a_pin_deleted_after_settling_in_is_not_silently_made_again(owner, partner, outsider):
    link(owner, partner)
    space.pair_ready(owner=owner.user, keys=owner.keys)
    Entry.objects.filter(owner=owner.user, kind="couple_pin").delete()
    with pytest.raises(pins.PartnerKeyChanged):
        sharing.pair_for(owner=owner.user, keys=owner.keys)


def test_a_copy_the_pinned_key_does_not_open_is_a_changed_key_not_a_crash(owner, partner):
    link(owner, partner)
    mine = sharing.pair_for(owner=owner.user, keys=owner.keys)
    sharing.copy_put(
        owner=owner.user,
        keys=owner.keys,
        pair=mine,
        kind=SHARED_CHECKIN,
        index_value="d",
        content={"mood": 4},
    )
    theirs = sharing.pair_for(owner=partner.user, keys=partner.keys)
    wrap = PartnerWrap.objects.get()
    wrap.wrap = bytes(wrap.wrap)[:-1] + bytes([bytes(wrap.wrap)[-1] ^ 1])
    wrap.save()
    with pytest.raises(pins.PartnerKeyChanged):
        sharing.copies_from_partner(
            reader=partner.user, keys=partner.keys, pair=theirs, kind=SHARED_CHECKIN
        )
    assert partner.client.get("/together/days/").status_code == 409
