from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from afterwards.forms_widgets import DATE_WIDGET
from afterwards.loss.about import KINDS, PREGNANCY, PREGNANT, AboutLoss

DATE_ERRORS = {"invalid": "Please give a date, like 2026-03-14."}

SPEAK_OF = {
    "name": "By a name",
    "pregnancy": "As “the pregnancy”",
    "nothing": "With no particular words",
}


class AboutLossForm(forms.Form):
    kind = forms.ChoiceField(
        label="What happened",
        choices=list(KINDS.items()),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Please choose one of the words offered."},
    )
    loss_date = forms.DateField(
        label="When it happened",
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="A day, if you know it. You can leave it empty.",
    )
    due_date = forms.DateField(
        label="The due date",
        required=False,
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="If there was one and you would like us to know it.",
    )
    speak_of = forms.ChoiceField(
        label="How would you like us to speak of it?",
        choices=list(SPEAK_OF.items()),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Please choose one of the three."},
    )
    name = forms.CharField(
        label="The name you use",
        required=False,
        max_length=80,
        help_text="Only if you chose “by a name”. We use it where it reads naturally.",
    )
    pregnant = forms.ChoiceField(
        label="Were you the one who was pregnant?",
        choices=list(PREGNANT.items()),
        required=False,
        widget=forms.RadioSelect,
        help_text=(
            "If you say no, your check-in leaves out questions about bleeding, pain and "
            "symptoms. You can bring them back on the check-in page at any time."
        ),
        error_messages={"invalid_choice": "Please choose one of the three."},
    )

    @classmethod
    def initial_from(cls, about: AboutLoss) -> dict[str, Any]:
        speak_of = ""
        if about.name == PREGNANCY:
            speak_of = "pregnancy"
        elif about.name:
            speak_of = "name"
        return {
            "kind": about.kind,
            "loss_date": about.loss_date,
            "due_date": about.due_date,
            "speak_of": speak_of,
            "name": about.name if speak_of == "name" else "",
            "pregnant": about.pregnant,
        }

    def _clean_day(self, field: str) -> date | None:
        day: date | None = self.cleaned_data.get(field)
        if day is not None and day.year < 1900:
            raise forms.ValidationError("Please choose a day from this century or the last.")
        return day

    def clean_loss_date(self) -> date | None:
        day = self._clean_day("loss_date")
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError("That day hasn't come yet. Please choose today or before.")
        return day

    def clean_due_date(self) -> date | None:
        return self._clean_day("due_date")

    def clean_name(self) -> str:
        # One line of plain words: no control characters, no surrounding space.
        name: str = self.cleaned_data.get("name", "")
        name = " ".join("".join(c for c in name if c.isprintable()).split())
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("speak_of") == "name" and not data.get("name") and "name" not in self.errors:
            self.add_error("name", "Please write the name, or choose another way to speak of it.")
        return data

    def about(self) -> AboutLoss:
        data = self.cleaned_data
        words = {"name": data["name"], "pregnancy": PREGNANCY}.get(data["speak_of"], "")
        return AboutLoss(
            kind=data["kind"],
            loss_date=data["loss_date"],
            due_date=data["due_date"],
            name=words,
            pregnant=data["pregnant"],
        )
