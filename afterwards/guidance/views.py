from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from afterwards.guidance import cards
from afterwards.guidance.kinds import loss_kind_for
from afterwards.loss.about import about_loss_for


@require_GET
def card_list(request: HttpRequest) -> HttpResponse:
    """Every card, or those for one audience. Links filter, so no JavaScript is needed;
    an audience we do not know shows every card rather than an error."""
    audience = request.GET.get("for", "")
    if audience not in cards.AUDIENCES:
        audience = ""
    library = cards.library(translation.get_language())
    shown = [card for card in library if not audience or card.audience == audience]
    return render(
        request,
        "guidance/cards.html",
        {"cards": shown, "audience": audience, "audiences": cards.AUDIENCES},
    )


@require_GET
def card_detail(request: HttpRequest, card_id: str) -> HttpResponse:
    card = cards.card(card_id, translation.get_language())
    if card is None:
        raise Http404("no such card")
    words = about_loss_for(request).name
    kind = loss_kind_for(request)
    return render(
        request,
        "guidance/card.html",
        {
            "card": card,
            "body": card.html(words, kind),
            "words": words if card.uses_words else "",
            # Words for one kind are shown only to who named it: the others may name theirs.
            "kind_unsaid": card.keyed and not kind and request.user.is_authenticated,
        },
    )
