"""Task pages: lists by status and lead unit, completion rates, assigning, and one task with its
progress updates, evidence, completion and deadline changes."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.accounts import roles
from tongket.accounts.access import access_task, access_unit, task_allows, task_scope
from tongket.accounts.decorators import require_permission
from tongket.accounts.scope import user_has_permission
from tongket.core.collation import vi_sorted
from tongket.core.periods import PeriodKind
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Task, TaskSource, TaskStatus
from tongket.meetings.selectors import (
    task_alive_in,
    task_completion_rates,
    task_list,
    task_progress_rows,
    task_rows,
    task_status_counts,
)
from tongket.meetings.services import (
    task_complete,
    task_create,
    task_deadline_change,
    task_progress_add,
    task_reopen,
)
from tongket.web.pages_meetings.common import (
    PAGE_SIZE,
    actor,
    own_unit_label,
    recent_meetings,
    suggestions,
    today,
    unit_tasks,
)
from tongket.web.pages_meetings.errors import form_add_service_error
from tongket.web.pages_meetings.forms_tasks import (
    CompleteForm,
    DeadlineForm,
    ProgressForm,
    RatesFilterForm,
    ReopenForm,
    TaskCreateForm,
    TaskFilterForm,
)
from tongket.web.pages_meetings.uploads import upload_refusal, upload_response, upload_too_large


def _years(tasks) -> list[int]:
    years = {d.year for d in tasks.dates("deadline", "year")}
    years |= {d.year for d in tasks.filter(deadline__isnull=True).dates("assigned_on", "year")}
    return sorted(years, reverse=True)


@require_permission(roles.TASK_VIEW)
def task_list_view(request: HttpRequest) -> HttpResponse:
    day = today()
    visible = task_scope(Task.objects.all(), user=request.user)
    leads = vi_sorted(
        visible.order_by("lead_id").values_list("lead_id", "lead__name").distinct(),
        key=lambda lead: lead[1],
    )
    params = request.GET.copy()
    # The list opens on the current year; «Tất cả» (year=) shows every year.
    params.setdefault("year", str(day.year))
    form = TaskFilterForm(
        params, leads=list(leads), years=sorted({*_years(visible), day.year}, reverse=True)
    )
    data = form.cleaned_data if form.is_valid() else {}
    unit = None
    if data.get("unit"):
        unit = access_unit(user=request.user, unit_id=data["unit"], permission=roles.TASK_VIEW)
    base = unit_tasks(request.user, unit, day)
    if data.get("lead"):
        base = base.filter(lead_id=data["lead"])
    if data.get("year"):
        base = base.filter(task_alive_in(data["year"]))
    counts = task_status_counts(base)
    status = data.get("status") or ""
    tasks = base.filter(status=status) if status else base
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    tabs = []
    for key, label in [("", _("Tất cả")), *TaskStatus.choices]:
        query["status"] = key
        tabs.append(
            {
                "key": key,
                "label": label,
                "count": sum(counts.values()) if not key else counts.get(key, 0),
                "query": query.urlencode(),
                "current": key == status,
            }
        )
    return render(
        request,
        "web/meetings/task_list.html",
        {
            "form": form,
            "page": page,
            "rows": task_rows(page.object_list, today=day),
            "tabs": tabs,
            "unit": unit,
            "can_assign": user_has_permission(request.user, roles.TASK_ASSIGN),
        },
    )


@require_permission(roles.TASK_VIEW)
def task_rates_view(request: HttpRequest) -> HttpResponse:
    day = today()
    visible = task_scope(Task.objects.all(), user=request.user)
    form = RatesFilterForm(request.GET or None, years=_years(visible))
    data = form.cleaned_data if form.is_valid() else {}
    by = data.get("by") or "lead"
    rows = task_completion_rates(
        today=day, by=by, period_kind=PeriodKind.YEAR, year=data.get("year"), tasks=visible
    )
    totals = {key: sum(r[key] for r in rows) for key in ("total", "done", *TaskStatus.values)}
    for row in [*rows, totals]:
        total = row["total"]
        row["completion_pct"] = 100 * row["done"] / total if total else None
        row["on_time_pct"] = 100 * row[TaskStatus.DONE_ON_TIME] / total if total else None
    return render(
        request,
        "web/meetings/task_rates.html",
        {"form": form, "rows": rows, "totals": totals, "by": by},
    )


@require_permission(roles.TASK_ASSIGN)
def task_create_view(request: HttpRequest) -> HttpResponse:
    day = today()
    meetings = recent_meetings(
        request.user, chosen=request.POST.get("meeting") or request.GET.get("meeting")
    )
    if request.method == "POST":
        form = TaskCreateForm(request.POST, user=request.user, meetings=meetings, today=day)
        if form.is_valid():
            try:
                task = task_create(**form.service_arguments(), actor=actor(request))
            except MeetingsError as error:
                form_add_service_error(form, error, TaskCreateForm.SERVICE_FIELDS)
            else:
                messages.success(request, _("Đã giao nhiệm vụ."))
                return redirect("task", task_id=task.pk)
    else:
        form = TaskCreateForm(
            user=request.user,
            meetings=meetings,
            today=day,
            initial=_create_initial(request, meetings, day),
        )
    return render(
        request,
        "web/meetings/task_form.html",
        {
            "form": form,
            "unit_options": suggestions(request.user, roles.TASK_VIEW),
            "assigner_options": suggestions(request.user, roles.TASK_ASSIGN),
        },
    )


def _create_initial(request: HttpRequest, meetings, day) -> dict:
    """The assigner is the user's unit; opened from a meeting's page, the task is that
    meeting's."""
    initial = {
        "assigned_by": own_unit_label(request.user, roles.TASK_ASSIGN, on=day),
        "document_date": day,
        "source": TaskSource.DOCUMENT,
    }
    chosen = request.GET.get("meeting", "")
    meeting = meetings.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    if meeting is not None:
        initial |= {"source": TaskSource.MEETING, "meeting": meeting.pk, "document_date": None}
    return initial


