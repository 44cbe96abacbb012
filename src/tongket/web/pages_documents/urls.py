"""URLs of the documents pages (names as in web.navigation)."""

from django.urls import path

from tongket.web.pages_documents import jobs, notices, reports

urlpatterns = [
    path("papers/reports/", reports.report_pick_view, name="papers"),
    path(
        "papers/reports/<int:unit_id>/<int:year>/", reports.report_draft_view, name="report_draft"
    ),
    path(
        "papers/reports/<int:unit_id>/<int:year>/file/",
        reports.report_file_request_view,
        name="report_file_request",
    ),
    path("papers/jobs/<int:job_id>/", jobs.job_view, name="document_job"),
    path("papers/jobs/<int:job_id>/file/", jobs.job_file_view, name="document_job_file"),
    path("meetings/notices/<int:notice_id>/edit/", notices.notice_edit_view, name="notice_edit"),
    path(
        "meetings/notices/<int:notice_id>/file/",
        notices.notice_file_request_view,
        name="notice_file_request",
    ),
    path("meetings/<int:meeting_id>/article/", notices.article_view, name="article"),
    path(
        "meetings/<int:meeting_id>/article.<str:fmt>",
        notices.article_file_view,
        name="article_file",
    ),
]
