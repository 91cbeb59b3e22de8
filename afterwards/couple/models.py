"""What the database knows of a couple: who is linked to whom, and pending invitations.

Nothing here says what either person wrote, shared or chose. Shared days, readiness and
nudges are vault entries with partner wraps (afterwards/couple/sharing.py); the pinned
public key of each partner is a vault entry of its own (afterwards/couple/pins.py).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Couple(models.Model):
    # No date of its own: when two people linked is nobody's business but theirs.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    def __str__(self) -> str:
        return f"couple {self.id}"


class Member(models.Model):
    """One person in one couple. A person belongs to at most one couple at a time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couple_member"
    )
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="members")
    # Whether this person's own session has pinned the partner's public key (the inviter
    # is not there when the invitation is accepted); after that, a missing pin is a
    # changed key.
    settled = models.BooleanField(default=False)
    # Sharing paused: nothing of this person's is readable by the partner until resumed.
    paused = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"member {self.user_id} of {self.couple_id}"


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def usable(self) -> InvitationQuerySet:
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time invitation to share a space: a link and a short code, kept only as hashes.

    Usable once, for seven days, and revocable (revoking deletes the row).
    """

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="couple_invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"couple invitation {self.pk}"


class SpaceEnded(models.Model):
    """Tells a person, once, that the space they shared has ended, and nothing more."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    def __str__(self) -> str:
        return f"space ended for {self.user_id}"
