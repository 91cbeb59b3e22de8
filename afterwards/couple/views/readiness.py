"""Mutual readiness: a person's private answers, their own items, and where the two meet."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.couple import readiness as ready
from afterwards.couple.sharing import Pair
from afterwards.couple.space import pair_ready

ANSWER_CHOICES = [*ready.LEVELS.items(), ("", "No answer")]
OWN_ITEM_HELP = (
    "Your partner will see these words so they can answer too. They never see your answer."
)
NOT_IN_A_SPACE = "You don't share a space at the moment, so there is nothing to answer here."


class ReadinessForm(forms.Form):
    """One group of yes / maybe / not yet / no answer for each item."""

    def __init__(self, *args: Any, items: list[ready.Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[self.name_for(item)] = forms.ChoiceField(
                label=item.label,
                choices=ANSWER_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": "Please choose yes, maybe, not yet or no answer."
                },
            )

    @staticmethod
    def name_for(item: ready.Item) -> str:
        return f"item-{item.id}"

    @classmethod
    def initial_from(cls, own: ready.Readiness, items: list[ready.Item]) -> dict[str, str]:
        return {cls.name_for(item): own.answers.get(item.id, "") for item in items}

    def rows(self) -> list[tuple[ready.Item, forms.BoundField]]:
        return [(item, self[self.name_for(item)]) for item in self.items]

    def answers(self) -> dict[str, str]:
        """The answers given, for the items on the page only: others are let go."""
        return {
            item.id: self.cleaned_data[self.name_for(item)]
            for item in self.items
            if self.cleaned_data.get(self.name_for(item))
        }


class OwnItemForm(forms.Form):
    words = forms.CharField(
        label="An item in your own words",
        max_length=ready.OWN_WORDS_MAX,
        help_text=OWN_ITEM_HELP,
        error_messages={
            "required": "Please write a few words for the item.",
            "max_length": f"Please keep it to {ready.OWN_WORDS_MAX} characters or fewer.",
        },
    )

    def __init__(
        self, *args: Any, items: list[ready.Item], own: ready.Readiness, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        self.own = own

    def clean_words(self) -> str:
        words = ready.words_clean(self.cleaned_data.get("words", ""))
        if not words:
            raise forms.ValidationError("Please write a few words for the item.")
        if words.casefold() in {item.label.casefold() for item in self.items}:
            raise forms.ValidationError("This is already on the list.")
        if len(self.own.own_items) >= ready.OWN_ITEMS_MAX:
            raise forms.ValidationError(
                f"You can add up to {ready.OWN_ITEMS_MAX} items of your own. "
                "Remove one of them to add another."
            )
        return words


def _page(
    request: PersonRequest,
    *,
    pair: Pair,
    own: ready.Readiness,
    partner: ready.FromPartner,
    form: ReadinessForm | None = None,
    item_form: OwnItemForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items = ready.items_all(own, partner.items)
    if form is None:
        form = ReadinessForm(initial=ReadinessForm.initial_from(own, items), items=items)
    if item_form is None:
        item_form = OwnItemForm(items=items, own=own)
    # A paused person's own offer is not shared, so neither of them sees where they meet.
    matched = ready.matches(own, partner.offer, items) if pair.sharing else []
    context = {
        "pair": pair,
        "form": form,
        "item_form": item_form,
        "own_items": own.own_items,
        "partner_items": [item for item in items if item.source == ready.PARTNERS],
        # Only items the partner still has: one they removed is gone for both anyway.
        "hidden_count": len(set(own.hidden) & {item.id for item in partner.items}),
        "matched": matched,
    }
    return render(request, "couple/readiness.html", context, status=status)


def _alone(request: PersonRequest) -> HttpResponse:
    """A form sent from outside a space (after leaving, say): refused, and why."""
    return render(request, "couple/readiness_alone.html", {"refused": NOT_IN_A_SPACE}, status=400)


@require_http_methods(["GET", "POST"])
@person_required
def readiness(request: PersonRequest) -> HttpResponse:
    pair = pair_ready(owner=request.user, keys=request.vault)
    if pair is None:  # sent to the Together page, like every page of a space
        return _alone(request) if request.method == "POST" else redirect("couple:home")
    own = ready.readiness_get(owner=request.user, keys=request.vault, pair=pair)
    partner = ready.from_partner(reader=request.user, keys=request.vault, pair=pair)
    if request.method == "POST":
        form = ReadinessForm(request.POST, items=ready.items_all(own, partner.items))
        if not form.is_valid():
            return _page(request, pair=pair, own=own, partner=partner, form=form, status=400)
        own.answers = form.answers()
        ready.readiness_save(owner=request.user, keys=request.vault, pair=pair, readiness=own)
        messages.success(request, "Saved. Your answers are never shown to your partner.")
        return redirect("couple:readiness")
    return _page(request, pair=pair, own=own, partner=partner)


@require_http_methods(["POST"])
@person_required
def own_item_add(request: PersonRequest) -> HttpResponse:
    pair = pair_ready(owner=request.user, keys=request.vault)
    if pair is None:
        return _alone(request)
    own = ready.readiness_get(owner=request.user, keys=request.vault, pair=pair)
    partner = ready.from_partner(reader=request.user, keys=request.vault, pair=pair)
    item_form = OwnItemForm(request.POST, items=ready.items_all(own, partner.items), own=own)
    if not item_form.is_valid():
        return _page(request, pair=pair, own=own, partner=partner, item_form=item_form, status=400)
    ready.own_item_add(
        owner=request.user,
        keys=request.vault,
        pair=pair,
        readiness=own,
        words=item_form.cleaned_data["words"],
    )
    messages.success(request, "Added. You can both answer it now.")
    return redirect("couple:readiness")


@require_http_methods(["POST"])
@person_required
def own_item_remove(request: PersonRequest, item: str) -> HttpResponse:
    pair = pair_ready(owner=request.user, keys=request.vault)
    if pair is None:
        raise Http404
    own = ready.readiness_get(owner=request.user, keys=request.vault, pair=pair)
    if not ready.own_item_remove(
        owner=request.user, keys=request.vault, pair=pair, readiness=own, item_id=item
    ):
        raise Http404
    messages.success(request, "Removed, with your answer to it.")
    return redirect("couple:readiness")


@require_http_methods(["POST"])
@person_required
def partner_item_hide(request: PersonRequest, item: str) -> HttpResponse:
    pair = pair_ready(owner=request.user, keys=request.vault)
    if pair is None:
        raise Http404
    own = ready.readiness_get(owner=request.user, keys=request.vault, pair=pair)
    partner = ready.from_partner(reader=request.user, keys=request.vault, pair=pair)
    if not ready.partner_item_hide(
        owner=request.user,
        keys=request.vault,
        pair=pair,
        readiness=own,
        item_id=item,
        partner_items=partner.items,
    ):
        raise Http404
    messages.success(
        request,
        "Hidden. Your partner is not told; if it was a match, the match goes, "
        'as it would for a "not yet".',
    )
    return redirect("couple:readiness")


@require_http_methods(["POST"])
@person_required
def partner_items_show(request: PersonRequest) -> HttpResponse:
    pair = pair_ready(owner=request.user, keys=request.vault)
    if pair is None:
        return _alone(request)
    own = ready.readiness_get(owner=request.user, keys=request.vault, pair=pair)
    ready.partner_items_show_again(owner=request.user, keys=request.vault, pair=pair, readiness=own)
    messages.success(request, "Your partner's items show again.")
    return redirect("couple:readiness")
