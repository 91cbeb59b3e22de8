"""The vault's primitives: AEAD sealing, authenticated boxes, key derivation and its bound."""

from __future__ import annotations

import hashlib
import os
import sys
import threading
import unicodedata

import nacl.pwhash
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afterwards.vault import crypto
from afterwards.vault.crypto import KdfParams, VaultError
from tests.vault._support import FAST, NORMAL_FORMS, flipped, nfkc, passphrases, with_header

HANG_GUARD = 30  # seconds; only so that a broken bound fails instead of hanging the suite

KEY = crypto.random_key()
OTHER_KEY = crypto.random_key()
PUBLIC_KEY, SECRET_KEY = crypto.new_key_pair()
OTHER_PUBLIC_KEY, OTHER_SECRET_KEY = crypto.new_key_pair()
HOST_PUBLIC_KEY, HOST_SECRET_KEY = crypto.new_key_pair()  # a third pair: whoever runs the server
SALT = crypto.random_salt()


# --- secret-key sealing (XChaCha20-Poly1305 with associated data) -------------------------


@settings(deadline=None)
@given(content=st.binary(max_size=4096), aad=st.binary(max_size=200))
def test_unseal_returns_what_was_sealed(content, aad):
    assert crypto.unseal(KEY, crypto.seal(KEY, content, aad), aad) == content


@settings(deadline=None)
@given(content=st.binary(max_size=200))
def test_unseal_accepts_a_memoryview_as_databases_return_it(content):
    blob = crypto.seal(KEY, content, b"row")
    assert crypto.unseal(KEY, memoryview(blob), b"row") == content


def test_sealed_blob_starts_with_version_algorithm_and_a_nonce():
    blob = crypto.seal(KEY, b"content")
    assert blob[0] == crypto.VERSION
    assert blob[1] == crypto.ALG_XCHACHA20_POLY1305
    assert len(blob) == 2 + crypto.NONCE_BYTES + len(b"content") + crypto.TAG_BYTES


def test_sealing_the_same_content_twice_gives_different_blobs():
    first, second = crypto.seal(KEY, b"same"), crypto.seal(KEY, b"same")
    assert first != second
    assert first[2 : 2 + crypto.NONCE_BYTES] != second[2 : 2 + crypto.NONCE_BYTES]


def test_sealed_blob_does_not_contain_the_content():
    content = b"the day we lost you" * 4
    assert content not in crypto.seal(KEY, content)


@settings(deadline=None)
@given(content=st.binary(max_size=200))
def test_blob_does_not_open_with_another_key(content):
    with pytest.raises(VaultError):
        crypto.unseal(OTHER_KEY, crypto.seal(KEY, content))


@settings(deadline=None)
@given(content=st.binary(max_size=200), aad=st.binary(max_size=64), other=st.binary(max_size=64))
def test_blob_does_not_open_with_other_associated_data(content, aad, other):
    if aad == other:
        other = aad + b"\x00"
    with pytest.raises(VaultError):
        crypto.unseal(KEY, crypto.seal(KEY, content, aad), other)


@settings(deadline=None)
@given(content=st.binary(max_size=64), mask=st.integers(1, 255))
def test_flipping_any_byte_of_a_blob_fails(content, mask):
    blob = crypto.seal(KEY, content, b"aad")
    for position in range(len(blob)):
        with pytest.raises(VaultError):
            crypto.unseal(KEY, flipped(blob, position, mask), b"aad")


def test_truncated_blob_fails_with_vault_error_at_every_length():
    blob = crypto.seal(KEY, b"a little content")
    for length in range(len(blob)):
        with pytest.raises(VaultError):
            crypto.unseal(KEY, blob[:length])


def test_blob_with_bytes_appended_fails():
    blob = crypto.seal(KEY, b"content")
    with pytest.raises(VaultError):
        crypto.unseal(KEY, blob + b"\x00")


@pytest.mark.parametrize(
    ("version", "algorithm"),
    [(0, 1), (2, 1), (255, 1), (1, 0), (1, 2), (1, crypto.ALG_BOX), (1, 255)],
)
def test_unknown_version_or_algorithm_header_fails(version, algorithm):
    blob = crypto.seal(KEY, b"content")
    with pytest.raises(VaultError):
        crypto.unseal(KEY, with_header(blob, version, algorithm))


