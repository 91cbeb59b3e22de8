"""entry_seal_new: the entry entry_put would insert, sealed but not saved, for a caller
that inserts many at once (an import's bulk_create)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from afterwards.vault import services
from afterwards.vault.models import Entry

pytestmark = pytest.mark.django_db

CONTENT = {"day": "2025-03-14", "note": "the scan was on a Tuesday"}


def _seal_new(person, *, kind: str = "checkin", index_value: str | None = "2025-03-14"):  # type: ignore[no-untyped-def]
    return services.entry_seal_new(
        owner=person.user, keys=person.keys, kind=kind, index_value=index_value, content=CONTENT
    )


def test_a_new_entry_is_sealed_without_touching_the_database(owner):
    with CaptureQueriesContext(connection) as queries:
        entry = _seal_new(owner)

    assert len(queries) == 0
    assert not Entry.objects.owned_by(owner.user).exists()
    assert entry.owner_id == owner.user.pk and entry.kind == "checkin"
    assert b"Tuesday" not in bytes(entry.blob)


def test_once_inserted_it_is_found_and_opened_like_one_entry_put_made(owner):
    Entry.objects.bulk_create([_seal_new(owner)])

    found = services.entry_find(
        owner=owner.user, keys=owner.keys, kind="checkin", index_value="2025-03-14"
    )

    assert found == CONTENT


def test_entry_put_of_the_same_day_afterwards_reseals_it_instead_of_adding_one(owner):
    inserted = _seal_new(owner)
    inserted.save(force_insert=True)

    again = services.entry_put(
        owner=owner.user,
        keys=owner.keys,
        kind="checkin",
        index_value="2025-03-14",
        content={"day": "2025-03-14", "mood": 4},
    )

    assert again.pk == inserted.pk
    assert Entry.objects.owned_by(owner.user).count() == 1
    assert services.entry_open(Entry.objects.get(pk=again.pk), owner.keys)["mood"] == 4


def test_the_index_is_the_blind_index_entry_put_files_it_under(owner):
    put = services.entry_put(
        owner=owner.user, keys=owner.keys, kind="profile", index_value="profile", content={}
    )

    assert bytes(_seal_new(owner, kind="profile", index_value="profile").index) == bytes(put.index)


def test_an_entry_without_an_index_value_has_no_index(owner):
    assert _seal_new(owner, kind="wellbeing_result", index_value=None).index is None


def test_each_new_entry_has_its_own_id_and_entry_key(owner):
    first, second = _seal_new(owner), _seal_new(owner)

    assert first.id != second.id
    assert bytes(first.owner_wrap) != bytes(second.owner_wrap)
    assert services.entry_open(first, owner.keys) == services.entry_open(second, owner.keys)
