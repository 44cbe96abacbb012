"""Indicator values: read with filters; write through the import engine (a file, or DHIS2
``dataValueSets`` JSON), and DHIS2 ``dataValueSets`` out."""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal

from django.http import FileResponse, HttpRequest
from ninja import Field, File, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import AfterValidator, BeforeValidator, ConfigDict

from tongket.accounts import roles
from tongket.accounts.scope import scope_filter
from tongket.api.auth import permission_require
from tongket.api.common import Code, Id, Page, Paging, PeriodText, Text, page
from tongket.api.idempotency import idempotent
from tongket.api.imports import bytes_import, units_outside_scope
from tongket.core.numbers import format_number, value_limit
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError
from tongket.reporting.models import Value, ValueSource
from tongket.transfer.dhis2_export import Dhis2ExportSpec, dhis2_export_write
from tongket.transfer.dhis2_import import data_value_set_import
from tongket.transfer.dhis2_summary import options_read
from tongket.transfer.export import ExportError
from tongket.transfer.services import FileResult

router = Router(tags=["values"])


def _within_limit(number: float) -> float:
    limit = value_limit()
    if abs(number) > limit:
        raise ValueError(
            f"{number:g} vượt giới hạn ±{format_number(limit)} của mọi giá trị "
            f"(TONGKET_VALUE_LIMIT) / is beyond the limit on every value"
        )
    return number


# A number in a request: finite, and within the limit on every stored value.
Finite = Annotated[float, Field(allow_inf_nan=False), AfterValidator(_within_limit)]


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

Strategy = Literal[
    "CREATE", "UPDATE", "CREATE_AND_UPDATE", "DELETE", "NEW", "UPDATES", "NEW_AND_UPDATES"
]
IdScheme = Annotated[
    Literal["UID", "CODE"], BeforeValidator(lambda v: v.upper() if isinstance(v, str) else v)
]


class DataValueIn(Schema):
    model_config = ConfigDict(extra="allow")

    dataElement: Text = Field(max_length=64, description="UID hoặc mã chỉ tiêu / UID or code")
    period: Text | None = Field(None, max_length=16, description="2017, 2017Q1, 201701 ...")
    orgUnit: Text | None = Field(None, max_length=64, description="UID hoặc mã đơn vị")
    categoryOptionCombo: Text | None = Field(None, max_length=64, description="default only")
    attributeOptionCombo: Text | None = Field(None, max_length=64, description="default only")
    value: Text | Finite | None = None
    comment: Text | None = Field(None, max_length=500)
    followup: bool | None = None
    deleted: bool | None = None
    storedBy: Text | None = Field(None, max_length=255)
    created: Text | None = Field(None, max_length=64)
    lastUpdated: Text | None = Field(None, max_length=64)


class DataValueSetIn(Schema):
    model_config = ConfigDict(extra="allow")

    dataSet: Text | None = Field(None, max_length=64, description="Mã hoặc UID biểu mẫu")
    completeDate: Text | None = Field(None, max_length=32, description="2026-02-05 or true")
    period: Text | None = Field(None, max_length=16)
    orgUnit: Text | None = Field(None, max_length=64)
    attributeOptionCombo: Text | None = Field(None, max_length=64)
    dryRun: bool | None = None
    strategy: Strategy | None = None
    idScheme: IdScheme | None = None
    dataElementIdScheme: IdScheme | None = None
    orgUnitIdScheme: IdScheme | None = None
    dataValues: list[DataValueIn] = Field(default_factory=list)


class ImportCount(Schema):
    imported: int
    updated: int
    ignored: int
    deleted: int


class ImportConflict(Schema):
    object: str
    objects: dict[str, str]
    value: str = Field(description="Lý do / the reason")
    errorCode: str = Field(description="DHIS2's code: E7610, E7612 ...")
    property: str
    indexes: list[int] = Field(default_factory=list, description="dataValues[i]")


class ImportSummaryOut(Schema):
    responseType: Literal["ImportSummary"]
    status: Literal["SUCCESS", "WARNING", "ERROR"]
    importOptions: dict[str, Any]
    description: str
    importCount: ImportCount
    conflicts: list[ImportConflict]
    rejectedIndexes: list[int]
    dataSetComplete: str


class Dhis2Message(Schema):
    httpStatus: Literal["OK", "Conflict"]
    httpStatusCode: int
    status: Literal["OK", "WARNING", "ERROR"]
    message: str
    response: ImportSummaryOut


class Dhis2ImportQuery(Schema):
    dryRun: bool | None = Field(None, description="Chỉ kiểm tra, không lưu / check only")
    importStrategy: Strategy | None = Field(None, description="CREATE_AND_UPDATE by default")
    idScheme: IdScheme | None = None
    dataElementIdScheme: IdScheme | None = None
    orgUnitIdScheme: IdScheme | None = None
    atomicMode: Literal["ALL", "NONE"] | None = Field(
        None, description="ALL: tất cả hoặc không gì cả / all or nothing (NONE: DHIS2's default)"
    )


def _dhis2_import(request: HttpRequest, query: Dhis2ImportQuery) -> Status:
    permission_require(request, roles.VALUES_IMPORT)
    try:
        payload = json.loads(request.body)
    except ValueError:
        raise ExportError("thân yêu cầu không phải JSON / the body is not JSON") from None
    options = options_read(query.dict(exclude_none=True), payload)
    user = request.user
    summary = data_value_set_import(
        payload=payload,
        options=options,
        actor=user.get_username(),
        outside=lambda pairs: units_outside_scope(user, pairs),
        submitter=user,
    )
    message = summary.as_message()
    return Status(message["httpStatusCode"], message)


