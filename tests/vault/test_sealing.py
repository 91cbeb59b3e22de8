"""Sealing entries: one key per entry, bound to the entry's identity; owner and partner wraps."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from nacl.public import PublicKey, SealedBox

from afterwards.vault import crypto, sealing
from afterwards.vault.crypto import VaultError
from afterwards.vault.keyring import UnlockedKeys
from tests.vault._support import flipped, fresh_keys, with_header

OWNER = fresh_keys()
PARTNER = fresh_keys()
OUTSIDER = fresh_keys()

ENTRY_ID = "6f1c2b1e-3d4a-4b5c-8d9e-0a1b2c3d4e5f"
AAD = sealing.entry_aad(entry_id=ENTRY_ID, owner_id=7, kind="checkin")

kinds = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_", min_size=1, max_size=32)
owner_ids = st.integers(min_value=1, max_value=2**63 - 1)
entry_ids = st.uuids().map(str)
contents = st.binary(max_size=4096)


def sealed(content: bytes = b'{"mood":2,"note":"a hard day"}', aad: bytes = AAD) -> sealing.Sealed:
    return sealing.seal_entry(OWNER, content, aad=aad)


def shared(entry: sealing.Sealed, *, aad: bytes = AAD) -> bytes:
    """The partner wrap the owner makes to share this entry with PARTNER."""
    return sealing.wrap_for_partner(OWNER, entry.entry_key, PARTNER.public_key, aad=aad)


def open_shared(
    blob: bytes,
    wrap: bytes,
    *,
    aad: bytes = AAD,
    reader: UnlockedKeys = PARTNER,
    owner: UnlockedKeys = OWNER,
) -> bytes:
    """What the reader sees of a shared entry whose owner's public key they are given."""
    return sealing.open_as_partner(reader, blob, wrap, owner_public_key=owner.public_key, aad=aad)


# --- round trips ---------------------------------------------------------------------------


@settings(deadline=None)
@given(content=contents, entry_id=entry_ids, owner_id=owner_ids, kind=kinds)
def test_owner_opens_what_they_sealed(content, entry_id, owner_id, kind):
    aad = sealing.entry_aad(entry_id=entry_id, owner_id=owner_id, kind=kind)
    entry = sealing.seal_entry(OWNER, content, aad=aad)
    assert sealing.open_as_owner(OWNER, entry.blob, entry.owner_wrap, aad=aad) == content
    assert sealing.entry_key_for_owner(OWNER, entry.owner_wrap, aad=aad) == entry.entry_key


@settings(deadline=None)
@given(content=contents, entry_id=entry_ids, owner_id=owner_ids, kind=kinds)
def test_partner_opens_an_entry_wrapped_for_them(content, entry_id, owner_id, kind):
    aad = sealing.entry_aad(entry_id=entry_id, owner_id=owner_id, kind=kind)
    entry = sealing.seal_entry(OWNER, content, aad=aad)
    wrap = sealing.wrap_for_partner(OWNER, entry.entry_key, PARTNER.public_key, aad=aad)
    assert open_shared(entry.blob, wrap, aad=aad) == content


def test_every_entry_has_its_own_key():
    first, second = sealed(), sealed()
    assert first.entry_key != second.entry_key
    assert first.blob != second.blob
    assert first.owner_wrap != second.owner_wrap


def test_entry_key_is_not_the_owners_user_key():
    assert sealed().entry_key not in (OWNER.user_key, OWNER.secret_key)


def test_sealed_entry_never_shows_its_key():
    entry = sealed()
    assert repr(entry) == "Sealed(…)"
    assert entry.entry_key.hex() not in repr(entry)


def test_blob_and_wraps_do_not_contain_the_content_or_the_entry_key():
    content = b"we named her June" * 3
    entry = sealed(content)
    wrap = shared(entry)
    for stored in (entry.blob, entry.owner_wrap, wrap):
        assert content not in stored
        assert entry.entry_key not in stored


@settings(deadline=None)
@given(first=contents, second=contents)
def test_reseal_keeps_the_entry_key_so_partner_wraps_stay_valid(first, second):
    entry = sealed(first)
    wrap = shared(entry)
    new_blob = sealing.reseal_entry(OWNER, entry.owner_wrap, second, aad=AAD)
    assert sealing.open_as_owner(OWNER, new_blob, entry.owner_wrap, aad=AAD) == second
    assert open_shared(new_blob, wrap) == second


def test_reseal_under_another_entrys_identity_fails():
    entry = sealed()
    other_aad = sealing.entry_aad(entry_id=str(uuid.uuid4()), owner_id=7, kind="checkin")
    with pytest.raises(VaultError):
        sealing.reseal_entry(OWNER, entry.owner_wrap, b"new", aad=other_aad)


