"""A couple report: each partner's part only with that partner's own consent.

Consenting writes the person's part (parts.part_build, from their own data, holding only
what they chose), with each questionnaire result cut down to its total, band and whether
a safety item was endorsed (parts.part_for_partner), as a copy boxed to the partner
(couple/sharing.copy_put), so it obeys
pausing and leaving like every other shared copy: the kind is in SHARED_KINDS, and both
delete it. Withdrawing deletes it at once. The partner's session can only read the copy;
it draws the part itself, from data, never from markup the other side wrote.

A link the partner makes of a couple report holding the part is marked so
(`ReportLink.holds_partner_part`) and closes with the part: taking it out, pausing,
leaving and deleting the account all call links.partner_part_links_revoke in the same
transaction, under the person's membership row; the link is stored under that same lock,
only while the part it was made from is still offered (`partner_part_still`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from afterwards.couple import sharing
from afterwards.couple.kinds import REPORT_PART
from afterwards.couple.models import Member
from afterwards.couple.sharing import Pair
from afterwards.report import links
from afterwards.report.parts import part_for_partner
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys

KIND = REPORT_PART
INDEX = "part"


def consent_give(*, owner: Any, keys: UnlockedKeys, pair: Pair, part: dict[str, Any]) -> bool:
    """Offer this part to the partner's couple report, replacing any earlier one: only
    what parts.part_for_partner keeps of it. False when sharing is paused or the space
    has ended."""
    copy = part_for_partner(part)
    return (
        sharing.copy_put(
            owner=owner, keys=keys, pair=pair, kind=KIND, index_value=INDEX, content=copy
        )
        is not None
    )


def consent_withdraw(*, owner: Any, keys: UnlockedKeys) -> None:
    """Take the part out: the copy goes, and every link the partner made of a couple
    report holding it closes, at once and together."""
    with transaction.atomic():
        # The lock pausing and leaving take, and a new link of the partner's waits for.
        list(Member.objects.select_for_update().filter(user=owner).values_list("pk"))
        sharing.copy_delete(owner=owner, keys=keys, kind=KIND, index_value=INDEX)
        links.partner_part_links_revoke(user_id=owner.pk)
    vault.deleted_rows_scrub()


def consent_given(*, owner: Any, keys: UnlockedKeys) -> dict[str, Any] | None:
    """The part the person offered, as their partner would read it; None if none."""
    return vault.entry_find(owner=owner, keys=keys, kind=KIND, index_value=INDEX)


def partner_part(*, reader: Any, keys: UnlockedKeys, pair: Pair) -> dict[str, Any] | None:
    """The partner's offered part, if they offered one and it is still there."""
    copies = sharing.copies_from_partner(reader=reader, keys=keys, pair=pair, kind=KIND)
    return copies[0] if copies else None


def partner_part_still(
    *, reader: Any, keys: UnlockedKeys, pair: Pair, part: dict[str, Any]
) -> bool:
    """Whether the partner still offers exactly this part, holding their membership row
    (the lock taking it out, pausing and leaving take) until the caller's transaction
    ends: a link stored under it is closed by any of those that follows."""
    locked = list(
        Member.objects.select_for_update()
        .filter(user=pair.partner, couple_id=pair.member.couple_id, paused=False)
        .values_list("pk")
    )
    return bool(locked) and partner_part(reader=reader, keys=keys, pair=pair) == part
