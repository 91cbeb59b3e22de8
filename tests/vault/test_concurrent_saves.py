"""Two saves of the same new day at once (a double tap on Save) end as one entry."""

from __future__ import annotations

import threading

from django.db import connection, connections

from afterwards.vault.models import Entry
from afterwards.vault.services import entry_put
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
