"""Log in and log out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from tongket.accounts.forms import LoginForm
from tongket.accounts.login import login_attempt, logout_perform


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@login_not_required
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = login_attempt(
            request=request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if outcome.ok:
            return redirect(_next_url(request))
        if outcome.locked_until is not None:
            until = timezone.localtime(outcome.locked_until)
            form.add_error(
                None,
                _("Đăng nhập sai quá nhiều lần. Tài khoản tạm khóa trên máy này đến %(time)s.")
                % {"time": until.strftime("%H:%M")},
            )
            status = 429
        else:
            form.add_error(None, _("Tên đăng nhập hoặc mật khẩu không đúng."))
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout_perform(request=request)
    messages.success(request, _("Bạn đã đăng xuất."))
    return redirect("login")
