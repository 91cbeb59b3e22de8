"""A damaged or truncated backup is called that, not a wrong passphrase: the key opens
the header, and what follows does not check out."""

from __future__ import annotations

import os
from pathlib import Path

import pyrage
import pytest
from pyrage import passphrase, x25519

from afterwards.host import agefile
from afterwards.host.backup import BackupError
from afterwards.host.restore import DAMAGED, unseal
from tests.host.conftest import BACKUP_PASSPHRASE, Host

# More than one of age's 64 KiB chunks, as any real backup is.
PLAIN = os.urandom(150_000)
WRONG = "That passphrase does not open this backup."


def _flipped(sealed: bytes, at: int) -> bytes:
    damaged = bytearray(sealed)
    damaged[at] ^= 0x01
    return bytes(damaged)


def _header_length(sealed: bytes) -> int:
    return sealed.index(b"\n", sealed.index(b"\n--- ") + 1) + 1


@pytest.fixture(scope="module")
def by_passphrase() -> bytes:
    return bytes(passphrase.encrypt(PLAIN, BACKUP_PASSPHRASE))


def test_restore_calls_a_truncated_backup_damaged_and_changes_nothing(
    host: Host, tmp_path: Path, by_passphrase: bytes
):
    cut = tmp_path / "cut-short.age"
    cut.write_bytes(by_passphrase[: len(by_passphrase) // 2])
    done = host.run("restore", str(cut))
    assert done.returncode != 0
    assert done.stderr.strip() == f"afterwards restore: {DAMAGED}"
    assert "damaged or truncated" in DAMAGED
    assert not host.database.exists()


def _unseal_with_passphrase(sealed: bytes, secret: str, tmp_path: Path) -> bytes:
    file = tmp_path / "passphrase"
    file.write_text(secret)
    return unseal(sealed, identity_file=None, passphrase_file=str(file))


def test_a_flipped_byte_in_the_payload_is_damage_and_a_wrong_passphrase_is_still_wrong(
    by_passphrase: bytes, tmp_path: Path
):
    # (Each try costs two scrypt runs; the intact file's wrong passphrase is in the drill.)
    damaged = _flipped(by_passphrase, _header_length(by_passphrase) + 70_000)
    with pytest.raises(BackupError, match=DAMAGED):
        _unseal_with_passphrase(damaged, BACKUP_PASSPHRASE, tmp_path)
    with pytest.raises(BackupError, match=WRONG):
        _unseal_with_passphrase(damaged, "not the passphrase", tmp_path)


def test_a_backup_cut_inside_its_header_is_damaged(by_passphrase: bytes, tmp_path: Path):
    with pytest.raises(BackupError, match=DAMAGED):
        _unseal_with_passphrase(by_passphrase[:60], BACKUP_PASSPHRASE, tmp_path)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda sealed: sealed[:-1], id="last-byte-cut"),
        pytest.param(lambda sealed: sealed[: _header_length(sealed)], id="no-payload"),
        pytest.param(lambda sealed: _flipped(sealed, -5), id="flipped-in-the-last-chunk"),
        pytest.param(lambda sealed: _flipped(sealed, _header_length(sealed) - 8), id="header-mac"),
    ],
)
def test_a_backup_sealed_to_a_key_and_damaged_is_told_apart_from_another_key(
    tmp_path: Path, damage
):
    identity = x25519.Identity.generate()
    other = x25519.Identity.generate()
    (tmp_path / "identity.txt").write_text(f"{identity}\n")
    (tmp_path / "other.txt").write_text(f"{other}\n")
    sealed = damage(bytes(pyrage.encrypt(PLAIN, [other.to_public(), identity.to_public()])))

    with pytest.raises(BackupError, match=DAMAGED):
        unseal(sealed, identity_file=str(tmp_path / "identity.txt"), passphrase_file=None)
    stranger = x25519.Identity.generate()
    (tmp_path / "stranger.txt").write_text(f"{stranger}\n")
    with pytest.raises(BackupError, match="That identity does not open this backup."):
        unseal(sealed, identity_file=str(tmp_path / "stranger.txt"), passphrase_file=None)


def test_the_header_is_read_as_age_writes_it():
    identity = x25519.Identity.generate()
    sealed = bytes(pyrage.encrypt(b"x", [identity.to_public()]))
    found = agefile.stanzas(sealed)
    assert found is not None and found[0].kind == "X25519" and len(found[0].body) == 32
    assert agefile.opens_with_identities(found, [str(identity)])
    assert not agefile.opens_with_identities(found, [str(x25519.Identity.generate())])
    assert agefile.stanzas(b"age-encryption.org/v1\n-> X25519 abc\n") is None
    assert agefile.stanzas(b"not age at all\n--- abc\n") is None