def test_entry_aad_names_the_entry_owner_kind_and_version():
    aad = sealing.entry_aad(entry_id=ENTRY_ID, owner_id=7, kind="checkin", version=3)
    assert aad == f"entry|{ENTRY_ID}|7|checkin|3".encode()
    assert sealing.entry_aad(entry_id=ENTRY_ID, owner_id=7, kind="checkin").endswith(
        f"|{sealing.FORMAT_VERSION}".encode()
    )


# --- moved ciphertexts do not open (the associated data binds them) ------------------------


@pytest.mark.parametrize(
    "moved_to",
    [
        {"entry_id": str(uuid.UUID(int=1))},
        {"owner_id": 8},
        {"kind": "answer"},
        {"version": sealing.FORMAT_VERSION + 1},
    ],
    ids=["another-entry", "another-owner", "another-kind", "another-version"],
)
def test_blob_moved_to_another_entry_owner_kind_or_version_does_not_open(moved_to):
    entry = sealed()
    identity = {"entry_id": ENTRY_ID, "owner_id": 7, "kind": "checkin", **moved_to}
    other_aad = sealing.entry_aad(**identity)
    with pytest.raises(VaultError):
        sealing.open_as_owner(OWNER, entry.blob, entry.owner_wrap, aad=other_aad)
    # Even with the wrap re-made for the new place, the blob itself does not open there.
    rewrapped = crypto.seal(OWNER.user_key, entry.entry_key, b"wrap|" + other_aad)
    with pytest.raises(VaultError):
        sealing.open_as_owner(OWNER, entry.blob, rewrapped, aad=other_aad)
    rewrapped_for_partner = shared(entry, aad=other_aad)
    with pytest.raises(VaultError):
        open_shared(entry.blob, rewrapped_for_partner, aad=other_aad)
    # And the partner wrap made here does not open there either.
    with pytest.raises(VaultError):
        open_shared(entry.blob, shared(entry), aad=other_aad)


def test_blob_moved_to_another_entry_does_not_open():
    here = sealed(b"here")
    there_aad = sealing.entry_aad(entry_id=str(uuid.uuid4()), owner_id=7, kind="checkin")
    there = sealing.seal_entry(OWNER, b"there", aad=there_aad)
    with pytest.raises(VaultError):
        sealing.open_as_owner(OWNER, here.blob, there.owner_wrap, aad=there_aad)
    with pytest.raises(VaultError):
        sealing.open_as_owner(OWNER, there.blob, here.owner_wrap, aad=AAD)


def test_owner_wrap_moved_to_another_entry_does_not_open():
    entry = sealed()
    other_aad = sealing.entry_aad(entry_id=str(uuid.uuid4()), owner_id=7, kind="checkin")
    with pytest.raises(VaultError):
        sealing.entry_key_for_owner(OWNER, entry.owner_wrap, aad=other_aad)


def test_partner_wrap_of_another_entry_does_not_open_this_one():
    entry, other = sealed(b"this"), sealed(b"other")
    wrap_of_other = shared(other)
    with pytest.raises(VaultError):
        open_shared(entry.blob, wrap_of_other)


def test_owner_wrap_is_not_a_blob_and_a_blob_is_not_a_wrap():
    entry = sealed(b"x" * 32)
    with pytest.raises(VaultError):
        sealing.open_as_owner(OWNER, entry.owner_wrap, entry.blob, aad=AAD)


# --- wrong keys ------------------------------------------------------------------------------


def test_another_persons_keys_cannot_open_as_owner():
    entry = sealed()
    for keys in (PARTNER, OUTSIDER):
        with pytest.raises(VaultError):
            sealing.open_as_owner(keys, entry.blob, entry.owner_wrap, aad=AAD)


def test_third_person_cannot_open_a_partner_wrap():
    entry = sealed()
    wrap = shared(entry)
    with pytest.raises(VaultError):
        open_shared(entry.blob, wrap, reader=OUTSIDER)


def test_owner_cannot_open_the_partner_wrap_as_if_it_were_theirs():
    # The box is from the owner to the partner, not the other way round; the owner reads
    # through their own wrap.
    entry = sealed()
    wrap = shared(entry)
    for claimed_owner in (OWNER, PARTNER):
        with pytest.raises(VaultError):
            open_shared(entry.blob, wrap, reader=OWNER, owner=claimed_owner)


def test_owner_wrap_does_not_open_as_a_partner_wrap():
    entry = sealed()
    with pytest.raises(VaultError):
        open_shared(entry.blob, entry.owner_wrap)


# --- only the owner makes a partner wrap, and only for its own entry -----------------------
#
# Whoever writes the database (the host) can make rows: an entry "owned" by OWNER with
# content of its choosing under a fresh entry key, and a wrap of that key for PARTNER. A
# partner wrap must open only if the owner's secret key made it, for that very entry.