def test_header_is_bound_into_the_associated_data(monkeypatch):
    # A blob written by a later version, relabelled as this one, must not open: the header
    # is authenticated, not only compared.
    monkeypatch.setattr(crypto, "VERSION", 2)
    future = crypto.seal(KEY, b"content")
    monkeypatch.undo()
    assert future[0] == 2
    with pytest.raises(VaultError):
        crypto.unseal(KEY, with_header(future, crypto.VERSION, crypto.ALG_XCHACHA20_POLY1305))


def test_blob_with_a_key_of_the_wrong_size_fails_with_vault_error():
    blob = crypto.seal(KEY, b"content")
    with pytest.raises(VaultError):
        crypto.unseal(KEY[:16], blob)


# --- authenticated boxes (from one key pair to another) ------------------------------------
#
# SECRET_KEY/PUBLIC_KEY is the sender, OTHER_* the recipient, HOST_* anyone else.


def boxed(content: bytes = b"content", aad: bytes = b"aad") -> bytes:
    return crypto.box(SECRET_KEY, OTHER_PUBLIC_KEY, content, aad)


@settings(deadline=None)
@given(content=st.binary(max_size=2048), aad=st.binary(max_size=200))
def test_unbox_returns_what_was_boxed_from_the_sender(content, aad):
    box = crypto.box(SECRET_KEY, OTHER_PUBLIC_KEY, content, aad)
    assert crypto.unbox(OTHER_SECRET_KEY, PUBLIC_KEY, box, aad) == content


@settings(deadline=None)
@given(content=st.binary(max_size=200))
def test_unbox_accepts_a_memoryview_as_databases_return_it(content):
    box = boxed(content)
    assert crypto.unbox(OTHER_SECRET_KEY, PUBLIC_KEY, memoryview(box), b"aad") == content


def test_box_starts_with_version_algorithm_and_a_nonce():
    box = boxed(b"content")
    assert box[:2] == bytes((crypto.VERSION, crypto.ALG_BOX))
    inner = len(b"content") + crypto.BOX_BINDING_BYTES  # the binding travels inside
    assert len(box) == 2 + crypto.BOX_NONCE_BYTES + crypto.BOX_TAG_BYTES + inner
    assert b"content" not in box


def test_boxing_the_same_content_twice_gives_different_boxes():
    first, second = boxed(b"same"), boxed(b"same")
    assert first != second
    assert first[2 : 2 + crypto.BOX_NONCE_BYTES] != second[2 : 2 + crypto.BOX_NONCE_BYTES]


@settings(deadline=None)
@given(content=st.binary(max_size=200))
def test_box_does_not_open_with_another_recipients_secret_key(content):
    for secret_key in (HOST_SECRET_KEY, SECRET_KEY):
        with pytest.raises(VaultError):
            crypto.unbox(secret_key, PUBLIC_KEY, boxed(content), b"aad")


@settings(deadline=None)
@given(content=st.binary(max_size=200))
def test_box_made_by_a_third_key_pair_does_not_open_as_from_the_sender(content):
    # Whoever has the recipient's public key can box to them; only the sender's secret key
    # makes a box that opens as from the sender.
    forged = crypto.box(HOST_SECRET_KEY, OTHER_PUBLIC_KEY, content, b"aad")
    with pytest.raises(VaultError):
        crypto.unbox(OTHER_SECRET_KEY, PUBLIC_KEY, forged, b"aad")
    # It opens as from the one who really made it: a forgery, not a broken box.
    assert crypto.unbox(OTHER_SECRET_KEY, HOST_PUBLIC_KEY, forged, b"aad") == content


def test_box_does_not_open_as_sent_the_other_way():
    # crypto_box's key is the same from A to B as from B to A; the binding of both public
    # keys is what tells the directions apart.
    box = boxed()
    with pytest.raises(VaultError):
        crypto.unbox(SECRET_KEY, OTHER_PUBLIC_KEY, box, b"aad")


@settings(deadline=None)
@given(content=st.binary(max_size=200), aad=st.binary(max_size=64), other=st.binary(max_size=64))
def test_box_does_not_open_with_other_associated_data(content, aad, other):
    if aad == other:
        other = aad + b"\x00"
    box = crypto.box(SECRET_KEY, OTHER_PUBLIC_KEY, content, aad)
    with pytest.raises(VaultError):
        crypto.unbox(OTHER_SECRET_KEY, PUBLIC_KEY, box, other)


