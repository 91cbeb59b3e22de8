"""Gentle nudges: sending one of a few prepared messages, answering one, and choosing to
receive them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.couple import nudges, pins
from afterwards.couple.sharing import Pair
from afterwards.couple.space import pair_ready

CHOOSE_ONE = "Please choose one of the messages offered."
ANSWER_ONE = "Please choose one of the answers offered."
# The same words whether the partner receives nudges or not: the sender cannot tell.
SENT = (
    "Sent. It will be there the next time your partner opens the app, "
    "if they have chosen to receive these."
)


class NudgeForm(forms.Form):
    message = forms.ChoiceField(
        label="What would you like to send?",
        choices=list(nudges.MESSAGES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_ONE},
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Answer with",
        choices=list(nudges.ANSWERS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": ANSWER_ONE, "invalid_choice": ANSWER_ONE},
    )


class ReceiveForm(forms.Form):
    receive = forms.ChoiceField(
        label="Nudges from your partner",
        choices=[("on", "Show them to me"), ("off", "I'd rather not receive them")],
        widget=forms.RadioSelect,
        help_text=(
            "If you turn them off, a nudge waiting for you is removed unseen. "
            "Your partner is not told either way."
        ),
        error_messages={
            "required": "Please choose one of the two.",
            "invalid_choice": "Please choose one of the two.",
        },
    )


def _page(
    request: PersonRequest,
    *,
    pair: Pair | None,
    form: NudgeForm | None = None,
    answer_form: AnswerForm | None = None,
    receive_form: ReceiveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if receive_form is None:
        receiving = nudges.receiving(owner=request.user, keys=request.vault)
        receive_form = ReceiveForm(initial={"receive": "on" if receiving else "off"})
    answerable = nudges.answerable(owner=request.user, keys=request.vault, pair=pair)
    context: dict[str, Any] = {
        "pair": pair,
        "form": form or NudgeForm(),
        "receive_form": receive_form,
        # The nudge last shown to the person, which they may answer, in words.
        "answerable": nudges.MESSAGES[answerable] if answerable else None,
        "answer_form": answer_form or AnswerForm(),
    }
    return render(request, "couple/nudge.html", context, status=status)


@require_http_methods(["GET", "POST"])
@person_required
def nudge(request: PersonRequest) -> HttpResponse:
    pair = pair_ready(owner=request.user, keys=request.vault)
    if request.method == "GET":
        return _page(request, pair=pair)
    form = NudgeForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        # Always to the partner of this space: there is no one else to name.
        nudges.nudge_send(owner=request.user, keys=request.vault, pair=pair, message=message)
    except nudges.CannotNudge as reason:
        if pair is None or not pair.sharing:  # else the form already says what to choose
            form.add_error(None, str(reason))
        return _page(request, pair=pair, form=form, status=400)
    messages.success(request, SENT)
    return redirect("couple:nudge")


@require_http_methods(["POST"])
@person_required
def nudge_answer(request: PersonRequest) -> HttpResponse:
    """Answer the nudge last shown, with one of the prepared answers."""
    pair = pair_ready(owner=request.user, keys=request.vault)
    form = AnswerForm(request.POST)
    answer = form.cleaned_data["answer"] if form.is_valid() else ""
    try:
        nudges.nudge_answer(owner=request.user, keys=request.vault, pair=pair, answer=answer)
    except nudges.CannotNudge as reason:
        if form.is_valid():  # else the form already says what to choose
            form.add_error(None, str(reason))
        return _page(request, pair=pair, answer_form=form, status=400)
    messages.success(
        request, "Sent. Your partner will see your answer the next time they open the app."
    )
    return redirect("couple:nudge")


@require_http_methods(["POST"])
@person_required
def nudge_settings(request: PersonRequest) -> HttpResponse:
    receive_form = ReceiveForm(request.POST)
    if not receive_form.is_valid():
        try:
            pair = pair_ready(owner=request.user, keys=request.vault)
        except pins.PartnerKeyChanged:
            pair = None
        return _page(request, pair=pair, receive_form=receive_form, status=400)
    receive = receive_form.cleaned_data["receive"] == "on"
    nudges.receiving_set(owner=request.user, keys=request.vault, receive=receive)
    messages.success(
        request,
        "Saved. Nudges from your partner will be shown to you."
        if receive
        else "Saved. Nudges from your partner will not be shown. They are not told.",
    )
    return redirect("couple:nudge")
