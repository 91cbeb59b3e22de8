"""Django's passphrase validators, in our own words: "passphrase", calm, and a way on."""

from __future__ import annotations

from django.contrib.auth import password_validation as django_validators


class MinimumLengthValidator(django_validators.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return (
            f"This passphrase is a little short: please use {self.min_length} characters "
            "or more. A few unrelated words work well."
        )

    def get_help_text(self) -> str:
        return f"{self.min_length} characters or more."


class UserAttributeSimilarityValidator(django_validators.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return "This passphrase is too close to your %(verbose_name)s. Please choose another."

    def get_help_text(self) -> str:
        return "Not too close to your user name or e-mail."


class CommonPasswordValidator(django_validators.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return (
            "This passphrase is one many people use, so it is easy to guess. Please choose another."
        )

    def get_help_text(self) -> str:
        return "Not one that many people use."


class NumericPasswordValidator(django_validators.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "A passphrase of digits only is easy to guess. Please add some words."

    def get_help_text(self) -> str:
        return "Not only digits."
