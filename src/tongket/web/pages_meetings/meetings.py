"""Meeting pages: the list by unit, year and kind; one meeting with all it holds; create, edit,
attach documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.accounts import roles
from tongket.accounts.access import access_meeting, meeting_allows, meeting_scope
from tongket.accounts.decorators import require_permission
from tongket.accounts.scope import user_has_permission
from tongket.core.collation import vi_sorted
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import Meeting, MeetingKind, ParticipantRole
from tongket.meetings.rules import NOTICE_WORKING_DAYS, notice_due_on
from tongket.meetings.selectors import meeting_detail, meeting_list, meeting_rows
from tongket.meetings.services import meeting_create, meeting_document_add, meeting_update
from tongket.units.models import Unit, UnitKind
from tongket.web.pages_meetings.common import (
    PAGE_SIZE,
    actor,
    own_unit_label,
    suggestions,
    today,
)
from tongket.web.pages_meetings.errors import form_add_service_error
from tongket.web.pages_meetings.forms_meetings import (
    DocumentForm,
    MeetingEditForm,
    MeetingFilterForm,
    MeetingForm,
)
from tongket.web.pages_meetings.uploads import upload_refusal, upload_response, upload_too_large

# The units suggested as organizers (any unit may still be typed by name or code).
ORGANIZER_KINDS = (UnitKind.PROVINCE, UnitKind.DEPARTMENT, UnitKind.AGENCY, UnitKind.DISTRICT)


@require_permission(roles.MEETING_VIEW)
def meeting_list_view(request: HttpRequest) -> HttpResponse:
    visible = meeting_scope(Meeting.objects.all(), user=request.user)
    years = [d.year for d in visible.dates("date", "year", order="DESC")]
    organizers = vi_sorted(
        Unit.objects.filter(pk__in=visible.values("organizer")), key=lambda u: u.name
    )
    form = MeetingFilterForm(request.GET or None, years=years, units=organizers)
    data = form.cleaned_data if form.is_valid() else {}
    meetings = meeting_scope(
        meeting_list(
            unit_ids=[data["unit"]] if data.get("unit") else None,
            year=data.get("year"),
            kind=data.get("kind") or None,
        ),
        user=request.user,
    )
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/meetings/meeting_list.html",
        {
            "form": form,
            "page": page,
            "rows": meeting_rows(page.object_list),
            "can_manage": user_has_permission(request.user, roles.MEETING_MANAGE),
        },
    )


def _detail(
    request: HttpRequest,
    meeting: Meeting,
    *,
    document_form: DocumentForm | None = None,
    upload_refused: str = "",
    status: int = 200,
) -> HttpResponse:
    day = today()
    detail = meeting_detail(meeting=meeting, today=day)
    roles_order = {ParticipantRole.CHAIR: 0, ParticipantRole.PRESENTER: 1}
    detail["participants"].sort(key=lambda p: roles_order.get(p["role"], 2))
    role_labels = dict(ParticipantRole.choices)
    for person in detail["participants"]:
        person["role_label"] = role_labels.get(person["role"], person["role"])
    can_manage = meeting_allows(request.user, meeting, roles.MEETING_MANAGE)
    can_assign = meeting_allows(request.user, meeting, roles.TASK_ASSIGN)
    due = notice_due_on(meeting.last_day)
    return render(
        request,
        "web/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "m": detail,
            "kind_label": MeetingKind(meeting.kind).label,
            "can_manage": can_manage,
            "can_assign": can_assign,
            "document_form": document_form or (DocumentForm() if can_manage else None),
            "upload_refused": upload_refused,
            "notice_due": due,
            "working_days": NOTICE_WORKING_DAYS,
            "notice_overdue": day > due
            and not any(n["status"] == "issued" for n in detail["notices"]),
        },
        status=status,
    )


@require_permission(roles.MEETING_VIEW)
def meeting_detail_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _detail(request, access_meeting(user=request.user, meeting_id=meeting_id))


@require_permission(roles.MEETING_MANAGE)
def meeting_create_view(request: HttpRequest) -> HttpResponse:
    day = today()
    if request.method == "POST":
        form = MeetingForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                meeting = meeting_create(**form.service_arguments(), actor=actor(request))
            except MeetingsError as error:
                form_add_service_error(form, error, MeetingForm.SERVICE_FIELDS)
            else:
                messages.success(request, _("Đã lưu cuộc họp «%s».") % meeting.title)
                return redirect("meeting", meeting_id=meeting.pk)
    else:
        form = MeetingForm(
            user=request.user,
            initial={
                "organizer": own_unit_label(request.user, roles.MEETING_MANAGE, on=day),
                "kind": MeetingKind.QUARTERLY_REVIEW,
            },
        )
    return render(
        request,
        "web/meetings/meeting_form.html",
        {
            "form": form,
            "unit_options": suggestions(request.user, roles.MEETING_MANAGE, kinds=ORGANIZER_KINDS),
        },
    )


@require_permission(roles.MEETING_MANAGE)
def meeting_edit_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(
        user=request.user, meeting_id=meeting_id, permission=roles.MEETING_MANAGE
    )
    if request.method == "POST":
        form = MeetingEditForm(request.POST, meeting=meeting)
        if form.is_valid():
            try:
                meeting_update(
                    meeting=meeting,
                    actor=actor(request),
                    reason=form.cleaned_data["reason"],
                    **form.changes(),
                )
            except MeetingsError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("Đã lưu các thay đổi."))
                return redirect("meeting", meeting_id=meeting.pk)
    else:
        form = MeetingEditForm(
            meeting=meeting,
            initial={
                name: getattr(meeting, name)
                for name in ("title", "end_date", "place", "agenda", "minutes", "conclusions")
            },
        )
    return render(request, "web/meetings/meeting_edit.html", {"form": form, "meeting": meeting})


@require_POST
@require_permission(roles.MEETING_MANAGE)
def meeting_document_add_view(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(
        user=request.user, meeting_id=meeting_id, permission=roles.MEETING_MANAGE
    )
    if upload_too_large(request):
        return _detail(request, meeting, upload_refused=upload_refusal(), status=413)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, meeting, document_form=form)
    try:
        meeting_document_add(
            meeting=meeting,
            name=form.cleaned_data["name"],
            file=form.cleaned_data["file"],
            actor=actor(request),
        )
    except MeetingsError as error:
        form_add_service_error(form, error, {"documents": "name"})
        return _detail(request, meeting, document_form=form)
    messages.success(request, _("Đã đính kèm tài liệu «%s».") % form.cleaned_data["name"])
    return redirect(reverse("meeting", args=[meeting.pk]) + "#documents")


@require_permission(roles.MEETING_VIEW)
def meeting_document_view(request: HttpRequest, meeting_id: int, document_id: int):
    meeting = access_meeting(user=request.user, meeting_id=meeting_id)
    document = meeting.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404("Không tìm thấy tài liệu / Document not found")
    return upload_response(document.file)