@settings(deadline=None)
@given(content=st.binary(max_size=64), mask=st.integers(1, 255))
def test_flipping_any_byte_of_a_box_fails(content, mask):
    box = boxed(content)
    for position in range(len(box)):
        with pytest.raises(VaultError):
            crypto.unbox(OTHER_SECRET_KEY, PUBLIC_KEY, flipped(box, position, mask), b"aad")


def test_truncated_box_fails_with_vault_error_at_every_length():
    box = boxed(b"a little content")
    for length in range(len(box)):
        with pytest.raises(VaultError):
            crypto.unbox(OTHER_SECRET_KEY, PUBLIC_KEY, box[:length], b"aad")


def test_box_with_bytes_appended_fails():
    with pytest.raises(VaultError):
        crypto.unbox(OTHER_SECRET_KEY, PUBLIC_KEY, boxed() + b"\x00", b"aad")


@pytest.mark.parametrize(
    ("version", "algorithm"),
    [(0, 3), (2, 3), (1, 0), (1, crypto.ALG_XCHACHA20_POLY1305), (1, 2), (1, 4), (255, 255)],
)
def test_unknown_version_or_algorithm_header_of_a_box_fails(version, algorithm):
    with pytest.raises(VaultError):
        crypto.unbox(OTHER_SECRET_KEY, PUBLIC_KEY, with_header(boxed(), version, algorithm), b"aad")


def test_box_header_is_bound_into_what_is_authenticated(monkeypatch):
    monkeypatch.setattr(crypto, "VERSION", 2)
    future = boxed()
    monkeypatch.undo()
    assert future[0] == 2
    with pytest.raises(VaultError):
        crypto.unbox(
            OTHER_SECRET_KEY,
            PUBLIC_KEY,
            with_header(future, crypto.VERSION, crypto.ALG_BOX),
            b"aad",
        )


@pytest.mark.parametrize(
    "bad_key",
    [b"", b"\x01" * 16, b"\x01" * 31, b"\x01" * 33, bytes(32)],
    ids=["empty", "16-bytes", "31-bytes", "33-bytes", "all-zero"],
)
def test_keys_of_the_wrong_size_or_no_shared_secret_fail_with_vault_error(bad_key):
    box = boxed()
    with pytest.raises(VaultError):
        crypto.unbox(OTHER_SECRET_KEY, bad_key, box, b"aad")
    with pytest.raises(VaultError):
        crypto.box(SECRET_KEY, bad_key, b"content", b"aad")
    if len(bad_key) != 32:  # an all-zero secret key is still a key, though a poor one
        with pytest.raises(VaultError):
            crypto.unbox(bad_key, PUBLIC_KEY, box, b"aad")
        with pytest.raises(VaultError):
            crypto.box(bad_key, OTHER_PUBLIC_KEY, b"content", b"aad")


def test_a_box_is_not_taken_for_a_sealed_blob_nor_the_other_way():
    with pytest.raises(VaultError):
        crypto.unseal(KEY, boxed(b"x" * 64))
    with pytest.raises(VaultError):
        crypto.unbox(OTHER_SECRET_KEY, PUBLIC_KEY, crypto.seal(KEY, b"x" * 64), b"aad")


def test_new_key_pairs_are_x25519_pairs_and_differ():
    public_key, secret_key = crypto.new_key_pair()
    assert len(public_key) == len(secret_key) == 32
    assert public_key != secret_key
    assert crypto.new_key_pair() != (public_key, secret_key)


# --- keys for one purpose, keyed hashes ----------------------------------------------------


def test_subkeys_are_stable_and_differ_by_purpose_and_key():
    assert crypto.subkey(KEY, "kek") == crypto.subkey(KEY, "kek")
    assert crypto.subkey(KEY, "kek") != crypto.subkey(KEY, "auth")
    assert crypto.subkey(KEY, "kek") != crypto.subkey(OTHER_KEY, "kek")
    assert len(crypto.subkey(KEY, "kek")) == crypto.KEY_BYTES
    assert crypto.subkey(KEY, "kek") != KEY


@settings(deadline=None)
@given(message=st.binary(max_size=100))
def test_keyed_hash_depends_on_the_key(message):
    assert crypto.keyed_hash(KEY, message) == crypto.keyed_hash(KEY, message)
    assert crypto.keyed_hash(KEY, message) != crypto.keyed_hash(OTHER_KEY, message)
    assert len(crypto.keyed_hash(KEY, message)) == 16
    assert len(crypto.keyed_hash(KEY, message, size=32)) == 32


