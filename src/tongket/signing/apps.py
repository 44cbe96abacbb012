from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "tongket.signing"
    label = "signing"
    verbose_name = "Ký số"
    default_auto_field = "django.db.models.BigAutoField"
