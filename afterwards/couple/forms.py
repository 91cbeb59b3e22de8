from __future__ import annotations

from django import forms

from afterwards.couple.membership import CODE_LENGTH, code_normalise


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label="The code your partner gave you",
        max_length=40,
        help_text="Ten letters and numbers, like ABCDE-12345. Capitals and dashes do not matter.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Type the code your partner gave you."},
    )

    def clean_code(self) -> str:
        code = code_normalise(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                "A code has ten letters and numbers. Check it with your partner."
            )
        return code
