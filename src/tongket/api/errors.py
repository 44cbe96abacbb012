"""One JSON shape for every error the API answers with.

    {"error": {"code": "not_found", "message": "<Vietnamese>", "message_en": "<English>",
               "details": [...]}}

Services raise their own errors with messages written «Vietnamese / English»; they are mapped
here to a status and a stable ``code``, and their bilingual text is split in two.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import DatabaseError, DataError, IntegrityError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from tongket.accounts.services import AccountError
from tongket.analytics.hierarchy import AnalyticsError
from tongket.core.busy import BUSY_MESSAGE, database_busy, retry_after_seconds
from tongket.indicators.selectors import FieldNotFound, IndicatorNotFound
from tongket.meetings.errors import MeetingsError
from tongket.papers.errors import PapersError
from tongket.reporting.submissions_errors import (
    SubmissionError,
    SubmissionForbidden,
    SubmissionInvalid,
    SubmissionLocked,
    SubmissionStateError,
)
from tongket.transfer.dhis2_summary import Dhis2OptionError
from tongket.transfer.errors import ImportRejected
from tongket.transfer.export import ExportError
from tongket.units.errors import UnitAmbiguous, UnitDataError, UnitNotFound

logger = logging.getLogger("tongket.api")


class ApiError(Exception):
    """An answer other than success, raised by an endpoint."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        message_en: str,
        details: Iterable[Any] = (),
    ) -> None:
        self.status, self.code = status, code
        self.message, self.message_en = message, message_en
        self.details = list(details)
        super().__init__(f"{message} / {message_en}")


def error_body(code: str, message: str, message_en: str, details: Iterable[Any] = ()) -> dict:
    return {
        "error": {
            "code": code,
            "message": message,
            "message_en": message_en,
            "details": list(details),
        }
    }


def error_response(
    status: int, code: str, message: str, message_en: str, details: Iterable[Any] = ()
) -> JsonResponse:
    return JsonResponse(
        error_body(code, message, message_en, details),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


_QUOTED_PAIR = re.compile(r"«([^«»]*?) / ([^«»]*?)»")


def _split_languages(line: str) -> tuple[str, str] | None:
    """Split at the first « / » outside quotes: «Đã gửi / submitted» is one quoted label."""
    depth = 0
    for index, char in enumerate(line):
        if char == "«":
            depth += 1
        elif char == "»":
            depth = max(0, depth - 1)
        elif depth == 0 and line.startswith(" / ", index):
            return line[:index], line[index + 3 :]
    return None


def bilingual(text: str) -> tuple[str, str, list[dict]]:
    """«Vietnamese / English» → (Vietnamese, English, the further lines as details)."""
    lines = [line.strip(" -") for line in str(text).splitlines() if line.strip()]
    first = lines[0] if lines else ""
    parts = _split_languages(first)
    vi, en = parts if parts else (first, first)
    # A quoted label given in both languages keeps, in each message, its own language.
    vi = _QUOTED_PAIR.sub(r"«\1»", vi)
    en = _QUOTED_PAIR.sub(r"«\2»", en)
    return vi.strip(), en.strip().rstrip(":"), [{"message": line} for line in lines[1:]]


def _from_text(status: int, code: str, error: Exception) -> JsonResponse:
    vi, en, details = bilingual(str(error))
    return error_response(status, code, vi, en, details)


# ----------------------------------------------------------------------------- handlers


def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {
            "loc": [str(part) for part in error.get("loc", ())],
            "message": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in exc.errors
    ]
    return error_response(
        422,
        "invalid_request",
        "Yêu cầu không hợp lệ, xem chi tiết từng trường",
        "The request is not valid; see the details of each field",
        details,
    )


def _authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = error_response(
        401,
        "not_authenticated",
        "Cần đăng nhập hoặc gửi token hợp lệ (Authorization: Bearer ...)",
        "Log in or send a valid token (Authorization: Bearer ...)",
    )
    response["WWW-Authenticate"] = 'Bearer realm="tongket"'
    return response


def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    wait = getattr(exc, "wait", None)
    response = error_response(
        429,
        "throttled",
        "Quá nhiều yêu cầu, xin thử lại sau",
        "Too many requests; try again later",
        [{"retry_after": round(wait)}] if wait else [],
    )
    return response


_HTTP_CODES = {
    400: ("bad_request", "Yêu cầu không hợp lệ", "Bad request"),
    401: ("not_authenticated", "Cần đăng nhập", "Authentication required"),
    403: ("forbidden", "Không có quyền", "Permission denied"),
    404: ("not_found", "Không tìm thấy", "Not found"),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ", "Method not allowed"),
    409: ("conflict", "Xung đột", "Conflict"),
    413: ("too_large", "Yêu cầu quá lớn", "Request too large"),
    422: ("invalid_request", "Yêu cầu không hợp lệ", "Invalid request"),
    429: ("throttled", "Quá nhiều yêu cầu", "Too many requests"),
}


def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code, vi, en = _HTTP_CODES.get(exc.status_code, ("error", "Lỗi", "Error"))
    if exc.status_code == 403 and "CSRF" in str(exc):
        return error_response(
            403,
            "csrf_failed",
            "Thiếu hoặc sai mã CSRF (gửi tiêu đề X-CSRFToken khi dùng phiên đăng nhập)",
            "CSRF token missing or incorrect (send the X-CSRFToken header with a session)",
        )
    return error_response(exc.status_code, code, vi, en)


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", "Không tìm thấy", "Not found")


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(
        403,
        "forbidden",
        "Bạn không có quyền thực hiện thao tác này",
        "You do not have permission to do this",
    )


def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.code, exc.message, exc.message_en, exc.details)


