"""A red flag in what a partner shared of today or yesterday, in words for the reader.

The partner is often the one who phones. When a day the person shared with them holds an
answer that raises a red flag (journal/red_flags.py), the reader's pages that show that
day say so, calmly, with the reader's own country's numbers.

Only the shared copy boxed to the reader is read, and only its body section, and only
when the person chose to share that section: nothing private of theirs can raise it. A
paused or ended space leaves no copy to read. Older days are left out: "if this is
happening now" would not fit them, and the reader has the day itself on "How we're doing".
"How we're doing" has the copies already; Today reads them itself (partner_flags_read).
"""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest

from afterwards.couple import pins, space
from afterwards.couple.kinds import SHARED_CHECKIN
from afterwards.journal.checkin import CheckIn
from afterwards.journal.red_flags import red_flags
from afterwards.vault import services as vault
from afterwards.vault import session as vault_session
from afterwards.vault.crypto import VaultError
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.middleware import vault_cookie_key
from afterwards.vault.models import PartnerWrap

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


# Today opens only the copies it has not seen: a copy of a day before yesterday stays one
# (days only get older, and a changed day is a new copy with a new id), so the session
# remembers which copies those are, sealed to the browser's cookie like the vault's keys.
# Without it, Today would open every day the partner ever shared, on every visit.
PAST_FIELD = "partner_copies_past"
PAST_PURPOSE = "partner-copies-past"
_TAG_BYTES = 8  # of a copy's id: enough to tell a partner's copies apart
CHUNK = 500  # copies opened per query, under any database's limit on parameters


def _tag(entry_id: Any) -> bytes:
    return uuid.UUID(str(entry_id)).bytes[:_TAG_BYTES]


def _past_read(request: HttpRequest) -> set[bytes]:
    sealed = request.session.get(PAST_FIELD)
    cookie_key = vault_cookie_key(request)
    if not sealed or cookie_key is None:
        return set()
    try:
        packed = base64.b64decode(vault_session.open_text(cookie_key, sealed, purpose=PAST_PURPOSE))
    except (VaultError, ValueError):
        return set()  # forgotten: every copy is opened once more
    return {packed[i : i + _TAG_BYTES] for i in range(0, len(packed), _TAG_BYTES)}


def _past_write(request: HttpRequest, tags: set[bytes]) -> None:
    cookie_key = vault_cookie_key(request)
    if cookie_key is None:
        return
    packed = base64.b64encode(b"".join(sorted(tags))).decode("ascii")
    request.session[PAST_FIELD] = vault_session.seal_text(cookie_key, packed, purpose=PAST_PURPOSE)


def partner_flags_read(request: HttpRequest, *, today: date) -> PartnerFlags | None:
    """For Today, which shows no partner's days: the partner's copies of today and
    yesterday, boxed to the reader. None outside a space, or when the partner's key is
    not the pinned one (the Together page explains that; this page carries on)."""
    reader: Any = request.user
    keys: UnlockedKeys | None = getattr(request, "vault", None)
    if keys is None:
        return None
    try:
        pair = space.pair_ready(owner=reader, keys=keys)
    except pins.PartnerKeyChanged:
        return None
    if pair is None:
        return None
    wraps = PartnerWrap.objects.filter(
        reader=reader, entry__owner=pair.partner, entry__kind=SHARED_CHECKIN
    )
    ids = list(wraps.values_list("entry_id", flat=True))
    past = _past_read(request)
    wanted = [entry_id for entry_id in ids if _tag(entry_id) not in past]
    copies: dict[date, CheckIn] = {}
    seen_past = set()
    for start in range(0, len(wanted), CHUNK):
        for wrap in wraps.filter(entry_id__in=wanted[start : start + CHUNK]).select_related(
            "entry"
        ):
            try:
                content = vault.entry_open_shared(
                    wrap.entry, wrap, keys, owner_public_key=pair.partner_key
                )
            except VaultError:
                return None  # not the pinned partner's: nothing of it is shown
            copy = CheckIn.from_content(content)
            if copy.day < today - timedelta(days=1):
                seen_past.add(_tag(wrap.entry_id))
            else:
                copies[copy.day] = copy
    # Copies deleted since (taken back, paused, left) are forgotten with them.
    kept = (past | seen_past) & {_tag(entry_id) for entry_id in ids}
    if kept != past:
        _past_write(request, kept)
    return partner_flags(copies, today=today)
