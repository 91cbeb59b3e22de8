"""`make bench-reports`: issue 7's heavy paths, each beside a floor measured in the same run.

    .venv/bin/python bench/reports.py [--runs 10] [--age-runs 3] [--quick] [--no-docs]

In a fresh temporary AFTERWARDS_DATA_DIR (under bench/.cache/) with SQLite and the
settings a fresh install has; people's keys use the light, test-grade key derivation
(login is not measured here, `make bench` times it), every entry sealed by the vault's
own functions.

1. The therapist report: one person with a year of daily check-ins (bench/seed.py's
   `checkin_for`: the whole day of schema 2, notes on most days), two PHQ-9 results in
   the last four weeks and their loss told. The report as the Report page makes it:
   `parts.part_build` (every section, ten notes ticked), `parts.part_view`, then
   `document.report_pdf` (the template and WeasyPrint), for the last 4 weeks and for the
   whole year. Floor: WeasyPrint, with the report's own print stylesheet and refusing
   URL fetcher, on a one-page document of plain paragraphs and no charts.
2. Export of everything (`portability.services.export_build`, then JSON or a CSV zip,
   each with and without age) for 1 and 5 years of daily check-ins. Floor: opening the
   same entries with the vault alone (`entry_open` over `Entry.objects.owned_by`),
   building no file. Then the 1-year JSON brought into a fresh account
   (`document.read` and `services.export_import`, as the Your data page does), beside
   `entry_put` of the same entries in one transaction.
3. The worker's planning step (`notify.worker.plan(now)`) over 100 and 1,000 people with
   e-mail reminders on: a mix of time zones, hours and quiet hours, about half with a
   hard-date heads-up, about a third in couples with heads-ups meant for the partner.
   Floor: the one query that reads those people's Preferences rows. Also the number of
   queries of each, counted in a run of its own.

Runs of a row and of its floor are interleaved, so they share the machine's mood. The
tables are printed and written into their own marked section of docs/performance.md.
Timing never goes in tests: this prints figures and says whether the aims are met.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
CACHE = BENCH / ".cache"
DOCS = ROOT / "docs" / "performance.md"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BEGIN = (
    "<!-- bench-reports:begin — written by `make bench-reports`; edits inside are overwritten -->"
)
END = "<!-- bench-reports:end -->"
HEADING = "## Report, export and the reminders worker (issue 7)"

# The aims proposed for these paths (milliseconds unless said).
AIM_REPORT_4_WEEKS_P95 = 1000.0
AIM_REPORT_YEAR_P95 = 2000.0
AIM_EXPORT_P95 = 2000.0  # 5 years, without age: a download a person waits for
AIM_EXPORT_AGE_P95 = 5000.0  # with age: its scrypt is slow on purpose
AIM_IMPORT_P95 = 10000.0  # a year, well inside gunicorn's 30-s worker timeout
AIM_PLAN_P95 = 6000.0  # 1,000 people: a tenth of the worker's one-minute period

NOTES_TICKED = 10
FILE_PHRASE = "a passphrase for the bench's sealed exports"
FLOOR_CHARS = 2000  # the floor document's text: most of one A4 page in the report's type


@dataclass(frozen=True)
class Sizes:
    report_days: int = 28  # the shorter report; the longer one is the whole journal
    journal_days: int = 365  # the reported person's journal, exported and imported too
    long_days: int = 1825  # a second person's journal, exported
    worker_people: tuple[int, int] = (100, 1000)
    runs: int = 10
    age_runs: int = 3


QUICK = Sizes(
    report_days=28, journal_days=40, long_days=60, worker_people=(6, 18), runs=2, age_runs=1
)


# --- Figures ------------------------------------------------------------------------------


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Row:
    """One measured thing: seconds per run, and what it made (pages, bytes, queries …)."""

    name: str
    floor: str | None  # the name of the row it is compared with; None for a floor
    samples: list[float] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    cpu: list[float] = field(default_factory=list)  # this process's CPU seconds per run

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p95_ms(self) -> float:
        return nearest_rank(self.samples, 0.95) * 1000

    @property
    def cpu_median_ms(self) -> float:
        return statistics.median(self.cpu) * 1000

    def timed(self, call: Callable[[], Any]) -> Any:
        """One measured run: wall time and CPU time."""
        c0, t0 = time.process_time(), time.perf_counter()
        result = call()
        self.samples.append(time.perf_counter() - t0)
        self.cpu.append(time.process_time() - c0)
        return result


def interleaved(
    calls: dict[str, Callable[[], Any]], rows: dict[str, Row], runs: int, rng: random.Random
) -> dict[str, Any]:
    """Each call `runs` times, in a shuffled order each round, timed into its row; what
    each returned last. The caller warms each call up first."""
    last: dict[str, Any] = {}
    for _ in range(runs):
        order = list(calls)
        rng.shuffle(order)
        for name in order:
            last[name] = rows[name].timed(calls[name])
    return last


def queries_of(call: Callable[[], Any]) -> tuple[int, Any]:
    """How many queries one unmeasured call makes (a warm-up too), and what it returned."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured.captured_queries), result


