"""Commendation pages: the list per year, unit and form with totals, and adding a decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tongket.accounts import roles
from tongket.accounts.access import commendation_scope
from tongket.accounts.decorators import require_permission
from tongket.accounts.scope import user_has_permission
from tongket.core.collation import vi_sorted
from tongket.meetings.errors import MeetingsError
from tongket.meetings.models import AwardForm, Commendation
from tongket.meetings.selectors import commendation_list, commendation_rows, commendation_totals
from tongket.meetings.services import commendation_create
from tongket.web.pages_meetings.common import (
    PAGE_SIZE,
    actor,
    own_unit_label,
    recent_meetings,
    suggestions,
    today,
)
from tongket.web.pages_meetings.errors import form_add_service_error
from tongket.web.pages_meetings.forms_commendations import (
    GROUPS,
    CommendationFilterForm,
    CommendationForm,
)


@require_permission(roles.COMMENDATION_VIEW)
def commendation_list_view(request: HttpRequest) -> HttpResponse:
    visible = commendation_scope(Commendation.objects.all(), user=request.user)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    units = vi_sorted(
        visible.filter(unit__isnull=False)
        .order_by("unit_id")
        .values_list("unit_id", "unit__name")
        .distinct(),
        key=lambda unit: unit[1],
    )
    award_forms = AwardForm.objects.filter(pk__in=visible.values("form")).order_by("rank")
    form = CommendationFilterForm(
        request.GET or None, years=years, units=list(units), award_forms=award_forms
    )
    data = form.cleaned_data if form.is_valid() else {}
    chosen = commendation_scope(
        commendation_list(
            year=data.get("year"),
            unit_ids=[data["unit"]] if data.get("unit") else None,
            form_code=data.get("form") or None,
        ),
        user=request.user,
    )
    by = data.get("by") or "year"
    totals = commendation_totals(by=by, commendations=chosen)
    page = Paginator(chosen, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/meetings/commendation_list.html",
        {
            "form": form,
            "page": page,
            "rows": commendation_rows(page.object_list),
            "totals": totals,
            "by_label": dict(GROUPS)[by],
            "can_manage": user_has_permission(request.user, roles.COMMENDATION_MANAGE),
        },
    )


@require_permission(roles.COMMENDATION_MANAGE)
def commendation_create_view(request: HttpRequest) -> HttpResponse:
    day = today()
    meetings = recent_meetings(
        request.user, chosen=request.POST.get("meeting") or request.GET.get("meeting")
    )
    if request.method == "POST":
        form = CommendationForm(request.POST, user=request.user, meetings=meetings, today=day)
        if form.is_valid():
            try:
                commendation = commendation_create(**form.service_arguments(), actor=actor(request))
            except MeetingsError as error:
                form_add_service_error(form, error, CommendationForm.SERVICE_FIELDS)
            else:
                messages.success(
                    request,
                    _("Đã lưu khen thưởng «%(form)s» năm %(year)s.")
                    % {"form": commendation.form.name, "year": commendation.year},
                )
                return redirect(f"{reverse('commendations')}?year={commendation.year}")
    else:
        form = CommendationForm(
            user=request.user,
            meetings=meetings,
            today=day,
            initial={
                "year": day.year,
                "unit": own_unit_label(request.user, roles.COMMENDATION_MANAGE, on=day),
            },
        )
    return render(
        request,
        "web/meetings/commendation_form.html",
        {"form": form, "unit_options": suggestions(request.user, roles.COMMENDATION_MANAGE)},
    )
