from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "afterwards.wellbeing"
    label = "wellbeing"
    verbose_name = "Wellbeing checks"
