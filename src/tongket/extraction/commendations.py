"""Commendations: the award with its grantor as the text states them ("Bằng khen của Thủ tướng
Chính phủ"), and how many collectives and individuals received it (digits only). One entry
per award, even when the text (or a caption) mentions it twice."""

from __future__ import annotations

import functools
import re

from tongket.extraction.lexicon import alternation, fold, load


@functools.cache
def _lex():
    data = load("awards")
    awards = alternation(data["awards"])
    grantors = alternation(data["grantors"])
    verbs = alternation(data["verbs"])
    shorten = [(re.compile(p, re.IGNORECASE), r) for p, r in data["shorten"]]
    coll = alternation(data["count_collective"])
    indiv = alternation(data["count_individual"])
    return awards, grantors, verbs, shorten, coll, indiv


_GRANTOR_END = re.compile(
    r"\s+(?:cho|tới|đến|vì|về|do|đã|có|nhân|trong|tại)\s|[;.()\n]|,\s*(?:[a-zđ]|Ảnh)|\s+[-–]\s+Ảnh|$"
)


_HAS_NAME = re.compile(r"kỷ niệm chương|huy chương|danh hiệu$")
_NAMED_AWARD = re.compile(
    r"\s+(?:[“\"]([^“”\"]{3,80})[”\"]"
    r"|((?:Vì|vì)\s[^,;.()“”\"]+?)(?=\s+(?:cho|của|tới|đến)\s|\s*[,;.(]|\s*$))"
)


def _canonical_award(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] if text else text


def _shorten(grantor: str, shorten) -> str:
    for pattern, repl in shorten:
        if pattern.match(grantor):
            return pattern.sub(repl, grantor)
    return grantor


def _grantor_key(grantor: str | None) -> str:
    """ "UBND tỉnh" and "Chủ tịch UBND tỉnh" name the same grantor of a Bằng khen."""
    if not grantor:
        return ""
    key = fold(grantor)
    key = re.sub(r"^chủ tịch\s+", "", key)
    key = re.sub(r"ủy ban nhân dân|uỷ ban nhân dân", "ubnd", key)
    key = re.sub(r"^bộ trưởng\s+", "", key)
    return key


