from __future__ import annotations

from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "afterwards.vault"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings

        from afterwards.vault import crypto

        crypto.set_kdf_concurrency(settings.VAULT_KDF_CONCURRENCY)
