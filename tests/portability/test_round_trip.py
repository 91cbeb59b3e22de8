"""Export everything, bring it into a fresh account: the same entries, the same days."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from pyrage import passphrase

from afterwards.vault.models import Entry
from tests.conftest import make_person
from tests.portability.conftest import DAYS, export_of, vault_contents, write_a_journal

pytestmark = pytest.mark.django_db

FILE_PASSPHRASE = "lantern moss and slow tide"


def _bring_in(person, data: bytes, name: str = "export.json", file_passphrase: str = ""):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return person.client.post(
        "/your-data/import/", {"bring-file": upload, "bring-file_passphrase": file_passphrase}
    )


def test_an_export_brought_into_a_fresh_account_on_another_server_holds_the_same_entries(owner):
    write_a_journal(owner)

    response = export_of(owner)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith('attachment; filename="export-')
    exported = response.content
    document = json.loads(exported)
    assert document["format"] == "afterwards-export"
    assert document["schema_version"] == 1
    assert document["username"] == "robin"
    days = [e["index"] for e in document["entries"] if e["kind"] == "checkin"]
    assert days == [f"2026-03-{n:02d}" for n in range(1, DAYS + 1)]
    # Another server: another SECRET_KEY. Nothing in the file depends on the first one's.
    with override_settings(SECRET_KEY="another server's own secret, nothing like the first"):
        newcomer = make_person("wren")
        response = _bring_in(newcomer, exported)
        assert response.status_code == 302
        assert response["Location"] == "/your-data/"
        assert vault_contents(newcomer) == vault_contents(owner)
        page = newcomer.client.get("/journal/?month=2026-03")
        for n in range(1, DAYS + 1):
            assert f"Day {n}: a walk by the river, «tea», and a few words." in page.text
        # The wellbeing page shows the one result brought in.
        assert "GAD-7" in newcomer.client.get("/wellbeing/").text
    # Each entry was sealed anew under the newcomer's keys: no blob is shared.
    theirs = {bytes(e.blob) for e in Entry.objects.owned_by(owner.user)}
    mine = {bytes(e.blob) for e in Entry.objects.owned_by(newcomer.user)}
    assert theirs.isdisjoint(mine)


def _main(page: str) -> str:
    """The page's own content, without the chrome (its form tokens differ per session)."""
    return page[page.index("<main") : page.index("</main>")]


def test_the_same_days_show_on_both_accounts_calendars(owner):
    write_a_journal(owner)
    newcomer = make_person("wren")

    newcomer.client.get(_bring_in(newcomer, export_of(owner).content)["Location"])

    mine = _main(owner.client.get("/journal/?month=2026-03").text)
    theirs = _main(newcomer.client.get("/journal/?month=2026-03").text)
    assert "Day 10" in mine
    assert theirs == mine


def test_a_sealed_export_opens_with_age_alone_and_comes_back_in(owner):
    write_a_journal(owner)

    response = export_of(owner, seal=FILE_PASSPHRASE, seal_again=FILE_PASSPHRASE)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].endswith('.json.age"')
    assert b"river" not in response.content
    # Any age tool opens it with the passphrase: no server secret is needed.
    opened = json.loads(passphrase.decrypt(response.content, FILE_PASSPHRASE))
    assert opened["format"] == "afterwards-export"
    newcomer = make_person("wren")
    assert (
        _bring_in(newcomer, response.content, "export.json.age", FILE_PASSPHRASE).status_code == 302
    )
    assert vault_contents(newcomer) == vault_contents(owner)


def test_the_message_after_bringing_in_says_how_many_entries_came(owner):
    write_a_journal(owner)
    newcomer = make_person("wren")

    response = newcomer.client.get(_bring_in(newcomer, export_of(owner).content)["Location"])

    count = Entry.objects.owned_by(newcomer.user).count()
    assert f"Brought in {count} entries, sealed with your keys." in response.text
