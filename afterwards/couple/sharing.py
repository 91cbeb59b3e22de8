"""Sharing by copy: what a partner can read is a separate entry with its own key.

A person shares part of something (some sections of a day, the readiness items they are
open to) by writing a copy holding only those parts, as their own vault entry with a
fresh key, and boxing that key to the partner's pinned public key. The original entry's
key is never given to anyone. Changing what is shared replaces the copy (a new key);
unsharing deletes it, and its key with it, which is stronger than rotating a key the
partner once held: nothing the partner ever opened can open anything written later.

Settling in: the inviter is not there when the invitation is accepted, and pinning the
partner's key needs each person's own unlocked keys. The first time each person's
session needs the pair, pair_ready pins the partner's key and remembers that this member
has settled (from then on a missing pin is a changed key, couple/pins.py). Nothing is
shared then: a choice to share belongs to the space it was made in, and none can be made
in this one before its person has settled in. It lives here, below the journal, because
saving a day (journal/services.py) needs the pair to keep its copy in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from afterwards.couple import membership, pins
from afterwards.couple.models import Member
from afterwards.vault import services as vault
from afterwards.vault.crypto import VaultError
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry, PartnerWrap


@dataclass(frozen=True)
class Pair:
    """A person in a space, their partner, and the partner's pinned key."""

    member: Member
    partner: Any
    partner_key: bytes

    @property
    def sharing(self) -> bool:
        """The person's own sharing is on (not paused)."""
        return not self.member.paused


def pair_for(*, owner: Any, keys: UnlockedKeys) -> Pair | None:
    """The person's pair, pinning the partner's key the first time. None outside a space.

    Raises pins.PartnerKeyChanged if the database's key is not the pinned one.
    """
    member = membership.member_of(owner)
    partner = membership.partner_of(owner) if member is not None else None
    if member is None or partner is None:
        return None
    key = pins.partner_key(
        owner=owner,
        keys=keys,
        partner=partner,
        couple_id=str(member.couple_id),
        settled=member.settled,
    )
    return Pair(member=member, partner=partner, partner_key=key)


def pair_ready(*, owner: Any, keys: UnlockedKeys) -> Pair | None:
    """The person's pair (None outside a space), settled in the first time: the partner's
    key pinned (by pair_for) and the member marked as settled.

    Raises pins.PartnerKeyChanged, as pair_for does.
    """
    pair = pair_for(owner=owner, keys=keys)
    if pair is None or pair.member.settled:
        return pair
    Member.objects.filter(pk=pair.member.pk).update(settled=True)
    pair.member.settled = True
    return pair


def copy_put(
    *,
    owner: Any,
    keys: UnlockedKeys,
    pair: Pair,
    kind: str,
    index_value: str,
    content: dict[str, Any],
) -> Entry | None:
    """Share `content` with the partner as (kind, index value), replacing any earlier copy.
    None when the person is no longer in that space, or has paused sharing."""
    with transaction.atomic():
        # The sharer's membership row is the lock leaving and pausing take too: a save
        # that read the pair just before the partner left, or before a pause, writes
        # nothing once that has happened (and leaving waits for a save under way).
        still = Member.objects.select_for_update().filter(
            pk=pair.member.pk, couple_id=pair.member.couple_id, paused=False
        )
        if not still.exists():
            return None
        copy_delete(owner=owner, keys=keys, kind=kind, index_value=index_value)
        entry = vault.entry_put(
            owner=owner, keys=keys, kind=kind, index_value=index_value, content=content
        )
        vault.entry_share(
            entry=entry, keys=keys, reader=pair.partner, reader_public_key=pair.partner_key
        )
    return entry


def copy_delete(*, owner: Any, keys: UnlockedKeys, kind: str, index_value: str) -> None:
    index = vault.entry_index(keys, kind=kind, value=index_value)
    Entry.objects.owned_by(owner).of_kind(kind).filter(index=index).delete()


def copies_from_partner(
    *, reader: Any, keys: UnlockedKeys, pair: Pair, kind: str
) -> list[dict[str, Any]]:
    """Every copy of this kind the partner shares with the reader, opened: one query.

    Only rows boxed to the reader are touched, so the cost and the result follow what
    the partner shared and nothing else of theirs.
    """
    wraps = PartnerWrap.objects.filter(
        reader=reader, entry__owner=pair.partner, entry__kind=kind
    ).select_related("entry")
    try:
        return [
            vault.entry_open_shared(wrap.entry, wrap, keys, owner_public_key=pair.partner_key)
            for wrap in wraps
        ]
    except VaultError as error:
        # Not made by the partner whose key was pinned: treated as a changed key, so the
        # page explains instead of failing, and nothing of it is shown.
        raise pins.PartnerKeyChanged from error
