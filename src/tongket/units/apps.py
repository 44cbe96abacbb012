from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "tongket.units"
    label = "units"
