"""Uploads to the import pages stay in memory, never in a temporary file in clear, and
one larger than 20 MB is dropped as it arrives, with the calm words beside the field."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta

import pytest
from django.core.files import uploadhandler
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.test import Client

from afterwards.journal import services as journal
from afterwards.portability import forms
from afterwards.portability.uploads import MemoryOnlyUpload
from afterwards.vault.models import Entry

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def temporary_files(monkeypatch):  # type: ignore[no-untyped-def]
    """Every temporary upload file Django makes while the test runs, by its path."""
    made: list[str] = []

    class Recorded(TemporaryUploadedFile):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, **kwargs)
            made.append(self.temporary_file_path())

    monkeypatch.setattr(uploadhandler, "TemporaryUploadedFile", Recorded)
    return made


def _error(response, field: str) -> str:  # type: ignore[no-untyped-def]
    beside = re.search(rf'<p class="error" id="id_{field}_error">([^<]*)</p>', response.text)
    assert beside is not None, f"no error beside {field}"
    return html.unescape(beside.group(1))


@pytest.mark.parametrize(
    ("path", "field"), [("/your-data/import/", "bring-file"), ("/your-data/drip/", "drip-file")]
)
def test_a_21_mb_upload_gets_the_calm_words_and_never_touches_the_disk(
    owner, temporary_files, path, field
):
    upload = SimpleUploadedFile("export.json", b"x" * (21 * MB))

    response = owner.client.post(path, {field: upload})

    assert response.status_code == 400
    assert _error(response, field) == forms.TOO_LARGE
    assert temporary_files == []
    assert not Entry.objects.owned_by(owner.user).exists()


def test_an_export_larger_than_djangos_memory_threshold_comes_in_from_memory(
    owner, temporary_files, settings
):
    first = date(2020, 1, 1)
    entries = []
    for n in range(1500):
        day = (first + timedelta(days=n)).isoformat()
        content = {"day": day, "note": "a long walk by the river " * 80}
        entries.append({"kind": "checkin", "index": day, "content": content})
    data = json.dumps(
        {"format": "afterwards-export", "schema_version": 1, "entries": entries}
    ).encode()
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE < len(data) < forms.FILE_MAX_BYTES

    response = owner.client.post(
        "/your-data/import/", {"bring-file": SimpleUploadedFile("export.json", data)}
    )

    assert response.status_code == 302
    assert temporary_files == []
    assert len(journal.checkins_all(owner=owner.user, keys=owner.keys)) == 1500


def test_the_pages_still_refuse_a_post_from_another_site(owner):
    forged = Client(enforce_csrf_checks=True)
    forged.cookies = owner.client.cookies
    upload = SimpleUploadedFile("export.json", b"{}")

    for path, field in (("/your-data/import/", "bring-file"), ("/your-data/drip/", "drip-file")):
        assert forged.post(path, {field: upload}).status_code == 403


def test_the_handler_drops_a_file_as_soon_as_it_passes_the_limit():
    handler = MemoryOnlyUpload(limit=10)
    handler.new_file("file", "a.json", "application/json", None)
    handler.receive_data_chunk(b"12345", 0)
    held = handler.file

    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"678901", 5)

    assert handler.too_large
    assert held.closed


def test_the_limit_counts_every_file_of_the_request_together():
    handler = MemoryOnlyUpload(limit=10)
    handler.new_file("file", "a.json", "application/json", None)
    handler.receive_data_chunk(b"123456", 0)
    first = handler.file_complete(6)
    handler.new_file("other", "b.json", "application/json", None)

    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"123456", 0)

    assert first.read() == b"123456"
