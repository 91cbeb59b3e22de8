from django.apps import AppConfig


class BodyConfig(AppConfig):
    name = "afterwards.body"
    label = "body"
    verbose_name = "Body and cycle"
