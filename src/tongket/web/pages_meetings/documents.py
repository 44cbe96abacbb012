"""Importing published reports: paste a text or upload files, see the extracted record beside
the text, correct it, confirm to store, then see the meeting.

A document read but not yet stored waits in the user's session (the text, or the file's
bytes, which identify it), so correcting the record never sends the text back over a slow
line; confirming stores it through ``tongket.documents.services.document_ingest``.
"""

from __future__ import annotations

import base64
import secrets

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tongket.accounts import roles
from tongket.accounts.access import access_object
from tongket.accounts.decorators import require_permission
from tongket.accounts.scope import scope_filter_any, user_can
from tongket.documents.errors import DocumentError
from tongket.documents.models import FigureReview, Provenance, SourceDocument, ValueOutcome
from tongket.documents.pdf import signature_lines
from tongket.documents.records import record_check
from tongket.documents.selectors import (
    document_items,
    document_list,
    document_rows,
    figure_reviews_pending,
)
from tongket.documents.services import document_ingest, document_preview, figure_review_decide
from tongket.extraction.decoding import decode_bytes
from tongket.extraction.errors import ExtractionError
from tongket.meetings.models import AwardForm, MeetingKind
from tongket.web.pages_meetings.common import PAGE_SIZE
from tongket.web.pages_meetings.forms_documents import (
    ROW_SETS,
    ImportForm,
    RecordForm,
    record_error_place,
    record_from_forms,
    row_initial,
)
from tongket.web.pages_meetings.segments import text_segments
from tongket.web.pages_reporting.charts import indicator_name
from tongket.web.pages_reporting.labels import in_language

SESSION_KEY = "tongket_documents_pending"
PENDING_MAX = 10
# A stored document is reached through its meeting, as the meeting itself is.
DOCUMENT_PLACES = (("meeting__organizer", "meeting__date"), ("meeting__province", "meeting__date"))


def _error_text(error: DocumentError | ExtractionError) -> str:
    return error.en if (get_language() or "").startswith("en") else error.vi


def _pending_all(request: HttpRequest) -> dict[str, dict]:
    return request.session.get(SESSION_KEY, {})


def _pending_save(request: HttpRequest, token: str, entry: dict) -> None:
    pending = _pending_all(request)
    pending[token] = entry
    # The oldest documents left unconfirmed make room for new ones.
    for old in sorted(pending, key=lambda t: pending[t]["added"])[:-PENDING_MAX]:
        del pending[old]
    request.session[SESSION_KEY] = pending


def _pending_get(request: HttpRequest, token: str) -> dict:
    entry = _pending_all(request).get(token)
    if entry is None:
        raise Http404("Không có văn bản đang chờ / No such document waiting")
    return entry


def _pending_drop(request: HttpRequest, token: str) -> None:
    pending = _pending_all(request)
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending


def _source(entry: dict) -> dict:
    """The document as the services take it."""
    data = base64.b64decode(entry["data"]) if entry.get("data") else None
    return {
        "text": entry.get("text"),
        "html": entry.get("html"),
        "url": entry.get("url") or None,
        "data": data,
    }


def _entry(*, text=None, html=None, url="", name="", data: bytes | None = None) -> dict:
    return {
        "text": text,
        "html": html,
        "url": url,
        "name": name,
        "data": base64.b64encode(data).decode("ascii") if data is not None else "",
        "provenance": Provenance.FILE if data is not None else Provenance.PASTED,
        "record": None,
        "added": timezone.now().isoformat(),
    }


def _read_upload(upload) -> dict:
    data = upload.read()
    decoded = decode_bytes(data, name=upload.name)
    html = upload.name.lower().endswith((".html", ".htm"))
    return _entry(
        text=None if html else decoded,
        html=decoded if html else None,
        name=upload.name,
        data=data,
    )


