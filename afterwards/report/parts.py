"""One person's part of a report: built from their own data as plain JSON, then drawn.

The part is data, not markup: the same content renders the person's own report, and a
copy of it, sealed and boxed to the partner, is what a couple report shows of them
(couple.py). Drawing it on the reader's side means nothing a partner wrote ever reaches a
page as markup. In the person's own report, questionnaires keep their answers and are
scored again when drawn, as everywhere else in the app. The partner's copy
(`part_for_partner`) holds of each result only its total, how many items were answered
and whether a safety item was endorsed: never an answer to an item, nor the difficulty
question, nor whether the person kept the result private. Of the days it holds only
those with something drawn, and never how many days had a check-in nor when the
journal began: nothing `partner_reads` does not list.

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

from afterwards.couple import therapist
from afterwards.couple.charts import LEFT as PAIR_LEFT
from afterwards.couple.charts import pair_chart
from afterwards.guidance.cards import Source, sources
from afterwards.insights import services as insights
from afterwards.journal import services as journal
from afterwards.journal.charts import MONTH_NAMES, ChartDay, MoodChart, mood_chart
from afterwards.journal.checkin import SCALES, CheckIn
from afterwards.journal.history import note_start
from afterwards.vault.keyring import UnlockedKeys
from afterwards.wellbeing import services as wellbeing
from afterwards.wellbeing.catalogue import instruments
from afterwards.wellbeing.chart import Point, trend_svg
from afterwards.wellbeing.instrument import Band, Instrument
from afterwards.wellbeing.scoring import AnswerError, Score, safety_positive_items, score

SCHEMA = 1
# The most results a questionnaire's name, trend and table are kept on one page with.
KEEP_WHOLE_ROWS = 8
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
    therapist_list: bool = False,
) -> dict[str, Any]:
    """The person's part for the period, holding only what they chose, as JSON. With
    `therapist_list`, the items of their own list for their therapist (couple/therapist.py)."""
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
                "difficulty": r.difficulty,
                "share": r.share,
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
    if therapist_list:
        part["bring"] = therapist.report_lines(owner=owner, keys=keys)
    return part


def _result_summary(raw: dict[str, Any]) -> dict[str, Any]:
    """One result as the partner's copy holds it: the total (None unless complete), how
    many items were answered, whether it could be scored, and whether a safety item was
    endorsed. A summary passes through unchanged."""
    if "answers" not in raw:
        return {key: raw.get(key) for key in SUMMARY_KEYS}
    answers = {int(n): int(v) for n, v in raw["answers"].items()}
    instrument = instruments().get(raw["instrument"])
    total, scored, endorsed = None, False, bool(raw.get("safety_positive"))
    if instrument is not None:
        endorsed = endorsed or bool(safety_positive_items(instrument, answers))
        try:
            total, scored = score(instrument, answers).total, True
        except AnswerError:
            pass
    return {
        "instrument": raw["instrument"],
        "taken": raw["taken"],
        "total": total,
        "answered": len(answers),
        "scored": scored,
        "safety_positive": endorsed,
    }


SUMMARY_KEYS = ("instrument", "taken", "total", "answered", "scored", "safety_positive")


def _day_drawn(day: dict[str, Any], *, bleeding_closeness: bool) -> bool:
    """Whether a day of the part puts anything on a chart: a mood or grief noted, or,
    when chosen, bleeding or closeness marked."""
    if day.get("mood") in SCALES["mood"] or day.get("grief") in SCALES["grief"]:
        return True
    return bleeding_closeness and bool(day.get("bled") or day.get("intimate"))


def part_for_partner(part: dict[str, Any]) -> dict[str, Any]:
    """The copy of a part a partner may read: only what `partner_reads` lists. Each
    questionnaire result only as a summary (`_result_summary`); of the days, only those
    with something drawn; and neither how many days had a check-in nor when the journal
    began. A copy passes through unchanged."""
    copy = {key: value for key, value in part.items() if key != "checked_in"}
    body = part.get("bleeding_closeness") is True
    if "days" in part:
        copy["days"] = [d for d in part["days"] if _day_drawn(d, bleeding_closeness=body)]
    if "results" in part:
        copy["results"] = [_result_summary(raw) for raw in part["results"]]
    if isinstance(part.get("patterns"), dict):
        copy["patterns"] = {k: v for k, v in part["patterns"].items() if k != "started"}
    return copy


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _result_line(raw: dict[str, Any], summary: dict[str, Any]) -> str | None:
    instrument = instruments().get(summary["instrument"])
    if instrument is None:
        return None
    taken = day_label(timezone.localtime(datetime.fromisoformat(summary["taken"])).date())
    total = summary["total"]
    band = instrument.band_for(total) if isinstance(total, int) else None
    if isinstance(total, int):
        shown = f"{total}, {band.name}" if band else str(total)
    else:
        shown = "no total" if summary["scored"] else "could not be scored"
    line = (
        f"Your {instrument.short_name} of {taken}: its total and band ({shown}), "
        "not your answer to each question."
    )
    if summary["safety_positive"]:
        answers = {int(n): v for n, v in raw.get("answers", {}).items()}
        endorsed = safety_positive_items(instrument, answers) or instrument.safety_items
        items = {item.n: item.text for item in instrument.items}
        named = "; ".join(f"item {n}, “{items[n]}”" for n in endorsed if n in items)
        line += (
            " And that you answered a question about your safety in a way that brought up "
            f"crisis contacts ({named})."
        )
    if raw.get("share") is False:
        line += " You had kept this one private on the Wellbeing page."
    return line


def safety_questions() -> str:
    """The safety items of the questionnaires offered, in their own words, for saying
    plainly which answer a partner would learn of."""
    named = []
    for instrument in instruments().values():
        items = {item.n: item.text for item in instrument.items}
        named += [f"the {instrument.short_name}'s “{items[n]}”" for n in instrument.safety_items]
    return "; ".join(named)


@dataclass(frozen=True)
class Read:
    """One thing a partner would read of a part, in a plain sentence, with the words of
    the person's own pages it passes on (the patterns' sentences), each in full."""

    words: str
    quoted: tuple[str, ...] = ()


def partner_reads(part: dict[str, Any]) -> list[Read]:
    """What a partner reads of this part, one plain sentence each: made from the copy
    they would be given (`part_for_partner`), so it says exactly what that holds. The
    patterns come with their own sentences, since they can name sleep or anxiety."""
    copy = part_for_partner(part)
    sections = copy.get("sections", [])
    first, last = date.fromisoformat(copy["first"]), date.fromisoformat(copy["last"])
    days = copy.get("days", [])
    lines: list[Read] = []
    if "mood" in sections:
        noted = sum(1 for d in days if d.get("mood") in SCALES["mood"] or d.get("grief"))
        lines.append(
            Read(
                f"Your mood and grief on each day you noted them from "
                f"{period_label(first, last)} ({_plural(noted, 'day')})."
            )
        )
    if copy.get("bleeding_closeness") and "mood" in sections:
        bled = sum(1 for d in days if d.get("bled"))
        close = sum(1 for d in days if d.get("intimate"))
        lines.append(
            Read(
                f"The days you noted bleeding ({bled}) and the days you noted closeness or "
                f"sex ({close}), marked under your mood."
            )
        )
    if "wellbeing" in sections:
        results = copy.get("results", [])
        if not results:
            lines.append(Read("That you took no questionnaire in this period."))
        for raw, summary in zip(part.get("results", []), results, strict=True):
            line = _result_line(raw, summary)
            if line:
                lines.append(Read(line))
    if "patterns" in sections and copy.get("patterns"):
        shown = [str(words) for words in copy["patterns"].get("shown", [])]
        about = (
            ", including those about your cycle and about closeness or sex"
            if copy.get("bleeding_closeness")
            else ""
        )
        lines.append(
            Read(
                f"The patterns your Patterns page states ({len(shown)}){about}, and what it "
                "looked at. The patterns, in its words:",
                tuple(shown),
            )
            if shown
            else Read("That your Patterns page states no clear pattern yet, and what it looked at.")
        )
    notes = copy.get("notes", [])
    if notes:
        named = ", ".join(day_label(date.fromisoformat(n["day"])) for n in notes)
        lines.append(Read(f"Your {'note' if len(notes) == 1 else 'notes'} of {named}, in full."))
    bring = [str(item) for item in copy.get("bring", [])]
    if bring:
        lines.append(Read("Your list for your therapist, every item in full:", tuple(bring)))
    if not lines:
        lines.append(Read(f"Only that you offered your part for {period_label(first, last)}."))
    return lines


# --- Drawing a part --------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    taken: datetime
    scored: bool  # False: the answers no longer fit the questionnaire
    total: int | None  # None unless every item was answered
    answered: int  # how many items were answered
    band: Band | None
    safety_note: str  # in a clinician's words, when a safety item was endorsed
    pattern_met: bool | None = None  # only in the person's own report
    difficulty: str = ""  # the answer to the unscored difficulty question, own report only

    @property
    def label(self) -> str:
        return day_label(timezone.localtime(self.taken).date())


@dataclass(frozen=True)
class ReadingNote:
    """What a clinician should keep in mind reading a questionnaire's results (its file's
    `for_clinicians`), with each source in full."""

    words: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class InstrumentBlock:
    instrument: Instrument
    rows: list[ResultRow]
    chart: SafeString | None  # the Wellbeing page's trend, with two complete results or more

    @property
    def kept_whole(self) -> bool:
        """Whether the PDF keeps name, trend and table on one page: only when they fit
        one. A longer table runs on, a row never split, the trend still under the name."""
        return len(self.rows) <= KEEP_WHOLE_ROWS

    @property
    def chart_caption(self) -> str:
        """The trend's name, from the questionnaire's data: "PHQ-9 totals; dashed line:
        suggested threshold 10"."""
        threshold = self.instrument.worth_talking_about_at
        words = f"{self.instrument.short_name} totals"
        if threshold is None:
            return words
        return f"{words}; dashed line: suggested threshold {threshold}"

    @property
    def reading_notes(self) -> list[ReadingNote]:
        """Printed under the results: for the PHQ-9, that it is not validated after a
        pregnancy loss and that "not at all" on item 9 does not rule out risk."""
        table = sources()
        return [
            ReadingNote(note.words, tuple(table[tag] for tag in note.sources))
            for note in self.instrument.for_clinicians
        ]

    @property
    def difficulty_answered(self) -> bool:
        """Whether a row answers the unscored difficulty question, printed once beneath."""
        return self.instrument.difficulty is not None and any(r.difficulty for r in self.rows)


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
    checked_in: int | None  # None in a partner's copy, which never says it
    notes: list[tuple[str, str]]
    bleeding_closeness: bool = False  # the mood chart's marks, as chosen
    mood: LineChart | None = None
    grief: LineChart | None = None
    instruments: list[InstrumentBlock] = field(default_factory=list)
    unknown_results: int = 0  # results of a questionnaire no longer offered here
    patterns: dict[str, Any] | None = None
    bring: list[str] = field(default_factory=list)  # the list for a therapist, when ticked

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


