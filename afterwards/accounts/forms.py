from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.http import HttpRequest

from afterwards.accounts.models import RegistrationInvite, User
from afterwards.vault.crypto import VaultError
from afterwards.vault.keyring import normalise_recovery_code

PASSPHRASE_HELP = (
    "10 characters or more. "  # noqa: S105 - advice, not a passphrase
    "A few unrelated words make a passphrase that is long and easy to remember."
)


class PassphraseField(forms.CharField):
    """A passphrase in one Unicode form (NFKC), whichever way a keyboard or a password
    manager composed it, so the login check and the vault see the same string."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return unicodedata.normalize("NFKC", text or "")


def passphrase_field(label: str, *, help_text: str = "", autocomplete: str) -> PassphraseField:
    return PassphraseField(
        label=label,
        strip=False,
        max_length=1024,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


USERNAME_TAKEN = "That user name is taken. Please choose another."
COUNTRY_DECLINED = "none"  # the sign-up choice "Prefer not to say"
COUNTRY_HELP = (
    "So that, if you ever need help quickly, we show the right numbers for where you are. "
    "Only you can see it."
)
INVITE_INVALID = "That invitation code is not valid or has been used."

PAUSED = (
    "That passphrase did not match a few times, so for your safety this is paused for a "
    "while. Please wait a little before the next go."
)


class ConfirmPassphraseForm(forms.Form):
    """The person's own passphrase, asked again before a grave change; throttled like a
    login, so that an open session is no way to guess it without limit."""

    passphrase = passphrase_field("Your passphrase", autocomplete="current-password")
    wrong_message = "That is not your passphrase."

    def __init__(self, *args: Any, user: User, request: HttpRequest, **kwargs: Any) -> None:
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_passphrase(self) -> str:
        from afterwards.accounts.services import passphrase_confirm

        passphrase: str = self.cleaned_data["passphrase"]
        outcome = passphrase_confirm(self.request, user=self.user, passphrase=passphrase)
        if outcome is None:
            raise forms.ValidationError(PAUSED)
        if not outcome:
            raise forms.ValidationError(self.wrong_message)
        return passphrase


class NewPassphraseMixin(forms.Form):
    """Two matching passphrases that pass Django's validators for this person."""

    def person_for_validation(self) -> User:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first = cleaned.get("new_passphrase")
        second = cleaned.get("new_passphrase_again")
        if first and second and first != second:
            self.add_error("new_passphrase_again", "The two passphrases are not the same.")
        elif first:
            try:
                password_validation.validate_password(first, self.person_for_validation())
            except forms.ValidationError as error:
                self.add_error("new_passphrase", error)
        return cleaned


