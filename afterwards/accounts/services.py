"""Account life: sign up, log in, change or recover a passphrase, end sessions, delete."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, login, update_session_auth_hash, user_login_failed
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from afterwards.accounts.models import RegistrationInvite, User, UserSession
from afterwards.accounts.throttle import throttle_name
from afterwards.vault import keyring
from afterwards.vault import services as vault_services
from afterwards.vault import session as vault_session
from afterwards.vault.crypto import KdfParams, VaultError
from afterwards.vault.keyring import UnlockedKeys
from afterwards.vault.middleware import (
    VaultRequest,
    vault_cookie_key,
    vault_session_end,
    vault_session_start,
)
from afterwards.vault.models import Keyring

PENDING_CODE_FIELD = "_recovery_code"
# Set while the code waiting is the one a recovery just made: its page says so.
RECOVERED_FIELD = "_recovery_code_after_recovery"
AFTER_CODE_FIELD = "_after_recovery_code"


def kdf_params() -> KdfParams:
    return KdfParams(settings.VAULT_KDF_OPSLIMIT, settings.VAULT_KDF_MEMLIMIT)


class InviteInvalid(Exception):
    pass


def account_create(
    *,
    username: str,
    email: str,
    passphrase: str,
    invite_code: str | None = None,
    country: str = "",
    country_declined: bool = False,
) -> tuple[User, UnlockedKeys, str]:
    """A new person with a new keyring. Returns the recovery code to show once.

    The slow, memory-hard work happens before the transaction, so that the database's
    write lock is never held while a passphrase is being stretched. A country chosen at
    sign-up, or "Prefer not to say", goes into the vault with the account (their profile).
    """
    from afterwards.accounts.profile import Profile, profile_save

    password_hash = make_password(passphrase)
    stored, keys, code = keyring.create(passphrase, kdf_params())
    with transaction.atomic():
        if settings.REGISTRATION == "invite":
            invite = (
                RegistrationInvite.objects.usable()
                .select_for_update()
                .filter(code_hash=RegistrationInvite.hash_code(invite_code or ""))
                .first()
            )
            if invite is None:
                raise InviteInvalid
            invite.used_at = timezone.now()
            invite.save(update_fields=["used_at"])
        user = User.objects.create(username=username, email=email, password=password_hash)
        Keyring.objects.create(user=user, **Keyring.fields_from(stored))
        if country or country_declined:
            profile = Profile(country=country, country_declined=country_declined and not country)
            profile_save(owner=user, keys=keys, profile=profile)
    return user, keys, code


def registration_invite_create(*, days: int = 14) -> str:
    code = secrets.token_hex(8).upper()
    RegistrationInvite.objects.create(
        code_hash=RegistrationInvite.hash_code(code),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return code


def _device_label(request: HttpRequest) -> str:
    agent = request.headers.get("User-Agent", "")
    browser = next(
        (
            name
            for key, name in (
                ("Firefox", "Firefox"),
                ("Edg", "Edge"),
                ("Chrome", "Chrome"),
                ("Safari", "Safari"),
            )
            if key in agent
        ),
        "A browser",
    )
    system = next(
        (
            name
            for key, name in (
                ("Android", "Android"),
                ("iPhone", "iPhone"),
                ("iPad", "iPad"),
                ("Windows", "Windows"),
                ("Mac OS", "Mac"),
                ("Linux", "Linux"),
            )
            if key in agent
        ),
        "",
    )
    return f"{browser} on {system}" if system else browser


def session_begin(request: VaultRequest, user: User, keys: UnlockedKeys) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # Old sessions hold nothing readable, but their dates are activity: let them go.
    UserSession.objects.filter(expire_date__lt=timezone.now()).delete()
    request.session["_created"] = timezone.now().isoformat()
    request.session["_device"] = _device_label(request)
    vault_session_start(request, keys)


def pending_code_set(request: HttpRequest, code: str, *, after_recovery: bool = False) -> None:
    """Remember a recovery code until the person says they have kept it, sealed to the cookie."""
    cookie_key = vault_cookie_key(request)
    assert cookie_key is not None
    request.session[PENDING_CODE_FIELD] = vault_session.seal_text(
        cookie_key, code, purpose="recovery-code"
    )
    if after_recovery:
        request.session[RECOVERED_FIELD] = True
    else:
        request.session.pop(RECOVERED_FIELD, None)


def pending_code_after_recovery(request: HttpRequest) -> bool:
    """Whether the code waiting was made by a recovery, which also changed the passphrase."""
    return bool(request.session.get(RECOVERED_FIELD))


def after_code_set(request: HttpRequest, page: str) -> None:
    """Where to go once the recovery code is kept (an invitation's link, whose token
    opens the invitation): sealed to the cookie like the code, never readable in the
    session row."""
    cookie_key = vault_cookie_key(request)
    assert cookie_key is not None
    request.session[AFTER_CODE_FIELD] = vault_session.seal_text(
        cookie_key, page, purpose="after-recovery-code"
    )


def after_code_take(request: HttpRequest) -> str:
    sealed = request.session.pop(AFTER_CODE_FIELD, None)
    cookie_key = vault_cookie_key(request)
    if not sealed or cookie_key is None:
        return ""
    try:
        return vault_session.open_text(cookie_key, sealed, purpose="after-recovery-code")
    except (VaultError, ValueError):
        return ""


def pending_code_get(request: HttpRequest) -> str | None:
    sealed = request.session.get(PENDING_CODE_FIELD)
    cookie_key = vault_cookie_key(request)
    if not sealed or cookie_key is None:
        return None
    try:
        return vault_session.open_text(cookie_key, sealed, purpose="recovery-code")
    except (VaultError, ValueError):
        return None


def pending_code_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_CODE_FIELD, None)
    request.session.pop(RECOVERED_FIELD, None)


@dataclass
class LoginOutcome:
    user: User | None
    locked_out: bool = False


def account_login(request: VaultRequest, *, username: str, passphrase: str) -> LoginOutcome:
    user = authenticate(request, username=username, password=passphrase)
    if user is None:
        return LoginOutcome(None, locked_out=bool(getattr(request, "axes_locked_out", False)))
    assert isinstance(user, User)
    try:
        keys = keyring.unlock_with_passphrase(user.keyring.stored(), passphrase)
    except (VaultError, Keyring.DoesNotExist):
        return LoginOutcome(None)
    session_begin(request, user, keys)
    if not user.keyring.recovery_code_kept:
        recovery_code_renew(request, user=user, keys=keys)
    return LoginOutcome(user)


def recovery_code_renew(request: VaultRequest, *, user: User, keys: UnlockedKeys) -> None:
    """A new recovery code, shown once; the old one stops working at once."""
    stored, code = keyring.with_new_recovery_code(user.keyring.stored(), keys)
    Keyring.objects.filter(user=user).update(
        recovery_salt=stored.recovery_salt,
        uk_by_recovery=stored.uk_by_recovery,
        recovery_code_kept=False,
    )
    pending_code_set(request, code)


def recovery_code_kept(request: VaultRequest, *, user: User) -> None:
    Keyring.objects.filter(user=user).update(recovery_code_kept=True)
    pending_code_clear(request)


def _other_sessions(user: User, keep: str | None) -> int:
    sessions = UserSession.objects.filter(user=user)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    deleted, _ = sessions.delete()
    return deleted


def sessions_end_others(*, user: User, current_session_key: str | None) -> int:
    return _other_sessions(user, current_session_key)


def sessions_end_everywhere(request: VaultRequest) -> None:
    user = request.user
    assert isinstance(user, User)
    _other_sessions(user, None)
    vault_session_end(request)


def passphrase_change(
    request: HttpRequest, *, user: User, keys: UnlockedKeys, new_passphrase: str
) -> None:
    """Re-wrap the user key only; every other session ends."""
    password_hash = make_password(new_passphrase)
    stored = keyring.with_new_passphrase(user.keyring.stored(), keys, new_passphrase, kdf_params())
    with transaction.atomic():
        # Only the passphrase's own fields: a recovery code made meanwhile stays valid.
        Keyring.objects.filter(user=user).update(**Keyring.passphrase_fields_from(stored))
        User.objects.filter(pk=user.pk).update(password=password_hash)
        user.password = password_hash
        sessions_end_others(user=user, current_session_key=request.session.session_key)
    # Django ties a session to the password hash; keep this one.
    update_session_auth_hash(request, user)


def _login_failed(request: HttpRequest, username: str) -> None:
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)


def passphrase_confirm(request: HttpRequest, *, user: User, passphrase: str) -> bool | None:
    """Check a logged-in person's passphrase before a grave change (new passphrase, erase).

    Throttled like a login, so that someone holding an open session cannot guess it
    without limit. True if right, False if wrong, None while attempts are paused.
    """
    if attempts_paused(request, user.username):
        return None
    if user.check_password(passphrase):
        return True
    _login_failed(request, user.username)
    return False


def attempts_paused(request: HttpRequest, username: str) -> bool:
    """Whether django-axes has paused attempts for this name from this address."""
    from axes.handlers.proxy import AxesProxyHandler

    credentials = {"username": username}
    return bool(AxesProxyHandler.is_locked(request, credentials=credentials))


def account_recover(
    request: VaultRequest, *, username: str, code: str, new_passphrase: str
) -> str | None:
    """Into the account with the recovery code; a new passphrase and a new code.

    Returns the new recovery code, or None if the name and code don't open an account
    (or the same code was used a moment ago, elsewhere).
    """
    user = User.objects.filter(username__iexact=username, is_active=True).first()
    ring = Keyring.objects.filter(user=user).first() if user else None
    try:
        if ring is None:
            raise VaultError("no such account")
        keys = keyring.unlock_with_recovery_code(ring.stored(), code)
    except VaultError:
        _login_failed(request, username)
        return None
    assert user is not None
    password_hash = make_password(new_passphrase)
    stored = keyring.with_new_passphrase(ring.stored(), keys, new_passphrase, kdf_params())
    stored, new_code = keyring.with_new_recovery_code(stored, keys)
    with transaction.atomic():
        # The code is single use: only the first of two recoveries at once goes through.
        updated = Keyring.objects.filter(
            pk=ring.pk, uk_by_recovery=bytes(ring.uk_by_recovery)
        ).update(**Keyring.fields_from(stored), recovery_code_kept=False)
        if not updated:
            return None
        User.objects.filter(pk=user.pk).update(password=password_hash)
        user.password = password_hash
        UserSession.objects.filter(user=user).delete()
    session_begin(request, user, keys)
    pending_code_set(request, new_code, after_recovery=True)
    return new_code


def account_delete(request: VaultRequest, *, user: User) -> None:
    """Every row of the person goes, keys first among them; their sessions end."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from afterwards.couple.membership import couple_leave

    with transaction.atomic():
        # Leaving first ends the space for the partner the way leaving always does: every
        # wrap both ways and every shared copy of theirs go, and they are told it ended.
        couple_leave(user=user)
        UserSession.objects.filter(user=user).delete()
        # django-axes keeps the (hashed) name, address and browser of failed log-ins.
        name = throttle_name(None, {"username": user.username})
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=name).delete()
        user.delete()
    vault_services.deleted_rows_scrub()
    vault_session_end(request)