def forged_share(content: bytes, aad: bytes, forger: UnlockedKeys) -> tuple[bytes, bytes]:
    """A blob and partner wrap made by `forger` for an entry that claims OWNER made it."""
    entry_key = crypto.random_key()
    blob = crypto.seal(entry_key, content, aad)
    return blob, sealing.wrap_for_partner(forger, entry_key, PARTNER.public_key, aad=aad)


@settings(deadline=None)
@given(content=contents, entry_id=entry_ids, owner_id=owner_ids, kind=kinds)
def test_partner_wrap_made_with_a_third_key_pair_is_refused(content, entry_id, owner_id, kind):
    aad = sealing.entry_aad(entry_id=entry_id, owner_id=owner_id, kind=kind)
    host = fresh_keys()
    blob, wrap = forged_share(content, aad, host)
    with pytest.raises(VaultError):
        open_shared(blob, wrap, aad=aad)
    # It is a well-made wrap, only not the owner's: it opens as from the one who made it.
    assert open_shared(blob, wrap, aad=aad, owner=host) == content


@pytest.mark.parametrize("forger", [OUTSIDER, PARTNER], ids=["another-person", "the-reader"])
def test_partner_wrap_made_by_anyone_but_the_owner_is_refused(forger):
    blob, wrap = forged_share(b'{"ready":true}', AAD, forger)
    with pytest.raises(VaultError):
        open_shared(blob, wrap)


def test_anonymous_sealed_box_of_the_entry_key_is_refused():
    # The old kind of partner wrap, which anyone with the reader's public key could make,
    # whether it keeps its own header or is relabelled as a box.
    entry_key = crypto.random_key()
    blob = crypto.seal(entry_key, b'{"ready":true}', AAD)
    anonymous = SealedBox(PublicKey(PARTNER.public_key)).encrypt(entry_key)
    for algorithm in (2, crypto.ALG_BOX):
        with pytest.raises(VaultError):
            open_shared(blob, bytes((crypto.VERSION, algorithm)) + anonymous)


def test_partner_wrap_is_checked_against_the_owner_it_is_told():
    entry = sealed()
    wrap = shared(entry)
    for claimed_owner in (OUTSIDER, PARTNER):
        with pytest.raises(VaultError):
            open_shared(entry.blob, wrap, owner=claimed_owner)


@pytest.mark.parametrize(
    "moved_to",
    [
        {"entry_id": str(uuid.UUID(int=1))},
        {"owner_id": 8},
        {"kind": "answer"},
        {"version": sealing.FORMAT_VERSION + 1},
    ],
    ids=["another-entry", "another-owner", "another-kind", "another-version"],
)
def test_partner_wrap_is_bound_to_its_entry_even_under_the_same_entry_key(moved_to):
    # A blob that is valid in the other place under the same entry key: only the binding
    # of the wrap to its entry refuses it.
    entry = sealed()
    identity = {"entry_id": ENTRY_ID, "owner_id": 7, "kind": "checkin", **moved_to}
    other_aad = sealing.entry_aad(**identity)
    blob_there = crypto.seal(entry.entry_key, b"there", other_aad)
    assert open_shared(blob_there, shared(entry, aad=other_aad), aad=other_aad) == b"there"
    with pytest.raises(VaultError):
        open_shared(blob_there, shared(entry), aad=other_aad)


@settings(deadline=None)
@given(entry_id=entry_ids, other_id=entry_ids)
def test_partner_wrap_opens_at_its_own_entry_only(entry_id, other_id):
    assume(entry_id != other_id)
    aad = sealing.entry_aad(entry_id=entry_id, owner_id=7, kind="checkin")
    other_aad = sealing.entry_aad(entry_id=other_id, owner_id=7, kind="checkin")
    entry = sealed(b"here", aad=aad)
    wrap = shared(entry, aad=aad)
    assert open_shared(entry.blob, wrap, aad=aad) == b"here"
    blob_there = crypto.seal(entry.entry_key, b"there", other_aad)
    with pytest.raises(VaultError):
        open_shared(blob_there, wrap, aad=other_aad)


# --- tampering -------------------------------------------------------------------------------


@settings(max_examples=25)
@given(mask=st.integers(1, 255))
def test_flipping_any_byte_of_the_blob_fails(mask):
    entry = sealed()
    for position in range(len(entry.blob)):
        with pytest.raises(VaultError):
            sealing.open_as_owner(
                OWNER, flipped(entry.blob, position, mask), entry.owner_wrap, aad=AAD
            )


