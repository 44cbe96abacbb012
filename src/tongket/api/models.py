"""Tokens for machines that use the API, and the stored answers of retried writes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A secret a machine sends as ``Authorization: Bearer <token>``; it acts as ``user``.

    Only a SHA-256 digest of the secret is kept: the secret is shown once, when it is made.
    (A token is 32 random bytes, so a fast digest is as safe as a slow password hash.)
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=12, help_text=_("Để nhận ra token"))
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("lần dùng cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["user", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotencyRecord(models.Model):
    """The answer to a write sent with an ``Idempotency-Key``, replayed when it is retried.

    The row is inserted in the same transaction as the write it guards, so the write and its
    record commit together or not at all; a concurrent retry waits on the unique index and
    then finds the committed answer.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    status_code = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key} → {self.status_code}"
