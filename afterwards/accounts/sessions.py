"""A database session engine whose rows know their owner, for "your sessions"."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.utils import timezone

if TYPE_CHECKING:
    from afterwards.accounts.models import UserSession


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls) -> type[UserSession]:
        from afterwards.accounts.models import UserSession

        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> UserSession:
        instance = cast("UserSession", super().create_model_instance(data))
        user_id = data.get("_auth_user_id")
        instance.user_id = int(user_id) if user_id is not None else None
        instance.device = str(data.get("_device", ""))[:60]
        instance.last_seen_on = timezone.localdate()
        created = data.get("_created")
        instance.created_at = datetime.fromisoformat(created) if created else timezone.now()
        return instance
