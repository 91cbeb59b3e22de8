"""Wellbeing checks: published questionnaires, scored exactly as published, and their trends."""

from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "afterwards.wellbeing"
    label = "wellbeing"
    verbose_name = "Wellbeing checks"

    def ready(self) -> None:
        # Check every questionnaire file at start: a broken one stops the server with a
        # message, rather than being shown or scored wrongly later.
        from afterwards.wellbeing.catalogue import instruments

        instruments()
