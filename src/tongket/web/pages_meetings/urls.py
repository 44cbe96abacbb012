"""URLs of the meetings, notices, tasks, commendations and document import pages (names as in
web.navigation)."""

from django.urls import path

from tongket.web.pages_meetings import commendations, documents, meetings, notices, tasks

urlpatterns = [
    path("meetings/", meetings.meeting_list_view, name="meetings"),
    path("meetings/new/", meetings.meeting_create_view, name="meeting_create"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail_view, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", meetings.meeting_edit_view, name="meeting_edit"),
    path(
        "meetings/<int:meeting_id>/documents/",
        meetings.meeting_document_add_view,
        name="meeting_document_add",
    ),
    path(
        "meetings/<int:meeting_id>/documents/<int:document_id>/",
        meetings.meeting_document_view,
        name="meeting_document",
    ),
    path(
        "meetings/<int:meeting_id>/notices/new/",
        notices.notice_create_view,
        name="notice_create",
    ),
    path("meetings/notices/", notices.notice_list_view, name="notices"),
    path("meetings/notices/<int:notice_id>/", notices.notice_detail_view, name="notice"),
    path("meetings/notices/<int:notice_id>/issue/", notices.notice_issue_view, name="notice_issue"),
    path("tasks/", tasks.task_list_view, name="tasks"),
    path("tasks/new/", tasks.task_create_view, name="task_create"),
    path("tasks/rates/", tasks.task_rates_view, name="task_rates"),
    path("tasks/<int:task_id>/", tasks.task_detail_view, name="task"),
    path("tasks/<int:task_id>/progress/", tasks.task_progress_view, name="task_progress"),
    path(
        "tasks/<int:task_id>/progress/<int:progress_id>/file/",
        tasks.task_evidence_view,
        name="task_evidence",
    ),
    path("tasks/<int:task_id>/complete/", tasks.task_complete_view, name="task_complete"),
    path("tasks/<int:task_id>/reopen/", tasks.task_reopen_view, name="task_reopen"),
    path("tasks/<int:task_id>/deadline/", tasks.task_deadline_view, name="task_deadline"),
    path("commendations/", commendations.commendation_list_view, name="commendations"),
    path(
        "commendations/new/",
        commendations.commendation_create_view,
        name="commendation_create",
    ),
    path("documents/", documents.document_import_view, name="documents"),
    path("documents/review/<str:token>/", documents.document_review_view, name="document_review"),
    path("documents/<int:document_id>/", documents.document_detail_view, name="document"),
    path("documents/figures/", documents.figure_review_list_view, name="figure_reviews"),
    path(
        "documents/figures/<int:review_id>/",
        documents.figure_review_decide_view,
        name="figure_review_decide",
    ),
]
