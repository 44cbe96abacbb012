"""Guards for views: the role must grant a permission somewhere before the view runs.

Every view needs a login (``LoginRequiredMiddleware``); these add the role check. The check
on the object itself (its unit) is made by the ``access_*`` helpers inside the view.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from tongket.accounts.access import access_refusal_record
from tongket.accounts.scope import _check_permission, user_has_permission

# Views record the permission they require here, so tests can list every guarded view.
PERMISSION_ATTR = "tongket_permission"


def _guard(request: HttpRequest, permission: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not user_has_permission(request.user, permission):
        access_refusal_record(
            user=request.user,
            permission=permission,
            object_type="page",
            object_id=request.path[:64],
        )
        raise PermissionDenied("Bạn không có quyền xem trang này / Permission denied")
    return None


def require_permission(permission: str) -> Callable:
    """``@require_permission(roles.AUDIT_VIEW)`` on a function view."""
    _check_permission(permission)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs):
            refused = _guard(request, permission)
            return refused if refused is not None else view(request, *args, **kwargs)

        setattr(guarded, PERMISSION_ATTR, permission)
        return guarded

    return decorator


class RequirePermissionMixin:
    """For class-based views: ``permission = roles.UNIT_VIEW``."""

    permission: str = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.permission:
            _check_permission(cls.permission)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission:
            raise PermissionDenied("Trang chưa khai báo quyền / The page declares no permission")
        refused = _guard(request, self.permission)
        if refused is not None:
            return refused
        return super().dispatch(request, *args, **kwargs)
