"""The documents the system writes: the year-end review report (its written parts, then its
DOCX, PDF or XLSX made in the background), the files made (their progress, then the file),
and the portal article about a meeting (text or HTML).

The background work is the web pages' (``tongket.papers.jobs`` on django-tasks, run by
``tongket worker``): a request answers 202 with the job, which the client asks about until it
is ``done``, then downloads its file. A job is its requester's alone (404 for anyone else).
"""

from __future__ import annotations

import datetime as dt
import enum

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Path, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status

from tongket.accounts import roles
from tongket.accounts.access import access_meeting, access_unit
from tongket.api.auth import permission_require
from tongket.api.common import Id, Page, Paging, Text, page
from tongket.api.errors import ApiError
from tongket.api.idempotency import idempotent
from tongket.papers.content import SECTIONS
from tongket.papers.files import PaperFile, article_file
from tongket.papers.http import paper_response
from tongket.papers.jobs import report_job_request
from tongket.papers.models import DocumentJob, JobKind, JobStatus
from tongket.papers.selectors import (
    document_job_data,
    document_job_get_for_user,
    report_draft_get,
)
from tongket.papers.services import report_text_set

router = Router(tags=["papers"])

_YEAR = Path(..., ge=1945, le=9999, description="Năm tổng kết / the year reviewed")


class DocumentFormat(enum.StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"


class ArticleFormat(enum.StrEnum):
    TXT = "txt"
    HTML = "html"


Section = enum.StrEnum("Section", {key.upper(): key for key, _vi, _en in SECTIONS})
_FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _file_doc(types: dict[str, str], text: str) -> dict:
    return {
        "responses": {
            200: {
                "description": text,
                "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in types.values()
                },
            }
        }
    }


# ----------------------------------------------------------------------------- jobs


class JobOut(Schema):
    id: int
    kind: JobKind
    format: str
    status: JobStatus
    step: str = Field(description="gather | render | convert | done")
    progress: int = Field(description="Phần trăm / percent done")
    unit_id: int | None
    year: int | None
    notice_id: int | None
    error: str | None = Field(description="Vì sao không tạo được / why it failed")
    error_en: str | None
    file_name: str | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
    url: str = Field(description="Hỏi tiến độ ở đây / ask here how far it has come")
    file_url: str | None = Field(description="Tải tệp khi đã xong / the file, once done")


def job_out(request: HttpRequest, job: DocumentJob) -> dict:
    done = job.status == JobStatus.DONE
    return {
        "id": job.pk,
        "kind": job.kind,
        "format": job.fmt,
        "status": job.status,
        "step": job.step,
        "progress": job.progress,
        "unit_id": job.unit_id,
        "year": job.year,
        "notice_id": job.notice_id,
        "error": job.error_vi or None,
        "error_en": job.error_en or None,
        "file_name": job.file_name or None,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "url": request.build_absolute_uri(reverse("api:document_job", args=[job.pk])),
        "file_url": (
            request.build_absolute_uri(reverse("api:document_job_file", args=[job.pk]))
            if done
            else None
        ),
    }


class JobFilter(Paging):
    status: JobStatus | None = None


@router.get(
    "/document-jobs",
    response=Page[JobOut],
    url_name="document_jobs",
    summary="Các tệp mình đã yêu cầu tạo / the files I asked to be made",
)
def document_jobs_list(request: HttpRequest, filters: Query[JobFilter]):
    # Only the caller's own jobs: no role needed beyond the login, as on the job's page.
    qs = DocumentJob.objects.defer("data").filter(requested_by=request.user)
    if filters.status is not None:
        qs = qs.filter(status=filters.status)
    return page(request, qs, filters, lambda job: job_out(request, job))


@router.get(
    "/document-jobs/{job_id}",
    response=JobOut,
    url_name="document_job",
    summary="Tiến độ tạo tệp / how far a file has come",
)
def document_job_get(request: HttpRequest, job_id: Id):
    return job_out(request, document_job_get_for_user(user=request.user, job_id=job_id))


