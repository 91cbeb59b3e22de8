"""One person's part of a report: built from their own data as plain JSON, then drawn.

The part is data, not markup: the same content renders the person's own report, and a
copy of it, sealed and boxed to the partner, is what a couple report shows of them
(couple.py). Drawing it on the reader's side means nothing a partner wrote ever reaches a
page as markup. Questionnaires keep their answers and are scored again when drawn, as
everywhere else in the app.

Days with bleeding or closeness are a choice of their own (`bleeding_closeness`), off
unless ticked: without it the part holds no bleeding or closeness at all, neither the
days' marks nor the patterns about the cycle or closeness, so a couple report cannot
pass them to the partner either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString

from afterwards.couple.charts import pair_chart
from afterwards.insights import services as insights
from afterwards.journal import services as journal
from afterwards.journal.charts import MONTH_NAMES, ChartDay, MoodChart, mood_chart
from afterwards.journal.checkin import SCALES, CheckIn
from afterwards.journal.history import note_start
from afterwards.vault.keyring import UnlockedKeys
from afterwards.wellbeing import services as wellbeing
from afterwards.wellbeing.catalogue import instruments
from afterwards.wellbeing.chart import Point, trend_svg
from afterwards.wellbeing.instrument import Instrument
from afterwards.wellbeing.scoring import AnswerError, Score, safety_positive_items, score

SCHEMA = 1
NOTE_START_WORDS = 12
# The patterns (insights.patterns groups) that speak of bleeding or closeness.
BLEEDING_CLOSENESS_PATTERNS = frozenset({"phase", "intimacy", "afterwards"})


def day_label(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def period_label(first: date, last: date) -> str:
    return f"{day_label(first)} to {day_label(last)}"


def _in_period(checkins: dict[date, CheckIn], first: date, last: date) -> list[CheckIn]:
    return [c for day, c in sorted(checkins.items()) if first <= day <= last]


def note_choices(
    *, owner: Any, keys: UnlockedKeys, first: date, last: date
) -> list[tuple[str, str]]:
    """The days of the period with a note, oldest first: (ISO day, the day and the start
    of its note), for the checkboxes."""
    checkins = journal.checkins_all(owner=owner, keys=keys)
    return [
        (c.day.isoformat(), f"{day_label(c.day)}: {note_start(c.note, NOTE_START_WORDS)}")
        for c in _in_period(checkins, first, last)
        if c.note.strip()
    ]


def part_build(
    *,
    owner: Any,
    keys: UnlockedKeys,
    first: date,
    last: date,
    sections: list[str],
    note_days: set[date],
    today: date,
    bleeding_closeness: bool = False,
) -> dict[str, Any]:
    """The person's part for the period, holding only what they chose, as JSON."""
    read = insights.patterns_for(owner=owner, keys=keys, today=min(last, today))
    days = _in_period(read.checkins, first, last)
    body = bleeding_closeness and bool({"mood", "patterns"} & set(sections))
    part: dict[str, Any] = {
        "schema": SCHEMA,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "sections": [s for s in ("mood", "wellbeing", "patterns") if s in sections],
        "bleeding_closeness": body,
        "checked_in": len(days),
        "notes": [
            {"day": c.day.isoformat(), "text": c.note}
            for c in days
            if c.day in note_days and c.note.strip()
        ],
    }
    if "mood" in sections:
        part["days"] = [
            {"day": c.day.isoformat(), "mood": c.mood, "grief": c.grief}
            | ({"bled": c.bled, "intimate": c.intimate} if body else {})
            for c in days
        ]
    if "wellbeing" in sections:
        results = wellbeing.results_for(owner=owner, keys=keys)
        part["results"] = [
            {
                "instrument": r.instrument_id,
                "taken": r.taken.isoformat(),
                "answers": {str(n): v for n, v in r.answers.items()},
                "safety_positive": r.safety_positive,
            }
            for r in reversed(results)
            if first <= timezone.localtime(r.taken).date() <= last
        ]
    if "patterns" in sections:
        report = read.report
        left_out = set() if body else BLEEDING_CLOSENESS_PATTERNS
        part["patterns"] = {
            "as_of": min(last, today).isoformat(),
            "started": read.journal.first.isoformat() if read.journal else None,
            "shown": [f.words for f in report.shown if f.group not in left_out],
            "quiet": [f.title for f in report.quiet if f.group not in left_out],
            "needs": [[n.title, n.words] for n in report.needs if n.group not in left_out],
            "tested": report.tested,
        }
    return part


# --- Drawing a part --------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    taken: datetime
    score: Score | None
    safety_note: str  # in a clinician's words, when a safety item was endorsed

    @property
    def label(self) -> str:
        return day_label(timezone.localtime(self.taken).date())


@dataclass(frozen=True)
class InstrumentBlock:
    instrument: Instrument
    rows: list[ResultRow]
    chart: SafeString | None  # the Wellbeing page's trend, with two complete results or more


@dataclass(frozen=True)
class LineChart:
    """A drawn chart and the words a screen reader hears instead."""

    svg: SafeString
    summary: str


