from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    name = "afterwards.portability"
    label = "portability"
    verbose_name = "Your data"
