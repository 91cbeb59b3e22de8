from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from afterwards.accounts.profile import country_for
from afterwards.journal.red_flags import SIGNS
from afterwards.loss.about import about_loss_for
from afterwards.support import helplines
from afterwards.support.forms import CountryForm


@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    """Help lines for one country, for anyone, logged in or not, whatever their scores.

    The country is the one picked on this page, else the person's own (their profile).
    A choice that is not a country is refused beside the list, and the page still shows
    everything it can: help must never be behind a form."""
    form = CountryForm(request.GET if "country" in request.GET else None)
    picked = form.cleaned_data["country"] if form.is_bound and form.is_valid() else ""
    code = picked or (country_for(request) if request.user.is_authenticated else "")
    if not form.is_bound:
        form = CountryForm(initial={"country": code})
    about = about_loss_for(request)
    urgent = helplines.urgent_help(code)
    context = {
        "form": form,
        "urgent": urgent,
        "sections": helplines.help_sections(code, about.kind),
        "kind": about.kind,
        "emergency_signs": [sign for sign in SIGNS if sign.emergency],
        "medical_signs": [sign for sign in SIGNS if not sign.emergency],
    }
    return render(request, "support/help.html", context, status=400 if form.errors else 200)
