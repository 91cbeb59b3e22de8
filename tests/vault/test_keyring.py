"""A person's key hierarchy: passphrase, recovery code, user key and key pair."""

from __future__ import annotations

import dataclasses
import math
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterwards.vault import crypto, keyring
from afterwards.vault.crypto import KdfParams, VaultError
from afterwards.vault.keyring import StoredKeyring, UnlockedKeys
from tests.vault._support import FAST, NORMAL_FORMS, flipped, nfkc, passphrases, with_header

PASSPHRASE = "quiet river under morning light"
NEW_PASSPHRASE = "slow tide over winter fields"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

derivations = settings(max_examples=15, deadline=None)


@pytest.fixture(scope="module")
def created() -> tuple[StoredKeyring, UnlockedKeys, str]:
    return keyring.create(PASSPHRASE, FAST)


def same_keys(first: UnlockedKeys, second: UnlockedKeys) -> bool:
    return (first.user_key, first.secret_key, first.public_key) == (
        second.user_key,
        second.secret_key,
        second.public_key,
    )


# --- creating and unlocking ----------------------------------------------------------------


@derivations
@given(passphrase=passphrases)
def test_keyring_unlocks_with_the_passphrase_it_was_created_with(passphrase):
    stored, keys, _ = keyring.create(passphrase, FAST)
    assert same_keys(keyring.unlock_with_passphrase(stored, passphrase), keys)


@derivations
@given(
    passphrase=passphrases,
    created_form=st.sampled_from(NORMAL_FORMS),
    typed_form=st.sampled_from(NORMAL_FORMS),
)
def test_keyring_unlocks_with_an_nfkc_equivalent_form_of_the_passphrase(
    passphrase, created_form, typed_form
):
    stored, keys, _ = keyring.create(unicodedata.normalize(created_form, passphrase), FAST)
    typed = unicodedata.normalize(typed_form, passphrase)
    assert same_keys(keyring.unlock_with_passphrase(stored, typed), keys)


def test_keyring_made_with_a_ligature_unlocks_with_plain_letters():
    stored, keys, _ = keyring.create("ﬁre and ﬂood on ｔｕｅｓｄａｙ", FAST)
    assert same_keys(keyring.unlock_with_passphrase(stored, "fire and flood on tuesday"), keys)


@derivations
@given(passphrase=passphrases, wrong=passphrases)
def test_keyring_does_not_unlock_with_another_passphrase(passphrase, wrong):
    if nfkc(wrong) == nfkc(passphrase):
        wrong = passphrase + " "
    stored, _, _ = keyring.create(passphrase, FAST)
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(stored, wrong)


@pytest.mark.parametrize(
    "wrong",
    [
        "",
        "quiet river under morning ligh",
        "Quiet river under morning light",
        "quiet river under morning light ",
        "quiet  river under morning light",
    ],
)
def test_keyring_does_not_unlock_with_a_near_miss_passphrase(created, wrong):
    stored, _, _ = created
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(stored, wrong)


def test_every_keyring_has_its_own_keys_and_salts():
    first, _, first_code = keyring.create(PASSPHRASE, FAST)
    second, _, second_code = keyring.create(PASSPHRASE, FAST)
    assert first.kdf_salt != second.kdf_salt
    assert first.recovery_salt != second.recovery_salt
    assert first.public_key != second.public_key
    assert first_code != second_code
    with pytest.raises(VaultError):  # same passphrase, another person's salt and wraps
        keyring.unlock_with_passphrase(
            dataclasses.replace(second, uk_by_passphrase=first.uk_by_passphrase), PASSPHRASE
        )


def test_stored_keyring_holds_no_key_in_clear(created):
    stored, keys, code = created
    stored_bytes = b"".join(
        value for value in dataclasses.asdict(stored).values() if isinstance(value, bytes)
    )
    assert keys.user_key not in stored_bytes
    assert keys.secret_key not in stored_bytes
    assert code.replace("-", "").encode() not in stored_bytes
    assert PASSPHRASE.encode() not in stored_bytes
    assert stored.public_key == keys.public_key  # the one thing meant to be in clear


