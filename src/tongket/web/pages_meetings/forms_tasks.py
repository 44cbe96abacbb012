"""Forms of the task pages: filters, assigning, progress with evidence, completion, deadline."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.accounts import roles
from tongket.core.numbers import format_number
from tongket.meetings.models import TaskSource, TaskStatus
from tongket.web.pages_meetings.forms_meetings import date_field, textarea
from tongket.web.pages_meetings.units import UnitInput, unit_ref_resolve, unit_refs_resolve
from tongket.web.pages_meetings.uploads import UploadField, upload_max_bytes

RATE_GROUPS = [
    ("lead", _("Theo đơn vị chủ trì")),
    ("period", _("Theo năm")),
    ("source", _("Theo nguồn giao")),
]


class TaskFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[("", _("Tất cả")), *TaskStatus.choices]
    )
    lead = forms.TypedChoiceField(
        label=_("Đơn vị chủ trì"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, leads=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].choices = [("", _("Tất cả")), *[(pk, name) for pk, name in leads]]
        self.fields["year"].choices = [("", _("Tất cả")), *[(y, y) for y in years]]


class RatesFilterForm(forms.Form):
    by = forms.ChoiceField(label=_("Tổng hợp"), required=False, choices=RATE_GROUPS)
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả")), *[(y, y) for y in years]]


class TaskCreateForm(forms.Form):
    """Assign a task: what, who leads, who supports, by when, and on what authority."""

    text = forms.CharField(label=_("Nội dung nhiệm vụ"), widget=textarea(3))
    lead = forms.CharField(label=_("Đơn vị chủ trì"), max_length=300, widget=UnitInput())
    supporting = forms.CharField(
        label=_("Đơn vị phối hợp"),
        max_length=2000,
        required=False,
        widget=UnitInput(),
        help_text=_("Nhiều đơn vị cách nhau bằng dấu «;»"),
    )
    deadline = date_field(_("Thời hạn"), required=False)
    assigned_by = forms.CharField(
        label=_("Đơn vị giao"), max_length=300, widget=UnitInput(datalist="assigner-options")
    )
    source = forms.ChoiceField(
        label=_("Giao tại"),
        choices=[
            (TaskSource.DOCUMENT, _("Văn bản chỉ đạo")),
            (TaskSource.MEETING, _("Cuộc họp")),
        ],
        widget=forms.RadioSelect,
        initial=TaskSource.DOCUMENT,
    )
    document_number = forms.CharField(label=_("Số văn bản"), max_length=64, required=False)
    document_date = date_field(_("Ngày văn bản"), required=False)
    document_title = forms.CharField(label=_("Trích yếu văn bản"), max_length=500, required=False)
    meeting = forms.ModelChoiceField(
        label=_("Cuộc họp"), required=False, queryset=None, empty_label=_("— Chọn cuộc họp —")
    )

    SERVICE_FIELDS = {"support": "supporting", "assigned_by": "assigned_by"}

    def __init__(self, *args, user, meetings, today: dt.date, **kwargs):
        self.user, self.today = user, today
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: f"{m.date:%d/%m/%Y} · {m.title}"

    def clean(self):
        data = super().clean()
        source = data.get("source")
        if source == TaskSource.DOCUMENT:
            if not data.get("document_number"):
                self.add_error("document_number", _("Ghi số văn bản giao nhiệm vụ."))
            if data.get("document_date") is None and "document_date" not in self.errors:
                self.add_error("document_date", _("Ghi ngày văn bản."))
            day = data.get("document_date")
        else:
            if data.get("meeting") is None:
                self.add_error("meeting", _("Chọn cuộc họp giao nhiệm vụ."))
            day = data["meeting"].last_day if data.get("meeting") else None
        if day is None:
            return data
        if day > self.today:
            self.add_error(
                "document_date" if source == TaskSource.DOCUMENT else "meeting",
                _("Ngày giao ở tương lai."),
            )
            return data
        data["assigned_on"] = day
        for name, resolve in (
            # The lead is a unit the user may assign tasks to, as the API requires.
            (
                "lead",
                lambda text: unit_ref_resolve(
                    text, on=day, user=self.user, permission=roles.TASK_ASSIGN
                ),
            ),
            ("supporting", lambda text: unit_refs_resolve(text, on=day)),
            (
                "assigned_by",
                lambda text: unit_ref_resolve(
                    text, on=day, user=self.user, permission=roles.TASK_ASSIGN
                ),
            ),
        ):
            if name in data:
                try:
                    data[name] = resolve(data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        document = data["source"] == TaskSource.DOCUMENT
        return {
            "text": data["text"],
            "lead": data["lead"],
            "supporting": data["supporting"],
            "deadline": data["deadline"],
            "source": data["source"],
            "assigned_on": data["assigned_on"],
            "assigned_by_unit": data["assigned_by"],
            "meeting": None if document else data["meeting"],
            "document_number": data["document_number"] if document else "",
            "document_date": data["document_date"] if document else None,
            "document_title": data["document_title"] if document else "",
        }


class ProgressForm(forms.Form):
    on = date_field(_("Ngày báo cáo"))
    text = forms.CharField(label=_("Kết quả thực hiện"), widget=textarea(3))
    percent = forms.IntegerField(
        label=_("Tỷ lệ hoàn thành (%)"), required=False, min_value=0, max_value=100
    )
    evidence = forms.CharField(
        label=_("Minh chứng"),
        required=False,
        max_length=2000,
        help_text=_("Số văn bản, đường dẫn hoặc mô tả"),
    )
    evidence_file = UploadField(label=_("Tệp minh chứng"), required=False)

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)
        self.fields["evidence_file"].help_text = _(
            "PDF, Word, Excel, ảnh JPG/PNG hoặc văn bản; tối đa %(limit)s MB"
        ) % {"limit": format_number(upload_max_bytes() / (1024 * 1024), 1)}

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > self.today:
            raise forms.ValidationError(_("Ngày báo cáo ở tương lai."))
        return day


class CompleteForm(forms.Form):
    completed_on = date_field(_("Ngày hoàn thành"))
    note = forms.CharField(label=_("Kết quả"), required=False, widget=textarea(2))

    def __init__(self, *args, today: dt.date, **kwargs):
        self.today = today
        super().__init__(*args, **kwargs)

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > self.today:
            raise forms.ValidationError(_("Ngày hoàn thành ở tương lai."))
        return day


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), max_length=500)


class DeadlineForm(forms.Form):
    deadline = date_field(_("Thời hạn mới"))
    reason = forms.CharField(label=_("Lý do đổi thời hạn"), max_length=500)
