from __future__ import annotations

from typing import Any

from django import forms

from afterwards.accounts.forms import ConfirmPassphraseForm, PassphraseField

FILE_MAX_BYTES = 20 * 1024 * 1024
FILE_PASSPHRASE_MIN = 10
JSON = "json"
CSV = "csv"


def _file_passphrase(label: str, *, help_text: str = "") -> PassphraseField:
    return PassphraseField(
        label=label,
        required=False,
        strip=False,
        max_length=1024,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class ExportForm(ConfirmPassphraseForm):
    """What to download, and the person's own passphrase: a whole export is handed only
    to someone who knows it, not to anyone who finds a session left open."""

    format = forms.ChoiceField(
        label="Which file",
        choices=[
            (JSON, "JSON: everything, to bring into Afterwards here or elsewhere"),
            (CSV, "CSV: one table per kind, in a zip, for a spreadsheet"),
        ],
        initial=JSON,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Please choose a file.",
            "invalid_choice": "Please choose a file.",
        },
    )
    seal = _file_passphrase(
        "A passphrase for the file (optional)",
        help_text=(
            "With one, the file is encrypted with age and only this passphrase opens it. "
            "Without one, anyone who has the file can read it."
        ),
    )
    seal_again = _file_passphrase("The file's passphrase again")
    field_order = ["format", "seal", "seal_again", "passphrase"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["passphrase"].label = "Your passphrase, to confirm it is you"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seal, again = cleaned.get("seal", ""), cleaned.get("seal_again", "")
        if seal and len(seal) < FILE_PASSPHRASE_MIN:
            self.add_error(
                "seal", f"Please use {FILE_PASSPHRASE_MIN} characters or more, or leave it empty."
            )
        elif seal != again:
            self.add_error("seal_again", "The two passphrases for the file are not the same.")
        return cleaned


def _file_field(label: str, help_text: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=help_text,
        error_messages={
            "required": "Please choose a file.",
            "empty": "This file is empty. Please choose another.",
            "invalid": "Please choose a file.",
        },
    )


TOO_LARGE = (
    "This file is larger than 20 MB, more than an export from here holds. "
    "Please check it is the right one."
)


class _UploadForm(forms.Form):
    """A form with one file; `too_large` when the upload handler dropped it on the way
    in (uploads.MemoryOnlyUpload), so that the page says why instead of asking for one."""

    def __init__(self, *args: Any, too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        if too_large:
            self.fields["file"].required = False

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if self.too_large or (upload is not None and upload.size > FILE_MAX_BYTES):
            raise forms.ValidationError(TOO_LARGE)
        return upload

    def contents(self) -> bytes:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        data: bytes = upload.read()
        return data


class ImportForm(_UploadForm):
    file = _file_field(
        "Your export file",
        "The .json or .json.age file from the Your data page, here or on another server.",
    )
    file_passphrase = _file_passphrase(
        "The file's passphrase, if it has one", help_text="Only for a .json.age file."
    )


class DripForm(_UploadForm):
    file = _file_field("drip's CSV export", "The .csv file drip saves when you export your data.")