def test_stored_keyring_records_the_kdf_parameters_it_was_made_with():
    params = KdfParams(opslimit=2, memlimit=16 * 1024 * 1024)
    stored, _, _ = keyring.create(PASSPHRASE, params)
    assert stored.kdf_params == params


def test_unlocked_keys_never_show_their_bytes(created):
    _, keys, _ = created
    assert keys.user_key.hex() not in repr(keys)
    assert repr(keys) == "UnlockedKeys(…)"


def test_subkeys_of_unlocked_keys_differ_by_purpose(created):
    _, keys, _ = created
    assert keys.subkey("blind-index") != keys.subkey("other")
    assert keys.subkey("blind-index") != keys.user_key


# --- the KDF parameters are those stored, not those of today's settings ---------------------


def test_unlock_uses_the_parameters_stored_with_the_keyring(monkeypatch):
    old_params = KdfParams(opslimit=2, memlimit=8 * 1024 * 1024)
    stored, keys, _ = keyring.create(PASSPHRASE, old_params)
    seen: list[KdfParams] = []
    real_derive = crypto.derive_from_passphrase

    def recording_derive(passphrase, salt, params):
        seen.append(params)
        return real_derive(passphrase, salt, params)

    monkeypatch.setattr(crypto, "derive_from_passphrase", recording_derive)
    assert same_keys(keyring.unlock_with_passphrase(stored, PASSPHRASE), keys)
    assert seen == [old_params]


@pytest.mark.parametrize(
    "changed",
    [
        KdfParams(opslimit=2, memlimit=FAST.memlimit),
        KdfParams(opslimit=1, memlimit=16 * 1024 * 1024),
    ],
)
def test_keyring_does_not_unlock_if_its_stored_parameters_are_changed(created, changed):
    stored, _, _ = created
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(dataclasses.replace(stored, kdf_params=changed), PASSPHRASE)


def test_keyring_with_an_unknown_kdf_algorithm_does_not_unlock(created):
    stored, _, _ = created
    unknown = KdfParams(FAST.opslimit, FAST.memlimit, algorithm="argon2i13")
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(dataclasses.replace(stored, kdf_params=unknown), PASSPHRASE)


# --- recovery codes -----------------------------------------------------------------------


def test_recovery_code_carries_at_least_128_bits():
    code = keyring.new_recovery_code()
    symbols = code.replace("-", "")
    assert len(set(ALPHABET)) == 32
    assert len(symbols) == 28
    assert set(symbols) <= set(ALPHABET)
    assert len(symbols) * math.log2(len(ALPHABET)) >= 128


def test_recovery_code_is_shown_in_groups_of_four():
    groups = keyring.new_recovery_code().split("-")
    assert [len(group) for group in groups] == [4] * 7


def test_recovery_codes_do_not_repeat():
    codes = {keyring.new_recovery_code() for _ in range(200)}
    assert len(codes) == 200


def test_recovery_code_alphabet_has_no_lookalike_letters():
    code_letters = set("".join(keyring.new_recovery_code() for _ in range(200)))
    assert code_letters.isdisjoint(set("ILOU"))
    assert code_letters <= set(ALPHABET) | {"-"}


def test_recovery_code_unlocks_the_same_keys_as_the_passphrase(created):
    stored, keys, code = created
    assert same_keys(keyring.unlock_with_recovery_code(stored, code), keys)


canonical_codes = st.text(alphabet=ALPHABET, min_size=28, max_size=28)
lookalike = {"1": "1IiLl", "0": "0Oo"}


@st.composite
def as_typed_by_hand(draw, canonical: str) -> str:
    """The code the way a person might copy it: any case, lookalikes, spaces or dashes."""
    typed = []
    for position, symbol in enumerate(canonical):
        choices = lookalike.get(symbol, symbol + symbol.lower())
        typed.append(draw(st.sampled_from(choices)))
        if position % 4 == 3 and position < 27:
            typed.append(draw(st.sampled_from(["", "-", " ", "  ", " - ", "\t"])))
    prefix = draw(st.sampled_from(["", " ", "\n"]))
    suffix = draw(st.sampled_from(["", " ", "\n"]))
    return prefix + "".join(typed) + suffix


@settings(deadline=None)
@given(data=st.data(), canonical=canonical_codes)
def test_recovery_code_copied_by_hand_normalises_to_the_code(data, canonical):
    typed = data.draw(as_typed_by_hand(canonical))
    assert keyring.normalise_recovery_code(typed) == canonical


