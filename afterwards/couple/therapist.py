"""For the therapist: a private list of things to bring up, kept by each person.

An item is either words the person typed, or a question the two of them answered (by
its id and day: the question's words come from the library, and neither person's answer
is ever copied in). The list is one vault entry of the person's, never wrapped to
anyone, so it outlives leaving a space: nothing in it is the partner's.

It reaches a therapist only through the report, when the person ticks it there
(afterwards/report/parts.py): in their own report, and in a couple report only as part
of the part they consent to give, listed word for word before they confirm.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from afterwards.couple.questions.library import library
from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys

KIND = "therapist_list"
INDEX = KIND
WORDS_MAX = 300
ITEMS_MAX = 40
ITEM_ID_LENGTH = 12


class CannotAdd(Exception):
    """Why an item cannot be added, in words a person can read."""


@dataclass(frozen=True)
class Item:
    id: str
    words: str = ""  # typed by the person
    question: str = ""  # or a question's id, with the day it was answered
    day: date | None = None

    @property
    def text(self) -> str:
        """The item as the list and the report show it."""
        if not self.question:
            return self.words
        found = library().questions.get(self.question)
        asked = found.text if found is not None else "A question we answered"
        when = f" ({self.day.day} {self.day:%B %Y})" if self.day else ""
        return f"“{asked}”, a question we both answered{when}"

    def to_content(self) -> dict[str, Any]:
        if self.question:
            return {"id": self.id, "question": self.question, "day": _iso(self.day)}
        return {"id": self.id, "words": self.words}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def words_clean(words: str) -> str:
    """Plain words: no control characters but new lines, no blank lines around."""
    kept = "".join(c for c in words if c.isprintable() or c == "\n")
    return "\n".join(line.rstrip() for line in kept.strip().splitlines())


def _item(raw: object) -> Item | None:
    """One stored item, or None for anything not of the expected shape."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        return None
    if isinstance(raw.get("question"), str) and isinstance(raw.get("day"), str):
        try:
            day = date.fromisoformat(raw["day"])
        except ValueError:
            return None
        return Item(id=raw["id"], question=raw["question"], day=day)
    words = raw.get("words")
    if isinstance(words, str) and words.strip() and len(words) <= WORDS_MAX:
        return Item(id=raw["id"], words=words)
    return None


def items_get(*, owner: Any, keys: UnlockedKeys) -> list[Item]:
    """The person's list, oldest first."""
    content = vault.entry_find(owner=owner, keys=keys, kind=KIND, index_value=INDEX) or {}
    raw = content.get("items")
    found = [_item(each) for each in (raw if isinstance(raw, list) else [])]
    return [item for item in found if item is not None][:ITEMS_MAX]


def _save(*, owner: Any, keys: UnlockedKeys, items: list[Item]) -> None:
    vault.entry_put(
        owner=owner,
        keys=keys,
        kind=KIND,
        index_value=INDEX,
        content={"items": [item.to_content() for item in items]},
    )


def _new_id() -> str:
    return secrets.token_hex(ITEM_ID_LENGTH // 2)


def item_add_words(*, owner: Any, keys: UnlockedKeys, words: str) -> Item:
    """Add the person's own words (already checked by the form)."""
    items = items_get(owner=owner, keys=keys)
    if len(items) >= ITEMS_MAX:
        raise CannotAdd(f"Your list holds up to {ITEMS_MAX} items. You can remove one first.")
    item = Item(id=_new_id(), words=words_clean(words))
    _save(owner=owner, keys=keys, items=[*items, item])
    return item


def question_on_list(items: list[Item], *, question: str, day: date) -> bool:
    return any(item.question == question and item.day == day for item in items)


def question_mark(*, owner: Any, keys: UnlockedKeys, question: str, day: date, on: bool) -> None:
    """Put a question the two answered on the list (once), or take it off."""
    items = items_get(owner=owner, keys=keys)
    kept = [item for item in items if not (item.question == question and item.day == day)]
    if on:
        if len(kept) >= ITEMS_MAX:
            raise CannotAdd(f"Your list holds up to {ITEMS_MAX} items. You can remove one first.")
        kept.append(Item(id=_new_id(), question=question, day=day))
    if kept != items:
        _save(owner=owner, keys=keys, items=kept)


def item_remove(*, owner: Any, keys: UnlockedKeys, item_id: str) -> bool:
    """Take an item off the list. False if the person has no such item."""
    items = items_get(owner=owner, keys=keys)
    kept = [item for item in items if item.id != item_id]
    if len(kept) == len(items):
        return False
    _save(owner=owner, keys=keys, items=kept)
    return True


def report_lines(*, owner: Any, keys: UnlockedKeys) -> list[str]:
    """The list as a report holds it: each item's text, oldest first."""
    return [item.text for item in items_get(owner=owner, keys=keys)]
