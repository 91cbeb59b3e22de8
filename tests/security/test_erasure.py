"""Deleting an account erases it from the database files, not only from the tables."""

from __future__ import annotations

import re
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


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite files exist only on SQLite")
def test_deleting_an_account_erases_every_answer_shared_between_the_two(transactional_db):
    """Both answered a question for the two of them: one deletes their account, and no
    answer of either (the two own answers, the two copies) is left in the files."""
    from afterwards.couple import membership
    from afterwards.couple.kinds import QUESTION_ANSWER, QUESTION_COPY

    clients = {}
    for name in (f"heron{secrets.token_hex(4)}", f"wren{secrets.token_hex(4)}"):
        clients[name] = Client()
        signup(clients[name], name, PASSPHRASE)
        confirm_code_kept(clients[name])
    leaving, staying = clients
    new = membership.invitation_create(inviter=User.objects.get(username=leaving))
    membership.invitation_accept(
        invitation=new.invitation, acceptor=User.objects.get(username=staying)
    )
    for name, words in ((leaving, "by the river"), (staying, "under the bridge")):
        page = clients[name].get("/together/questions/?ask=today").content.decode()
        day, question = re.search(
            r'action="/together/questions/(\d{4}-\d\d-\d\d)/".*?name="question" value="([^"]+)"',
            page,
            re.DOTALL,
        ).groups()
        response = clients[name].post(
            f"/together/questions/{day}/", {"question": question, "text": words}
        )
        assert response.status_code == 302
    kinds = (QUESTION_ANSWER, QUESTION_COPY)
    blobs = [
        bytes(blob) for blob in Entry.objects.filter(kind__in=kinds).values_list("blob", flat=True)
    ]
    assert len(blobs) == 4
    assert all(blob in _stored_bytes() for blob in blobs), "positive control: stored before"
    assert (
        "under the bridge" in clients[leaving].get(f"/together/questions/{day}/").content.decode()
    )

    response = clients[leaving].post(
        "/account/delete/", {"passphrase": PASSPHRASE, "confirm": "on"}
    )

    assert response.status_code == 200
    assert not Entry.objects.filter(kind__in=kinds).exists()
    stored = _stored_bytes()
    assert all(blob not in stored for blob in blobs)
    assert clients[staying].get("/together/questions/").status_code == 302
