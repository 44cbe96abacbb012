"""Signing on the web: staff sign an issued notice or a year-end report from its page (when a
certificate is configured), download the signed copy, and check the signatures of a PDF they
received (kept with the result if they ask)."""

from __future__ import annotations

import re
from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongket.accounts import roles
from tongket.accounts.access import access_notice, access_unit
from tongket.accounts.decorators import require_permission
from tongket.papers.errors import PapersError
from tongket.papers.files import PaperFile
from tongket.papers.http import paper_response
from tongket.signing.models import SignedDocument, SignedKind
from tongket.signing.selectors import (
    received_document_get_for_user,
    received_document_list,
    signed_document_data,
)
from tongket.signing.services import (
    MAX_UPLOAD_BYTES,
    notice_sign,
    received_document_check,
    report_sign,
)
from tongket.signing.verify import PdfCheck
from tongket.signing.words import signature_lines, signature_title, verdict
from tongket.web.pages_documents.common import in_page_language


def _lang() -> str:
    from django.utils.translation import get_language

    return "en" if (get_language() or "").startswith("en") else "vi"


@require_POST
@require_permission(roles.MEETING_MANAGE)
def notice_sign_view(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(user=request.user, notice_id=notice_id, permission=roles.MEETING_MANAGE)
    try:
        signed = notice_sign(notice=notice, actor=request.user.get_username())
    except PapersError as error:
        messages.error(request, in_page_language(error.vi, error.en))
    else:
        messages.success(
            request, _("Đã ký số thông báo số %(number)s.") % {"number": signed.number}
        )
    return redirect("notice", notice_id=notice.pk)


@require_POST
@require_permission(roles.REPORT_WRITE)
def report_sign_view(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    unit = access_unit(user=request.user, unit_id=unit_id, permission=roles.REPORT_WRITE)
    try:
        signed = report_sign(unit=unit, year=year, actor=request.user.get_username())
    except PapersError as error:
        messages.error(request, in_page_language(error.vi, error.en))
    else:
        messages.success(request, _("Đã ký số báo cáo số %(number)s.") % {"number": signed.number})
    return redirect("report_draft", unit_id=unit.pk, year=year)


def _signed_for_user(user, pk: int) -> SignedDocument:
    """A signed document the user may see: the notice's viewers, or the report's writers."""
    signed = SignedDocument.objects.defer("data").filter(pk=pk).first()
    if signed is None:
        raise Http404("Không tìm thấy / Not found")
    if signed.kind == SignedKind.NOTICE:
        access_notice(user=user, notice_id=signed.notice_id)
    else:
        access_unit(user=user, unit_id=signed.issuer_id, permission=roles.REPORT_WRITE)
    return signed


@require_permission(roles.MEETING_VIEW)
def signed_file_view(request: HttpRequest, signed_id: int) -> HttpResponse:
    signed = _signed_for_user(request.user, signed_id)
    data = signed_document_data(document=signed)
    return paper_response(PaperFile(signed.file_name, "application/pdf", data))


class VerifyForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp PDF đã ký số"))
    keep = forms.BooleanField(
        label=gettext_lazy("Lưu tệp cùng kết quả kiểm tra"), required=False, initial=True
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp nặng quá %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        head = file.read(5)
        file.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Tệp «%(name)s» không phải PDF.") % {"name": file.name})
        return file


def check_view_data(check: PdfCheck) -> dict:
    lang = _lang()
    return {
        "ok": check.ok,
        "signed": check.signed,
        "verdict": verdict(check, lang),
        "signatures": [
            {
                "title": signature_title(s, n, lang),
                "ok": s.ok,
                "lines": signature_lines(s, roots=check.roots, lang=lang),
            }
            for n, s in enumerate(check.signatures, start=1)
        ],
    }


@require_permission(roles.DOCUMENT_IMPORT)
def verify_view(request: HttpRequest) -> HttpResponse:
    result, received, status = None, None, 200
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check, received = received_document_check(
                    name=upload.name,
                    data=upload.read(),
                    user=request.user,
                    keep=form.cleaned_data["keep"],
                )
            except PapersError as error:
                form.add_error("file", in_page_language(error.vi, error.en))
                status = 400
            else:
                result = check_view_data(check)
        else:
            status = 400
    else:
        form = VerifyForm()
    return render(
        request,
        "signing/verify.html",
        {
            "form": form,
            "result": result,
            "received": received,
            "kept": received_document_list(user=request.user),
        },
        status=status,
    )


@require_permission(roles.DOCUMENT_IMPORT)
def received_view(request: HttpRequest, received_id: int) -> HttpResponse:
    received = received_document_get_for_user(user=request.user, pk=received_id)
    if received is None:
        raise Http404("Không tìm thấy / Not found")
    if request.GET.get("file") == "1":
        # The name as uploaded is shown; the download's is plain ASCII.
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", PurePath(received.name).stem).strip("-.")
        name = f"{stem or 'van-ban'}.pdf"
        return paper_response(PaperFile(name, "application/pdf", bytes(received.data)))
    return render(
        request,
        "signing/received.html",
        {
            "received": received,
            "result": check_view_data(PdfCheck.from_dict(received.verification)),
        },
    )
