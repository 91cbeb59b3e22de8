from __future__ import annotations

from django.apps import AppConfig


class CoupleConfig(AppConfig):
    name = "afterwards.couple"
    default_auto_field = "django.db.models.BigAutoField"