@require_permission(roles.DOCUMENT_IMPORT)
def document_import_view(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        entries, failed = [], []
        text = (form.cleaned_data["text"] or "").strip()
        if text:
            entries.append(_entry(text=text, url=form.cleaned_data["url"]))
        for upload in form.cleaned_data["files"]:
            try:
                entries.append(_read_upload(upload))
            except ExtractionError as error:
                failed.append(_error_text(error))
        tokens = []
        for entry in entries:
            try:
                document_preview(**_source(entry))
            except DocumentError as error:
                where = entry["name"] or _("Nội dung đã dán")
                failed.append(f"{where}: {_error_text(error)}")
                continue
            token = secrets.token_urlsafe(12)
            _pending_save(request, token, entry)
            tokens.append(token)
        for text in failed:
            form.add_error(None, text)
        if tokens and not failed and len(tokens) == 1:
            return redirect("document_review", token=tokens[0])
        if tokens:
            messages.success(
                request,
                _("Đã đọc %(n)s văn bản: xem và xác nhận từng văn bản bên dưới.")
                % {"n": len(tokens)},
            )
            if not failed:
                return redirect("documents")
    stored = scope_filter_any(
        document_list(),
        user=request.user,
        permission=roles.DOCUMENT_IMPORT,
        places=DOCUMENT_PLACES,
    )
    page = Paginator(stored, PAGE_SIZE).get_page(request.GET.get("page"))
    pending = [
        {"token": token, "name": e["name"] or _("Nội dung đã dán"), "added": e["added"]}
        for token, e in sorted(_pending_all(request).items(), key=lambda kv: kv[1]["added"])
    ]
    return render(
        request,
        "web/meetings/document_import.html",
        {"form": form, "page": page, "rows": document_rows(page.object_list), "pending": pending},
    )


def _review(
    request: HttpRequest,
    token: str,
    entry: dict,
    *,
    form: RecordForm | None = None,
    rows=None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    preview = document_preview(**_source(entry), record=entry.get("record"))
    plan = preview.plan
    problem = error or preview.error
    if plan is not None and not user_can(
        request.user, roles.DOCUMENT_IMPORT, plan.organizer, on=plan.date
    ):
        problem = problem or _(
            "Cuộc họp của «%(unit)s» không thuộc phạm vi của bạn: không lưu được."
        ) % {"unit": plan.organizer.name}
    record = preview.record or preview.extracted_record
    if form is None:
        form = RecordForm(initial=RecordForm.initial_of(record))
        initial = row_initial(record)
        rows = {}
        for name, formset in ROW_SETS:
            rows[name] = formset(prefix=name, initial=initial[name])
            rows[name].extra = len(initial[name]) + 1
    spans = []
    if plan is not None:
        spans = [("person", p.span) for p in plan.people]
        spans += [("figure", f.span) for f in plan.figures]
        spans += [("task", t.span) for t in plan.tasks]
        spans += [("commendation", c.span) for c in plan.commendations]
    return render(
        request,
        "web/meetings/document_review.html",
        {
            "token": token,
            "entry": entry,
            "preview": preview,
            "plan": plan.as_json() if plan else None,
            "counts": preview.counts(),
            "segments": text_segments(preview.clean_text, spans),
            "form": form,
            "rows": rows,
            "problem": problem,
            "can_store": plan is not None and not problem and preview.duplicate_of is None,
            "kind_labels": dict(MeetingKind.choices),
            "award_forms": list(AwardForm.objects.order_by("rank").values_list("name", flat=True)),
        },
        status=status,
    )


@require_permission(roles.DOCUMENT_IMPORT)
def document_review_view(request: HttpRequest, token: str) -> HttpResponse:
    entry = _pending_get(request, token)
    if request.method != "POST":
        return _review(request, token, entry)
    if "discard" in request.POST:
        _pending_drop(request, token)
        messages.info(request, _("Đã bỏ văn bản, không lưu gì."))
        return redirect("documents")
    form = RecordForm(request.POST)
    rows = {name: formset(request.POST, prefix=name) for name, formset in ROW_SETS}
    valid = form.is_valid() & all(r.is_valid() for r in rows.values())
    if not valid:
        return _review(request, token, entry, form=form, rows=rows)
    base = document_preview(**_source(entry)).extracted_record
    record = record_from_forms(base, form, rows)
    try:
        record = record_check(record)
    except DocumentError as error:
        text = _error_text(error)
        placed = record_error_place(error, form, rows, text)
        return _review(request, token, entry, form=form, rows=rows, error="" if placed else text)
    entry["record"] = record
    _pending_save(request, token, entry)
    if "confirm" not in request.POST:
        return redirect("document_review", token=token)
    return _confirm(request, token, entry, form, rows)


def _confirm(request: HttpRequest, token: str, entry: dict, form, rows) -> HttpResponse:
    preview = document_preview(**_source(entry), record=entry["record"])
    plan = preview.plan
    if plan is None or preview.error:
        return _review(request, token, entry, form=form, rows=rows)
    if not user_can(request.user, roles.DOCUMENT_IMPORT, plan.organizer, on=plan.date):
        return _review(request, token, entry, form=form, rows=rows, status=403)
    try:
        result = document_ingest(
            **_source(entry),
            record=entry["record"],
            source_name=entry.get("name") or "",
            provenance=entry["provenance"],
            actor=request.user,
        )
    except DocumentError as error:
        text = _error_text(error)
        placed = record_error_place(error, form, rows, text)
        return _review(request, token, entry, form=form, rows=rows, error="" if placed else text)
    _pending_drop(request, token)
    if result.created:
        counts = result.counts
        messages.success(
            request,
            _(
                "Đã lưu văn bản: %(people)s người dự, %(figures)s số liệu (%(values)s giá trị "
                "chỉ tiêu), %(tasks)s nhiệm vụ, %(commendations)s khen thưởng."
            )
            % {
                "people": counts["participants"],
                "figures": counts["figures"],
                "values": counts["values"],
                "tasks": counts["tasks"],
                "commendations": counts["commendations"],
            },
        )
        for note in result.notes:
            messages.warning(request, note)
    else:
        messages.info(request, _("Văn bản này đã được lưu trước đây; không lưu lại."))
    if result.meeting is None:
        return redirect("documents")
    return redirect("meeting", meeting_id=result.meeting.pk)


def _document_units(document: SourceDocument):
    meeting = document.meeting
    if meeting is None:
        return []
    places = [(meeting.organizer, meeting.date)]
    if meeting.province_id is not None:
        places.append((meeting.province, meeting.date))
    return places


@require_permission(roles.MEETING_VIEW)
def document_detail_view(request: HttpRequest, document_id: int) -> HttpResponse:
    """A stored document: its text with the passages items were read from, and those items."""
    document = access_object(
        user=request.user,
        queryset=SourceDocument.objects.select_related("meeting__organizer", "meeting__province"),
        pk=document_id,
        permission=roles.MEETING_VIEW,
        units_of=_document_units,
        object_type="document",
    )
    items = document_items(document=document)
    spans = [("person", p["span"]) for p in items["participants"]]
    spans += [("figure", f["span"]) for f in items["figures"]]
    spans += [("task", t["span"]) for t in items["tasks"]]
    spans += [("commendation", c["span"]) for c in items["commendations"]]
    outcomes = dict(ValueOutcome.choices)
    for value in items["values"]:
        value["outcome_label"] = outcomes.get(value["outcome"], value["outcome"])
    return render(
        request,
        "web/meetings/document_detail.html",
        {
            "document": document,
            "items": items,
            "segments": text_segments(document.clean_text, spans),
            "provenance": dict(Provenance.choices).get(document.provenance, ""),
            "signature_lines": [in_language(line) for line in signature_lines(document.signature)],
        },
    )


REVIEW_PLACES = (
    ("document__meeting__organizer", "document__meeting__date"),
    ("document__meeting__province", "document__meeting__date"),
)


@require_permission(roles.DOCUMENT_IMPORT)
def figure_review_list_view(request: HttpRequest) -> HttpResponse:
    """Figures that may be indicator values, each accepted or rejected in one click."""
    pending = scope_filter_any(
        figure_reviews_pending(),
        user=request.user,
        permission=roles.DOCUMENT_IMPORT,
        places=REVIEW_PLACES,
    )
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/meetings/figure_reviews.html", {"page": page})


@require_permission(roles.DOCUMENT_IMPORT)
def figure_review_decide_view(request: HttpRequest, review_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("figure_reviews")
    review = access_object(
        user=request.user,
        queryset=FigureReview.objects.select_related("document__meeting"),
        pk=review_id,
        permission=roles.DOCUMENT_IMPORT,
        units_of=lambda r: _document_units(r.document),
        object_type="figure_review",
    )
    accept = request.POST.get("decision") == "accept"
    try:
        figure_review_decide(
            review_id=review.pk, accept=accept, actor=request.user.get_username(), user=request.user
        )
    except DocumentError as error:
        messages.error(request, _error_text(error))
        return redirect("figure_reviews")
    if accept:
        messages.success(
            request,
            _("Đã nhận «%(text)s» làm giá trị %(indicator)s kỳ %(period)s.")
            % {
                "text": review.text,
                "indicator": indicator_name(review.indicator),
                "period": review.period,
            },
        )
    else:
        messages.success(request, _("Đã bỏ «%(text)s».") % {"text": review.text})
    return redirect("figure_reviews")
