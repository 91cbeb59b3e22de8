from __future__ import annotations

import re
from datetime import date, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from afterwards.journal.forms import CheckInForm, DayForm

MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})")


def _parse_day(value: str) -> date:
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise Http404("not a day") from None
    # fromisoformat also reads "20260314" and "2026-W11-6": one address per day.
    if parsed.isoformat() != value:
        raise Http404("not a day")
    return parsed


@require_GET
@person_required
def today(request: PersonRequest) -> HttpResponse:
    picker = DayForm(request.GET or None)
    if request.GET:
        if picker.is_valid():
            return redirect("journal:day", day=picker.cleaned_data["day"].isoformat())
        return render(request, "journal/pick_day.html", {"picker": picker}, status=400)
    return redirect("journal:day", day=timezone.localdate().isoformat())


@require_http_methods(["GET", "POST"])
@person_required
def day(request: PersonRequest, day: str) -> HttpResponse:
    the_day = _parse_day(day)
    picker = DayForm({"day": the_day.isoformat()})
    if not picker.is_valid():
        return render(request, "journal/pick_day.html", {"picker": picker}, status=400)
    is_today = the_day == timezone.localdate()
    if request.method == "POST":
        form = CheckInForm(request.POST, is_today=is_today)
    else:
        existing = services.checkin_for_day(owner=request.user, keys=request.vault, day=the_day)
        initial = {"mood": existing.mood, "note": existing.note} if existing else {}
        form = CheckInForm(initial=initial, is_today=is_today)
    if form.is_bound and form.is_valid():
        services.checkin_save(
            owner=request.user,
            keys=request.vault,
            checkin=CheckIn(day=the_day, **form.cleaned_data),
        )
        messages.success(request, "Saved. Only you can read it.")
        return redirect(reverse("journal:day", kwargs={"day": the_day.isoformat()}))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "journal/day.html",
        {
            "form": form,
            "day": the_day,
            "is_today": is_today,
            "picker": DayForm(initial={"day": the_day}),
        },
        status=status,
    )


@require_GET
@person_required
def history(request: PersonRequest) -> HttpResponse:
    today_ = timezone.localdate()
    first = today_.replace(day=1)
    asked = MONTH.fullmatch(request.GET.get("month", ""))
    if asked and 1 <= int(asked["month"]) <= 12:
        candidate = date(int(asked["year"]), int(asked["month"]), 1)
        if candidate.year >= 1900 and candidate <= today_:  # the range DayForm allows
            first = candidate
    days = [d for d in services.month_days(first.year, first.month) if d <= today_]
    checkins = services.checkins_for_days(owner=request.user, keys=request.vault, days=days)
    day_prefix = reverse("journal:today")
    previous = (first.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render(
        request,
        "journal/history.html",
        {
            "checkins": checkins,
            # Each day's page is the day picker's address plus the day: one reverse()
            # for the month rather than one per day (tests/journal/test_history.py).
            "rows": [(checkin, f"{day_prefix}{checkin.day.isoformat()}/") for checkin in checkins],
            "month": first,
            "previous": previous,
            "following": following if following <= today_ else None,
        },
    )
