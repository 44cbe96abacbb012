"""Template helpers of the layout."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

register = template.Library()


@register.simple_tag
def page_url(request: HttpRequest, number: int) -> str:
    """The current URL with ``page=number``, the other parameters kept."""
    query = request.GET.copy()
    query["page"] = str(number)
    return f"?{query.urlencode()}"
