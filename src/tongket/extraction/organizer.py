"""Who held the meeting: the department (by its full name, whatever abbreviation the text
uses) and the province (from the text, else from the site's address)."""

from __future__ import annotations

import functools
import re
from collections import Counter

from tongket.extraction import places
from tongket.extraction.lexicon import alternation, fold, load

_ACTION = re.compile(
    r"tổ chức|tổng kết|sơ kết|triển khai|giao ban|chủ trì|khai mạc|họp|làm việc|đã diễn ra",
    re.IGNORECASE,
)


@functools.cache
def _departments() -> tuple[re.Pattern, dict[str, str]]:
    by_key: dict[str, str] = {}
    phrases = []
    for entry in load("departments")["departments"]:
        for alias in [entry["name"], *entry.get("aliases", [])]:
            by_key[_key(alias)] = entry["name"]
            phrases.append(alias)
    return alternation(phrases), by_key


def _key(text: str) -> str:
    return re.sub(r"[\s,&–—-]+", " ", fold(text).replace("&amp;", "&")).strip()


def department_name(text: str) -> str | None:
    """The full name of a department as the text writes it (``Sở TT&TT`` → ``Sở Thông tin và
    Truyền thông``)."""
    pattern, by_key = _departments()
    m = pattern.search(fold(text))
    return by_key.get(_key(text[m.start() : m.end()])) if m else None


def department_mentions(text: str) -> list[tuple[int, int, str]]:
    pattern, by_key = _departments()
    out = []
    for m in pattern.finditer(fold(text)):
        name = by_key.get(_key(text[m.start() : m.end()]))
        if name:
            out.append((m.start(), m.end(), name))
    return out


def _first_sentence_with_action(text: str) -> str:
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if _ACTION.search(sentence):
            return sentence
    return text


def find_department(title: str | None, lead: str, body: str) -> tuple[str | None, int | None]:
    """The organizing department, and where its mention ends in ``lead`` (for the province
    that may follow it)."""
    sentence = _first_sentence_with_action(lead)
    found = department_mentions(sentence)
    if found:
        # "UBND tỉnh" is the organizer only when no department is named beside it.
        sos = [f for f in found if f[2].startswith("Sở")]
        chosen: tuple[int, int, str] | None = sos[0] if sos else found[0]
        if not sos and not re.search(
            r"(ubnd|ủy ban nhân dân|uỷ ban nhân dân)[^.]{0,40}(tổ chức|chủ trì)|chủ trì",
            fold(sentence),
        ):
            chosen = None
        if chosen:
            offset = lead.find(sentence)
            return chosen[2], offset + chosen[1]
    for text in (title or "", lead, body):
        found = [f for f in department_mentions(text) if f[2].startswith("Sở")]
        if found:
            return found[0][2], None
    return None, None


def find_province(
    title: str | None, lead: str, body: str, department_end: int | None, url: str | None
) -> str | None:
    """The province the text names for the organizer, else the one its site names."""
    if department_end is not None:
        after = lead[department_end : department_end + 40]
        found = places.mentions(after)
        if found and found[0].start <= 12:
            return found[0].name
    for text in (title or "", lead):
        found = places.mentions(text)
        if not found:
            continue
        prefixed = [m for m in found if m.prefixed]
        # A department followed by a place names the organizer's province.
        for m in found:
            head = text[max(0, m.start - 60) : m.start]
            if department_name(head) and re.search(r"(sở|ubnd)[^.;,]{0,45}$", fold(head)):
                return m.name
        if prefixed:
            return prefixed[0].name
    site = places.from_site(url)
    if site:
        return site
    for text in (title or "", lead):
        found = places.mentions(text)
        if found:
            return found[0].name
    # The body speaks of its own province ("Năm 2017, Thái Bình là một trong hai tỉnh ...").
    in_body = places.mentions(body)
    if in_body:
        counts = Counter(m.name for m in in_body)
        prefixed_names = [m.name for m in in_body if m.prefixed]
        best, n = counts.most_common(1)[0]
        if prefixed_names and counts[prefixed_names[0]] >= n:
            return prefixed_names[0]
        if n >= 2 or prefixed_names:
            return best if n >= 2 else prefixed_names[0]
    return places.from_path(url)
