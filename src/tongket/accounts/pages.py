"""Accounts on the web: administrators (and a department's staff, for its reporting units) list,
search and create accounts, give and end roles, deactivate accounts and reset passwords;
everyone changes their own password."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from tongket.accounts import roles
from tongket.accounts.decorators import require_permission
from tongket.accounts.forms import PasswordChangeForm, RoleForm, UserCreateForm, UserSearchForm
from tongket.accounts.models import RoleAssignment
from tongket.accounts.roles import GLOBAL_ROLES, Role
from tongket.accounts.selectors import (
    access_account,
    account_list,
    role_grant_allowed,
    roles_grantable,
    scope_unit_find,
)
from tongket.accounts.services import (
    AccountError,
    role_assignment_create,
    role_assignment_end,
    user_active_set,
    user_create_with_temporary_password,
    user_must_change_password,
    user_password_change,
    user_password_reset,
)

PAGE_SIZE = 50


def error_text(error: AccountError) -> str:
    """The message in the page's language (services write «tiếng Việt / English»)."""
    vi, _sep, en = str(error).partition(" / ")
    return en if en and (get_language() or "").startswith("en") else vi


def _actor(request: HttpRequest) -> str:
    return request.user.get_username()


def _scope_unit(request, form, role: str):
    """The form's unit read today, checked against what the user may grant; None on error."""
    ref = (form.cleaned_data.get("unit") or "").strip()
    if role in GLOBAL_ROLES:
        if ref:
            form.add_error("unit", _("Vai trò này áp dụng cho cả nước, không gắn với đơn vị."))
            return False, None
        unit = None
    else:
        if not ref:
            form.add_error("unit", _("Vai trò này cần một đơn vị phạm vi."))
            return False, None
        try:
            unit = scope_unit_find(ref=ref, on=timezone.localdate())
        except AccountError as error:
            form.add_error("unit", error_text(error))
            return False, None
    if not role_grant_allowed(user=request.user, role=role, unit=unit):
        form.add_error("unit", _("Đơn vị này nằm ngoài phạm vi bạn được cấp tài khoản."))
        return False, None
    return True, unit


@require_permission(roles.ACCOUNT_MANAGE)
def user_list_view(request: HttpRequest) -> HttpResponse:
    form = UserSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {"q": "", "state": ""}
    active = {"active": True, "inactive": False}.get(data["state"])
    users = account_list(user=request.user, q=data["q"].strip(), active=active)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "user": u,
            "roles": [a for a in u.role_assignments.all() if a.is_valid_on(today)],
        }
        for u in page.object_list
    ]
    return render(request, "accounts/user_list.html", {"form": form, "page": page, "rows": rows})


@sensitive_post_parameters()
@require_permission(roles.ACCOUNT_MANAGE)
def user_create_view(request: HttpRequest) -> HttpResponse:
    grantable = roles_grantable(user=request.user)
    form = UserCreateForm(request.POST or None, roles=grantable)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        ok, unit = _scope_unit(request, form, role)
        if ok:
            try:
                user, password = user_create_with_temporary_password(
                    username=form.cleaned_data["username"],
                    full_name=form.cleaned_data["full_name"],
                    email=form.cleaned_data["email"],
                    role=role,
                    unit=unit,
                    actor=_actor(request),
                )
            except AccountError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Đã tạo tài khoản %(name)s.") % {"name": user.username})
                return _detail(request, user, password=password)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _detail(request, account, *, password: str = "", role_form=None, status: int = 200):
    today = timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(user=account).select_related("unit").order_by("-valid_from")
    )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "rows": [{"a": a, "active": a.is_valid_on(today)} for a in assignments],
            "password": password,
            "must_change": user_must_change_password(account),
            "role_form": role_form or RoleForm(roles=roles_grantable(user=request.user)),
            "is_self": account.pk == request.user.pk,
        },
        status=status,
    )


@require_permission(roles.ACCOUNT_MANAGE)
def user_detail_view(request: HttpRequest, user_id: int) -> HttpResponse:
    return _detail(request, access_account(user=request.user, user_id=user_id))


@require_POST
@require_permission(roles.ACCOUNT_MANAGE)
def user_role_add_view(request: HttpRequest, user_id: int) -> HttpResponse:
    account = access_account(user=request.user, user_id=user_id)
    form = RoleForm(request.POST, roles=roles_grantable(user=request.user))
    if form.is_valid():
        role = form.cleaned_data["role"]
        ok, unit = _scope_unit(request, form, role)
        if ok:
            try:
                role_assignment_create(user=account, role=role, unit=unit, actor=_actor(request))
            except AccountError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(
                    request, _("Đã cấp vai trò %(role)s.") % {"role": Role(role).label}
                )
                return redirect("user", user_id=account.pk)
    return _detail(request, account, role_form=form, status=400)


@require_POST
@require_permission(roles.ACCOUNT_MANAGE)
def user_role_end_view(request: HttpRequest, user_id: int, assignment_id: int) -> HttpResponse:
    account = access_account(user=request.user, user_id=user_id)
    assignment = (
        RoleAssignment.objects.select_related("unit", "user")
        .filter(pk=assignment_id, user=account)
        .first()
    )
    if assignment is None or not role_grant_allowed(
        user=request.user, role=assignment.role, unit=assignment.unit
    ):
        raise Http404("Không tìm thấy / Not found")
    role_assignment_end(assignment=assignment, actor=_actor(request))
    messages.success(
        request, _("Đã thôi vai trò %(role)s.") % {"role": Role(assignment.role).label}
    )
    return redirect("user", user_id=account.pk)


@require_POST
@require_permission(roles.ACCOUNT_MANAGE)
def user_active_view(request: HttpRequest, user_id: int) -> HttpResponse:
    account = access_account(user=request.user, user_id=user_id)
    active = request.POST.get("active") == "1"
    try:
        user_active_set(user=account, active=active, actor=_actor(request), actor_user=request.user)
    except AccountError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Đã mở lại tài khoản %(name)s.") % {"name": account.username}
            if active
            else _("Đã khóa tài khoản %(name)s; token API của tài khoản thôi hiệu lực.")
            % {"name": account.username},
        )
    return redirect("user", user_id=account.pk)


@require_POST
@require_permission(roles.ACCOUNT_MANAGE)
def user_password_reset_view(request: HttpRequest, user_id: int) -> HttpResponse:
    account = access_account(user=request.user, user_id=user_id)
    if account.pk == request.user.pk:
        messages.error(request, _("Đổi mật khẩu của chính bạn ở trang «Đổi mật khẩu»."))
        return redirect("user", user_id=account.pk)
    password = user_password_reset(user=account, actor=_actor(request))
    return _detail(request, account, password=password)


@sensitive_post_parameters()
def password_change_view(request: HttpRequest) -> HttpResponse:
    """Every logged-in person changes their own password (no role needed)."""
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_password_change(
                user=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
                actor=_actor(request),
            )
        except AccountError as error:
            field = "old_password" if "hiện tại" in str(error) else "new_password"
            form.add_error(field, error_text(error))
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("account")
    return render(
        request,
        "accounts/password_change.html",
        {
            "form": form,
            "policy": password_validators_help_texts(),
            "must_change": user_must_change_password(request.user),
        },
        status=400 if form.errors else 200,
    )
