from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.dates.services import hard_dates_resync
from afterwards.loss.about import about_loss_for, about_loss_save
from afterwards.loss.forms import AboutLossForm


@require_http_methods(["GET", "POST"])
@person_required
def about(request: PersonRequest) -> HttpResponse:
    current = about_loss_for(request)
    if request.method == "POST":
        form = AboutLossForm(request.POST)
        if form.is_valid():
            about_loss_save(owner=request.user, keys=request.vault, about=form.about())
            hard_dates_resync(owner=request.user, keys=request.vault, about=form.about())
            messages.success(request, "Saved. Only you can read it.")
            return redirect("loss:about")
        return render(request, "loss/about.html", {"form": form, "about": current}, status=400)
    form = AboutLossForm(initial=AboutLossForm.initial_from(current))
    return render(request, "loss/about.html", {"form": form, "about": current})
