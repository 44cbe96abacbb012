from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tongket.demo"
    label = "demo"
