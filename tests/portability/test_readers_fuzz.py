"""Whatever bytes are uploaded, the readers of an export file and of drip's CSV either read
them or refuse them in their own calm words (document.Unreadable, drip.NotDrip): never
any other error, which the page would turn into a server error.

Hypothesis draws raw bytes, export-shaped files with every kind's keys holding anything
JSON can (deep nesting, huge and non-finite numbers, half a UTF-16 pair, null
characters), the same files damaged on the way (cut short, a byte changed, a byte order
mark), files sealed with age and then damaged, and CSV text of drip's shape with quotes,
carriage returns and fields past the csv module's limit. Plain Python: no database.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterwards.portability import document, drip, kinds
from tests.portability.cheap_age import sealed

FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PHRASE = "lantern moss and slow tide"

# The keys each kind's content holds, so that drawn content reaches its reader's checks.
KEYS = sorted(
    {
        *("day", "schema", "mood", "grief", "anxiety", "energy", "sleep", "bleeding", "pain"),
        *("symptoms", "custom_symptoms", "intimacy", "during", "afterwards", "note", "share"),
        *("share_with", "country", "neutral_look", "kind", "loss_date", "due_date", "name"),
        *("instrument", "taken", "answers", "difficulty", "safety_positive", "every"),
        *("periods", "not_periods", "unsure", "excluded", "fertile_window", "sections"),
        *("receive", "couple", "own_items", "hidden", "own", "loss", "due", "label", "id"),
        *("yearly", "heads_up", "on", "days_before", "partner_space", "alarm", "words"),
    }
)
# Values the pages write, and their near misses.
WORDS = [
    *("2026-03-02", "2026-02-30", "0001-01-01", "9999-12-31", "2026W101", "2200-01-01"),
    *("2026-03-20T09:30:00+00:00", "2026-03-20T09:30:00", "phq9", "gad7", "held", "yes"),
    *("maybe", "not_yet", "own-0123456789ab", "GB", "heavy", "mood", "note", "cramps"),
    *("closeness", "ectopic", "c2Nhbi1kYXktMQ", "a/b", "", " ", "\x00", "\ud800", "\ufeff"),
    *("hard_dates", "schedule", "profile", "about_loss", "custom_symptoms", "Europe/London"),
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(WORDS)
    | st.integers(min_value=0, max_value=12_000).map(lambda n: "x" * n)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=16,
)
contents = st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), values, max_size=7)


@st.composite
def entries(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(sorted(kinds.OWN)) | st.text(max_size=8))
    content = draw(contents | values)
    try:
        named: Any = kinds.index_of(kind, content)  # the right index, most of the time
    except (KeyError, AttributeError, TypeError):
        named = None
    index = draw(st.just(named) | values)
    entry = {"kind": kind, "index": index, "content": content}
    return draw(st.just(entry) | values)


reminders = st.dictionaries(
    st.sampled_from(["checkin_on", "hour", "time_zone", "email", "by_email", "quiet_to"]),
    values,
    max_size=4,
)


@st.composite
def export_documents(draw: st.DrawFn) -> Any:
    doc: dict[str, Any] = {
        "format": draw(st.just(document.FORMAT) | values),
        "schema_version": draw(st.just(document.SCHEMA_VERSION) | values),
        "entries": draw(st.lists(entries(), max_size=4) | values),
    }
    if draw(st.booleans()):
        doc[document.REMINDERS] = draw(reminders | values)
    return draw(st.just(doc) | values)


def _as_bytes(value: Any) -> bytes:
    # allow_nan writes NaN and Infinity, as a hand-made file could; a lone surrogate is
    # written as its \ud800 escape, which JSON allows.
    return json.dumps(value, allow_nan=True).encode()


@st.composite
def damaged(draw: st.DrawFn, whole: bytes) -> bytes:
    """The bytes as they are, cut short, with a byte changed, or after a byte order mark."""
    how = draw(st.sampled_from(["whole", "cut", "changed", "bom", "inserted"]))
    if how == "whole" or not whole:
        return whole
    at = draw(st.integers(min_value=0, max_value=len(whole) - 1))
    if how == "cut":
        return whole[:at]
    if how == "changed":
        return whole[:at] + bytes([draw(st.integers(0, 255))]) + whole[at + 1 :]
    if how == "inserted":
        return whole[:at] + draw(st.binary(min_size=1, max_size=8)) + whole[at:]
    return "\ufeff".encode() + whole


nesting = st.integers(min_value=1, max_value=4000).map(
    lambda depth: (
        b'{"format": "afterwards-export", "schema_version": 1, "entries": [{"kind": '
        b'"checkin", "index": "2026-03-02", "content": {"day": "2026-03-02", "x": '
        + b"[" * depth
        + b"]" * depth
        + b"}}]}"
    )
)
numbers = st.sampled_from([b"NaN", b"Infinity", b"-Infinity", b"1e999", b"-1e999", b"1e-999"]) | (
    st.integers(min_value=1, max_value=6000).map(lambda digits: b"9" * digits)
)
with_number = numbers.map(
    lambda number: (
        b'{"format": "afterwards-export", "schema_version": 1, "entries": [{"kind": '
        b'"checkin", "index": "2026-03-02", "content": {"day": "2026-03-02", "mood": '
        + number
        + b"}}]}"
    )
)
export_files = (
    st.binary(max_size=300)
    | nesting
    | with_number
    | export_documents().map(_as_bytes).flatmap(damaged)
    | st.builds(lambda tail: document.AGE_HEADER + tail, st.binary(max_size=200))
    | st.builds(lambda tail: document.ZIP_HEADER + tail, st.binary(max_size=50))
)


def _calm(words: str) -> None:
    """Words a person can read: short, and with no character a page could not show."""
    assert isinstance(words, str)
    assert 0 < len(words) < 500
    assert words.isprintable()


def _read_or_refused(data: bytes, phrase: str = "") -> None:
    try:
        contents = document.read_contents(data, phrase=phrase)
    except document.Unreadable as refused:
        _calm(refused.message)
        assert refused.field in ("file", "file_passphrase")
    else:
        assert isinstance(contents, document.Contents)
        assert all(item.kind in kinds.OWN for item in contents.items)


@FUZZ
@given(export_files)
def test_any_upload_is_read_or_refused_in_the_pages_own_words(data):
    _read_or_refused(data)


@FUZZ
@given(export_documents())
def test_any_export_shaped_file_is_read_or_refused_in_the_pages_own_words(value):
    _read_or_refused(_as_bytes(value))


@pytest.fixture(scope="module")
def sealed_export() -> bytes:
    value = {
        "format": "afterwards-export",
        "schema_version": 1,
        "entries": [
            {"kind": "checkin", "index": "2026-03-02", "content": {"day": "2026-03-02", "mood": 3}}
        ],
    }
    return sealed(_as_bytes(value), PHRASE)


@settings(FUZZ, max_examples=60)
@given(data=st.data(), phrase=st.sampled_from([PHRASE, "not the one", ""]))
def test_a_sealed_file_damaged_or_opened_with_another_passphrase_is_refused_calmly(
    sealed_export, data, phrase
):
    _read_or_refused(data.draw(damaged(sealed_export)), phrase=phrase)


def test_the_cheap_sealed_file_opens_whole():
    """The fuzz test's sealed file is a real one: the import reads it."""
    value = {"format": "afterwards-export", "schema_version": 1, "entries": []}

    assert document.read(sealed(_as_bytes(value), PHRASE), phrase=PHRASE) == []


