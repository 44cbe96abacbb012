from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "tongket.meetings"
    label = "meetings"
    verbose_name = _("Hội nghị, nhiệm vụ, kế hoạch và khen thưởng")
