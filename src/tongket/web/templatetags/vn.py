"""Vietnamese number and date formats in templates: ``{{ x|vn_number }}`` → ``2.060,5``."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from tongket.core.numbers import format_date, format_number, format_percent
from tongket.indicators.display import fixed

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    """``2060.5`` → ``2.060,5``; ``{{ x|vn_number:1 }}`` fixes the decimals."""
    if value is None or value == "":
        return ""
    try:
        number = float(value) if not isinstance(value, int | float) else value
    except (TypeError, ValueError):
        return value
    return format_number(number, None if decimals in (None, "") else int(decimals))


@register.filter
def vn_fixed(value, decimals=0):
    """``8618.4`` → ``8.618,4`` with exactly ``decimals`` decimals (a display-unit figure)."""
    if value is None or value == "":
        return ""
    try:
        return fixed(float(value), int(decimals or 0))
    except (TypeError, ValueError):
        return value


@register.filter
def vn_percent(value, decimals=1):
    if value is None or value == "":
        return ""
    try:
        return format_percent(float(value), int(decimals))
    except (TypeError, ValueError):
        return value


@register.filter
def vn_date(value):
    """A date (or a datetime, in local time, or an ISO date as selectors give it) as
    ``31/01/2007``."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return format_date(value)
    return "" if value is None else value


@register.filter
def vn_datetime(value):
    """A datetime in local time as ``31/01/2007 14:05``."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{format_date(value.date())} {value:%H:%M}"
    return vn_date(value)
