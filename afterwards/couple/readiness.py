"""Mutual readiness: each person's private yes / maybe / not yet, and where the two meet.

Cryptography decides what the partner can ever read. A person's answers are their own
vault entry (READINESS), never wrapped to anyone. What reaches the partner is a copy
(READINESS_OFFER) holding only the ids of the items the person marked yes or maybe:
never the level, never a "not yet", never an unanswered item, so a "not yet" and no
answer are the same bytes to the partner. The match is the person's own yes or maybe
intersected with the partner's offer, so it is the same set on both pages.

Items of the couple's own: the WORDS of an item a person adds are shared as a question
(READINESS_ITEMS), so both can answer it; nobody's answer to it travels with them.

The answers belong to one couple: they carry the couple's id and are ignored in any
other space, and leaving deletes them (they are in COUPLE_KINDS), so an answer given
for one person never reaches another.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from afterwards.couple import sharing
from afterwards.couple.kinds import READINESS, READINESS_ITEMS, READINESS_OFFER
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys

# The items everyone is asked about, in the order they are shown. Ids never change:
# they are what answers and offers hold.
ITEMS: dict[str, str] = {
    "held": "Being held",
    "cuddling": "Cuddling",
    "massage": "Massage",
    "kissing": "Kissing",
    "touching": "Touching",
    "showering": "Showering together",
    "sex": "Sex",
}
YES = "yes"
MAYBE = "maybe"
NOT_YET = "not_yet"
LEVELS: dict[str, str] = {YES: "Yes", MAYBE: "Maybe", NOT_YET: "Not yet"}
OPEN = frozenset({YES, MAYBE})  # what may be offered; "not yet" never is

OWN_WORDS_MAX = 60  # characters in the words of an item of one's own
OWN_ITEMS_MAX = 5  # items of one's own, per person
OWN_ID = re.compile(r"^own-[0-9a-f]{12}$")

MINE = "mine"
PARTNERS = "partner"
OURS = "ours"


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    source: str = OURS  # OURS (everyone's list), MINE (my words) or PARTNERS (theirs)


@dataclass
class Readiness:
    """One person's answers and the items they added, for one couple."""

    couple: str
    answers: dict[str, str] = field(default_factory=dict)  # item id -> a key of LEVELS
    own_items: list[Item] = field(default_factory=list)
    # Items the partner added that this person chose not to see: their words are free
    # text, the one thing a partner writes that the other reads. Never told to anyone.
    hidden: list[str] = field(default_factory=list)

    def open_ids(self) -> frozenset[str]:
        """The items answered yes or maybe: all that is ever offered."""
        return frozenset(item for item, level in self.answers.items() if level in OPEN)

    def to_content(self) -> dict[str, Any]:
        return {
            "couple": self.couple,
            "answers": dict(sorted(self.answers.items())),
            "own_items": [{"id": item.id, "words": item.label} for item in self.own_items],
            "hidden": sorted(self.hidden),
        }

    @classmethod
    def from_content(cls, content: dict[str, Any], *, couple: str) -> Readiness:
        """What was stored for this couple; nothing at all if it was for another."""
        if content.get("couple") != couple:
            return cls(couple=couple)
        answers = content.get("answers")
        return cls(
            couple=couple,
            answers={
                str(item): level
                for item, level in (answers.items() if isinstance(answers, dict) else [])
                if level in LEVELS
            },
            own_items=items_from(content.get("own_items"), source=MINE),
            hidden=[
                item
                for item in (content.get("hidden") or [])
                if isinstance(item, str) and OWN_ID.match(item)
            ],
        )


def words_clean(words: str) -> str:
    """One line of plain words: no control characters, single spaces, none around."""
    return " ".join("".join(c for c in words if c.isprintable()).split())


def items_from(value: object, *, source: str) -> list[Item]:
    """Items of one's own as stored or shared, keeping only well-formed ones.

    A partner's list is read with the same care as anything else from outside: an id of
    the expected shape, plain words of the allowed length, and no more than the maximum.
    """
    items: list[Item] = []
    seen: set[str] = set()
    for raw in value if isinstance(value, list) else []:
        if not isinstance(raw, dict):
            continue
        item_id, words = raw.get("id"), raw.get("words")
        if not isinstance(item_id, str) or not OWN_ID.match(item_id) or item_id in seen:
            continue
        if not isinstance(words, str) or words_clean(words) != words or not words:
            continue
        if len(words) > OWN_WORDS_MAX:
            continue
        seen.add(item_id)
        items.append(Item(id=item_id, label=words, source=source))
    return items[:OWN_ITEMS_MAX]


def readiness_get(*, owner: Any, keys: UnlockedKeys, pair: sharing.Pair) -> Readiness:
    couple = str(pair.member.couple_id)
    content = vault.entry_find(owner=owner, keys=keys, kind=READINESS, index_value=READINESS)
    return Readiness.from_content(content or {}, couple=couple)


@dataclass(frozen=True)
class FromPartner:
    """What the partner shares about readiness: the words of their items, and their offer."""

    items: list[Item]
    offer: frozenset[str]


