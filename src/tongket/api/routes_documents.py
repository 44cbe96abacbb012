"""Source documents: the published reports read into the system, and what was read from each.

A document is reached through the meeting it was read into (its organizer and province, on
the meeting's day); one read into no meeting is for the country-wide roles only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from tongket.accounts import roles
from tongket.accounts.access import access_object
from tongket.accounts.scope import scope_filter_any
from tongket.api.auth import permission_require
from tongket.api.common import Id, Page, Paging, Text, page
from tongket.documents.models import SourceDocument
from tongket.documents.selectors import document_items, document_list, document_rows
from tongket.units.models import Unit

router = Router(tags=["documents"])

DOCUMENT_PLACES = (("meeting__organizer", "meeting__date"), ("meeting__province", "meeting__date"))


def _document_units(document: SourceDocument) -> list[tuple[Unit, dt.date | None]]:
    meeting = document.meeting
    if meeting is None:
        return []
    places: list[tuple[Unit, dt.date | None]] = [(meeting.organizer, meeting.date)]
    if meeting.province_id is not None:
        places.append((meeting.province, meeting.date))
    return places


class DocumentOut(Schema):
    id: int
    title: str
    site: str | None
    url: str | None
    published: str | None
    source_name: str | None
    provenance: str
    ingested_by: str
    ingested_at: dt.datetime
    meeting_id: int | None
    meeting_date: dt.date | None
    organizer: str | None
    values: int | None
    conflicts: int | None
    notes: int
    extractor_version: str
    corrected: bool


class DocumentDetail(DocumentOut):
    clean_text: str
    record: dict[str, Any]
    items: dict[str, list[dict[str, Any]]]


class DocumentFilter(Paging):
    site: Text | None = Field(None, max_length=255)
    search: Text | None = Field(None, max_length=200, description="Tiêu đề hoặc tên tệp")


@router.get(
    "/documents",
    response=Page[DocumentOut],
    url_name="documents",
    summary="Văn bản nguồn đã nhập / source documents read in",
)
def documents_list(request: HttpRequest, filters: Query[DocumentFilter]):
    permission_require(request, roles.MEETING_VIEW)
    qs = scope_filter_any(
        document_list(site=filters.site, search=filters.search),
        user=request.user,
        permission=roles.MEETING_VIEW,
        places=DOCUMENT_PLACES,
    )
    return page(request, qs, filters, rows=document_rows)


@router.get(
    "/documents/{document_id}",
    response=DocumentDetail,
    url_name="document",
    summary="Một văn bản nguồn, với văn bản đã làm sạch và các mục đã đọc / one document",
)
def document_detail(request: HttpRequest, document_id: Id):
    permission_require(request, roles.MEETING_VIEW)
    document = access_object(
        user=request.user,
        queryset=SourceDocument.objects.select_related(
            "meeting", "meeting__organizer", "meeting__province"
        ),
        pk=document_id,
        permission=roles.MEETING_VIEW,
        units_of=_document_units,
        object_type="document",
    )
    (row,) = document_rows(document_list().filter(pk=document.pk))
    return {
        **row,
        "clean_text": document.clean_text,
        "record": document.record if isinstance(document.record, dict) else {},
        "items": document_items(document=document),
    }
