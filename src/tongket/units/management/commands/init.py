import os
import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tongket.core.agency import AgencyError, agency_set
from tongket.core.numbers import format_number
from tongket.indicators.services import indicator_catalogue_load
from tongket.reporting.forms_catalogue import form_catalogue_load
from tongket.units.errors import UnitDataError
from tongket.units.reference import ReferenceDataError
from tongket.units.services import units_reference_load


class Command(BaseCommand):
    help = (
        "Tạo cơ sở dữ liệu và nạp dữ liệu danh mục (đơn vị, chỉ tiêu, biểu mẫu); chạy lại "
        "không tạo gì mới / create the database and load the reference data (units, "
        "indicators, forms); running it again adds nothing"
    )

    def add_arguments(self, parser):
        parser.add_argument("--actor", default="cli:init", help="người thực hiện / actor")
        parser.add_argument(
            "--agency",
            help="tên cơ quan trên đầu mỗi trang (đổi sau bằng tongket agency) / the agency's "
            "name heading every page (changed later with tongket agency)",
        )
        parser.add_argument("--agency-en", default="", help="tên tiếng Anh / its English name")

    def handle(self, *args, actor: str, verbosity: int, **options):
        self._write_secret_key()
        self.stderr.write("Cập nhật cấu trúc cơ sở dữ liệu / migrating the database")
        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        steps = (
            ("Đơn vị / units", units_reference_load),
            ("Chỉ tiêu / indicators", indicator_catalogue_load),
            ("Biểu mẫu / forms", form_catalogue_load),
        )
        for title, load in steps:
            self.stderr.write(f"Nạp / loading: {title}")
            try:
                counts = load(actor=actor)
            except (ReferenceDataError, UnitDataError, ValueError) as error:
                raise CommandError(str(error)) from error
            shown = ", ".join(f"{key} {format_number(value)}" for key, value in counts.items())
            self.stdout.write(f"{title}: {shown}")
        if options.get("agency"):
            try:
                agency_set(name=options["agency"], name_en=options["agency_en"], actor=actor)
            except AgencyError as error:
                raise CommandError(str(error)) from error

    def _write_secret_key(self) -> None:
        """A key of this installation's own for signing sessions, unless one is given."""
        path = settings.SECRET_KEY_FILE
        if os.environ.get("TONGKET_SECRET_KEY") or path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="ascii")
        path.chmod(0o600)
        self.stderr.write(f"Khóa bí mật mới / new secret key: {path}")
