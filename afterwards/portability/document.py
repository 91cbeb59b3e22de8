"""The export file: what it holds, how it is written, and how one is read back.

Plain Python (no database): a document is the dict described in docs/export-format.md.
Reading one checks everything an import relies on, so that an import either takes a
whole file or nothing of it.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import uuid
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from pyrage import DecryptError, passphrase  # type: ignore[import-untyped]

from afterwards.portability import kinds
from afterwards.vault.crypto import kdf_slot

FORMAT = "afterwards-export"
SCHEMA_VERSION = 1
# The optional key of the reminder choices (notify.models.Preferences, by the Reminders
# page's field names): added within schema 1, so a file without it reads as before, and
# a server that does not know it reads the rest.
REMINDERS = "reminders"
AGE_HEADER = b"age-encryption.org/v1"
ZIP_HEADER = b"PK\x03\x04"
# The most scrypt work an uploaded sealed file may ask for: 2^20, 1 GiB of memory and a
# few seconds to open. age sets the work of a new file by timing its own machine (about a
# second): 2^17 to 2^19 for an export sealed here, 2^20 for one sealed on a machine twice as
# fast, 2^18 always from the Go age tool. A header asking for more is refused before any
# scrypt runs (2^23 took 66 s and 8 GB), and sealing and opening both take one of the
# vault's memory-hard slots (VAULT_KDF_CONCURRENCY), so that a burst of them waits its
# turn instead of exhausting the host.
SCRYPT_LOG_N_MAX = 20
# The most entries one file may bring in: thirty years of daily check-ins (10,958), a
# questionnaire every fortnight for as long (783) and the dozen settings a person has one
# of, rounded up. Checked before anything is sealed; the import then seals every entry
# before its transaction, which only inserts (about half a second for this many), so that
# no one else's save waits long for the database.
ENTRIES_MAX = 12_000
# An age header is a few short lines; the scrypt stanza is the only one a passphrase file has.
_AGE_HEADER_MAX_BYTES = 4096
# An export nests four deep (the file, its entries, an entry, its content) and the deepest
# content three more (hard dates: a date, its heads-up): anything past this is not one,
# and is refused before any code walks it. Python's json reader has no limit of its own
# (it stops only at the interpreter's recursion limit, with a RecursionError).
DEPTH_MAX = 16
# Whole numbers in an export are answers, hours and days: one past a 64-bit integer (the
# json reader takes 4,300 digits) is none of them.
NUMBER_MAX = 2**63 - 1


class Unreadable(Exception):
    """Why a file cannot be brought in, in words a person can read; `field` says which
    of the form's fields the words belong beside."""

    def __init__(self, message: str, *, field: str = "file") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Item:
    kind: str
    index: str | None
    content: dict[str, Any]


def as_json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode()


