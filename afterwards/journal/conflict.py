"""A day saved elsewhere while its page was open: what differs, in words. Plain Python.

A person may open a day on a laptop, write it on their phone, then save the laptop's
page. The form carries the version of the day it was opened on (journal.services.
checkin_save), so that save is stopped rather than silently winning, and the page shows
each answer that differs, as saved and as written here, for the person to choose. Both
texts stay on the page until they do; nothing is lost either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from afterwards.journal.checkin import (
    BLEEDING,
    FEELING_WORDS,
    INTIMACY,
    PAIN_MAX,
    SCALES,
    SHARE_LABELS,
    SYMPTOMS,
    CheckIn,
)

NO_ANSWER = "No answer"
NO_NOTE = "No note"

# The answers in the order the page asks them, each with the name it has in a list.
NAMES = {
    "mood": "Mood",
    "grief": "Grief",
    "anxiety": "Worry or anxiety",
    "energy": "Energy",
    "sleep": "Sleep",
    "bleeding": "Bleeding",
    "pain": "Pain",
    "symptoms": "Symptoms",
    "intimacy": "Closeness or sex",
    "during": "How it felt",
    "afterwards": "How you felt afterwards",
    "note": "Note",
    "share": "What your partner sees",
}


@dataclass(frozen=True)
class Difference:
    """One answer as it is saved and as it was written on this page, in words."""

    name: str  # a key of NAMES
    label: str
    saved: str
    here: str

    @property
    def is_note(self) -> bool:
        return self.name == "note"


def _words(checkin: CheckIn, name: str) -> str:
    if name in SCALES:
        return SCALES[name].get(getattr(checkin, name) or 0, NO_ANSWER)
    if name in ("during", "afterwards"):
        return FEELING_WORDS.get(getattr(checkin, name) or 0, NO_ANSWER)
    if name == "bleeding":
        return BLEEDING.get(checkin.bleeding or "", NO_ANSWER)
    if name == "pain":
        return NO_ANSWER if checkin.pain is None else f"{checkin.pain} out of {PAIN_MAX}"
    if name == "symptoms":
        chosen = [SYMPTOMS[s] for s in checkin.symptoms if s in SYMPTOMS]
        return ", ".join(chosen + list(checkin.custom_symptoms)) or "None ticked"
    if name == "intimacy":
        return (
            "None"
            if checkin.intimacy == "none"
            else INTIMACY.get(checkin.intimacy or "", NO_ANSWER)
        )
    if name == "share":
        return ", ".join(SHARE_LABELS[s] for s in checkin.share if s in SHARE_LABELS) or "Nothing"
    return checkin.note.strip() or NO_NOTE


def differences(saved: CheckIn, here: CheckIn) -> list[Difference]:
    """Every answer that differs between the day as saved and as written here."""
    found = []
    for name, label in NAMES.items():
        saved_words, here_words = _words(saved, name), _words(here, name)
        if saved_words != here_words:
            found.append(Difference(name=name, label=label, saved=saved_words, here=here_words))
    return found


def notes_joined(saved: str, here: str) -> str:
    """Both notes in one, the one saved elsewhere first: the choice that loses neither."""
    saved, here = saved.strip(), here.strip()
    if not saved or saved == here:
        return here
    if not here:
        return saved
    return f"{saved}\n\n{here}"
