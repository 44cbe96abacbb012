from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "tongket.reporting"
    label = "reporting"
