"""The API's interactive documentation: Swagger UI (npm's ``swagger-ui-dist``, served from the
app's own static files) reading the OpenAPI document of ``/api/v1/openapi.json``.

Its start is a static script (``api/docs.js``), not an inline one, so the page keeps the
site's Content-Security-Policy without ``'unsafe-inline'``. A person logged in on the pages
tries the operations with their session: the script sends the page's CSRF token on writes.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import ensure_csrf_cookie


@login_not_required
@ensure_csrf_cookie
def api_docs(request: HttpRequest) -> HttpResponse:
    """Anyone may read the documentation, as the schema it shows; trying an operation needs
    a login or a token, like any call."""
    return render(request, "api/docs.html", {"schema_url": reverse("api:openapi-json")})