def _scale_summary(scale: str, values: dict[date, int], first: date, last: date) -> str:
    """One scale over the period in words, the same for each chart of the report."""
    words = SCALES[scale]
    if not values:
        return f"No {scale} noted in the period from {period_label(first, last)}."
    low, high = min(values.values()), max(values.values())
    spread = f"always {words[low]}" if low == high else f"between {words[low]} and {words[high]}"
    n = len(values)
    return (
        f"{scale.capitalize()} in the period from {period_label(first, last)}, noted on "
        f"{n} day{'s' if n != 1 else ''}: {spread}."
    )


def _values(scale: str, days: list[dict[str, Any]]) -> dict[date, int]:
    words = SCALES[scale]
    return {date.fromisoformat(d["day"]): d[scale] for d in days if d.get(scale) in words}


def _line(
    scale: str, days: list[dict[str, Any]], first: date, last: date, labelled_by: str
) -> LineChart | None:
    """One scale ("mood" or "grief") as a plain line, with no marks beneath it."""
    values = _values(scale, days)
    chart = pair_chart(
        scale=scale, own=values, partner={}, first=first, last=last, labelled_by=labelled_by
    )
    if chart.empty:
        return None
    return LineChart(chart.svg, _scale_summary(scale, values, first, last))


def _mood_marked(
    days: list[dict[str, Any]], first: date, last: date, labelled_by: str
) -> LineChart | None:
    """Mood with bleeding and closeness marked beneath it (journal/charts.mood_chart),
    drawn on the grief chart's x geometry (pair_chart's gutter), so a day sits at the
    same x on both, and captioned in the same words as the grief chart."""
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
        left=PAIR_LEFT,
    )
    if chart.empty:
        return None
    bled = sum(d.bled for d in chart.days)
    close = sum(d.intimate for d in chart.days)
    summary = " ".join(
        (
            _scale_summary("mood", _values("mood", days), first, last),
            f"Bleeding on {_plural(bled, 'day')}." if bled else "No bleeding noted.",
            f"Closeness or sex on {_plural(close, 'day')}."
            if close
            else "No closeness or sex noted.",
        )
    )
    return LineChart(chart.svg, summary)


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


