from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.accounts.profile import country_for
from afterwards.notify.services import questionnaire_sync
from afterwards.support.helplines import urgent_help
from afterwards.wellbeing import services
from afterwards.wellbeing.catalogue import instrument_or_404, instruments
from afterwards.wellbeing.chart import Point, safety_note, trend_svg
from afterwards.wellbeing.forms import QuestionnaireForm, ScheduleForm
from afterwards.wellbeing.instrument import Instrument
from afterwards.wellbeing.scoring import safety_positive_items
from afterwards.wellbeing.services import Result


def _trend(instrument: Instrument, results: list[Result]) -> dict[str, Any]:
    """The instrument's results, oldest first, with a chart of the complete ones; those
    with a positive safety answer are named beside the chart (trend.html links to help)."""
    own = [r for r in reversed(results) if r.instrument_id == instrument.id]
    points = [
        Point(r.taken, r.score.total, r.safety_positive)
        for r in own
        if r.score and r.score.total is not None
    ]
    charted = len(points) > 1
    return {
        "results": own,
        "chart": trend_svg(instrument, points) if charted else None,
        "chart_safety_note": safety_note(points) if charted else "",
    }


def _index(request: PersonRequest, schedule_form: ScheduleForm | None, status: int) -> HttpResponse:
    offered = list(instruments().values())
    results = services.results_for(owner=request.user, keys=request.vault)
    every = services.schedule_get(owner=request.user, keys=request.vault)
    now = timezone.now()
    cards = []
    for instrument in offered:
        trend = _trend(instrument, results)
        last = trend["results"][-1].taken if trend["results"] else None
        days = every.get(instrument.id, 0)
        cards.append(
            {
                "instrument": instrument,
                "every_weeks": days // 7,
                "due": services.is_due(every_days=days, last_taken=last, now=now),
                **trend,
            }
        )
    if schedule_form is None:
        schedule_form = ScheduleForm(
            instruments=offered, initial={i.id: every.get(i.id, 0) for i in offered}
        )
    return render(
        request,
        "wellbeing/index.html",
        {"cards": cards, "results": results, "schedule_form": schedule_form},
        status=status,
    )


@require_GET
@person_required
def index(request: PersonRequest) -> HttpResponse:
    return _index(request, None, 200)


@require_POST
@person_required
def schedule(request: PersonRequest) -> HttpResponse:
    form = ScheduleForm(request.POST, instruments=list(instruments().values()))
    if not form.is_valid():
        return _index(request, form, 400)
    services.schedule_save(owner=request.user, keys=request.vault, every=form.cleaned_data)
    questionnaire_sync(user=request.user, keys=request.vault)
    messages.success(request, "Saved. Which questionnaires you chose is kept only for you.")
    return redirect("wellbeing:index")


def _hold_back(form: QuestionnaireForm) -> bool:
    """Whether a valid questionnaire is shown again before it is saved: some items have
    no answer and the person has not yet chosen "Save as it is".

    Never when a safety item is answered positively. Then the result is saved at once,
    incomplete, and the very next screen is the crisis help, as for any other positive
    safety answer. That is the safer way: holding the result back would put the help one
    step later and below a question about saving; a person who then closes the page would
    leave no record of that answer, so no help would be shown beside it in their results
    later; and the crisis screen is the page built (and tested) to put help first."""
    if not form.unanswered() or form.save_as_it_is():
        return False
    return not safety_positive_items(form.instrument, form.answers())


@require_http_methods(["GET", "POST"])
@person_required
def take(request: PersonRequest, instrument_id: str) -> HttpResponse:
    instrument = instrument_or_404(instrument_id)
    form = QuestionnaireForm(
        request.POST if request.method == "POST" else None, instrument=instrument
    )
    valid = form.is_bound and form.is_valid()
    held = valid and _hold_back(form)
    if valid and not held:
        entry = services.result_save(
            owner=request.user,
            keys=request.vault,
            instrument=instrument,
            answers=form.answers(),
            difficulty=form.cleaned_data.get("difficulty"),
            share=form.cleaned_data["share"],
        )
        questionnaire_sync(user=request.user, keys=request.vault)
        return redirect("wellbeing:result", result_id=entry.id)
    context: dict[str, Any] = {
        "instrument": instrument,
        "form": form,
        "rows": form.item_rows(held=held),
        "left_out": form.unanswered() if held else [],
    }
    # Refused for another answer, yet a safety item was answered positively: the help
    # comes first on this page too, before anything is asked again. (A held form never
    # has one: see _hold_back.)
    if form.is_bound and safety_positive_items(instrument, form.answers()):
        context["urgent"] = urgent_help(country_for(request))
    # Held, the page answers 200: nothing sent was wrong (any question may be left out),
    # so it is a question back, not a refusal; a 400 would call a person's choice an
    # error. Refused answers (out of range, or none at all) stay 400.
    status = 400 if form.is_bound and not valid else 200
    return render(request, "wellbeing/take.html", context, status=status)


def _result_page(request: PersonRequest, result: Result) -> HttpResponse:
    context: dict[str, Any] = {
        "result": result,
        "urgent": urgent_help(country_for(request)),
    }
    instrument, scored = result.instrument, result.score
    if instrument is not None and scored is not None:
        results = services.results_for(owner=request.user, keys=request.vault)
        context.update(_trend(instrument, results))
        labels = {option.value: option.label for option in instrument.options}
        context["answer_rows"] = [
            (item, labels.get(result.answers[item.n]) if item.n in result.answers else None)
            for item in instrument.items
        ]
        context["subscale_rows"] = [
            (subscale, scored.subscales[subscale.key]) for subscale in instrument.subscales
        ]
        if instrument.pattern is not None:
            context["pattern_label"] = labels[instrument.pattern.endorsed_at]
        difficulty, answer = instrument.difficulty, result.difficulty
        if difficulty is not None and answer is not None and 0 <= answer < len(difficulty.options):
            context["difficulty_label"] = difficulty.options[answer]
    return render(request, "wellbeing/result.html", context)


@require_GET
@person_required
def result(request: PersonRequest, result_id: UUID) -> HttpResponse:
    """The next screen after a questionnaire. After a positive safety answer it is the
    urgent help, and nothing else: the score waits one step further on."""
    found = services.result_or_404(owner=request.user, keys=request.vault, result_id=result_id)
    if found.safety_positive:
        return render(
            request,
            "wellbeing/urgent.html",
            {"result": found, "urgent": urgent_help(country_for(request))},
        )
    return _result_page(request, found)


@require_GET
@person_required
def result_score(request: PersonRequest, result_id: UUID) -> HttpResponse:
    found = services.result_or_404(owner=request.user, keys=request.vault, result_id=result_id)
    return _result_page(request, found)
