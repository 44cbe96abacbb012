"""Forms of the reporting pages: list filters, reasons, uploads."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.reporting.models import Form, Submission, SubmissionStatus
from tongket.web.pages_reporting.labels import in_language

UPLOAD_MAX_BYTES = 5 * 1024 * 1024
UPLOAD_SUFFIXES = (".xlsx", ".csv")


def _form_choices() -> list[tuple[str, str]]:
    return [("", _("Tất cả")), *((f.code, f.name) for f in Form.objects.order_by("code"))]


class SubmissionFilterForm(forms.Form):
    q = forms.CharField(label=_("Đơn vị"), required=False, max_length=100)
    form = forms.ChoiceField(label=_("Biểu mẫu"), required=False)
    period = forms.CharField(
        label=_("Kỳ"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("Quý III/2026"), "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = _form_choices()

    def clean_period(self) -> str:
        code = self.cleaned_data["period"].strip()
        if not code:
            return ""
        try:
            return PeriodCode.parse(code).code
        except PeriodError as exc:
            raise forms.ValidationError(in_language(str(exc))) from None

    def apply(self, queryset: QuerySet[Submission]) -> QuerySet[Submission]:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(
                Q(unit__name__icontains=data["q"]) | Q(unit__code__iexact=data["q"])
            )
        if data["form"]:
            queryset = queryset.filter(form__code=data["form"])
        if data["period"]:
            queryset = queryset.filter(period__code=data["period"])
        return queryset


class ApprovalFilterForm(SubmissionFilterForm):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[
            (SubmissionStatus.SUBMITTED.value, _("Chờ duyệt")),
            (SubmissionStatus.APPROVED.value, _("Đã duyệt")),
            (SubmissionStatus.RETURNED.value, _("Bị trả lại")),
            (SubmissionStatus.DRAFT.value, _("Đang soạn")),
            ("all", _("Tất cả")),
        ],
    )

    field_order = ["status", "form", "period", "q"]

    def apply(self, queryset: QuerySet[Submission]) -> QuerySet[Submission]:
        queryset = super().apply(queryset)
        status = self.cleaned_data.get("status") if self.is_valid() else ""
        status = status or SubmissionStatus.SUBMITTED.value
        return queryset if status == "all" else queryset.filter(status=status)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Cần ghi lý do.")},
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp số liệu (.xlsx theo mẫu, hoặc .csv)"),
        error_messages={"required": _("Hãy chọn một tệp.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError(
                _("Tệp %(name)s: chỉ nhận tệp .xlsx (mẫu tải về) hoặc .csv.") % {"name": name}
            )
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp %(name)s lớn hơn %(limit)s MB.")
                % {"name": name, "limit": UPLOAD_MAX_BYTES // (1024 * 1024)}
            )
        return upload