SAFETY_ENDORSED = (
    "A safety item was endorsed when this was taken. Crisis contacts were shown on screen at once."
)


def _row(instrument: Instrument, raw: dict[str, Any]) -> ResultRow:
    """A result of the person's own, from its answers: scored again, with the item and
    answer of an endorsed safety item, and the answer to an unscored difficulty question."""
    taken = datetime.fromisoformat(raw["taken"])
    answers = {int(n): int(v) for n, v in raw.get("answers", {}).items()}
    note = _safety_note(instrument, answers)
    if not note and raw.get("safety_positive"):
        note = SAFETY_ENDORSED
    difficulty = ""
    chosen = raw.get("difficulty")
    if instrument.difficulty is not None and isinstance(chosen, int):
        if 0 <= chosen < len(instrument.difficulty.options):
            difficulty = instrument.difficulty.options[chosen]
    try:
        scored: Score = score(instrument, answers)
    except AnswerError:
        return ResultRow(taken, False, None, len(answers), None, note, None, difficulty)
    return ResultRow(
        taken,
        True,
        scored.total,
        len(scored.answers),
        scored.band,
        note,
        scored.pattern_met,
        difficulty,
    )


def _summary_row(instrument: Instrument, raw: dict[str, Any]) -> ResultRow:
    """A result as the partner's copy holds it (`_result_summary`): the total and its
    band, and only whether a safety item was endorsed."""
    summary = _result_summary(raw)
    total = summary["total"] if isinstance(summary["total"], int) else None
    band = instrument.band_for(total) if total is not None else None
    return ResultRow(
        taken=datetime.fromisoformat(summary["taken"]),
        scored=bool(summary["scored"]),
        total=total,
        answered=int(summary["answered"] or 0),
        band=band,
        safety_note=SAFETY_ENDORSED if summary["safety_positive"] else "",
    )