def pdf_pages(pdf: bytes) -> int:
    """The page count of a PDF, read from its page tree (also inside compressed object
    streams, as WeasyPrint writes them)."""
    texts = [pdf]
    for found in re.finditer(rb"stream\r?\n", pdf):
        try:
            texts.append(zlib.decompressobj().decompress(pdf[found.end() :]))
        except zlib.error:
            continue
    tree = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")
    counts = [int(m.group(1) or m.group(2)) for text in texts for m in tree.finditer(text)]
    if not counts:
        raise SystemExit("no page tree found in the PDF")
    return max(counts)


def days_label(days: int) -> str:
    names = {28: "4 weeks", 365: "1 year", 1825: "5 years"}
    return f"{names[days]} ({days:,} days)" if days in names else f"{days:,} days"


# --- People -------------------------------------------------------------------------------


@dataclass
class Person:
    user: Any
    keys: Any
    days: list[date]


def account(username: str) -> tuple[Any, Any]:
    """A fresh account with light keys (the caller holds bench/seed.py's LIGHT settings)."""
    from afterwards.accounts import services
    from bench.seed import PASSPHRASE

    user, keys, _code = services.account_create(username=username, email="", passphrase=PASSPHRASE)
    return user, keys


def person_with_days(username: str, index: int, last: date, count: int) -> Person:
    """An account with `count` daily check-ins up to `last`: bench/seed.py's `checkin_for`,
    each sealed as `vault.services.entry_put` seals a new one, inserted in bulk."""
    from afterwards.journal.checkin import KIND
    from afterwards.vault import sealing
    from afterwards.vault import services as vault
    from afterwards.vault.models import Entry
    from bench.seed import checkin_for

    user, keys = account(username)
    days = [last - timedelta(days=n) for n in range(count - 1, -1, -1)]
    entries = []
    for day in days:
        entry = Entry(
            id=uuid.uuid4(),
            owner=user,
            kind=KIND,
            index=vault.entry_index(keys, kind=KIND, value=day.isoformat()),
        )
        content = vault._encode(checkin_for(index, day).to_content())
        sealed = sealing.seal_entry(keys, content, aad=entry.aad)
        entry.blob, entry.owner_wrap = sealed.blob, sealed.owner_wrap
        entries.append(entry)
    Entry.objects.bulk_create(entries, batch_size=500)
    return Person(user, keys, days)


def person_told_more(person: Person) -> None:
    """Their loss told (so every pattern is tested) and two PHQ-9 results in the last four
    weeks (so the report draws the questionnaire's trend)."""
    from afterwards.loss.about import AboutLoss, about_loss_save
    from afterwards.wellbeing import catalogue
    from afterwards.wellbeing import services as wellbeing

    last = person.days[-1]
    about_loss_save(
        owner=person.user,
        keys=person.keys,
        about=AboutLoss(
            kind="unsaid",
            loss_date=person.days[0] - timedelta(days=30),
            due_date=last - timedelta(days=120),
        ),
    )
    phq9 = catalogue.instruments()["phq9"]
    for back, answer in ((20, 2), (6, 1)):
        taken = datetime.combine(last - timedelta(days=back), clock(10), UTC)
        answers: dict[int, int | None] = dict.fromkeys(range(1, 10), answer)
        answers[9] = 0
        wellbeing.result_save(
            owner=person.user, keys=person.keys, instrument=phq9, answers=answers, taken=taken
        )


# --- 1. The therapist report ----------------------------------------------------------------


def floor_html(chars: int) -> str:
    """A one-page document of plain paragraphs, `chars` characters of text, no charts."""
    from django.utils.html import escape

    from bench.seed import _PHRASES

    rng = random.Random(3)
    paragraphs: list[str] = []
    length = 0
    while length < chars:
        text = " ".join(rng.choices(_PHRASES, k=4))
        paragraphs.append(f"<p>{escape(text)}</p>")
        length += len(text)
    body = "\n".join(paragraphs)
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A page</title>'
        f"</head><body><h1>A page of text</h1>\n{body}\n</body></html>"
    )


def floor_pdf(html: str) -> bytes:
    """WeasyPrint as the report calls it (its print stylesheet, the refusing fetcher)."""
    from weasyprint import CSS, HTML

    from afterwards.report.document import PRINT_CSS, refusing_fetcher

    fetcher = refusing_fetcher()
    style = CSS(string=PRINT_CSS.read_text(encoding="utf-8"), url_fetcher=fetcher)
    pdf: bytes = HTML(string=html, url_fetcher=fetcher, base_url=None).write_pdf(
        stylesheets=[style]
    )
    return pdf


