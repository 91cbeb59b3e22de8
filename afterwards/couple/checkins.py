"""Which parts of a day a person shares, and keeping their partner's copy in step.

A day's check-in names the sections its person shares (CheckIn.share). Each time the day
is saved, the copy the partner can read is written again from it, holding only those
sections (sharing.copy_put: a new entry with a new key), or deleted when none is chosen,
in the same transaction as the day itself. Nothing is copied outside a space, while the
person's sharing is paused, or when the partner's key is not the one pinned at pairing.

Which sections a new day starts with is the person's own preference (SHARE_DEFAULTS),
off for every section unless they turn one on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from afterwards.couple import pins, sharing
from afterwards.couple.kinds import SHARE_DEFAULTS, SHARED_CHECKIN
from afterwards.journal.checkin import (
    BLEEDING,
    FEELING_WORDS,
    INTIMACY,
    PAIN_MAX,
    SCALES,
    SYMPTOMS,
    CheckIn,
    share_sections_read,
)
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry

DEFAULTS_INDEX = SHARE_DEFAULTS  # one per person

# What saving a day did to the partner's copy of it (checkin_share_sync).
ALONE = "alone"  # not in a space: nothing to copy
PRIVATE = "private"  # no section chosen: no copy
PAUSED = "paused"  # the person's sharing is paused: no copy
SHARED = "shared"  # the chosen sections are the partner's to read
KEY_CHANGED = "key_changed"  # the partner's key is not the pinned one: no copy


def share_defaults_get(*, owner: Any, keys: UnlockedKeys) -> list[str]:
    content = vault.entry_find(
        owner=owner, keys=keys, kind=SHARE_DEFAULTS, index_value=DEFAULTS_INDEX
    )
    return share_defaults_read(content)


def share_defaults_read(content: dict[str, Any] | None) -> list[str]:
    """The sections a new day starts with, from the stored preference: none if unset."""
    return share_sections_read((content or {}).get("sections"))


def share_defaults_save(*, owner: Any, keys: UnlockedKeys, sections: list[str]) -> None:
    vault.entry_put(
        owner=owner,
        keys=keys,
        kind=SHARE_DEFAULTS,
        index_value=DEFAULTS_INDEX,
        content={"sections": share_sections_read(list(sections))},
    )


def copy_sync(*, owner: Any, keys: UnlockedKeys, pair: sharing.Pair, checkin: CheckIn) -> str:
    """Make the partner's copy of the day hold exactly the sections chosen now."""
    day = checkin.day.isoformat()
    if not checkin.share or checkin.share_with != str(pair.member.couple_id):
        # Nothing chosen, or chosen in another space (or before any): never this partner's.
        sharing.copy_delete(owner=owner, keys=keys, kind=SHARED_CHECKIN, index_value=day)
        return PRIVATE
    if not pair.sharing:
        return PAUSED
    sharing.copy_put(
        owner=owner,
        keys=keys,
        pair=pair,
        kind=SHARED_CHECKIN,
        index_value=day,
        content=checkin.shared_part(),
    )
    return SHARED


def checkin_share_sync(*, owner: Any, keys: UnlockedKeys, checkin: CheckIn) -> str:
    """After a day is saved (inside its transaction): bring the partner's copy in step.

    A changed partner key never stops the day itself from being saved: the day stays
    the person's, and whatever copy there was is deleted, since taking a share back is
    safe whoever holds which key.
    """
    try:
        pair = sharing.pair_ready(owner=owner, keys=keys)
    except pins.PartnerKeyChanged:
        sharing.copy_delete(
            owner=owner, keys=keys, kind=SHARED_CHECKIN, index_value=checkin.day.isoformat()
        )
        return KEY_CHANGED if checkin.share else PRIVATE
    if pair is None:
        return ALONE
    return copy_sync(owner=owner, keys=keys, pair=pair, checkin=checkin)


def shared_days_own(*, owner: Any, keys: UnlockedKeys, days: list[date]) -> dict[date, CheckIn]:
    """The person's own copies of the given days, exactly as their partner reads them:
    one query, found by blind index, so the cost follows the days asked for."""
    found = vault.entries_find(
        owner=owner, keys=keys, wanted=[(SHARED_CHECKIN, d.isoformat()) for d in days]
    )
    copies = (CheckIn.from_content(content) for content in found.values())
    return {copy.day: copy for copy in copies}


