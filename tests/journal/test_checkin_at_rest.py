"""Everything the check-in asks is sealed at rest: a full day written through the page
(and its "afterwards" added later) leaves no answer readable in the database files."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from afterwards.vault.models import Entry
from tests.conftest import create_account
from tests.security.test_nothing_readable_at_rest import PG_DUMP, hits

pytestmark = pytest.mark.django_db(transaction=True)


def _stored_bytes() -> bytes:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        database = Path(db["NAME"])
        assert database.is_file(), f"tests must use a real file, not {database}"
        files = [database, Path(f"{database}-wal"), Path(f"{database}-journal")]
        return b"".join(path.read_bytes() for path in files if path.exists())
    if not shutil.which(PG_DUMP):
        pytest.fail(f"{PG_DUMP} is needed to prove what PostgreSQL stores")
    command = [PG_DUMP, "--no-owner", "--no-privileges", "--dbname", str(db["NAME"])]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [option, str(db[key])]
    env = dict(os.environ, PGPASSWORD=str(db.get("PASSWORD") or ""))
    result = subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def test_a_whole_check_in_is_unreadable_at_rest():
    username = f"wren{secrets.token_hex(3)}"
    create_account(username)
    client = Client()
    client.post("/login/", {"username": username, "passphrase": "quiet river under morning light"})
    symptom = f"SymptomCanary{secrets.token_hex(6)}"
    note = f"NoteCanary{secrets.token_hex(6)}"
    day = "2026-03-27"
    response = client.post(
        f"/journal/day/{day}/",
        {
            "mood": "2",
            "grief": "5",
            "anxiety": "4",
            "energy": "1",
            "sleep": "1",
            "bleeding": "heavy",
            "pain": "9",
            "symptoms": ["shoulder_tip_pain", "dizziness"],
            "new_symptoms": symptom,
            "intimacy": "closeness",
            "during": "2",
            "afterwards": "1",
            "note": note,
        },
    )
    assert response.status_code == 302
    # What was written opens again for its owner, or the search below proves nothing.
    page = client.get(f"/journal/day/{day}/").content.decode()
    assert symptom in page and note in page
    assert Entry.objects.filter(owner__username=username, kind="custom_symptoms").exists()

    stored = _stored_bytes()
    assert username.encode() in stored, "positive control: the user name is in clear by design"
    secrets_ = {
        "own symptom": symptom,
        "note": note,
        "the day": day,
        "bleeding": '"bleeding":"heavy"',
        "symptoms": "shoulder_tip_pain",
        "intimacy": '"intimacy":"closeness"',
        "afterwards": '"afterwards":1',
        "share": '"share":[',
        "schema": '"schema":3',
        "remembered": '"symptoms":["SymptomCanary',
    }
    assert hits(stored, secrets_) == []
