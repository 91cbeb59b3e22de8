"""A person's own side of the space: settling in, pausing and resuming their sharing.

Settling in (pair_ready) pins the partner's key the first time a session needs the pair;
it lives in couple/sharing.py, below the journal, and is named here too for the pages.

Pausing takes back every copy the person shares, at once, and keeps their choices: on
resuming, everything still marked is shared again, each copy with a new key (shared
days, readiness, and every answer the person gave to a question for the two of them).
This module reads the journal to do so; nothing the journal imports may import it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from afterwards.couple import readiness, sharing
from afterwards.couple.kinds import SHARED_CHECKIN, SHARED_DAYS_SEEN, SHARED_KINDS
from afterwards.couple.models import Member
from afterwards.couple.questions import answers
from afterwards.couple.sharing import pair_ready as pair_ready
from afterwards.journal import services as journal
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry


def _share_everything_marked(*, owner: Any, keys: UnlockedKeys, pair: sharing.Pair) -> None:
    """Share, each as a fresh copy, every day the person marked in this space: one read
    of the journal. Days marked in another space, or before any, stay private."""
    here = str(pair.member.couple_id)
    for checkin in journal.checkins_all(owner=owner, keys=keys).values():
        if checkin.share and checkin.share_with == here:
            sharing.copy_put(
                owner=owner,
                keys=keys,
                pair=pair,
                kind=SHARED_CHECKIN,
                index_value=checkin.day.isoformat(),
                content=checkin.shared_part(),
            )
    # And what the person's readiness answers offer, with the words of their own items.
    readiness.readiness_offer_refresh(owner=owner, keys=keys, pair=pair)
    # And the copy of each answer the person gave to a question in this space.
    answers.copies_refresh(owner=owner, keys=keys, pair=pair)


def sharing_pause(*, owner: Any) -> bool:
    """Pause the person's sharing: every copy of theirs goes, in one transaction, and
    their partner reads nothing of theirs until they resume. False outside a space.
    Only copies boxed to the partner go (SHARED_KINDS): the pinned key and the private
    readiness answers are the person's own records, kept for resuming."""
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(user=owner).first()
        if member is None:
            return False
        Member.objects.filter(pk=member.pk).update(paused=True)
        Entry.objects.owned_by(owner).filter(kind__in=SHARED_KINDS).delete()
        # And what either kept of the copies taken back, to draw "How we're doing"
        # quickly: the partner's next visit opens what is still shared.
        Entry.objects.filter(
            owner__couple_member__couple_id=member.couple_id, kind=SHARED_DAYS_SEEN
        ).delete()
        # The partner's report links holding this person's part close with it.
        from afterwards.report.links import partner_part_links_revoke

        partner_part_links_revoke(user_id=owner.pk)
    vault.deleted_rows_scrub()
    return True


def sharing_resume(*, owner: Any, keys: UnlockedKeys) -> bool:
    """Share again everything the person has marked, each copy with a new key. False
    outside a space. Raises pins.PartnerKeyChanged before anything changes."""
    pair = sharing.pair_for(owner=owner, keys=keys)
    if pair is None:
        return False
    with transaction.atomic():
        Member.objects.filter(pk=pair.member.pk).update(paused=False, settled=True)
        pair.member.paused = False
        pair.member.settled = True
        _share_everything_marked(owner=owner, keys=keys, pair=pair)
    return True