def extract_commendations(sentences: list[str], *, department: str | None = None) -> list[dict]:
    """Awards in ``sentences``; a Giấy khen whose grantor the text leaves out, at a
    department's meeting, is its director's."""
    awards, grantors, verbs, shorten, coll, indiv = _lex()
    found: list[dict] = []
    for sentence in sentences:
        folded = fold(sentence)
        for m in awards.finditer(folded):
            award = _canonical_award(sentence[m.start() : m.end()])
            grantor = None
            after = sentence[m.end() :]
            named = _NAMED_AWARD.match(after) if _HAS_NAME.match(fold(award)) else None
            if named:
                # "Kỷ niệm chương Vì sự nghiệp Thông tin và Truyền thông": the medal's name.
                award = f"{award} {(named.group(1) or named.group(2)).strip()}"
                after = after[named.end() :]
            # A state order is the President's: its form is its name unless the text writes
            # a grantor after it ("Huân chương Lao động hạng Ba").
            if fold(award) == "danh hiệu":
                continue  # "giữ vững danh hiệu …" without a title's name is not an award
            state_order = fold(award).startswith("huân chương")
            gm = re.match(r"\s+(?:xuất sắc\s+)?của\s+", after)
            if gm:
                rest = after[gm.end() :]
                end = _GRANTOR_END.search(rest)
                grantor = rest[: end.start()].strip(" ,") if end else rest.strip()
            else:
                # "Thủ tướng Chính phủ đã tặng bằng khen", "UBND tỉnh tặng bằng khen".
                head = folded[max(0, m.start() - 70) : m.start()]
                vm = list(verbs.finditer(head))
                if vm and head[vm[-1].end() :].strip() == "":
                    before = head[: vm[-1].start()]
                    gs = list(grantors.finditer(before))
                    if (
                        gs
                        and not state_order
                        and re.fullmatch(
                            r"\s*(?:đã|cũng|đã trao|cũng đã)?\s*", before[gs[-1].end() :]
                        )
                    ):
                        offset = m.start() - len(head)
                        grantor = sentence[offset + gs[-1].start() : offset + gs[-1].end()]
            if grantor is None and fold(award).startswith(("bằng khen", "giấy khen", "cờ thi đua")):
                # "Thừa ủy quyền của Chủ tịch UBND tỉnh, đồng chí … trao Bằng khen" (an order's
                # name already says who confers it).
                head = folded[: m.start()]
                proxy = list(re.finditer(r"thừa (?:ủy|uỷ) quyền(?: của)?\s+", head))
                if proxy:
                    gm2 = grantors.match(head, proxy[-1].end())
                    if gm2:
                        grantor = sentence[gm2.start() : gm2.end()]
            if grantor is None and fold(award).startswith("bằng khen"):
                # "Phó Chủ tịch UBND tỉnh Lê Văn A trao Bằng khen": the province's chairman
                # confers the Bằng khen its (vice-)chairman hands over.
                head = sentence[max(0, m.start() - 90) : m.start()]
                handed = re.search(
                    r"(?:Phó\s+)?Chủ tịch\s+(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|thành phố)"
                    r"(?:\s+[A-ZĐ][^\s,;.]*){0,4}\s+(?:đã\s+)?(?:trao tặng|trao|tặng)\s+$",
                    head,
                )
                if handed:
                    grantor = "Chủ tịch UBND " + handed.group(1)
            if grantor is None and not state_order:
                # "Sở Nội vụ đã tặng Giấy khen": a department before the verb.
                head = sentence[max(0, m.start() - 90) : m.start()]
                dm = re.search(
                    r"(Sở\s[^,;.]{2,60}?|Giám đốc Sở[^,;.]{0,60}?)\s+(?:đã\s+|cũng\s+)*(?:tặng|trao tặng|trao|khen thưởng)\s+$",
                    head,
                )
                if dm:
                    grantor = dm.group(1)
                elif (
                    award.lower().startswith("giấy khen")
                    and department
                    and department.startswith("Sở")
                ):
                    grantor = "Giám đốc Sở"
            if grantor in ("Bộ", "bộ"):
                # "Cục trưởng …, Bộ Thông tin - Truyền thông được sự ủy nhiệm của Bộ trao cờ thi
                # đua": the ministry is the one named before.
                grantor = _named_before(sentence[: m.start()], "Bộ") or grantor
            if grantor:
                grantor = _shorten(grantor.strip(), shorten)
                if len(grantor.split()) > 12:
                    grantor = None
            form = f"{award} của {grantor}" if grantor else award
            tail = sentence[m.end() : m.end() + 160]
            # The counts of this award stop where the next award is named.
            following = awards.search(folded, m.end() + (named.end() if named else 0))
            if following is not None:
                tail = sentence[m.end() : min(m.end() + 160, following.start())]
            tail = re.split(
                r"[;.]|\s(?:và|,)\s*(?:nhiều|các)?\s*(?:tập thể|cá nhân)?\s*(?:được|nhận)\s", tail
            )[0]
            collectives = _count(tail, coll)
            individuals = _count(tail, indiv)
            if collectives is None and individuals is None:
                head = re.split(r"[;.]", sentence[max(0, m.start() - 80) : m.start()])[-1]
                collectives, individuals = _count(head, coll), _count(head, indiv)
            if collectives is None and individuals is None:
                # "tặng 10 giấy khen cho các tập thể": the number of awards, and who got them.
                nm = re.search(
                    r"(?<![\d.,/])(\d+)\s+$", sentence[max(0, m.start() - 12) : m.start()]
                )
                who = re.match(r"[^;.]{0,40}?\bcho\s+(?:các\s+|những\s+)?(tập thể|cá nhân)\b", tail)
                if nm and who:
                    if who.group(1) == "tập thể":
                        collectives = int(nm.group(1))
                    else:
                        individuals = int(nm.group(1))
            found.append(
                {
                    "form": form,
                    "collectives": collectives,
                    "individuals": individuals,
                    "_award": fold(award),
                    "_grantor": _grantor_key(grantor),
                }
            )
    return _merge(found)


def _named_before(text: str, head: str) -> str | None:
    """The last body named in full before a short mention of it ("Bộ Thông tin - Truyền
    thông" for "Bộ"): the head word and the capitalised words joined to it."""
    part = r"[A-ZĐ][\w&]*(?:\s+(?!và\b)[\w&]+){0,2}"
    names = re.findall(head + rf"\s+{part}(?:\s*(?:,|[-–]|\svà)\s*{part})*", text)
    if not names:
        return None
    name = names[-1]
    while True:
        trimmed = re.sub(r"\s+(?:được|đã|trao|tặng|cho|có|là|về|tại|của|với|nhận)$", "", name)
        if trimmed == name:
            return name
        name = trimmed


def _count(text: str, nouns: re.Pattern) -> int | None:
    folded = fold(text)
    total = None
    for m in nouns.finditer(folded):
        nm = re.search(r"(?<![\d.,/])(\d+)\s*$", folded[: m.start()])
        if nm:
            total = (total or 0) + int(nm.group(1))
    return total


def _merge(found: list[dict]) -> list[dict]:
    out: list[dict] = []
    for item in found:
        twin = next(
            (
                o
                for o in out
                if o["_award"] == item["_award"]
                and (o["_grantor"] == item["_grantor"] or not o["_grantor"] or not item["_grantor"])
            ),
            None,
        )
        if twin is None:
            out.append(item)
            continue
        # Keep the fuller grantor and the counts wherever they were stated.
        if len(item["form"]) > len(twin["form"]):
            twin["form"], twin["_grantor"] = item["form"], item["_grantor"]
        for key in ("collectives", "individuals"):
            if twin[key] is None:
                twin[key] = item[key]
    return [{k: v for k, v in o.items() if not k.startswith("_")} for o in out]