def visible_text(html: str) -> str:
    """The words a reader sees, charts (SVG) left out."""
    from html import unescape

    html = re.sub(r"<svg\b.*?</svg>", " ", html, flags=re.S)
    html = re.sub(r"<(style|title)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def report_maker(person: Person, days: int) -> tuple[Callable[[], bytes], dict[str, Any]]:
    """The Report page's 'Download the PDF' for the last `days` days, every section in and
    ten notes ticked, and what the report holds."""
    from afterwards.report import parts
    from afterwards.report.document import Report, report_html, report_pdf
    from afterwards.report.forms import SECTIONS

    last = person.days[-1]
    first = last - timedelta(days=days - 1)
    noted = [
        date.fromisoformat(value)
        for value, _label in parts.note_choices(
            owner=person.user, keys=person.keys, first=first, last=last
        )
    ]
    if len(noted) < NOTES_TICKED:
        raise SystemExit(f"only {len(noted)} days with a note in {days} days")
    step = len(noted) / NOTES_TICKED
    ticked = {noted[int(n * step)] for n in range(NOTES_TICKED)}
    stages: dict[str, list[float]] = {"build": [], "draw": [], "pdf": []}

    def report() -> Report:
        t0 = time.perf_counter()
        part = parts.part_build(
            owner=person.user,
            keys=person.keys,
            first=first,
            last=last,
            sections=list(SECTIONS),
            note_days=ticked,
            today=last,
        )
        t1 = time.perf_counter()
        view = parts.part_view(part, prefix="own")
        stages["build"].append(t1 - t0)
        stages["draw"].append(time.perf_counter() - t1)
        return Report(parts=[view], made=last)

    def make() -> bytes:
        made = report()
        t0 = time.perf_counter()
        pdf = report_pdf(made)
        stages["pdf"].append(time.perf_counter() - t0)
        return pdf

    # What the report holds, checked once before timing.
    made = report()
    html = report_html(made)
    text = visible_text(html)
    for words in ("Mood and grief over time", "Questionnaire scores", "Patterns"):
        if words not in text:
            raise SystemExit(f"the {days}-day report lacks its section {words!r}")
    shown = made.parts[0].notes
    if len(shown) != NOTES_TICKED or any(" ".join(note.split()) not in text for _, note in shown):
        raise SystemExit(f"the {days}-day report does not hold the {NOTES_TICKED} ticked notes")
    if len(made.parts[0].instruments) != 1 or len(made.parts[0].instruments[0].rows) != 2:
        raise SystemExit(f"the {days}-day report does not hold the two questionnaire results")
    facts: dict[str, Any] = {
        "days": days,
        "notes": len(shown),
        "text_chars": len(text),
        # Elements drawn in the charts (every tag inside an <svg>), for WeasyPrint to lay out.
        "chart_marks": sum(svg.count("<") for svg in re.findall(r"<svg\b.*?</svg>", html, re.S)),
        "stages": stages,
    }
    return make, facts


def report_figures(person: Person, sizes: Sizes, rng: random.Random) -> list[Row]:
    floor_name = f"floor: WeasyPrint, one page of text ({FLOOR_CHARS:,} characters), no charts"
    html = floor_html(FLOOR_CHARS)
    calls: dict[str, Callable[[], Any]] = {floor_name: lambda: floor_pdf(html)}
    rows = {floor_name: Row(floor_name, None, facts={"text_chars": len(visible_text(html))})}
    for days in (sizes.report_days, sizes.journal_days):
        make, facts = report_maker(person, days)
        name = f"report PDF, {days_label(days)}"
        calls[name] = make
        rows[name] = Row(name, floor_name, facts=facts)
    for name, call in calls.items():  # the warm-up
        queries, pdf = queries_of(call)
        rows[name].facts.update(pages=pdf_pages(pdf), bytes=len(pdf), queries=queries)
    for row in rows.values():
        for values in row.facts.get("stages", {}).values():
            values.clear()
    interleaved(calls, rows, sizes.runs, rng)
    for row in rows.values():
        # Where a report's time goes: the median of each stage over the measured runs.
        stages = row.facts.pop("stages", None)
        if stages:
            row.facts["stage_ms"] = {
                stage: statistics.median(values) * 1000 for stage, values in stages.items()
            }
    if rows[floor_name].facts["pages"] != 1:
        raise SystemExit(f"the floor document is {rows[floor_name].facts['pages']} pages, not 1")
    return list(rows.values())


# --- 2. Export and import -------------------------------------------------------------------


def entries_open(person: Person) -> int:
    """The floor: every entry the person owns, opened by the vault, no file built."""
    from afterwards.vault import services as vault
    from afterwards.vault.models import Entry

    return len([vault.entry_open(e, person.keys) for e in Entry.objects.owned_by(person.user)])


def exporter(person: Person, form: str, age: bool) -> Callable[[], bytes]:
    """The Your data page's export, as its view makes the file."""
    from django.utils import timezone

    from afterwards.portability import document, services

    def export() -> bytes:
        built = services.export_build(owner=person.user, keys=person.keys, now=timezone.now())
        data = document.as_csv_zip(built) if form == "csv" else document.as_json(built)
        return document.sealed(data, FILE_PHRASE) if age else data

    return export


def export_figures(people: list[Person], sizes: Sizes, rng: random.Random) -> list[Row]:
    from afterwards.vault.models import Entry

    rows: list[Row] = []
    for person in people:
        label = days_label(len(person.days))
        entries = Entry.objects.owned_by(person.user).count()
        floor = Row(f"floor: open every entry, {label}", None, facts={"entries": entries})
        plain = {
            f"export JSON, {label}": exporter(person, "json", age=False),
            f"export CSV zip, {label}": exporter(person, "csv", age=False),
        }
        sealed = {
            f"export JSON + age, {label}": exporter(person, "json", age=True),
            f"export CSV zip + age, {label}": exporter(person, "csv", age=True),
        }
        opened = lambda p=person: entries_open(p)  # noqa: E731
        queries, count = queries_of(opened)  # each call's warm-up
        if count != entries:
            raise SystemExit("the floor did not open every entry")
        floor.facts["queries"] = queries
        made = {name: queries_of(call) for name, call in plain.items()}
        measured = {floor.name: floor}
        measured |= {name: Row(name, floor.name) for name in (*plain, *sealed)}
        interleaved({floor.name: opened, **plain}, measured, sizes.runs, rng)
        # age's scrypt takes a second or two by design: fewer runs, each beside the floor,
        # and no warm-up of its own (the file it seals was warmed up above).
        last = interleaved({floor.name: opened, **sealed}, measured, sizes.age_runs, rng)
        for name, (queries, data) in made.items():
            measured[name].facts = {"bytes": len(data), "queries": queries}
        for name in sealed:
            # Sealing makes no query: the same as the file without age.
            queries = made[name.replace(" + age", "")][0]
            measured[name].facts = {"bytes": len(last[name]), "queries": queries}
        rows += measured.values()
    return rows


def import_figures(person: Person, sizes: Sizes, rng: random.Random) -> list[Row]:
    """The person's JSON export brought into a fresh account each run, beside entry_put of
    the same entries into another fresh account in one transaction (export_import's own)."""
    from django.db import transaction
    from django.utils import timezone

    from afterwards.portability import document, services
    from afterwards.vault import services as vault
    from afterwards.vault.models import Entry

    data = document.as_json(
        services.export_build(owner=person.user, keys=person.keys, now=timezone.now())
    )
    items = document.read(data)
    label = days_label(len(person.days))
    floor = Row(f"floor: entry_put of the same {len(items):,} entries", None)
    row = Row(f"import of the {label} JSON into a fresh account", floor.name)
    counter = iter(range(10**6))
    reads: list[float] = []
    queries: dict[str, int] = {}

    def fresh() -> tuple[Any, Any]:
        return account(f"bench-import-{next(counter)}")

    def put_all(user: Any, keys: Any) -> None:
        with transaction.atomic():
            for item in items:
                vault.entry_put(
                    owner=user,
                    keys=keys,
                    kind=item.kind,
                    index_value=item.index,
                    content=item.content,
                )

    def bring_in(user: Any, keys: Any) -> None:
        t0 = time.perf_counter()
        read = document.read(data)
        reads.append(time.perf_counter() - t0)
        if services.export_import(owner=user, keys=keys, items=read) != len(items):
            raise SystemExit("the import did not bring in every entry")

    for name, call in ((floor.name, put_all), (row.name, bring_in)):
        queries[name] = queries_of(lambda c=call: c(*fresh()))[0]  # also the warm-up
    order = [floor, row]
    for _ in range(sizes.runs):
        rng.shuffle(order)
        for target in order:
            user, keys = fresh()  # an account made outside the timing
            call = put_all if target is floor else bring_in
            target.timed(lambda c=call, u=user, k=keys: c(u, k))
            if Entry.objects.owned_by(user).count() != len(items):
                raise SystemExit(f"{target.name} did not keep every entry")
    floor.facts = {"entries": len(items), "queries": queries[floor.name]}
    row.facts = {
        "bytes": len(data),
        "queries": queries[row.name],
        "read_ms": statistics.median(reads[1:]) * 1000,
    }
    return [floor, row]


# --- 3. The worker's planning step ------------------------------------------------------------

ZONES = [
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Africa/Lagos",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
]


def people_with_reminders(start: int, count: int, now: datetime, rng: random.Random) -> None:
    """`count` more people with e-mail reminders on, as the Reminders and Hard dates pages
    leave them: clear rows only (the worker has no keys), so no keyring is needed."""
    from afterwards.accounts.models import User
    from afterwards.couple.models import Couple, Member
    from afterwards.notify.models import Alarm, Preferences

    today = now.date()
    users = User.objects.bulk_create(
        User(username=f"bench-reminded-{start + n}", password="!") for n in range(count)
    )
    prefs, alarms, couples, members = [], [], [], []
    coupled: set[int] = set()
    # About a third in couples: pairs of neighbours.
    for n in range(0, count - 1, 6):
        couple = Couple(id=uuid.uuid4())
        couples.append(couple)
        for user in users[n : n + 2]:
            members.append(Member(user=user, couple=couple, settled=True))
            coupled.add(user.pk)
    for user in users:
        quiet = rng.random() < 0.5
        questionnaire = rng.random() < 0.35
        prefs.append(
            Preferences(
                user=user,
                checkin_on=rng.random() < 0.85,
                hour=rng.randint(7, 22),
                checkin_since=now - timedelta(days=rng.randint(1, 90)),
                questionnaire_on=questionnaire,
                questionnaire_every_days=rng.choice([14, 28]) if questionnaire else None,
                questionnaire_next_on=(
                    today + timedelta(days=rng.randint(-3, 20)) if questionnaire else None
                ),
                quiet_on=quiet,
                quiet_from=rng.choice([21, 22, 23, 0]),
                quiet_to=rng.choice([6, 7, 8]),
                time_zone=rng.choice(ZONES),
                email=f"{user.username}@example.org",
                by_email=True,
            )
        )
        if rng.random() < 0.5:  # a hard date: its heads-up window may hold today
            first_on = today + timedelta(days=rng.randint(-10, 20))
            alarms.append(
                Alarm(
                    user=user,
                    alarm_id=uuid.uuid4().hex,
                    next_on=first_on,
                    yearly=rng.random() < 0.6,
                    to_partner=user.pk in coupled and rng.random() < 0.8,
                )
            )
    Couple.objects.bulk_create(couples)
    Member.objects.bulk_create(members)
    Preferences.objects.bulk_create(prefs)
    Alarm.objects.bulk_create(alarms)


def preferences_read() -> int:
    """The floor: the one query that reads the reminded people's Preferences rows (the
    same queryset plan() walks)."""
    from afterwards.notify.models import Preferences

    people = Preferences.objects.select_related("user").filter(by_email=True) | (
        Preferences.objects.select_related("user").filter(by_push=True)
    )
    return len(list(people))


def worker_figures(sizes: Sizes, now: datetime, rng: random.Random) -> list[Row]:
    from django.test import override_settings

    from afterwards.couple.models import Member
    from afterwards.notify import worker
    from afterwards.notify.models import Alarm, Preferences

    rows: list[Row] = []
    made = 0
    # E-mail on, as on a host with SMTP set: without a channel plan() skips everyone.
    with override_settings(NOTIFY_EMAIL=True, NOTIFY_WEBPUSH=False):
        for people in sizes.worker_people:
            people_with_reminders(made, people - made, now, random.Random(people))
            made = people
            if Preferences.objects.count() != people:
                raise SystemExit("the planning step would not see exactly these people")
            floor = Row(f"floor: read {people:,} Preferences rows (one query)", None)
            row = Row(f"plan(now), {people:,} people", floor.name)
            calls = {floor.name: preferences_read, row.name: lambda: worker.plan(now)}
            # The first plan() of a day may move questionnaire days and yearly dates on:
            # counted after it, as every later tick of that day finds them.
            worker.plan(now)
            floor_queries, _ = queries_of(preferences_read)  # each call's warm-up
            plan_queries, found = queries_of(lambda: worker.plan(now))
            interleaved(calls, {floor.name: floor, row.name: row}, sizes.runs, rng)
            floor.facts = {"people": people, "queries": floor_queries}
            row.facts = {
                "people": people,
                "queries": plan_queries,
                "due": len(found),
                "alarms": Alarm.objects.count(),
                "partner_alarms": Alarm.objects.filter(to_partner=True).count(),
                "in_couples": Member.objects.count(),
            }
            rows += [floor, row]
    return rows


# --- All of it ---------------------------------------------------------------------------------


@dataclass
class Results:
    sizes: Sizes
    report: list[Row]
    export: list[Row]
    imported: list[Row]
    worker: list[Row]
    seconds: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)  # the 1-minute load average before and after


