"""A service's refusal (``MeetingsError``) shown beside the field it is about."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.utils.translation import get_language

from tongket.meetings.errors import MeetingsError


def service_error_text(error: MeetingsError) -> str:
    """The message in the page's language, with the row it is about (an item of a notice)."""
    text = error.en if (get_language() or "").startswith("en") else error.vi
    return f"{error.row}: {text}" if error.row is not None else text


def form_add_service_error(
    form: forms.BaseForm, error: MeetingsError, fields: Mapping[str, str] | None = None
) -> None:
    """Put ``error`` on the form field its column names (``fields``: column → field)."""
    columns = dict(fields or {})
    field = columns.get(error.column or "", error.column)
    if field not in form.fields:
        field = None
    form.add_error(field, service_error_text(error))
