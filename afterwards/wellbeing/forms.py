from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from afterwards.wellbeing.instrument import Instrument
from afterwards.wellbeing.services import SCHEDULE_CHOICES

ANSWER_ERROR = "Please choose one of the answers shown."

# The second submit button, shown once some questions came back without an answer: a
# person who means to leave them out saves the incomplete result with it.
SAVE_AS_IT_IS = ("incomplete", "ok")


def item_field_name(n: int) -> str:
    return f"item_{n}"


@dataclass(frozen=True)
class ItemRow:
    """One item as the questionnaire shows it: its number, its radio group, and whether
    it came back without an answer (and is a safety item) when the form was held."""

    n: int
    field: forms.BoundField
    unanswered: bool
    safety: bool


class QuestionnaireForm(forms.Form):
    """One radio group per item, with the published options; every item may be left out
    (the result is then marked incomplete and has no total), but only once the person
    has seen which ones and chosen "Save as it is"."""

    share = forms.BooleanField(
        label="Share this result with my partner",
        required=False,
        help_text=(
            "Results never appear on your partner's pages. This choice is kept for a "
            "report for the two of you, which will ask you again. For now, only you can "
            "read it."
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

    def item_rows(self, *, held: bool = False) -> list[ItemRow]:
        """Every item in order; when `held`, those without an answer are marked."""
        missing = set(self.unanswered()) if held else set()
        safety = set(self.instrument.safety_items)
        return [
            ItemRow(item.n, self[item_field_name(item.n)], item.n in missing, item.n in safety)
            for item in self.instrument.items
        ]

    def unanswered(self) -> list[int]:
        """The numbers of the items left without an answer (valid forms only)."""
        return [n for n, value in self.answers().items() if value is None]

    def save_as_it_is(self) -> bool:
        """The person chose "Save as it is": keep the result even with items left out."""
        name, value = SAVE_AS_IT_IS
        return self.is_bound and self.data.get(name) == value

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
