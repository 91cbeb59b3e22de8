"""Storing and reading sealed entries: the only way any app touches entry content."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import connection, transaction

from afterwards.vault import crypto, sealing
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.models import Entry, Keyring, PartnerWrap

# Sealed content is padded to a whole number of blocks, so that a ciphertext's length
# does not tell which words were chosen ("ectopic" is shorter than "miscarriage", a
# ticked box longer than an unticked one). Only the rough size of free text shows.
PAD_BLOCK = 256


# The version a page carries when it was opened on an entry that did not exist yet.
VERSION_NONE = "none"


class EntryChanged(Exception):
    """The entry was saved since the writer read it (another device, another tab), to
    other content: nothing was written. Carries what is stored now and its version, so
    that the caller can show both and let the person choose."""

    def __init__(self, *, version: str, content: dict[str, Any]) -> None:
        super().__init__("the entry was saved elsewhere since it was read")
        self.version = version
        self.content = content


def _encode(content: dict[str, Any]) -> bytes:
    """JSON, padded with trailing spaces (which JSON readers ignore) to a whole block."""
    plain = json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    return plain + b" " * (-len(plain) % PAD_BLOCK)


def entry_index(keys: UnlockedKeys, *, kind: str, value: str) -> bytes:
    return sealing.blind_index(keys, kind, value)


def entry_indexes(keys: UnlockedKeys, *, kind: str, values: list[str]) -> list[bytes]:
    return sealing.blind_indexes(keys, kind, values)


def entry_find(
    *, owner: Any, keys: UnlockedKeys, kind: str, index_value: str
) -> dict[str, Any] | None:
    """The content of the owner's entry for (kind, index value), or None: one query."""
    index = entry_index(keys, kind=kind, value=index_value)
    entry = Entry.objects.owned_by(owner).of_kind(kind).filter(index=index).first()
    return entry_open(entry, keys) if entry is not None else None


def entries_get(
    *, owner: Any, keys: UnlockedKeys, wanted: list[tuple[str, str]]
) -> dict[tuple[str, str], Entry]:
    """Several of the owner's entries, each named by (kind, index value), in one query,
    still sealed: for a caller that needs an entry's version as well as its content."""
    asked = {
        (kind, entry_index(keys, kind=kind, value=value)): (kind, value) for kind, value in wanted
    }
    entries = Entry.objects.owned_by(owner).filter(
        kind__in={kind for kind, _ in wanted}, index__in=[index for _, index in asked]
    )
    found = {}
    for entry in entries:
        name = asked.get((entry.kind, bytes(entry.index or b"")))
        if name is not None:
            found[name] = entry
    return found


