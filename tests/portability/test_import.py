"""Bringing an export in: refused whole, with the reason beside the field, or taken whole."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from afterwards.portability import forms
from afterwards.vault.models import Entry
from tests.conftest import make_person
from tests.portability.conftest import export_of, write_a_journal

pytestmark = pytest.mark.django_db

FILE_PASSPHRASE = "lantern moss and slow tide"


def _bring_in(person, data: bytes, file_passphrase: str = ""):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("export.json", data)
    return person.client.post(
        "/your-data/import/", {"bring-file": upload, "bring-file_passphrase": file_passphrase}
    )


def _document(**changes) -> bytes:  # type: ignore[no-untyped-def]
    document = {
        "format": "afterwards-export",
        "schema_version": 1,
        "exported_at": "2026-03-28T10:00:00+00:00",
        "username": "robin",
        "entries": [
            {"kind": "checkin", "index": "2026-03-02", "content": {"day": "2026-03-02", "mood": 3}}
        ],
    }
    document.update(changes)
    return json.dumps(document).encode()


def _refused(response, words: str, field: str = "file") -> None:  # type: ignore[no-untyped-def]
    """Refused with status 400, the words beside the field they are about."""
    assert response.status_code == 400
    beside = re.search(rf'<p class="error" id="id_bring-{field}_error">([^<]*)</p>', response.text)
    assert beside is not None, f"no error beside {field}"
    assert words in html.unescape(beside.group(1))


def test_a_hand_written_export_comes_in(owner):
    response = _bring_in(owner, _document())

    assert response.status_code == 302
    assert "Okay" in owner.client.get("/journal/day/2026-03-02/").text


NOT_AN_EXPORT = "This file is not an Afterwards export that can be read here."


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "This file is empty. Please choose another."),
        (b"not json at all", NOT_AN_EXPORT),
        (b"\xff\xfe\x00garbage", NOT_AN_EXPORT),
        (b"[1, 2, 3]", NOT_AN_EXPORT),
        (_document(format="something else"), NOT_AN_EXPORT),
        (_document(entries="none"), NOT_AN_EXPORT),
        (_document(entries=[["checkin"]]), "Entry 1 of this file cannot be read"),
    ],
    ids=["empty", "text", "binary", "a list", "another format", "no list", "not an entry"],
)
def test_a_file_that_is_not_an_export_is_refused_and_nothing_is_saved(owner, data, words):
    response = _bring_in(owner, data)

    _refused(response, words)
    assert not Entry.objects.owned_by(owner.user).exists()


def test_an_unknown_schema_version_is_refused_by_name(owner):
    response = _bring_in(owner, _document(schema_version=2))

    _refused(response, "in version 2 of the export format, and this server reads version 1")
    assert not Entry.objects.owned_by(owner.user).exists()


def test_an_unknown_kind_is_refused_and_nothing_of_the_file_is_saved(owner):
    entries = [
        {"kind": "checkin", "index": "2026-03-02", "content": {"day": "2026-03-02"}},
        {"kind": "shared_checkin", "index": "2026-03-02", "content": {"day": "2026-03-02"}},
    ]

    response = _bring_in(owner, _document(entries=entries))

    _refused(response, "Entry 2 is of a kind this server does not know (shared_checkin)")
    assert not Entry.objects.owned_by(owner.user).exists()


def test_a_day_filed_under_another_day_is_refused(owner):
    entries = [{"kind": "checkin", "index": "2026-03-09", "content": {"day": "2026-03-02"}}]

    response = _bring_in(owner, _document(entries=entries))

    _refused(response, "Entry 1 of this file cannot be read, so nothing was saved.")


def test_a_check_in_without_a_readable_day_is_refused(owner):
    entries = [{"kind": "checkin", "index": "someday", "content": {"day": "someday"}}]

    _refused(_bring_in(owner, _document(entries=entries)), "Entry 1 of this file cannot be read")


@pytest.mark.parametrize(
    "answer",
    [{"mood": 9}, {"mood": "3"}, {"pain": 11}, {"bleeding": "lots"}, {"symptoms": "cramps"}],
    ids=["mood out of range", "mood as text", "pain out of range", "unknown bleeding", "a string"],
)
def test_an_answer_the_page_could_not_have_given_is_refused(owner, answer):
    content = {"day": "2026-03-02", **answer}
    entries = [{"kind": "checkin", "index": "2026-03-02", "content": content}]

    _refused(_bring_in(owner, _document(entries=entries)), "Entry 1 of this file cannot be read")
    assert not Entry.objects.owned_by(owner.user).exists()


def test_the_same_day_twice_is_refused(owner):
    day = {"kind": "checkin", "index": "2026-03-02", "content": {"day": "2026-03-02"}}

    _refused(_bring_in(owner, _document(entries=[day, day])), "Entry 2 repeats an earlier one")


def test_an_account_with_check_ins_is_left_as_it_is_and_told_why(owner):
    owner.client.post("/journal/day/2026-03-20/", {"mood": "2", "note": "my own day"})
    before = sorted(bytes(e.blob) for e in Entry.objects.owned_by(owner.user))

    response = _bring_in(owner, _document())

    _refused(response, "Bringing in an export is for a fresh start, so nothing is merged")
    assert sorted(bytes(e.blob) for e in Entry.objects.owned_by(owner.user)) == before


def test_bringing_the_same_file_in_twice_is_refused_the_second_time(owner):
    assert _bring_in(owner, _document()).status_code == 302
    count = Entry.objects.owned_by(owner.user).count()

    _refused(_bring_in(owner, _document()), "fresh start")
    assert Entry.objects.owned_by(owner.user).count() == count


def test_a_sealed_file_asks_for_its_passphrase_beside_the_passphrase_field(owner):
    write_a_journal(owner)
    sealed = export_of(owner, seal=FILE_PASSPHRASE, seal_again=FILE_PASSPHRASE).content
    newcomer = make_person("wren")

    without = _bring_in(newcomer, sealed)
    wrong = _bring_in(newcomer, sealed, "a different passphrase")

    _refused(without, "This file is sealed with a passphrase.", "file_passphrase")
    _refused(wrong, "That passphrase does not open this file.", "file_passphrase")
    assert not Entry.objects.owned_by(newcomer.user).exists()


def test_the_csv_export_is_refused_with_a_pointer_to_the_json(owner):
    write_a_journal(owner)
    zipped = export_of(owner, format="csv").content
    newcomer = make_person("wren")

    _refused(_bring_in(newcomer, zipped), "This is the CSV export, made for spreadsheets.")


def test_a_file_over_the_limit_is_refused_calmly(owner, monkeypatch):
    monkeypatch.setattr(forms, "FILE_MAX_BYTES", 100)

    response = _bring_in(owner, _document(padding="x" * 200))

    _refused(response, "This file is larger than 20 MB")
    assert not Entry.objects.owned_by(owner.user).exists()


def test_no_file_at_all_is_asked_for(owner):
    response = owner.client.post("/your-data/import/", {})

    assert response.status_code == 400
    assert "Please choose a file." in response.text


def test_import_answers_only_post(owner):
    assert owner.client.get("/your-data/import/").status_code == 405