def _cell(value: Any) -> str:
    """One CSV cell: text as it is, nothing as empty, anything else as JSON text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


Table = tuple[list[str], list[list[Any]]]  # a header, and rows of values

# Written first in every CSV: with it, Excel reads the file as UTF-8 (curly quotes,
# accents), as other spreadsheets do without it.
BOM = "\ufeff"


def as_csv_zip(document: dict[str, Any]) -> bytes:
    """One CSV per kind, in a zip: a column for the index, then one per top-level key;
    questionnaire results with their score, hard dates one row per date, and the reminder
    choices as one row (docs/export-format.md)."""
    from afterwards.dates.services import KIND as HARD_DATES
    from afterwards.loss.about import KIND as ABOUT_LOSS
    from afterwards.wellbeing.services import RESULT_KIND

    by_kind: dict[str, list[dict[str, Any]]] = {}
    for entry in document["entries"]:
        by_kind.setdefault(entry["kind"], []).append(entry)
    tables: dict[str, Table] = {}
    for kind, entries in by_kind.items():
        tables[kind] = _entries_table(entries)
        try:
            if kind == HARD_DATES:
                about = by_kind.get(ABOUT_LOSS, [{"content": {}}])[0]["content"]
                tables[kind] = _hard_dates_table(entries, about)
            elif kind == RESULT_KIND:
                tables[kind] = _results_table(entries)
        except (AttributeError, KeyError, TypeError, ValueError):
            pass  # content older pages wrote differently: its table as stored, never a 500
    reminders = document.get(REMINDERS)
    if reminders:
        tables[REMINDERS] = (list(reminders), [list(reminders.values())])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in sorted(tables.items()):
            text = io.StringIO()
            text.write(BOM)
            writer = csv.writer(text)
            writer.writerow(header)
            writer.writerows([_cell(value) for value in row] for row in rows)
            archive.writestr(f"{name}.csv", text.getvalue())
    return buffer.getvalue()


def _entries_table(entries: list[dict[str, Any]], first: tuple[str, ...] = ()) -> Table:
    """The index, then the `first` keys, then every other top-level key of the content."""
    keys = [*first, *sorted({key for e in entries for key in e["content"]} - set(first))]
    rows = [[entry["index"], *(entry["content"].get(key) for key in keys)] for entry in entries]
    return ["index", *keys], rows


def _results_table(entries: list[dict[str, Any]]) -> Table:
    """Each result with its questionnaire, when it was taken, and its total and band as
    the wellbeing page scores them (scoring.score, again at export): empty where the
    result is incomplete or the questionnaire is no longer offered."""
    from afterwards.wellbeing.catalogue import instruments
    from afterwards.wellbeing.scoring import AnswerError, score

    header, rows = _entries_table(entries, first=("instrument", "taken"))
    offered = instruments()
    for entry, row in zip(entries, rows, strict=True):
        total = band = None
        instrument = offered.get(entry["content"].get("instrument"))
        if instrument is not None:
            answers = entry["content"].get("answers", {}).items()
            try:
                scored = score(instrument, {int(n): int(value) for n, value in answers})
            except (AnswerError, TypeError, ValueError):
                pass
            else:
                total, band = scored.total, scored.band.name if scored.band else None
        row[3:3] = [total, band]
    return [*header[:3], "total", "band", *header[3:]], rows


def _hard_dates_table(entries: list[dict[str, Any]], about: dict[str, Any]) -> Table:
    """One row per date, as the Hard dates page lists them: the day of the loss and the
    due date (from About your loss) when known, then the person's own by day of the year."""
    from afterwards.dates.services import FROM_ABOUT, HardDates
    from afterwards.dates.views import ABOUT_LABELS
    from afterwards.loss.about import AboutLoss

    dates, told = HardDates.from_content(entries[0]["content"]), AboutLoss.from_content(about)
    rows = []
    for which in FROM_ABOUT:
        day = told.loss_date if which == "loss" else told.due_date
        if day is not None:
            heads_up = getattr(dates, which)
            rows.append(
                [ABOUT_LABELS[which], day.isoformat(), True, heads_up.on, heads_up.days_before]
            )
    for own in sorted(dates.own, key=lambda own: (own.day.month, own.day.day, own.label)):
        heads_up = own.heads_up
        rows.append([own.label, own.day.isoformat(), own.yearly, heads_up.on, heads_up.days_before])
    return ["label", "day", "yearly", "heads_up", "days_before"], rows


def sealed(data: bytes, phrase: str) -> bytes:
    """The file encrypted with age to a passphrase (scrypt): any age tool opens it."""
    with kdf_slot():
        return bytes(passphrase.encrypt(data, phrase))


TOO_MUCH_WORK = (
    "This file was sealed with a setting that would take this server too long to open. "
    "You can open it on your own device with an age tool (age -d), then choose the .json "
    "file inside. Nothing was saved."
)


def scrypt_work_factors(data: bytes) -> list[int]:
    """The log2 work factor of each scrypt stanza in an age file's header (read, never
    run); Unreadable when the header is not one age itself would write."""
    end = data.find(b"\n---", 0, _AGE_HEADER_MAX_BYTES)
    if end < 0:
        raise Unreadable(NOT_AN_EXPORT)
    factors = []
    for line in data[:end].split(b"\n")[1:]:
        if not line.startswith(b"-> "):
            continue  # a stanza's body: base64, nothing to judge
        arguments = line[3:].split(b" ")
        if arguments[0] != b"scrypt":
            continue
        # age writes the work factor as a decimal without leading zeros, and nothing after.
        if len(arguments) != 3 or not re.fullmatch(rb"[1-9][0-9]?", arguments[2]):
            raise Unreadable(NOT_AN_EXPORT)
        factors.append(int(arguments[2]))
    return factors