def _detail(
    request: HttpRequest, task: Task, *, status: int = 200, upload_refused: str = "", **forms
) -> HttpResponse:
    day = today()
    row = task_rows(task_list(today=day).filter(pk=task.pk), today=day)[0]
    may_report = task_allows(request.user, task, roles.TASK_REPORT)
    may_assign = task_allows(request.user, task, roles.TASK_ASSIGN)
    done = task.completed_on is not None
    context = {
        "task": task,
        "t": row,
        "progress": task_progress_rows(task=task),
        "progress_form": None,
        "complete_form": None,
        "reopen_form": None,
        "deadline_form": None,
        "upload_refused": upload_refused,
    }
    # A form sent back with its errors is shown whatever the task's state, so a refusal
    # (completing a task already done) is seen where it was asked for.
    if may_report:
        context["progress_form"] = forms.get("progress_form") or ProgressForm(
            today=day, initial={"on": day}
        )
        context["reopen_form"] = forms.get("reopen_form") or (ReopenForm() if done else None)
        context["complete_form"] = forms.get("complete_form") or (
            None if done else CompleteForm(today=day, initial={"completed_on": day})
        )
    if may_assign:
        context["deadline_form"] = forms.get("deadline_form") or (
            None if done else DeadlineForm(initial={"deadline": task.deadline})
        )
    return render(request, "web/meetings/task_detail.html", context, status=status)


@require_permission(roles.TASK_VIEW)
def task_detail_view(request: HttpRequest, task_id: int) -> HttpResponse:
    return _detail(request, access_task(user=request.user, task_id=task_id))


def _back(task: Task, anchor: str) -> HttpResponse:
    return redirect(reverse("task", args=[task.pk]) + anchor)


@require_POST
@require_permission(roles.TASK_REPORT)
def task_progress_view(request: HttpRequest, task_id: int) -> HttpResponse:
    task = access_task(user=request.user, task_id=task_id, permission=roles.TASK_REPORT)
    day = today()
    if upload_too_large(request):
        return _detail(request, task, upload_refused=upload_refusal(), status=413)
    form = ProgressForm(request.POST, request.FILES, today=day)
    if form.is_valid():
        data = form.cleaned_data
        try:
            task_progress_add(
                task=task,
                on=data["on"],
                text=data["text"],
                percent=data["percent"],
                evidence=data["evidence"],
                evidence_file=data["evidence_file"],
                reported_by_unit=task.lead,
                actor=actor(request),
            )
        except MeetingsError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi tiến độ."))
            return _back(task, "#progress")
    return _detail(request, task, progress_form=form)


@require_POST
@require_permission(roles.TASK_REPORT)
def task_complete_view(request: HttpRequest, task_id: int) -> HttpResponse:
    task = access_task(user=request.user, task_id=task_id, permission=roles.TASK_REPORT)
    form = CompleteForm(request.POST, today=today())
    if form.is_valid():
        try:
            task_complete(
                task=task,
                on=form.cleaned_data["completed_on"],
                note=form.cleaned_data["note"],
                actor=actor(request),
            )
        except MeetingsError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi nhận hoàn thành nhiệm vụ."))
            return _back(task, "")
    return _detail(request, task, complete_form=form)


@require_POST
@require_permission(roles.TASK_REPORT)
def task_reopen_view(request: HttpRequest, task_id: int) -> HttpResponse:
    task = access_task(user=request.user, task_id=task_id, permission=roles.TASK_REPORT)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            task_reopen(task=task, reason=form.cleaned_data["reason"], actor=actor(request))
        except MeetingsError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Đã mở lại nhiệm vụ."))
            return _back(task, "")
    return _detail(request, task, reopen_form=form)


@require_POST
@require_permission(roles.TASK_ASSIGN)
def task_deadline_view(request: HttpRequest, task_id: int) -> HttpResponse:
    task = access_task(user=request.user, task_id=task_id, permission=roles.TASK_ASSIGN)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        if task.completed_on is not None:
            form.add_error(None, _("Nhiệm vụ đã hoàn thành: mở lại trước khi đổi thời hạn."))
        else:
            try:
                task_deadline_change(
                    task=task,
                    deadline=form.cleaned_data["deadline"],
                    reason=form.cleaned_data["reason"],
                    actor=actor(request),
                )
            except MeetingsError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("Đã đổi thời hạn."))
                return _back(task, "")
    return _detail(request, task, deadline_form=form)


@require_permission(roles.TASK_VIEW)
def task_evidence_view(request: HttpRequest, task_id: int, progress_id: int):
    task = access_task(user=request.user, task_id=task_id)
    progress = task.progress.filter(pk=progress_id).first()
    if progress is None:
        raise Http404("Không tìm thấy báo cáo tiến độ / Progress update not found")
    return upload_response(progress.evidence_file)
