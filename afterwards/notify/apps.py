from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete


def _person_tasks_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deleted account leaves no task row about its reminders (those rows have no
    foreign key to cascade along)."""
    from afterwards.notify.tasks import person_tasks_delete

    person_tasks_delete(user_id=instance.pk)


class NotifyConfig(AppConfig):
    name = "afterwards.notify"
    label = "notify"
    verbose_name = "Reminders"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        pre_delete.connect(
            _person_tasks_delete,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="notify_person_tasks_delete",
        )
