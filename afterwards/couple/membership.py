"""Linking two people, and leaving: who shares a space with whom.

A person invites by a one-time link or a short code; the other accepts with their own
account. A person belongs to at most one couple. Either can leave alone, at once:
every partner wrap in both directions and every entry that exists only for the couple
go in the same transaction, pending invitations die, and the other is told only that
the space has ended.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from afterwards.accounts.models import User
from afterwards.couple.kinds import COUPLE_KINDS
from afterwards.couple.models import Couple, Invitation, Member, SpaceEnded
from afterwards.notify.models import Alarm
from afterwards.vault import services as vault
from afterwards.vault.models import Entry, PartnerWrap

INVITATION_DAYS = 7
# Crockford's base32 without the look-alikes: ten symbols are 50 bits, far beyond what
# anyone could guess in seven days, so a code needs no throttle of its own.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10


class CannotLink(Exception):
    """Why an invitation cannot be accepted, in words a person can read."""


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str  # for the link
    code: str  # to read out or type, "ABCDE-FGHJK"


def _hash(secret: str) -> str:
    key = hashlib.sha256(b"couple-invitation|" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()


def code_normalise(code: str) -> str:
    """What a person typed, as the code it stands for: case, spaces, dashes and the
    letters people confuse with digits do not matter."""
    folded = code.strip().upper().replace("-", "").replace(" ", "")
    return folded.translate(str.maketrans("OILU", "011V"))


def member_of(user: Any) -> Member | None:
    return Member.objects.select_related("couple").filter(user=user).first()


def partner_of(user: Any) -> User | None:
    """The person's partner while they share a space, else None: one query."""
    return (
        User.objects.select_related("keyring")
        .filter(couple_member__couple__members__user=user)
        .exclude(pk=user.pk)
        .first()
    )


def invitation_create(*, inviter: Any) -> NewInvitation:
    """A fresh invitation; any earlier one of the inviter's stops working."""
    if Member.objects.filter(user=inviter).exists():
        raise CannotLink("You already share a space. Leave it first to invite someone else.")
    token = secrets.token_urlsafe(32)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    with transaction.atomic():
        # The inviter's earlier invitation, and anyone's that ran out: no row outlives use.
        Invitation.objects.filter(Q(inviter=inviter) | Q(expires_at__lte=timezone.now())).delete()
        invitation = Invitation.objects.create(
            inviter=inviter,
            token_hash=_hash(token),
            code_hash=_hash(code),
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
    return NewInvitation(invitation=invitation, token=token, code=f"{code[:5]}-{code[5:]}")


def invitation_pending(inviter: Any) -> Invitation | None:
    return Invitation.objects.usable().filter(inviter=inviter).first()


def invitation_revoke(*, inviter: Any) -> None:
    Invitation.objects.filter(inviter=inviter).delete()


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.usable()
        .select_related("inviter")
        .filter(token_hash=_hash(token))
        .first()
    )


def invitation_by_code(code: str) -> Invitation | None:
    return (
        Invitation.objects.usable()
        .select_related("inviter")
        .filter(code_hash=_hash(code_normalise(code)))
        .first()
    )


def invitation_accept(*, invitation: Invitation, acceptor: Any) -> Couple:
    """Link the inviter and the acceptor, using the invitation up. Both or neither."""
    if invitation.inviter_id == acceptor.pk:
        raise CannotLink("This is your own invitation. Your partner opens it with their account.")
    try:
        with transaction.atomic():
            used = (
                Invitation.objects.usable().filter(pk=invitation.pk).update(used_at=timezone.now())
            )
            if not used:
                raise CannotLink("This invitation has been used, withdrawn or has run out.")
            if Member.objects.filter(user__in=[invitation.inviter_id, acceptor.pk]).exists():
                raise CannotLink(
                    "One of you already shares a space, so this invitation cannot be used."
                )
            couple = Couple.objects.create()
            Member.objects.create(user_id=invitation.inviter_id, couple=couple)
            Member.objects.create(user=acceptor, couple=couple)
            Invitation.objects.filter(inviter__in=[invitation.inviter_id, acceptor.pk]).delete()
            SpaceEnded.objects.filter(user__in=[invitation.inviter_id, acceptor.pk]).delete()
    except IntegrityError as error:  # the other accepted someone else at the same moment
        raise CannotLink(
            "One of you already shares a space, so this invitation cannot be used."
        ) from error
    return couple


def couple_leave(*, user: Any) -> bool:
    """End the person's space at once, without asking the other. False if there was none.

    In one transaction: every partner wrap between the two (both directions), every entry
    that exists only for the couple (shared copies, pins, anything in COUPLE_KINDS) of
    either, their invitations, and the couple itself. The other is told only that the
    space has ended.
    """
    member = Member.objects.filter(user=user).first()
    if member is None:
        return False
    with transaction.atomic():
        # Both members' rows, in one order: a save sharing a copy holds its sharer's row,
        # so leaving waits for it and then deletes what it wrote; two people leaving at
        # once take the rows in the same order and cannot deadlock.
        people = list(
            Member.objects.select_for_update()
            .filter(couple_id=member.couple_id)
            .order_by("pk")
            .values_list("user_id", flat=True)
        )
        if user.pk not in people:
            return False
        PartnerWrap.objects.filter(entry__owner_id__in=people, reader_id__in=people).delete()
        Entry.objects.filter(owner_id__in=people, kind__in=COUPLE_KINDS).delete()
        Invitation.objects.filter(inviter_id__in=people).delete()
        # A heads-up meant for this partner is meant for no later one.
        Alarm.objects.filter(user_id__in=people, to_partner=True).update(to_partner=False)
        for other in people:
            if other != user.pk:
                SpaceEnded.objects.get_or_create(user_id=other)
        # A report link either made of a couple report with the other's part closes too.
        from afterwards.report.links import partner_part_links_revoke

        for person in people:
            partner_part_links_revoke(user_id=person)
        Couple.objects.filter(pk=member.couple_id).delete()
    vault.deleted_rows_scrub()
    return True


def space_ended_notice(user: Any) -> bool:
    """Whether to tell the person their space has ended; told once, then forgotten."""
    deleted, _ = SpaceEnded.objects.filter(user=user).delete()
    return bool(deleted)


def shares_a_space(user: Any, other: Any) -> bool:
    return (
        Member.objects.filter(Q(user=other), couple__members__user=user).exclude(user=user).exists()
    )