def test_random_keys_and_salts_have_their_sizes_and_differ():
    assert len(crypto.random_key()) == crypto.KEY_BYTES
    assert len(crypto.random_salt()) == crypto.SALT_BYTES
    assert crypto.random_key() != crypto.random_key()
    assert crypto.random_salt() != crypto.random_salt()


# --- key derivation from a passphrase ------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "equivalent"),
    [
        ("ﬁre and ﬂood", "fire and flood"),  # ligatures
        ("ｑｕｉｅｔ ｒｉｖｅｒ", "quiet river"),  # full-width forms from an East Asian keyboard
        ("cafe\u0301", "caf\u00e9"),  # combining accent against the precomposed letter
        ("\u212bngstr\u00f6m", "\u00c5ngstr\u00f6m"),  # the angstrom sign against Å
        ("room ①", "room 1"),
    ],
)
def test_passphrases_typed_in_equivalent_unicode_forms_normalise_alike(typed, equivalent):
    assert crypto.normalise_passphrase(typed) == crypto.normalise_passphrase(equivalent)
    assert crypto.derive_from_passphrase(typed, SALT, FAST) == crypto.derive_from_passphrase(
        equivalent, SALT, FAST
    )


@settings(max_examples=25, deadline=None)
@given(passphrase=passphrases, form=st.sampled_from(NORMAL_FORMS))
def test_any_normal_form_of_a_passphrase_derives_the_same_key(passphrase, form):
    other_form = unicodedata.normalize(form, passphrase)
    assert crypto.derive_from_passphrase(passphrase, SALT, FAST) == crypto.derive_from_passphrase(
        other_form, SALT, FAST
    )


@settings(max_examples=15, deadline=None)
@given(first=passphrases, second=passphrases)
def test_passphrases_that_are_not_equivalent_derive_different_keys(first, second):
    if nfkc(first) == nfkc(second):
        second = first + "!"
    assert crypto.derive_from_passphrase(first, SALT, FAST) != crypto.derive_from_passphrase(
        second, SALT, FAST
    )


def test_derivation_depends_on_the_salt_and_the_parameters():
    key = crypto.derive_from_passphrase("quiet river", SALT, FAST)
    assert len(key) == crypto.KEY_BYTES
    assert key != crypto.derive_from_passphrase("quiet river", crypto.random_salt(), FAST)
    assert key != crypto.derive_from_passphrase(
        "quiet river", SALT, KdfParams(opslimit=2, memlimit=FAST.memlimit)
    )
    assert key != crypto.derive_from_passphrase(
        "quiet river", SALT, KdfParams(opslimit=1, memlimit=16 * 1024 * 1024)
    )


def test_unknown_key_derivation_algorithm_fails_before_deriving(monkeypatch):
    def must_not_run(*args, **kwargs):
        raise AssertionError("derived with an unknown algorithm")

    monkeypatch.setattr(nacl.pwhash.argon2id, "kdf", must_not_run)
    with pytest.raises(VaultError):
        crypto.derive_from_passphrase("quiet river", SALT, KdfParams(1, FAST.memlimit, "scrypt"))


# --- the bound on simultaneous Argon2id derivations ----------------------------------------


@pytest.fixture
def restore_kdf_slots(monkeypatch):
    """Whatever a test sets with set_kdf_concurrency, the next test gets the original back."""
    monkeypatch.setattr(crypto, "_kdf_slots", crypto._kdf_slots)


@pytest.mark.parametrize("slots", [1, 2, 3])
def test_no_more_than_the_configured_number_of_derivations_run_at_once(
    monkeypatch, restore_kdf_slots, slots
):
    crypto.set_kdf_concurrency(slots)
    real_kdf = nacl.pwhash.argon2id.kdf
    lock = threading.Lock()
    running = 0
    most_at_once = 0
    entered = threading.Semaphore(0)  # one release per derivation that has started
    may_finish = threading.Semaphore(0)  # the test lets derivations finish

    def watched_kdf(*args, **kwargs):
        nonlocal running, most_at_once
        with lock:
            running += 1
            most_at_once = max(most_at_once, running)
        entered.release()
        try:
            if not may_finish.acquire(timeout=HANG_GUARD):
                raise RuntimeError("never allowed to finish")
            return real_kdf(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(nacl.pwhash.argon2id, "kdf", watched_kdf)

    callers = 3 * slots + 1
    results: list[bytes] = []
    errors: list[BaseException] = []

    def log_in(number: int) -> None:
        try:
            results.append(crypto.derive_from_passphrase(f"passphrase {number}", SALT, FAST))
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=log_in, args=(n,), daemon=True) for n in range(callers)]
    for thread in threads:
        thread.start()
    for _ in range(slots):
        assert entered.acquire(timeout=HANG_GUARD)

    # Every slot is held by a derivation that has not finished: nobody else may start one.
    with lock:
        assert running == slots
    assert not crypto._kdf_slots.acquire(blocking=False)

    for _ in range(callers):
        may_finish.release()
    for thread in threads:
        thread.join(timeout=HANG_GUARD)
        assert not thread.is_alive()

    assert errors == []
    assert len(results) == callers
    assert most_at_once == slots


