"""Indicator values: read with filters; write through the import engine (a file, or DHIS2
``dataValueSets`` JSON), and DHIS2 ``dataValueSets`` out."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

from django.http import FileResponse, HttpRequest
from ninja import Field, File, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from pydantic import ConfigDict

from tongket.accounts import roles
from tongket.accounts.scope import scope_filter
from tongket.api.auth import permission_require
from tongket.api.common import Code, Id, Page, Paging, PeriodText, Text, page
from tongket.api.idempotency import idempotent
from tongket.api.imports import bytes_import
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.reporting.models import Value, ValueSource
from tongket.transfer.dhis2 import period_from_dhis2
from tongket.transfer.export import ExportError, values_export
from tongket.transfer.services import FileResult

router = Router(tags=["values"])

Finite = Annotated[float, Field(allow_inf_nan=False)]


class ValueOut(Schema):
    id: int
    unit_id: int
    unit: str
    unit_name: str
    indicator: str
    period: str
    value: float
    comment: str
    source: ValueSource
    source_ref: str
    submission_id: int | None
    flagged: bool
    updated_at: dt.datetime


class ValueFilter(Paging):
    unit: Id | None = Field(None, description="Đơn vị (id) / unit id")
    unit_code: Code | None = Field(None, description="Mã đơn vị / unit code")
    indicator: Code | None = None
    period: PeriodText | None = None
    source: ValueSource | None = None
    submission: Id | None = None


def visible_values(user, permission: str = roles.VALUES_EXPORT):
    return scope_filter(
        Value.objects.all(),
        user=user,
        permission=permission,
        unit_field="unit",
        date_field="period__end",
    )


@router.get("/values", response=Page[ValueOut], url_name="values", summary="Số liệu / values")
def values_list(request: HttpRequest, filters: Query[ValueFilter]):
    permission_require(request, roles.VALUES_EXPORT)
    qs = visible_values(request.user)
    if filters.unit:
        qs = qs.filter(unit_id=filters.unit)
    if filters.unit_code:
        qs = qs.filter(unit__code=filters.unit_code)
    if filters.indicator:
        qs = qs.filter(indicator__code=filters.indicator)
    if filters.period:
        try:
            qs = qs.filter(period__code=PeriodCode.parse(filters.period).code)
        except PeriodError as exc:
            raise ExportError(str(exc)) from None
    if filters.source:
        qs = qs.filter(source=filters.source)
    if filters.submission:
        qs = qs.filter(submission_id=filters.submission)
    rows = qs.order_by("period__start", "unit__code", "indicator__sort_order", "pk").values(
        "id",
        "unit_id",
        "unit__code",
        "unit__name",
        "indicator__code",
        "period__code",
        "value",
        "comment",
        "source",
        "source_ref",
        "submission_id",
        "flagged",
        "updated_at",
    )
    return page(
        request,
        rows,
        filters,
        lambda r: {
            **r,
            "unit": r["unit__code"],
            "unit_name": r["unit__name"],
            "indicator": r["indicator__code"],
            "period": r["period__code"],
        },
    )


# ----------------------------------------------------------------------------- imports


class FileResultOut(Schema):
    file: str
    format: str
    sha256: str
    rows: int
    created: int
    changed: int
    unchanged: int
    stored: bool
    already_imported: bool
    vietnamese_numbers: bool


class ImportOut(Schema):
    dry_run: bool
    files: list[FileResultOut]


def _results(results: list[FileResult], dry_run: bool) -> dict:
    return {"dry_run": dry_run, "files": [r.as_dict() for r in results]}


class ImportQuery(Schema):
    dry_run: bool = Field(False, description="Chỉ kiểm tra, không lưu / check only")


@router.post(
    "/values/import",
    response=ImportOut,
    url_name="values_import",
    summary="Nhập tệp số liệu (CSV, XLSX, DHIS2 JSON) / import a file of values",
)
@decorate_view(idempotent)
def values_import(request: HttpRequest, query: Query[ImportQuery], file: File[UploadedFile]):
    """The file is checked whole first; any problem stores nothing (422, every problem listed
    with file, row, column and reason). Importing the same file again changes nothing."""
    permission_require(request, roles.VALUES_IMPORT)
    results = bytes_import(
        user=request.user,
        content=None,
        upload=file,
        name=file.name or "upload",
        dry_run=query.dry_run,
    )
    return _results(results, query.dry_run)


# ----------------------------------------------------------------------------- DHIS2


class DataValueIn(Schema):
    model_config = ConfigDict(extra="allow")

    dataElement: Text = Field(max_length=64)
    period: Text | None = Field(None, max_length=16)
    orgUnit: Text | None = Field(None, max_length=64)
    value: Text | Finite | None = None
    comment: Text | None = Field(None, max_length=500)


class DataValueSetIn(Schema):
    model_config = ConfigDict(extra="allow")

    dataSet: Text | None = Field(None, max_length=64)
    period: Text | None = Field(None, max_length=16)
    orgUnit: Text | None = Field(None, max_length=64)
    dataValues: list[DataValueIn] = Field(min_length=1)


class ImportCount(Schema):
    imported: int
    updated: int
    ignored: int
    deleted: int


class DataValueSetSummary(Schema):
    status: str = Field(description="SUCCESS")
    description: str
    dryRun: bool
    alreadyImported: bool
    importCount: ImportCount


class Dhis2ImportQuery(Schema):
    dryRun: bool = Field(False, description="Chỉ kiểm tra, không lưu / check only")


@router.post(
    "/dataValueSets",
    response=DataValueSetSummary,
    url_name="data_value_sets_import",
    summary="Nhận dataValueSets của DHIS2 / import DHIS2 dataValueSets",
)
@decorate_view(idempotent)
def data_value_sets_import(
    request: HttpRequest, query: Query[Dhis2ImportQuery], body: DataValueSetIn
):
    """Months are ``201701`` as in DHIS2 (``2017``, ``2017Q1``, ``2017S1`` too); ``orgUnit``
    is the unit's official code; ``dataElement`` the indicator code. All or nothing: a
    problem anywhere stores nothing (422, each problem named by ``dataValues[i]``)."""
    permission_require(request, roles.VALUES_IMPORT)
    (result,) = bytes_import(
        user=request.user,
        content=request.body,
        name="dataValueSets.json",
        dry_run=query.dryRun,
    )
    return {
        "status": "SUCCESS",
        "description": (
            "Kiểm tra xong, không lưu / checked, nothing stored"
            if query.dryRun
            else "Đã nhập / imported"
        ),
        "dryRun": query.dryRun,
        "alreadyImported": result.already_imported,
        "importCount": {
            "imported": result.created,
            "updated": result.changed,
            "ignored": result.unchanged,
            "deleted": 0,
        },
    }


class Dhis2ExportQuery(Schema):
    orgUnit: Code | None = Field(None, description="Mã đơn vị (gồm cả đơn vị cấp dưới)")
    dataElement: list[Code] = Field(default_factory=list, description="Mã chỉ tiêu")
    period: Text | None = Field(None, max_length=16, description="201701, 2017Q1, 2017 ...")
    dataSet: Code | None = Field(None, description="Mã biểu mẫu / form code")


class Dhis2ValueOut(Schema):
    dataElement: str
    period: str
    orgUnit: str
    value: str
    comment: str | None = None


class DataValueSetOut(Schema):
    dataSet: str
    dataValues: list[Dhis2ValueOut]


class _TempFileResponse(FileResponse):
    """A response streaming a temporary file, which is deleted once sent."""

    def __init__(self, path: Path, **kwargs: Any) -> None:
        self._path = path
        super().__init__(open(path, "rb"), **kwargs)  # noqa: SIM115 - closed by Django

    def close(self) -> None:
        super().close()
        self._path.unlink(missing_ok=True)


@router.get(
    "/dataValueSets",
    response=DataValueSetOut,
    url_name="data_value_sets",
    summary="Xuất dataValueSets của DHIS2 / export DHIS2 dataValueSets",
)
def data_value_sets_export(request: HttpRequest, query: Query[Dhis2ExportQuery]):
    """The values the user may see, in the shape DHIS2 imports (months as ``201701``)."""
    permission_require(request, roles.VALUES_EXPORT)
    period = None
    if query.period:
        try:
            period = period_from_dhis2(query.period)
        except ValueError as exc:
            raise ExportError(str(exc)) from None
    handle, name = tempfile.mkstemp(prefix="tongket-dhis2-", suffix=".json")
    os.close(handle)
    path = Path(name)
    try:
        values_export(
            fmt="dhis2-json",
            out=path,
            unit=query.orgUnit,
            indicators=query.dataElement,
            period=period,
            form=query.dataSet,
            within=visible_values(request.user),
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return _TempFileResponse(path, content_type="application/json")
