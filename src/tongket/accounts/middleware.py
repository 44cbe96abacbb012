"""Session expiry: after a time without activity, and after a fixed time since login."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _

from tongket.accounts.login import SESSION_SEEN, SESSION_STARTED, logout_perform
from tongket.accounts.services import user_must_change_password

# Writing the session on every request would cost a database write per page; a minute of
# imprecision on the idle timeout does not matter.
_TOUCH_EVERY = 60.0


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            idle = float(getattr(settings, "TONGKET_SESSION_IDLE_SECONDS", 30 * 60))
            absolute = float(getattr(settings, "TONGKET_SESSION_MAX_SECONDS", 8 * 3600))
            started = request.session.get(SESSION_STARTED)
            if started is None:
                # A session made by something other than the login page (a test client, an
                # API login): its clock starts at its first request.
                started = request.session[SESSION_STARTED] = now
                request.session[SESSION_SEEN] = now
            seen = request.session.get(SESSION_SEEN, started)
            if now - started > absolute or now - seen > idle:
                logout_perform(request=request, reason="expired")
                messages.info(
                    request,
                    _("Phiên làm việc đã hết hạn, xin đăng nhập lại."),
                )
            elif now - seen > _TOUCH_EVERY:
                request.session[SESSION_SEEN] = now
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A person given a one-time password (a new account, a reset) chooses their own before
    any other page: every page sends them to «Đổi mật khẩu» until they have."""

    # The pages that stay open meanwhile (URL names).
    ALLOWED = frozenset({"password_change", "logout", "login", "set_language", "health"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(("/api/", "/static/"))
        ):
            from django.urls import Resolver404, resolve

            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in self.ALLOWED and user_must_change_password(user):
                from django.shortcuts import redirect

                return redirect("password_change")
        return self.get_response(request)