def from_partner(*, reader: Any, keys: UnlockedKeys, pair: sharing.Pair) -> FromPartner:
    items: list[Item] = []
    for copy in sharing.copies_from_partner(
        reader=reader, keys=keys, pair=pair, kind=READINESS_ITEMS
    ):
        items = items_from(copy.get("items"), source=PARTNERS)
    offer: frozenset[str] = frozenset()
    for copy in sharing.copies_from_partner(
        reader=reader, keys=keys, pair=pair, kind=READINESS_OFFER
    ):
        offered = copy.get("items")
        offer = (
            frozenset(i for i in offered if isinstance(i, str))
            if isinstance(offered, list)
            else offer
        )
    return FromPartner(items=items, offer=offer)


def items_all(own: Readiness, partner_items: list[Item]) -> list[Item]:
    """Everyone's items, then the person's own, then the partner's that the person has
    not hidden: each id once."""
    items = [Item(id=item_id, label=label) for item_id, label in ITEMS.items()]
    seen = set(ITEMS) | set(own.hidden)
    for item in [*own.own_items, *partner_items]:
        if item.id not in seen:
            seen.add(item.id)
            items.append(item)
    return items


def matches(own: Readiness, offer: frozenset[str], items: list[Item]) -> list[Item]:
    """Where the two meet: items both said yes or maybe to, and nothing about the rest."""
    mine = own.open_ids()
    return [item for item in items if item.id in mine and item.id in offer]


def readiness_offer_refresh(
    *, owner: Any, keys: UnlockedKeys, pair: sharing.Pair, readiness: Readiness | None = None
) -> None:
    """Share again what the person's answers offer, and the words of their own items.

    For every save, and for resuming a space. While the person's sharing is paused
    nothing is shared (pausing deleted both copies). The offer holds only the
    ids of known items answered yes or maybe; it is written even when empty, so the
    partner's copy looks the same whatever was left unanswered or marked "not yet".
    """
    if not pair.sharing:  # pausing took both copies back, and copy_put would refuse
        return
    own = readiness if readiness is not None else readiness_get(owner=owner, keys=keys, pair=pair)
    known = {
        item.id for item in items_all(own, from_partner(reader=owner, keys=keys, pair=pair).items)
    }
    with transaction.atomic():
        sharing.copy_put(
            owner=owner,
            keys=keys,
            pair=pair,
            kind=READINESS_OFFER,
            index_value=READINESS_OFFER,
            content={"items": sorted(own.open_ids() & known)},
        )
        sharing.copy_put(
            owner=owner,
            keys=keys,
            pair=pair,
            kind=READINESS_ITEMS,
            index_value=READINESS_ITEMS,
            content={"items": [{"id": item.id, "words": item.label} for item in own.own_items]},
        )


def readiness_save(
    *, owner: Any, keys: UnlockedKeys, pair: sharing.Pair, readiness: Readiness
) -> None:
    """Keep the person's answers and replace what they offer, in one transaction.

    A change to "not yet" therefore takes the match away for both at the same moment.
    """
    with transaction.atomic():
        vault.entry_put(
            owner=owner,
            keys=keys,
            kind=READINESS,
            index_value=READINESS,
            content=readiness.to_content(),
        )
        readiness_offer_refresh(owner=owner, keys=keys, pair=pair, readiness=readiness)


def own_item_add(
    *, owner: Any, keys: UnlockedKeys, pair: sharing.Pair, readiness: Readiness, words: str
) -> Item:
    """Add an item in the person's own words (already checked by the form)."""
    item = Item(id=f"own-{secrets.token_hex(6)}", label=words_clean(words), source=MINE)
    readiness.own_items.append(item)
    readiness_save(owner=owner, keys=keys, pair=pair, readiness=readiness)
    return item


def partner_item_hide(
    *,
    owner: Any,
    keys: UnlockedKeys,
    pair: sharing.Pair,
    readiness: Readiness,
    item_id: str,
    partner_items: list[Item],
) -> bool:
    """Stop seeing an item the partner added, and drop any answer to it (so it can never
    match). The partner is not told. False if the partner has no such item."""
    if item_id not in {item.id for item in partner_items}:
        return False
    if item_id not in readiness.hidden:
        readiness.hidden.append(item_id)
    readiness.answers.pop(item_id, None)
    readiness_save(owner=owner, keys=keys, pair=pair, readiness=readiness)
    return True


def partner_items_show_again(
    *, owner: Any, keys: UnlockedKeys, pair: sharing.Pair, readiness: Readiness
) -> None:
    readiness.hidden = []
    readiness_save(owner=owner, keys=keys, pair=pair, readiness=readiness)


def own_item_remove(
    *, owner: Any, keys: UnlockedKeys, pair: sharing.Pair, readiness: Readiness, item_id: str
) -> bool:
    """Remove an item the person added, and their answer to it. False if not theirs."""
    if item_id not in {item.id for item in readiness.own_items}:
        return False
    readiness.own_items = [item for item in readiness.own_items if item.id != item_id]
    readiness.answers.pop(item_id, None)
    readiness_save(owner=owner, keys=keys, pair=pair, readiness=readiness)
    return True
