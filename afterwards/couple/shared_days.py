"""What "How we're doing" reads of two people's shared days, and what it remembers so
that a long shared history does not slow the page.

The page shows the days asked for (two weeks, or a month) and draws grief over every
week either person shared. Only copies are read: the reader's own, exactly as their
partner reads them, and the partner's boxed to the reader (couple/checkins.py). Opening a
year of the partner's copies on every visit took most of the page's time, so the reader
keeps, in a vault entry of their own (SHARED_DAYS_SEEN, sealed like every entry), for each
copy already opened: a few bytes of its id, its day and the grief it holds. A copy never
changes (a changed day is a new copy with a new id), so what is kept of one stays true;
a visit opens only the copies it has not seen and those of the days it shows, and forgets
every copy gone since (taken back, or paused). It belongs to the space: leaving deletes
it for both, with every other couple kind, and pausing deletes both people's at once, so
nothing of what a person took back stays anywhere (couple/space.py).
"""

from __future__ import annotations

import base64
import binascii
import struct
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from afterwards.couple import pins
from afterwards.couple.kinds import SHARED_CHECKIN, SHARED_DAYS_SEEN
from afterwards.couple.sharing import Pair
from afterwards.journal.checkin import GRIEF_WORDS, CheckIn
from afterwards.vault import services as vault
from afterwards.vault.crypto import VaultError
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry, PartnerWrap

INDEX = SHARED_DAYS_SEEN  # one per person
_TAG_BYTES = 8  # of a copy's id: enough to tell two people's copies apart
# A copy as remembered: the tag, the day (its ordinal) and its grief (0: none shared).
_RECORD = struct.Struct(f">{_TAG_BYTES}sIB")
CHUNK = 500  # copies opened per query, under any database's limit on parameters


@dataclass(frozen=True)
class SharedDays:
    own: dict[date, CheckIn]  # the reader's copies of the days asked for
    partner: dict[date, CheckIn]  # the partner's copies of the days asked for
    own_grief: dict[date, int]  # the grief of every day the reader shares it
    partner_grief: dict[date, int]  # the grief of every day the partner shares it
    earliest: date | None  # the first day either of them shares anything of


def _tag(entry_id: Any) -> bytes:
    whole = entry_id if isinstance(entry_id, uuid.UUID) else uuid.UUID(str(entry_id))
    return whole.bytes[:_TAG_BYTES]


Seen = dict[bytes, tuple[date, int]]


def _seen_read(content: dict[str, Any] | None, couple: uuid.UUID) -> Seen:
    """What the reader kept of the copies in this space; nothing of another space's."""
    if not content or content.get("couple") != str(couple):
        return {}
    try:
        packed = base64.b64decode(str(content.get("seen", "")), validate=True)
    except binascii.Error:
        return {}
    if len(packed) % _RECORD.size:
        return {}
    return {
        tag: (date.fromordinal(ordinal), grief)
        for tag, ordinal, grief in _RECORD.iter_unpack(packed)
        if ordinal > 0
    }


def _seen_content(couple: uuid.UUID, seen: Seen) -> dict[str, Any]:
    packed = b"".join(
        _RECORD.pack(tag, day.toordinal(), grief) for tag, (day, grief) in sorted(seen.items())
    )
    return {"couple": str(couple), "seen": base64.b64encode(packed).decode("ascii")}


def _grief(copy: CheckIn) -> int:
    return copy.grief if isinstance(copy.grief, int) and copy.grief in GRIEF_WORDS else 0


def _open_own(entries: Iterable[Entry], keys: UnlockedKeys) -> dict[bytes, CheckIn]:
    return {
        _tag(entry.pk): CheckIn.from_content(vault.entry_open(entry, keys)) for entry in entries
    }


def _open_partner(
    wraps: Iterable[PartnerWrap], keys: UnlockedKeys, pair: Pair
) -> dict[bytes, CheckIn]:
    opened = {}
    for wrap in wraps:
        try:
            content = vault.entry_open_shared(
                wrap.entry, wrap, keys, owner_public_key=pair.partner_key
            )
        except VaultError as error:
            # Not made by the partner whose key was pinned: the page explains, showing
            # nothing of it (as sharing.copies_from_partner does).
            raise pins.PartnerKeyChanged from error
        opened[_tag(wrap.entry_id)] = CheckIn.from_content(content)
    return opened


def shared_days_read(
    *, reader: Any, keys: UnlockedKeys, pair: Pair, days: Iterable[date]
) -> SharedDays:
    """Both people's copies of `days`, and the grief of every day either shares.

    Raises pins.PartnerKeyChanged for a partner's copy that does not open with the
    pinned key."""
    wanted = set(days)
    couple = uuid.UUID(str(pair.member.couple_id))
    kept = vault.entry_find(owner=reader, keys=keys, kind=SHARED_DAYS_SEEN, index_value=INDEX)
    seen = _seen_read(kept, couple)
    own_rows = Entry.objects.owned_by(reader).of_kind(SHARED_CHECKIN)
    wraps = PartnerWrap.objects.filter(
        reader=reader, entry__owner=pair.partner, entry__kind=SHARED_CHECKIN
    )
    own_ids = {_tag(pk): pk for pk in own_rows.values_list("pk", flat=True)}
    partner_ids = {_tag(pk): pk for pk in wraps.values_list("entry_id", flat=True)}

    def needed(ids: dict[bytes, Any]) -> list[Any]:
        """The copies never seen, and those of the days the page shows."""
        return [pk for tag, pk in ids.items() if tag not in seen or seen[tag][0] in wanted]

    opened: dict[bytes, CheckIn] = {}
    own_needed, partner_needed = needed(own_ids), needed(partner_ids)
    for start in range(0, len(own_needed), CHUNK):
        chunk = own_rows.filter(pk__in=own_needed[start : start + CHUNK])
        opened |= _open_own(chunk, keys)
    for start in range(0, len(partner_needed), CHUNK):
        some = wraps.filter(entry_id__in=partner_needed[start : start + CHUNK])
        opened |= _open_partner(some.select_related("entry"), keys, pair)

    # A copy whose id was read but which was gone when the copies were opened (its
    # person saved the day again in between: a changed day is a new copy) is left out,
    # as if the ids had been read a moment later; its new copy shows on the next visit.
    own_ids = {tag: pk for tag, pk in own_ids.items() if tag in opened or tag in seen}
    partner_ids = {tag: pk for tag, pk in partner_ids.items() if tag in opened or tag in seen}

    # What is remembered now: every copy there is, and nothing of one gone since.
    known = {tag: (copy.day, _grief(copy)) for tag, copy in opened.items()} | {
        tag: seen[tag] for tag in (own_ids.keys() | partner_ids.keys()) - opened.keys()
    }
    if known != seen:
        vault.entry_put(
            owner=reader,
            keys=keys,
            kind=SHARED_DAYS_SEEN,
            index_value=INDEX,
            content=_seen_content(couple, known),
        )

    def of(ids: dict[bytes, Any]) -> tuple[dict[date, CheckIn], dict[date, int]]:
        copies = {opened[tag].day: opened[tag] for tag in ids if tag in opened}
        shown = {day: copy for day, copy in copies.items() if day in wanted}
        grief = {known[tag][0]: known[tag][1] for tag in ids if known[tag][1]}
        return shown, grief

    own, own_grief = of(own_ids)
    partner, partner_grief = of(partner_ids)
    every = [known[tag][0] for tag in (*own_ids, *partner_ids)]
    return SharedDays(
        own=own,
        partner=partner,
        own_grief=own_grief,
        partner_grief=partner_grief,
        earliest=min(every, default=None),
    )
