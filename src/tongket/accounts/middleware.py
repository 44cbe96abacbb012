"""Session expiry: after a time without activity, and after a fixed time since login."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext as _

from tongket.accounts.login import SESSION_SEEN, SESSION_STARTED, logout_perform

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
