"""What one check-in holds. Plain Python: the vault stores it as sealed JSON.

The schema grows by adding optional fields; `schema` says which version wrote a
check-in so older ones can still be read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

SCHEMA = 1
KIND = "checkin"

MOOD_WORDS = {
    1: "Very low",
    2: "Low",
    3: "Okay",
    4: "Good",
    5: "Very good",
}


@dataclass
class CheckIn:
    day: date
    mood: int | None = None
    note: str = ""

    def to_content(self) -> dict[str, Any]:
        content = asdict(self)
        content["day"] = self.day.isoformat()
        content["schema"] = SCHEMA
        return content

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> CheckIn:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in content.items() if key in known}
        values["day"] = date.fromisoformat(content["day"])
        return cls(**values)

    @property
    def day_label(self) -> str:
        """ "Saturday 28 March": for lists, where Django's date filter is slow."""
        return f"{self.day:%A} {self.day.day} {self.day:%B}"

    @property
    def mood_word(self) -> str:
        return MOOD_WORDS.get(self.mood, "") if self.mood else ""
