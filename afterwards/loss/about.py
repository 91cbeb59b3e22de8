"""What a person chose to tell us about their loss. Optional, private, editable.

Kept in the vault as one entry of kind "about_loss". Each partner has their own.
Everything is optional: an empty AboutLoss is the normal state of someone who has not
said, or would rather not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.http import HttpRequest

from afterwards.vault import services as vault
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.middleware import request_entry

KIND = "about_loss"
INDEX = "about_loss"

KINDS = {
    "miscarriage": "Miscarriage",
    "ectopic": "Ectopic pregnancy",
    "molar": "Molar pregnancy",
    "stillbirth": "Stillbirth",
    "tfmr": "Termination for medical reasons",
    "other": "Something else",
    "unsaid": "I'd rather not say",
}
# The words someone may choose instead of a name, kept as written in `AboutLoss.name`.
PREGNANCY = "the pregnancy"
# Whether this person was the one who was pregnant: each partner answers for themselves,
# and nothing is ever inferred from anything else (a name, the other partner's answer).
PREGNANT = {
    "yes": "Yes",
    "no": "No",
    "unsaid": "I'd rather not say",
}


@dataclass
class AboutLoss:
    kind: str = ""  # a key of KINDS, or "" when not told
    loss_date: date | None = None
    due_date: date | None = None
    name: str = ""  # the words the person uses: their baby's name, "the pregnancy", or ""
    pregnant: str = ""  # a key of PREGNANT, or "" when not told

    @property
    def body_is_theirs(self) -> bool:
        """Whether the check-in asks about this person's body unless they say otherwise:
        yes, except for someone who told us they were not the one who was pregnant."""
        return self.pregnant != "no"

    @property
    def told(self) -> bool:
        """Whether the person has said anything at all."""
        return bool(self.kind or self.loss_date or self.due_date or self.name or self.pregnant)

    def to_content(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "loss_date": self.loss_date.isoformat() if self.loss_date else None,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "name": self.name,
            "pregnant": self.pregnant,
        }

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> AboutLoss:
        def day(key: str) -> date | None:
            value = content.get(key)
            return date.fromisoformat(value) if value else None

        kind = content.get("kind") or ""
        pregnant = content.get("pregnant") or ""  # absent before the question was asked
        return cls(
            kind=kind if kind in KINDS else "",
            loss_date=day("loss_date"),
            due_date=day("due_date"),
            name=content.get("name") or "",
            pregnant=pregnant if pregnant in PREGNANT else "",
        )


def about_loss_get(*, owner: Any, keys: UnlockedKeys) -> AboutLoss:
    content = vault.entry_find(owner=owner, keys=keys, kind=KIND, index_value=INDEX)
    return AboutLoss.from_content(content) if content is not None else AboutLoss()


def about_loss_save(*, owner: Any, keys: UnlockedKeys, about: AboutLoss) -> None:
    vault.entry_put(
        owner=owner, keys=keys, kind=KIND, index_value=INDEX, content=about.to_content()
    )


def about_loss_for(request: HttpRequest) -> AboutLoss:
    """The logged-in person's answers, read at most once per request; empty for anyone else."""
    return AboutLoss.from_content(request_entry(request, KIND, INDEX) or {})