def measure(sizes: Sizes, *, today: date, progress: Callable[[str], None] = print) -> Results:
    """Everything, in a migrated, empty database (the caller's: a fresh data folder, or a
    test's). Keys are light only if the caller made them so."""
    t0 = time.perf_counter()
    load_before = os.getloadavg()[0]
    rng = random.Random(7)
    progress(f"Sealing {sizes.journal_days:,} and {sizes.long_days:,} days of check-ins …")
    year = person_with_days("bench-report", 0, today, sizes.journal_days)
    person_told_more(year)
    five = person_with_days("bench-long", 1, today, sizes.long_days)
    progress(f"The report PDF, {sizes.runs} runs each …")
    report = report_figures(year, sizes, rng)
    progress(f"Export, {sizes.runs} runs each ({sizes.age_runs} with age) …")
    export = export_figures([year, five], sizes, rng)
    progress(f"Import, {sizes.runs} runs …")
    imported = import_figures(year, sizes, rng)
    progress(f"The worker's planning step, {sizes.runs} runs each …")
    now = datetime.combine(today, clock(19, 0), UTC)
    worker = worker_figures(sizes, now, rng)
    seconds = time.perf_counter() - t0
    load = (load_before, os.getloadavg()[0])
    return Results(sizes, report, export, imported, worker, seconds, load)