def shared_days_of_partner(
    *, reader: Any, keys: UnlockedKeys, pair: sharing.Pair, days: list[date]
) -> dict[date, CheckIn]:
    """What the partner shares of the given days, opened with their pinned key. Only the
    copies boxed to the reader are read: nothing of the partner's private days."""
    wanted = set(days)
    copies = sharing.copies_from_partner(reader=reader, keys=keys, pair=pair, kind=SHARED_CHECKIN)
    opened = (CheckIn.from_content(content) for content in copies)
    return {copy.day: copy for copy in opened if copy.day in wanted}


def shared_days_all(
    *, owner: Any, keys: UnlockedKeys, pair: sharing.Pair
) -> tuple[dict[date, CheckIn], dict[date, CheckIn]]:
    """Every day the person shares and every day their partner shares, as copies: for a
    pattern of the two of them (insights). Two queries; nothing private of either."""
    entries = Entry.objects.owned_by(owner).of_kind(SHARED_CHECKIN)
    mine = (CheckIn.from_content(vault.entry_open(entry, keys)) for entry in entries)
    copies = sharing.copies_from_partner(reader=owner, keys=keys, pair=pair, kind=SHARED_CHECKIN)
    theirs = (CheckIn.from_content(content) for content in copies)
    return {c.day: c for c in mine}, {c.day: c for c in theirs}


# --- How a shared part reads, on the partner's page and in the preview -----------------


@dataclass(frozen=True)
class ShownSection:
    lines: list[tuple[str, str]]  # (what, the answer in words)
    note: str = ""  # the note section's words


SCALE_NAMES = {
    "mood": "Mood",
    "grief": "Grief",
    "anxiety": "Worry or anxiety",
    "energy": "Energy",
    "sleep": "Sleep",
}


def shown_sections(part: CheckIn) -> list[ShownSection]:
    """The sections a shared part holds, in words, leaving out those with no answer."""
    shown = []
    for key in part.share:
        if key == "note":
            section = ShownSection(lines=[], note=part.note.strip())
        else:
            section = ShownSection(lines=_lines(part, key))
        if section.lines or section.note:
            shown.append(section)
    return shown


def _lines(part: CheckIn, key: str) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    if key == "mood":
        for name, words in SCALES.items():
            value = getattr(part, name)
            if value in words:
                lines.append((SCALE_NAMES[name], words[value]))
    elif key == "body":
        if part.bleeding in BLEEDING:
            lines.append(("Bleeding", BLEEDING[part.bleeding or ""]))
        if part.pain is not None and 0 <= part.pain <= PAIN_MAX:
            lines.append(("Pain", f"{part.pain} out of {PAIN_MAX}"))
        symptoms = [SYMPTOMS[s] for s in part.symptoms if s in SYMPTOMS]
        symptoms += [s for s in part.custom_symptoms if isinstance(s, str)]
        if symptoms:
            lines.append(("Symptoms", ", ".join(symptoms)))
    elif key == "intimacy":
        if part.intimacy in INTIMACY:
            word = "None" if part.intimacy == "none" else INTIMACY[part.intimacy or ""]
            lines.append(("Closeness or sex", word))
        if part.during in FEELING_WORDS:
            lines.append(("How it felt", FEELING_WORDS[part.during or 0]))
        if part.afterwards in FEELING_WORDS:
            lines.append(("Afterwards", FEELING_WORDS[part.afterwards or 0]))
    return lines


@dataclass(frozen=True)
class DayTogether:
    """One day on the side-by-side page: what each person shares of it, in words."""

    day: date
    own: list[ShownSection]
    partner: list[ShownSection]

    @property
    def label(self) -> str:
        return f"{self.day:%A} {self.day.day} {self.day:%B}"


def days_together(
    *, own: dict[date, CheckIn], partner: dict[date, CheckIn], days: list[date]
) -> list[DayTogether]:
    """The given days, newest first, on which either person shares something to show."""
    together = []
    for day in sorted(days, reverse=True):
        mine = shown_sections(own[day]) if day in own else []
        theirs = shown_sections(partner[day]) if day in partner else []
        if mine or theirs:
            together.append(DayTogether(day, mine, theirs))
    return together
