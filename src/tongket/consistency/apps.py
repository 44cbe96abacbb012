from django.apps import AppConfig


class ConsistencyConfig(AppConfig):
    name = "tongket.consistency"
    verbose_name = "Kiểm tra tính nhất quán của số liệu"
