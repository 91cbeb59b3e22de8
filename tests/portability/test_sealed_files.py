"""Sealed files cost scrypt: a header asking for too much is refused unread, and sealing
and opening wait for one of the vault's memory-hard slots like any key derivation."""

from __future__ import annotations

import base64
import html
import os
import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from afterwards.portability import document
from afterwards.vault import crypto
from afterwards.vault.models import Entry

FILE_PASSPHRASE = "lantern moss and slow tide"


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def crafted(work_factor: bytes) -> bytes:
    """A sealed file as age lays it out, asking for 2^work_factor scrypt: no scrypt was
    run to make it, and none may be run to refuse it."""
    return (
        b"age-encryption.org/v1\n"
        b"-> scrypt " + _b64(os.urandom(16)) + b" " + work_factor + b"\n"
        + _b64(os.urandom(32)) + b"\n"
        b"--- " + _b64(os.urandom(32)) + b"\n"
        + os.urandom(200)
    )  # fmt: skip


@pytest.fixture
def no_scrypt(monkeypatch):  # type: ignore[no-untyped-def]
    def refuse(*args: object) -> bytes:
        raise AssertionError("scrypt ran on a file that should have been refused unread")

    monkeypatch.setattr(document.passphrase, "decrypt", refuse)


@pytest.mark.django_db
def test_a_file_asking_for_more_scrypt_work_than_an_export_is_refused_beside_the_file(
    owner, no_scrypt
):
    upload = SimpleUploadedFile("export.json.age", crafted(b"23"))

    response = owner.client.post(
        "/your-data/import/", {"bring-file": upload, "bring-file_passphrase": FILE_PASSPHRASE}
    )

    assert response.status_code == 400
    beside = re.search(r'<p class="error" id="id_bring-file_error">([^<]*)</p>', response.text)
    assert beside is not None
    assert "would take this server too long to open" in html.unescape(beside.group(1))
    assert not Entry.objects.owned_by(owner.user).exists()


@pytest.mark.parametrize("factor", [b"21", b"23", b"63"])
def test_every_work_factor_above_the_limit_is_refused_before_any_scrypt(no_scrypt, factor):
    with pytest.raises(document.Unreadable) as refused:
        document.read(crafted(factor), phrase=FILE_PASSPHRASE)

    assert refused.value.message == document.TOO_MUCH_WORK
    assert refused.value.field == "file"


@pytest.mark.parametrize(
    "factor", [b"023", b"2 3", b"x", b"", b"123"], ids=["zero first", "two", "text", "none", "3"]
)
def test_a_work_factor_age_would_not_write_is_not_read_as_an_export(no_scrypt, factor):
    with pytest.raises(document.Unreadable) as refused:
        document.read(crafted(factor), phrase=FILE_PASSPHRASE)

    assert refused.value.message == document.NOT_AN_EXPORT


def test_a_header_with_no_end_is_not_read_as_an_export(no_scrypt):
    endless = b"age-encryption.org/v1\n-> scrypt c2FsdA 18\n" + b"A" * 10_000

    with pytest.raises(document.Unreadable, match="not an Afterwards export"):
        document.read(endless, phrase=FILE_PASSPHRASE)


def test_the_limit_itself_is_opened(monkeypatch):
    opened = []
    monkeypatch.setattr(
        document.passphrase, "decrypt", lambda data, phrase: opened.append(data) or b"{}"
    )

    with pytest.raises(document.Unreadable, match="not an Afterwards export"):
        document.read(crafted(str(document.SCRYPT_LOG_N_MAX).encode()), phrase=FILE_PASSPHRASE)
    assert len(opened) == 1


def test_a_file_sealed_here_asks_for_no_more_than_the_limit():
    factors = document.scrypt_work_factors(document.sealed(b"{}", FILE_PASSPHRASE))

    assert len(factors) == 1
    assert 10 <= factors[0] <= document.SCRYPT_LOG_N_MAX


@pytest.fixture
def one_slot(monkeypatch):  # type: ignore[no-untyped-def]
    """The vault's bound on memory-hard work, at one slot."""
    monkeypatch.setattr(crypto, "_kdf_slots", threading.BoundedSemaphore(1))


def _slot_taken() -> bool:
    free = crypto.kdf_slot().acquire(blocking=False)
    if free:
        crypto.kdf_slot().release()
    return not free


def test_sealing_and_opening_hold_the_vaults_own_slot_while_scrypt_runs(monkeypatch, one_slot):
    seen = []
    encrypt, decrypt = document.passphrase.encrypt, document.passphrase.decrypt

    def watched(real):  # type: ignore[no-untyped-def]
        def run(*args: object) -> bytes:
            seen.append(_slot_taken())
            return real(*args)  # type: ignore[no-any-return]

        return run

    monkeypatch.setattr(document.passphrase, "encrypt", watched(encrypt))
    monkeypatch.setattr(document.passphrase, "decrypt", watched(decrypt))

    data = document.sealed(b'{"format": "afterwards-export"}', FILE_PASSPHRASE)
    with pytest.raises(document.Unreadable):
        document.read(data, phrase=FILE_PASSPHRASE)  # opened, then found to hold no export

    assert seen == [True, True]
    assert not _slot_taken()


def test_opening_waits_while_every_slot_is_taken(monkeypatch, one_slot):
    monkeypatch.setattr(document.passphrase, "decrypt", lambda data, phrase: b"[]")
    finished = threading.Event()

    def bring_in() -> None:
        try:
            document.read(crafted(b"18"), phrase=FILE_PASSPHRASE)
        except document.Unreadable:
            finished.set()

    crypto.kdf_slot().acquire()  # a login's key derivation holds the only slot
    worker = threading.Thread(target=bring_in)
    worker.start()
    try:
        assert not finished.wait(0.3)
    finally:
        crypto.kdf_slot().release()
    worker.join(5)
    assert finished.is_set()