@settings(deadline=None)
@given(data=st.data())
def test_recovery_code_unlocks_in_lower_case_with_spaces_and_lookalikes(created, data):
    stored, keys, code = created
    typed = data.draw(as_typed_by_hand(code.replace("-", "")))
    assert same_keys(keyring.unlock_with_recovery_code(stored, typed), keys)


def test_recovery_code_with_i_l_and_o_lookalikes_unlocks(monkeypatch):
    monkeypatch.setattr(keyring, "new_recovery_code", lambda: "1100-ABCD-EFGH-JKMN-PQRS-TVWX-YZ10")
    stored, keys, code = keyring.create(PASSPHRASE, FAST)
    assert code == "1100-ABCD-EFGH-JKMN-PQRS-TVWX-YZ10"
    typed = "il0o abcd efgh jkmn pqrs tvwx yzIO"
    assert same_keys(keyring.unlock_with_recovery_code(stored, typed), keys)


@pytest.mark.parametrize(
    "not_a_code",
    [
        "",
        "0000-0000-0000-0000-0000-0000-000",  # one symbol short
        "0000-0000-0000-0000-0000-0000-00000",  # one symbol long
        "0000-0000-0000-0000-0000-0000-000U",  # U is not in the alphabet
        "0000-0000-0000-0000-0000-0000-000é",
        "０000-0000-0000-0000-0000-0000-0000",  # a full-width digit
        "quiet river under morning light",
    ],
)
def test_text_that_is_not_a_recovery_code_is_refused(not_a_code):
    with pytest.raises(VaultError):
        keyring.normalise_recovery_code(not_a_code)


@settings(deadline=None)
@given(wrong=canonical_codes)
def test_keyring_does_not_unlock_with_another_recovery_code(created, wrong):
    stored, _, code = created
    if wrong == code.replace("-", ""):
        wrong = ("1" if wrong[0] != "1" else "2") + wrong[1:]
    with pytest.raises(VaultError):
        keyring.unlock_with_recovery_code(stored, wrong)


def test_keyring_does_not_unlock_with_a_recovery_code_one_symbol_off(created):
    stored, _, code = created
    symbols = code.replace("-", "")
    for position in range(len(symbols)):
        replacement = "Z" if symbols[position] != "Z" else "Y"
        wrong = symbols[:position] + replacement + symbols[position + 1 :]
        with pytest.raises(VaultError):
            keyring.unlock_with_recovery_code(stored, wrong)


def test_passphrase_is_not_a_recovery_code_nor_the_other_way(created):
    stored, _, code = created
    with pytest.raises(VaultError):
        keyring.unlock_with_recovery_code(stored, PASSPHRASE)
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(stored, code)


def test_new_recovery_code_invalidates_the_old_one(created):
    stored, keys, old_code = created
    updated, new_code = keyring.with_new_recovery_code(stored, keys)
    assert new_code != old_code
    assert same_keys(keyring.unlock_with_recovery_code(updated, new_code), keys)
    with pytest.raises(VaultError):
        keyring.unlock_with_recovery_code(updated, old_code)
    # Only the recovery half changed.
    assert updated.recovery_salt != stored.recovery_salt
    assert updated.uk_by_passphrase == stored.uk_by_passphrase
    assert updated.secret_key_sealed == stored.secret_key_sealed
    assert same_keys(keyring.unlock_with_passphrase(updated, PASSPHRASE), keys)


# --- a new passphrase re-wraps the user key only ------------------------------------------


@settings(max_examples=8, deadline=None)
@given(new_passphrase=passphrases)
def test_new_passphrase_unlocks_the_same_keys_and_the_old_one_no_longer_does(
    created, new_passphrase
):
    if nfkc(new_passphrase) == nfkc(PASSPHRASE):
        new_passphrase = NEW_PASSPHRASE
    stored, keys, code = created
    updated = keyring.with_new_passphrase(stored, keys, new_passphrase, FAST)
    assert same_keys(keyring.unlock_with_passphrase(updated, new_passphrase), keys)
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(updated, PASSPHRASE)
    assert same_keys(keyring.unlock_with_recovery_code(updated, code), keys)


