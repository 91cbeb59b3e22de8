"""One person's part of a report: built from their own data as plain JSON, then drawn.

The part is data, not markup: the same content renders the person's own report, and a
copy of it, sealed and boxed to the partner, is what a couple report shows of them
(couple.py). Drawing it on the reader's side means nothing a partner wrote ever reaches a
page as markup. Questionnaires keep their answers and are scored again when drawn, as
everywhere else in the app.
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
from afterwards.journal.checkin import GRIEF_WORDS, CheckIn
from afterwards.journal.history import note_start
from afterwards.vault.keyring import UnlockedKeys
from afterwards.wellbeing import services as wellbeing
from afterwards.wellbeing.catalogue import instruments
from afterwards.wellbeing.chart import Point, trend_svg
from afterwards.wellbeing.instrument import Instrument
from afterwards.wellbeing.scoring import AnswerError, Score, safety_positive_items, score

SCHEMA = 1
NOTE_START_WORDS = 12


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
) -> dict[str, Any]:
    """The person's part for the period, holding only what they chose, as JSON."""
    read = insights.patterns_for(owner=owner, keys=keys, today=min(last, today))
    days = _in_period(read.checkins, first, last)
    part: dict[str, Any] = {
        "schema": SCHEMA,
        "first": first.isoformat(),
        "last": last.isoformat(),
        "sections": [s for s in ("mood", "wellbeing", "patterns") if s in sections],
        "checked_in": len(days),
        "notes": [
            {"day": c.day.isoformat(), "text": c.note}
            for c in days
            if c.day in note_days and c.note.strip()
        ],
    }
    if "mood" in sections:
        part["days"] = [
            {
                "day": c.day.isoformat(),
                "mood": c.mood,
                "grief": c.grief,
                "bled": c.bled,
                "intimate": c.intimate,
            }
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
        part["patterns"] = {
            "as_of": min(last, today).isoformat(),
            "started": read.journal.first.isoformat() if read.journal else None,
            "shown": [f.words for f in report.shown],
            "quiet": [f.title for f in report.quiet],
            "needs": [[n.title, n.words] for n in report.needs],
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
class GriefChart:
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
    mood: MoodChart | None = None
    grief: GriefChart | None = None
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


def _grief(
    days: list[dict[str, Any]], first: date, last: date, labelled_by: str
) -> GriefChart | None:
    values = {
        date.fromisoformat(d["day"]): d["grief"] for d in days if d.get("grief") in GRIEF_WORDS
    }
    chart = pair_chart(
        scale="grief", own=values, partner={}, first=first, last=last, labelled_by=labelled_by
    )
    if chart.empty:
        return None
    low, high = min(values.values()), max(values.values())
    spread = (
        f"always {GRIEF_WORDS[low]}"
        if low == high
        else f"between {GRIEF_WORDS[low]} and {GRIEF_WORDS[high]}"
    )
    n = len(values)
    summary = (
        f"Grief from {period_label(first, last)}, noted on {n} day{'s' if n != 1 else ''}: "
        f"{spread}."
    )
    return GriefChart(chart.svg, summary)


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
    if "mood" in sections:
        days = part.get("days", [])
        view.mood = mood_chart(
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
            labelled_by=f"{prefix}-mood-summary",
        )
        view.grief = _grief(days, first, last, f"{prefix}-grief-summary")
    if "wellbeing" in sections:
        view.instruments, view.unknown_results = _instruments(part.get("results", []))
    if "patterns" in sections:
        view.patterns = part.get("patterns")
    return view
