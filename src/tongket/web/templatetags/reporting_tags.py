"""Template filters of the reporting pages: period labels and names in the page's language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from tongket.core.audit_labels import action_label, object_label
from tongket.core.numbers import format_percent
from tongket.web.pages_reporting.charts import indicator_name as _indicator_name
from tongket.web.pages_reporting.charts import measure_name as _measure_name
from tongket.web.pages_reporting.labels import in_language as _in_language
from tongket.web.pages_reporting.labels import period_label as _period_label
from tongket.web.pages_reporting.labels import status_label as _status_label

register = template.Library()


@register.filter
def period_label(value) -> str:
    """``2026Q3`` → ``Quý III năm 2026``."""
    return "" if value in (None, "") else _period_label(value)


@register.filter
def indicator_name(indicator) -> str:
    return _indicator_name(indicator) if indicator is not None else ""


@register.filter
def measure_name(indicator) -> str:
    return _measure_name(indicator) if indicator is not None else ""


@register.filter
def get_item(mapping, key):
    """``{{ counts|get_item:"overdue" }}``."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def vn_share(rate) -> str:
    """A share between 0 and 1 as a percentage: ``0.735`` → ``73,5%``."""
    if rate is None or rate == "":
        return "—"
    try:
        return format_percent(float(rate) * 100, 1)
    except (TypeError, ValueError):
        return ""


@register.filter
def in_language(text) -> str:
    """``«Vietnamese / English»`` → the half in the page's language."""
    return "" if text in (None, "") else _in_language(str(text))


@register.filter
def status_label(status: str) -> str:
    return _status_label(status)


@register.filter
def audit_action(action: str) -> str:
    """``task.created`` → ``Giao nhiệm vụ`` in the page's language."""
    return action_label(action, get_language() or "vi")


@register.filter
def audit_object(object_type: str) -> str:
    return object_label(object_type, get_language() or "vi")
