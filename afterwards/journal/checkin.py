"""What one check-in holds. Plain Python: the vault stores it as sealed JSON.

The schema grows by adding optional fields; `schema` says which version wrote a
check-in. The server cannot read a sealed check-in, so no database migration can
rewrite old ones: `from_content` reads every earlier version, and the next save of
that day writes the current one.

Version 1 (the foundation): day, mood, note.
Version 2: grief, anxiety, energy, sleep; the body (bleeding, pain, symptoms, the
person's own symptoms); intimacy, how it felt during and afterwards; and whether the
person chose to share it with their partner.
Version 3: `share` names the parts of the day the partner sees (SHARE_SECTIONS), rather
than yes or no for the whole day.
Version 4: `share_with`, the shared space (its couple's id) the choice was made in. A
choice is for one partner: ticks made in one space are never shared with a later
partner, and ticks from before any space (schema 2's yes) with none.

New symptoms (the signs after a later loss) are new values of `symptoms`, not new fields:
no version changes, and a day holding one reads the same in every version's reader.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

SCHEMA = 4
KIND = "checkin"

# Five steps, each with its word. Higher is better for mood, energy and sleep, and
# heavier for grief and anxiety: each scale says what its own top means.
MOOD_WORDS = {1: "Very low", 2: "Low", 3: "Okay", 4: "Good", 5: "Very good"}
GRIEF_WORDS = {1: "None", 2: "A little", 3: "Some", 4: "A lot", 5: "Overwhelming"}
ANXIETY_WORDS = {1: "Calm", 2: "A little uneasy", 3: "Uneasy", 4: "Very anxious", 5: "Panicky"}
# The other scales share the page with mood, so none of their words is one of mood's:
# "Okay" or "Low" then names one choice, for a screen reader's list of them too.
ENERGY_WORDS = {1: "Drained", 2: "Tired", 3: "Steady", 4: "Energetic", 5: "Full of energy"}
SLEEP_WORDS = {1: "Hardly slept", 2: "Poorly", 3: "On and off", 4: "Well", 5: "Very well"}
FEELING_WORDS = {1: "Very hard", 2: "Hard", 3: "Mixed", 4: "Good", 5: "Very good"}

BLEEDING = {
    "none": "None",
    "spotting": "Spotting",
    "light": "Light",
    "medium": "Medium",
    "heavy": "Heavy",
}
SYMPTOMS = {
    "cramps": "Cramps",
    "one_sided_pain": "Pain on one side of your tummy",
    "worsening_pain": "Pain that is getting worse",
    "shoulder_tip_pain": "Shoulder-tip pain",
    "pain_toilet_sickness": "Pain when peeing or pooing, diarrhoea or being sick",
    "fever": "Fever or feeling hot and shivery",
    # One tick for the emergency signs the facts list together [S28, S29, S31]: its key
    # is older than its words, which grew to name looking very pale and a fast heartbeat.
    "dizziness": "Dizziness, feeling faint, looking very pale, or a fast heartbeat",
    "discharge": "Unusual discharge",
    # The signs of the weeks after a birth, asked only after a later loss (see
    # LATER_LOSS_SYMPTOMS and journal.red_flags.later_loss).
    "chest_breathless": "Chest pain, being short of breath, or coughing up blood",
    "leg_pain": "Pain, redness or swelling in one leg, often the calf",
    "severe_headache": "A severe headache",
    "breast_red": "A breast that is hot, red, swollen or painful",
    "tiredness": "Tiredness",
}
# Offered on the check-in only after a later loss; a day that holds one keeps it ticked,
# and its red flag is raised whatever the loss.
LATER_LOSS_SYMPTOMS = ("chest_breathless", "leg_pain", "severe_headache", "breast_red")
INTIMACY = {
    "none": "None today",
    "closeness": "Closeness (being held, touch)",
    "sex": "Sex",
}
PAIN_MAX = 10
CUSTOM_SYMPTOM_MAX = 60  # characters in one of a person's own symptoms
CUSTOM_SYMPTOMS_MAX = 12  # of them on one day
NOTE_MAX = 10_000

# The five scales of "how you are", in the order the page asks them.
SCALES = {
    "mood": MOOD_WORDS,
    "grief": GRIEF_WORDS,
    "anxiety": ANXIETY_WORDS,
    "energy": ENERGY_WORDS,
    "sleep": SLEEP_WORDS,
}


# The parts of a day a person can share with their partner, each with its fields, in the
# order the page asks them. Sharing is by part: a person may share how they are and keep
# their body or their note to themselves.
SHARE_SECTIONS: dict[str, tuple[str, ...]] = {
    "mood": ("mood", "grief", "anxiety", "energy", "sleep"),
    "body": ("bleeding", "pain", "symptoms", "custom_symptoms"),
    "intimacy": ("intimacy", "during", "afterwards"),
    "note": ("note",),
}
SHARE_LABELS = {
    "mood": "Mood, grief, worry, energy and sleep",
    "body": "Body: bleeding, pain and symptoms",
    "intimacy": "Closeness or sex, and how it felt",
    "note": "Note",
}


def share_sections_read(value: Any) -> list[str]:
    """The sections a stored `share` names, in SHARE_SECTIONS order.

    Schema 2 stored yes or no for the whole day. An old yes reads as the mood section
    only: it is the narrowest reading of that choice. When the old page said "share
    this day", the partner's page that would have shown it did not exist yet, so nobody
    chose what a partner would see of their body or their note; sharing more than the
    person can be sure they meant would break "private by default", while sharing less
    costs nothing, since they can tick more on the day's page at any time.
    """
    if value is True:
        return ["mood"]
    if not isinstance(value, list):
        return []
    return [section for section in SHARE_SECTIONS if section in value]


def custom_symptoms_parse(text: str) -> list[str]:
    """A person's own symptoms from what they typed: split at commas (or new lines),
    spaces tidied, empty ones and repeats (in any case) left out, their order kept."""
    found: list[str] = []
    seen: set[str] = set()
    for part in text.replace("\n", ",").replace(";", ",").split(","):
        words = " ".join(part.split())
        if words and words.casefold() not in seen:
            seen.add(words.casefold())
            found.append(words)
    return found


def custom_symptoms_merge(*lists: list[str]) -> list[str]:
    """Several lists of a person's own symptoms as one, without repeats in any case."""
    return custom_symptoms_parse(",".join(",".join(items) for items in lists))


