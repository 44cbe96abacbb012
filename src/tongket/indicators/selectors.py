"""Reads of the indicator catalogue."""

from __future__ import annotations

import unicodedata

from tongket.indicators.catalogue_file import FieldSpec, catalogue_fields
from tongket.indicators.models import Indicator


class IndicatorNotFound(LookupError):
    def __init__(self, code: str):
        self.code = code
        super().__init__(
            f"Không có chỉ tiêu mã «{code}» trong danh mục (xem «tongket indicators») / "
            f"no indicator with code «{code}» in the catalogue (see «tongket indicators»)"
        )


class FieldNotFound(LookupError):
    def __init__(self, text: str, fields: tuple[FieldSpec, ...]):
        self.text = text
        known = ", ".join(f"{f.key} ({f.name})" for f in fields)
        super().__init__(
            f"Không có lĩnh vực «{text}»; các lĩnh vực: {known} / "
            f"no field «{text}»; the fields are: {known}"
        )


def indicator_get(code: str) -> Indicator:
    """The indicator with ``code``, its formula parts joined; ``IndicatorNotFound`` if none."""
    try:
        return Indicator.objects.select_related("numerator", "denominator").get(code=code)
    except Indicator.DoesNotExist:
        raise IndicatorNotFound(code) from None


def _fold(text: str) -> str:
    """Lower case without diacritics, so «vien thong» finds «Viễn thông»."""
    decomposed = unicodedata.normalize("NFD", text.strip().lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def indicator_field_resolve(text: str) -> FieldSpec:
    """The field named by its key, Vietnamese or English name (case and accents ignored)."""
    fields = catalogue_fields()
    folded = _fold(text)
    for spec in fields:
        if folded in {_fold(spec.key), _fold(spec.name), _fold(spec.name_en)}:
            return spec
    raise FieldNotFound(text, fields)


def indicator_list(*, field: str | None = None) -> list[Indicator]:
    """The catalogue in its order; ``field`` as for ``indicator_field_resolve``."""
    qs = Indicator.objects.select_related("numerator", "denominator").order_by("sort_order", "code")
    if field:
        qs = qs.filter(field=indicator_field_resolve(field).name)
    return list(qs)
