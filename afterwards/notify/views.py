from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.http import require_GET, require_http_methods

from afterwards.accounts.decorators import PersonRequest, person_required
from afterwards.accounts.profile import profile_for
from afterwards.couple.membership import partner_of
from afterwards.dates.services import quiet_days_refresh
from afterwards.notify import alarms, services, vapid
from afterwards.notify.forms import PreferencesForm, PushSubscriptionForm
from afterwards.notify.models import Preferences, PushSubscription
from afterwards.wellbeing import services as wellbeing


def _render(request: PersonRequest, form: PreferencesForm, status: int) -> HttpResponse:
    # A saved schedule keeps every questionnaire, 0 for Off: none above 0 is none chosen.
    if not any(wellbeing.schedule_get(owner=request.user, keys=request.vault).values()):
        form.note_no_schedule()
    public_key = vapid.public_key()
    if not public_key:
        form.note_push_off()
    return render(
        request,
        "notify/settings.html",
        {
            "form": form,
            "email_ready": settings.NOTIFY_EMAIL,
            "push_ready": bool(public_key),
            "vapid_public_key": public_key,
            "browsers": PushSubscription.objects.filter(user=request.user).count(),
            # A partner's heads-up comes through this person's own channels.
            "in_a_space": partner_of(request.user) is not None,
        },
        status=status,
    )


SAVED = "Saved. You can change or stop reminders here at any time."


def _saved(prefs: Preferences) -> str:
    """After saving: whether anything chosen can reach the person now, and if not, why."""
    wanted = prefs.checkin_on or prefs.questionnaire_on or alarms.any_for(user=prefs.user)
    reaches = (prefs.by_email and settings.NOTIFY_EMAIL) or (prefs.by_push and vapid.push_ready())
    if reaches or not (wanted or prefs.by_email or prefs.by_push):
        return SAVED
    if not (prefs.by_email or prefs.by_push):
        return "Saved. Nothing can reach you yet: no way is chosen under “How reminders reach you”."
    ways = " or ".join(
        way
        for way, chosen in (("e-mail", prefs.by_email), ("browser reminders", prefs.by_push))
        if chosen
    )
    return (
        f"Saved. Nothing can reach you yet: this server does not send {ways} at the moment. "
        "The person who runs it can change this; your choices are kept until then."
    )


@require_http_methods(["GET", "POST"])
@person_required
def settings_page(request: PersonRequest) -> HttpResponse:
    prefs = services.preferences_get(user=request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if not form.is_valid():
            return _render(request, form, 400)
        was = (prefs.checkin_on, prefs.hour)
        services.preferences_save(prefs=form.apply(prefs), keys=request.vault, was_checkin=was)
        # A routine reminder just turned on stays quiet on the hard dates of this week too.
        quiet_days_refresh(owner=request.user, keys=request.vault)
        messages.success(request, _saved(prefs))
        return redirect("notify:settings")
    initial = PreferencesForm.initial_from(prefs)
    if prefs._state.adding:  # never saved: the neutral look as the person chose it
        initial["neutral"] = settings.NEUTRAL_LOOK or profile_for(request).neutral_look
    return _render(request, PreferencesForm(initial=initial), 200)


@require_http_methods(["POST"])
@person_required
def push_subscribe(request: PersonRequest) -> HttpResponse:
    """This browser's push subscription, sent by static/js/reminders.js."""
    form = PushSubscriptionForm(request.POST)
    prefs = services.preferences_get(user=request.user)
    if not vapid.push_ready() or not prefs.by_push or not form.is_valid():
        return HttpResponse(status=400)
    services.push_subscribe(user=request.user, **form.cleaned_data)
    return HttpResponse(status=204)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The script that shows a reminder in a browser. Served from /reminders/, not
    /static/js/, so that its scope covers the Reminders page: otherwise
    navigator.serviceWorker.ready never resolves there and no browser is ever subscribed.
    The same for everyone, naming no one: a browser checks it for updates logged out too.
    Never cached (PrivatePagesMiddleware), under the site's CSP."""
    script = loader.get_template("notify/reminders-sw.js").render()
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")
