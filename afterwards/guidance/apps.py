from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "afterwards.guidance"
    label = "guidance"
    verbose_name = "Words that help"
