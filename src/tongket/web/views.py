"""The pages shared by every role: home, own account, units, and the audit trail."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from tongket.accounts import roles
from tongket.accounts.access import access_unit
from tongket.accounts.decorators import require_permission
from tongket.accounts.models import RoleAssignment
from tongket.accounts.scope import scope_filter, user_grants, user_sees
from tongket.core.audit import audit_entry_list
from tongket.core.collation import vi_sorted
from tongket.units.models import SuccessionEvent, Unit, UnitKind, UnitLink
from tongket.units.selectors import unit_history
from tongket.web.audit_lines import describe
from tongket.web.forms import AuditFilterForm, UnitFilterForm
from tongket.web.navigation import start_url

PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the start page of their role."""
    return redirect(start_url(request.user) or "account")


def account(request: HttpRequest) -> HttpResponse:
    """The user's own roles and scopes (every logged-in user may see their own)."""
    today = timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(user=request.user)
        .select_related("unit")
        .order_by("-valid_from", "id")
    )
    rows = [{"assignment": a, "active": a.is_valid_on(today)} for a in assignments]
    return render(
        request,
        "web/account.html",
        {"rows": rows, "has_active": bool(user_grants(request.user))},
    )


@require_permission(roles.UNIT_VIEW)
def unit_list(request: HttpRequest) -> HttpResponse:
    form = UnitFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {"q": "", "kind": "", "history": False}
    today = timezone.localdate()
    # Today's units in today's scope; with history, every unit that ever was in the scope.
    on = None if data["history"] else today
    units = scope_filter(
        Unit.objects.all(), user=request.user, permission=roles.UNIT_VIEW, unit_field="pk", on=on
    )
    if on is not None:
        units = units.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )
    if data["q"]:
        units = units.filter(
            Q(name__icontains=data["q"])
            | Q(short_name__icontains=data["q"])
            | Q(code__iexact=data["q"])
        )
    if data["kind"]:
        units = units.filter(kind=data["kind"])
    ordered = vi_sorted(units.order_by("valid_from", "pk"), key=lambda u: u.name)
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/unit_list.html", {"form": form, "page": page})


@require_permission(roles.UNIT_VIEW)
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(user=request.user, unit_id=unit_id)
    parents = UnitLink.objects.filter(child=unit).select_related("parent").order_by("valid_from")
    today = timezone.localdate()
    children = (
        UnitLink.objects.filter(parent=unit, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .count()
    )
    steps = unit_history(unit)
    visible = {
        u.pk
        for u in [link.parent for link in parents]
        + [s.predecessor for s in steps]
        + [s.successor for s in steps]
        if user_sees(request.user, u)
    }
    return render(
        request,
        "web/unit_detail.html",
        {
            "unit": unit,
            "kind_label": UnitKind(unit.kind).label,
            "parents": parents,
            "children": children,
            "steps": [
                {"step": step, "event": dict(SuccessionEvent.choices).get(step.event, step.event)}
                for step in steps
            ],
            "visible": visible,
        },
    )


@require_permission(roles.AUDIT_VIEW)
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    since: dt.date | None = None
    until: dt.date | None = None
    actor = None
    unit_id = None
    if form.is_valid():
        data = form.cleaned_data
        since, until, actor = data["since"], data["until"], data["user"] or None
        unit_id = data["unit"]
    entries = scope_filter(
        audit_entry_list(unit_id=unit_id, actor=actor, since=since, until=until),
        user=request.user,
        permission=roles.AUDIT_VIEW,
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = describe(page.object_list)
    template = "web/audit_rows.html" if request.headers.get("HX-Request") else "web/audit.html"
    return render(request, template, {"form": form, "page": page})
