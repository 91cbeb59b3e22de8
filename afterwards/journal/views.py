from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.db import DatabaseError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.accounts.profile import country_for, profile_prime
from afterwards.couple import checkins as shared
from afterwards.couple import membership
from afterwards.couple.models import Member
from afterwards.couple.nudges import Shown, nudge_for
from afterwards.journal import services
from afterwards.journal.checkin import CheckIn
from afterwards.journal.conflict import Difference, differences, notes_joined
from afterwards.journal.forms import (
    BODY_FIELDS,
    CheckInForm,
    Choice,
    DayForm,
    choices_html,
    choices_of,
)
from afterwards.journal.history import month_of
from afterwards.journal.red_flags import RedFlag, later_loss, red_flags
from afterwards.loss import about as about_loss
from afterwards.loss.about import about_loss_for
from afterwards.support.helplines import urgent_help
from afterwards.vault.middleware import request_entry_known

logger = logging.getLogger(__name__)

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


SECTIONS = {
    "feelings": ("grief", "anxiety", "energy", "sleep"),
    "body": BODY_FIELDS,
    "closeness": ("intimacy", "during", "afterwards"),
}


def _sections_open(form: CheckInForm, choices: dict[str, list[Choice]]) -> dict[str, bool]:
    """A section starts open when it holds an answer or something to look at again."""
    return {
        section: any(
            name in form.errors
            or any(choice.checked for choice in choices.get(name, []))
            or (name == "new_symptoms" and form.is_bound and form.data.get(name))
            for name in names
        )
        for section, names in SECTIONS.items()
    }


def _yesterday_asked(recent: list[CheckIn], today_: date) -> CheckIn | None:
    """Yesterday's check-in when its closeness or sex still awaits how the person felt
    afterwards: today's form then asks about it."""
    yesterday = today_ - timedelta(days=1)
    return next((c for c in recent if c.day == yesterday and c.awaits_afterwards), None)


def _long_past(the_day: date) -> bool:
    """Before yesterday: the red-flag box then says "if this is still happening"."""
    return the_day < timezone.localdate() - timedelta(days=1)


def _flags(request: PersonRequest, checkin: CheckIn | None) -> list[RedFlag]:
    if checkin is None:
        return []
    symptoms = set(checkin.symptoms)
    # About the loss is opened only when its answer changes the words.
    loss_kind = about_loss_for(request).kind if "shoulder_tip_pain" in symptoms else ""
    return red_flags(checkin, loss_kind=loss_kind, long_past=_long_past(checkin.day))


SAVED = {
    shared.SHARED: "Saved. Your partner sees the parts you ticked; the rest is yours alone.",
    shared.PAUSED: "Saved. Your sharing is paused, so only you can read it for now.",
    shared.KEY_CHANGED: (
        "Saved, and kept to yourself: your partner's key is not the one remembered when "
        "you were linked, so nothing is shared. The Together page says more."
    ),
}
SAVED_PRIVATE = "Saved. Only you can read it."
BODY_LEFT_OUT = (
    "Bleeding, pain and symptoms are left out of your check-in from now on. Days that "
    "already hold them keep them."
)
BODY_BACK = "Bleeding, pain and symptoms are back in your check-in."
# The small form the body section's show and hide buttons belong to (day.html).
BODY_CHOICE = "body_section"
KEPT_SAVED = "Kept as it was saved elsewhere. Nothing from the page you were on was saved."

# The buttons of the page that asks which version of a day to keep (`changed`).
KEEP_HERE, KEEP_BOTH, KEEP_SAVED = "here", "both", "saved"


@dataclass(frozen=True)
class Changed:
    """The day was saved elsewhere since the page was opened: what differs, for the
    person to choose (journal.conflict)."""

    differences: list[Difference]
    notes_differ: bool  # and the saved one has words: "keep both notes" is offered


@dataclass(frozen=True)
class Preview:
    """What the partner would see of the day as it stands in the form (nothing saved)."""

    chosen: bool  # some part of the day is ticked
    sections: list[shared.ShownSection]


def _preview(checkin: CheckIn) -> Preview:
    part = CheckIn.from_content(checkin.shared_part())
    return Preview(chosen=bool(part.share), sections=shared.shown_sections(part))


