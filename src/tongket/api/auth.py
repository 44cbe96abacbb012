"""Who is calling: a machine with a token, or a person with a session (and a CSRF token).

``Authorization: Bearer tk_...`` (or ``ApiToken tk_...``, as DHIS2 clients send a token)
names a token, ``Authorization: Basic ...`` a username and password (as DHIS2 takes them); a request that sends one is judged by it alone
(a wrong or revoked token is refused, even beside a valid session cookie). Without it, the
Django session of a logged-in person is used, and unsafe methods need the CSRF token
(``X-CSRFToken`` header), exactly as a form on a page does.

Every endpoint then checks the role and the unit of what it touches (``tongket.accounts``).
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from tongket.accounts.access import access_refusal_record
from tongket.accounts.scope import user_has_permission
from tongket.api.tokens import apitoken_user

_SAFE = ("GET", "HEAD", "OPTIONS", "TRACE")
_CACHE = "_tongket_api_user"


def _credentials(request: HttpRequest):
    """The user an ``Authorization`` header names, None without one; ``AuthenticationError``
    for a wrong one. ``Bearer <token>`` and ``ApiToken <token>`` (as DHIS2 clients write a
    personal access token) take a tongket token; ``Basic`` a username and password."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, secret = header.strip().partition(" ")
    scheme, secret = scheme.lower(), secret.strip()
    if scheme in ("bearer", "apitoken"):
        user = apitoken_user(secret=secret)
    elif scheme == "basic":
        user = _basic_user(secret)
    else:
        user = None
    if user is None:
        raise AuthenticationError()
    return user


def _basic_user(secret: str):
    try:
        username, sep, password = base64.b64decode(secret, validate=True).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    if not sep:
        return None
    user = authenticate(username=username, password=password)
    return user if user is not None and user.is_active else None


def api_user(request: HttpRequest):
    """The authenticated user of an API request (cached on it), or None.

    Raises ``AuthenticationError`` for a bad token and ``HttpError(403)`` for a session
    request that fails the CSRF check.
    """
    if hasattr(request, _CACHE):
        return getattr(request, _CACHE)
    user = _credentials(request)
    if user is not None:
        # Everything downstream (scope checks, audit) reads request.user.
        request.user = user
    else:
        user = request.user if request.user.is_authenticated else None
        if (
            user is not None
            and request.method not in _SAFE
            and not getattr(request, "_dont_enforce_csrf_checks", False)
            and check_csrf(request) is not None
        ):
            raise HttpError(403, "CSRF check failed")
    setattr(request, _CACHE, user)
    return user


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` (make one with ``tongket apitoken create USER``)."""

    def __call__(self, request: HttpRequest):
        if request.headers.get("Authorization") is None:
            return None
        return api_user(request)

    def authenticate(self, request: HttpRequest, token: str):  # pragma: no cover - unused
        return api_user(request)


class SessionAuth(APIKeyCookie):
    """The session cookie of a person logged in on the web pages; CSRF on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked in api_user, after the token is ruled out

    def __call__(self, request: HttpRequest):
        if request.headers.get("Authorization") is not None:
            return None
        return api_user(request)

    def authenticate(self, request: HttpRequest, key):  # pragma: no cover - unused
        return api_user(request)


def permission_require(request: HttpRequest, permission: str) -> None:
    """Refuse (403, audited) a user whose roles grant ``permission`` nowhere."""
    if not user_has_permission(request.user, permission):
        access_refusal_record(
            user=request.user,
            permission=permission,
            object_type="api",
            object_id=request.path[:64],
        )
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này / Permission denied")