_IMPORT_DOC = """DHIS2 2.40's import: ``importStrategy`` (``strategy`` in the body), ``dryRun``
(query or body), ``idScheme``/``dataElementIdScheme``/``orgUnitIdScheme`` (UID or CODE;
without one a UID-shaped reference is tried as a UID, then as a code), ``deleted``,
``followup``, ``dataSet`` (a form's code or UID) with ``completeDate`` (the form's report
of the set's unit and period is sent, if its rules allow). Each value that cannot be imported
is a conflict naming ``dataValues[i]`` and the others are stored (409 with status WARNING);
``atomicMode=ALL`` stores nothing when there is a conflict. The answer is DHIS2's
ImportSummary."""


@router.post(
    "/dataValueSets",
    response={200: Dhis2Message, 409: Dhis2Message},
    url_name="data_value_sets_import",
    summary="Nhận dataValueSets của DHIS2 / import DHIS2 dataValueSets",
    description=_IMPORT_DOC,
)
@decorate_view(idempotent)
def data_value_sets_import(
    request: HttpRequest, query: Query[Dhis2ImportQuery], body: DataValueSetIn
):
    return _dhis2_import(request, query)


@router.post(
    "/dataValueSets.json",
    response={200: Dhis2Message, 409: Dhis2Message},
    url_name="data_value_sets_import_json",
    summary="Nhận dataValueSets của DHIS2 (địa chỉ .json) / import DHIS2 dataValueSets",
    description=_IMPORT_DOC,
)
@decorate_view(idempotent)
def data_value_sets_import_json(
    request: HttpRequest, query: Query[Dhis2ImportQuery], body: DataValueSetIn
):
    return _dhis2_import(request, query)


class Dhis2ExportQuery(Schema):
    dataSet: list[Code] = Field(default_factory=list, description="Mã/UID biểu mẫu (lặp lại)")
    period: list[Annotated[Text, Field(max_length=16)]] = Field(
        default_factory=list, description="Kỳ đúng như ghi (lặp lại): 2025, 2025Q1, 202501"
    )
    startDate: dt.date | None = Field(None, description="Mọi kỳ nằm trong / periods inside")
    endDate: dt.date | None = None
    orgUnit: list[Code] = Field(default_factory=list, description="Mã/UID đơn vị (lặp lại)")
    children: bool = Field(False, description="Gồm đơn vị cấp dưới / the units below too")
    dataElement: list[Code] = Field(default_factory=list, description="Mã/UID chỉ tiêu")
    idScheme: IdScheme = Field("CODE", description="CODE (mặc định) hoặc UID")


class Dhis2ValueOut(Schema):
    dataElement: str
    period: str
    orgUnit: str
    value: str
    followup: bool
    comment: str | None = None


class DataValueSetOut(Schema):
    idScheme: Literal["UID", "CODE"]
    dataSet: str | None = None
    dataValues: list[Dhis2ValueOut]


class _TempFileResponse(FileResponse):
    """A response streaming a temporary file, which is deleted once sent."""

    def __init__(self, path: Path, **kwargs: Any) -> None:
        self._path = path
        super().__init__(open(path, "rb"), **kwargs)  # noqa: SIM115 - closed by Django

    def close(self) -> None:
        super().close()
        self._path.unlink(missing_ok=True)


def _dhis2_export(request: HttpRequest, query: Dhis2ExportQuery):
    permission_require(request, roles.VALUES_EXPORT)
    spec = Dhis2ExportSpec(
        data_sets=query.dataSet,
        periods=query.period,
        start=query.startDate,
        end=query.endDate,
        units=query.orgUnit,
        children=query.children,
        elements=query.dataElement,
        id_scheme=query.idScheme,
    )
    handle, name = tempfile.mkstemp(prefix="tongket-dhis2-", suffix=".json")
    os.close(handle)
    path = Path(name)
    try:
        dhis2_export_write(spec, path, within=visible_values(request.user))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return _TempFileResponse(path, content_type="application/json")


_EXPORT_DOC = """The values the user may see, in the shape DHIS2 imports (months as ``201701``),
with DHIS2's filters: ``dataSet``, ``period`` (exact), ``startDate``/``endDate``, ``orgUnit``
and ``children``, ``dataElement``; ``idScheme`` CODE (said in the document) or UID."""


@router.get(
    "/dataValueSets",
    response=DataValueSetOut,
    url_name="data_value_sets",
    summary="Xuất dataValueSets của DHIS2 / export DHIS2 dataValueSets",
    description=_EXPORT_DOC,
)
def data_value_sets_export(request: HttpRequest, query: Query[Dhis2ExportQuery]):
    return _dhis2_export(request, query)


@router.get(
    "/dataValueSets.json",
    response=DataValueSetOut,
    url_name="data_value_sets_json",
    summary="Xuất dataValueSets của DHIS2 (địa chỉ .json) / export DHIS2 dataValueSets",
    description=_EXPORT_DOC,
)
def data_value_sets_export_json(request: HttpRequest, query: Query[Dhis2ExportQuery]):
    return _dhis2_export(request, query)
