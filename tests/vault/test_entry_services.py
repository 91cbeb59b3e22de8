"""Sealed entries in the database, through the vault's services: the only way apps touch content."""

from __future__ import annotations

import json
import uuid

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.public import PublicKey, SealedBox

from afterwards.accounts import services as account_services
from afterwards.accounts.sessions import SessionStore
from afterwards.vault import crypto, keyring, sealing, services
from afterwards.vault.crypto import KdfParams, VaultError
from afterwards.vault.models import Entry, Keyring, PartnerWrap
from tests.conftest import create_account, make_person
from tests.vault._support import flipped, fresh_keys, with_header

NEW_PASSPHRASE = "slow tide over winter fields"
CONTENT = {"mood": 2, "note": "the scan was on a Tuesday"}

with_person = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50)
)
json_contents = st.dictionaries(
    st.text(max_size=20),
    st.recursive(
        json_scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
        ),
        max_leaves=10,
    ),
    max_size=6,
)


def stored_public_key(person):
    return bytes(person.user.keyring.public_key)


def put(person, content=None, *, kind="checkin", day: str | None = "2025-03-14") -> Entry:
    return services.entry_put(
        owner=person.user,
        keys=person.keys,
        kind=kind,
        index_value=day,
        content=CONTENT if content is None else content,
    )


def reloaded(entry: Entry) -> Entry:
    return Entry.objects.get(pk=entry.pk)


def stored_bytes(entry: Entry) -> tuple[bytes, bytes]:
    entry = reloaded(entry)
    return bytes(entry.blob), bytes(entry.owner_wrap)


# --- round trips ---------------------------------------------------------------------------


@with_person
@given(content=json_contents)
def test_entry_put_then_open_returns_the_content(owner, content):
    entry = put(owner, content, day=None)
    assert services.entry_open(reloaded(entry), owner.keys) == content


