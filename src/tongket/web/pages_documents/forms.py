"""Forms of the documents pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tongket.papers.content import SECTION_KEYS
from tongket.papers.files import DOCUMENT_FORMATS
from tongket.papers.services import MAX_TEXT

# The parts of the report staff write, as a page names them (the document's own headings are
# in tongket.papers.content).
SECTION_LABELS = {
    "overview": _("Đánh giá chung"),
    "shortcomings": _("Tồn tại, hạn chế"),
    "causes": _("Nguyên nhân"),
    "lessons": _("Bài học kinh nghiệm"),
    "directions": _("Phương hướng chung năm sau"),
    "recommendations": _("Kiến nghị, đề xuất"),
    "recipients": _("Nơi nhận"),
    "number": _("Số văn bản"),
    "signer": _("Người ký"),
    "signer_title": _("Thẩm quyền, chức vụ người ký"),
}
SECTION_HINTS = {
    "overview": _("Mở đầu phần I, trước bảng kết quả các chỉ tiêu."),
    "shortcomings": _(
        "Sau những tồn tại số liệu đã cho thấy (chỉ tiêu chưa đạt, nhiệm vụ quá hạn)."
    ),
    "recipients": _("Mỗi dòng một nơi nhận; để trống để dùng nơi nhận mặc định."),
    "number": _("Chỉ phần số, ví dụ 12; ký hiệu «/BC-…» được thêm tự động."),
    "signer_title": _("Ví dụ «GIÁM ĐỐC», hoặc «KT. GIÁM ĐỐC» xuống dòng «PHÓ GIÁM ĐỐC»."),
}
# One line each; the others are paragraphs.
SHORT_SECTIONS = ("number", "signer")


class ReportPickForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    year = forms.IntegerField(label=_("Năm tổng kết"), min_value=1945, max_value=9999)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class SectionForm(forms.Form):
    section = forms.ChoiceField(choices=[(k, k) for k in SECTION_KEYS], widget=forms.HiddenInput)
    text = forms.CharField(required=False, strip=False, max_length=MAX_TEXT)


class FileForm(forms.Form):
    fmt = forms.ChoiceField(choices=[(f, f) for f in DOCUMENT_FORMATS])


class NoticeDraftForm(forms.Form):
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        help_text=_("Để trống: «Thông báo kết luận» và tên cuộc họp"),
    )
    text = forms.CharField(
        label=_("Nội dung kết luận"),
        required=False,
        strip=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Mỗi đoạn một dòng; để trống: kết luận ghi ở cuộc họp."),
    )
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ «GIÁM ĐỐC»; để trống: theo người đứng đầu cơ quan ban hành."),
    )
