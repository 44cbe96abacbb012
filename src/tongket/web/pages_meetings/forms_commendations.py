"""Forms of the commendation pages."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.accounts import roles
from tongket.meetings.models import AwardForm, RecipientKind
from tongket.meetings.services import RecipientSpec
from tongket.meetings.text import clean
from tongket.web.pages_meetings.forms_meetings import date_field, textarea
from tongket.web.pages_meetings.units import UnitInput, unit_ref_resolve

GROUPS = [("year", _("Theo năm")), ("unit", _("Theo đơn vị")), ("form", _("Theo hình thức"))]


class CommendationFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(
        label=_("Đơn vị được khen"), required=False, coerce=int, empty_value=None
    )
    form = forms.ChoiceField(label=_("Hình thức"), required=False)
    by = forms.ChoiceField(label=_("Tổng hợp"), required=False, choices=GROUPS)

    def __init__(self, *args, years=(), units=(), award_forms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Tất cả")), *[(y, y) for y in years]]
        self.fields["unit"].choices = [("", _("Tất cả")), *[(pk, name) for pk, name in units]]
        self.fields["form"].choices = [
            ("", _("Tất cả")),
            *[(f.code, f.name) for f in award_forms],
        ]


class CommendationForm(forms.Form):
    form = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"),
        queryset=AwardForm.objects.order_by("rank", "code"),
        empty_label=_("— Chọn hình thức —"),
    )
    year = forms.IntegerField(label=_("Năm khen thưởng"), min_value=1945)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64, required=False)
    decision_date = date_field(_("Ngày quyết định"), required=False)
    unit = forms.CharField(label=_("Đơn vị được khen"), max_length=300, widget=UnitInput())
    meeting = forms.ModelChoiceField(
        label=_("Trao tại cuộc họp"),
        required=False,
        queryset=None,
        empty_label=_("— Không —"),
    )
    reason = forms.CharField(label=_("Thành tích"), required=False, widget=textarea(2))
    collectives = forms.IntegerField(label=_("Số tập thể"), required=False, min_value=0)
    individuals = forms.IntegerField(label=_("Số cá nhân"), required=False, min_value=0)
    collective_names = forms.CharField(
        label=_("Tập thể được khen"),
        required=False,
        widget=textarea(3),
        help_text=_("Mỗi dòng một tập thể"),
    )
    individual_names = forms.CharField(
        label=_("Cá nhân được khen"),
        required=False,
        widget=textarea(3),
        help_text=_("Mỗi dòng một người: Họ tên, chức vụ"),
    )

    SERVICE_FIELDS = {"collectives": "collectives", "individuals": "individuals"}

    def __init__(self, *args, user, meetings, today: dt.date, **kwargs):
        self.user, self.today = user, today
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: f"{m.date:%d/%m/%Y} · {m.title}"
        self.fields["year"].max_value = today.year + 1

    def clean(self):
        data = super().clean()
        year = data.get("year")
        if year is None or not data.get("unit"):
            return data
        # The unit as it was at the decision (a 2017 award went to the 2017 department).
        day = data.get("decision_date") or min(dt.date(year, 12, 31), self.today)
        try:
            data["unit"] = unit_ref_resolve(
                data["unit"], on=day, user=self.user, permission=roles.COMMENDATION_MANAGE
            )
        except forms.ValidationError as error:
            self.add_error("unit", error)
        return data

    def recipients(self) -> list[RecipientSpec]:
        data = self.cleaned_data
        found = [
            RecipientSpec(RecipientKind.COLLECTIVE, clean(line))
            for line in data["collective_names"].splitlines()
            if clean(line)
        ]
        for line in data["individual_names"].splitlines():
            name, _sep, title = clean(line).partition(",")
            if clean(name):
                found.append(RecipientSpec(RecipientKind.INDIVIDUAL, clean(name), clean(title)))
        return found

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "form": data["form"],
            "year": data["year"],
            "decision_number": data["decision_number"],
            "decision_date": data["decision_date"],
            "unit": data["unit"],
            "meeting": data["meeting"],
            "reason": data["reason"],
            "collectives": data["collectives"],
            "individuals": data["individuals"],
            "recipients": self.recipients(),
        }
