"""Gentle nudges: one short prepared message to the partner, seen once, never receipted.

A nudge is a copy (kind NUDGE) boxed to the partner, one per sender: a new one replaces
the one before, so they never pile up. The receiver sees it on their next visit and it
is deleted as it is shown. Nothing tells the sender whether it was seen, or whether the
receiver turned nudges off: when they have, a waiting nudge is deleted unseen.

The receiver may answer it, with one of a few prepared answers (ANSWERS), and only if
they choose to: the nudge they were shown is remembered in their own vault
(NUDGE_RECEIVED, never shared) until they answer it or the next one comes. The answer
is a copy boxed to the sender (NUDGE_ANSWER), one at a time, shown to the sender once
and deleted as it is shown, like a nudge. Not answering sends nothing: the sender still
cannot tell a nudge seen from one unseen.

There is no free text: a nudge and an answer are ids, and the reader shows the words
their own copy of the app holds for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from afterwards.couple import pins, sharing
from afterwards.couple.kinds import NUDGE, NUDGE_ANSWER, NUDGE_RECEIVED
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
    "bring-you-anything": "Can I bring you anything?",
    "missing-you": "Missing you today",
    "thank-you-today": "Thank you for today",
    "all-the-time": "Take all the time you need",
    "in-my-thoughts": "Holding you in my thoughts",
}

# What the receiver may answer a nudge with. Ids never change: answers hold them.
ANSWERS: dict[str, str] = {
    "thank-you": "Thank you",
    "you-too": "Thinking of you too",
    "needed-that": "I needed that",
    "yes-tonight": "Yes, let's talk tonight",
    "another-day": "Another day, if that's all right",
    "here-too": "I'm here for you too",
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


def _waiting(reader: Any, kinds: tuple[str, ...] = (NUDGE,)) -> list[PartnerWrap]:
    return list(
        PartnerWrap.objects.filter(reader=reader, entry__kind__in=kinds).select_related("entry")
    )


def _waiting_delete(reader: Any, kind: str = NUDGE) -> None:
    Entry.objects.filter(kind=kind, partner_wraps__reader=reader).delete()


def _opened(
    wraps: list[PartnerWrap], *, reader: Any, keys: UnlockedKeys
) -> tuple[sharing.Pair | None, list[dict[str, Any]]]:
    """The reader's pair, and what of these copies opens as the partner's with the pinned
    key; copies from anyone else, or that do not open, are left out."""
    try:
        pair = sharing.pair_for(owner=reader, keys=keys)
    except pins.PartnerKeyChanged:
        return None, []
    opened = []
    for wrap in wraps:
        if pair is not None and wrap.entry.owner_id == pair.partner.pk:
            try:
                opened.append(
                    vault.entry_open_shared(
                        wrap.entry, wrap, keys, owner_public_key=pair.partner_key
                    )
                )
            except VaultError:
                continue
    return pair, opened


def nudge_take(
    *, reader: Any, keys: UnlockedKeys, waiting: list[PartnerWrap] | None = None
) -> str | None:
    """The words of the nudge waiting for this person, deleted as it is read: seen once.

    One query when nothing waits, which is almost always (none when the caller already
    read what waits). A nudge that does not open with the partner's pinned key (or comes
    from anyone but the partner) is deleted unread. The nudge shown is remembered,
    privately, so that the person can answer it.
    """
    waiting = _waiting(reader) if waiting is None else waiting
    if not waiting:
        return None
    message = None
    pair = None
    if receiving(owner=reader, keys=keys):
        pair, opened = _opened(waiting, reader=reader, keys=keys)
        for content in opened:
            if str(content.get("message")) in MESSAGES:
                message = str(content["message"])
    with transaction.atomic():
        _waiting_delete(reader)
        if message is not None and pair is not None:
            vault.entry_put(
                owner=reader,
                keys=keys,
                kind=NUDGE_RECEIVED,
                index_value=NUDGE_RECEIVED,
                content={"couple": str(pair.member.couple_id), "message": message},
            )
    return MESSAGES[message] if message is not None else None


def answerable(*, owner: Any, keys: UnlockedKeys, pair: sharing.Pair | None) -> str | None:
    """The id of the nudge the person was last shown in this space and has not answered."""
    if pair is None:
        return None
    content = vault.entry_find(
        owner=owner, keys=keys, kind=NUDGE_RECEIVED, index_value=NUDGE_RECEIVED
    )
    if not content or content.get("couple") != str(pair.member.couple_id):
        return None
    message = content.get("message")
    return message if message in MESSAGES else None


def nudge_answer(*, owner: Any, keys: UnlockedKeys, pair: sharing.Pair | None, answer: str) -> None:
    """Answer the nudge last shown to the person, once: the answer replaces any of theirs
    still waiting for the partner."""
    if pair is None:
        raise CannotNudge(
            "You don't share a space at the moment, so there is no one to send this to."
        )
    if not pair.sharing:
        raise CannotNudge(
            "Your sharing is paused, so answers are not sent. "
            "You can resume it on the Together page."
        )
    if answer not in ANSWERS:
        raise CannotNudge("Please choose one of the answers offered.")
    message = answerable(owner=owner, keys=keys, pair=pair)
    if message is None:
        raise CannotNudge("There is no nudge to answer at the moment.")
    with transaction.atomic():
        sent = sharing.copy_put(
            owner=owner,
            keys=keys,
            pair=pair,
            kind=NUDGE_ANSWER,
            index_value=NUDGE_ANSWER,
            content={"answer": answer, "message": message},
        )
        if sent is None:
            raise CannotNudge(
                "Your sharing is paused, so answers are not sent. "
                "You can resume it on the Together page."
            )
        sharing.copy_delete(owner=owner, keys=keys, kind=NUDGE_RECEIVED, index_value=NUDGE_RECEIVED)


def answer_take(
    *, reader: Any, keys: UnlockedKeys, waiting: list[PartnerWrap] | None = None
) -> tuple[str, str] | None:
    """The partner's answer to the reader's nudge, as (the nudge's words, the answer's
    words), deleted as it is read: seen once."""
    waiting = _waiting(reader, (NUDGE_ANSWER,)) if waiting is None else waiting
    if not waiting:
        return None
    _, opened = _opened(waiting, reader=reader, keys=keys)
    found = None
    for content in opened:
        answer, message = str(content.get("answer")), str(content.get("message"))
        if answer in ANSWERS and message in MESSAGES:
            found = (MESSAGES[message], ANSWERS[answer])
    _waiting_delete(reader, NUDGE_ANSWER)
    return found


@dataclass(frozen=True)
class Shown:
    """What a page shows of nudges, once: the partner's nudge, and their answer to one's own."""

    words: str | None = None  # the nudge the partner sent
    answered: str | None = None  # the words of one's own nudge they answered
    answer: str | None = None  # and their answer

    def __bool__(self) -> bool:
        return bool(self.words or self.answer)

    @property
    def answers(self) -> list[tuple[str, str]]:
        """The answers the receiver may give, for the form beside the nudge."""
        return list(ANSWERS.items())


def nudge_for(request: HttpRequest) -> Shown | None:
    """What to show the logged-in person of nudges, once; None for anyone else.

    For the Today page and the Together home, on GET.
    """
    user = getattr(request, "user", None)
    keys: UnlockedKeys | None = getattr(request, "vault", None)
    if user is None or not user.is_authenticated or keys is None:
        return None
    # One query for both kinds when nothing waits, which is almost always.
    waiting = _waiting(user, (NUDGE, NUDGE_ANSWER))
    if not waiting:
        return None
    words = nudge_take(
        reader=user, keys=keys, waiting=[w for w in waiting if w.entry.kind == NUDGE]
    )
    answered = answer_take(
        reader=user, keys=keys, waiting=[w for w in waiting if w.entry.kind == NUDGE_ANSWER]
    )
    shown = Shown(
        words=words,
        answered=answered[0] if answered else None,
        answer=answered[1] if answered else None,
    )
    return shown or None
