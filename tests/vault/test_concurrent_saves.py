"""Two saves of the same new day at once (a double tap on Save) end as one entry, and a
save made from an older reading of an entry does not overwrite a newer one."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from afterwards.vault.models import Entry
from afterwards.vault.services import (
    VERSION_NONE,
    EntryChanged,
    entry_find,
    entry_put,
    entry_version,
)
from tests.conftest import make_person


def test_two_saves_of_one_new_day_at_once_make_one_entry(transactional_db):
    person = make_person("robin")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def save(note: str) -> None:
        try:
            barrier.wait(timeout=10)
            entry_put(
                owner=person.user,
                keys=person.keys,
                kind="checkin",
                index_value="2026-01-02",
                content={"note": note},
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(note,)) for note in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Entry.objects.filter(owner=person.user, kind="checkin").count() == 1
    assert connection.vendor in {"sqlite", "postgresql"}


def _put(person, content, expected_version=None):  # type: ignore[no-untyped-def]
    return entry_put(
        owner=person.user,
        keys=person.keys,
        kind="checkin",
        index_value="2026-01-02",
        content=content,
        expected_version=expected_version,
    )


def _found(person):  # type: ignore[no-untyped-def]
    return entry_find(owner=person.user, keys=person.keys, kind="checkin", index_value="2026-01-02")


def test_a_save_from_an_older_reading_is_stopped_and_writes_nothing(db):
    person = make_person("robin")
    read = entry_version(person.keys, _put(person, {"note": "first"}))
    _put(person, {"note": "from the phone"})

    with pytest.raises(EntryChanged) as stopped:
        _put(person, {"note": "from the laptop"}, expected_version=read)

    assert stopped.value.content == {"note": "from the phone"}
    assert stopped.value.version == entry_version(person.keys, Entry.objects.get(owner=person.user))
    assert _found(person) == {"note": "from the phone"}


def test_a_save_from_the_current_reading_writes_and_changes_the_version(db):
    person = make_person("robin")
    entry = _put(person, {"note": "first"})
    read = entry_version(person.keys, entry)

    saved = _put(person, {"note": "second"}, expected_version=read)

    assert _found(person) == {"note": "second"}
    assert entry_version(person.keys, saved) != read


def test_an_entry_made_since_a_reading_of_none_is_a_change(db):
    person = make_person("robin")
    _put(person, {"note": "from the phone"})

    with pytest.raises(EntryChanged):
        _put(person, {"note": "from the laptop"}, expected_version=VERSION_NONE)


def test_the_same_content_again_is_never_a_change(db):
    person = make_person("robin")
    _put(person, {"note": "once"}, expected_version=VERSION_NONE)

    _put(person, {"note": "once"}, expected_version=VERSION_NONE)

    assert _found(person) == {"note": "once"}


def test_a_version_is_keyed_by_the_owner(db):
    """Without the person's keys a version cannot be matched with a row's blob."""
    robin, sam = make_person("robin"), make_person("sam")
    entry = _put(robin, {"note": "words"})

    assert entry_version(robin.keys, entry) != entry_version(sam.keys, entry)


def test_two_saves_from_one_reading_at_once_one_is_stopped(transactional_db):
    """The check and the write are under one lock: two devices saving a page opened on
    the same version at the same moment cannot both win."""
    person = make_person("robin")
    read = entry_version(person.keys, _put(person, {"note": "first"}))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(note: str) -> None:
        try:
            barrier.wait(timeout=10)
            _put(person, {"note": note}, expected_version=read)
            outcomes.append("saved")
        except EntryChanged:
            outcomes.append("stopped")
        except BaseException as error:  # noqa: BLE001 - reported below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(note,)) for note in ("phone", "laptop")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["saved", "stopped"]
