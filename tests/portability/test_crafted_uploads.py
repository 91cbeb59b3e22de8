"""Crafted files posted to the real upload pages: each is refused with status 400 and the
page's own words beside the field, and nothing is saved. Never a server error: deep
nesting, numbers Python will not read, characters no page takes, a sealed file cut
short, a drip field past the csv module's limit (test_readers_fuzz.py draws many more)."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from afterwards.notify.models import Alarm
from afterwards.portability import document
from afterwards.vault.models import Entry
from tests.portability.cheap_age import sealed

pytestmark = pytest.mark.django_db

PHRASE = "lantern moss and slow tide"
NOT_AN_EXPORT = document.NOT_AN_EXPORT
NOT_DRIP = "This does not look like drip's export"


def _export(content: bytes = b'{"day": "2026-03-02", "mood": 3}') -> bytes:
    return (
        b'{"format": "afterwards-export", "schema_version": 1, "entries": '
        b'[{"kind": "checkin", "index": "2026-03-02", "content": ' + content + b"}]}"
    )


def _bring_in(person, data: bytes, phrase: str = ""):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("export.json", data)
    return person.client.post(
        "/your-data/import/", {"bring-file": upload, "bring-file_passphrase": phrase}
    )


def _drip(person, data: bytes):  # type: ignore[no-untyped-def]
    return person.client.post("/your-data/drip/", {"drip-file": SimpleUploadedFile("d.csv", data)})


def _beside(response, field: str) -> str:  # type: ignore[no-untyped-def]
    found = re.search(rf'<p class="error" id="id_{field}_error">([^<]*)</p>', response.text)
    assert found is not None, f"no words beside {field}"
    return html.unescape(found.group(1))


def _nothing_saved(person) -> None:  # type: ignore[no-untyped-def]
    assert not Entry.objects.owned_by(person.user).exists()
    assert not Alarm.objects.filter(user=person.user).exists()


UNTAKEN = (
    "Entry 1 of this file, the check-in of 2026-03-02, holds a character that no page here "
    "takes. Nothing was saved."
)
EXPORTS = [
    (b"[" * 100_000 + b"]" * 100_000, NOT_AN_EXPORT, "nesting past Python's recursion"),
    (
        _export(b'{"day": "2026-03-02", "x": ' + b"[" * 40 + b"]" * 40 + b"}"),
        NOT_AN_EXPORT,
        "nesting",
    ),
    (_export(b'{"day": "2026-03-02", "mood": ' + b"9" * 5000 + b"}"), NOT_AN_EXPORT, "5000 digits"),
    (_export(b'{"day": "2026-03-02", "mood": ' + b"9" * 30 + b"}"), NOT_AN_EXPORT, "30 digits"),
    (_export(b'{"day": "2026-03-02", "mood": NaN}'), NOT_AN_EXPORT, "NaN"),
    (_export(b'{"day": "2026-03-02", "pain": -Infinity}'), NOT_AN_EXPORT, "Infinity"),
    (_export(b'{"day": "2026-03-02", "mood": 1e999}'), NOT_AN_EXPORT, "a float past its range"),
    (b"\xef\xbb\xbf\xff\xfe{}", NOT_AN_EXPORT, "not UTF-8 after a byte order mark"),
    (b"\x00" * 64, NOT_AN_EXPORT, "null bytes"),
    (
        b'{"format": "afterwards-export", "schema_version": 1, "entries": "'
        + b"x" * 500_000
        + b'"}',
        NOT_AN_EXPORT,
        "a long line",
    ),
    (document.ZIP_HEADER + b"not a zip at all", "This is the CSV export", "a zip that is not one"),
    (_export(b'{"day": "2026-03-02", "note": "a\\u0000b"}'), UNTAKEN, "a null character"),
    (_export(b'{"day": "2026-03-02", "note": "\\ud800"}'), UNTAKEN, "half a UTF-16 pair"),
    (
        b'{"format": "afterwards-export", "schema_version": "' + b"9" * 50_000 + b'"}',
        "This file is in another version of the export format",
        "a long version",
    ),
    (
        b'{"format": "afterwards-export", "schema_version": 1, "entries": '
        b'[{"kind": "\\u0000\\u202e", "index": null, "content": {}}]}',
        "Entry 1 is of a kind this server does not know, so nothing was saved.",
        "a kind no page could show",
    ),
]


@pytest.mark.parametrize(
    ("data", "words"), [(d, w) for d, w, _ in EXPORTS], ids=[name for _, _, name in EXPORTS]
)
def test_a_crafted_export_is_refused_in_the_pages_own_words(owner, data, words):
    response = _bring_in(owner, data)

    assert response.status_code == 400
    assert _beside(response, "bring-file").startswith(words)
    _nothing_saved(owner)


def test_an_export_after_a_byte_order_mark_comes_in(owner):
    response = _bring_in(owner, "\ufeff".encode() + _export())

    assert response.status_code == 302
    assert Entry.objects.owned_by(owner.user).of_kind("checkin").count() == 1


WRONG_PASSPHRASE = "That passphrase does not open this file."


@pytest.mark.parametrize(
    ("cut", "phrase", "field", "words"),
    [
        (-3, PHRASE, "bring-file_passphrase", WRONG_PASSPHRASE),
        (60, PHRASE, "bring-file", NOT_AN_EXPORT),
        (None, "not the passphrase", "bring-file_passphrase", WRONG_PASSPHRASE),
    ],
    ids=["cut short", "cut in its header", "another passphrase"],
)
def test_a_sealed_file_cut_short_or_opened_with_another_passphrase_is_refused_calmly(
    owner, cut, phrase, field, words
):
    response = _bring_in(owner, sealed(_export(), PHRASE)[:cut], phrase)

    assert response.status_code == 400
    assert _beside(response, field).startswith(words)
    _nothing_saved(owner)


DRIPS = [
    (
        b'date,bleeding.value\n2026-03-01,"' + b"x" * 140_000 + b'"\n',
        "Line 2 cannot be read as drip writes it, so nothing was saved.",
        "a field past the csv module's limit",
    ),
    (b"date,bleeding.value\n2026-03-01,\x003\n", "This file holds a character drip", "NUL"),
    (
        b"date,bleeding.value," + b"c," * 10_000 + b"\n2026-03-01,3\n",
        "The first line of this file is longer than drip writes one",
        "a header ten thousand columns wide",
    ),
    (b"date,bleeding.value\n1899-03-01,3\n", "Line 2 has a date before 1900", "before 1900"),
    (b"\xef\xbb\xbf\xff\xfe", NOT_DRIP, "not UTF-8 after a byte order mark"),
    (b"date,bleeding.value\n2026-03-01,\xe2\x80\xae3\n", "Line 2 has a bleeding value", "RLO"),
]


@pytest.mark.parametrize(
    ("data", "words"), [(d, w) for d, w, _ in DRIPS], ids=[name for _, _, name in DRIPS]
)
def test_a_crafted_drip_file_is_refused_in_the_pages_own_words(owner, data, words):
    response = _drip(owner, data)

    assert response.status_code == 400
    assert _beside(response, "drip-file").startswith(words)
    _nothing_saved(owner)


def test_a_drip_row_far_wider_than_its_header_is_read_for_its_two_columns(owner, time_machine):
    time_machine.move_to("2026-03-28 12:00", tick=False)
    data = b"\xef\xbb\xbfdate,bleeding.value\r\n2026-03-01,3," + b"," * 1_000_000 + b"\r\n"

    response = _drip(owner, data)

    assert response.status_code == 302
    assert Entry.objects.owned_by(owner.user).of_kind("checkin").count() == 1