def _aim(row: Row, limit: float | None) -> str:
    if row.floor is None or limit is None:
        return ""
    return f"p95 ≤ {limit / 1000:g} s: " + ("met" if row.p95_ms <= limit else "NOT met")


def _aims(results: Results) -> dict[str, float]:
    """Each measured row's aim (p95, ms), by name; none in a quick run's sizes."""
    if results.sizes != Sizes():
        return {}
    aims: dict[str, float] = {}
    for row in results.report:
        if row.floor is not None:
            short = row.facts["days"] == results.sizes.report_days
            aims[row.name] = AIM_REPORT_4_WEEKS_P95 if short else AIM_REPORT_YEAR_P95
    for row in results.export:
        if row.floor is not None:
            aims[row.name] = AIM_EXPORT_AGE_P95 if "+ age" in row.name else AIM_EXPORT_P95
    aims.update({row.name: AIM_IMPORT_P95 for row in results.imported if row.floor})
    aims.update({row.name: AIM_PLAN_P95 for row in results.worker if row.floor})
    return aims


def _ratio(row: Row, rows: list[Row]) -> str:
    if row.floor is None:
        return "1 (floor)"
    floor = next(r for r in rows if r.name == row.floor)
    return f"{row.median_ms / floor.median_ms:.1f}×"