def _opened(data: bytes, phrase: str) -> bytes:
    if not data.startswith(AGE_HEADER):
        return data
    if any(factor > SCRYPT_LOG_N_MAX for factor in scrypt_work_factors(data)):
        raise Unreadable(TOO_MUCH_WORK)
    if not phrase:
        raise Unreadable(
            "This file is sealed with a passphrase. Please type the passphrase you chose "
            "for it when you downloaded it.",
            field="file_passphrase",
        )
    try:
        with kdf_slot():
            return bytes(passphrase.decrypt(data, phrase))
    except DecryptError:
        raise Unreadable(
            "That passphrase does not open this file. It is the one chosen for the file "
            "when it was downloaded, which may differ from your account's. If it is the "
            "right one, the file may not have arrived whole: downloading it again may help.",
            field="file_passphrase",
        ) from None


NOT_AN_EXPORT = (
    "This file is not an Afterwards export that can be read here. Please choose the .json "
    "file (or the .json.age file) that the Your data page gave you. Nothing was saved."
)


@dataclass(frozen=True)
class Contents:
    """What an export file brings in: its entries, and the reminder choices it holds (the
    Reminders page's fields as its form cleans them; None in a file without them)."""

    items: list[Item]
    reminders: dict[str, Any] | None


def read(data: bytes, *, phrase: str = "") -> list[Item]:
    """Every entry of an export file, checked; Unreadable if any part of it is not right."""
    return read_contents(data, phrase=phrase).items


def read_contents(data: bytes, *, phrase: str = "") -> Contents:
    """Everything an export file brings in, checked; Unreadable if any part is not right."""
    data = _opened(data, phrase)
    if data.startswith(ZIP_HEADER):
        raise Unreadable(
            "This is the CSV export, made for spreadsheets. To bring everything in, please "
            "choose the JSON export instead. Nothing was saved."
        )
    document = parsed(data)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise Unreadable(NOT_AN_EXPORT)
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        named = f"version {version}" if type(version) is int else "another version"
        raise Unreadable(
            f"This file is in {named} of the export format, and this server "
            f"reads version {SCHEMA_VERSION}. It may come from a newer Afterwards: the "
            "host can update this one. Nothing was saved."
        )
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise Unreadable(NOT_AN_EXPORT)
    if len(entries) > ENTRIES_MAX:
        raise Unreadable(
            f"This file holds {len(entries):,} entries, more than this server brings in at "
            f"once ({ENTRIES_MAX:,}), so nothing was saved. Please check it is the right one."
        )
    return Contents(items=_items(entries), reminders=_reminders(document.get(REMINDERS)))


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number an export holds")


def parsed(data: bytes) -> Any:
    """The JSON in an export file, or Unreadable (NOT_AN_EXPORT) for anything else: bytes
    that are not UTF-8 (a byte order mark is let pass, as some editors write one), text
    that is not JSON, nesting deeper than DEPTH_MAX, a whole number past NUMBER_MAX (or
    past what Python reads, 4,300 digits), NaN, Infinity, or a number too large for a
    float (1e999)."""
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_constant=_no_constant)
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError among them
        raise Unreadable(NOT_AN_EXPORT) from None
    if not _plain(document):
        raise Unreadable(NOT_AN_EXPORT)
    return document


