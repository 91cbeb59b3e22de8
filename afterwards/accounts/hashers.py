"""Django's Argon2 password hash, bounded like the vault's key derivation."""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher

from afterwards.vault.crypto import kdf_behind_pages, kdf_slot


class BoundedArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at 64 MiB, two lanes; at most VAULT_KDF_CONCURRENCY hashes (together with
    the vault's derivations) run at once, so a burst of logins cannot exhaust memory,
    each in a thread that gives way to pages (crypto.kdf_behind_pages).

    The algorithm name stays "argon2", so hashes made by Django's own hasher still verify
    (and are upgraded to these parameters at the next login).
    """

    time_cost = 3
    memory_cost = 64 * 1024  # KiB
    parallelism = 2

    def encode(self, password: str, salt: str) -> str:
        with kdf_slot():
            return kdf_behind_pages(super().encode, password, salt)

    def verify(self, password: str, encoded: str) -> bool:
        with kdf_slot():
            return kdf_behind_pages(super().verify, password, encoded)


class LightArgon2PasswordHasher(BoundedArgon2PasswordHasher):
    """Argon2 at a cost fit for test suites and benchmarks only; never for a host."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1
