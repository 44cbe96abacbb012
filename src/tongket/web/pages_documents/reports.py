"""The year-end review report on the web: pick a unit and a year, write its parts section by
section (each change kept with who made it), and ask for its files."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.accounts import roles
from tongket.accounts.access import access_unit
from tongket.accounts.decorators import require_permission
from tongket.accounts.scope import scope_filter
from tongket.core.audit import audit_entry_list
from tongket.papers.content import SECTION_KEYS
from tongket.papers.errors import PapersError
from tongket.papers.jobs import report_job_request
from tongket.papers.selectors import report_draft_get
from tongket.papers.services import report_text_set
from tongket.units.models import Unit, UnitKind
from tongket.web.pages_documents.common import in_page_language
from tongket.web.pages_documents.forms import (
    SECTION_HINTS,
    SECTION_LABELS,
    SHORT_SECTIONS,
    FileForm,
    ReportPickForm,
    SectionForm,
)

HISTORY_SHOWN = 20


def _year_default() -> int:
    # The review of a year is written from its last quarter into the first weeks of the next.
    today = timezone.localdate()
    return today.year if today.month >= 10 else today.year - 1


def _report_units(user):
    units = Unit.objects.filter(kind=UnitKind.DEPARTMENT)
    return scope_filter(units, user=user, permission=roles.REPORT_WRITE, unit_field="pk").order_by(
        "name", "-valid_from"
    )


@require_permission(roles.REPORT_WRITE)
def report_pick_view(request: HttpRequest) -> HttpResponse:
    units = list(_report_units(request.user))
    today = timezone.localdate()
    current = [u for u in units if u.is_valid_on(today)]
    form = ReportPickForm(request.GET or None, units=units)
    if request.GET and form.is_valid():
        return redirect(
            "report_draft", unit_id=form.cleaned_data["unit"], year=form.cleaned_data["year"]
        )
    if not request.GET:
        first = current[0].pk if current else (units[0].pk if units else None)
        form = ReportPickForm(initial={"unit": first, "year": _year_default()}, units=units)
    return render(request, "web/papers/report_pick.html", {"form": form})


def _history(draft) -> dict[str, list[dict]]:
    """The last changes of each part: who, when, what it said before."""
    found: dict[str, list[dict]] = {key: [] for key in SECTION_KEYS}
    if draft is None:
        return found
    entries = audit_entry_list(object_type="report_draft", object_id=str(draft.pk))
    for entry in entries[: HISTORY_SHOWN * 3]:
        for key, text in (entry.new or {}).items():
            if key in found and len(found[key]) < HISTORY_SHOWN:
                old = (entry.old or {}).get(key, "")
                found[key].append({"at": entry.at, "actor": entry.actor, "old": old, "new": text})
    return found


def _sections(draft, forms_by_key: dict) -> list[dict]:
    history = _history(draft)
    return [
        {
            "key": key,
            "label": SECTION_LABELS[key],
            "hint": SECTION_HINTS.get(key, ""),
            "short": key in SHORT_SECTIONS,
            "form": forms_by_key.get(key)
            or SectionForm(initial={"section": key, "text": getattr(draft, key) if draft else ""}),
            "written": bool(getattr(draft, key)) if draft else False,
            "history": history[key],
        }
        for key in SECTION_KEYS
    ]


def _page(request, unit, year, *, forms_by_key=None, status=200) -> HttpResponse:
    draft = report_draft_get(unit=unit, year=year)
    return render(
        request,
        "web/papers/report_draft.html",
        {
            "unit": unit,
            "year": year,
            "draft": draft,
            "sections": _sections(draft, forms_by_key or {}),
            "formats": ("docx", "pdf", "xlsx"),
        },
        status=status,
    )


@require_permission(roles.REPORT_WRITE)
def report_draft_view(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    unit = access_unit(user=request.user, unit_id=unit_id, permission=roles.REPORT_WRITE)
    if request.method != "POST":
        return _page(request, unit, year)
    form = SectionForm(request.POST)
    if not form.is_valid():
        key = request.POST.get("section", "")
        return _page(request, unit, year, forms_by_key={key: form}, status=400)
    key = form.cleaned_data["section"]
    try:
        report_text_set(
            unit=unit,
            year=year,
            section=key,
            text=form.cleaned_data["text"],
            actor=request.user.get_username(),
        )
    except PapersError as error:
        form.add_error("text", in_page_language(error.vi, error.en))
        return _page(request, unit, year, forms_by_key={key: form}, status=400)
    messages.success(request, _("Đã lưu phần «%(part)s».") % {"part": SECTION_LABELS[key]})
    return redirect(reverse("report_draft", args=[unit.pk, year]) + f"#part-{key}")


@require_POST
@require_permission(roles.REPORT_WRITE)
def report_file_request_view(request: HttpRequest, unit_id: int, year: int) -> HttpResponse:
    unit = access_unit(user=request.user, unit_id=unit_id, permission=roles.REPORT_WRITE)
    form = FileForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Định dạng tệp không hỗ trợ."))
        return redirect("report_draft", unit_id=unit.pk, year=year)
    try:
        job = report_job_request(
            unit=unit,
            year=year,
            fmt=form.cleaned_data["fmt"],
            user=request.user,
            actor=request.user.get_username(),
        )
    except PapersError as error:
        messages.error(request, in_page_language(error.vi, error.en))
        return redirect("report_draft", unit_id=unit.pk, year=year)
    return redirect("document_job", job_id=job.pk)