@router.get(
    "/document-jobs/{job_id}/file",
    url_name="document_job_file",
    summary="Tải tệp đã tạo / download the file made",
    openapi_extra=_file_doc(_FILE_TYPES, "Tệp DOCX, PDF hoặc XLSX / the DOCX, PDF or XLSX file"),
)
def document_job_file(request: HttpRequest, job_id: Id):
    job = document_job_get_for_user(user=request.user, job_id=job_id)
    if job.status != JobStatus.DONE:
        raise ApiError(
            409,
            "invalid_state",
            "Tệp chưa tạo xong" if job.status != JobStatus.FAILED else "Không tạo được tệp",
            "The file is not made yet" if job.status != JobStatus.FAILED else "The file failed",
            [{"status": job.status, "progress": job.progress}],
        )
    return paper_response(PaperFile(job.file_name, job.content_type, document_job_data(job=job)))


# ----------------------------------------------------------------------------- review report


class PartOut(Schema):
    key: Section  # type: ignore[valid-type]
    label: str = Field(description="Tên phần / the part's heading")
    label_en: str
    text: str
    written: bool


class ReviewReportOut(Schema):
    unit_id: int
    unit: str
    year: int
    parts: list[PartOut]
    updated_by: str | None
    updated_at: dt.datetime | None


def _report(unit, year: int) -> dict:
    draft = report_draft_get(unit=unit, year=year)
    return {
        "unit_id": unit.pk,
        "unit": unit.name,
        "year": year,
        "parts": [
            {
                "key": key,
                "label": vi,
                "label_en": en,
                "text": getattr(draft, key) if draft else "",
                "written": bool(getattr(draft, key)) if draft else False,
            }
            for key, vi, en in SECTIONS
        ],
        "updated_by": (draft.updated_by or None) if draft else None,
        "updated_at": draft.updated_at if draft else None,
    }


def _report_unit(request: HttpRequest, unit_id: int):
    permission_require(request, roles.REPORT_WRITE)
    return access_unit(user=request.user, unit_id=unit_id, permission=roles.REPORT_WRITE)


@router.get(
    "/review-reports/{unit_id}/{year}",
    response=ReviewReportOut,
    url_name="review_report",
    summary="Báo cáo tổng kết năm: các phần đã viết / the year-end report's written parts",
)
def review_report_get(request: HttpRequest, unit_id: Id, year: int = _YEAR):
    return _report(_report_unit(request, unit_id), year)


class PartIn(Schema):
    text: Text = Field(max_length=100000, description="Để trống: xóa phần này / empty: clear it")


@router.put(
    "/review-reports/{unit_id}/{year}/parts/{section}",
    response=ReviewReportOut,
    url_name="review_report_part",
    summary="Viết một phần của báo cáo tổng kết / write one part of the report",
)
@decorate_view(idempotent)
def review_report_part_set(
    request: HttpRequest,
    unit_id: Id,
    section: Section,  # type: ignore[valid-type]
    body: PartIn,
    year: int = _YEAR,
):
    unit = _report_unit(request, unit_id)
    report_text_set(
        unit=unit,
        year=year,
        section=section.value,
        text=body.text,
        actor=request.user.get_username(),
    )
    return _report(unit, year)


class ReportFileIn(Schema):
    format: DocumentFormat


@router.post(
    "/review-reports/{unit_id}/{year}/files",
    response={202: JobOut},
    url_name="review_report_file_request",
    summary="Tạo tệp báo cáo (DOCX, PDF, XLSX) ở nền / make the report's file in the background",
)
@decorate_view(idempotent)
def review_report_file_request(
    request: HttpRequest, unit_id: Id, body: ReportFileIn, year: int = _YEAR
):
    unit = _report_unit(request, unit_id)
    job = report_job_request(
        unit=unit,
        year=year,
        fmt=body.format.value,
        user=request.user,
        actor=request.user.get_username(),
    )
    return Status(202, job_out(request, job))


# ----------------------------------------------------------------------------- the article


class ArticleQuery(Schema):
    format: ArticleFormat = ArticleFormat.TXT


@router.get(
    "/meetings/{meeting_id}/article",
    url_name="meeting_article",
    summary="Bài viết cổng thông tin về cuộc họp (văn bản, HTML) / the portal article",
    openapi_extra=_file_doc(
        {"txt": "text/plain", "html": "text/html"}, "Bài viết / the article (UTF-8)"
    ),
)
def meeting_article(request: HttpRequest, meeting_id: Id, query: Query[ArticleQuery]):
    # Text made in milliseconds: answered at once, not queued.
    permission_require(request, roles.MEETING_VIEW)
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    return paper_response(article_file(meeting=meeting, fmt=query.format.value))
