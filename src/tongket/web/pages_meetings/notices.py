"""Conclusion notices: the list (late ones flagged), drafting one with its assignments, issuing
it (which creates the tasks)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongket.accounts import roles
from tongket.accounts.access import (
    access_meeting,
    access_notice,
    notice_allows,
    notice_scope,
)
from tongket.accounts.decorators import require_permission
from tongket.core.numbers import format_date
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Notice, NoticeStatus
from tongket.meetings.rules import NOTICE_WORKING_DAYS, notice_due_on
from tongket.meetings.selectors import notice_items, notice_list, notice_rows
from tongket.meetings.services import notice_create, notice_issue
from tongket.web.pages_meetings.common import PAGE_SIZE, actor, suggestions, today
from tongket.web.pages_meetings.errors import form_add_service_error, service_error_text
from tongket.web.pages_meetings.forms_meetings import (
    NoticeForm,
    NoticeIssueForm,
    NoticeItemFormSet,
)
from tongket.web.pages_meetings.units import unit_label

ITEMS_PREFIX = "items"


class NoticeFilterForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("Năm họp"), required=False, coerce=int, empty_value=None
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Trạng thái"),
        required=False,
        choices=[("", gettext_lazy("Tất cả")), *NoticeStatus.choices],
    )
    late = forms.BooleanField(label=gettext_lazy("Chỉ thông báo ban hành muộn"), required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", gettext_lazy("Tất cả")), *[(y, y) for y in years]]


@require_permission(roles.MEETING_VIEW)
def notice_list_view(request: HttpRequest) -> HttpResponse:
    visible = notice_scope(Notice.objects.all(), user=request.user)
    years = [d.year for d in visible.dates("meeting__date", "year", order="DESC")]
    form = NoticeFilterForm(request.GET or None, years=years)
    data = form.cleaned_data if form.is_valid() else {}
    notices = notice_scope(
        notice_list(
            year=data.get("year"),
            status=data.get("status") or None,
            late=True if data.get("late") else None,
        ),
        user=request.user,
    )
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/meetings/notice_list.html",
        {
            "form": form,
            "page": page,
            "rows": notice_rows(page.object_list),
            "working_days": NOTICE_WORKING_DAYS,
        },
    )


def _initial_items(meeting) -> list[dict]:
    """One row per line of the meeting's conclusions, led by the organizer until changed."""
    lead = unit_label(meeting.organizer)
    lines = [line.strip(" -•\t") for line in meeting.conclusions.splitlines()]
    return [{"text": line, "lead": lead} for line in lines if line][:20]


@require_permission(roles.MEETING_MANAGE)
def notice_create_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(
        user=request.user, meeting_id=meeting_id, permission=roles.MEETING_MANAGE
    )
    on = meeting.last_day
    if request.method == "POST":
        data = request.POST.copy()
        adding = "add_row" in data
        if adding:
            key = f"{ITEMS_PREFIX}-TOTAL_FORMS"
            data[key] = str(min(int(data.get(key) or 0) + 1, 50))
        form = NoticeForm(data)
        formset = NoticeItemFormSet(
            data, prefix=ITEMS_PREFIX, form_kwargs={"on": on, "user": request.user}
        )
        if not adding and form.is_valid() and formset.is_valid():
            items = [f.assignment() for f in formset.forms if f.has_changed()]
            try:
                notice = notice_create(
                    meeting=meeting,
                    items=items,
                    actor=actor(request),
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                )
            except MeetingsError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("Đã lưu dự thảo thông báo kết luận."))
                return redirect("notice", notice_id=notice.pk)
    else:
        form = NoticeForm()
        initial = _initial_items(meeting)
        formset = NoticeItemFormSet(
            prefix=ITEMS_PREFIX, form_kwargs={"on": on, "user": request.user}, initial=initial
        )
        # Rows drawn from the conclusions and one empty row; three when there were none.
        formset.extra = len(initial) + 1 if initial else 3
    return render(
        request,
        "web/meetings/notice_form.html",
        {
            "meeting": meeting,
            "form": form,
            "formset": formset,
            "adding": request.method == "POST" and "add_row" in request.POST,
            "due": notice_due_on(on),
            "working_days": NOTICE_WORKING_DAYS,
            "unit_options": suggestions(request.user, roles.MEETING_VIEW),
        },
    )


def _detail(
    request: HttpRequest, notice: Notice, *, issue_form=None, status: int = 200
) -> HttpResponse:
    day = today()
    meeting = notice.meeting
    due = notice.due_on or notice_due_on(meeting.last_day)
    can_issue = notice.status == NoticeStatus.DRAFT and notice_allows(
        request.user, notice, roles.MEETING_MANAGE
    )
    if can_issue and issue_form is None:
        issue_form = NoticeIssueForm(initial={"issued_on": max(day, meeting.last_day)})
    return render(
        request,
        "web/meetings/notice_detail.html",
        {
            "notice": notice,
            "meeting": meeting,
            "items": notice_items(notice=notice, today=day),
            "due": due,
            "late_if_today": notice.status == NoticeStatus.DRAFT and day > due,
            "working_days": NOTICE_WORKING_DAYS,
            "issue_form": issue_form if can_issue else None,
            "can_edit": can_issue,
        },
        status=status,
    )


@require_permission(roles.MEETING_VIEW)
def notice_detail_view(request: HttpRequest, notice_id: int) -> HttpResponse:
    return _detail(request, access_notice(user=request.user, notice_id=notice_id))


@require_POST
@require_permission(roles.MEETING_MANAGE)
def notice_issue_view(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = access_notice(user=request.user, notice_id=notice_id, permission=roles.MEETING_MANAGE)
    form = NoticeIssueForm(request.POST)
    if not form.is_valid():
        return _detail(request, notice, issue_form=form)
    if form.cleaned_data["issued_on"] > today():
        form.add_error("issued_on", _("Ngày ban hành ở tương lai."))
        return _detail(request, notice, issue_form=form)
    try:
        notice = notice_issue(
            notice=notice,
            issued_on=form.cleaned_data["issued_on"],
            number=form.cleaned_data["number"] or None,
            actor=actor(request),
        )
    except MeetingsError as error:
        if error.column in ("date", "number"):
            form_add_service_error(form, error, {"date": "issued_on"})
        else:
            messages.error(request, service_error_text(error))
        return _detail(request, notice, issue_form=form)
    created = notice.tasks.count()
    messages.success(
        request,
        _("Đã ban hành thông báo số %(number)s; đã giao %(count)s nhiệm vụ.")
        % {"number": notice.number, "count": created},
    )
    if notice.is_late:
        messages.warning(
            request,
            _("Thông báo ban hành muộn: hạn là %(due)s (%(days)s ngày làm việc sau cuộc họp).")
            % {"due": format_date(notice.due_on), "days": NOTICE_WORKING_DAYS},
        )
    return redirect("notice", notice_id=notice.pk)
