"""What the documents pages share: a service's refusal in the page's language."""

from __future__ import annotations

from django.utils.translation import get_language


def in_page_language(vi: str, en: str) -> str:
    return en if (get_language() or "").startswith("en") else vi
