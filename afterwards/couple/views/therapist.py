"""For the therapist: each person's private list of things to bring up."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.couple import therapist


class ItemForm(forms.Form):
    words = forms.CharField(
        label="Something to bring up",
        max_length=therapist.WORDS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In your own words. Only you see this list.",
        error_messages={
            "required": "Please write a few words.",
            "max_length": f"Please keep it to {therapist.WORDS_MAX} characters or fewer.",
        },
    )

    def clean_words(self) -> str:
        words = therapist.words_clean(self.cleaned_data["words"])
        if not words:
            raise forms.ValidationError("Please write a few words.")
        return words


def _page(
    request: PersonRequest, *, form: ItemForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "couple/therapist.html",
        {
            "items": therapist.items_get(owner=request.user, keys=request.vault),
            "form": form or ItemForm(),
            "items_max": therapist.ITEMS_MAX,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@person_required
def index(request: PersonRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request)
    form = ItemForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        therapist.item_add_words(
            owner=request.user, keys=request.vault, words=form.cleaned_data["words"]
        )
    except therapist.CannotAdd as reason:
        form.add_error(None, str(reason))
        return _page(request, form=form, status=400)
    messages.success(request, "Added to your list.")
    return redirect("couple:therapist")


@require_http_methods(["POST"])
@person_required
def remove(request: PersonRequest, item: str) -> HttpResponse:
    if not therapist.item_remove(owner=request.user, keys=request.vault, item_id=item):
        raise Http404("no such item")
    messages.success(request, "Taken off your list.")
    return redirect("couple:therapist")