@dataclass
class PartView:
    """A part, ready for report/part.html. `prefix` keeps ids apart in a couple report."""

    prefix: str
    first: date
    last: date
    sections: list[str]
    checked_in: int
    notes: list[tuple[str, str]]
    bleeding_closeness: bool = False  # the mood chart's marks, as chosen
    mood: LineChart | None = None
    grief: LineChart | None = None
    instruments: list[InstrumentBlock] = field(default_factory=list)
    unknown_results: int = 0  # results of a questionnaire no longer offered here
    patterns: dict[str, Any] | None = None

    @property
    def period(self) -> str:
        return period_label(self.first, self.last)

    @property
    def days_in_period(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def patterns_as_of(self) -> str:
        return day_label(date.fromisoformat(self.patterns["as_of"])) if self.patterns else ""

    @property
    def patterns_started(self) -> str:
        started = self.patterns.get("started") if self.patterns else None
        return day_label(date.fromisoformat(started)) if started else ""


def _line(
    scale: str, days: list[dict[str, Any]], first: date, last: date, labelled_by: str
) -> LineChart | None:
    """One scale ("mood" or "grief") as a plain line, with no marks beneath it."""
    words = SCALES[scale]
    values = {date.fromisoformat(d["day"]): d[scale] for d in days if d.get(scale) in words}
    chart = pair_chart(
        scale=scale, own=values, partner={}, first=first, last=last, labelled_by=labelled_by
    )
    if chart.empty:
        return None
    low, high = min(values.values()), max(values.values())
    spread = f"always {words[low]}" if low == high else f"between {words[low]} and {words[high]}"
    n = len(values)
    summary = (
        f"{scale.capitalize()} in the period from {period_label(first, last)}, noted on "
        f"{n} day{'s' if n != 1 else ''}: {spread}."
    )
    return LineChart(chart.svg, summary)


def _mood_marked(
    days: list[dict[str, Any]], first: date, last: date, labelled_by: str
) -> LineChart | None:
    """Mood with bleeding and closeness marked beneath it (journal/charts.mood_chart)."""
    chart: MoodChart = mood_chart(
        [
            ChartDay(
                day=date.fromisoformat(d["day"]),
                mood=d.get("mood"),
                bled=bool(d.get("bled")),
                intimate=bool(d.get("intimate")),
            )
            for d in days
        ],
        first=first,
        last=last,
        name=f"the period from {period_label(first, last)}",
        labelled_by=labelled_by,
    )
    return None if chart.empty else LineChart(chart.svg, chart.summary)


def _safety_note(instrument: Instrument, answers: dict[int, int]) -> str:
    labels = {option.value: option.label for option in instrument.options}
    items = {item.n: item for item in instrument.items}
    notes = []
    for n in safety_positive_items(instrument, answers):
        notes.append(
            f"Safety item endorsed: item {n} (“{items[n].text}”), answered "
            f"“{labels.get(answers[n], answers[n])}”. Crisis contacts were shown on screen "
            "at once."
        )
    return " ".join(notes)


def _instruments(results: list[dict[str, Any]]) -> tuple[list[InstrumentBlock], int]:
    offered = instruments()
    by_id: dict[str, list[ResultRow]] = {}
    unknown = 0
    for raw in results:
        instrument = offered.get(raw["instrument"])
        if instrument is None:
            unknown += 1
            continue
        answers = {int(n): int(v) for n, v in raw.get("answers", {}).items()}
        try:
            scored: Score | None = score(instrument, answers)
        except AnswerError:
            scored = None
        note = _safety_note(instrument, answers)
        if not note and raw.get("safety_positive"):
            note = (
                "A safety item was endorsed when this was taken. Crisis contacts were "
                "shown on screen at once."
            )
        by_id.setdefault(instrument.id, []).append(
            ResultRow(datetime.fromisoformat(raw["taken"]), scored, note)
        )
    blocks = []
    for instrument_id, rows in by_id.items():
        instrument = offered[instrument_id]
        points = [
            Point(r.taken, r.score.total, bool(r.safety_note))
            for r in rows
            if r.score is not None and r.score.total is not None
        ]
        chart = trend_svg(instrument, points) if len(points) > 1 else None
        blocks.append(InstrumentBlock(instrument, rows, chart))
    return blocks, unknown


def part_view(part: dict[str, Any], *, prefix: str) -> PartView:
    first, last = date.fromisoformat(part["first"]), date.fromisoformat(part["last"])
    sections = [s for s in part.get("sections", []) if s in ("mood", "wellbeing", "patterns")]
    view = PartView(
        prefix=prefix,
        first=first,
        last=last,
        sections=sections,
        checked_in=int(part.get("checked_in", 0)),
        notes=[
            (day_label(date.fromisoformat(n["day"])), str(n["text"])) for n in part.get("notes", [])
        ],
    )
    view.bleeding_closeness = part.get("bleeding_closeness") is True
    if "mood" in sections:
        days = part.get("days", [])
        labelled_by = f"{prefix}-mood-summary"
        if view.bleeding_closeness:
            view.mood = _mood_marked(days, first, last, labelled_by)
        else:
            view.mood = _line("mood", days, first, last, labelled_by)
        view.grief = _line("grief", days, first, last, f"{prefix}-grief-summary")
    if "wellbeing" in sections:
        view.instruments, view.unknown_results = _instruments(part.get("results", []))
    if "patterns" in sections:
        view.patterns = part.get("patterns")
    return view
