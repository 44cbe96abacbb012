"""Forms of the import of published reports: the text or files in, the record corrected.

The correction form holds the record's fields (the extraction contract's shape, see
``tongket.documents.records``): the meeting, and rows of people, figures and commendations;
tasks one per line. A row counts when its first box is filled, so clearing it drops the row.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.documents.errors import DocumentError
from tongket.meetings.models import MeetingKind
from tongket.web.pages_meetings.forms_meetings import date_field, textarea

UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm")
FILES_MAX = 10
# A portal's article is tens of kilobytes; a document waits in the session until confirmed.
DOCUMENT_MAX_BYTES = 2 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("Dán nội dung bài viết"),
        required=False,
        max_length=DOCUMENT_MAX_BYTES // 2,
        widget=textarea(10),
        help_text=_("Tiêu đề, ngày đăng và toàn văn bài viết như trên cổng thông tin"),
    )
    url = forms.URLField(
        label=_("Địa chỉ bài viết (nếu có)"), required=False, max_length=2000, assume_scheme="https"
    )
    files = MultipleFileField(
        label=_("Hoặc chọn tệp .txt, .html"),
        required=False,
        help_text=_("Có thể chọn nhiều tệp cùng lúc"),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > FILES_MAX:
            raise forms.ValidationError(_("Chọn tối đa %(n)s tệp mỗi lần.") % {"n": FILES_MAX})
        for f in files:
            if not f.name.lower().endswith(UPLOAD_SUFFIXES):
                raise forms.ValidationError(
                    _("Tệp «%(name)s»: chỉ nhận tệp .txt hoặc .html.") % {"name": f.name}
                )
            if f.size > DOCUMENT_MAX_BYTES:
                raise forms.ValidationError(
                    _("Tệp «%(name)s» quá lớn: một bài viết không quá %(limit)s MB.")
                    % {"name": f.name, "limit": DOCUMENT_MAX_BYTES // (1024 * 1024)}
                )
        return files

    def clean(self):
        data = super().clean()
        if not (data.get("text") or "").strip() and not data.get("files") and not self.errors:
            raise forms.ValidationError(_("Dán nội dung bài viết hoặc chọn tệp."))
        return data


# ------------------------------------------------------------------------ the record


_NUMBER_RE = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")


def vn_number_parse(text: str) -> int | float:
    """«2.060,5» → 2060.5, «2.060.000» → 2060000: dots group thousands, a comma marks
    decimals, as Vietnamese reports write them."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not _NUMBER_RE.fullmatch(cleaned):
        raise forms.ValidationError(_("Số viết theo dạng 2.060,5."))
    whole, _sep, decimals = cleaned.replace(".", "").partition(",")
    return float(f"{whole}.{decimals}") if decimals else int(whole)


def vn_number_exact(value: int | float | None) -> str:
    """The value written back without rounding (the inverse of ``vn_number_parse``)."""
    if value is None:
        return ""
    if float(value).is_integer():
        whole, decimals = f"{int(value):d}", ""
    else:
        whole, _sep, decimals = repr(float(value)).partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + ".".join(groups) + (f",{decimals}" if decimals else "")


class RecordForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề bài viết"), max_length=1000, required=False)
    published = date_field(_("Ngày đăng"), required=False)
    kind = forms.ChoiceField(label=_("Loại cuộc họp"), choices=MeetingKind.choices)
    date = date_field(_("Ngày họp"), required=False)
    department = forms.CharField(label=_("Cơ quan tổ chức"), max_length=255, required=False)
    province = forms.CharField(label=_("Tỉnh lúc họp"), max_length=255, required=False)
    province_today = forms.CharField(label=_("Tỉnh ngày nay"), max_length=255, required=False)
    reviewed_period = forms.CharField(label=_("Kỳ được đánh giá"), max_length=32, required=False)
    planned_period = forms.CharField(label=_("Kỳ triển khai"), max_length=32, required=False)
    tasks = forms.CharField(
        label=_("Nhiệm vụ"),
        required=False,
        widget=textarea(6),
        help_text=_("Mỗi dòng một nhiệm vụ"),
    )

    @staticmethod
    def initial_of(record: dict) -> dict:
        meeting = record.get("meeting") or {}
        organizer = meeting.get("organizer") or {}
        published = record.get("published") or ""
        try:
            published_day = dt.datetime.fromisoformat(published).date() if published else None
        except ValueError:
            published_day = None
        day = meeting.get("date")
        return {
            "title": record.get("title") or "",
            "published": published_day,
            "kind": meeting.get("kind") or MeetingKind.OTHER,
            "date": dt.date.fromisoformat(day) if day else None,
            "department": organizer.get("department") or "",
            "province": organizer.get("province") or "",
            "province_today": meeting.get("province_today") or "",
            "reviewed_period": meeting.get("reviewed_period") or "",
            "planned_period": meeting.get("planned_period") or "",
            "tasks": "\n".join(t.get("text") or "" for t in record.get("tasks") or []),
        }


class _Row(forms.Form):
    KEY = ""

    def has_changed(self) -> bool:
        if self.is_bound:
            return bool((self.data.get(self.add_prefix(self.KEY)) or "").strip())
        return super().has_changed()