class SignUpForm(NewPassphraseMixin):
    username = forms.CharField(
        label="User name",
        max_length=40,
        help_text="Letters, digits and @ . + - _ only. It need not be your real name.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label="E-mail (optional)",
        required=False,
        help_text=(
            "Only for reminders, if you turn them on later. Whoever runs this server can "
            "see it; your partner never will."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    new_passphrase = passphrase_field(
        "Passphrase", help_text=PASSPHRASE_HELP, autocomplete="new-password"
    )
    new_passphrase_again = passphrase_field("Passphrase again", autocomplete="new-password")
    # Asked once, here, and never guessed: "Prefer not to say" is kept as an answer of its
    # own (Profile.country_declined), so nothing asks again.
    country = forms.ChoiceField(
        label="Your country",
        required=False,
        help_text=COUNTRY_HELP,
        error_messages={"invalid_choice": "Please choose a country from the list."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from afterwards.support.helplines import countries

        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", "Choose a country"),
            (COUNTRY_DECLINED, "Prefer not to say"),
            *countries(),
        ]
        if settings.REGISTRATION == "invite":
            self.fields["invite_code"] = forms.CharField(
                label="Invitation code",
                max_length=40,
                help_text="This server is by invitation. Whoever runs it can give you a code.",
            )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        User._meta.get_field("username").run_validators(username)
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if settings.REGISTRATION == "invite":
            code = cleaned.get("invite_code", "")
            usable = RegistrationInvite.objects.usable().filter(
                code_hash=RegistrationInvite.hash_code(code)
            )
            if not usable.exists():
                # Without a valid invitation, say nothing about which names exist.
                if "invite_code" not in self.errors:
                    self.add_error("invite_code", INVITE_INVALID)
                return cleaned
        username = cleaned.get("username")
        if username and User.objects.filter(username__iexact=username).exists():
            self.add_error("username", USERNAME_TAKEN)
        return cleaned

    def person_for_validation(self) -> User:
        return User(
            username=self.cleaned_data.get("username", ""),
            email=self.cleaned_data.get("email", ""),
        )

    def country_chosen(self) -> tuple[str, bool]:
        """(the country's code or "", whether the person chose "Prefer not to say")."""
        choice: str = self.cleaned_data.get("country") or ""
        if choice == COUNTRY_DECLINED:
            return "", True
        return choice, False


class LoginForm(forms.Form):
    username = forms.CharField(
        label="User name",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    passphrase = passphrase_field("Passphrase", autocomplete="current-password")


class PassphraseChangeForm(ConfirmPassphraseForm, NewPassphraseMixin):
    passphrase = passphrase_field("Current passphrase", autocomplete="current-password")
    wrong_message = "That is not your current passphrase."
    new_passphrase = passphrase_field(
        "New passphrase", help_text=PASSPHRASE_HELP, autocomplete="new-password"
    )
    new_passphrase_again = passphrase_field("New passphrase again", autocomplete="new-password")

    def person_for_validation(self) -> User:
        return self.user


class RecoverForm(NewPassphraseMixin):
    username = forms.CharField(
        label="User name",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    recovery_code = forms.CharField(
        label="Recovery code",
        max_length=60,
        help_text="The code you were given when you signed up, like ABCD-EFGH-…",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    new_passphrase = passphrase_field(
        "New passphrase", help_text=PASSPHRASE_HELP, autocomplete="new-password"
    )
    new_passphrase_again = passphrase_field("New passphrase again", autocomplete="new-password")

    def clean_recovery_code(self) -> str:
        code: str = self.cleaned_data["recovery_code"]
        try:
            normalise_recovery_code(code)
        except VaultError:
            raise forms.ValidationError(
                "A recovery code has 28 letters and digits, in groups of four."
            ) from None
        return code

    def person_for_validation(self) -> User:
        return User(username=self.cleaned_data.get("username", ""))


class RecoveryCodeKeptForm(forms.Form):
    kept = forms.BooleanField(
        label="I have kept my recovery code somewhere safe",
        error_messages={"required": "Please tick this once your code is somewhere safe."},
    )


class DeleteAccountForm(ConfirmPassphraseForm):
    confirm = forms.BooleanField(
        label="I understand that everything I wrote here will be erased for good",
        error_messages={"required": "Please tick this to confirm."},
    )


class ProfileForm(forms.Form):
    country = forms.ChoiceField(
        label="Your country",
        required=False,
        help_text="So that help and urgent numbers are the right ones for where you are.",
        error_messages={"invalid_choice": "Please choose a country from the list."},
    )
    neutral_look = forms.BooleanField(
        label='Show "Notes" as the page title and a plain icon, instead of this site\'s name',
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from afterwards.support.helplines import countries

        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Not chosen"), *countries()]


class ThemeForm(forms.Form):
    theme = forms.ChoiceField(
        label="Light or dark",
        choices=[
            ("device", "As this device is set"),
            ("light", "Light"),
            ("dark", "Dark"),
        ],
        initial="device",
        widget=forms.RadioSelect,
        help_text="Kept on this device only, for whoever uses it, logged in or not.",
        error_messages={
            "required": "Please choose one of these.",
            "invalid_choice": "Please choose one of these.",
        },
    )
