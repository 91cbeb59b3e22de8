from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.body import services
from afterwards.body.chart import CycleStrip, cycle_strip
from afterwards.body.cycle import PHASE_LETTERS, PHASE_NAMES, PeriodRange
from afterwards.body.forms import FertileWindowForm, LeaveOutForm, PeriodAnswerForm

PHASE_WORDS = {
    "menstrual": "your period",
    "follicular": "the days after a period, before ovulation (the follicular phase)",
    "ovulation": "the days around ovulation",
    "luteal": "the days after ovulation (the luteal phase)",
    "premenstrual": "the last days before a period",
}

# What bench/cycle.py measures, and no more (its figures are in docs/performance.md): on
# simulated cycles drawn from much the same assumptions as the model, the 80% range held
# the day 76-83% of the time, and about 70% once a cycle had gone on longer than most.
COVERAGE_WORDS = (
    "In our checks on simulated cycles it held the day about 7 to 8 times in 10, and less "
    "often once a cycle had gone on longer than most. A day outside it happens too, and "
    "real cycles can vary more than simulated ones."
)
ANSWERED = {
    "yes": "Saved. We count it as a period.",
    "no": "Saved. We won't count it as a period.",
    "unsure": "Saved. It is set aside: you can answer later, or not at all.",
}


def day_words(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def range_words(upcoming: PeriodRange) -> str:
    if upcoming.earliest.year != upcoming.latest.year:
        return f"between {day_words(upcoming.earliest)} and {day_words(upcoming.latest)}"
    if upcoming.earliest.month != upcoming.latest.month:
        earliest = f"{upcoming.earliest.day} {upcoming.earliest:%B}"
        return f"between {earliest} and {day_words(upcoming.latest)}"
    return f"between {upcoming.earliest.day} and {day_words(upcoming.latest)}"


def basis_words(upcoming: PeriodRange, counted: int, periods: int) -> str:
    if periods == 0:
        return (
            "This comes from what is usual for most people after a loss: there is no period "
            "since yours to go on yet. Bodies vary, and yours may keep its own time."
        )
    if upcoming.basis == "population":
        return (
            "This is based on what is usual for most people after a loss, because there are "
            "no full cycles after yours yet."
        )
    cycles = "cycle" if counted == 1 else f"{counted} cycles"
    if upcoming.basis == "blended":
        return f"This blends what is usual for most people with your last {cycles}."
    return f"This is based on your last {cycles}."


def _page(
    request: PersonRequest,
    read: services.BodyRead,
    *,
    today: date,
    bound: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    reading = read.reading
    upcoming = reading.next_period()
    # One question at a time: the earliest return of bleeding still open.
    open_now = read.questions[:1]

    def answer_form(day: date) -> forms.Form:
        if isinstance(bound, PeriodAnswerForm) and bound.data.get("day") == day.isoformat():
            return bound
        return PeriodAnswerForm(
            initial={"day": day}, allowed=read.answerable, auto_id=f"id_{day:%Y%m%d}_%s"
        )

    today_phase = reading.phase_on(today)
    cycles = [
        {
            "cycle": cycle,
            "label": day_words(cycle.start),
            "asked": cycle.start in read.marks.periods,
            "possibly_earlier": cycle.start in reading.uncertain_starts,
        }
        for cycle in reversed(reading.cycles)
    ]
    strip = (
        cycle_strip(reading, read.bleeding, upcoming, labelled_by="cycle-strip-summary")
        if reading.bleeding_noted
        else None
    )
    fertile = reading.fertile_window() if read.marks.fertile_window else None
    action_errors = []
    if bound is not None and not isinstance(bound, FertileWindowForm | PeriodAnswerForm):
        action_errors = list(bound.non_field_errors())
    if isinstance(bound, PeriodAnswerForm) and bound.data.get("day") not in {
        day.isoformat() for day in open_now + read.set_aside
    }:
        action_errors = list(bound.non_field_errors()) or ["Please choose one of the answers."]
    context: dict[str, Any] = {
        "read": read,
        "reading": reading,
        "nothing_noted": not reading.bleeding_noted,
        "questions": [(day, day_words(day), answer_form(day)) for day in open_now],
        "later_questions": len(read.questions) - len(open_now),
        "open_after_last": bool(reading.period_starts)
        and any(day > reading.period_starts[-1] for day in read.questions + read.set_aside),
        "last_start_words": day_words(reading.period_starts[-1]) if reading.period_starts else "",
        "set_aside": [(day, day_words(day), answer_form(day)) for day in read.set_aside],
        "cycles": cycles,
        "not_periods": [(day, day_words(day)) for day in reading.not_periods],
        "counted": len(reading.cycle_lengths),
        "average": round(sum(reading.cycle_lengths) / len(reading.cycle_lengths))
        if reading.cycle_lengths
        else None,
        "upcoming": upcoming,
        "beyond_range": reading.waiting_beyond_range(),
        "upcoming_words": range_words(upcoming) if upcoming else "",
        "basis_words": basis_words(upcoming, len(reading.cycle_lengths), len(reading.period_starts))
        if upcoming
        else "",
        "level_percent": round(upcoming.level * 100) if upcoming else 0,
        "coverage_words": COVERAGE_WORDS,
        "today_phase": today_phase,
        "today_phase_words": PHASE_WORDS[today_phase.phase] if today_phase else "",
        "in_loss_bleeding": not reading.period_starts
        and read.reading.loss_bleeding_end is not None
        and (today - read.reading.loss_bleeding_end).days < 14,
        "strip": strip,
        "strip_summary": _strip_summary(read, upcoming, strip),
        # The legend names only what the drawing has: phases once there is a period.
        "phase_legend": [(key, name, PHASE_LETTERS[key]) for key, name in PHASE_NAMES.items()]
        if read.reading.period_starts
        else [],
        "fertile_form": bound
        if isinstance(bound, FertileWindowForm)
        else FertileWindowForm(initial={"show": read.marks.fertile_window}),
        "fertile": fertile,
        "fertile_words": f"between {day_words(fertile[0])} and {day_words(fertile[1])}"
        if fertile
        else "",
        "action_errors": action_errors,
    }
    return render(request, "body/index.html", context, status=status)


def _strip_summary(
    read: services.BodyRead, upcoming: PeriodRange | None, strip: CycleStrip | None
) -> str:
    """What the drawing shows, in words: the same days as the drawing, nothing more."""
    if strip is None:
        return ""
    reading = read.reading
    shown = [day for day in read.bleeding if strip.first <= day <= strip.last]
    bled = sum(1 for day in shown if read.bleeding[day] != "none")
    parts = [f"{bled} day{'s' if bled != 1 else ''} with bleeding noted"]
    starts = [day for day in reading.period_starts if strip.first <= day <= strip.last]
    if starts:
        parts.append(f"{len(starts)} period start{'s' if len(starts) != 1 else ''}")
    if upcoming:
        parts.append(f"the next period likely {range_words(upcoming)}")
    drawn = (
        "with its phases estimated" if reading.period_starts else "with no period since the loss"
    )
    span = f"{day_words(strip.first)} to {day_words(strip.last)}"
    return f"Your cycle from {span}, {drawn}: " + "; ".join(parts) + "."


def _read(request: PersonRequest) -> tuple[services.BodyRead, date]:
    today = timezone.localdate()
    return services.body_read(request, owner=request.user, keys=request.vault, today=today), today


@require_GET
@person_required
def index(request: PersonRequest) -> HttpResponse:
    read, today = _read(request)
    return _page(request, read, today=today)


@require_POST
@person_required
def answer(request: PersonRequest) -> HttpResponse:
    read, today = _read(request)
    # The same ids as the page's form for that day, so an error sits beside its field.
    digits = "".join(c for c in request.POST.get("day", "") if c.isdigit())[:8]
    form = PeriodAnswerForm(request.POST, allowed=read.answerable, auto_id=f"id_{digits}_%s")
    if not form.is_valid():
        return _page(request, read, today=today, bound=form, status=400)
    services.period_answer(
        owner=request.user,
        keys=request.vault,
        day=form.cleaned_data["day"],
        answer=form.cleaned_data["answer"],
    )
    messages.success(request, ANSWERED[form.cleaned_data["answer"]])
    return redirect("body:index")


@require_POST
@person_required
def leave_out(request: PersonRequest) -> HttpResponse:
    read, today = _read(request)
    form = LeaveOutForm(request.POST, allowed=set(read.reading.period_starts))
    if not form.is_valid():
        return _page(request, read, today=today, bound=form, status=400)
    leave = form.cleaned_data["leave_out"]
    services.cycle_leave_out(
        owner=request.user, keys=request.vault, start=form.cleaned_data["day"], leave_out=leave
    )
    messages.success(
        request,
        "Saved. That cycle is left out of the averages."
        if leave
        else "Saved. That cycle counts again.",
    )
    return redirect("body:index")


@require_POST
@person_required
def fertile_window(request: PersonRequest) -> HttpResponse:
    form = FertileWindowForm(request.POST)
    if not form.is_valid():  # a checkbox is always valid; kept for the one shape of a view
        read, today = _read(request)
        return _page(request, read, today=today, bound=form, status=400)
    show = form.cleaned_data["show"]
    services.fertile_window_set(owner=request.user, keys=request.vault, show=show)
    messages.success(
        request,
        "Saved. The estimate of fertile days is shown." if show else "Saved. It is hidden.",
    )
    return redirect("body:index")