class PersonRow(_Row):
    KEY = "name"
    name = forms.CharField(label=_("Họ tên"), max_length=255)
    title = forms.CharField(label=_("Chức vụ"), max_length=500, required=False)


class FigureRow(_Row):
    KEY = "text"
    text = forms.CharField(label=_("Nguyên văn"), max_length=500)
    value = forms.CharField(label=_("Giá trị"), max_length=64, required=False)
    unit = forms.CharField(label=_("Đơn vị tính"), max_length=64, required=False)

    def clean_value(self):
        text = self.cleaned_data["value"]
        return vn_number_parse(text) if text.strip() else None


class CommendationRow(_Row):
    KEY = "form"
    form = forms.CharField(
        label=_("Hình thức khen thưởng"),
        max_length=255,
        widget=forms.TextInput(attrs={"list": "award-forms", "autocomplete": "off"}),
    )
    collectives = forms.IntegerField(label=_("Số tập thể"), required=False, min_value=0)
    individuals = forms.IntegerField(label=_("Số cá nhân"), required=False, min_value=0)


class _Rows(forms.BaseFormSet):
    """Rows from the record are suggestions like the empty one: each may be dropped."""

    def initial_form_count(self) -> int:
        return 0


def _rows(form):
    return forms.formset_factory(form, formset=_Rows, extra=0, max_num=200, validate_max=True)


PeopleFormSet = _rows(PersonRow)
FiguresFormSet = _rows(FigureRow)
CommendationsFormSet = _rows(CommendationRow)
ROW_SETS = (
    ("people", PeopleFormSet),
    ("figures", FiguresFormSet),
    ("commendations", CommendationsFormSet),
)


def row_initial(record: dict) -> dict[str, list[dict]]:
    return {
        "people": [
            {"name": p.get("name") or "", "title": p.get("title") or ""}
            for p in record.get("people") or []
        ],
        "figures": [
            {
                "text": f.get("text") or "",
                "value": vn_number_exact(f.get("value")),
                "unit": f.get("unit") or "",
            }
            for f in record.get("figures") or []
        ],
        "commendations": [
            {
                "form": c.get("form") or "",
                "collectives": c.get("collectives"),
                "individuals": c.get("individuals"),
            }
            for c in record.get("commendations") or []
        ],
    }


def record_from_forms(base: dict, form: RecordForm, rows: dict[str, forms.BaseFormSet]) -> dict:
    """The record as corrected: ``base`` (the extracted one, for what the page does not show:
    captions, byline, site, cleaned text) with the fields of the forms."""
    data = form.cleaned_data
    record = dict(base)
    published = data["published"]
    record["title"] = data["title"] or None
    if published is None:
        record["published"] = None
    elif (base.get("published") or "")[:10] != published.isoformat():
        record["published"] = published.isoformat()
    record["meeting"] = {
        "kind": data["kind"],
        "date": data["date"].isoformat() if data["date"] else None,
        "organizer": {
            "department": data["department"] or None,
            "province": data["province"] or None,
        },
        "province_today": data["province_today"] or None,
        "reviewed_period": data["reviewed_period"] or None,
        "planned_period": data["planned_period"] or None,
    }
    kept = {name: [f.cleaned_data for f in rows[name].forms if f.has_changed()] for name in rows}
    record["people"] = [{"name": r["name"], "title": r["title"] or None} for r in kept["people"]]
    record["figures"] = [
        {"value": r["value"], "unit": r["unit"], "text": r["text"]} for r in kept["figures"]
    ]
    record["commendations"] = [
        {"form": r["form"], "collectives": r["collectives"], "individuals": r["individuals"]}
        for r in kept["commendations"]
    ]
    record["tasks"] = [
        {"text": line.strip()} for line in data["tasks"].splitlines() if line.strip()
    ]
    return record


_FIELD_RE = re.compile(r"^(people|figures|commendations|tasks)\[(\d+)\](?:\.(\w+))?$")
_MEETING_FIELDS = {
    "meeting.kind": "kind",
    "meeting.date": "date",
    "meeting.organizer.department": "department",
    "meeting.organizer.province": "province",
    "meeting.province_today": "province_today",
    "meeting.reviewed_period": "reviewed_period",
    "meeting.planned_period": "planned_period",
    "title": "title",
    "published": "published",
}


def record_error_place(
    error: DocumentError, form: RecordForm, rows: dict[str, forms.BaseFormSet], text: str
) -> bool:
    """Put a record error beside the box it is about; False when no box is (the page shows it
    above the form)."""
    field = error.field or ""
    if field in _MEETING_FIELDS:
        form.add_error(_MEETING_FIELDS[field], text)
        return True
    found = _FIELD_RE.match(field)
    if found is None:
        return False
    name, index, sub = found.group(1), int(found.group(2)), found.group(3)
    if name == "tasks":
        form.add_error("tasks", text)
        return True
    kept = [f for f in rows[name].forms if f.has_changed()]
    if index < len(kept):
        row = kept[index]
        row.add_error(sub if sub in row.fields else None, text)
        return True
    return False
