from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from afterwards.accounts import services
from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.accounts.device import look_after_login, look_remember, theme_chosen, theme_remember
from afterwards.accounts.forms import (
    INVITE_INVALID,
    USERNAME_TAKEN,
    ConfirmPassphraseForm,
    DeleteAccountForm,
    LoginForm,
    PassphraseChangeForm,
    ProfileForm,
    RecoverForm,
    RecoveryCodeKeptForm,
    SignUpForm,
    ThemeForm,
)
from afterwards.accounts.models import User, UserSession
from afterwards.accounts.profile import Profile, profile_for, profile_save
from afterwards.vault.middleware import VaultRequest, vault_session_end

LOGIN_FAILED = "That user name and passphrase did not open an account. Please check both."
LOCKED_OUT = (
    "There have been too many attempts for this user name from here. For your safety, "
    "please wait {minutes} before the next one."
)


def _lockout_message() -> str:
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    return LOCKED_OUT.format(minutes=f"{minutes} minute{'' if minutes == 1 else 's'}")


def locked_out(
    request: HttpRequest, response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """django-axes calls this when an attempt is refused or reaches the limit.

    Every view that checks a passphrase already says so beside its own form, so its
    response stands; only without one is the login page shown with the message.
    """
    if response is not None:
        return response
    form = LoginForm(data={"username": (credentials or {}).get("username", "")})
    form.is_valid()
    form.add_error(None, _lockout_message())
    return render(request, "accounts/login.html", {"form": form}, status=429)


def _me(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require_GET
def home(request: VaultRequest) -> HttpResponse:
    if request.user.is_authenticated and request.vault is not None:
        return redirect("journal:today")
    return render(request, "accounts/welcome.html", {"registration": settings.REGISTRATION})


@require_http_methods(["GET", "POST"])
def signup(request: VaultRequest) -> HttpResponse:
    next_page = _next_page(request)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        country, declined = form.country_chosen()
        try:
            user, keys, code = services.account_create(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                passphrase=form.cleaned_data["new_passphrase"],
                invite_code=form.cleaned_data.get("invite_code"),
                country=country,
                country_declined=declined,
            )
        except services.InviteInvalid:
            form.add_error("invite_code", INVITE_INVALID)
        except IntegrityError:
            # Someone took the same name between the check and the save.
            form.add_error("username", USERNAME_TAKEN)
        else:
            services.session_begin(request, user, keys)
            services.pending_code_set(request, code)
            if next_page:  # after the recovery code, back to where they were sent from
                services.after_code_set(request, next_page)
            return redirect("accounts:recovery_code")
    context = {
        "form": form,
        "next_page": next_page,
        "invited": _invited(next_page),
    }
    return render(request, "accounts/signup.html", context)


@require_http_methods(["GET", "POST"])
def recovery_code(request: VaultRequest) -> HttpResponse:
    if not request.user.is_authenticated or request.vault is None:
        return redirect("accounts:login")
    code = services.pending_code_get(request)
    if code is None:
        services.pending_code_clear(request)
        return redirect("journal:today")
    form = RecoveryCodeKeptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert isinstance(request.user, User)
        services.recovery_code_kept(request, user=request.user)
        return redirect(_safe(request, services.after_code_take(request)) or "journal:today")
    context = {
        "form": form,
        "code": code,
        "recovered": services.pending_code_after_recovery(request),
        "address": request.build_absolute_uri("/"),
    }
    return render(request, "accounts/recovery_code.html", context)


@require_GET
def recovery_code_download(request: VaultRequest) -> HttpResponse:
    """The code waiting on the recovery code page, as a small text file.

    Only the session that holds the code can have it (it is sealed to that browser's
    cookie), only until they say they kept it, and never kept by a cache on the way.
    """
    if not request.user.is_authenticated or request.vault is None:
        return redirect("accounts:login")
    code = services.pending_code_get(request)
    if code is None:
        raise Http404("no recovery code waiting")
    text = render_to_string(
        "accounts/recovery_code.txt",
        {"code": code, "address": request.build_absolute_uri("/")},
        request=request,
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recovery-code.txt"'
    response["Cache-Control"] = "no-store"
    return response


def _next_page(request: HttpRequest) -> str:
    """Where to go after logging in or signing up: a page of this site the person was
    sent from (an invitation's link, say), or Today. Anything off the site is ignored."""
    return _safe(request, request.POST.get("next") or request.GET.get("next") or "")


def _safe(request: HttpRequest, wanted: str) -> str:
    safe = wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else ""


def _invited(next_page: str) -> bool:
    """Whether the page to come back to is an invitation's link."""
    return next_page.startswith(reverse("couple:join"))


@require_http_methods(["GET", "POST"])
def login_view(request: VaultRequest) -> HttpResponse:
    next_page = _next_page(request)
    if request.user.is_authenticated and request.vault is not None:
        return redirect(next_page or "journal:today")
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = services.account_login(
            request,
            username=form.cleaned_data["username"],
            passphrase=form.cleaned_data["passphrase"],
        )
        if outcome.user is not None:
            response = redirect(next_page or "journal:today")
            look_after_login(request, response)
            return response
        if outcome.locked_out:
            form.add_error(None, _lockout_message())
            status = 429
        else:
            form.add_error(None, LOGIN_FAILED)
    context = {
        "form": form,
        "next_page": next_page,
        "invited": _invited(next_page),
    }
    return render(request, "accounts/login.html", context, status=status)


@require_GET
def quick_exit(request: VaultRequest) -> HttpResponse:
    """End the session at once and go to the host's neutral page.

    A plain GET, so that the link works without JavaScript and from any page. Anyone
    could make a browser follow it, and the worst it does is log a person out.
    """
    if request.user.is_authenticated:
        vault_session_end(request)
    return redirect(settings.QUICK_EXIT_URL)


@require_POST
def logout_view(request: VaultRequest) -> HttpResponse:
    vault_session_end(request)
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def recover(request: VaultRequest) -> HttpResponse:
    form = RecoverForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if services.attempts_paused(request, username):
            form.add_error(None, _lockout_message())
            status = 429
        else:
            code = services.account_recover(
                request,
                username=username,
                code=form.cleaned_data["recovery_code"],
                new_passphrase=form.cleaned_data["new_passphrase"],
            )
            if code is not None:
                response = redirect("accounts:recovery_code")
                look_after_login(request, response)
                return response
            if getattr(request, "axes_locked_out", False):
                # This failure reached the limit: say so here, not on the log-in page.
                form.add_error(None, _lockout_message())
                status = 429
            else:
                form.add_error(None, "That user name and recovery code did not open an account.")
    return render(request, "accounts/recover.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@person_required
def passphrase_change(request: PersonRequest) -> HttpResponse:
    user = _me(request)
    form = PassphraseChangeForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        services.passphrase_change(
            request,
            user=user,
            keys=request.vault,
            new_passphrase=form.cleaned_data["new_passphrase"],
        )
        messages.success(
            request, "Your passphrase is changed. Other sessions have been logged out."
        )
        return redirect("accounts:settings")
    return render(request, "accounts/passphrase.html", {"form": form})


@require_GET
@person_required
def account_settings(request: PersonRequest) -> HttpResponse:
    user = _me(request)
    sessions = UserSession.objects.filter(user=user, expire_date__gt=timezone.now()).order_by(
        "-created_at"
    )
    return render(
        request,
        "accounts/settings.html",
        {"sessions": sessions, "current_key": request.session.session_key},
    )


@require_http_methods(["GET", "POST"])
@person_required
def preferences(request: PersonRequest) -> HttpResponse:
    current = profile_for(request)
    form = ProfileForm(request.POST or None, initial=asdict(current))
    if request.method == "POST" and form.is_valid():
        chosen = Profile(**form.cleaned_data)
        # "Prefer not to say", answered at sign-up, stands until a country is chosen.
        chosen.country_declined = current.country_declined and not chosen.country
        profile_save(owner=request.user, keys=request.vault, profile=chosen)
        messages.success(request, "Saved.")
        response = redirect("accounts:preferences")
        look_remember(response, neutral=form.cleaned_data["neutral_look"])
        return response
    status = 400 if form.is_bound else 200
    return render(request, "accounts/preferences.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@person_required
def recovery_code_new(request: PersonRequest) -> HttpResponse:
    form = ConfirmPassphraseForm(request.POST or None, user=request.user, request=request)
    if request.method == "POST" and form.is_valid():
        services.recovery_code_renew(request, user=request.user, keys=request.vault)
        return redirect("accounts:recovery_code")
    return render(request, "accounts/recovery_code_new.html", {"form": form})


@require_POST
@person_required
def logout_everywhere(request: PersonRequest) -> HttpResponse:
    services.sessions_end_everywhere(request)
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
@person_required
def delete_account(request: PersonRequest) -> HttpResponse:
    user = _me(request)
    form = DeleteAccountForm(request.POST or None, user=user, request=request)
    if request.method == "POST" and form.is_valid():
        services.account_delete(request, user=user)
        return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete.html", {"form": form})


@require_http_methods(["GET", "POST"])
def theme(request: HttpRequest) -> HttpResponse:
    """Light, dark, or as the device is set: kept in a cookie on this device (device.py),
    for anyone, logged in or not; nothing about it reaches the database."""
    data = request.POST if request.method == "POST" else None
    form = ThemeForm(data, initial={"theme": theme_chosen(request) or "device"})
    if request.method == "POST" and form.is_valid():
        response = redirect("accounts:theme")
        theme_remember(response, form.cleaned_data["theme"])
        messages.success(request, "Saved on this device.")
        return response
    status = 400 if form.is_bound else 200
    return render(request, "accounts/theme.html", {"form": form}, status=status)
