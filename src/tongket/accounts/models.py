"""Role assignments (who may do what where) and failed logins (for throttling)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongket.accounts.roles import GLOBAL_ROLES, Role


class RoleAssignment(models.Model):
    """``user`` holds ``role`` over ``unit`` (and, for some roles, its units) for an interval.

    Administrators and ministry analysts hold their role for the whole country: no unit.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["user", "valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="roleassignment_valid_interval",
            ),
            models.CheckConstraint(
                condition=(Q(role__in=sorted(GLOBAL_ROLES)) & Q(unit__isnull=True))
                | (~Q(role__in=sorted(GLOBAL_ROLES)) & Q(unit__isnull=False)),
                name="roleassignment_unit_matches_role",
            ),
        ]
        indexes = [models.Index(fields=["user", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} {self.unit_id or '*'}"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class LoginFailure(models.Model):
    """One failed login; kept in the database so every server worker sees the same count."""

    username = models.CharField(max_length=150)
    ip = models.CharField(max_length=45)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["username", "ip", "at"]),
            # Failures from one address, whatever the username (the per-address lock).
            models.Index(fields=["ip", "at"], name="accounts_failure_ip_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.ip} {self.at:%Y-%m-%d %H:%M:%S}"


class PasswordState(models.Model):
    """Whether the user must choose a new password before anything else (after an account is
    made or its password reset by someone else), and when they last changed it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_state"
    )
    must_change = models.BooleanField(default=False)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id} must_change={self.must_change}"
