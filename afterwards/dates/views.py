from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.couple.membership import member_of
from afterwards.dates import services
from afterwards.dates.calendar import next_occurrence
from afterwards.dates.forms import PARTNER_WORDS, HeadsUpForm, OwnDateForm, QuietForm
from afterwards.dates.services import FROM_ABOUT, HardDates, HeadsUp
from afterwards.loss.about import AboutLoss, about_loss_for
from afterwards.notify.models import Preferences
from afterwards.notify.quiet import routine_on

ABOUT_LABELS = {"loss": "The day of your loss", "due": "The due date"}
SAVED = "Saved. Only you can read what this date is about."


@dataclass(frozen=True)
class DateRow:
    id: str
    label: str
    day: date
    yearly: bool
    coming: date | None
    heads_up: HeadsUp
    from_about: bool


def _space(request: PersonRequest) -> str | None:
    member = member_of(request.user)
    return str(member.couple_id) if member is not None else None


def _about_day(about: AboutLoss, which: str) -> date | None:
    return about.loss_date if which == "loss" else about.due_date


def _rows(dates: HardDates, about: AboutLoss, today: date) -> list[DateRow]:
    rows = []
    for which in FROM_ABOUT:
        day = _about_day(about, which)
        if day is not None:
            coming = next_occurrence(day, yearly=True, today=today)
            heads_up = getattr(dates, which)
            rows.append(DateRow(which, ABOUT_LABELS[which], day, True, coming, heads_up, True))
    for own in sorted(dates.own, key=lambda own: (own.day.month, own.day.day, own.label)):
        coming = next_occurrence(own.day, yearly=own.yearly, today=today)
        rows.append(DateRow(own.id, own.label, own.day, own.yearly, coming, own.heads_up, False))
    return rows


def _save(
    request: PersonRequest,
    dates: HardDates,
    about: AboutLoss,
    space: str | None,
    removed: list[str] | None = None,
) -> None:
    services.hard_dates_save(
        owner=request.user,
        keys=request.vault,
        dates=dates,
        about=about,
        space=space,
        today=timezone.localdate(),
        removed=removed,
    )


@require_GET
@person_required
def index(request: PersonRequest) -> HttpResponse:
    dates = services.hard_dates_get(owner=request.user, keys=request.vault)
    about = about_loss_for(request)
    rows = _rows(dates, about, timezone.localdate())
    member = member_of(request.user)
    return render(
        request,
        "dates/index.html",
        {
            "rows": rows,
            "about": about,
            # A partner is told only in the space the choice was made in, and not while
            # the person's sharing is paused.
            "space": str(member.couple_id) if member is not None else "",
            "paused": member is not None and member.paused,
            "quiet_form": QuietForm(initial={"quiet": dates.quiet}),
            "quiet_asked": dates.quiet_routine is not None,
            "routine_on": routine_on(Preferences.objects.filter(user=request.user).first()),
        },
    )


@require_POST
@person_required
def quiet(request: PersonRequest) -> HttpResponse:
    """Routine reminders on the hard dates: quiet, or as on any other day."""
    form = QuietForm(request.POST)
    form.is_valid()  # a box ticked or not: always valid
    dates = services.hard_dates_get(owner=request.user, keys=request.vault)
    dates.quiet_routine = bool(form.cleaned_data.get("quiet"))
    _save(request, dates, about_loss_for(request), _space(request))
    messages.success(
        request,
        "Saved. Your daily and questionnaire reminders stay quiet on your hard dates."
        if dates.quiet_routine
        else "Saved. Your daily and questionnaire reminders come on your hard dates too.",
    )
    return redirect("dates:index")


@require_http_methods(["GET", "POST"])
@person_required
def add(request: PersonRequest) -> HttpResponse:
    space = _space(request)
    if request.method == "POST":
        form = OwnDateForm(request.POST, space=space)
        if form.is_valid():
            dates = services.hard_dates_get(owner=request.user, keys=request.vault)
            dates.own.append(form.own_date())
            _save(request, dates, about_loss_for(request), space)
            messages.success(request, SAVED)
            return redirect("dates:index")
        return _form_page(request, form, adding=True, status=400)
    form = OwnDateForm(initial={"repeats": "yearly", "days_before": 7}, space=space)
    return _form_page(request, form, adding=True)


def _form_page(
    request: PersonRequest,
    form: HeadsUpForm,
    *,
    adding: bool = False,
    row: DateRow | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "adding": adding, "row": row, "partner_words": PARTNER_WORDS}
    return render(request, "dates/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@person_required
def edit(request: PersonRequest, date_id: str) -> HttpResponse:
    dates = services.hard_dates_get(owner=request.user, keys=request.vault)
    about = about_loss_for(request)
    row = next(
        (row for row in _rows(dates, about, timezone.localdate()) if row.id == date_id), None
    )
    if row is None:
        raise Http404("no such date")
    space = _space(request)
    form: HeadsUpForm
    if row.from_about:
        kept_heads_up = getattr(dates, date_id)
        if request.method == "POST":
            form = HeadsUpForm(request.POST, space=space)
            if form.is_valid():
                setattr(dates, date_id, form.heads_up_into(kept_heads_up))
                _save(request, dates, about, space)
                messages.success(request, "Saved.")
                return redirect("dates:index")
            return _form_page(request, form, row=row, status=400)
        form = HeadsUpForm(initial=HeadsUpForm.initial_from(kept_heads_up, space), space=space)
        return _form_page(request, form, row=row)
    own = dates.own_date(date_id)
    assert own is not None  # the row came from it
    if request.method == "POST":
        form = OwnDateForm(request.POST, space=space)
        if form.is_valid():
            dates.own = [form.own_date(own) if each is own else each for each in dates.own]
            _save(request, dates, about, space)
            messages.success(request, SAVED)
            return redirect("dates:index")
        return _form_page(request, form, row=row, status=400)
    form = OwnDateForm(initial=OwnDateForm.initial_from_own(own, space), space=space)
    return _form_page(request, form, row=row)


@require_POST
@person_required
def remove(request: PersonRequest, date_id: str) -> HttpResponse:
    dates = services.hard_dates_get(owner=request.user, keys=request.vault)
    own = dates.own_date(date_id)
    if own is None:
        raise Http404("no such date")
    dates.own = [each for each in dates.own if each is not own]
    _save(request, dates, about_loss_for(request), _space(request), removed=[own.heads_up.alarm])
    messages.success(request, "Removed, with its heads-up.")
    return redirect("dates:index")
