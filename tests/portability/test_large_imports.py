"""A long export comes in without holding the database for long: at most
document.ENTRIES_MAX entries, all sealed before the transaction, which only inserts."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from afterwards.accounts import profile
from afterwards.journal import services as journal
from afterwards.portability import document, services
from afterwards.vault.models import Entry

pytestmark = pytest.mark.django_db

FIRST = date(1996, 1, 1)


def _days(count: int) -> list[dict[str, object]]:
    days = [(FIRST + timedelta(days=n)).isoformat() for n in range(count)]
    return [{"kind": "checkin", "index": day, "content": {"day": day, "mood": 3}} for day in days]


def _file(entries: list[dict[str, object]]) -> bytes:
    return json.dumps(
        {"format": "afterwards-export", "schema_version": 1, "entries": entries}
    ).encode()


def _bring_in(person, data: bytes):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("export.json", data)
    return person.client.post("/your-data/import/", {"bring-file": upload})


def test_a_file_with_more_entries_than_the_cap_is_refused_before_anything_is_sealed(owner):
    response = _bring_in(owner, _file(_days(document.ENTRIES_MAX + 1)))

    assert response.status_code == 400
    beside = re.search(r'<p class="error" id="id_bring-file_error">([^<]*)</p>', response.text)
    assert beside is not None
    assert html.unescape(beside.group(1)) == (
        "This file holds 12,001 entries, more than this server brings in at once (12,000), "
        "so nothing was saved. Please check it is the right one."
    )
    assert not Entry.objects.owned_by(owner.user).exists()


def test_the_cap_holds_thirty_years_of_days_with_a_questionnaire_every_fortnight():
    thirty_years = (date(2056, 1, 1) - date(2026, 1, 1)).days
    assert thirty_years + thirty_years // 14 + 12 <= document.ENTRIES_MAX


def test_a_file_at_the_cap_comes_in_whole(owner, monkeypatch):
    monkeypatch.setattr(document, "ENTRIES_MAX", 40)

    assert _bring_in(owner, _file(_days(41))).status_code == 400
    assert _bring_in(owner, _file(_days(40))).status_code == 302
    assert Entry.objects.owned_by(owner.user).of_kind("checkin").count() == 40


def test_the_import_takes_a_handful_of_queries_however_long_the_file(owner):
    items = document.read(_file(_days(1500)))

    with CaptureQueriesContext(connection) as queries:
        services.export_import(owner=owner.user, keys=owner.keys, items=items)

    assert len(queries) < 30, len(queries)
    assert len(journal.checkins_all(owner=owner.user, keys=owner.keys)) == 1500


def test_a_setting_the_fresh_account_already_holds_is_replaced_not_repeated(owner):
    profile.profile_save(owner=owner.user, keys=owner.keys, profile=profile.Profile(country="FR"))
    entries = [
        *_days(3),
        {"kind": "profile", "index": "profile", "content": {"country": "GB"}},
    ]

    assert _bring_in(owner, _file(entries)).status_code == 302

    assert Entry.objects.owned_by(owner.user).of_kind(profile.KIND).count() == 1
    assert profile.profile_get(owner=owner.user, keys=owner.keys).country == "GB"


def test_the_import_seals_through_the_vaults_public_functions_only():
    """Sealing belongs to the vault: portability reaches no private part of it."""
    source = "\n".join(path.read_text() for path in Path(services.__file__).parent.glob("*.py"))

    private = r"\bvault\._|\bsealing\.|import sealing|\bcrypto\.(seal|unseal)"
    assert re.search(private, source) is None
