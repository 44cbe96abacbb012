from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "tongket.analytics"
    label = "analytics"
    verbose_name = "Phân tích số liệu"
