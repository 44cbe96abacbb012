import warnings

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "tongket.signing"
    label = "signing"
    verbose_name = _("Ký số")

    def ready(self) -> None:
        # pyHanko imports cryptography's DSA support (which it never uses here) and
        # cryptography warns about it on every command; the warning says nothing to a user.
        warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")
