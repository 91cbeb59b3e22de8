from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.accounts.profile import profile_prime
from afterwards.couple import pins, sharing
from afterwards.insights import charts, services
from afterwards.insights.patterns import Need
from afterwards.loss import about as loss
from afterwards.vault.middleware import request_entry_known


@require_GET
@person_required
def index(request: PersonRequest) -> HttpResponse:
    read = services.patterns_for(owner=request.user, keys=request.vault, today=timezone.localdate())
    # Read with everything else in one query: kept for the rest of the request.
    profile_prime(request, read.profile)
    request_entry_known(request, loss.KIND, loss.INDEX, read.about_content)
    j, report = read.journal, read.report
    # The two of them, from what each chose to share: only in a space, and never when
    # the partner's key is not the pinned one (nothing of theirs is opened then).
    try:
        pair = sharing.pair_for(owner=request.user, keys=request.vault)
        couple = (
            services.couple_pattern(owner=request.user, keys=request.vault, pair=pair)
            if pair is not None
            else None
        )
    except pins.PartnerKeyChanged:  # the person's own patterns still show
        couple = None
    return render(
        request,
        "insights/index.html",
        {
            "journal": j,
            "report": report,
            # A worsening pattern has a line beside it about where help is.
            "heavier": any(f.heavier for f in report.shown),
            "timeline": charts.timeline(j, labelled_by="timeline-summary") if j else None,
            "by_phase": charts.mood_by_phase(j, labelled_by="phase-summary") if j else None,
            "after": charts.after_closeness(report, labelled_by="after-summary"),
            "couple": couple,
            "couple_need": isinstance(couple, Need),
        },
    )
