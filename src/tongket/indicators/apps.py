from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "tongket.indicators"
    label = "indicators"
