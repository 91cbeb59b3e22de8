from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "afterwards.support"
    label = "support"
    verbose_name = "Help and help lines"
