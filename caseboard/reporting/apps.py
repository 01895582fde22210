from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "caseboard.reporting"
    label = "reporting"
    verbose_name = "Reporting"
