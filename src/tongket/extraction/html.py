"""Saved pages: trafilatura finds the article's container and its text; the headline and the
printed dateline are taken from the page by our own rules (trafilatura reads its own date from
metadata, which is not what the page prints), and the result goes through the same cleaning
as plain text."""

from __future__ import annotations

import re

import lxml.html
import trafilatura

from tongket.extraction.dates import parse_dateline
from tongket.extraction.errors import ExtractionError

_DATE_HINT = re.compile(r"date|time|ngay|publish|post|meta|thoi-?gian|created|updated", re.I)
_SITE_SUFFIX = re.compile(r"\s+[-|–»:]\s+[^-|–»:]{2,60}$")
_BLOCKS = [
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "figcaption",
    "section",
    "article",
    "td",
    "blockquote",
]


def _text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content() or "").strip()


def _title(doc) -> str | None:
    for xpath in (
        "//h1",
        "//*[contains(@class,'title')][self::h2 or self::h3 or self::div]",
        "//title",
    ):
        for el in doc.xpath(xpath):
            text = _text(el)
            if 8 <= len(text) <= 300:
                return _SITE_SUFFIX.sub("", text) if el.tag == "title" else text
    return None


def _dateline(doc) -> str | None:
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        attrs = " ".join(str(el.get(a, "")) for a in ("class", "id", "itemprop"))
        if not _DATE_HINT.search(attrs):
            continue
        text = _text(el)
        if text and len(text) <= 90 and parse_dateline(text):
            return text
    return None


def _fallback_text(doc) -> str:
    for bad in doc.xpath("//script|//style|//noscript|//nav|//header|//footer|//form|//aside"):
        bad.drop_tree()
    for el in doc.iter(*_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    body = doc.find("body")
    return (body if body is not None else doc).text_content()


def html_to_text(html: str) -> str:
    """A page's article as text: headline, printed dateline, then the body lines."""
    if not html or not html.strip():
        raise ExtractionError("trang HTML rỗng", "empty HTML page")
    try:
        doc = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"không đọc được HTML ({exc})", f"unreadable HTML ({exc})") from None
    title = _title(doc)
    dateline = _dateline(doc)
    body = trafilatura.extract(
        html,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_links=False,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    if not body or len(body) < 80:
        body = _fallback_text(lxml.html.fromstring(html))
    lines = [line for line in (body or "").split("\n")]
    if title and lines and lines[0].strip() == title:
        lines = lines[1:]
    parts = [p for p in (title, dateline) if p]
    return "\n\n".join([*parts, "\n".join(lines)])
