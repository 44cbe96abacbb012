"""Filter forms of the shared pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongket.units.models import UnitKind
from tongket.units.selectors import UnitAmbiguous, UnitNotFound, unit_get, unit_resolve

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    """A text box for ``31/01/2026``: a browser's date picker follows the browser's language,
    and an English browser would ask a Vietnamese officer for month/day/year."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": "31/01/2026", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(format="%d/%m/%Y", attrs=attrs, **kwargs)


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Tên hoặc mã"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả")), *UnitKind.choices]
    )
    history = forms.BooleanField(label=_("Gồm cả đơn vị đã giải thể, đổi tên"), required=False)


class AuditFilterForm(forms.Form):
    unit = forms.CharField(label=_("Đơn vị (mã hoặc tên)"), required=False, max_length=255)
    user = forms.CharField(label=_("Người thực hiện"), required=False, max_length=150)
    since = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    until = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )

    def clean_unit(self) -> int | None:
        ref = self.cleaned_data["unit"].strip()
        if not ref:
            return None
        today = timezone.localdate()
        try:
            try:
                return unit_get(code=ref, on=today).pk
            except UnitNotFound:
                return unit_resolve(ref, on=today).pk
        except (UnitNotFound, UnitAmbiguous) as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data
