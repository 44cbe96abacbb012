import getpass
import json

from django.core.management.base import BaseCommand, CommandError

from tongket.core.numbers import format_number
from tongket.indicators.models import Indicator
from tongket.indicators.selectors import FieldNotFound, indicator_list
from tongket.indicators.services import indicator_catalogue_load
from tongket.indicators.yaml_source import DataFileError
from tongket.reporting.forms_catalogue import form_catalogue_load


def _formula(indicator: Indicator) -> str:
    if not indicator.is_derived:
        return ""
    factor = "" if indicator.factor == 1 else f" × {format_number(indicator.factor)}"
    return f"{indicator.numerator.code} / {indicator.denominator.code}{factor}"


def _record(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "name_en": indicator.name_en,
        "unit": indicator.unit_of_measure,
        "unit_en": indicator.unit_of_measure_en,
        "value_type": indicator.value_type,
        "aggregation": indicator.aggregation,
        "period_aggregation": indicator.period_aggregation,
        "field": indicator.field,
        "numerator": indicator.numerator.code if indicator.is_derived else None,
        "denominator": indicator.denominator.code if indicator.is_derived else None,
        "factor": indicator.factor if indicator.is_derived else None,
        "min": indicator.min_value,
        "max": indicator.max_value,
        "legal_basis": indicator.legal_basis,
    }


class Command(BaseCommand):
    help = (
        "Liệt kê danh mục chỉ tiêu (--load: nạp danh mục chỉ tiêu và biểu mẫu từ tệp) / "
        "list the indicator catalogue (--load: load the indicator and form catalogues)"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--field",
            help="lĩnh vực: mã, tên tiếng Việt hoặc tiếng Anh / field: key, Vietnamese or English name",
        )
        parser.add_argument(
            "--json", action="store_true", help="mỗi dòng một đối tượng JSON / JSON lines"
        )
        parser.add_argument(
            "--load",
            action="store_true",
            help="nạp (cập nhật) danh mục chỉ tiêu và biểu mẫu trước / load the catalogues first",
        )

    def handle(self, *args, **options):
        if options["load"]:
            self._load()
        try:
            indicators = indicator_list(field=options["field"])
        except FieldNotFound as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            for indicator in indicators:
                self.stdout.write(json.dumps(_record(indicator), ensure_ascii=False))
            return
        if not indicators:
            self.stderr.write(
                "Danh mục chỉ tiêu trống: chạy «tongket indicators --load» / "
                "the catalogue is empty: run «tongket indicators --load»"
            )
            return
        width = max(len(i.code) for i in indicators)
        field = None
        for indicator in indicators:
            if indicator.field != field:
                field = indicator.field
                self.stdout.write(f"\n{field or '—'}")
            aggregation = f"{indicator.aggregation}/{indicator.period_aggregation}"
            formula = _formula(indicator)
            self.stdout.write(
                f"  {indicator.code:<{width}}  {indicator.name} ({indicator.unit_of_measure})"
                f"  [{aggregation}]" + (f"  = {formula}" if formula else "")
            )
        self.stdout.write(f"\n{format_number(len(indicators))} chỉ tiêu / indicators")

    def _load(self) -> None:
        actor = f"cli:{getpass.getuser()}"
        try:
            indicators = indicator_catalogue_load(actor=actor)
            forms = form_catalogue_load(actor=actor)
        except DataFileError as error:
            raise CommandError(str(error)) from error
        for label, counts in (("chỉ tiêu / indicators", indicators), ("biểu mẫu / forms", forms)):
            shown = ", ".join(f"{k}: {format_number(v)}" for k, v in counts.items())
            self.stderr.write(f"{label}: {shown}")
