"""Wellbeing results and schedules never reach the disk in any readable form.

The pattern of tests/security/test_nothing_readable_at_rest.py: a person takes two
questionnaires and chooses a schedule through the real pages, and the stored bytes are
searched, plain and encoded, for what the sealed content holds. The canary is a
host-added instrument with a random id, which appears nowhere but inside the sealed
results; the answers' own JSON is searched for too.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from django.db import connection

from afterwards.vault.models import Entry
from afterwards.wellbeing import services
from tests.conftest import make_person
from tests.security.test_nothing_readable_at_rest import _session_text, hits
from tests.wellbeing.conftest import FIXTURES


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite files exist only on SQLite")
def test_results_and_schedules_are_not_readable_in_the_database_files(
    transactional_db, settings, tmp_path: Path
):
    canary = f"canary{secrets.token_hex(8)}"
    text = (FIXTURES / "pgs_shaped.toml").read_text().replace('"pgs_shaped"', f'"{canary}"')
    (tmp_path / f"{canary}.toml").write_text(text)
    settings.WELLBEING_INSTRUMENTS_DIR = str(tmp_path)
    person = make_person(f"wren{secrets.token_hex(3)}")

    phq9 = {n: (n * 7) % 4 for n in range(1, 10)}
    response = person.client.post(
        "/wellbeing/phq9/", {f"item_{n}": str(v) for n, v in phq9.items()} | {"difficulty": "2"}
    )
    assert response.status_code == 302
    response = person.client.post(
        f"/wellbeing/{canary}/", {f"item_{n}": str(1 + n % 5) for n in range(1, 34)}
    )
    assert response.status_code == 302
    response = person.client.post(
        "/wellbeing/schedule/", {"phq9": "14", "gad7": "28", "pcl5": "0", canary: "28"}
    )
    assert response.status_code == 302
    # What was written opens again for its owner, or the search below would prove nothing.
    results = services.results_for(owner=person.user, keys=person.keys)
    assert {result.instrument_id for result in results} == {"phq9", canary}
    assert Entry.objects.filter(owner=person.user).count() == 3

    answers_json = json.dumps({str(n): v for n, v in phq9.items()}, separators=(",", ":"))
    secrets_ = {
        "host instrument id": canary,
        "phq9 answers": answers_json,
        "an instrument named in a result": '"instrument":"phq9"',
        "a schedule": '"phq9":14',
        "a result's fields": '"difficulty":2',
    }
    database = Path(connection.settings_dict["NAME"])
    files = [database, Path(f"{database}-wal"), Path(f"{database}-journal")]
    stored = b"".join(path.read_bytes() for path in files if path.exists())
    assert person.user.username.encode() in stored, "positive control: the user name is in clear"
    assert hits(stored, secrets_) == []
    assert hits(_session_text(), secrets_) == []
