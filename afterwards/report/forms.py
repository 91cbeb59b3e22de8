"""The report's forms: the period, what goes in, and the code a therapist types."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from afterwards.forms_widgets import DATE_WIDGET
from afterwards.report import links

DATE_ERRORS = {
    "invalid": "Please give a date, like 2026-03-14.",
    "required": "Please give a date, like 2026-03-14.",
}
PERIOD_DAYS_DEFAULT = 28  # the last four weeks, today included
PERIOD_DAYS_MAX = 366

SECTIONS = {
    "mood": "Mood and grief over time",
    "wellbeing": "Questionnaire scores",
    "patterns": "Patterns your days show",
}
# Bleeding and closeness are a choice of their own, off unless ticked: the mood chart's
# marks and the patterns about them (cycle, closeness), never under "Mood and grief".
BLEEDING_CLOSENESS = "Days with bleeding or closeness"
THERAPIST_LIST = "Your list for your therapist"


def period_default(today: date) -> tuple[date, date]:
    return today - timedelta(days=PERIOD_DAYS_DEFAULT - 1), today


class PeriodForm(forms.Form):
    date_from = forms.DateField(label="From", widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    date_to = forms.DateField(
        label="To",
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text="Up to a year, ending today at the latest.",
    )

    def clean_date_to(self) -> date:
        day: date = self.cleaned_data["date_to"]
        if day > timezone.localdate():
            raise forms.ValidationError("The report can end today at the latest.")
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("date_from"), data.get("date_to")
        if first is not None and last is not None:
            if first > last:
                self.add_error("date_from", "Please choose a start on or before the end.")
            elif (last - first).days + 1 > PERIOD_DAYS_MAX:
                self.add_error("date_from", "Please choose a period of a year or less.")
        return data

    @property
    def period(self) -> tuple[date, date]:
        return self.cleaned_data["date_from"], self.cleaned_data["date_to"]


class ContentsForm(PeriodForm):
    """The period again (hidden: it was chosen above), what goes in, and the notes.

    `note_days` are the days of the period with a note, each offered unticked with the
    start of its note; a day that is not one of them is refused."""

    date_from = forms.DateField(widget=forms.HiddenInput, error_messages=DATE_ERRORS)
    date_to = forms.DateField(widget=forms.HiddenInput, error_messages=DATE_ERRORS)
    sections = forms.MultipleChoiceField(
        label="Parts to include",
        choices=list(SECTIONS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Please choose from the parts offered."},
    )
    bleeding_closeness = forms.BooleanField(
        label=BLEEDING_CLOSENESS,
        required=False,
        help_text="Under the mood chart, a circle on each day you noted bleeding and a "
        "diamond on each day you noted closeness or sex; and the patterns about your "
        "cycle and about closeness. Left out unless you tick it.",
    )
    therapist_list = forms.BooleanField(
        label=THERAPIST_LIST,
        required=False,
        help_text="Every item on the list you keep on the Together pages, in full. Left out "
        "unless you tick it.",
    )
    name = forms.CharField(
        label="Name on the report (optional)",
        required=False,
        max_length=80,
        help_text="So your therapist can tell whose report it is. It goes only into the "
        "report itself and is never saved here.",
        error_messages={"max_length": "Please keep the name to 80 characters or fewer."},
    )
    notes = forms.MultipleChoiceField(
        label="Notes to include",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None is included unless you tick it.",
        error_messages={
            "invalid_choice": "One of the notes ticked is not in this period any more. "
            "The list below shows the notes there are now."
        },
    )
    days = forms.IntegerField(
        label="The link works for (days)",
        min_value=1,
        max_value=links.DAYS_MAX,
        initial=links.DAYS_DEFAULT,
        required=False,
        help_text=f"From 1 to {links.DAYS_MAX} days. {links.DAYS_DEFAULT} unless you change it.",
        error_messages={
            "invalid": f"Please give a number of days from 1 to {links.DAYS_MAX}.",
            "min_value": f"Please give a number of days from 1 to {links.DAYS_MAX}.",
            "max_value": f"Please give a number of days from 1 to {links.DAYS_MAX}.",
        },
    )

    def __init__(self, *args: Any, note_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        notes = self.fields["notes"]
        assert isinstance(notes, forms.MultipleChoiceField)
        notes.choices = note_choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The dates are hidden here: say what went wrong where the person can see it.
        for name in ("date_from", "date_to"):
            for error in self.errors.pop(name, []):
                self.add_error(None, error)
        sections = data.get("sections") or []
        if data.get("bleeding_closeness") and not {"mood", "patterns"} & set(sections):
            self.add_error(
                "bleeding_closeness",
                "Days with bleeding or closeness go with Mood and grief over time or with "
                "Patterns: please tick one of those too, or leave this unticked.",
            )
        return data

    @property
    def note_days(self) -> set[date]:
        return {date.fromisoformat(value) for value in self.cleaned_data.get("notes", [])}


class CodeForm(forms.Form):
    code = forms.CharField(
        label="The code you were given",
        max_length=20,
        help_text="Eight letters and digits, passed on to you separately from the link.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": "Please type the code you were given."},
    )
