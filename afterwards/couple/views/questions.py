"""A question for the two of you: the day's question, answering it alone, the
conversations once both have answered, replies, and each person's own choices.

Nothing on these pages comes from the partner's answer to a question the reader has not
answered themselves (couple/questions/answers.py): a page about such a question is the
same, byte for byte, whether or not the partner answered it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.couple import therapist
from afterwards.couple.questions import answers
from afterwards.couple.questions.answers import Talk
from afterwards.couple.questions.library import library
from afterwards.couple.space import pair_ready

CHOOSE_REPLY = "Please choose one of the replies offered."


class AnswerForm(forms.Form):
    question = forms.CharField(widget=forms.HiddenInput)
    text = forms.CharField(
        label="Your answer",
        max_length=answers.ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "Your partner can read it only once they have answered this question too. "
            "Once sent, it stays as it is."
        ),
        error_messages={
            "required": "Please write an answer, or skip this question.",
            "max_length": f"Please keep your answer to {answers.ANSWER_MAX} characters or fewer.",
        },
    )


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label="Send a reply",
        choices=list(answers.REPLIES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_REPLY, "invalid_choice": CHOOSE_REPLY},
    )


class ChoicesForm(forms.Form):
    rhythm = forms.ChoiceField(
        label="How often would you like a question?",
        choices=list(answers.RHYTHMS.items()),
        widget=forms.RadioSelect,
        help_text="Whatever you choose, you can ask for the day's question here at any time.",
        error_messages={
            "required": "Please choose how often.",
            "invalid_choice": "Please choose how often.",
        },
    )
    themes = forms.MultipleChoiceField(
        label="Themes only for those who choose them",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "On one day a week, a question from a theme you tick. Your partner is not "
            "told what you chose; you see each other's answers only if you both chose it."
        ),
        error_messages={"invalid_choice": "Please choose from the themes offered."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = self.fields["themes"]
        assert isinstance(themes, forms.MultipleChoiceField)
        themes.choices = [
            (theme.id, f"{theme.title}: {theme.about}") for theme in library().opt_in_themes
        ]


def _talk(request: PersonRequest) -> Talk | None:
    pair = pair_ready(owner=request.user, keys=request.vault)
    if pair is None:
        return None
    return answers.talk_for(owner=request.user, keys=request.vault, pair=pair)


def _day(value: str) -> date:
    """The day in the address, never after today: else 404."""
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise Http404("no such day") from None
    if day > timezone.localdate():
        raise Http404("no such day")
    return day


def _conversation(talk: Talk, day: date) -> answers.Conversation:
    """The person's own conversation of that day: 404 if they did not answer it."""
    found = answers.conversation(talk, day)
    if found is None:
        raise Http404("no such conversation")
    return found


@require_http_methods(["GET"])
@person_required
def index(request: PersonRequest) -> HttpResponse:
    talk = _talk(request)
    if talk is None:
        return redirect("couple:home")
    today = timezone.localdate()
    own = answers.answers_own(talk)
    answered = {answer.day for answer in own}
    asked = request.GET.get("ask") == "today"
    offered = today not in answered and (
        asked or (answers.offered_by_rhythm(talk, today) and not answers.skipped(talk, today))
    )
    question = answers.question_for(talk, today)
    earlier = [
        (day, answers.question_for(talk, day))
        for day in (today - timedelta(days=n) for n in range(1, answers.OPEN_DAYS))
        if day not in answered
        and answers.offered_by_rhythm(talk, day)
        and not answers.skipped(talk, day)
    ]
    visible = [answer for answer in own if not answer.hidden]
    return render(
        request,
        "couple/questions.html",
        {
            "today": today,
            "answered_today": today in answered,
            "offered": offered,
            "question": question,
            "form": AnswerForm(initial={"question": question.id}),
            "earlier": earlier,
            "conversations": answers.conversations(talk, visible),
            "hidden": len(own) - len(visible),
            "paused": not talk.pair.sharing,
            "choices_form": ChoicesForm(
                initial={"rhythm": talk.settings.rhythm, "themes": talk.settings.themes}
            ),
            "themes": list(library().themes.values()),
        },
    )


