from django.apps import AppConfig


class ExtractionConfig(AppConfig):
    name = "tongket.extraction"
    label = "extraction"
    verbose_name = "Đọc báo cáo hội nghị / Meeting report extraction"
