from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from afterwards.journal.checkin import MOOD_WORDS


class DayForm(forms.Form):
    day = forms.DateField(
        label="Which day?",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Please give a date, like 2026-03-14."},
    )

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                "That day hasn't come yet. You can write about today or any day before it."
            )
        if day.year < 1900:
            raise forms.ValidationError("Please choose a day from this century or the last.")
        return day


class CheckInForm(forms.Form):
    mood = forms.TypedChoiceField(
        label="How are you today?",
        choices=[(value, word) for value, word in MOOD_WORDS.items()],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Please choose one of the five words."},
    )
    note = forms.CharField(
        label="A note to yourself",
        required=False,
        max_length=10000,
        help_text="Only you can read this.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, is_today: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_today:
            self.fields["mood"].label = "How were you that day?"
