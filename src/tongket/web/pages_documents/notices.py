"""A conclusion notice's draft edited on the web, its files asked for, and the portal article
about its meeting (read on the page, downloaded as text or HTML)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.accounts import roles
from tongket.accounts.access import access_meeting, access_notice
from tongket.accounts.decorators import require_permission
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import NoticeStatus
from tongket.meetings.services import notice_draft_update
from tongket.papers.errors import PapersError
from tongket.papers.files import ARTICLE_FORMATS, article_file
from tongket.papers.http import paper_response
from tongket.papers.jobs import notice_job_request
from tongket.web.pages_documents.common import in_page_language
from tongket.web.pages_documents.forms import FileForm, NoticeDraftForm
from tongket.web.pages_meetings.common import suggestions
from tongket.web.pages_meetings.errors import form_add_service_error
from tongket.web.pages_meetings.forms_meetings import NoticeItemFormSet
from tongket.web.pages_meetings.units import unit_label

ITEMS_PREFIX = "items"


def _items_initial(notice) -> list[dict]:
    return [
        {
            "text": i.text,
            "lead": unit_label(i.lead),
            "supporting": "; ".join(unit_label(u) for u in i.supporting.all()),
            "deadline": i.deadline,
        }
        for i in notice.items.select_related("lead").prefetch_related("supporting")
    ]


@require_permission(roles.MEETING_MANAGE)
def notice_edit_view(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(user=request.user, notice_id=notice_id, permission=roles.MEETING_MANAGE)
    if notice.status == NoticeStatus.ISSUED:
        messages.error(request, _("Thông báo đã ban hành, không sửa được."))
        return redirect("notice", notice_id=notice.pk)
    on = notice.meeting.last_day
    adding = False
    if request.method == "POST":
        data = request.POST.copy()
        adding = "add_row" in data
        if adding:
            key = f"{ITEMS_PREFIX}-TOTAL_FORMS"
            data[key] = str(min(int(data.get(key) or 0) + 1, 50))
        form = NoticeDraftForm(data)
        formset = NoticeItemFormSet(
            data, prefix=ITEMS_PREFIX, form_kwargs={"on": on, "user": request.user}
        )
        if not adding and form.is_valid() and formset.is_valid():
            try:
                notice_draft_update(
                    notice=notice,
                    actor=request.user.get_username(),
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    signer_title=form.cleaned_data["signer_title"],
                    items=[f.assignment() for f in formset.forms if f.has_changed()],
                )
            except MeetingsError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("Đã lưu dự thảo thông báo kết luận."))
                return redirect("notice", notice_id=notice.pk)
    else:
        form = NoticeDraftForm(
            initial={
                "title": notice.title,
                "text": notice.text or notice.meeting.conclusions,
                "signer_title": notice.signer_title,
            }
        )
        initial = _items_initial(notice)
        formset = NoticeItemFormSet(
            prefix=ITEMS_PREFIX, form_kwargs={"on": on, "user": request.user}, initial=initial
        )
        formset.extra = len(initial) + 1
    invalid = request.method == "POST" and not adding
    return render(
        request,
        "web/papers/notice_edit.html",
        {
            "notice": notice,
            "meeting": notice.meeting,
            "form": form,
            "formset": formset,
            "adding": adding,
            "unit_options": suggestions(request.user, roles.MEETING_VIEW),
        },
        status=400 if invalid else 200,
    )


@require_POST
@require_permission(roles.MEETING_VIEW)
def notice_file_request_view(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(user=request.user, notice_id=notice_id)
    form = FileForm(request.POST)
    if not form.is_valid() or form.cleaned_data["fmt"] == "xlsx":
        messages.error(request, _("Định dạng tệp không hỗ trợ."))
        return redirect("notice", notice_id=notice.pk)
    try:
        job = notice_job_request(
            notice=notice,
            fmt=form.cleaned_data["fmt"],
            user=request.user,
            actor=request.user.get_username(),
        )
    except PapersError as error:
        messages.error(request, in_page_language(error.vi, error.en))
        return redirect("notice", notice_id=notice.pk)
    return redirect("document_job", job_id=job.pk)


@require_permission(roles.MEETING_VIEW)
def article_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    try:
        text = article_file(meeting=meeting, fmt="txt").data.decode()
    except PapersError as error:
        text, problem = "", in_page_language(error.vi, error.en)
    else:
        problem = ""
    return render(
        request,
        "web/papers/article.html",
        {
            "meeting": meeting,
            "paragraphs": [p for p in text.split("\n") if p.strip()],
            "problem": problem,
        },
    )


@require_permission(roles.MEETING_VIEW)
def article_file_view(request: HttpRequest, meeting_id: int, fmt: str) -> HttpResponse:
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    if fmt not in ARTICLE_FORMATS:
        raise Http404("Không tìm thấy / Not found")
    try:
        return paper_response(article_file(meeting=meeting, fmt=fmt))
    except PapersError as error:
        messages.error(request, in_page_language(error.vi, error.en))
        return redirect("article", meeting_id=meeting.pk)
