"""What the database knows of a report link: almost nothing.

The PDF is sealed under a key made from the link's secret and the code, and neither is
kept: the row holds a keyed hash of the link (to find it), the ciphertext and its
dates. Not the period, not what the report holds, not who it is for; only, in clear,
whether the PDF holds the partner's part of a couple report, so that the partner taking
their part out, pausing, leaving or deleting their account can close it at once.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone


class ReportLinkQuerySet(models.QuerySet["ReportLink"]):
    def owned_by(self, user: Any) -> ReportLinkQuerySet:
        return self.filter(owner=user)

    def openable(self) -> ReportLinkQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ReportLink(models.Model):
    # The row's own id, for the owner's Revoke button; never part of the link itself.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_links"
    )
    lookup = models.CharField(max_length=64, unique=True)  # HMAC of the link's id and secret
    ciphertext = models.BinaryField()  # emptied when the link is revoked
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Wrong codes entered so far; at WRONG_CODES_MAX the link is revoked.
    wrong_codes = models.PositiveSmallIntegerField(default=0)
    # The PDF holds the owner's partner's part (a couple report the partner offered to):
    # revoked when that partner takes it out, pauses, leaves or deletes their account.
    holds_partner_part = models.BooleanField(default=False)

    objects = ReportLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"report link {self.id}"
