"""Leaving takes away every wrap between the two, not only those of the couple's copies
(H-08): a wrap on one of the person's own entries, boxed to the partner, goes too, and
the entry itself stays its owner's."""

from __future__ import annotations

from afterwards.couple import membership
from afterwards.vault import services as vault
from afterwards.vault.models import Entry, PartnerWrap


def test_leaving_takes_a_wrap_on_a_private_entry_and_keeps_the_entry(owner, partner):
    new = membership.invitation_create(inviter=owner.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=partner.user)
    own = vault.entry_put(
        owner=owner.user, keys=owner.keys, kind="checkin", index_value="2026-03-01", content={}
    )
    vault.entry_share(
        entry=own,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=bytes(partner.user.keyring.public_key),
    )
    assert PartnerWrap.objects.filter(entry=own, reader=partner.user).exists()

    membership.couple_leave(user=partner.user)

    assert not PartnerWrap.objects.filter(entry=own).exists()
    assert Entry.objects.filter(pk=own.pk).exists()
