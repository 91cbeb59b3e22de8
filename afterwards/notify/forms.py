from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import format_html

from afterwards.notify.models import Preferences
from afterwards.notify.sending import push_endpoint_allowed
from afterwards.notify.services import zone_names, zones_known

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]
HOUR_ERRORS = {"invalid_choice": "Please choose one of the hours offered."}


def _hour(label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=HOURS, coerce=int, error_messages=HOUR_ERRORS, help_text=help_text
    )


class PreferencesForm(forms.Form):
    checkin_on = forms.BooleanField(label="A daily reminder to check in", required=False)
    questionnaire_on = forms.BooleanField(
        label="A reminder when a questionnaire is due, on the schedule you chose on the "
        "Wellbeing page",
        required=False,
    )
    hour = _hour("At this hour", "Hard-date heads-ups go out at this hour too.")
    time_zone = forms.ChoiceField(
        label="Your time zone",
        choices=[],
        error_messages={"invalid_choice": "Please choose a time zone from the list."},
    )
    quiet_on = forms.BooleanField(label="Keep some hours quiet", required=False)
    quiet_from = _hour("Quiet from")
    quiet_to = _hour("Quiet until", "Anything due in these hours waits until they end.")
    by_email = forms.BooleanField(label="By e-mail", required=False)
    email = forms.EmailField(
        label="E-mail address for reminders",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "This does not look like an e-mail address, like name@example.org."
        },
        help_text=(
            "Kept in clear, not in your vault, so that reminders can be sent while you are away."
        ),
    )
    by_push = forms.BooleanField(
        label="In this browser",
        required=False,
        help_text="Needs JavaScript: after saving, a button below asks this browser to allow it.",
    )
    neutral = forms.BooleanField(
        label="Call reminders “Notes” instead of the site’s name", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = self.fields["time_zone"]
        assert isinstance(zone, forms.ChoiceField)
        names = zone_names()
        # A zone the person already has (saved before, the server's default, or sent back
        # as it was shown) stays offered and valid, or saving would quietly change it.
        had = self.data.get("time_zone") if self.is_bound else self.initial.get("time_zone")
        if isinstance(had, str) and had not in names and had in zones_known():
            names = sorted([*names, had])
        zone.choices = [(name, name.replace("_", " ")) for name in names]

    def note_no_schedule(self) -> None:
        """Beside the questionnaire box: with no schedule chosen, no reminder would come."""
        self.fields["questionnaire_on"].help_text = format_html(
            'You have not chosen how often yet — choose on the <a href="{}">Wellbeing page</a>.',
            reverse("wellbeing:index") + "#schedule-heading",
        )

    def note_push_off(self) -> None:
        """With Web Push turned off by the host no button comes: the choice waits."""
        self.fields["by_push"].help_text = (
            "This server does not send browser reminders: the person who runs it has turned "
            "them off. Your choice is kept in case they turn them on."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("by_email") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "Please give the address reminders should go to.")
        return cleaned

    @classmethod
    def initial_from(cls, prefs: Preferences) -> dict[str, Any]:
        return {name: getattr(prefs, name) for name in cls.base_fields}

    def apply(self, prefs: Preferences) -> Preferences:
        for name, value in self.cleaned_data.items():
            setattr(prefs, name, value)
        return prefs


class PushSubscriptionForm(forms.Form):
    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)

    def clean_endpoint(self) -> str:
        endpoint: str = self.cleaned_data["endpoint"]
        if not endpoint.startswith("https://"):
            raise forms.ValidationError("A push address is always https.")
        if not push_endpoint_allowed(endpoint):
            raise forms.ValidationError("This browser's push service is not one we send to.")
        return endpoint
