"""Helpers of the meetings page tests."""

from __future__ import annotations

import html
import re


def page_text(response) -> str:
    """The visible text of a page's main part, spaces collapsed (for assertions)."""
    body = response.content.decode()
    main = body.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    text = re.sub(r"<[^>]+>", " ", main)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()
