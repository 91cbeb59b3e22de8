from __future__ import annotations

from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "afterwards.notify"
    label = "notify"
    verbose_name = "Reminders"
    default_auto_field = "django.db.models.BigAutoField"