def entries_find(
    *, owner: Any, keys: UnlockedKeys, wanted: list[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Several of the owner's entries, each named by (kind, index value), in one query.

    For a page that needs a few things at once (a day, the days around it, the person's
    settings): what exists comes back keyed as it was asked for; what does not is absent.
    """
    found = entries_get(owner=owner, keys=keys, wanted=wanted)
    return {name: entry_open(entry, keys) for name, entry in found.items()}


def entry_version(keys: UnlockedKeys, entry: Entry | None) -> str:
    """One state of an entry, for a page to carry from opening to saving: a keyed digest
    of its sealed blob, which every save renews (a fresh nonce), or VERSION_NONE when
    there is no entry yet. Keyed, so that it cannot be matched with a row of a copy of
    the database; computed, so that no counter or time is stored (docs/threat-model.md)."""
    if entry is None:
        return VERSION_NONE
    return crypto.keyed_hash(keys.subkey("entry-version"), bytes(entry.blob)).hex()


@transaction.atomic
def entry_put(
    *,
    owner: Any,
    keys: UnlockedKeys,
    kind: str,
    index_value: str | None,
    content: dict[str, Any],
    expected_version: str | None = None,
) -> Entry:
    """Create the entry for (kind, index value), or reseal the one that exists.

    With `expected_version` (entry_version of the entry as the writer read it), an entry
    saved since to other content is left as it is and EntryChanged raised: the last save
    must not silently win over words written on another device. The check and the write
    happen under one lock, so no save can come between them. Saving what is already
    stored (a double tap) is never a change."""
    existing = None
    index = None
    if index_value is not None:
        index = entry_index(keys, kind=kind, value=index_value)
        # Two saves of one new day at once (a double tap) must not both insert: the
        # person's keyring row is the lock that always exists, so take it first.
        list(Keyring.objects.select_for_update().filter(user=owner).values_list("pk"))
        existing = Entry.objects.filter(owner=owner, kind=kind, index=index).first()
    if existing is not None and expected_version is not None:
        version = entry_version(keys, existing)
        if version != expected_version:
            stored = entry_open(existing, keys)
            if stored != json.loads(_encode(content)):
                raise EntryChanged(version=version, content=stored)
    if existing is not None:
        existing.blob = sealing.reseal_entry(
            keys, bytes(existing.owner_wrap), _encode(content), aad=existing.aad
        )
        existing.save(update_fields=["blob"])
        return existing
    entry = _sealed_new(owner=owner, keys=keys, kind=kind, index=index, content=content)
    entry.save(force_insert=True)
    return entry


def _sealed_new(
    *, owner: Any, keys: UnlockedKeys, kind: str, index: bytes | None, content: dict[str, Any]
) -> Entry:
    """A new entry (a fresh id and entry key) holding this content, not yet saved."""
    entry = Entry(id=uuid.uuid4(), owner=owner, kind=kind, index=index)
    sealed = sealing.seal_entry(keys, _encode(content), aad=entry.aad)
    entry.blob = sealed.blob
    entry.owner_wrap = sealed.owner_wrap
    return entry


def entry_seal_new(
    *, owner: Any, keys: UnlockedKeys, kind: str, index_value: str | None, content: dict[str, Any]
) -> Entry:
    """The entry entry_put would insert for (kind, index value), sealed but NOT saved: for
    a caller that inserts many at once (an import's bulk_create), having made sure none of
    them exists yet."""
    index = entry_index(keys, kind=kind, value=index_value) if index_value is not None else None
    return _sealed_new(owner=owner, keys=keys, kind=kind, index=index, content=content)


def entry_open(entry: Entry, keys: UnlockedKeys) -> dict[str, Any]:
    plaintext = sealing.open_as_owner(
        keys, bytes(entry.blob), bytes(entry.owner_wrap), aad=entry.aad
    )
    content: dict[str, Any] = json.loads(plaintext)
    return content


def entry_share(
    *, entry: Entry, keys: UnlockedKeys, reader: Any, reader_public_key: bytes
) -> PartnerWrap:
    """Let one other person read this entry: box its key from the owner to the reader.

    Only the owner's keys open the owner wrap, so only the owner can share. The reader's
    public key is the one the owner pinned (couple/pins.py), never read here from the
    database, which the host can write.
    """
    entry_key = sealing.entry_key_for_owner(keys, bytes(entry.owner_wrap), aad=entry.aad)
    wrap = sealing.wrap_for_partner(keys, entry_key, reader_public_key, aad=entry.aad)
    partner_wrap, _ = PartnerWrap.objects.update_or_create(
        entry=entry, reader=reader, defaults={"wrap": wrap}
    )
    return partner_wrap


def entry_open_shared(
    entry: Entry, wrap: PartnerWrap, keys: UnlockedKeys, *, owner_public_key: bytes
) -> dict[str, Any]:
    """Open an entry shared with the holder of `keys`, proving its owner shared it.

    The proof is only as good as the owner's public key, so the caller passes the one the
    reader pinned at pairing (couple/pins.py): a key read from the database, which the
    host can write, would let a host that replaced it forge a share.
    """
    plaintext = sealing.open_as_partner(
        keys, bytes(entry.blob), bytes(wrap.wrap), owner_public_key=owner_public_key, aad=entry.aad
    )
    content: dict[str, Any] = json.loads(plaintext)
    return content


def deleted_rows_scrub() -> None:
    """Make deleted rows unrecoverable from the database files, where the engine allows.

    SQLite runs with secure_delete, which zeroes freed pages; a checkpoint then moves the
    write-ahead log into the main file and truncates it, so the old pages go too.
    PostgreSQL keeps dead rows until VACUUM reclaims them (docs/threat-model.md).
    """
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
