from django.apps import AppConfig


class LossConfig(AppConfig):
    name = "afterwards.loss"
    label = "loss"
    verbose_name = "About your loss"
