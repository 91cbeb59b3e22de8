"""One month of a person's check-ins, laid out for the history page: a calendar of
weeks, a list newest first, and the chart's days. Plain Python over check-ins already
read, so the page's cost follows the month, never the whole journal.

The repeated parts (a calendar square, a list item) are written here as markup, with
every text escaped, rather than by template tags: a month has up to 42 squares and 31
items, and through the template engine they were most of the page's time
(docs/performance.md). The templates keep the structure around them.

Each day's link is the day picker's address plus the day, given by the view: one
reverse() for the month rather than one per day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe

from afterwards.journal.charts import MONTH_NAMES, ChartDay, MoodChart, mood_chart
from afterwards.journal.checkin import BLEEDING, FEELING_WORDS, GRIEF_WORDS, MOOD_WORDS, CheckIn

# English names, as the rest of the page is in English (strftime would follow the
# process's locale, and is slow besides).
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

NOTE_WORDS = 20  # the first words of a note shown in the list
INTIMACY_WORDS = {"closeness": "Closeness", "sex": "Sex"}
AFTERWARDS_TO_ADD = "how you felt afterwards still to add"
CHART_SUMMARY_ID = "mood-chart-summary"  # the chart's figcaption, in history_chart.html

# The calendar's shapes, explained in a key beside it (history_calendar.html); a
# screen reader hears the words instead, from the link's hidden words.
BLEEDING_SHAPE = "\u25cf"  # ● a filled circle
INTIMACY_SHAPE = "\u25c6"  # ◆ a filled diamond
AFTERWARDS_SHAPE = "\u25c7"  # ◇ an open diamond: something still to add


def day_label(day: date) -> str:
    """ "Wednesday 11 March"."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]}"


def day_url(prefix: str, day: date) -> str:
    return f"{prefix}{day.isoformat()}/"


def intimacy_words(checkin: CheckIn) -> str:
    words = INTIMACY_WORDS.get(checkin.intimacy or "", "")
    if not words:
        return ""
    if checkin.afterwards is not None and checkin.afterwards in FEELING_WORDS:
        return f"{words}; afterwards: {FEELING_WORDS[checkin.afterwards]}"
    return f"{words}; {AFTERWARDS_TO_ADD}"


def bleeding_words(checkin: CheckIn) -> str:
    return f"Bleeding: {BLEEDING.get(checkin.bleeding or '', '')}" if checkin.bled else ""


def mood_words(checkin: CheckIn) -> str:
    word = MOOD_WORDS.get(checkin.mood or 0, "")
    return f"Mood: {word}" if word else ""


@dataclass(frozen=True)
class Cell:
    """One square of the calendar. `day` is None for the squares outside the month."""

    html: SafeString
    day: date | None = None


def cell_for(day: date, checkin: CheckIn | None, *, prefix: str, today: date) -> Cell:
    label = day_label(day)
    if day > today:
        # The box is a span inside the cell: a table cell given display: flex stops being
        # a cell, and every later day of the month would stack in a column of its own.
        later = f'<td><span class="cal-later"><span class="cal-day">{day.day}</span></span></td>'
        return Cell(mark_safe(later), day)  # noqa: S308
    shapes = word = ""
    if checkin is not None:
        words = [mood_words(checkin), bleeding_words(checkin), intimacy_words(checkin)]
        label = f"{label}. {'. '.join(w for w in words if w) or 'Checked in'}."
        word = MOOD_WORDS.get(checkin.mood or 0, "")
        marks = (BLEEDING_SHAPE if checkin.bled else "") + (
            (AFTERWARDS_SHAPE if checkin.awaits_afterwards else INTIMACY_SHAPE)
            if checkin.intimate
            else ""
        )
        if marks:
            shapes = f'<span class="cal-marks" aria-hidden="true">{marks}</span>'
    td, now = ('<td class="today">', ' aria-current="date"') if day == today else ("<td>", "")
    # The link's name is the words it shows, then the rest in words for screen readers,
    # "1 Okay, Tuesday 1 December. Mood: Okay.", so that voice control finds it by what
    # is seen. Chromium puts a space before the hidden words (a box of their own), which
    # a comma, unlike a colon, does not mind in speech.
    hidden = f'<span class="visually-hidden">, {escape(label)}</span>'
    if word:
        shown = (
            f'<span class="cal-day">{day.day}</span> '
            f'<span class="cal-mood">{escape(word)}{hidden}</span>'
        )
    else:
        shown = f'<span class="cal-day">{day.day}{hidden}</span>'
    return Cell(
        mark_safe(  # noqa: S308  the label and words are escaped; the rest is ours
            f'{td}<a href="{escape(day_url(prefix, day))}"{now}>{shown}{shapes}</a></td>'
        ),
        day,
    )


_EMPTY = Cell(mark_safe("<td></td>"))  # noqa: S308


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
            else _EMPTY
            for day in week
        ]
        for week in weeks
    ]


def note_start(note: str, words: int = NOTE_WORDS) -> str:
    parts = note.split(maxsplit=words)
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]) + " …"


@dataclass(frozen=True)
class Row:
    """One check-in in the list, newest first."""

    checkin: CheckIn
    url: str
    facts: list[str]
    note_start: str

    @property
    def html(self) -> SafeString:
        facts = "".join(f"<li>{escape(fact)}</li>" for fact in self.facts)
        return mark_safe(  # noqa: S308  every text is escaped
            f'<li><h3><a href="{escape(self.url)}">{escape(day_label(self.checkin.day))}</a></h3>'
            + (f'<ul class="day-facts">{facts}</ul>' if facts else "")
            + (f'<p class="note">{escape(self.note_start)}</p>' if self.note_start else "")
            + "</li>"
        )


def row_for(checkin: CheckIn, *, prefix: str) -> Row:
    grief = GRIEF_WORDS.get(checkin.grief or 0, "")
    facts = [
        mood_words(checkin),
        f"Grief: {grief}" if grief else "",
        bleeding_words(checkin),
        intimacy_words(checkin),
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

    @property
    def calendar_rows(self) -> SafeString:
        """The calendar's body: one table row per week."""
        weeks = ("<tr>" + "".join(cell.html for cell in week) + "</tr>" for week in self.weeks)
        return mark_safe("\n".join(weeks))  # noqa: S308  each square is escaped markup

    @property
    def list_items(self) -> SafeString:
        return mark_safe("\n".join(row.html for row in self.rows))  # noqa: S308  escaped


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
            name=f"{MONTH_NAMES[first.month - 1]} {first.year}",
            labelled_by=CHART_SUMMARY_ID,
        ),
    )