@dataclass
class CheckIn:
    day: date
    mood: int | None = None
    grief: int | None = None
    anxiety: int | None = None
    energy: int | None = None
    sleep: int | None = None
    bleeding: str | None = None  # a key of BLEEDING
    pain: int | None = None  # 0..PAIN_MAX
    symptoms: list[str] = field(default_factory=list)  # keys of SYMPTOMS
    custom_symptoms: list[str] = field(default_factory=list)  # the person's own words
    intimacy: str | None = None  # a key of INTIMACY
    during: int | None = None  # how the intimacy felt, a key of FEELING_WORDS
    afterwards: int | None = None  # how the person feels after it, a key of FEELING_WORDS
    note: str = ""
    # The parts of the day the person chose to share with their partner (SHARE_SECTIONS
    # keys, in that order); on a shared copy, the parts it holds.
    share: list[str] = field(default_factory=list)
    # The space the choice was made in (its couple's id), "" for none: a day is shared
    # only with the partner of that space (journal.services.checkin_save stamps it).
    share_with: str = ""

    def to_content(self) -> dict[str, Any]:
        content = asdict(self)
        content["day"] = self.day.isoformat()
        content["schema"] = SCHEMA
        return content

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> CheckIn:
        """Any version's content: fields it did not have take their defaults."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in content.items() if key in known}
        values["day"] = date.fromisoformat(content["day"])
        values["share"] = share_sections_read(content.get("share"))
        return cls(**values)

    def shared_part(self, sections: list[str] | None = None) -> dict[str, Any]:
        """What the partner may read of this day: the day, the given sections' fields
        (the day's own choice when none are given) and which sections those are. Read
        it back with from_content: the fields left out take their defaults."""
        chosen = share_sections_read(self.share if sections is None else list(sections))
        part: dict[str, Any] = {"day": self.day.isoformat(), "schema": SCHEMA, "share": chosen}
        for section in chosen:
            for name in SHARE_SECTIONS[section]:
                value = getattr(self, name)
                part[name] = list(value) if isinstance(value, list) else value
        return part

    @property
    def day_label(self) -> str:
        """ "Saturday 28 March": for lists, where Django's date filter is slow."""
        return f"{self.day:%A} {self.day.day} {self.day:%B}"

    @property
    def mood_word(self) -> str:
        return MOOD_WORDS.get(self.mood, "") if self.mood else ""

    @property
    def very_hard(self) -> bool:
        """The lowest mood, or grief at "Overwhelming": the day's page then offers help in
        one gentle line. Only these two answers the person chose count. The note is never
        read for this, nor for anything else: words written to oneself are not scanned."""
        return self.mood == min(MOOD_WORDS) or self.grief == max(GRIEF_WORDS)

    @property
    def has_body(self) -> bool:
        """Any answer about the body: such a day always shows its body section."""
        return bool(
            self.bleeding is not None
            or self.pain is not None
            or self.symptoms
            or self.custom_symptoms
        )

    @property
    def bled(self) -> bool:
        """Any bleeding at all that day, spotting included."""
        return self.bleeding not in (None, "none")

    @property
    def intimate(self) -> bool:
        """Closeness or sex that day."""
        return self.intimacy in ("closeness", "sex")

    @property
    def awaits_afterwards(self) -> bool:
        """Intimacy was noted but not yet how the person felt after it."""
        return self.intimate and self.afterwards is None
