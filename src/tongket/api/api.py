"""The REST API (Django Ninja): one ``NinjaAPI`` with the routers of each area.

Every answer that is not a success has one shape (``tongket.api.errors``); every list is paged
(``limit``, ``offset``, ``count``, ``next``, ``previous``); every write a client may retry
takes an ``Idempotency-Key`` (``tongket.api.idempotency``).
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path
from ninja import NinjaAPI, Schema
from ninja.renderers import JSONRenderer
from ninja.throttling import UserRateThrottle

from tongket.accounts.scope import user_grants, user_permissions
from tongket.api import (
    routes_analytics,
    routes_commendations,
    routes_documents,
    routes_meetings,
    routes_notices,
    routes_papers,
    routes_plans,
    routes_submissions,
    routes_tasks,
    routes_units,
    routes_users,
    routes_values,
)
from tongket.api.auth import SessionAuth, TokenAuth
from tongket.api.docs import api_docs
from tongket.api.errors import HANDLERS, error_response
from tongket.api.openapi import schema_complete


class _Throttle(UserRateThrottle):
    """Per user; the rate is read from the settings when each request comes (tests change it)."""

    def __init__(self) -> None:
        super().__init__(getattr(settings, "TONGKET_API_RATE", "6000/m"))

    def allow_request(self, request: HttpRequest) -> bool:
        rate = getattr(settings, "TONGKET_API_RATE", "6000/m")
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)


class _Renderer(JSONRenderer):
    # Vietnamese text as UTF-8, not \u escapes: a third of the bytes on a slow connection.
    # allow_nan=False: JSON has no Infinity or NaN, and a client's parser would fail on them.
    json_dumps_params = {"ensure_ascii": False, "allow_nan": False}

    def render(self, request, data, *, response_status):
        try:
            return super().render(request, data, response_status=response_status)
        except ValueError:
            # A figure beyond what a float holds (from values stored before the limits on
            # input) is no figure: null, as for a ratio that cannot be computed.
            return super().render(request, _finite(data), response_status=response_status)


def _finite(data):
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(value) for value in data]
    return data


class _Api(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        built = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return schema_complete(built)

    def get_openapi_operation_id(self, operation) -> str:
        # A client generated from the schema names its functions after these.
        return operation.view_func.__name__


api = _Api(
    renderer=_Renderer(),
    title="tongket API",
    version="1",
    description=(
        "Đơn vị, chỉ tiêu, số liệu (cả dataValueSets của DHIS2), báo cáo và các bước duyệt, "
        "chỉ tiêu kế hoạch, phân tích, cuộc họp, kế hoạch, thông báo kết luận, nhiệm vụ, khen "
        "thưởng, văn bản nguồn, báo cáo tổng kết và tệp của nó, tài khoản. / Units, indicators, "
        "values (DHIS2 dataValueSets too), report submissions and their steps, targets, "
        "analytics, meetings, plans, conclusion notices, tasks, commendations, source "
        "documents, the year-end report and its files, accounts.\n\n"
        "Machines: `Authorization: Bearer <token>` (`tongket apitoken create USER`). People: "
        "the session of the web pages, with `X-CSRFToken` on writes. Writes take an "
        "`Idempotency-Key` header: a retry with the same key is answered the same, once."
    ),
    auth=[TokenAuth(), SessionAuth()],
    throttle=[_Throttle()],
    urls_namespace="api",
    docs_url=None,
)
for exception, handler in HANDLERS:
    api.add_exception_handler(exception, handler)


class MeOut(Schema):
    username: str
    full_name: str
    permissions: list[str]
    roles: list[dict]


@api.get("/me", response=MeOut, url_name="me", tags=["accounts"], summary="Tài khoản đang dùng")
def me(request: HttpRequest):
    """The account behind the token or session, its roles and their scopes."""
    user = request.user
    return {
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "permissions": sorted(user_permissions(user)),
        "roles": [
            {"role": g.role, "unit_id": g.unit_id, "unit": g.unit_name or None}
            for g in user_grants(user)
        ],
    }


api.add_router("", routes_units.router)
api.add_router("", routes_units.catalogue)
api.add_router("", routes_values.router)
api.add_router("", routes_submissions.router)
api.add_router("", routes_analytics.router)
api.add_router("", routes_meetings.router)
api.add_router("", routes_tasks.router)
api.add_router("", routes_commendations.router)
api.add_router("", routes_documents.router)
api.add_router("", routes_plans.router)
api.add_router("", routes_notices.router)
api.add_router("", routes_papers.router)
api.add_router("", routes_users.router)


MAX_URL = 4094  # gunicorn's default request line: the longest URL a client may count on


def _too_long(request: HttpRequest) -> HttpResponse | None:
    length = len(request.get_full_path())
    if length <= MAX_URL:
        return None
    return error_response(
        414,
        "uri_too_long",
        f"Địa chỉ dài {length} ký tự, quá giới hạn {MAX_URL}; hãy chia nhỏ yêu cầu",
        f"The URL is {length} characters long, over the limit of {MAX_URL}; split the request",
    )


def _json_errors(view):
    """Ninja answers an unsupported method with an empty 405: give it the error shape."""

    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        too_long = _too_long(request)
        if too_long is not None:
            return too_long
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = error_response(
                405,
                "method_not_allowed",
                f"Phương thức {request.method} không dùng được ở đây (dùng {allowed})",
                f"Method {request.method} is not allowed here (use {allowed})",
            )
            response["Allow"] = allowed
        return response

    for attribute in ("csrf_exempt",):
        if hasattr(view, attribute):
            setattr(wrapped, attribute, getattr(view, attribute))
    return login_not_required(wrapped)


@login_not_required
def api_index(request: HttpRequest) -> HttpResponse:
    """Where the schema and its documentation are: ``GET /api/v1/`` answers anyone, without
    touching the database."""
    return JsonResponse(
        {
            "name": api.title,
            "version": api.version,
            "openapi": request.build_absolute_uri("openapi.json"),
            "docs": request.build_absolute_uri("docs"),
        }
    )


@login_not_required
def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    too_long = _too_long(request)
    if too_long is not None:
        return too_long
    return error_response(
        404, "not_found", "Không có địa chỉ API này", "There is no such API address"
    )


api_not_found.csrf_exempt = True


def _patterns() -> list:
    patterns, app_name, namespace = api.urls
    wrapped: list = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            root = pattern.name == "api-root"
            pattern.callback = _json_errors(api_index if root else pattern.callback)
        elif isinstance(pattern, URLResolver):  # pragma: no cover - Ninja makes none today
            raise TypeError("unexpected nested URL resolver in the API")
        wrapped.append(pattern)
    # The deadline day's call first (its path is a word of its own: the order changes nothing
    # else).
    wrapped.sort(key=lambda pattern: pattern.name != "reports")
    wrapped.append(path("docs", api_docs, name="docs"))
    wrapped.append(re_path(r"^(?P<rest>.*)$", api_not_found, name="api_not_found"))
    return wrapped, app_name, namespace


urls = _patterns()
