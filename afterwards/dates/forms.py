"""The forms of the hard dates pages: a date of the person's own, and a heads-up for any
date. Every message sits beside its field; nothing is saved until all of it reads well."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from afterwards.dates.services import DAYS_BEFORE, HeadsUp, OwnDate
from afterwards.forms_widgets import DATE_WIDGET

DATE_MESSAGE = "Please give a date that exists, like 2026-03-14."
DAYS_MESSAGE = "Please choose a number of days from 1 to 28."
LABEL_LENGTH = 80
REPEATS = [("yearly", "Every year"), ("once", "Just once")]
PARTNER_WORDS = "Your partner let you know a hard week may be coming."
# What the partner's reminder says (afterwards/notify/templates/notify/messages/).
PARTNER_REMINDER = "A hard week may be coming for your partner."


class HeadsUpForm(forms.Form):
    heads_up = forms.BooleanField(
        label="Give me a quiet heads-up before this date",
        required=False,
        help_text=(
            "A calm line on your Today page, and in your reminders if you turned them on. "
            "It never says which date it is, or why."
        ),
    )
    days_before = forms.IntegerField(
        label="How many days before",
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text="From 1 to 28 days. If you leave it empty, it is 7.",
        error_messages={"invalid": DAYS_MESSAGE},
    )

    def __init__(self, *args: Any, space: str | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.space = space
        if space:
            self.fields["partner"] = forms.BooleanField(
                label="Also let my partner know a hard week may be coming",
                required=False,
                help_text=(
                    f"Your partner would see only these words on their Today page: "
                    f"“{PARTNER_WORDS}” If they turned reminders on, theirs would say "
                    f"“{PARTNER_REMINDER}” Never which date, or why."
                ),
            )

    def clean_days_before(self) -> int:
        days: int | None = self.cleaned_data.get("days_before")
        if days is None:
            return DAYS_BEFORE
        if not 1 <= days <= 28:
            raise forms.ValidationError(DAYS_MESSAGE)
        return days

    @staticmethod
    def initial_from(heads_up: HeadsUp, space: str | None) -> dict[str, Any]:
        return {
            "heads_up": heads_up.on,
            "days_before": heads_up.days_before,
            "partner": bool(space) and heads_up.partner_space == space,
        }

    def heads_up_into(self, kept: HeadsUp) -> HeadsUp:
        """The choices made here, keeping the date's alarm id."""
        data = self.cleaned_data
        partner_space = ""
        if self.space and data.get("partner"):
            partner_space = self.space
        return HeadsUp(
            on=data["heads_up"],
            days_before=data["days_before"],
            partner_space=partner_space,
            alarm=kept.alarm,
        )


class OwnDateForm(HeadsUpForm):
    label = forms.CharField(
        label="Your words for this date",
        max_length=LABEL_LENGTH,
        help_text="Only you can read them. A few words are enough, up to 80 characters.",
        error_messages={
            "required": "Please give it a few words of your own.",
            "max_length": "Please keep it to 80 characters or fewer.",
        },
    )
    day = forms.DateField(
        label="The date",
        widget=DATE_WIDGET,
        error_messages={"required": "Please give the date.", "invalid": DATE_MESSAGE},
    )
    repeats = forms.ChoiceField(
        label="Does it come back every year?",
        choices=REPEATS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose every year or just once.",
            "invalid_choice": "Please choose every year or just once.",
        },
    )
    field_order = ["label", "day", "repeats", "heads_up", "days_before", "partner"]

    def clean_label(self) -> str:
        # One line of plain words: no control characters, no surrounding space.
        label: str = self.cleaned_data.get("label", "")
        label = " ".join("".join(c for c in label if c.isprintable()).split())
        if not label:
            raise forms.ValidationError("Please give it a few words of your own.")
        return label

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if not 1900 <= day.year <= 2200:
            raise forms.ValidationError("Please choose a day between 1900 and 2200.")
        return day

    @staticmethod
    def initial_from_own(own: OwnDate, space: str | None) -> dict[str, Any]:
        return {
            "label": own.label,
            "day": own.day,
            "repeats": "yearly" if own.yearly else "once",
            **HeadsUpForm.initial_from(own.heads_up, space),
        }

    def own_date(self, kept: OwnDate | None = None) -> OwnDate:
        data = self.cleaned_data
        kept = kept or OwnDate(label="", day=data["day"])
        return OwnDate(
            id=kept.id,
            label=data["label"],
            day=data["day"],
            yearly=data["repeats"] == "yearly",
            heads_up=self.heads_up_into(kept.heads_up),
        )


class QuietForm(forms.Form):
    """Whether routine reminders stay quiet on the person's hard dates (quiet unless
    they say otherwise): asked once on the Hard dates page, changed there at any time."""

    quiet = forms.BooleanField(
        label="Keep my daily check-in and questionnaire reminders quiet on these days",
        required=False,
        help_text=(
            "On the day itself: the day of your loss, the due date and the dates you add "
            "here. A heads-up you chose still comes."
        ),
    )
