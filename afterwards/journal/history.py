"""One month of a person's check-ins, laid out for the history page: a calendar of
weeks, a list newest first, and the chart's days. Plain Python over check-ins already
read, so the page's cost follows the month, never the whole journal.

Each day's link is the day picker's address plus the day, given by the view: one
reverse() for the month rather than one per day (docs/performance.md).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from afterwards.journal.charts import ChartDay, MoodChart, mood_chart
from afterwards.journal.checkin import BLEEDING, FEELING_WORDS, GRIEF_WORDS, CheckIn

# The calendar's column headers: what is seen, and what a screen reader hears.
WEEKDAYS = tuple(
    (name[:3], name)
    for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
)
NOTE_WORDS = 20  # the first words of a note shown in the list
INTIMACY_WORDS = {"closeness": "Closeness", "sex": "Sex"}
AFTERWARDS_TO_ADD = "how you felt afterwards still to add"
CHART_SUMMARY_ID = "mood-chart-summary"  # the chart's figcaption, in history_chart.html

# The calendar's shapes, explained in a legend beside it; a screen reader hears the
# words instead (each shape is aria-hidden).
BLEEDING_SHAPE = "\u25cf"  # ● a filled circle
INTIMACY_SHAPE = "\u25c6"  # ◆ a filled diamond
AFTERWARDS_SHAPE = "\u25c7"  # ◇ an open diamond: something still to add


@dataclass(frozen=True)
class Cell:
    """One square of the calendar. `day` is None for the squares outside the month."""

    day: date | None = None
    url: str = ""  # empty for a day that has not come yet
    label: str = ""  # the whole day in words, for a screen reader
    mood_word: str = ""
    shapes: str = ""  # the marks, as shapes
    today: bool = False


@dataclass(frozen=True)
class Row:
    """One check-in in the list."""

    checkin: CheckIn
    url: str
    facts: list[str]
    note_start: str


def day_url(prefix: str, day: date) -> str:
    return f"{prefix}{day.isoformat()}/"


def _intimacy_words(checkin: CheckIn) -> str:
    words = INTIMACY_WORDS.get(checkin.intimacy or "", "")
    if not words:
        return ""
    if checkin.afterwards in FEELING_WORDS:
        return f"{words}; afterwards: {FEELING_WORDS[checkin.afterwards or 0]}"
    return f"{words}; {AFTERWARDS_TO_ADD}"


def _bleeding_words(checkin: CheckIn) -> str:
    return f"Bleeding: {BLEEDING[checkin.bleeding or 'none']}" if checkin.bled else ""


def cell_for(day: date, checkin: CheckIn | None, *, prefix: str, today: date) -> Cell:
    label = f"{day:%A} {day.day} {day:%B}"
    if day > today:
        return Cell(day=day, label=label)
    if checkin is None:
        return Cell(day=day, url=day_url(prefix, day), label=label, today=day == today)
    words = [checkin.mood_word and f"Mood: {checkin.mood_word}"]
    words += [_bleeding_words(checkin), _intimacy_words(checkin)]
    shapes = ""
    if checkin.bled:
        shapes += BLEEDING_SHAPE
    if checkin.intimate:
        shapes += AFTERWARDS_SHAPE if checkin.awaits_afterwards else INTIMACY_SHAPE
    said = ". ".join(w for w in words if w) or "Checked in"
    return Cell(
        day=day,
        url=day_url(prefix, day),
        label=f"{label}. {said}.",
        mood_word=checkin.mood_word,
        shapes=shapes,
        today=day == today,
    )


def month_weeks(
    first: date, checkins: dict[date, CheckIn], *, prefix: str, today: date
) -> list[list[Cell]]:
    """The month as weeks from Monday to Sunday; squares outside the month are empty."""
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        first.year, first.month
    )
    return [
        [
            cell_for(day, checkins.get(day), prefix=prefix, today=today)
            if day.month == first.month
            else Cell()
            for day in week
        ]
        for week in weeks
    ]


def note_start(note: str, words: int = NOTE_WORDS) -> str:
    parts = note.split(maxsplit=words)
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]) + " …"


def row_for(checkin: CheckIn, *, prefix: str) -> Row:
    facts = [
        checkin.mood_word and f"Mood: {checkin.mood_word}",
        f"Grief: {GRIEF_WORDS[checkin.grief]}" if checkin.grief in GRIEF_WORDS else "",
        _bleeding_words(checkin),
        _intimacy_words(checkin),
    ]
    return Row(
        checkin=checkin,
        url=day_url(prefix, checkin.day),
        facts=[f for f in facts if f],
        note_start=note_start(checkin.note),
    )


def chart_day(checkin: CheckIn) -> ChartDay:
    return ChartDay(
        day=checkin.day,
        mood=checkin.mood,
        bled=checkin.bled,
        intimate=checkin.intimate,
        awaits_afterwards=checkin.awaits_afterwards,
    )


@dataclass(frozen=True)
class Month:
    first: date
    weeks: list[list[Cell]]
    rows: list[Row]  # newest first
    chart: MoodChart


def month_of(first: date, checkins: list[CheckIn], *, prefix: str, today: date) -> Month:
    """The page's month from its check-ins (newest first); the chart spans the month."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    by_day = {checkin.day: checkin for checkin in checkins}
    return Month(
        first=first,
        weeks=month_weeks(first, by_day, prefix=prefix, today=today),
        rows=[row_for(checkin, prefix=prefix) for checkin in checkins],
        chart=mood_chart(
            [chart_day(checkin) for checkin in checkins],
            first=first,
            last=last,
            name=f"{first:%B %Y}",
            labelled_by=CHART_SUMMARY_ID,
        ),
    )