@settings(max_examples=25)
@given(mask=st.integers(1, 255))
def test_flipping_any_byte_of_the_owner_wrap_fails(mask):
    entry = sealed()
    for position in range(len(entry.owner_wrap)):
        with pytest.raises(VaultError):
            sealing.open_as_owner(
                OWNER, entry.blob, flipped(entry.owner_wrap, position, mask), aad=AAD
            )


@settings(max_examples=25)
@given(mask=st.integers(1, 255))
def test_flipping_any_byte_of_the_partner_wrap_fails(mask):
    entry = sealed()
    wrap = shared(entry)
    for position in range(len(wrap)):
        with pytest.raises(VaultError):
            open_shared(entry.blob, flipped(wrap, position, mask))


@pytest.mark.parametrize(("version", "algorithm"), [(0, 1), (2, 1), (1, 0), (1, 2), (1, 3)])
def test_unknown_header_on_the_blob_or_the_owner_wrap_fails(version, algorithm):
    entry = sealed()
    with pytest.raises(VaultError):
        sealing.open_as_owner(
            OWNER, with_header(entry.blob, version, algorithm), entry.owner_wrap, aad=AAD
        )
    with pytest.raises(VaultError):
        sealing.open_as_owner(
            OWNER, entry.blob, with_header(entry.owner_wrap, version, algorithm), aad=AAD
        )


@pytest.mark.parametrize(("version", "algorithm"), [(0, 3), (2, 3), (1, 1), (1, 2), (1, 4)])
def test_unknown_header_on_the_partner_wrap_fails(version, algorithm):
    entry = sealed()
    with pytest.raises(VaultError):
        open_shared(entry.blob, with_header(shared(entry), version, algorithm))


def test_truncated_blob_or_wrap_fails_with_vault_error():
    entry = sealed()
    wrap = shared(entry)
    for length in range(len(entry.blob)):
        with pytest.raises(VaultError):
            sealing.open_as_owner(OWNER, entry.blob[:length], entry.owner_wrap, aad=AAD)
        with pytest.raises(VaultError):
            open_shared(entry.blob[:length], wrap)
    for length in range(len(entry.owner_wrap)):
        with pytest.raises(VaultError):
            sealing.open_as_owner(OWNER, entry.blob, entry.owner_wrap[:length], aad=AAD)
    for length in range(len(wrap)):
        with pytest.raises(VaultError):
            open_shared(entry.blob, wrap[:length])


# --- blind index ---------------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat)


@settings(deadline=None)
@given(day=days)
def test_same_day_gives_the_same_index_for_the_same_person(day):
    assert sealing.blind_index(OWNER, "checkin", day) == sealing.blind_index(OWNER, "checkin", day)


@settings(deadline=None)
@given(day=days)
def test_same_day_gives_a_different_index_for_another_person(day):
    assert sealing.blind_index(OWNER, "checkin", day) != sealing.blind_index(
        PARTNER, "checkin", day
    )


@settings(deadline=None)
@given(day=days, other=days)
def test_different_days_give_different_indexes(day, other):
    assume(day != other)
    assert sealing.blind_index(OWNER, "checkin", day) != sealing.blind_index(
        OWNER, "checkin", other
    )


@settings(deadline=None)
@given(day=days)
def test_same_day_of_another_kind_gives_another_index(day):
    assert sealing.blind_index(OWNER, "checkin", day) != sealing.blind_index(OWNER, "bleeding", day)


@settings(deadline=None)
@given(day=days)
def test_index_without_the_keys_is_not_a_plain_hash_of_the_day(day):
    index = sealing.blind_index(OWNER, "checkin", day)
    assert len(index) == 16
    for message in (day.encode(), f"checkin|{day}".encode()):
        assert day.encode() not in index
        assert index != hashlib.sha256(message).digest()[:16]
        assert index != hashlib.md5(message).digest()  # noqa: S324 - a comparison, not a use
        assert index != hashlib.blake2b(message, digest_size=16).digest()
        # Nor a hash keyed by anything stored in clear (the public key).
        assert index != hashlib.blake2b(message, key=OWNER.public_key, digest_size=16).digest()
        assert index != hmac.new(OWNER.public_key, message, "sha256").digest()[:16]


def test_index_is_keyed_by_a_subkey_of_the_user_key_only():
    day = "2025-03-14"
    same_user_key = type(OWNER)(OWNER.user_key, PARTNER.secret_key, PARTNER.public_key)
    assert sealing.blind_index(same_user_key, "checkin", day) == sealing.blind_index(
        OWNER, "checkin", day
    )
    # Not the user key itself, so an index never doubles as a use of the key that wraps entries.
    assert sealing.blind_index(OWNER, "checkin", day) != crypto.keyed_hash(
        OWNER.user_key, f"checkin|{day}".encode()
    )
