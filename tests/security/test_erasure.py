"""Deleting an account erases it from the database files, not only from the tables."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from afterwards.accounts.models import User
from afterwards.vault.models import Entry, Keyring
from tests.security.conftest import confirm_code_kept, signup

PASSPHRASE = "Lantern over a quiet harbour"


def _stored_bytes() -> bytes:
    database = Path(connection.settings_dict["NAME"])
    return b"".join(
        path.read_bytes()
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-journal"))
        if path.exists()
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite files exist only on SQLite")
def test_deleted_account_leaves_no_trace_in_the_sqlite_files(transactional_db):
    username = f"heron{secrets.token_hex(4)}"
    client = Client()
    signup(client, username, PASSPHRASE)
    confirm_code_kept(client)
    client.post("/journal/day/2026-01-02/", {"mood": "3", "note": "by the river"})
    wrapped_key = bytes(Keyring.objects.get(user__username=username).uk_by_passphrase)
    blob = bytes(Entry.objects.get(owner__username=username).blob)
    assert username.encode() in _stored_bytes(), "positive control: the name is stored in clear"

    response = client.post("/account/delete/", {"passphrase": PASSPHRASE, "confirm": "on"})

    assert response.status_code == 200
    assert not User.objects.filter(username=username).exists()
    stored = _stored_bytes()
    assert username.encode() not in stored
    assert wrapped_key not in stored
    assert blob not in stored