def _question_page(
    request: PersonRequest,
    talk: Talk,
    day: date,
    *,
    form: AnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    question = answers.question_for(talk, day)
    if form is None:
        form = AnswerForm(initial={"question": question.id})
    elif form.data.get("question") != question.id:
        # The question as it is now, with the words as they were typed and what was said.
        said = form.non_field_errors()
        form = AnswerForm({"question": question.id, "text": form.data.get("text", "")})
        form.is_valid()
        for error in said:
            form.add_error(None, error)
    return render(
        request,
        "couple/question.html",
        {"day": day, "question": question, "form": form, "paused": not talk.pair.sharing},
        status=status,
    )


def _conversation_page(
    request: PersonRequest,
    talk: Talk,
    found: answers.Conversation,
    *,
    reply_form: ReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items = therapist.items_get(owner=request.user, keys=request.vault)
    return render(
        request,
        "couple/conversation.html",
        {
            "conversation": found,
            "reply_form": reply_form or ReplyForm(initial={"reply": found.own.reply or None}),
            "on_list": therapist.question_on_list(
                items, question=found.own.question, day=found.day
            ),
            "paused": not talk.pair.sharing,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@person_required
def day(request: PersonRequest, day: str) -> HttpResponse:
    when = _day(day)
    talk = _talk(request)
    if talk is None:
        return redirect("couple:home")
    today = timezone.localdate()
    found = answers.conversation(talk, when)
    if found is not None:
        return _conversation_page(request, talk, found)
    if not answers.day_open(when, today):
        raise Http404("no such question")
    if request.method == "GET":
        return _question_page(request, talk, when)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _question_page(request, talk, when, form=form, status=400)
    try:
        reached = answers.answer_give(
            talk=talk,
            day=when,
            question=form.cleaned_data["question"],
            text=form.cleaned_data["text"],
            today=today,
        )
    except answers.CannotAnswer as reason:
        form.add_error(None, str(reason))
        return _question_page(request, talk, when, form=form, status=400)
    messages.success(
        request,
        "Saved. Your partner can read it once they have answered this question too."
        if reached
        else "Saved. Your sharing is paused, so your answer stays with you until you resume.",
    )
    return redirect("couple:question", day=when.isoformat())


@require_http_methods(["POST"])
@person_required
def skip(request: PersonRequest, day: str) -> HttpResponse:
    when = _day(day)
    talk = _talk(request)
    if talk is None:
        return redirect("couple:home")
    try:
        answers.question_skip(talk=talk, day=when, today=timezone.localdate())
    except answers.CannotAnswer:
        raise Http404("no such question") from None
    messages.success(
        request, "Skipped. Your partner is not told, and it leaves nothing in your conversations."
    )
    return redirect("couple:questions")


@require_http_methods(["POST"])
@person_required
def reply(request: PersonRequest, day: str) -> HttpResponse:
    when = _day(day)
    talk = _talk(request)
    if talk is None:
        return redirect("couple:home")
    found = _conversation(talk, when)
    if found.partner is None:
        raise Http404("no conversation to reply to")
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _conversation_page(request, talk, found, reply_form=form, status=400)
    try:
        answers.reply_send(talk=talk, day=when, reply=form.cleaned_data["reply"])
    except answers.CannotAnswer as reason:
        form.add_error(None, str(reason))
        return _conversation_page(request, talk, found, reply_form=form, status=400)
    messages.success(request, "Sent. Your partner will see it with your answer.")
    return redirect("couple:question", day=when.isoformat())


@require_http_methods(["POST"])
@person_required
def hide(request: PersonRequest, day: str) -> HttpResponse:
    when = _day(day)
    talk = _talk(request)
    if talk is None:
        return redirect("couple:home")
    hidden = request.POST.get("hidden") != "off"
    if not answers.conversation_hide(talk=talk, day=when, hidden=hidden):
        raise Http404("no such conversation")
    if hidden:
        messages.success(request, "Hidden from your list. Your partner's list is as it was.")
        return redirect("couple:questions")
    messages.success(request, "Back in your list.")
    return redirect("couple:question", day=when.isoformat())


@require_http_methods(["POST"])
@person_required
def hidden_show(request: PersonRequest) -> HttpResponse:
    talk = _talk(request)
    if talk is None:
        return redirect("couple:home")
    answers.hidden_show_all(talk=talk)
    messages.success(request, "Every conversation is back in your list.")
    return redirect("couple:questions")


@require_http_methods(["POST"])
@person_required
def for_therapist(request: PersonRequest, day: str) -> HttpResponse:
    when = _day(day)
    talk = _talk(request)
    if talk is None:
        return redirect("couple:home")
    found = _conversation(talk, when)
    on = request.POST.get("on") != "off"
    try:
        therapist.question_mark(
            owner=request.user, keys=request.vault, question=found.own.question, day=when, on=on
        )
    except therapist.CannotAdd as reason:
        messages.info(request, str(reason))
        return redirect("couple:question", day=when.isoformat())
    messages.success(
        request,
        "On your list for your therapist. Only the question goes there, never an answer."
        if on
        else "Taken off your list for your therapist.",
    )
    return redirect("couple:question", day=when.isoformat())


@require_http_methods(["POST"])
@person_required
def choices(request: PersonRequest) -> HttpResponse:
    talk = _talk(request)
    if talk is None:
        return redirect("couple:home")
    form = ChoicesForm(request.POST)
    if not form.is_valid():
        return render(request, "couple/questions_choices.html", {"choices_form": form}, status=400)
    talk.settings.rhythm = form.cleaned_data["rhythm"]
    talk.settings.themes = sorted(form.cleaned_data["themes"])
    answers.settings_save(owner=request.user, keys=request.vault, settings=talk.settings)
    messages.success(request, "Saved. Only you see these choices.")
    return redirect("couple:questions")