def _size(nbytes: int) -> str:
    return f"{nbytes / 1024:,.0f} KiB" if nbytes < 2**20 else f"{nbytes / 2**20:,.1f} MiB"


def tables(results: Results) -> list[list[list[str]]]:
    aims = _aims(results)

    def timing(row: Row, rows: list[Row]) -> list[str]:
        return [
            row.name,
            str(len(row.samples)),
            f"{row.median_ms:,.0f}",
            f"{row.p95_ms:,.0f}",
            f"{row.cpu_median_ms:,.0f}",
            _ratio(row, rows),
        ]

    head = ["", "runs", "median ms", "p95 ms", "CPU median ms", "median ÷ floor"]
    report = [head + ["pages", "bytes", "text (characters)", "queries", "aim"]]
    for row in results.report:
        report.append(
            timing(row, results.report)
            + [
                str(row.facts["pages"]),
                _size(row.facts["bytes"]),
                f"{row.facts['text_chars']:,}",
                str(row.facts["queries"]),
                _aim(row, aims.get(row.name)),
            ]
        )
    export = [head + ["file", "queries", "aim"]]
    for row in results.export + results.imported:
        rows = results.export + results.imported
        export.append(
            timing(row, rows)
            + [
                _size(row.facts["bytes"]) if "bytes" in row.facts else "—",
                f"{row.facts['queries']:,}",
                _aim(row, aims.get(row.name)),
            ]
        )
    worker = [head + ["queries", "queries per person", "sendings due", "aim"]]
    for row in results.worker:
        people = row.facts["people"]
        worker.append(
            timing(row, results.worker)
            + [
                f"{row.facts['queries']:,}",
                f"{row.facts['queries'] / people:.2f}",
                str(row.facts.get("due", "—")),
                _aim(row, aims.get(row.name)),
            ]
        )
    return [report, export, worker]


