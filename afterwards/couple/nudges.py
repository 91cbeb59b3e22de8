"""Gentle nudges: one short prepared message to the partner, seen once, never receipted.

A nudge is a copy (kind NUDGE) boxed to the partner, one per sender: a new one replaces
the one before, so they never pile up. The receiver sees it on their next visit and it
is deleted as it is shown. Nothing tells the sender whether it was seen, or whether the
receiver turned nudges off: when they have, a waiting nudge is deleted unseen.

There is no free text: a nudge is an id from MESSAGES, and the receiver shows the words
their own copy of the app holds for it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from afterwards.couple import pins, sharing
from afterwards.couple.kinds import NUDGE
from afterwards.vault import services as vault
from afterwards.vault.crypto import VaultError
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry, PartnerWrap

MESSAGES: dict[str, str] = {
    "thinking-of-you": "Thinking of you",
    "talk-tonight": "Would you like to talk tonight?",
    "no-need-to-reply": "No need to reply",
    "here-for-you": "I'm here whenever you need me",
    "go-gently": "Go gently today",
}

# The receiver's own preference, kept in their vault; not a couple kind, so it outlives
# leaving. Nudges are received unless the person turns them off.
SETTINGS = "nudge_settings"


class CannotNudge(Exception):
    """Why a nudge cannot be sent, in words a person can read."""


def receiving(*, owner: Any, keys: UnlockedKeys) -> bool:
    content = vault.entry_find(owner=owner, keys=keys, kind=SETTINGS, index_value=SETTINGS)
    return bool((content or {}).get("receive", True))


def receiving_set(*, owner: Any, keys: UnlockedKeys, receive: bool) -> None:
    """Turn receiving on or off; turning it off deletes a waiting nudge unseen."""
    vault.entry_put(
        owner=owner, keys=keys, kind=SETTINGS, index_value=SETTINGS, content={"receive": receive}
    )
    if not receive:
        _waiting_delete(owner)


def nudge_send(*, owner: Any, keys: UnlockedKeys, pair: sharing.Pair | None, message: str) -> None:
    """Leave `message` for the partner, replacing any nudge of this person's still waiting."""
    if pair is None:
        raise CannotNudge(
            "You don't share a space at the moment, so there is no one to send this to."
        )
    if not pair.sharing:
        raise CannotNudge(
            "Your sharing is paused, so nudges are not sent. "
            "You can resume it on the Together page."
        )
    if message not in MESSAGES:
        raise CannotNudge("Please choose one of the messages offered.")
    sharing.copy_put(
        owner=owner,
        keys=keys,
        pair=pair,
        kind=NUDGE,
        index_value=NUDGE,
        content={"message": message},
    )


def _waiting(reader: Any) -> list[PartnerWrap]:
    return list(
        PartnerWrap.objects.filter(reader=reader, entry__kind=NUDGE).select_related("entry")
    )


def _waiting_delete(reader: Any) -> None:
    Entry.objects.filter(kind=NUDGE, partner_wraps__reader=reader).delete()


def nudge_take(*, reader: Any, keys: UnlockedKeys) -> str | None:
    """The words of the nudge waiting for this person, deleted as it is read: seen once.

    One query when nothing waits, which is almost always. A nudge that does not open with
    the partner's pinned key (or comes from anyone but the partner) is deleted unread.
    """
    waiting = _waiting(reader)
    if not waiting:
        return None
    words = None
    if receiving(owner=reader, keys=keys):
        try:
            pair = sharing.pair_for(owner=reader, keys=keys)
        except pins.PartnerKeyChanged:
            pair = None
        for wrap in waiting:
            if pair is not None and wrap.entry.owner_id == pair.partner.pk:
                try:
                    content = vault.entry_open_shared(
                        wrap.entry, wrap, keys, owner_public_key=pair.partner_key
                    )
                except VaultError:
                    continue
                words = MESSAGES.get(str(content.get("message")), words)
    _waiting_delete(reader)
    return words


def nudge_for(request: HttpRequest) -> str | None:
    """What to show the logged-in person of a nudge, once; None for anyone else.

    For the Today page and the Together home, on GET.
    """
    user = getattr(request, "user", None)
    keys: UnlockedKeys | None = getattr(request, "vault", None)
    if user is None or not user.is_authenticated or keys is None:
        return None
    return nudge_take(reader=user, keys=keys)
