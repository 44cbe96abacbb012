from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "tongket.reporting"
    label = "reporting"

    def ready(self) -> None:
        # Connects the signals that drop cached forms and unit trees when they change.
        from tongket.reporting import reference  # noqa: F401
