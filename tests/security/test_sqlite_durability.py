"""On SQLite, a check-in that was saved stays saved, and writers queue instead of failing.

WAL lets readers go on while one writer writes; synchronous=FULL makes a commit survive
a power cut; IMMEDIATE transactions take the write lock at BEGIN, so two writers never
deadlock half-way; the busy timeout makes the second one wait rather than fail.
"""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection, transaction

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="these are SQLite's own settings"
)


def _pragma(name: str) -> object:
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_the_live_connection_uses_wal(db):
    assert str(_pragma("journal_mode")).lower() == "wal"


def test_the_live_connection_syncs_fully(db):
    assert _pragma("synchronous") == 2  # FULL


def test_the_live_connection_overwrites_what_is_deleted(db):
    assert _pragma("secure_delete") == 1


def test_the_live_connection_waits_when_busy(db):
    timeout = _pragma("busy_timeout")
    assert isinstance(timeout, int) and timeout >= 5000


def test_transactions_are_immediate(db):
    assert connection.settings_dict["OPTIONS"].get("transaction_mode") == "IMMEDIATE"
    assert connection.transaction_mode == "IMMEDIATE"


def test_an_immediate_transaction_holds_the_write_lock_from_the_start(transactional_db):
    """Proved from outside: while an atomic block has only read, another writer is
    already refused, so no two writers can both start and then collide."""
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()
