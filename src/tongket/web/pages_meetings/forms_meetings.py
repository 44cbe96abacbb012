"""Forms of the meeting and conclusion-notice pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.accounts import roles
from tongket.meetings.models import MeetingKind, ParticipantRole
from tongket.meetings.services import AssignmentSpec, PersonSpec
from tongket.meetings.text import clean
from tongket.web.forms import DATE_FORMATS, DateInput
from tongket.web.pages_meetings.units import UnitInput, unit_ref_resolve, unit_refs_resolve
from tongket.web.pages_meetings.uploads import UploadField


def date_field(label, *, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Ngày viết theo dạng 31/01/2026.")},
        **kwargs,
    )


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def people_parse(text: str, *, role: str = ParticipantRole.GUEST) -> list[PersonSpec]:
    """One person a line, «Họ tên, chức vụ» (the title may itself hold commas)."""
    people = []
    for line in (text or "").splitlines():
        name, _sep, title = clean(line).partition(",")
        if clean(name):
            people.append(PersonSpec(clean(name), clean(title), None, role))
    return people


class MeetingFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label=_("Loại cuộc họp"), required=False, choices=[("", _("Tất cả")), *MeetingKind.choices]
    )
    unit = forms.TypedChoiceField(
        label=_("Đơn vị tổ chức"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, years=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả")), *[(y, y) for y in years]]
        self.fields["unit"].choices = [("", _("Tất cả")), *[(u.pk, u.name) for u in units]]


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại cuộc họp"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Tên cuộc họp"), max_length=500)
    date = date_field(_("Ngày họp"))
    end_date = date_field(_("Ngày kết thúc (khi họp nhiều ngày)"), required=False)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    organizer = forms.CharField(label=_("Đơn vị tổ chức"), max_length=300, widget=UnitInput())
    chair_name = forms.CharField(label=_("Người chủ trì"), max_length=255, required=False)
    chair_title = forms.CharField(label=_("Chức vụ người chủ trì"), max_length=255, required=False)
    participants = forms.CharField(
        label=_("Đại biểu dự họp"),
        required=False,
        widget=textarea(4),
        help_text=_("Mỗi dòng một người: Họ tên, chức vụ"),
    )
    agenda = forms.CharField(label=_("Chương trình"), required=False, widget=textarea())
    minutes = forms.CharField(label=_("Biên bản"), required=False, widget=textarea(5))
    conclusions = forms.CharField(label=_("Kết luận"), required=False, widget=textarea(4))
    reviewed_periods = forms.CharField(
        label=_("Kỳ được đánh giá"),
        required=False,
        max_length=100,
        help_text=_("Ví dụ: Năm 2025 hoặc 6 tháng đầu năm 2025; nhiều kỳ cách nhau bằng dấu phẩy"),
    )
    planned_periods = forms.CharField(
        label=_("Kỳ triển khai"), required=False, max_length=100, help_text=_("Ví dụ: 2026")
    )

    # Columns of the service's errors → fields of this form.
    SERVICE_FIELDS = {
        "reviewed": "reviewed_periods",
        "planned": "planned_periods",
        "role": "participants",
    }

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        day = data.get("date")
        if day is not None and data.get("organizer"):
            try:
                data["organizer_unit"] = unit_ref_resolve(
                    data["organizer"], on=day, user=self.user, permission=roles.MEETING_MANAGE
                )
            except forms.ValidationError as error:
                self.add_error("organizer", error)
        end = data.get("end_date")
        if day is not None and end is not None and end < day:
            self.add_error("end_date", _("Ngày kết thúc trước ngày họp."))
        if data.get("chair_title") and not data.get("chair_name"):
            self.add_error("chair_name", _("Ghi họ tên người chủ trì."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        chair = None
        if clean(data["chair_name"]):
            chair = PersonSpec(clean(data["chair_name"]), clean(data["chair_title"]))
        return {
            "kind": data["kind"],
            "title": data["title"],
            "date": data["date"],
            "end_date": data["end_date"],
            "place": data["place"],
            "organizer": data["organizer_unit"],
            "chair": chair,
            "participants": people_parse(data["participants"]),
            "agenda": data["agenda"],
            "minutes": data["minutes"],
            "conclusions": data["conclusions"],
            "reviewed_periods": _codes(data["reviewed_periods"]),
            "planned_periods": _codes(data["planned_periods"]),
        }


def _codes(text: str) -> list[str]:
    return [c.strip() for c in (text or "").replace(";", ",").split(",") if c.strip()]


class MeetingEditForm(forms.Form):
    """The fields a meeting keeps editable (its date and organizer carry its tasks)."""

    title = forms.CharField(label=_("Tên cuộc họp"), max_length=500)
    end_date = date_field(_("Ngày kết thúc (khi họp nhiều ngày)"), required=False)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    agenda = forms.CharField(label=_("Chương trình"), required=False, widget=textarea())
    minutes = forms.CharField(label=_("Biên bản"), required=False, widget=textarea(8))
    conclusions = forms.CharField(label=_("Kết luận"), required=False, widget=textarea(5))
    reason = forms.CharField(label=_("Lý do sửa"), max_length=500, required=False)

    def __init__(self, *args, meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if end is not None and end < self.meeting.date:
            raise forms.ValidationError(_("Ngày kết thúc trước ngày họp."))
        return end

    def changes(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class DocumentForm(forms.Form):
    name = forms.CharField(label=_("Tên tài liệu"), max_length=255)
    file = UploadField(label=_("Tệp"))


class NoticeForm(forms.Form):
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        help_text=_("Để trống: «Thông báo kết luận» và tên cuộc họp"),
    )
    text = forms.CharField(label=_("Nội dung chung"), required=False, widget=textarea(4))


class NoticeItemForm(forms.Form):
    text = forms.CharField(label=_("Nhiệm vụ"), widget=textarea(2))
    lead = forms.CharField(label=_("Đơn vị chủ trì"), max_length=300, widget=UnitInput())
    supporting = forms.CharField(
        label=_("Đơn vị phối hợp"),
        max_length=2000,
        required=False,
        widget=UnitInput(),
        help_text=_("Nhiều đơn vị cách nhau bằng dấu «;»"),
    )
    deadline = date_field(_("Thời hạn"), required=False)

    def __init__(self, *args, on: dt.date, user, **kwargs):
        self.on, self.user = on, user
        super().__init__(*args, **kwargs)

    def has_changed(self) -> bool:
        # A row counts when it has a text: clearing the text drops a row drawn from the
        # conclusions, whatever its other boxes still hold.
        if self.is_bound:
            return bool((self.data.get(self.add_prefix("text")) or "").strip())
        return super().has_changed()

    def clean_lead(self):
        # The lead gets the task when the notice is issued: a unit the user may assign to.
        return unit_ref_resolve(
            self.cleaned_data["lead"], on=self.on, user=self.user, permission=roles.TASK_ASSIGN
        )

    def clean_supporting(self):
        return unit_refs_resolve(self.cleaned_data["supporting"], on=self.on)

    def clean(self):
        data = super().clean()
        lead, supporting = data.get("lead"), data.get("supporting") or []
        if lead is not None and any(u.pk == lead.pk for u in supporting):
            self.add_error("supporting", _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."))
        return data

    def assignment(self) -> AssignmentSpec:
        data = self.cleaned_data
        return AssignmentSpec(
            text=data["text"],
            lead=data["lead"],
            supporting=tuple(data["supporting"]),
            deadline=data["deadline"],
        )


class BaseNoticeItemFormSet(forms.BaseFormSet):
    """Rows of a notice; those drawn from the conclusions are suggestions like the empty ones,
    so every row may be left out."""

    def initial_form_count(self) -> int:
        return 0

    def clean(self):
        if any(self.errors):
            return
        if not any(form.has_changed() for form in self.forms):
            raise forms.ValidationError(_("Thông báo cần ít nhất một nhiệm vụ."))


NoticeItemFormSet = forms.formset_factory(
    NoticeItemForm, formset=BaseNoticeItemFormSet, extra=3, max_num=50, validate_max=True
)


class NoticeIssueForm(forms.Form):
    issued_on = date_field(_("Ngày ban hành"))
    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=64,
        required=False,
        help_text=_("Để trống để lấy số tiếp theo, ví dụ 15/TB-SKHCN"),
    )
