"""Taking everything out, bringing an export in, and bleeding days from drip."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.db import transaction

from afterwards.journal import services as journal
from afterwards.journal.checkin import KIND as CHECKIN
from afterwards.journal.checkin import CheckIn
from afterwards.portability import kinds
from afterwards.portability.document import FORMAT, SCHEMA_VERSION, Item, Unreadable
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry, Keyring
from afterwards.wellbeing.services import RESULT_KIND

# Kinds of which a person keeps many: an account that holds any of these is not fresh,
# and an import into it could repeat them (a result has no index to find it by).
JOURNAL_KINDS = (CHECKIN, RESULT_KIND)

NOT_FRESH = (
    "This account already has days or questionnaires in it. Bringing in an export is for a "
    "fresh start, so nothing is merged: please bring it into a new account. Nothing was saved."
)


def export_build(*, owner: Any, keys: UnlockedKeys, now: datetime) -> dict[str, Any]:
    """Every entry the person owns and wrote, opened, grouped by kind (one query).

    Copies made for a partner and the partner's pinned key are left out (kinds.LEFT_OUT).
    A kind in neither table is still exported, with no index, rather than dropped; the
    test of kinds.py makes sure there is none.
    """
    entries = Entry.objects.owned_by(owner).exclude(kind__in=list(kinds.LEFT_OUT))
    items = []
    for entry in entries:
        content = vault.entry_open(entry, keys)
        index = kinds.index_of(entry.kind, content) if entry.kind in kinds.OWN else None
        items.append({"kind": entry.kind, "index": index, "content": content})
    items.sort(key=lambda item: (item["kind"], item["index"] or "", str(item["content"])))
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "username": owner.username,
        "entries": items,
    }


def export_import(*, owner: Any, keys: UnlockedKeys, items: list[Item]) -> int:
    """Seal every entry of an export under this account's keys, or none of them.

    Only into a fresh account (no check-ins, no questionnaire results): nothing is
    merged. Settings of which a person has one (their country, their loss) replace the
    ones set so far. Raises Unreadable when the account is not fresh.
    """
    with transaction.atomic():
        # The person's lock, so that two imports at once cannot both find it fresh.
        list(Keyring.objects.select_for_update().filter(user=owner).values_list("pk"))
        if Entry.objects.owned_by(owner).filter(kind__in=JOURNAL_KINDS).exists():
            raise Unreadable(NOT_FRESH)
        for item in items:
            vault.entry_put(
                owner=owner, keys=keys, kind=item.kind, index_value=item.index, content=item.content
            )
    return len(items)


@dataclass(frozen=True)
class DripOutcome:
    read: int  # days with bleeding in the file
    added: int  # days given drip's bleeding (a new day, or a day with no bleeding noted)
    kept: int  # days the person had already noted bleeding on, left as they were
    later: int  # days after today, left out


def drip_import(
    *, owner: Any, keys: UnlockedKeys, days: dict[date, str], today: date
) -> DripOutcome:
    """drip's bleeding for each of its days, never over a day's own answer about bleeding.

    A day with a check-in keeps everything else it holds (and its partner's copy follows,
    as on any save); a day without one gets a check-in holding only the bleeding.
    """
    past = {day: level for day, level in days.items() if day <= today}
    added = kept = 0
    with transaction.atomic():
        known = journal.checkins_all(owner=owner, keys=keys)
        for day, level in sorted(past.items()):
            existing = known.get(day)
            if existing is not None and existing.bleeding is not None:
                kept += 1
                continue
            checkin = (
                replace(existing, bleeding=level) if existing else CheckIn(day=day, bleeding=level)
            )
            journal.checkin_save(owner=owner, keys=keys, checkin=checkin)
            added += 1
    return DripOutcome(read=len(days), added=added, kept=kept, later=len(days) - len(past))