@with_person
@given(content=json_contents)
def test_partner_opens_an_entry_shared_with_them(owner, partner, content):
    entry = put(owner, content, day=None)
    wrap = services.entry_share(
        entry=entry,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    stored_wrap = PartnerWrap.objects.get(pk=wrap.pk)
    assert (
        services.entry_open_shared(
            reloaded(entry), stored_wrap, partner.keys, owner_public_key=stored_public_key(owner)
        )
        == content
    )


def test_stored_row_shows_nothing_of_the_content(owner):
    entry = reloaded(put(owner, {"note": "we named her June"}))
    for stored in (bytes(entry.blob), bytes(entry.owner_wrap), bytes(entry.index)):
        assert b"June" not in stored
        assert b"2025-03-14" not in stored
    assert bytes(entry.blob)[:2] == bytes((crypto.VERSION, crypto.ALG_XCHACHA20_POLY1305))
    assert entry.version == sealing.FORMAT_VERSION


def test_putting_the_same_day_again_reseals_the_same_entry_under_the_same_key(owner, partner):
    first = put(owner, {"mood": 1})
    wrap = services.entry_share(
        entry=first,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    blob_before, owner_wrap_before = stored_bytes(first)

    second = put(owner, {"mood": 4})

    assert second.pk == first.pk
    assert Entry.objects.owned_by(owner.user).count() == 1
    blob_after, owner_wrap_after = stored_bytes(second)
    assert blob_after != blob_before
    assert owner_wrap_after == owner_wrap_before
    assert services.entry_open(reloaded(second), owner.keys) == {"mood": 4}
    # The partner's wrap is for the entry key, which an edit keeps.
    assert services.entry_open_shared(
        reloaded(second), wrap, partner.keys, owner_public_key=stored_public_key(owner)
    ) == {"mood": 4}


def test_entries_without_an_index_are_always_new(owner):
    put(owner, {"n": 1}, day=None)
    put(owner, {"n": 2}, day=None)
    assert Entry.objects.owned_by(owner.user).count() == 2


# --- blind index in the database ------------------------------------------------------------


def test_index_is_the_same_for_the_same_day_of_the_same_person(owner):
    entry = reloaded(put(owner))
    assert bytes(entry.index) == services.entry_index(
        owner.keys, kind="checkin", value="2025-03-14"
    )
    assert services.entry_index(owner.keys, kind="checkin", value="2025-03-14") == (
        services.entry_index(owner.keys, kind="checkin", value="2025-03-14")
    )
    assert services.entry_index(owner.keys, kind="checkin", value="2025-03-15") != bytes(
        entry.index
    )


def test_same_day_of_two_people_has_two_different_indexes(owner, partner):
    mine, theirs = reloaded(put(owner)), reloaded(put(partner))
    assert bytes(mine.index) != bytes(theirs.index)
    # So nobody reading the table can tell that two people wrote on the same day.
    assert not Entry.objects.filter(index=bytes(mine.index)).exclude(pk=mine.pk).exists()


def test_index_is_found_by_its_owner_keys_only(owner, partner):
    put(owner)
    my_index = services.entry_index(owner.keys, kind="checkin", value="2025-03-14")
    their_guess = services.entry_index(partner.keys, kind="checkin", value="2025-03-14")
    assert Entry.objects.filter(owner=owner.user, index=my_index).count() == 1
    assert not Entry.objects.filter(index=their_guess).exists()


# --- ciphertexts moved in the database do not open ----------------------------------------


def test_blob_moved_to_another_entry_does_not_open(owner):
    here = put(owner, {"day": "here"}, day="2025-03-14")
    there = put(owner, {"day": "there"}, day="2025-03-15")
    Entry.objects.filter(pk=there.pk).update(blob=bytes(reloaded(here).blob))
    with pytest.raises(VaultError):
        services.entry_open(reloaded(there), owner.keys)


def test_blob_and_owner_wrap_moved_together_to_another_entry_do_not_open(owner):
    here = reloaded(put(owner, {"day": "here"}, day="2025-03-14"))
    there = put(owner, {"day": "there"}, day="2025-03-15")
    Entry.objects.filter(pk=there.pk).update(
        blob=bytes(here.blob), owner_wrap=bytes(here.owner_wrap)
    )
    with pytest.raises(VaultError):
        services.entry_open(reloaded(there), owner.keys)


def test_entry_given_to_another_owner_opens_for_nobody(owner, partner):
    entry = put(owner)
    Entry.objects.filter(pk=entry.pk).update(owner=partner.user)
    for keys in (owner.keys, partner.keys):
        with pytest.raises(VaultError):
            services.entry_open(reloaded(entry), keys)


def test_entry_relabelled_as_another_kind_does_not_open(owner):
    entry = put(owner)
    Entry.objects.filter(pk=entry.pk).update(kind="answer")
    with pytest.raises(VaultError):
        services.entry_open(reloaded(entry), owner.keys)


def test_entry_relabelled_as_another_format_version_does_not_open(owner):
    entry = put(owner)
    Entry.objects.filter(pk=entry.pk).update(version=sealing.FORMAT_VERSION + 1)
    with pytest.raises(VaultError):
        services.entry_open(reloaded(entry), owner.keys)


def test_entry_copied_to_a_new_row_does_not_open(owner):
    entry = reloaded(put(owner))
    copy = Entry.objects.create(
        id=uuid.uuid4(),
        owner=owner.user,
        kind=entry.kind,
        index=None,
        blob=bytes(entry.blob),
        owner_wrap=bytes(entry.owner_wrap),
    )
    with pytest.raises(VaultError):
        services.entry_open(reloaded(copy), owner.keys)


# --- tampering with stored bytes --------------------------------------------------------------


@pytest.mark.parametrize("field", ["blob", "owner_wrap"])
def test_flipping_any_byte_of_a_stored_entry_fails(owner, field):
    entry = reloaded(put(owner))
    original = bytes(getattr(entry, field))
    for position in range(len(original)):
        Entry.objects.filter(pk=entry.pk).update(**{field: flipped(original, position)})
        with pytest.raises(VaultError):
            services.entry_open(reloaded(entry), owner.keys)


def test_flipping_any_byte_of_a_stored_partner_wrap_fails(owner, partner):
    entry = put(owner)
    wrap = services.entry_share(
        entry=entry,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    original = bytes(wrap.wrap)
    for position in range(len(original)):
        PartnerWrap.objects.filter(pk=wrap.pk).update(wrap=flipped(original, position))
        with pytest.raises(VaultError):
            services.entry_open_shared(
                reloaded(entry),
                PartnerWrap.objects.get(pk=wrap.pk),
                partner.keys,
                owner_public_key=stored_public_key(owner),
            )


@pytest.mark.parametrize("field", ["blob", "owner_wrap"])
@pytest.mark.parametrize(("version", "algorithm"), [(2, 1), (0, 1), (1, 2), (1, 7)])
def test_stored_entry_with_an_unknown_header_does_not_open(owner, field, version, algorithm):
    entry = reloaded(put(owner))
    Entry.objects.filter(pk=entry.pk).update(
        **{field: with_header(bytes(getattr(entry, field)), version, algorithm)}
    )
    with pytest.raises(VaultError):
        services.entry_open(reloaded(entry), owner.keys)


def test_truncated_stored_blob_fails_with_vault_error(owner):
    entry = reloaded(put(owner))
    Entry.objects.filter(pk=entry.pk).update(blob=bytes(entry.blob)[:30])
    with pytest.raises(VaultError):
        services.entry_open(reloaded(entry), owner.keys)


# --- sharing with a partner ----------------------------------------------------------------


def test_shared_entry_key_is_boxed_from_the_owner_to_the_reader_for_this_entry(owner, partner):
    entry = put(owner)
    wrap = services.entry_share(
        entry=entry,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    stored = bytes(PartnerWrap.objects.get(pk=wrap.pk).wrap)
    entry_key = sealing.entry_key_for_owner(owner.keys, bytes(entry.owner_wrap), aad=entry.aad)
    assert stored[:2] == bytes((crypto.VERSION, crypto.ALG_BOX))
    opened = crypto.unbox(
        partner.keys.secret_key, owner.keys.public_key, stored, b"partner-wrap|" + entry.aad
    )
    assert opened == entry_key
    assert entry_key not in stored


def test_third_person_cannot_open_an_entry_shared_with_someone_else(owner, partner, outsider):
    entry = put(owner)
    wrap = services.entry_share(
        entry=entry,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    with pytest.raises(VaultError):
        services.entry_open_shared(
            reloaded(entry), wrap, outsider.keys, owner_public_key=stored_public_key(owner)
        )
    with pytest.raises(VaultError):
        services.entry_open(reloaded(entry), outsider.keys)
    with pytest.raises(VaultError):
        services.entry_open(reloaded(entry), partner.keys)  # a reader is not an owner


def test_deleting_the_partner_wrap_makes_the_entry_unreadable_to_the_reader(owner, partner):
    entry = put(owner)
    wrap = services.entry_share(
        entry=entry,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    assert (
        services.entry_open_shared(
            reloaded(entry), wrap, partner.keys, owner_public_key=stored_public_key(owner)
        )
        == CONTENT
    )

    PartnerWrap.objects.filter(entry=entry, reader=partner.user).delete()

    assert not PartnerWrap.objects.filter(reader=partner.user).exists()
    # With no wrap left, nothing the reader holds opens the entry: not their keys on the
    # owner's wrap, nor a wrap of theirs from another shared entry.
    with pytest.raises(VaultError):
        services.entry_open(reloaded(entry), partner.keys)
    other = put(owner, {"other": True}, day="2025-03-15")
    other_wrap = services.entry_share(
        entry=other,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    with pytest.raises(VaultError):
        services.entry_open_shared(
            reloaded(entry), other_wrap, partner.keys, owner_public_key=stored_public_key(owner)
        )
    # The owner still reads it.
    assert services.entry_open(reloaded(entry), owner.keys) == CONTENT


def test_sharing_twice_keeps_one_wrap_per_reader(owner, partner):
    entry = put(owner)
    services.entry_share(
        entry=entry,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    wrap = services.entry_share(
        entry=entry,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    assert PartnerWrap.objects.filter(entry=entry).count() == 1
    assert (
        services.entry_open_shared(
            reloaded(entry), wrap, partner.keys, owner_public_key=stored_public_key(owner)
        )
        == CONTENT
    )


def test_sharing_leaves_the_entry_itself_untouched(owner, partner):
    entry = put(owner)
    before = stored_bytes(entry)
    services.entry_share(
        entry=entry,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    assert stored_bytes(entry) == before


def test_only_the_owner_can_share_an_entry(owner, partner, outsider):
    entry = put(owner)
    with pytest.raises(VaultError):
        services.entry_share(
            entry=entry,
            keys=partner.keys,
            reader=outsider.user,
            reader_public_key=stored_public_key(outsider),
        )
    assert not PartnerWrap.objects.exists()


def test_partner_wrap_moved_to_another_entry_does_not_open_it(owner, partner):
    shared = put(owner, {"shared": True}, day="2025-03-14")
    private = put(owner, {"private": True}, day="2025-03-15")
    wrap = services.entry_share(
        entry=shared,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    PartnerWrap.objects.filter(pk=wrap.pk).update(entry=private)
    moved = PartnerWrap.objects.get(pk=wrap.pk)
    with pytest.raises(VaultError):
        services.entry_open_shared(
            reloaded(private), moved, partner.keys, owner_public_key=stored_public_key(owner)
        )


def test_entry_copied_with_its_partner_wrap_to_a_new_row_does_not_open(owner, partner):
    entry = reloaded(put(owner))
    wrap = services.entry_share(
        entry=entry,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    copy = Entry.objects.create(
        id=uuid.uuid4(),
        owner=owner.user,
        kind=entry.kind,
        index=None,
        blob=bytes(entry.blob),
        owner_wrap=bytes(entry.owner_wrap),
    )
    copied_wrap = PartnerWrap.objects.create(entry=copy, reader=partner.user, wrap=bytes(wrap.wrap))
    with pytest.raises(VaultError):
        services.entry_open_shared(
            reloaded(copy), copied_wrap, partner.keys, owner_public_key=stored_public_key(owner)
        )


# --- the host cannot make an entry look shared ------------------------------------------------
#
# The host writes the database: it can make an entry owned by the owner, seal what it likes
# under a fresh entry key, and wrap that key for the partner. Without the owner's secret
# key, the partner must refuse it (for mutual readiness, a forged "yes" is a false match).


def forge_shared_entry(owner, partner, wrap_maker) -> tuple[Entry, PartnerWrap, bytes]:
    """An entry "owned" by owner, shared with partner, made without the owner's keys."""
    entry = Entry(id=uuid.uuid4(), owner=owner.user, kind="readiness", index=None)
    entry_key = crypto.random_key()
    entry.blob = crypto.seal(entry_key, json.dumps({"ready": True}).encode(), entry.aad)
    entry.owner_wrap = crypto.seal(crypto.random_key(), entry_key, b"wrap|" + entry.aad)
    entry.save(force_insert=True)
    wrap = PartnerWrap.objects.create(
        entry=entry, reader=partner.user, wrap=wrap_maker(entry_key, entry.aad)
    )
    return reloaded(entry), wrap, entry_key


def test_entry_forged_with_the_hosts_own_key_pair_does_not_open_for_the_partner(owner, partner):
    host = fresh_keys()
    public_key = partner.keys.public_key
    entry, wrap, entry_key = forge_shared_entry(
        owner,
        partner,
        lambda key, aad: sealing.wrap_for_partner(host, key, public_key, aad=aad),
    )
    with pytest.raises(VaultError):
        services.entry_open_shared(
            entry, wrap, partner.keys, owner_public_key=stored_public_key(owner)
        )
    # The same rows with the wrap made under the owner's secret key do open: what is refused
    # is who made the wrap, nothing else about the forgery.
    wrap.wrap = sealing.wrap_for_partner(owner.keys, entry_key, public_key, aad=entry.aad)
    assert services.entry_open_shared(
        entry, wrap, partner.keys, owner_public_key=stored_public_key(owner)
    ) == {"ready": True}


def test_entry_forged_with_another_persons_keys_does_not_open_for_the_partner(
    owner, partner, outsider
):
    public_key = partner.keys.public_key
    entry, wrap, _ = forge_shared_entry(
        owner,
        partner,
        lambda key, aad: sealing.wrap_for_partner(outsider.keys, key, public_key, aad=aad),
    )
    with pytest.raises(VaultError):
        services.entry_open_shared(
            entry, wrap, partner.keys, owner_public_key=stored_public_key(owner)
        )


def test_entry_forged_with_an_anonymous_sealed_box_does_not_open_for_the_partner(owner, partner):
    # What was enough before partner wraps were authenticated.
    public_key = PublicKey(partner.keys.public_key)
    for algorithm in (2, crypto.ALG_BOX):
        entry, wrap, _ = forge_shared_entry(
            owner,
            partner,
            lambda key, aad, algorithm=algorithm: (
                bytes((crypto.VERSION, algorithm)) + SealedBox(public_key).encrypt(key)
            ),
        )
        with pytest.raises(VaultError):
            services.entry_open_shared(
                entry, wrap, partner.keys, owner_public_key=stored_public_key(owner)
            )


def test_shared_entry_does_not_open_against_a_public_key_the_host_swapped_in(owner, partner):
    # The reader passes the owner's key as they know it; a key the host wrote into the
    # keyring row in its place proves nothing. (The couple space passes the pinned one:
    # tests/couple/test_membership.py.)
    entry = put(owner)
    wrap = services.entry_share(
        entry=entry,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    Keyring.objects.filter(user=owner.user).update(public_key=fresh_keys().public_key)
    swapped_in = bytes(Keyring.objects.get(user=owner.user).public_key)
    with pytest.raises(VaultError):
        services.entry_open_shared(reloaded(entry), wrap, partner.keys, owner_public_key=swapped_in)


def test_deleting_an_entry_deletes_its_partner_wraps(owner, partner):
    entry = put(owner)
    services.entry_share(
        entry=entry,
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    Entry.objects.filter(pk=entry.pk).delete()
    assert not PartnerWrap.objects.exists()


# --- a new passphrase re-wraps the user key, and nothing else ------------------------------


def login_works(username: str, passphrase: str) -> bool:
    response = Client().post("/login/", {"username": username, "passphrase": passphrase})
    return response.status_code == 302


def assert_entries_untouched_and_open(person, entries, before, keys) -> None:
    for entry, stored in zip(entries, before, strict=True):
        assert stored_bytes(entry) == stored
        assert services.entry_open(reloaded(entry), keys) == services.entry_open(
            reloaded(entry), person.keys
        )


def test_passphrase_change_in_the_keyring_leaves_entries_byte_identical(owner):
    entries = [put(owner, {"n": n}, day=f"2025-03-{n:02d}") for n in range(1, 4)]
    before = [stored_bytes(entry) for entry in entries]
    stored = Keyring.objects.get(user=owner.user).stored()

    updated = keyring.with_new_passphrase(stored, owner.keys, NEW_PASSPHRASE, stored.kdf_params)

    new_keys = keyring.unlock_with_passphrase(updated, NEW_PASSPHRASE)
    assert_entries_untouched_and_open(owner, entries, before, new_keys)
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(updated, owner.passphrase)


def test_passphrase_change_service_leaves_entries_byte_identical(owner, partner):
    entries = [put(owner, {"n": n}, day=f"2025-03-{n:02d}") for n in range(1, 4)]
    wrap = services.entry_share(
        entry=entries[0],
        keys=owner.keys,
        reader=partner.user,
        reader_public_key=stored_public_key(partner),
    )
    before = [stored_bytes(entry) for entry in entries]
    wrap_before = bytes(PartnerWrap.objects.get(pk=wrap.pk).wrap)
    recovery_before = bytes(Keyring.objects.get(user=owner.user).uk_by_recovery)

    request = RequestFactory().post("/account/passphrase/")
    request.session = SessionStore(
        session_key=owner.client.cookies[django_settings.SESSION_COOKIE_NAME].value
    )
    request.user = owner.user
    account_services.passphrase_change(
        request, user=owner.user, keys=owner.keys, new_passphrase=NEW_PASSPHRASE
    )

    ring = Keyring.objects.get(user=owner.user)
    new_keys = keyring.unlock_with_passphrase(ring.stored(), NEW_PASSPHRASE)
    assert_entries_untouched_and_open(owner, entries, before, new_keys)
    assert bytes(PartnerWrap.objects.get(pk=wrap.pk).wrap) == wrap_before
    assert bytes(ring.uk_by_recovery) == recovery_before
    assert keyring.unlock_with_recovery_code(ring.stored(), owner.recovery_code).user_key == (
        owner.keys.user_key
    )
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(ring.stored(), owner.passphrase)


def test_passphrase_change_through_the_form_leaves_entries_byte_identical(owner):
    entries = [put(owner, {"n": n}, day=f"2025-03-{n:02d}") for n in range(1, 4)]
    before = [stored_bytes(entry) for entry in entries]

    response = owner.client.post(
        "/account/passphrase/",
        {
            "passphrase": owner.passphrase,
            "new_passphrase": NEW_PASSPHRASE,
            "new_passphrase_again": NEW_PASSPHRASE,
        },
    )
    assert response.status_code == 302, response.content

    new_keys = keyring.unlock_with_passphrase(
        Keyring.objects.get(user=owner.user).stored(), NEW_PASSPHRASE
    )
    assert_entries_untouched_and_open(owner, entries, before, new_keys)
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(
            Keyring.objects.get(user=owner.user).stored(), owner.passphrase
        )
    assert not login_works(owner.user.username, owner.passphrase)
    assert login_works(owner.user.username, NEW_PASSPHRASE)
    # The session that changed it keeps its keys.
    assert owner.client.get("/account/passphrase/").status_code == 200


def test_recovery_with_a_hand_copied_code_leaves_entries_and_retires_the_code(owner):
    entries = [put(owner, {"n": n}, day=f"2025-03-{n:02d}") for n in range(1, 3)]
    before = [stored_bytes(entry) for entry in entries]
    typed = owner.recovery_code.lower().replace("-", " ")

    response = Client().post(
        "/recover/",
        {
            "username": owner.user.username,
            "recovery_code": typed,
            "new_passphrase": NEW_PASSPHRASE,
            "new_passphrase_again": NEW_PASSPHRASE,
        },
    )
    assert response.status_code == 302, response.content

    stored = Keyring.objects.get(user=owner.user).stored()
    new_keys = keyring.unlock_with_passphrase(stored, NEW_PASSPHRASE)
    assert_entries_untouched_and_open(owner, entries, before, new_keys)
    with pytest.raises(VaultError):
        keyring.unlock_with_recovery_code(stored, owner.recovery_code)
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(stored, owner.passphrase)


# --- KDF parameters are stored per person and honoured ------------------------------------

OLD = KdfParams(opslimit=1, memlimit=8 * 1024 * 1024)
NEW = KdfParams(opslimit=2, memlimit=16 * 1024 * 1024)


def test_keyring_row_stores_the_kdf_parameters_of_its_creation(owner):
    ring = Keyring.objects.get(user=owner.user)
    assert ring.stored().kdf_params == OLD
    assert (ring.kdf_algorithm, ring.kdf_opslimit, ring.kdf_memlimit) == (
        "argon2id13",
        OLD.opslimit,
        OLD.memlimit,
    )


def test_keyring_row_round_trips_the_stored_keyring(owner):
    stored = Keyring.objects.get(user=owner.user).stored()
    assert Keyring.fields_from(stored)["kdf_opslimit"] == stored.kdf_params.opslimit
    again = Keyring(user=owner.user, **Keyring.fields_from(stored)).stored()
    assert again == stored


def test_person_made_under_old_kdf_settings_still_unlocks_after_they_change(
    owner, settings, monkeypatch
):
    settings.VAULT_KDF_OPSLIMIT = NEW.opslimit
    settings.VAULT_KDF_MEMLIMIT = NEW.memlimit
    seen: list[KdfParams] = []
    real_derive = crypto.derive_from_passphrase

    def recording_derive(passphrase, salt, params):
        seen.append(params)
        return real_derive(passphrase, salt, params)

    monkeypatch.setattr(crypto, "derive_from_passphrase", recording_derive)

    entry = put(owner)
    keys = keyring.unlock_with_passphrase(
        Keyring.objects.get(user=owner.user).stored(), owner.passphrase
    )
    assert services.entry_open(reloaded(entry), keys) == CONTENT
    assert login_works(owner.user.username, owner.passphrase)
    assert seen == [OLD, OLD]

    newcomer = make_person("ash")
    assert Keyring.objects.get(user=newcomer.user).stored().kdf_params == NEW
    assert seen[-1] == NEW  # the newcomer's login derives with their own, newer parameters


def test_passphrase_change_stores_the_current_kdf_parameters(owner, settings):
    entry = put(owner)
    settings.VAULT_KDF_OPSLIMIT = NEW.opslimit
    settings.VAULT_KDF_MEMLIMIT = NEW.memlimit
    response = owner.client.post(
        "/account/passphrase/",
        {
            "passphrase": owner.passphrase,
            "new_passphrase": NEW_PASSPHRASE,
            "new_passphrase_again": NEW_PASSPHRASE,
        },
    )
    assert response.status_code == 302
    stored = Keyring.objects.get(user=owner.user).stored()
    assert stored.kdf_params == NEW
    keys = keyring.unlock_with_passphrase(stored, NEW_PASSPHRASE)
    assert services.entry_open(reloaded(entry), keys) == CONTENT


def test_login_fails_if_the_stored_kdf_parameters_are_altered(owner):
    Keyring.objects.filter(user=owner.user).update(kdf_opslimit=2)
    assert not login_works(owner.user.username, owner.passphrase)


def test_entry_content_is_canonical_json_padded_to_a_whole_block(owner):
    entry = put(owner, {"b": 1, "a": "é"})
    plaintext = sealing.open_as_owner(
        owner.keys, bytes(reloaded(entry).blob), bytes(reloaded(entry).owner_wrap), aad=entry.aad
    )
    canonical = json.dumps({"a": "é", "b": 1}, sort_keys=True, separators=(",", ":")).encode()
    assert plaintext.rstrip(b" ") == canonical
    assert len(plaintext) == services.PAD_BLOCK


def test_the_length_of_a_sealed_entry_does_not_tell_which_words_were_chosen(db):
    user, keys, _ = create_account("ash")
    sizes = set()
    for kind_of_loss in ("miscarriage", "ectopic", "molar", "stillbirth", "tfmr", "", "unsaid"):
        entry = services.entry_put(
            owner=user,
            keys=keys,
            kind="about_loss",
            index_value=kind_of_loss or "none",
            content={"kind": kind_of_loss, "name": "", "loss_date": None, "due_date": None},
        )
        sizes.add(len(bytes(entry.blob)))
    assert len(sizes) == 1


def test_only_the_rough_size_of_free_text_shows(db):
    user, keys, _ = create_account("ash")

    def size(note: str) -> int:
        entry = services.entry_put(
            owner=user,
            keys=keys,
            kind="k",
            index_value=note[:5] + str(len(note)),
            content={"note": note},
        )
        return len(bytes(entry.blob))

    assert size("a") == size("a" * 200)
    assert size("a" * 300) == size("a" * 200) + services.PAD_BLOCK


def test_entries_sealed_before_padding_still_open(db, monkeypatch):
    user, keys, _ = create_account("ash")
    monkeypatch.setattr(services, "PAD_BLOCK", 1)
    content = {"day": "2026-03-01", "mood": 2, "note": "from before"}
    entry = services.entry_put(owner=user, keys=keys, kind="k", index_value="old", content=content)
    monkeypatch.undo()
    assert services.entry_open(entry, keys) == content


def test_entries_find_reads_several_named_entries_in_one_query(db, django_assert_num_queries):
    user, keys, _ = create_account("ash")
    other, other_keys, _ = create_account("birch")
    services.entry_put(owner=user, keys=keys, kind="a", index_value="1", content={"v": "a1"})
    services.entry_put(owner=user, keys=keys, kind="b", index_value="1", content={"v": "b1"})
    services.entry_put(owner=other, keys=other_keys, kind="a", index_value="2", content={"v": 0})

    with django_assert_num_queries(1):
        found = services.entries_find(
            owner=user, keys=keys, wanted=[("a", "1"), ("b", "1"), ("a", "2"), ("c", "9")]
        )

    # The same value under two kinds is two entries; absent ones, and other people's
    # entries of the same name, are simply not there.
    assert found == {("a", "1"): {"v": "a1"}, ("b", "1"): {"v": "b1"}}