HEADER = "date,temperature.value,bleeding.value,bleeding.exclude,note.value"
cells = (
    st.sampled_from(["", "0", "1", "2", "3", "4", "2026-03-02", "2026-02-30", "0001-01-01"])
    | st.sampled_from(['"', '""', "\r", "\n", "\x00", "\ufeff", ",", '"a\nb"', "é"])
    | st.text(max_size=6)
    | st.integers(min_value=0, max_value=140_000).map(lambda n: '"' + "x" * n + '"')
)
rows = st.lists(cells, max_size=6).map(",".join)
drip_text = st.builds(
    lambda header, body, newline: header + newline + newline.join(body),
    st.just(HEADER) | st.text(max_size=30) | rows,
    st.lists(rows, max_size=8),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
drip_files = st.binary(max_size=300) | drip_text.map(
    lambda text: text.encode("utf-8", "surrogatepass")
).flatmap(damaged)


@FUZZ
@given(drip_files)
def test_any_upload_is_read_as_drip_or_refused_in_the_pages_own_words(data):
    try:
        days = drip.bleeding_days(data)
    except drip.NotDrip as refused:
        _calm(str(refused))
    else:
        assert all(isinstance(day, date) and day.year >= 1900 for day in days)
        assert set(days.values()) <= set(drip.LEVELS.values())
