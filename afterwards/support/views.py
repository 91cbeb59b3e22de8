from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_POST

from afterwards.accounts.profile import country_for, profile_for, profile_save
from afterwards.journal.red_flags import SIGNS
from afterwards.loss.about import about_loss_for
from afterwards.support import helplines
from afterwards.support.forms import CountryForm


def _saves_choice(request: HttpRequest) -> bool:
    """A logged-in person with their vault open: a country chosen is kept in their
    profile. Anyone else's choice lives only in the page's address."""
    return request.user.is_authenticated and getattr(request, "vault", None) is not None


def _help(request: HttpRequest, form: CountryForm, *, picked: str, status: int) -> HttpResponse:
    own = country_for(request) if request.user.is_authenticated else ""
    code = picked or own
    if not form.is_bound:
        form = CountryForm(initial={"country": code})
    about = about_loss_for(request)
    urgent = helplines.urgent_help(code)
    context = {
        "form": form,
        "urgent": urgent,
        # No country of their own yet: choosing one here keeps it for next time.
        "keeps_choice": _saves_choice(request) and not own and not picked,
        "sections": helplines.help_sections(code, about.kind),
        "kind": about.kind,
        "emergency_signs": [sign for sign in SIGNS if sign.emergency],
        "medical_signs": [sign for sign in SIGNS if not sign.emergency],
    }
    return render(request, "support/help.html", context, status=status)


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    """Help lines for one country, for anyone, logged in or not, whatever their scores.

    The country is the one picked on this page, else the person's own (their profile).
    A choice that is not a country is refused beside the list, and the page still shows
    everything it can: help must never be behind a form."""
    form = CountryForm(request.GET if "country" in request.GET else None)
    picked = form.cleaned_data["country"] if form.is_bound and form.is_valid() else ""
    return _help(request, form, picked=picked, status=400 if form.errors else 200)


def _back(request: HttpRequest) -> str:
    """The page the picker was on, if it is one of this site's."""
    wanted = request.POST.get("next", "")
    safe = wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else ""


@require_POST
def country_choose(request: HttpRequest) -> HttpResponse:
    """The country picker of an urgent box, or of the help page for someone with none.

    A logged-in person's choice is kept in their profile (a vault entry), and they go back
    to the box they chose in; anyone else goes to the help page for that country. Nothing
    but the choice made here decides the country."""
    data = QueryDict(mutable=True)
    data["country"] = request.POST.get("country", "")
    form = CountryForm(data)
    code = form.cleaned_data["country"] if form.is_valid() else ""
    if not code:
        if form.is_valid():
            form.add_error("country", "Please choose a country from the list.")
        return _help(request, form, picked="", status=400)
    if not _saves_choice(request):
        return redirect(f"{reverse('help')}?{urlencode({'country': code})}")
    profile = profile_for(request)
    profile.country, profile.country_declined = code, False
    profile_save(owner=request.user, keys=request.vault, profile=profile)  # type: ignore[attr-defined]
    messages.success(
        request,
        f"Showing numbers for {helplines.country_name(code)}. "
        "You can change your country in Preferences.",
    )
    return redirect(_back(request) or reverse("help"))
