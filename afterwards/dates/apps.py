from django.apps import AppConfig


class DatesConfig(AppConfig):
    name = "afterwards.dates"
    label = "dates"
    verbose_name = "Hard dates"