def test_new_passphrase_changes_only_the_passphrase_wrap_and_its_salt(created):
    stored, keys, _ = created
    updated = keyring.with_new_passphrase(stored, keys, NEW_PASSPHRASE, FAST)
    assert updated.kdf_salt != stored.kdf_salt
    assert updated.uk_by_passphrase != stored.uk_by_passphrase
    for unchanged in ("recovery_salt", "uk_by_recovery", "public_key", "secret_key_sealed"):
        assert getattr(updated, unchanged) == getattr(stored, unchanged)


def test_new_passphrase_stores_the_parameters_it_was_derived_with(created):
    stored, keys, _ = created
    stronger = KdfParams(opslimit=2, memlimit=16 * 1024 * 1024)
    updated = keyring.with_new_passphrase(stored, keys, NEW_PASSPHRASE, stronger)
    assert updated.kdf_params == stronger
    assert same_keys(keyring.unlock_with_passphrase(updated, NEW_PASSPHRASE), keys)


# --- tampering and swapping ----------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_flipping_any_byte_of_the_passphrase_wrap_or_its_salt_fails(created, data):
    stored, _, _ = created
    field = data.draw(st.sampled_from(["uk_by_passphrase", "kdf_salt"]))
    value = getattr(stored, field)
    position = data.draw(st.integers(0, len(value) - 1))
    mask = data.draw(st.integers(1, 255))
    tampered = dataclasses.replace(stored, **{field: flipped(value, position, mask)})
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(tampered, PASSPHRASE)


@pytest.mark.parametrize(
    "field", ["uk_by_recovery", "recovery_salt", "secret_key_sealed", "public_key"]
)
def test_flipping_any_byte_of_the_recovery_wrap_or_key_pair_fails(created, field):
    stored, _, code = created
    value = getattr(stored, field)
    for position in range(len(value)):
        tampered = dataclasses.replace(stored, **{field: flipped(value, position)})
        with pytest.raises(VaultError):
            keyring.unlock_with_recovery_code(tampered, code)


@pytest.mark.parametrize(
    ("field", "unlock_with"),
    [
        ("uk_by_passphrase", "passphrase"),
        ("uk_by_recovery", "recovery code"),
        ("secret_key_sealed", "passphrase"),
        ("secret_key_sealed", "recovery code"),
    ],
)
@pytest.mark.parametrize(("version", "algorithm"), [(2, 1), (0, 1), (1, 2), (1, 9)])
def test_unknown_header_on_a_stored_wrap_fails(created, field, unlock_with, version, algorithm):
    stored, _, code = created
    tampered = dataclasses.replace(
        stored, **{field: with_header(getattr(stored, field), version, algorithm)}
    )
    with pytest.raises(VaultError):
        if unlock_with == "passphrase":
            keyring.unlock_with_passphrase(tampered, PASSPHRASE)
        else:
            keyring.unlock_with_recovery_code(tampered, code)


def test_secret_key_of_another_keyring_does_not_open(created):
    stored, _, code = created
    other, _, _ = keyring.create(PASSPHRASE, FAST)
    moved = dataclasses.replace(stored, secret_key_sealed=other.secret_key_sealed)
    with pytest.raises(VaultError):
        keyring.unlock_with_recovery_code(moved, code)


def test_public_key_swapped_for_another_persons_does_not_open(created):
    # The sealed secret key is bound to its public key: nobody can slip in a key pair
    # whose public half they chose, so that shares meant for this person go to them.
    stored, _, code = created
    other_public, _ = crypto.new_key_pair()
    with pytest.raises(VaultError):
        keyring.unlock_with_recovery_code(
            dataclasses.replace(stored, public_key=other_public), code
        )


def test_passphrase_wrap_put_in_the_recovery_slot_does_not_open(created):
    stored, _, code = created
    swapped = dataclasses.replace(
        stored,
        uk_by_recovery=stored.uk_by_passphrase,
        uk_by_passphrase=stored.uk_by_recovery,
    )
    with pytest.raises(VaultError):
        keyring.unlock_with_passphrase(swapped, PASSPHRASE)
    with pytest.raises(VaultError):
        keyring.unlock_with_recovery_code(swapped, code)
