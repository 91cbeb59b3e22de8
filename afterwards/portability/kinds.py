"""Which vault kinds are a person's own writing, and how to name each one again.

An entry's index is a keyed hash (the blind index): it cannot be turned back into the
day or the name it was made from. An export has to carry that value so that an import
can file the entry under the same one, so each kind says here how to read it back from
the entry's own content. A kind missing from both tables fails a test
(tests/portability/test_kinds.py), so that a new kind is never silently left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from afterwards.accounts import profile
from afterwards.body import services as body
from afterwards.couple import kinds as couple
from afterwards.couple import therapist
from afterwards.couple.checkins import DEFAULTS_INDEX
from afterwards.couple.nudges import SETTINGS as NUDGE_SETTINGS
from afterwards.couple.questions import answers as questions
from afterwards.dates import services as dates
from afterwards.journal import checkin
from afterwards.journal import services as journal
from afterwards.loss import about
from afterwards.report import links as report_links
from afterwards.wellbeing import services as wellbeing

IndexOf = Callable[[dict[str, Any]], str | None]


def _always(value: str) -> IndexOf:
    """A kind the person has one of: its index value is a constant."""
    return lambda content: value


def _day(content: dict[str, Any]) -> str | None:
    day = content.get("day")
    return day if isinstance(day, str) else None


def _answer(content: dict[str, Any]) -> str | None:
    """An answer to a question for the two of you: filed by its space and its day."""
    couple, day = content.get("couple"), content.get("day")
    return f"{couple}|{day}" if isinstance(couple, str) and isinstance(day, str) else None


# kind -> how to read its index value back from its content (None: entries of this kind
# have no index, each is found by its id).
OWN: dict[str, IndexOf] = {
    checkin.KIND: _day,
    journal.CUSTOM_KIND: _always(journal.CUSTOM_INDEX),
    profile.KIND: _always(profile.INDEX),
    about.KIND: _always(about.INDEX),
    wellbeing.RESULT_KIND: lambda content: None,
    wellbeing.SCHEDULE_KIND: _always(wellbeing.SCHEDULE_INDEX),
    body.KIND: _always(body.INDEX),
    couple.SHARE_DEFAULTS: _always(DEFAULTS_INDEX),
    NUDGE_SETTINGS: _always(NUDGE_SETTINGS),
    couple.READINESS: _always(couple.READINESS),
    dates.KIND: _always(dates.INDEX),
    journal.SETTINGS_KIND: _always(journal.SETTINGS_INDEX),
    # A question for the two of you, the list for a therapist, the nudge waiting for an
    # answer: like readiness, an answer or a nudge names the space it belongs to and is
    # read only there, so after an import into another account it is kept, not shown.
    couple.QUESTION_ANSWER: _answer,
    questions.SETTINGS: _always(questions.SETTINGS),
    therapist.KIND: _always(therapist.INDEX),
    couple.NUDGE_RECEIVED: _always(couple.NUDGE_RECEIVED),
}

# Kinds that are not the person's writing, and why they stay out of an export.
LEFT_OUT: dict[str, str] = {
    **{
        # shared check-ins, readiness offers and items, nudges, a couple report's part
        kind: "a copy made for the partner, which the person's own entries already hold"
        for kind in couple.SHARED_KINDS
    },
    couple.PIN: "the partner's public key as first seen: it belongs to the space, not to a person",
    couple.SHARED_DAYS_SEEN: "what How we're doing keeps of the shared copies it opened, to "
    "draw them quickly: made again from the copies on the next visit",
    report_links.KIND: "what each report link holds; the links themselves are not exported",
}


def index_of(kind: str, content: dict[str, Any]) -> str | None:
    """The index value an entry of `kind` with this content was filed under."""
    return OWN[kind](content)
