from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "afterwards.insights"
    label = "insights"
    verbose_name = "Patterns"