def _day_page(
    request: PersonRequest,
    the_day: date,
    form: CheckInForm,
    *,
    flags: list[RedFlag],
    member: Member | None,
    preview: Preview | None = None,
    nudge: Shown | None = None,
    changed: Changed | None = None,
    unsaved: bool = False,
    very_hard: bool = False,
    body_theirs: bool = True,
    status: int = 200,
) -> HttpResponse:
    today_ = timezone.localdate()
    is_today = the_day == today_
    choices = choices_of(form)
    return render(
        request,
        "journal/day.html",
        {
            "form": form,
            "choices": choices,
            "inputs": choices_html(form, choices),
            "open": _sections_open(form, choices),
            "day": the_day,
            "is_today": is_today,
            "is_yesterday": the_day == today_ - timedelta(days=1),
            "long_past": _long_past(the_day),
            "flags": flags,
            "urgent": urgent_help(country_for(request)) if flags else None,
            "picker": DayForm(initial={"day": the_day}),
            "in_space": member is not None,
            "paused": member is not None and member.paused,
            "preview": preview,
            "nudge": nudge,
            "changed": changed,
            "unsaved": unsaved,
            "body": "bleeding" in form.fields,
            "body_theirs": body_theirs,
            "very_hard": very_hard,
        },
        status=status,
    )


def _valid_day(day: str) -> tuple[date, DayForm]:
    the_day = _parse_day(day)
    return the_day, DayForm({"day": the_day.isoformat()})


def _with_version(data: QueryDict, version: str) -> QueryDict:
    changed = data.copy()
    changed["day_version"] = version
    return changed


def _with_note(data: QueryDict, saved_note: str) -> QueryDict:
    """The form as posted with both notes in its note: the one saved elsewhere, then the
    one written here. Too long together, the form says so, with both in it."""
    joined = data.copy()
    joined["note"] = notes_joined(saved_note, data.get("note", ""))
    return joined


def _save(request: PersonRequest, form: CheckInForm, checkin: CheckIn) -> services.Saved:
    """Save the day as the form has it, stopped if it was saved elsewhere since the page
    was opened. When nothing a person could see differs (only how it is stored), save
    over it: there is nothing to choose between."""

    def save(opened: str | None) -> services.Saved:
        return services.checkin_save_with_yesterday(
            owner=request.user,
            keys=request.vault,
            checkin=checkin,
            yesterday_afterwards=form.cleaned_data.get("yesterday_afterwards"),
            opened=opened,
        )

    try:
        return save(form.cleaned_data.get("day_version") or None)
    except services.DayChanged as changed:
        if differences(changed.saved, checkin):
            raise
        return save(changed.version)