def _plain(document: Any) -> bool:
    """Whether the parsed file nests no deeper than DEPTH_MAX and holds only numbers an
    export could: walked with a list, not by recursion, so that depth cannot break it."""
    if not isinstance(document, dict | list):
        return _number_fits(document)
    stack: list[tuple[dict[str, Any] | list[Any], int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > DEPTH_MAX:
            return False
        for child in value.values() if isinstance(value, dict) else value:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
            elif not _number_fits(child):
                return False
    return True


def _number_fits(value: Any) -> bool:
    if type(value) is int:
        return -NUMBER_MAX <= value <= NUMBER_MAX
    if type(value) is float:
        return math.isfinite(value)
    return True


REMINDERS_UNREADABLE = (
    "The reminder choices in this file cannot be read, so nothing was saved. They are the "
    "ones from the Reminders page."
)


def _reminders(value: Any) -> dict[str, Any] | None:
    """The reminder choices as the Reminders page's own form cleans them: each value of
    the type the export writes (true or false, a whole hour, words), then the form's
    checks (an hour of the day, a time zone this server knows, an e-mail address)."""
    if value is None:
        return None
    from django import forms

    from afterwards.notify.forms import PreferencesForm

    if not isinstance(value, dict):
        raise Unreadable(REMINDERS_UNREADABLE)
    data: dict[str, str] = {}
    for name, field in PreferencesForm.base_fields.items():
        given = value.get(name)
        if given is None:
            continue
        if isinstance(field, forms.BooleanField):
            fits = isinstance(given, bool)
        elif isinstance(field, forms.TypedChoiceField):
            fits = type(given) is int
        else:
            fits = isinstance(given, str)
        if not fits:
            raise Unreadable(REMINDERS_UNREADABLE)
        if given is not False:
            data[name] = "on" if given is True else str(given)
    form = PreferencesForm(data)
    if not form.is_valid():
        raise Unreadable(REMINDERS_UNREADABLE)
    return dict(form.cleaned_data)


def _items(entries: list[Any]) -> list[Item]:
    items: list[Item] = []
    seen: set[tuple[str, str]] = set()
    for number, entry in enumerate(entries, start=1):
        problem = f"Entry {number} of this file cannot be read, so nothing was saved."
        if not isinstance(entry, dict):
            raise Unreadable(problem)
        kind, index, content = entry.get("kind"), entry.get("index"), entry.get("content")
        if not isinstance(kind, str) or not isinstance(content, dict):
            raise Unreadable(problem)
        if kind not in kinds.OWN:
            named = f" ({kind[:40]})" if kind[:40].isprintable() else ""
            raise Unreadable(
                f"Entry {number} is of a kind this server does not know{named}, so "
                "nothing was saved. The file may come from a newer Afterwards."
            )
        # The index must be the one the content itself names (a check-in's day), or an
        # edited file could file one day's words under another day.
        if index is not None and not isinstance(index, str):
            raise Unreadable(problem)
        try:
            fits = index == kinds.index_of(kind, content) and _content_fits(kind, content)
            if fits:
                _text_within_pages(content)
        except Beyond as beyond:
            raise Unreadable(
                f"Entry {number} of this file, {_entry_words(kind, index)}, {beyond.words}. "
                "Nothing was saved."
            ) from None
        if not fits:
            raise Unreadable(problem)
        if index is not None:
            if (kind, index) in seen:
                raise Unreadable(f"Entry {number} repeats an earlier one, so nothing was saved.")
            seen.add((kind, index))
        items.append(Item(kind=kind, index=index, content=content))
    return items


class Beyond(Exception):
    """Content that reads well but goes past what its page takes (a note longer than the
    check-in page's), in words that name it: "has a note 10,001 characters long, where
    the page takes up to 10,000"."""

    def __init__(self, words: str) -> None:
        super().__init__(words)
        self.words = words


def _text_at_most(value: str, most: int, what: str) -> None:
    if len(value) > most:
        raise Beyond(
            f"has {what} {len(value):,} characters long, where the page takes up to {most:,}"
        )


def _count_at_most(values: list[Any] | dict[str, Any], most: int, what: str) -> None:
    if len(values) > most:
        raise Beyond(f"has {len(values):,} {what}, where the page takes up to {most:,}")


def _text_within_pages(content: dict[str, Any]) -> None:
    """Every text in an entry, its keys too, as a page could have taken it: no longer than
    the longest any page takes (a check-in's note), with no null character (Django's
    forms refuse one) and no half of a UTF-16 pair (JSON can write one, UTF-8 cannot, so
    the page showing it could not be sent). Reached only past the kind's own reader,
    which names the fields it knows."""
    from afterwards.journal.checkin import NOTE_MAX

    stack: list[Any] = [content]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            _text_at_most(value, NOTE_MAX, "words")
            if "\x00" in value or not _utf8(value):
                raise Beyond("holds a character that no page here takes")


def _utf8(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _entry_words(kind: str, index: str | None) -> str:
    """An entry as the person would name it, for the words refusing it."""
    from afterwards.journal import checkin

    if kind == checkin.KIND:
        return f"the check-in of {index}"
    return ENTRY_WORDS.get(kind, "one of your settings")


# What each kind with words of the person's own is, in their words (a check-in by its day).
ENTRY_WORDS = {
    "custom_symptoms": "your own symptom words",
    "about_loss": "About your loss",
    "wellbeing_result": "a questionnaire's answers",
    "wellbeing_schedule": "how often questionnaires come",
    "readiness": "your readiness answers",
    "hard_dates": "your hard dates",
    "question_answer": "an answer to a question for the two of you",
    "question_settings": "how often questions for the two of you come",
    "therapist_list": "your list for your therapist",
    "nudge_received": "a nudge you were sent",
}


def _content_fits(kind: str, content: dict[str, Any]) -> bool:
    """Whether the pages, and the reminders set up after an import, can read this content
    back: each kind is read here by its own reader (its from_content, or what its pages
    call), and what that reader would pass on must be of the kind its page writes (a
    hand-edited file could hold anything), within the limits its page's form sets (Beyond
    names one gone past). readers() has one for every kind kinds.OWN lists
    (tests/portability/test_kinds.py)."""
    reader = readers().get(kind)
    try:
        return reader is not None and reader(content)
    except (AttributeError, KeyError, TypeError, ValueError, OverflowError):
        return False


Reader = Callable[[dict[str, Any]], bool]


@cache
def readers() -> dict[str, Reader]:
    """kind -> whether content of that kind reads back as its pages read it."""
    from afterwards.accounts import profile
    from afterwards.body import services as body
    from afterwards.couple import kinds as couple
    from afterwards.couple import therapist
    from afterwards.couple.nudges import SETTINGS as NUDGE_SETTINGS
    from afterwards.couple.questions.answers import SETTINGS as QUESTION_SETTINGS
    from afterwards.dates.services import KIND as HARD_DATES
    from afterwards.journal import checkin
    from afterwards.journal.services import CUSTOM_KIND, SETTINGS_KIND
    from afterwards.loss.about import KIND as ABOUT_LOSS
    from afterwards.wellbeing.services import RESULT_KIND, SCHEDULE_KIND

    return {
        checkin.KIND: _checkin_fits,
        CUSTOM_KIND: _custom_symptoms_fit,
        profile.KIND: _profile_fits,
        ABOUT_LOSS: _about_loss_fits,
        RESULT_KIND: _result_fits,
        SCHEDULE_KIND: _schedule_fits,
        body.KIND: _cycle_marks_fit,
        couple.SHARE_DEFAULTS: _share_defaults_fit,
        NUDGE_SETTINGS: _nudge_settings_fit,
        couple.READINESS: _readiness_fits,
        HARD_DATES: _hard_dates_fit,
        SETTINGS_KIND: _checkin_settings_fit,
        couple.QUESTION_ANSWER: _question_answer_fits,
        QUESTION_SETTINGS: _question_settings_fit,
        therapist.KIND: _therapist_list_fits,
        couple.NUDGE_RECEIVED: _nudge_received_fits,
    }


def _words(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(words, str) for words in value)


def _chosen(value: Any, choices: Iterable[str]) -> bool:
    """A list of the page's own choices, each once (as its ticks give them)."""
    return _words(value) and len(set(value)) == len(value) and set(value) <= set(choices)


def _optional(content: dict[str, Any], key: str, kind: type) -> bool:
    """Absent, null, or a value of this type (a bool is not taken for an int)."""
    value = content.get(key)
    if value is None:
        return True
    if kind is int and isinstance(value, bool):
        return False
    return isinstance(value, kind)


def _in_range(day: date | None, *, last_year: int = 2200) -> bool:
    """A day the pages' date fields take (from 1900; the hard dates page to 2200): the
    far ends of the calendar overflow the sums made with them."""
    return day is None or 1900 <= day.year <= last_year


def _come(day: date | None) -> bool:
    """Not a day that has yet to come, as the check-in and About your loss pages ask, with
    a day to spare: the file may come from a server whose day began before this one's."""
    from django.utils import timezone

    return day is None or day <= timezone.localdate() + timedelta(days=1)


def _checkin_fits(content: dict[str, Any]) -> bool:
    """A check-in needs its day (as the page writes it, the one its address and index
    hold), each answer one the page itself could have given, and no more words than the
    page takes (journal/checkin.py's limits, which its form uses)."""
    from afterwards.journal import checkin

    day = checkin.CheckIn.from_content(content)
    steps = (
        *(getattr(day, scale) for scale in checkin.SCALES),
        day.during,
        day.afterwards,
    )
    share = content.get("share")
    fits = (
        content["day"] == day.day.isoformat()
        and _in_range(day.day)
        and _come(day.day)
        and all(value is None or (type(value) is int and 1 <= value <= 5) for value in steps)
        and (day.pain is None or (type(day.pain) is int and 0 <= day.pain <= checkin.PAIN_MAX))
        and day.bleeding in (None, *checkin.BLEEDING)
        and day.intimacy in (None, *checkin.INTIMACY)
        and isinstance(day.note, str)
        and _chosen(day.symptoms, checkin.SYMPTOMS)
        and _words(day.custom_symptoms)
        # a list of the parts shared, or (schema 2) yes or no for the whole day
        and (share is None or isinstance(share, bool) or _chosen(share, checkin.SHARE_SECTIONS))
        and isinstance(day.share_with, str)
    )
    if fits:
        _text_at_most(day.note, checkin.NOTE_MAX, "a note")
        _own_symptoms_at_most(day.custom_symptoms, checkin.CUSTOM_SYMPTOMS_MAX)
    return fits


def _own_symptoms_at_most(symptoms: list[str], most: int) -> None:
    from afterwards.journal.checkin import CUSTOM_SYMPTOM_MAX

    _count_at_most(symptoms, most, "symptoms in your own words")
    for words in symptoms:
        _text_at_most(words, CUSTOM_SYMPTOM_MAX, "a symptom in your own words")


def _custom_symptoms_fit(content: dict[str, Any]) -> bool:
    """The words the journal offers again: a list of them (it iterates over it), as many
    as it keeps."""
    from afterwards.journal.services import CUSTOM_REMEMBERED_MAX

    symptoms = content.get("symptoms", [])
    if not _words(symptoms):
        return False
    _own_symptoms_at_most(symptoms, CUSTOM_REMEMBERED_MAX)
    return True


def _profile_fits(content: dict[str, Any]) -> bool:
    """Read on every page (the country for help lines, the neutral look): a country the
    settings page offers."""
    from afterwards.accounts.forms import ProfileForm
    from afterwards.accounts.profile import Profile

    Profile.from_content(content)
    country = content.get("country") or ""
    offered = ProfileForm().fields["country"].choices  # type: ignore[attr-defined]
    return (
        _optional(content, "country", str)
        and country in {code for code, _ in offered}
        and _optional(content, "neutral_look", bool)
    )


def _about_loss_fits(content: dict[str, Any]) -> bool:
    """About your loss, whose dates the hard dates' reminders follow: its page's words
    for what happened, a loss that has come, and a name no longer than its form takes."""
    from django import forms

    from afterwards.loss.about import KINDS, PREGNANT, AboutLoss
    from afterwards.loss.forms import AboutLossForm

    about = AboutLoss.from_content(content)
    fits = (
        _optional(content, "kind", str)
        and (content.get("kind") or "") in ("", *KINDS)
        and _optional(content, "pregnant", str)
        and (content.get("pregnant") or "") in ("", *PREGNANT)
        and _optional(content, "name", str)
        and _in_range(about.loss_date, last_year=9000)
        and _come(about.loss_date)
        and _in_range(about.due_date, last_year=9000)
    )
    if fits:
        name = AboutLossForm.base_fields["name"]
        assert isinstance(name, forms.CharField) and name.max_length is not None
        _text_at_most(about.name, name.max_length, "a name")
    return fits


def _schedule_fits(content: dict[str, Any]) -> bool:
    """Days between questionnaires, each one of the page's choices (0 is off)."""
    from afterwards.wellbeing.services import SCHEDULE_CHOICES

    every = content.get("every", {})
    return isinstance(every, dict) and all(
        type(days) is int and days in SCHEDULE_CHOICES for days in every.values()
    )


def _result_fits(content: dict[str, Any]) -> bool:
    """A questionnaire result as the wellbeing pages and its reminder read it: an id the
    questionnaires' files could have (letters, digits and _), whole numbers for answers,
    no more of them than the questionnaire has items (or than the longest offered here,
    for one that is not), when it was taken (with its time zone), and the difficulty
    answer as an index of that question's options."""
    from afterwards.wellbeing.catalogue import instruments

    answers = content.get("answers", {})
    for number, value in answers.items():
        int(number)
        if type(value) is not int:
            return False
    taken = datetime.fromisoformat(content["taken"])
    difficulty = content.get("difficulty")
    instrument = content["instrument"]
    fits = (
        isinstance(instrument, str)
        and _INSTRUMENT.fullmatch(instrument) is not None
        and taken.tzinfo is not None
        and _in_range(taken.date())
        and (difficulty is None or (type(difficulty) is int and difficulty >= 0))
        and _optional(content, "share", bool)
        and _optional(content, "safety_positive", bool)
    )
    if fits:
        offered = instruments()
        known = offered.get(instrument)
        items = [known] if known else list(offered.values())
        _count_at_most(answers, max(len(each.items) for each in items), "answers")
    return fits


# An instrument's id, as the questionnaires' files must have it (wellbeing/instrument.py).
_INSTRUMENT = re.compile(r"[A-Za-z0-9_]{1,64}")


def _cycle_marks_fit(content: dict[str, Any]) -> bool:
    """Answers to "was this a period?": lists of days (its reader drops any other)."""
    from afterwards.body.services import CycleMarks

    CycleMarks.from_content(content)
    days = [content.get(key, []) for key in ("periods", "not_periods", "unsure", "excluded")]
    return all(
        _words(listed) and all(_in_range(date.fromisoformat(day)) for day in listed)
        for listed in days
    ) and _optional(content, "fertile_window", bool)


def _share_defaults_fit(content: dict[str, Any]) -> bool:
    """The parts of a new day that start ticked: the page's own parts."""
    from afterwards.couple.checkins import share_defaults_read
    from afterwards.journal.checkin import SHARE_SECTIONS

    share_defaults_read(content)
    return _chosen(content.get("sections", []), SHARE_SECTIONS)


def _nudge_settings_fit(content: dict[str, Any]) -> bool:
    return _optional(content, "receive", bool)


def _checkin_settings_fit(content: dict[str, Any]) -> bool:
    """Whether the body section is the person's: yes, no, or not said (null)."""
    return _optional(content, "body", bool)


def _readiness_fits(content: dict[str, Any]) -> bool:
    """One's own yes / maybe / not yet, for the space it names (read only in that space):
    each answer one of the page's three, to an item the page lists or one of one's own,
    and no more items of one's own, nor longer words, than its form takes."""
    from afterwards.couple import readiness

    couple = content["couple"]
    readiness.Readiness.from_content(content, couple=couple)
    answers = content.get("answers") or {}
    own = content.get("own_items") or []
    hidden = content.get("hidden") or []
    fits = (
        isinstance(couple, str)
        and _optional(content, "answers", dict)
        and _optional(content, "own_items", list)
        and _optional(content, "hidden", list)
        and all(
            (item in readiness.ITEMS or readiness.OWN_ID.match(item)) and level in readiness.LEVELS
            for item, level in answers.items()
        )
        and all(isinstance(each, dict) for each in own)
        and all(
            isinstance(each.get("id"), str) and readiness.OWN_ID.match(each["id"]) for each in own
        )
        and all(
            isinstance(words, str) and words and readiness.words_clean(words) == words
            for words in (each.get("words") for each in own)
        )
        and _words(hidden)
        and all(readiness.OWN_ID.match(item) for item in hidden)
    )
    if fits:
        _count_at_most(own, readiness.OWN_ITEMS_MAX, "items of your own")
        for each in own:
            _text_at_most(each["words"], readiness.OWN_WORDS_MAX, "an item of your own")
    return fits


# A date's id is in its page's address, and a heads-up's alarm id is the schedule row's
# (at most 64 characters): both are what secrets.token_urlsafe writes.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _hard_dates_fit(content: dict[str, Any]) -> bool:
    """Hard dates as their page reads them: each of the person's own with words no longer
    than its form takes, a day the page takes and an id its address can hold; each
    heads-up 1 to 28 days before (the page's own range) and, if on, the alarm id its
    schedule row is kept under (one the content does not hold would be a new one at every
    reading). The import gives each date and heads-up new ids (services.export_import),
    then sets their reminders up at once."""
    from afterwards.dates.forms import LABEL_LENGTH
    from afterwards.dates.services import HardDates
    from afterwards.notify.alarms import LONGEST_BEFORE_DAYS

    own = content.get("own", [])
    if not isinstance(own, list):
        return False
    dates = HardDates.from_content(content)
    heads_ups = [content.get("loss"), content.get("due"), *(each.get("heads_up") for each in own)]
    given = [each for each in heads_ups if each is not None]
    if not all(isinstance(each, dict) for each in given):
        return False
    alarms = [each.get("alarm") for each in given if each.get("on") or "alarm" in each]
    own_ids = [each.id for each in dates.own]
    before = range(1, LONGEST_BEFORE_DAYS + 1)
    fits = (
        all(isinstance(each.get("label"), str) and each["label"].strip() for each in own)
        and all(_optional(each, "yearly", bool) for each in own)
        and all(_in_range(each.day) for each in dates.own)
        and all(_TOKEN.fullmatch(own_id) for own_id in own_ids)
        and len(set(own_ids)) == len(own_ids)
        and all(_optional(each, "on", bool) for each in given)
        and all(_optional(each, "days_before", int) for each in given)
        and all(each.days_before in before for each in (dates.loss, dates.due))
        and all(each.heads_up.days_before in before for each in dates.own)
        and all(_optional(each, "partner_space", str) for each in given)
        and all(isinstance(alarm, str) and _TOKEN.fullmatch(alarm) for alarm in alarms)
        and len(set(alarms)) == len(alarms)
    )
    if fits:
        for each in dates.own:
            _text_at_most(each.label, LABEL_LENGTH, "a date's words")
    return fits


def _space(value: Any) -> bool:
    """A space's id as the couple pages write it (a UUID in its usual form)."""
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _question_answer_fits(content: dict[str, Any]) -> bool:
    """An answer to a question for the two of you, as the question's page keeps it: the
    space and the day it names (its index), a question id the library's shape, the words
    as that page cleans them and no longer than it takes, a prepared reply it offers
    (or none) and whether it is hidden from one's own list."""
    from afterwards.couple.questions import answers

    text = content.get("text")
    if not isinstance(text, str) or not text or answers.text_clean(text) != text:
        return False
    _text_at_most(text, answers.ANSWER_MAX, "an answer")
    answer = answers.Answer.from_content(content)
    return (
        answer is not None
        and _space(content.get("couple"))
        and content.get("day") == answer.day.isoformat()
        and _in_range(answer.day)
        and _come(answer.day)
        and isinstance(content.get("question"), str)
        and _TOKEN.fullmatch(content["question"]) is not None
        and content.get("reply", "") in ("", *answers.REPLIES)
        and _optional(content, "hidden", bool)
    )


def _question_settings_fit(content: dict[str, Any]) -> bool:
    """How often questions come, the themes opted into (the page's own, each once), and
    the questions skipped in the last week (a space and a day each, at most a week's)."""
    from afterwards.couple.questions import answers
    from afterwards.couple.questions.library import library

    answers.Settings.from_content(content)
    skipped = content.get("skipped", [])
    fits = (
        content.get("rhythm", answers.RHYTHM_DEFAULT) in answers.RHYTHMS
        and _chosen(content.get("themes", []), {theme.id for theme in library().opt_in_themes})
        and isinstance(skipped, list)
        and all(isinstance(pair, list) and len(pair) == 2 for pair in skipped)
        and all(
            _space(couple) and isinstance(day, str) and _in_range(date.fromisoformat(day))
            for couple, day in skipped
        )
    )
    if fits:
        _count_at_most(skipped, answers.OPEN_DAYS, "questions skipped")
    return fits


def _therapist_list_fits(content: dict[str, Any]) -> bool:
    """The list for a therapist as its page keeps it: items with ids of the page's shape,
    each once; each either words as its form cleans them, no longer than it takes, or a
    question the two answered (its id and its day); no more items than the list holds."""
    from afterwards.couple import therapist

    items = content.get("items", [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return False
    ids = [item.get("id") for item in items]
    words = [item["words"] for item in items if "words" in item]
    asked = [item for item in items if "words" not in item]
    fits = (
        all(isinstance(each, str) and _item_id(each, therapist.ITEM_ID_LENGTH) for each in ids)
        and len(set(ids)) == len(ids)
        and all(
            isinstance(each, str) and each and therapist.words_clean(each) == each for each in words
        )
        and all(
            set(item) == {"id", "question", "day"}
            and isinstance(item["question"], str)
            and _TOKEN.fullmatch(item["question"]) is not None
            and isinstance(item["day"], str)
            and _in_range(date.fromisoformat(item["day"]))
            and _come(date.fromisoformat(item["day"]))
            for item in asked
        )
        and all(set(item) == {"id", "words"} for item in items if "words" in item)
    )
    if fits:
        _count_at_most(items, therapist.ITEMS_MAX, "items on the list")
        for each in words:
            _text_at_most(each, therapist.WORDS_MAX, "an item")
    return fits


def _item_id(value: str, length: int) -> bool:
    """A list item's id as couple/therapist.py makes it: `length` hexadecimal digits."""
    return len(value) == length and all(c in "0123456789abcdef" for c in value)


def _nudge_received_fits(content: dict[str, Any]) -> bool:
    """The nudge the person was last shown, to answer: its space and a prepared nudge."""
    from afterwards.couple.nudges import MESSAGES

    return _space(content.get("couple")) and content.get("message") in MESSAGES
