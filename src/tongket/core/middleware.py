"""A page whose write met a busy database answers 503 with ``Retry-After``, never a 500 with
"database is locked": nothing of the request was stored, and it may be sent again."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

from tongket.core.busy import BUSY_MESSAGE, database_busy, retry_after_seconds


class DatabaseBusyMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not database_busy(exception):
            return None
        english = getattr(request, "LANGUAGE_CODE", "vi") == "en"
        text = BUSY_MESSAGE[1] if english else BUSY_MESSAGE[0]
        response = HttpResponse(
            f'<!doctype html><html lang="{"en" if english else "vi"}"><meta charset="utf-8">'
            f"<title>503</title><p>{escape(text)}</p></html>",
            status=503,
            content_type="text/html; charset=utf-8",
        )
        response["Retry-After"] = str(retry_after_seconds())
        return response
