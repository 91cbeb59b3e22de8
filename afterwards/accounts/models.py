"""People, their sessions, and the host's sign-up invitations."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

if TYPE_CHECKING:
    from afterwards.accounts.sessions import SessionStore


class UserManager(BaseUserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(username__iexact=username)


class User(AbstractBaseUser):
    """An account. The user name and optional e-mail are the only personal words in clear."""

    username = models.CharField(
        "user name", max_length=40, unique=True, validators=[UnicodeUsernameValidator()]
    )
    email = models.EmailField("e-mail address", blank=True)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # No record of when a person last logged in: that is activity, and nobody's business.
    last_login = None

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("username"), name="username_unique_any_case")]

    def __str__(self) -> str:
        return self.username


class UserSession(AbstractBaseSession):
    """Django's session row, plus who it belongs to so a person can see and end them."""

    user = models.ForeignKey(User, null=True, on_delete=models.CASCADE, related_name="sessions")
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_on = models.DateField(default=timezone.localdate)
    device = models.CharField(max_length=60, blank=True)

    @classmethod
    def get_session_store_class(cls) -> type[SessionStore]:
        from afterwards.accounts.sessions import SessionStore

        return SessionStore


class RegistrationInviteQuerySet(models.QuerySet["RegistrationInvite"]):
    def usable(self) -> RegistrationInviteQuerySet:
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class RegistrationInvite(models.Model):
    """A host's one-time permission to sign up, when registration is invite-only.

    Only a hash of the code is kept.
    """

    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationInviteQuerySet.as_manager()

    def __str__(self) -> str:
        return f"registration invite {self.pk}"

    @staticmethod
    def hash_code(code: str) -> str:
        return hashlib.sha256(code.strip().upper().encode()).hexdigest()
