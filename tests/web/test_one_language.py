"""Every page in Vietnamese says nothing in English and shows no raw code: walked over every
page of the permission matrix that an administrator and a department's staff open."""

from __future__ import annotations

import html
import re

import pytest

from web.matrix import ROUTES

# Words of English messages and statuses that have leaked into Vietnamese pages before.
ENGLISH = re.compile(
    r"\b(submitted|approved|returned|draft|day\(s\)|late|overdue|No unit|not a zip file|"
    r"Permission denied|required|invalid|error)\b",
    re.IGNORECASE,
)
PERIOD_CODE = re.compile(r"\b(19|20)\d\d(Q[1-4]|S[12])\b")
ACTION_CODE = re.compile(r"\b(auth|task|submission|value|notice|meeting|role|user)\.[a-z_]+\b")


def _visible(body: str) -> str:
    if '<main id="main"' not in body:
        return ""
    main = body.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", main)
    return re.sub(r"\s+", " ", html.unescape(text))


PAGES = [r for r in ROUTES if r.method == "GET" and not r.json and not r.name.startswith("api")]


@pytest.mark.parametrize("route", PAGES, ids=[r.id for r in PAGES])
def test_a_vietnamese_page_has_no_english_and_no_codes(clients, world, route):
    for role in ("admin", "staff"):
        if route.expect[role] != 200:
            continue
        response = clients[role].get(route.path(world))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        text = _visible(response.content.decode())
        problems = [
            f"{kind} «{m.group(0)}»"
            for kind, pattern in (
                ("English", ENGLISH),
                ("period code", PERIOD_CODE),
                ("action code", ACTION_CODE),
            )
            for m in pattern.finditer(text)
        ]
        assert not problems, f"{route.id} as {role}: {problems[:5]}"
