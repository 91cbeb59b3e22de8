"""A red flag in what a partner shared of today or yesterday, in words for the reader.

The partner is often the one who phones. When a day the person shared with them holds an
answer that raises a red flag (journal/red_flags.py), the reader's pages that show that
day say so, calmly, with the reader's own country's numbers.

Only the shared copy boxed to the reader is read, and only its body section, and only
when the person chose to share that section: nothing private of theirs can raise it. A
paused or ended space leaves no copy to read. Older days are left out: "if this is
happening now" would not fit them, and the reader has the day itself on "How we're doing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from afterwards.couple import pins, space
from afterwards.couple.checkins import shared_days_of_partner
from afterwards.journal.checkin import CheckIn
from afterwards.journal.red_flags import red_flags
from afterwards.vault.keyring import UnlockedKeys

# The flags' titles speak to the person who noted them ("Pain on one side of your
# tummy"); the reader reads them about their partner.
_SECOND_PERSON = re.compile(r"\b(your|you're|you)\b", re.IGNORECASE)
_THIRD_PERSON = {"your": "their", "you're": "they're", "you": "they"}


def about_them(words: str) -> str:
    """A flag's title, said of the partner rather than to them."""

    def swap(match: re.Match[str]) -> str:
        found = match.group(0)
        said = _THIRD_PERSON[found.lower()]
        return said.capitalize() if found[0].isupper() else said

    return _SECOND_PERSON.sub(swap, words)


@dataclass(frozen=True)
class PartnerDay:
    """What the partner noted on one day, for the reader."""

    day: date
    is_today: bool
    noted: tuple[str, ...]  # the flags' titles, about the partner, most urgent first
    emergency: bool  # the facts say: the emergency number


@dataclass(frozen=True)
class PartnerFlags:
    days: tuple[PartnerDay, ...]  # today first

    @property
    def emergency(self) -> bool:
        return any(day.emergency for day in self.days)


def partner_flags(copies: dict[date, CheckIn], *, today: date) -> PartnerFlags | None:
    """The red flags in the partner's shared copies of today and yesterday; None when
    there are none. `copies` are the copies boxed to the reader (shared_days_of_partner)."""
    found = []
    for day in (today, today - timedelta(days=1)):
        copy = copies.get(day)
        if copy is None or "body" not in copy.share:
            continue  # the body section was not shared: nothing of it is read
        # What they told About your loss is theirs alone: the flags as for any loss.
        flags = red_flags(_body_only(copy))
        if flags:
            found.append(
                PartnerDay(
                    day=day,
                    is_today=day == today,
                    noted=tuple(about_them(flag.title) for flag in flags),
                    emergency=any(flag.emergency for flag in flags),
                )
            )
    return PartnerFlags(days=tuple(found)) if found else None


def _body_only(copy: CheckIn) -> CheckIn:
    """The copy's body section and nothing else, whatever else a copy might carry."""
    part = copy.shared_part(["body"])
    return CheckIn.from_content(part)


def partner_flags_read(*, reader: Any, keys: UnlockedKeys, today: date) -> PartnerFlags | None:
    """For a page that shows today but not the partner's days (Today): read the copies of
    today and yesterday boxed to the reader. None outside a space, or when the partner's
    key is not the pinned one (the Together page explains that; this page carries on)."""
    try:
        pair = space.pair_ready(owner=reader, keys=keys)
        if pair is None:
            return None
        days = [today, today - timedelta(days=1)]
        copies = shared_days_of_partner(reader=reader, keys=keys, pair=pair, days=days)
    except pins.PartnerKeyChanged:
        return None
    return partner_flags(copies, today=today)
