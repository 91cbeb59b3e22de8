from __future__ import annotations

from django import forms

from afterwards.support import helplines


def _choices() -> list[tuple[str, str]]:
    return [("", "Choose a country"), *helplines.countries()]


class CountryForm(forms.Form):
    """Which country's help lines to show. A GET form, so it works without JavaScript
    and a person can keep or share the address."""

    country = forms.CharField(
        label="Show help for",
        required=False,
        max_length=2,
        widget=forms.Select(choices=_choices()),
        error_messages={
            "max_length": "Please choose a country from the list.",
            "null_characters_not_allowed": "Please choose a country from the list.",
        },
    )

    def clean_country(self) -> str:
        raw: str = self.cleaned_data.get("country", "")
        code = helplines.normalise(raw)
        if raw.strip() and not code:
            raise forms.ValidationError("Please choose a country from the list.")
        return code
