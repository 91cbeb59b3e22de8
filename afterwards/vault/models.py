"""What the vault stores. Nothing in these tables opens anything on its own."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from afterwards.vault import sealing
from afterwards.vault.crypto import KdfParams
from afterwards.vault.keyring import StoredKeyring


class Keyring(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="keyring"
    )
    kdf_algorithm = models.CharField(max_length=16, default="argon2id13")
    kdf_opslimit = models.PositiveIntegerField()
    kdf_memlimit = models.PositiveBigIntegerField()
    kdf_salt = models.BinaryField(max_length=16)
    uk_by_passphrase = models.BinaryField()
    recovery_salt = models.BinaryField(max_length=16)
    uk_by_recovery = models.BinaryField()
    public_key = models.BinaryField(max_length=32)
    secret_key_sealed = models.BinaryField()
    # Whether the person said they kept their current recovery code. Until they do, each
    # login shows them a new one: a code nobody kept is a lost way back in.
    recovery_code_kept = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"keyring of user {self.user_id}"

    def stored(self) -> StoredKeyring:
        return StoredKeyring(
            kdf_salt=bytes(self.kdf_salt),
            kdf_params=KdfParams(self.kdf_opslimit, self.kdf_memlimit, self.kdf_algorithm),
            uk_by_passphrase=bytes(self.uk_by_passphrase),
            recovery_salt=bytes(self.recovery_salt),
            uk_by_recovery=bytes(self.uk_by_recovery),
            public_key=bytes(self.public_key),
            secret_key_sealed=bytes(self.secret_key_sealed),
        )

    @classmethod
    def passphrase_fields_from(cls, stored: StoredKeyring) -> dict[str, Any]:
        """The fields a passphrase change touches, and no others."""
        return {
            "kdf_algorithm": stored.kdf_params.algorithm,
            "kdf_opslimit": stored.kdf_params.opslimit,
            "kdf_memlimit": stored.kdf_params.memlimit,
            "kdf_salt": stored.kdf_salt,
            "uk_by_passphrase": stored.uk_by_passphrase,
        }

    @classmethod
    def fields_from(cls, stored: StoredKeyring) -> dict[str, Any]:
        return {
            **cls.passphrase_fields_from(stored),
            "recovery_salt": stored.recovery_salt,
            "uk_by_recovery": stored.uk_by_recovery,
            "public_key": stored.public_key,
            "secret_key_sealed": stored.secret_key_sealed,
        }


class EntryQuerySet(models.QuerySet["Entry"]):
    def owned_by(self, user: Any) -> EntryQuerySet:
        return self.filter(owner=user)

    def of_kind(self, kind: str) -> EntryQuerySet:
        return self.filter(kind=kind)


class Entry(models.Model):
    """One sealed piece of a person's writing: a check-in, an answer, a result.

    In clear: who owns it, what kind it is, and a blind index (a keyed hash of the day
    or other key) so that one row per day can be enforced and found.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: the unique constraint below starts with the owner.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entries", db_index=False
    )
    kind = models.CharField(max_length=32)
    index = models.BinaryField(max_length=16, null=True)
    version = models.PositiveSmallIntegerField(default=sealing.FORMAT_VERSION)
    blob = models.BinaryField()
    owner_wrap = models.BinaryField()

    objects = EntryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "kind", "index"], name="one_entry_per_owner_kind_index"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} entry {self.id}"

    @property
    def aad(self) -> bytes:
        return sealing.entry_aad(
            entry_id=str(self.id), owner_id=self.owner_id, kind=self.kind, version=self.version
        )


class PartnerWrap(models.Model):
    """The entry key boxed from the owner to one reader, for this entry: only while shared."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="partner_wraps")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    wrap = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "reader"], name="one_wrap_per_reader")
        ]

    def __str__(self) -> str:
        return f"wrap of {self.entry_id} for {self.reader_id}"