def _instruments(
    results: list[dict[str, Any]], *, summaries: bool, prefix: str
) -> tuple[list[InstrumentBlock], int]:
    offered = instruments()
    by_id: dict[str, list[ResultRow]] = {}
    unknown = 0
    for raw in results:
        instrument = offered.get(raw["instrument"])
        if instrument is None:
            unknown += 1
            continue
        row = _summary_row(instrument, raw) if summaries else _row(instrument, raw)
        by_id.setdefault(instrument.id, []).append(row)
    blocks = []
    for instrument_id, rows in by_id.items():
        instrument = offered[instrument_id]
        points = [Point(r.taken, r.total, bool(r.safety_note)) for r in rows if r.total is not None]
        chart = trend_svg(instrument, points, prefix=f"{prefix}-") if len(points) > 1 else None
        blocks.append(InstrumentBlock(instrument, rows, chart))
    return blocks, unknown


def part_view(part: dict[str, Any], *, prefix: str, about_partner: bool = False) -> PartView:
    """The part drawn. `about_partner`: it is a partner's copy, so only what
    `part_for_partner` keeps of it is drawn (each questionnaire result from its summary
    alone), whatever the copy holds."""
    if about_partner:
        part = part_for_partner(part)
    first, last = date.fromisoformat(part["first"]), date.fromisoformat(part["last"])
    sections = [s for s in part.get("sections", []) if s in ("mood", "wellbeing", "patterns")]
    view = PartView(
        prefix=prefix,
        first=first,
        last=last,
        sections=sections,
        checked_in=int(part["checked_in"]) if "checked_in" in part else None,
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
        view.instruments, view.unknown_results = _instruments(
            part.get("results", []), summaries=about_partner, prefix=prefix
        )
    if "patterns" in sections:
        view.patterns = part.get("patterns")
    view.bring = [str(item) for item in part.get("bring", [])]
    return view