def test_a_failing_derivation_gives_its_slot_back(monkeypatch, restore_kdf_slots):
    crypto.set_kdf_concurrency(1)

    def failing_kdf(*args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(nacl.pwhash.argon2id, "kdf", failing_kdf)
    for _ in range(3):  # with one slot, a slot not given back would block the second call
        with pytest.raises(MemoryError):
            crypto.derive_from_passphrase("quiet river", SALT, FAST)
    assert crypto._kdf_slots.acquire(blocking=False)
    crypto._kdf_slots.release()


def test_derivation_is_argon2id_with_the_given_parameters(monkeypatch):
    calls = []
    real_kdf = nacl.pwhash.argon2id.kdf

    def recording_kdf(size, password, salt, *, opslimit, memlimit):
        calls.append((size, password, salt, opslimit, memlimit))
        return real_kdf(size, password, salt, opslimit=opslimit, memlimit=memlimit)

    monkeypatch.setattr(nacl.pwhash.argon2id, "kdf", recording_kdf)
    params = KdfParams(opslimit=2, memlimit=16 * 1024 * 1024)
    crypto.derive_from_passphrase("ｑuiet", SALT, params)
    assert calls == [(crypto.KEY_BYTES, b"quiet", SALT, 2, 16 * 1024 * 1024)]


def test_plain_hash_of_a_passphrase_is_not_the_derived_key():
    derived = crypto.derive_from_passphrase("quiet river", SALT, FAST)
    assert derived != hashlib.sha256(b"quiet river").digest()
    assert derived != hashlib.blake2b(b"quiet river", digest_size=32).digest()


# --- derivations give way to pages ---------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="a nice per thread is Linux's")
def test_a_derivation_runs_in_a_thread_that_gives_way_to_pages(monkeypatch):
    """The login storm: a derivation runs at a nice 10 above the thread that asked for it,
    which keeps its own (it goes on to serve pages)."""
    real_kdf = nacl.pwhash.argon2id.kdf
    seen: dict[str, int] = {}

    def watched_kdf(*args, **kwargs):
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        seen["thread"] = threading.get_native_id()
        return real_kdf(*args, **kwargs)

    monkeypatch.setattr(nacl.pwhash.argon2id, "kdf", watched_kdf)
    caller_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    key = crypto.derive_from_passphrase("quiet river", SALT, FAST)

    assert key == real_kdf(
        crypto.KEY_BYTES, b"quiet river", SALT, opslimit=FAST.opslimit, memlimit=FAST.memlimit
    )
    assert seen["thread"] != threading.get_native_id()
    assert seen["nice"] == min(caller_nice + 10, 19) > caller_nice
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == caller_nice


@pytest.mark.skipif(sys.platform != "linux", reason="a nice per thread is Linux's")
def test_a_password_check_runs_behind_pages_too_and_answers_as_before(monkeypatch):
    from django.contrib.auth.hashers import check_password, make_password

    from afterwards.accounts.hashers import BoundedArgon2PasswordHasher

    hasher = BoundedArgon2PasswordHasher()
    hasher.time_cost, hasher.memory_cost, hasher.parallelism = 1, 1024, 1
    niceness: list[int] = []
    real_verify = crypto.kdf_behind_pages

    def watched(work, *args):
        def inside(*inner):
            niceness.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
            return work(*inner)

        return real_verify(inside, *args)

    monkeypatch.setattr("afterwards.accounts.hashers.kdf_behind_pages", watched)
    caller_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    encoded = make_password("quiet river", hasher=hasher)

    assert check_password("quiet river", encoded, preferred=hasher)
    assert not check_password("loud river", encoded, preferred=hasher)
    assert niceness and set(niceness) == {min(caller_nice + 10, 19)}
