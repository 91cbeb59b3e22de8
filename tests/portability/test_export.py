"""The export page and its downloads: JSON, CSV, sealed, and what is asked first."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile

import pytest
from pyrage import passphrase

from afterwards.couple import membership
from afterwards.portability import kinds
from tests.conftest import make_person
from tests.portability.conftest import DAYS, export_of, write_a_journal

pytestmark = pytest.mark.django_db

FILE_PASSPHRASE = "lantern moss and slow tide"


def test_the_page_offers_export_import_drip_and_a_way_to_erase(owner):
    response = owner.client.get("/your-data/")

    assert response.status_code == 200
    assert "Take everything with you" in response.text
    assert 'enctype="multipart/form-data"' in response.text
    assert "drip" in response.text
    assert 'href="/account/delete/"' in response.text


def _backups_words(page: str) -> str:
    found = re.search(r"<p[^>]*>(The host's backups [^<]*)</p>", html.unescape(page))
    assert found is not None, "no words about backups"
    return found.group(1)


def test_the_page_says_what_backups_hold_in_the_delete_pages_own_words(owner):
    """Not "only sealed ciphertext": a backup holds the user name, reminder address and
    times in plain form, and what was shared opens with the partner's keys."""
    words = _backups_words(owner.client.get("/your-data/").text)

    assert words == _backups_words(owner.client.get("/account/delete/").text)
    assert "only sealed ciphertext" not in words
    assert "in plain form" in words and "opens with their keys" in words
    # every kind of row the threat model says is in clear at rest
    for plain in ("user name", "reminder address", "browsers", "heads-ups", "report link"):
        assert plain in words


def test_the_account_page_links_to_your_data(owner):
    assert 'href="/your-data/"' in owner.client.get("/account/").text


def test_the_csv_export_is_a_zip_of_one_table_per_kind_with_the_same_content(owner):
    write_a_journal(owner)
    whole = json.loads(export_of(owner).content)

    response = export_of(owner, format="csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.zip"')
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    kinds_in_file = {entry["kind"] for entry in whole["entries"]}
    assert set(archive.namelist()) == {f"{kind}.csv" for kind in kinds_in_file}
    rows = list(csv.DictReader(io.StringIO(archive.read("checkin.csv").decode("utf-8-sig"))))
    assert [row["index"] for row in rows] == [f"2026-03-{n:02d}" for n in range(1, DAYS + 1)]
    first = rows[0]
    assert first["note"] == "Day 1: a walk by the river, «tea», and a few words."
    assert first["mood"] == "1"
    assert first["bleeding"] == "heavy"
    assert json.loads(first["symptoms"]) == ["cramps"]
    assert rows[4]["bleeding"] == ""  # not answered that day
    # Every top-level value of every entry is in its table, as text or as JSON text (hard
    # dates, one row per date, are tested in test_csv_for_spreadsheets.py).
    for entry in whole["entries"]:
        data = archive.read(f"{entry['kind']}.csv").decode("utf-8-sig")
        table = list(csv.DictReader(io.StringIO(data)))
        assert any(
            all(
                row[key] == (value if isinstance(value, str) else json.dumps(value))
                or (value is None and row[key] == "")
                for key, value in entry["content"].items()
            )
            for row in table
        ), entry["kind"]


def test_a_sealed_csv_export_is_a_zip_inside_age(owner):
    write_a_journal(owner)

    response = export_of(owner, format="csv", seal=FILE_PASSPHRASE, seal_again=FILE_PASSPHRASE)

    assert response["Content-Disposition"].endswith('.zip.age"')
    opened = passphrase.decrypt(response.content, FILE_PASSPHRASE)
    assert "checkin.csv" in zipfile.ZipFile(io.BytesIO(opened)).namelist()


def test_the_export_leaves_out_copies_for_a_partner_and_the_pinned_key(owner, partner):
    new = membership.invitation_create(inviter=owner.user)
    membership.invitation_accept(invitation=new.invitation, acceptor=partner.user)
    owner.client.get("/together/")  # settling in pins the partner's key
    owner.client.post("/together/sharing/", {"sections": ["mood"]})
    owner.client.post("/journal/day/2026-03-02/", {"mood": "4", "share": ["mood"]})
    from afterwards.vault.models import Entry

    kinds_stored = set(Entry.objects.owned_by(owner.user).values_list("kind", flat=True))
    assert {"couple_pin", "shared_checkin"} <= kinds_stored, "positive control"

    document = json.loads(export_of(owner).content)

    exported = {entry["kind"] for entry in document["entries"]}
    assert "checkin" in exported
    assert exported.isdisjoint(kinds.LEFT_OUT)


def test_the_export_holds_only_the_persons_own_entries(owner, outsider):
    write_a_journal(outsider)
    owner.client.post("/journal/day/2026-03-02/", {"mood": "4", "note": "mine"})

    document = json.loads(export_of(owner).content)

    assert [entry["kind"] for entry in document["entries"]] == ["checkin"]
    assert document["entries"][0]["content"]["note"] == "mine"


def test_the_export_asks_for_the_persons_passphrase_first(owner):
    write_a_journal(owner)

    response = export_of(owner, passphrase="not my passphrase at all")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "That is not your passphrase." in response.text
    assert "river" not in response.text


def test_a_file_passphrase_must_be_typed_twice_the_same(owner):
    response = export_of(owner, seal=FILE_PASSPHRASE, seal_again="lantern moss and slow")

    assert response.status_code == 400
    assert "The two passphrases for the file are not the same." in response.text
    assert 'value="lantern' not in response.text  # passphrases are never shown back


def test_a_short_file_passphrase_is_refused_calmly(owner):
    response = export_of(owner, seal="short", seal_again="short")

    assert response.status_code == 400
    assert "Please use 10 characters or more, or leave it empty." in response.text


def test_export_answers_only_post(owner):
    assert owner.client.get("/your-data/export/").status_code == 405


def test_someone_logged_out_is_sent_to_log_in():
    person = make_person("wren")
    person.client.post("/logout/")

    response = person.client.post("/your-data/export/", {"export-format": "json"})

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
