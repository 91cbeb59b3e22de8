from django.apps import AppConfig


class ReportConfig(AppConfig):
    name = "afterwards.report"
    label = "report"
    verbose_name = "A report for a therapist"
