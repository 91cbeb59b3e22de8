"""The Body page's small forms. Each checks its day against what the page offered, so a
changed or stale value is a calm 400, never something saved."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

ANSWER_CHOICES = [
    ("yes", "Yes, a period"),
    ("no", "No, something else"),
    ("unsure", "I'm not sure"),
]
STALE = "This day is no longer one we can ask about. The page below shows what is there now."


class _DayForm(forms.Form):
    """A form about one day the page offered (`allowed`)."""

    day = forms.DateField(
        widget=forms.HiddenInput, error_messages={"invalid": STALE, "required": STALE}
    )

    def __init__(self, *args: Any, allowed: set[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if day not in self.allowed:
            raise forms.ValidationError(STALE)
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The day is hidden: say what went wrong where the person can see it.
        for error in self.errors.pop("day", []):
            self.add_error(None, error)
        return data


class PeriodAnswerForm(_DayForm):
    answer = forms.ChoiceField(
        label="Was this a period?",
        choices=ANSWER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose one of the three answers.",
            "invalid_choice": "Please choose one of the three answers.",
        },
    )


class LeaveOutForm(_DayForm):
    leave_out = forms.TypedChoiceField(
        choices=[("yes", "Leave out"), ("no", "Count again")],
        coerce=lambda value: value == "yes",
        widget=forms.HiddenInput,
        error_messages={"required": STALE, "invalid_choice": STALE},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for error in self.errors.pop("leave_out", []):
            self.add_error(None, error)
        return data


class FertileWindowForm(forms.Form):
    show = forms.BooleanField(
        label="Show an estimate of fertile days",
        required=False,
        help_text="Off unless you turn it on. You can turn it off again at any time.",
    )
