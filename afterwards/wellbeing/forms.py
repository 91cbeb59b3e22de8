from __future__ import annotations

from typing import Any

from django import forms

from afterwards.wellbeing.instrument import Instrument
from afterwards.wellbeing.services import SCHEDULE_CHOICES

ANSWER_ERROR = "Please choose one of the answers shown."


def item_field_name(n: int) -> str:
    return f"item_{n}"


class QuestionnaireForm(forms.Form):
    """One radio group per item, with the published options; every item may be left out
    (the result is then marked incomplete and has no total)."""

    share = forms.BooleanField(
        label="Share this result with my partner",
        required=False,
        help_text=(
            "Sharing begins once you and your partner have a couple space. "
            "Until then, only you can read it."
        ),
    )

    def __init__(self, *args: Any, instrument: Instrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        choices = [(option.value, option.label) for option in instrument.options]
        items: dict[str, forms.Field] = {}
        for item in instrument.items:
            items[item_field_name(item.n)] = forms.TypedChoiceField(
                label=item.text,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": ANSWER_ERROR},
            )
        if instrument.difficulty is not None:
            items["difficulty"] = forms.TypedChoiceField(
                label=instrument.difficulty.text,
                choices=list(enumerate(instrument.difficulty.options)),
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": ANSWER_ERROR},
            )
        # The items first, in order, then the difficulty question, then the share choice.
        self.fields = {**items, "share": self.fields["share"]}

    def item_fields(self) -> list[tuple[int, forms.BoundField]]:
        return [(item.n, self[item_field_name(item.n)]) for item in self.instrument.items]

    def difficulty_field(self) -> forms.BoundField | None:
        return self["difficulty"] if "difficulty" in self.fields else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and all(value is None for value in self.answers().values()):
            raise forms.ValidationError(
                "No answers were chosen yet. Choose an answer for each question you "
                "would like to answer, then save."
            )
        return cleaned

    def answers(self) -> dict[int, int | None]:
        return {
            item.n: self.cleaned_data.get(item_field_name(item.n)) for item in self.instrument.items
        }


class ScheduleForm(forms.Form):
    """Per questionnaire: off, every 2 weeks or every 4 weeks."""

    def __init__(self, *args: Any, instruments: list[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for instrument in instruments:
            self.fields[instrument.id] = forms.TypedChoiceField(
                label=f"How often would you like to take the {instrument.short_name}?",
                choices=list(SCHEDULE_CHOICES.items()),
                coerce=int,
                initial=0,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": "Please choose one of the three.",
                    "required": "Please choose one of the three.",
                },
            )
