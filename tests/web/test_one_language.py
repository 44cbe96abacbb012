"""One language at a time. Every page of the permission matrix, walked as each role that may
open it: in Vietnamese it says nothing in English and shows no raw code; on the English switch
it shows no Vietnamese of its own (what people wrote is shown as they wrote it)."""

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


def _lived(world) -> None:
    """The world after a little work: Xã Vũ Thư's 2025 report sent late with a comment, returned
    with a reason, sent again; a reminder to another commune. Its history and the trail then
    have lines of every kind a report gets."""
    from tongket.reporting.reminders import report_reminders_send
    from tongket.reporting.services import (
        submission_return,
        submission_submit,
        submission_values_set,
    )
    from web.reporting.world import reporting_of

    r = reporting_of(world)
    sub = world.sub_xa_hy
    submission_values_set(
        submission=sub,
        values={"web.mobile": 1000},
        notes={"web.mobile": {"comment": "Số liệu từ nhà mạng"}},
        actor=world.reporting,
    )
    submission_submit(submission=sub, actor=world.reporting)
    submission_return(submission=sub, actor=world.staff, reason="Kiểm tra lại số thuê bao")
    submission_submit(submission=sub, actor=world.reporting)
    report_reminders_send(
        form=r.form,
        period_code="2025",
        period_label="Năm 2025",
        deadline=world.sub_xa_hy2.deadline,
        units=[world.xa_hy2],
        actor="staff",
        user=world.staff,
    )


@pytest.fixture
def lived(world):
    _lived(world)
    return world


# Everyone who signs in: the pages are walked as each of them sees them.
SIGNED_IN = ("admin", "staff", "leader", "reporting", "analyst")

PAGES = [r for r in ROUTES if r.method == "GET" and not r.json and not r.name.startswith("api")]


@pytest.mark.parametrize("route", PAGES, ids=[r.id for r in PAGES])
def test_a_vietnamese_page_has_no_english_and_no_codes(clients, lived, route):
    world = lived
    for role in SIGNED_IN:
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


# Letters that only Vietnamese writes (a word with one of them is Vietnamese, not English).
VIETNAMESE_LETTERS = "ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VIETNAMESE_WORD = re.compile(
    rf"\w*[{VIETNAMESE_LETTERS}{VIETNAMESE_LETTERS.upper()}]\w*", re.IGNORECASE
)


def _stored_texts() -> list[str]:
    """Every text the database holds (names of units, titles, tasks, people …): data, which an
    English page shows as it was written. Not the trail's summaries."""
    from django.apps import apps
    from django.db import models

    from tongket.core.models import AuditEntry

    found: set[str] = set()
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
            # The trail's summaries are the system's words, not people's: a page says them in
            # its own language.
            and not (model is AuditEntry and f.attname == "summary")
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if value and VIETNAMESE_WORD.search(value):
                    found.add(re.sub(r"\s+", " ", value).strip())
    return sorted(found, key=len, reverse=True)


def _text_nodes(body: str) -> list[str]:
    """The texts of the page's main part one by one, as the browser shows them apart."""
    if '<main id="main"' not in body:
        return []
    main = body.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    # A text marked as Vietnamese (the portal article, a document's own words) is shown as written.
    main = re.sub(
        r'<(article|div|section|blockquote|p)\b[^>]*\blang="vi"[^>]*>.*?</\1>',
        " ",
        main,
        flags=re.S,
    )
    nodes = (re.sub(r"\s+", " ", html.unescape(n)).strip() for n in re.split(r"<[^>]+>", main))
    return [n for n in nodes if n]


# The number of a legal document keeps its letters in any language: «45/2018/QĐ-TTg».
LEGAL_NUMBER = re.compile(r"\b\d+(?:/\d{4})?/[A-ZĐ]+(?:-[A-ZĐ0-9]+)*")


def _not_data(node: str, data: list[str]) -> str:
    """What of a text is not something stored: a part of a stored text (a title cut short) is
    data whole; otherwise every stored text it quotes is taken out."""
    node = LEGAL_NUMBER.sub(" ", node)
    if not VIETNAMESE_WORD.search(node):
        return ""
    bare = node.rstrip("…. ")
    if any(bare in value for value in data):
        return ""
    for value in data:
        if len(value) > 1 and value in node:
            node = node.replace(value, " ")
    return node.strip() if VIETNAMESE_WORD.search(node) else ""


@pytest.mark.parametrize("route", PAGES, ids=[r.id for r in PAGES])
def test_an_english_page_has_no_vietnamese_of_its_own(clients, lived, route, settings):
    """On the English switch a page may show what people wrote (names, titles, tasks) as they
    wrote it, and nothing else in Vietnamese: no label, status, message or help text."""
    world = lived
    for role in SIGNED_IN:
        if route.expect[role] != 200:
            continue
        client = clients[role]
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get(route.path(world))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        data = _stored_texts()  # after the request: a route may make what it shows
        leftovers = [
            left
            for node in _text_nodes(response.content.decode())
            if (left := _not_data(node, data))
        ]
        words = sorted({m.group(0) for left in leftovers for m in VIETNAMESE_WORD.finditer(left)})
        assert not words, f"{route.id} as {role}: {words[:12]} in {leftovers[:4]}"