def _submission_invalid(request: HttpRequest, exc: SubmissionInvalid) -> HttpResponse:
    errors = [i for i in exc.issues if i.is_error]
    return error_response(
        422,
        "submission_invalid",
        f"Báo cáo còn {len(errors)} lỗi, chưa gửi được",
        f"The report has {len(errors)} error(s) and was not submitted",
        [issue.as_dict() for issue in exc.issues],
    )


def _import_rejected(request: HttpRequest, exc: ImportRejected) -> HttpResponse:
    details: list[dict] = [issue.as_dict() for issue in exc.issues]
    if exc.omitted:
        details.append({"omitted": exc.omitted})
    return error_response(
        422,
        "import_rejected",
        f"Tệp có {len(exc.issues) + exc.omitted} lỗi, không lưu số liệu nào",
        f"The file has {len(exc.issues) + exc.omitted} problem(s); nothing was stored",
        details,
    )


def _meetings(request: HttpRequest, exc: MeetingsError) -> HttpResponse:
    where = {k: v for k, v in (("file", exc.file), ("row", exc.row), ("field", exc.column)) if v}
    return error_response(422, "rejected", exc.vi, exc.en, [where] if where else [])


def _papers(request: HttpRequest, exc: PapersError) -> HttpResponse:
    where = [{"field": exc.column.lstrip("-")}] if exc.column else []
    return error_response(422, "rejected", exc.vi, exc.en, where)


def _data_error(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
    # Input the database refuses (a number out of its range, text it cannot hold) that no
    # check before caught: refuse it as bad input, never store half of it.
    logger.warning("database refused API input: %s", exc)
    return error_response(
        422,
        "invalid_data",
        "Cơ sở dữ liệu không nhận giá trị đã gửi",
        "The database does not accept a value sent",
    )


class IdempotencyKeyTaken(Exception):
    """A request with the same ``Idempotency-Key`` wrote first; this copy replays its answer."""


def unavailable_response(message: str = "", message_en: str = "") -> HttpResponse:
    """503 with ``Retry-After``: nothing was stored and the same request may be sent again."""
    response = error_response(
        503, "busy", message or BUSY_MESSAGE[0], message_en or BUSY_MESSAGE[1]
    )
    response["Retry-After"] = str(retry_after_seconds())
    return response


def _operational(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    if database_busy(exc):
        logger.warning("database busy on %s %s: %s", request.method, request.path, exc)
        return unavailable_response()
    return _data_error(request, exc)


def _key_taken(request: HttpRequest, exc: IdempotencyKeyTaken) -> HttpResponse:
    # Replaced by the stored answer of the copy that went first (see tongket.api.idempotency).
    return unavailable_response()


def _conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    logger.warning("integrity error on API write: %s", exc)
    return error_response(
        409,
        "conflict",
        "Xung đột với dữ liệu đã có (có thể do một yêu cầu khác cùng lúc); thử lại",
        "Conflicts with stored data (perhaps a request at the same time); try again",
    )


def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(
        413,
        "too_large",
        "Nội dung gửi lên quá lớn; hãy gửi tệp (POST /values/import) hoặc chia nhỏ",
        "The request body is too large; upload a file (POST /values/import) or split it",
    )


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(
        500,
        "server_error",
        "Lỗi máy chủ; thao tác không được thực hiện",
        "Server error; nothing was done",
    )


def _text_handler(status: int, code: str):
    def handler(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _from_text(status, code, exc)

    return handler


# Most specific first: Ninja picks the handler of the nearest class in the exception's MRO,
# so the order here only documents the mapping.
HANDLERS: list[tuple[type[Exception], Any]] = [
    (ValidationError, _validation),
    (AuthenticationError, _authentication),
    (Throttled, _throttled),
    (HttpError, _http),
    (Http404, _not_found),
    (PermissionDenied, _forbidden),
    (ApiError, _api_error),
    (SubmissionInvalid, _submission_invalid),
    (SubmissionLocked, _text_handler(409, "locked")),
    (SubmissionForbidden, _text_handler(403, "forbidden")),
    (SubmissionStateError, _text_handler(409, "invalid_state")),
    (SubmissionError, _text_handler(422, "rejected")),
    (ImportRejected, _import_rejected),
    (MeetingsError, _meetings),
    (PapersError, _papers),
    (AccountError, _text_handler(422, "rejected")),
    (AnalyticsError, _text_handler(422, "rejected")),
    (ExportError, _text_handler(422, "rejected")),
    (Dhis2OptionError, _text_handler(422, "rejected")),
    (UnitNotFound, _text_handler(422, "unit_not_found")),
    (UnitAmbiguous, _text_handler(422, "unit_ambiguous")),
    (UnitDataError, _text_handler(422, "rejected")),
    (IndicatorNotFound, _text_handler(422, "indicator_not_found")),
    (FieldNotFound, _text_handler(422, "rejected")),
    (RequestDataTooBig, _too_large),
    (DataError, _data_error),
    (OperationalError, _operational),
    (IdempotencyKeyTaken, _key_taken),
    (IntegrityError, _conflict),
    (Exception, _server_error),
]
