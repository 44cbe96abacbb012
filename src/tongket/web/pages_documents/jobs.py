"""A document made in the background: its progress (the page asks again every second until it
is done) and its file."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongket.papers.files import PaperFile
from tongket.papers.http import paper_response
from tongket.papers.models import JobKind, JobStatus
from tongket.papers.selectors import document_job_data, document_job_get_for_user
from tongket.web.pages_documents.common import in_page_language

STEP_LABELS = {
    "": _("Đang chờ đến lượt"),
    "start": _("Bắt đầu"),
    "gather": _("Đang tổng hợp số liệu"),
    "render": _("Đang dàn trang văn bản"),
    "convert": _("Đang chuyển sang PDF (LibreOffice)"),
    "done": _("Đã xong"),
}
STATUS_LABELS = {
    JobStatus.QUEUED: _("Chờ tạo tệp"),
    JobStatus.RUNNING: _("Đang tạo tệp"),
    JobStatus.DONE: _("Tệp đã sẵn sàng"),
    JobStatus.FAILED: _("Không tạo được tệp"),
}
KIND_LABELS = {
    JobKind.REPORT: _("Báo cáo tổng kết năm"),
    JobKind.NOTICE: _("Văn bản thông báo kết luận"),
}
# A job still waiting after this long means no worker is running.
WORKER_SILENT = dt.timedelta(seconds=30)


def _context(job) -> dict:
    waiting = timezone.now() - job.created_at
    return {
        "job": job,
        "kind_label": KIND_LABELS[JobKind(job.kind)],
        "status_label": STATUS_LABELS[JobStatus(job.status)],
        "step_label": STEP_LABELS.get(job.step, job.step),
        "error": in_page_language(job.error_vi, job.error_en) if job.error_vi else "",
        "worker_silent": job.status == JobStatus.QUEUED and waiting > WORKER_SILENT,
        "back": _back(job),
    }


def _back(job) -> str:
    from django.urls import reverse

    if job.kind == JobKind.NOTICE and job.notice_id:
        return reverse("notice", args=[job.notice_id])
    if job.unit_id and job.year:
        return reverse("report_draft", args=[job.unit_id, job.year])
    return reverse("papers")


def job_view(request: HttpRequest, job_id: int) -> HttpResponse:
    # Only its requester reaches a job (404 for anyone else): no role check beyond the login.
    job = document_job_get_for_user(user=request.user, job_id=job_id)
    template = (
        "web/papers/_job_status.html"
        if request.headers.get("HX-Request")
        else "web/papers/job.html"
    )
    return render(request, template, _context(job))


def job_file_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = document_job_get_for_user(user=request.user, job_id=job_id)
    if job.status != JobStatus.DONE:
        raise Http404("Tệp chưa có / The file is not ready")
    paper = PaperFile(job.file_name, job.content_type, document_job_data(job=job))
    return paper_response(paper, inline=request.GET.get("view") == "1" and job.fmt == "pdf")