@require_http_methods(["GET", "POST"])
@person_required
def day(request: PersonRequest, day: str) -> HttpResponse:
    the_day, picker = _valid_day(day)
    if not picker.is_valid():
        return render(request, "journal/pick_day.html", {"picker": picker}, status=400)
    today_ = timezone.localdate()
    is_today = the_day == today_
    # The day, today and yesterday (for the question about yesterday), the person's own
    # symptoms and their profile: one query for the whole page, for showing or saving.
    read = services.day_read(owner=request.user, keys=request.vault, day=the_day, today=today_)
    profile_prime(request, read.profile)
    request_entry_known(request, about_loss.KIND, about_loss.INDEX, read.about)
    yesterday = _yesterday_asked(read.recent, today_) if is_today else None
    member = membership.member_of(request.user)
    about = about_loss_for(request)
    # The body section is the person's unless they said it is not (here, or else in About
    # your loss); a day that already holds body answers shows them whatever was said.
    body_theirs = read.settings.body if read.settings.body is not None else about.body_is_theirs
    body = body_theirs or (read.checkin is not None and read.checkin.has_body)

    def checkin_form(
        data: QueryDict | None = None, initial: dict[str, Any] | None = None
    ) -> CheckInForm:
        return CheckInForm(
            data,
            initial=initial,
            is_today=is_today,
            remembered=read.remembered,
            yesterday=yesterday,
            in_space=member is not None,
            share_kept=read.checkin.share if read.checkin else [],
            later_loss=later_loss(about, the_day),
            body=body,
            body_kept=read.checkin,
        )

    if request.method == "POST":
        if request.POST.get(BODY_CHOICE) in ("show", "hide"):
            # The small form beside the body section: only the choice is posted.
            theirs = request.POST[BODY_CHOICE] == "show"
            services.body_section_choose(owner=request.user, keys=request.vault, theirs=theirs)
            messages.info(request, BODY_BACK if theirs else BODY_LEFT_OUT)
            return redirect(reverse("journal:day", kwargs={"day": the_day.isoformat()}))
        if request.POST.get("keep") == KEEP_SAVED:
            # Asked which version to keep, the person chose the one saved elsewhere.
            messages.info(request, KEPT_SAVED)
            return redirect(reverse("journal:day", kwargs={"day": the_day.isoformat()}))
        form = checkin_form(request.POST)
        if form.is_valid() and request.POST.get("keep") == KEEP_BOTH and read.checkin:
            form = checkin_form(_with_note(request.POST, read.checkin.note))
        if form.is_valid() and "preview" in request.POST:
            # Nothing is saved: the same page, everything as typed, and above it what the
            # partner's page would show of the day.
            checkin = form.checkin(the_day)
            return _day_page(
                request,
                the_day,
                form,
                flags=_flags(request, checkin),
                member=member,
                body_theirs=body_theirs,
                preview=_preview(checkin),
            )
        if form.is_valid():
            checkin = form.checkin(the_day)
            try:
                saved = _save(request, form, checkin)
            except services.DayChanged as changed:
                # Saved elsewhere since this page was opened: nothing is written. The
                # same page, every word as typed, now carrying the version just found,
                # and above the form both versions of what differs.
                form = checkin_form(_with_version(request.POST, changed.version))
                form.is_valid()
                found = differences(changed.saved, checkin)
                return _day_page(
                    request,
                    the_day,
                    form,
                    flags=_flags(request, checkin),
                    member=member,
                    body_theirs=body_theirs,
                    changed=Changed(
                        differences=found,
                        notes_differ=any(d.is_note for d in found) and bool(changed.saved.note),
                    ),
                    status=409,
                )
            except DatabaseError as error:
                # The database could not take the write (full, locked too long, gone):
                # nothing was saved, and the page says so with every word kept.
                logger.error("A check-in was not saved: %s: %s", type(error).__name__, error)
                return _day_page(
                    request,
                    the_day,
                    form,
                    flags=_flags(request, checkin),
                    member=member,
                    body_theirs=body_theirs,
                    unsaved=True,
                    status=503,
                )
            messages.success(request, SAVED.get(saved.sharing, SAVED_PRIVATE))
            return redirect(reverse("journal:day", kwargs={"day": the_day.isoformat()}))
        # Refused for something else, but if the body's answers already show a red
        # flag, the box is there on this page too: safety first.
        flags = _flags(request, form.answers_so_far(the_day))
        return _day_page(
            request, the_day, form, flags=flags, member=member, body_theirs=body_theirs, status=400
        )
    initial = CheckInForm.initial_from(read.checkin)
    initial["day_version"] = read.version
    if read.checkin and (member is None or read.checkin.share_with != str(member.couple_id)):
        initial["share"] = []  # ticks from another space, or from before any, are not these
    if read.checkin is None and read.share_defaults:
        initial["share"] = read.share_defaults  # a new day starts as the person prefers
    form = checkin_form(initial=initial)
    # A nudge from the partner waits for the Today page (one query, only in a space).
    nudge = nudge_for(request) if member is not None and is_today else None
    return _day_page(
        request,
        the_day,
        form,
        flags=_flags(request, read.checkin),
        member=member,
        body_theirs=body_theirs,
        nudge=nudge,
        very_hard=read.checkin is not None and read.checkin.very_hard,
    )


@require_GET
@person_required
def history(request: PersonRequest) -> HttpResponse:
    today_ = timezone.localdate()
    first = today_.replace(day=1)
    asked = MONTH.fullmatch(request.GET.get("month", ""))
    # The range DayForm allows, checked before a date is made (year 0 has none).
    if asked and 1 <= int(asked["month"]) <= 12 and int(asked["year"]) >= 1900:
        candidate = date(int(asked["year"]), int(asked["month"]), 1)
        if candidate <= today_:
            first = candidate
    days = [d for d in services.month_days(first.year, first.month) if d <= today_]
    # One query for the month and the person's profile, whatever the length of the
    # whole journal.
    checkins, profile = services.month_read(owner=request.user, keys=request.vault, days=days)
    profile_prime(request, profile)
    # Each day's page is the day picker's address plus the day: one reverse() for the
    # month rather than one per day (docs/performance.md).
    month = month_of(first, checkins, prefix=reverse("journal:today"), today=today_)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render(
        request,
        "journal/history.html",
        {
            "checkins": checkins,
            "rows": month.rows,
            "the_month": month,
            "chart": month.chart,
            "month": first,
            "previous": previous if previous.year >= 1900 else None,
            "following": following if following <= today_ else None,
        },
    )
