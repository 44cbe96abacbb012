"""Finding an item's passage in a document's cleaned text.

Records give the text of each item as written, but a person correcting a record, or the
extractor tidying a title, may change case, spacing, dashes or the placement of a tone mark.
Texts are therefore compared folded (lower case, single spaces, one dash, one placement of
the tone mark in oa/oe/uy) and the span is given in the original text's characters.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable

_TONES = "\u0301\u0300\u0309\u0303\u0323"
_TONE_PLACEMENT = {
    unicodedata.normalize("NFC", a + b + t): unicodedata.normalize("NFC", a + t + b)
    for a, b in (("o", "a"), ("o", "e"), ("u", "y"))
    for t in _TONES
}
_TONE_RE = re.compile("|".join(map(re.escape, _TONE_PLACEMENT)))
_SAME = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"}
_SAME.update({"\u2212": "-", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_SAME.update({"\u00a0": " "})

Span = tuple[int, int]


def fold(text: str) -> str:
    """The form texts are compared in (same length rules as :class:`FoldedText`)."""
    return FoldedText(text).folded


class FoldedText:
    """A text folded for comparison, with the way back to the original's offsets."""

    def __init__(self, text: str):
        self.text = text
        chars: list[str] = []
        origin: list[int] = []
        space = True  # drop leading spaces
        for i, c in enumerate(unicodedata.normalize("NFC", text)):
            c = _SAME.get(c, c)
            if c.isspace():
                if space:
                    continue
                space = True
                chars.append(" ")
                origin.append(i)
                continue
            if c == "-":
                # "Thiên –Huế", "Thiên - Huế" and "Thiên-Huế" are written alike.
                if chars and chars[-1] == " ":
                    chars.pop()
                    origin.pop()
                chars.append(c)
                origin.append(i)
                space = True
                continue
            space = False
            for f in c.casefold():
                chars.append(f)
                origin.append(i)
        folded = "".join(chars)
        # The tone placement swaps two characters in place: offsets stay valid.
        self.folded = _TONE_RE.sub(lambda m: _TONE_PLACEMENT[m.group(0)], folded)
        self._origin = origin

    def span(self, start: int, end: int) -> Span:
        """The original span of the folded characters ``start:end``."""
        if end <= start:
            at = self._origin[start] if start < len(self._origin) else len(self.text)
            return at, at
        return self._origin[start], self._origin[end - 1] + 1

    def find(self, needle: str, start: int = 0) -> Span | None:
        """The original span of the first match of ``needle`` at or after original ``start``."""
        key = fold(needle).strip(" .,;:")
        if not key:
            return None
        begin = bisect.bisect_left(self._origin, start)
        at = self.folded.find(key, begin)
        return None if at < 0 else self.span(at, at + len(key))

    def find_loose(self, needle: str, start: int = 0) -> Span | None:
        """Like :meth:`find`, else the passage from the needle's first words to its last
        words, when it is not much longer than the needle: a record may leave out a remark in
        brackets ("phối hợp với các Sở (đặc biệt với Sở Giáo dục) xây dựng ...")."""
        span = self.find(needle, start)
        if span is not None:
            return span
        words = fold(needle).split()
        if len(words) < 6:
            return None
        size = min(6, len(words) // 2)
        head = self.find(" ".join(words[:size]), start)
        if head is None:
            return None
        tail = self.find(" ".join(words[-size:]), head[1])
        if tail is None or tail[1] - head[0] > 1.5 * len(needle) + 40:
            return None
        return head[0], tail[1]

    def find_in_order(self, needles: Iterable[str], *, loose: bool = False) -> list[Span | None]:
        """Spans of items listed in order of appearance (repeats included): each is looked
        for after the previous one, then anywhere."""
        find = self.find_loose if loose else self.find
        found: list[Span | None] = []
        cursor = 0
        for needle in needles:
            span = find(needle, cursor) or find(needle)
            found.append(span)
            if span is not None:
                cursor = span[1]
        return found


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def sentences(text: str) -> list[Span]:
    """Spans of the sentences (and paragraphs) of ``text``."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# ---------------------------------------------------------------------------- passages


_MEETING_WORDS = ("hội nghị", "giao ban", "sơ kết", "tổng kết", "triển khai", "họp")


def meeting_span(text: FoldedText) -> Span | None:
    """The sentence that reports the meeting: the first one that names it."""
    spans = sentences(text.text)
    for start, end in spans[:8]:
        if any(w in fold(text.text[start:end]) for w in _MEETING_WORDS):
            return start, end
    return spans[0] if spans else None


def person_span(text: FoldedText, name: str, title: str) -> Span | None:
    """The name's first mention, widened to the title written right before or after it."""
    span = text.find(name)
    if span is None:
        return None
    start, end = span
    if title:
        after = text.find(title, end)
        if after is not None and after[0] - end <= 4:
            end = after[1]
        before = text.find(title, max(0, start - len(title) - 8))
        if before is not None and before[1] <= start and start - before[1] <= 4:
            start = before[0]
    return start, end


_CLAUSE = re.compile(r"[;.](?=\s)|\n")
_AWARD_NOUNS = ("bằng khen", "giấy khen", "cờ thi đua", "huân chương", "chiến sĩ thi đua")


def _clauses(text: str) -> list[Span]:
    spans, start = [], 0
    for m in _CLAUSE.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def commendation_span(text: FoldedText, form: str, collectives, individuals) -> Span | None:
    """The clause that states the award: it names the award; counts and grantor decide
    between clauses."""
    form_key = fold(form)
    noun = next((n for n in _AWARD_NOUNS if n in form_key), None)
    if noun is None:
        return text.find(form)
    grantor = set(form_key.replace(noun, " ").split()) - {"của", "cho", "và"}
    best: tuple[int, Span] | None = None
    for start, end in _clauses(text.text):
        clause = fold(text.text[start:end])
        if noun not in clause:
            continue
        score = sum(1 for w in grantor if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", clause))
        for count, word in ((collectives, "tập thể"), (individuals, "cá nhân")):
            if count is not None and re.search(rf"(?<!\d)0?{count} {word}", clause):
                score += 3
        if best is None or score > best[0]:
            best = (score, (start, end))
    if best is None:
        return None
    start, end = best[1]
    while start < end and text.text[start].isspace():
        start += 1
    return start, end
