"""Shared days: "How we're doing" side by side, month by month, with grief over the weeks;
the default sections, pausing."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.accounts.profile import country_for
from afterwards.couple import charts, membership, space
from afterwards.couple import checkins as shared
from afterwards.couple.partner_flags import partner_flags
from afterwards.couple.shared_days import shared_days_read
from afterwards.journal.checkin import CheckIn
from afterwards.journal.forms import ShareDefaultsForm, choices_html, choices_of
from afterwards.support.helplines import urgent_help

WINDOW_DAYS = 14  # today and the thirteen days before it
MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})")


def _window(today: date) -> list[date]:
    return [today - timedelta(days=n) for n in range(WINDOW_DAYS - 1, -1, -1)]


def _month_asked(value: str, today: date) -> date | None:
    """The first day of the month in `?month=YYYY-MM`, from 1900 to this month; None for
    anything else, which shows the last two weeks."""
    asked = MONTH.fullmatch(value)
    if asked is None or not 1 <= int(asked["month"]) <= 12 or int(asked["year"]) < 1900:
        return None
    first = date(int(asked["year"]), int(asked["month"]), 1)
    return first if first <= today else None


def _month_days(first: date, today: date) -> list[date]:
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return [
        first + timedelta(days=n)
        for n in range((min(following, today + timedelta(days=1)) - first).days)
    ]


def _previous_month(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def _values(copies: dict[date, CheckIn], scale: str) -> dict[date, int]:
    values = ((day, getattr(copy, scale)) for day, copy in copies.items())
    return {day: value for day, value in values if isinstance(value, int)}


@require_http_methods(["GET"])
@person_required
def days(request: PersonRequest) -> HttpResponse:
    pair = space.pair_ready(owner=request.user, keys=request.vault)
    if pair is None:
        return redirect("couple:home")
    today = timezone.localdate()
    month = _month_asked(request.GET.get("month", ""), today)
    window = _month_days(month, today) if month else _window(today)
    # Only copies: the person's own, exactly as their partner reads them, and the ones
    # the partner boxed to them. Nothing private of either is read. Today and yesterday
    # too, for the partner's red flags, whatever the month.
    read = shared_days_read(
        reader=request.user,
        keys=request.vault,
        pair=pair,
        days=[*window, today, today - timedelta(days=1)],
    )
    own = {day: copy for day, copy in read.own.items() if day in window}
    partner = {day: copy for day, copy in read.partner.items() if day in window}
    values = {
        whose: {scale: _values(copies, scale) for scale in ("mood", "grief")}
        for whose, copies in (("own", own), ("partner", partner))
    }
    chart_list = [
        charts.pair_chart(
            scale=scale,
            own=values["own"][scale],
            partner=values["partner"][scale],
            first=window[0],
            last=window[-1],
            labelled_by=f"{scale}-chart-summary",
        )
        for scale in ("mood", "grief")
    ]
    # Month by month, back to the first month either shared anything in.
    earlier = _previous_month(window[0]) if window[0].day == 1 else window[0].replace(day=1)
    following = (window[0].replace(day=28) + timedelta(days=4)).replace(day=1)
    # A red flag in what the partner shared of today or yesterday, with the reader's
    # own numbers: the partner is often the one who phones.
    flags = partner_flags(read.partner, today=today)
    return render(
        request,
        "couple/days.html",
        {
            "charts": [chart for chart in chart_list if not chart.empty],
            "rows": charts.pair_table(own=values["own"], partner=values["partner"], days=window),
            "together": shared.days_together(own=own, partner=partner, days=window),
            "first": window[0],
            "last": window[-1],
            "month": month,
            "earlier": earlier if read.earliest is not None and read.earliest < window[0] else None,
            "later": following if month and following <= today else None,
            "weeks": None
            if month
            else charts.grief_weeks(
                own=read.own_grief, partner=read.partner_grief, labelled_by="weeks-chart-summary"
            ),
            "paused": not pair.sharing,
            "partner_flags": flags,
            "urgent": urgent_help(country_for(request)) if flags else None,
        },
    )


@require_http_methods(["GET", "POST"])
@person_required
def sharing_defaults(request: PersonRequest) -> HttpResponse:
    """Which parts of a new day start ticked: the person's own preference, kept whether
    or not they share a space."""
    status = 200
    if request.method == "POST":
        form = ShareDefaultsForm(request.POST)
        if form.is_valid():
            shared.share_defaults_save(
                owner=request.user, keys=request.vault, sections=form.sections()
            )
            messages.success(
                request,
                "Saved. New days start with these parts ticked; each day can still be "
                "changed on its own page.",
            )
            return redirect("couple:sharing")
        status = 400
    else:
        chosen = shared.share_defaults_get(owner=request.user, keys=request.vault)
        form = ShareDefaultsForm(initial={"share": chosen})
    return render(
        request,
        "couple/sharing_defaults.html",
        {
            "form": form,
            "inputs": choices_html(form, choices_of(form)),
            "in_space": membership.member_of(request.user) is not None,
        },
        status=status,
    )


NEXT = {"home": "couple:home", "days": "couple:days"}


@require_http_methods(["POST"])
@person_required
def pause(request: PersonRequest) -> HttpResponse:
    """One switch: "on" pauses the person's sharing, "off" resumes it. The other person
    is sent nothing: they simply see none of this person's days while it is paused."""
    back = NEXT.get(request.POST.get("next", ""), "couple:home")
    wanted = request.POST.get("paused")
    if wanted == "on" and space.sharing_pause(owner=request.user):
        messages.success(
            request,
            "Sharing paused. Your partner sees nothing of your days until you resume; "
            "your own journal is as it was.",
        )
    elif wanted == "off":
        # A changed partner key raises before anything changes: still paused, nothing
        # shared, and the calm page (couple/middleware.py).
        if space.sharing_resume(owner=request.user, keys=request.vault):
            messages.success(
                request, "Sharing resumed. The parts of days you marked are shared again."
            )
    return redirect(back)