def plain(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown(rows: list[list[str]]) -> str:
    align = ["---"] + ["---:"] * (len(rows[0]) - 1)
    lines = ["| " + " | ".join(rows[0]) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def queries_growth(results: Results) -> str:
    """Plain words on whether planning's queries grow with the people reminded."""
    plans = [row for row in results.worker if row.floor is not None]
    small, large = plans[0], plans[-1]
    extra = (large.facts["queries"] - small.facts["queries"]) / (
        large.facts["people"] - small.facts["people"]
    )
    if extra < 0.05:
        return (
            f"The planning step's queries do not grow with the people reminded: "
            f"{small.facts['queries']} for {small.facts['people']:,} people, "
            f"{large.facts['queries']} for {large.facts['people']:,}."
        )
    return (
        f"**The planning step's queries grow with the people reminded (N+1):** "
        f"{small.facts['queries']:,} queries for {small.facts['people']:,} people and "
        f"{large.facts['queries']:,} for {large.facts['people']:,}, about {extra:.1f} more for "
        "each person, where the floor reads every person's row in one. In this run's "
        "code, `plan()` reads the Preferences rows in one query, then for each person "
        "outside their quiet hours their own alarms, their partner, and that partner's "
        "alarms when there is one (`due_for`), and for each "
        "sending it finds due, whether the Sent table already holds it (`_claimable`); "
        "a person with Web Push on adds one more (`channels`). Not changed here: this "
        "bench measures, the notify code is left as it is."
    )


def section(results: Results, command: str) -> str:
    from bench.run import machine

    report, export, worker = tables(results)
    info = machine()
    sizes = results.sizes
    aims = _aims(results)
    every = [r for r in results.report + results.export + results.imported + results.worker]
    judged = [r for r in every if r.name in aims]
    missed = [r.name for r in judged if r.p95_ms > aims[r.name]]
    verdict = (
        "not judged (a quick run)"
        if not judged
        else "**all met**"
        if not missed
        else "**not all met**: " + "; ".join(missed)
    )
    weeks, year = (r for r in results.report if r.floor is not None)
    stages, weeks_stages = year.facts["stage_ms"], weeks.facts["stage_ms"]
    floor_put, brought = results.imported
    by_name = {row.name: row for row in results.export}
    age_cpu = statistics.median(
        row.cpu_median_ms - by_name[row.name.replace(" + age", "")].cpu_median_ms
        for row in results.export
        if "+ age" in row.name
    )
    worker_rows = [r for r in results.worker if r.floor is not None]
    biggest = worker_rows[-1]
    when = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return "\n".join(
        [
            f"Latest run: {when}; command: `{command}`; {results.seconds:.0f} s in all.",
            "",
            "**The therapist report** (one person, a year of daily check-ins; every section, "
            f"{NOTES_TICKED} notes ticked, two PHQ-9 results):",
            "",
            markdown(report),
            "",
            "**Export and import** (check-ins are the whole day of schema 2; the 1-year "
            "person also has their loss told and two questionnaire results):",
            "",
            markdown(export),
            "",
            "**The reminders worker's planning step** (e-mail reminders on for everyone; "
            f"{biggest.facts['alarms']:,} hard-date heads-ups among "
            f"{biggest.facts['people']:,} people, {biggest.facts['partner_alarms']:,} of them "
            f"meant for the partner too; {biggest.facts['in_couples']:,} people in couples):",
            "",
            markdown(worker),
            "",
            f"Aims (each on the p95 of its runs): {verdict}.",
            "",
            "What is measured: wall time of each call in one process, with SQLite in a "
            "fresh temporary data folder and the settings a fresh install has (WAL, "
            "`synchronous=FULL`); no HTTP, so the request around it (a few ms, see "
            "`make bench`) is not counted. Each row ran "
            f"{sizes.runs} times after one warm-up (age rows {sizes.age_runs}), interleaved "
            f'with its floor; with {sizes.runs} runs the p95 is the slowest run. "CPU '
            "median\" is this process's own CPU time: the gap between it and the median is "
            "time spent waiting for a core or the disk, which is what other work on the "
            "machine shows as. Queries were counted in a run of their own.",
            "",
            '- **The report** is what the Report page\'s "Download the PDF" does after the '
            "form: `parts.part_build` (the period's check-ins, the questionnaire results "
            "and Patterns, which reads the whole journal whatever the period), "
            "`parts.part_view` (the charts) and `document.report_pdf` (the template and "
            "WeasyPrint). The medians of those three steps were "
            f"{stages['build']:,.0f}, {stages['draw']:,.0f} and {stages['pdf']:,.0f} ms for "
            f"the year and {weeks_stages['build']:,.0f}, {weeks_stages['draw']:,.0f} and "
            f"{weeks_stages['pdf']:,.0f} ms for four weeks. Both are "
            f"{year.facts['pages']} pages with about as much text; the year's charts hold "
            f"{year.facts['chart_marks']:,} drawn elements against "
            f"{weeks.facts['chart_marks']:,} for four weeks. The floor is "
            "WeasyPrint alone with the report's stylesheet on one page of plain paragraphs "
            "and no chart. Proposed aims: the p95 under "
            f"{AIM_REPORT_4_WEEKS_P95 / 1000:g} s for four weeks and under "
            f"{AIM_REPORT_YEAR_P95 / 1000:g} s for a year, the longest period the form "
            "allows.",
            "- **Export** is `export_build` and the file as the Your data page makes it, "
            "with and without age, whose passphrase key derivation (scrypt) is slow by "
            f"design: sealing added about {age_cpu / 1000:.1f} s of CPU (median over the "
            "four pairs), whatever the file's size. The floor opens the same entries "
            "with the vault and builds nothing. Proposed aims: the p95 under "
            f"{AIM_EXPORT_P95 / 1000:g} s without age and {AIM_EXPORT_AGE_P95 / 1000:g} s "
            "with it, for five years.",
            "- **Import** is `document.read` (which checks every entry) and `export_import` "
            "into a fresh account made outside the timing; reading the file took "
            f"{brought.facts['read_ms']:,.0f} ms of it. The floor is "
            "`entry_put` of the same entries one by one in one transaction "
            f"({floor_put.facts['queries']:,} queries for {floor_put.facts['entries']:,} "
            f"entries); the import made {brought.facts['queries']:,}. "
            f"Proposed aim: the p95 under {AIM_IMPORT_P95 / 1000:g} s for a year, well "
            "inside gunicorn's 30-second worker timeout.",
            "- **The worker** runs `plan(now)` once a minute; `now` here is 19:00 UTC, "
            "when many people's daily reminder is due somewhere. The people were made "
            "directly as rows (the worker reads only clear rows): time zones from Auckland "
            "to Los Angeles, hours from 07 to 22, quiet hours for about half, a "
            "questionnaire reminder for about a third, a hard date for about half (its "
            "window holding today for some), every third pair of neighbours in a couple. "
            "No Sent rows, so every sending due is looked up once. Proposed aim: the p95 "
            f"under {AIM_PLAN_P95 / 1000:g} s for {biggest.facts['people']:,} people, a "
            "tenth of its one-minute period.",
            "",
            queries_growth(results),
            "",
            "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
            "",
            f"Load average (1 min): {results.load[0]:.1f} before, {results.load[1]:.1f} after "
            "the run, on a machine shared with other work: figures move by half or more from "
            "one run to the next, which is why each sits beside its floor.",
        ]
    )


def write_docs(text: str, path: Path = DOCS) -> None:
    """Replace this bench's marked section of docs/performance.md, or add it at the end."""
    old = path.read_text() if path.exists() else "# Performance\n"
    if BEGIN not in old or END not in old:
        old = old.rstrip("\n") + f"\n\n{HEADING}\n\n{BEGIN}\n{END}\n"
    before, rest = old.split(BEGIN, 1)
    _, after = rest.split(END, 1)
    path.write_text(f"{before}{BEGIN}\n{text.strip()}\n{END}{after}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=Sizes.runs, help="measured runs of each row")
    parser.add_argument(
        "--age-runs",
        type=int,
        default=Sizes.age_runs,
        help="measured runs of each export sealed with age",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny sizes and two runs: checks the bench works, writes no docs",
    )
    parser.add_argument("--no-docs", action="store_true", help="don't rewrite docs/performance.md")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> Results:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import override_settings
    from django.utils import timezone

    from bench.seed import LIGHT

    call_command("migrate", verbosity=0, interactive=False)
    sizes = QUICK if args.quick else Sizes(runs=args.runs, age_runs=args.age_runs)
    with override_settings(**LIGHT):
        results = measure(sizes, today=timezone.localdate())
    for rows in tables(results):
        print()
        print(plain(rows))
    command = "make bench-reports" if os.environ.get("MAKELEVEL") else ""
    command = " ".join(
        filter(
            None,
            [command and f"{command} →", ".venv/bin/python", "bench/reports.py", *sys.argv[1:]],
        )
    )
    text = section(results, command)
    print()
    print(text.split("\n\n", 1)[0])
    for line in text.splitlines():
        if line.startswith(("Aims", "**The planning", "The planning")):
            print(line)
    if args.quick or args.no_docs:
        return results
    write_docs(text)
    print(f"Wrote {DOCS.relative_to(ROOT)}")
    return results


def main() -> None:
    from bench.run import isolate_environment

    args = parse_args()
    CACHE.mkdir(exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="reports-", dir=CACHE))
    isolate_environment(data_dir)
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
