"""Commendations: the award with its grantor as the text states them ("Bằng khen của Thủ tướng
Chính phủ"), and how many collectives and individuals received it (digits only). One entry
per award, even when the text (or a caption) mentions it twice."""

from __future__ import annotations

import functools
import re

from tongket.extraction.lexicon import UPPER, alternation, fold, load


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
    r"\s+(?:cho|tới|đến|vì|về|do|đã|có|nhân dịp|nhân kỷ niệm|trong|tại|được|trao|tặng|năm\s+\d"
    r"|và\s+(?:các\s+)?(?i:bằng khen|giấy khen|cờ thi đua|huân chương|danh hiệu))(?!\w)"
    r"|[;:.()\n]|,\s*(?:[a-zđ]|Ảnh)|\s+[-–]\s+Ảnh|$"
)
# Words that make an award a proposal or a plan rather than one conferred: "Sở sẽ đề nghị UBND
# tỉnh tặng Bằng khen", "phấn đấu đạt Cờ thi đua".
_PROPOSED = re.compile(
    r"(?<!theo )(?<!\w)(?:đề nghị(?!\s+của)|đề xuất(?!\s+của)|đã trình|sẽ trình|trình cấp"
    r"|tờ trình|sẽ|dự kiến|phấn đấu|hồ sơ)(?!\w)"
)
# An award named as background to the year's work: "Năm 2015, Sở được tặng Huân chương …",
# "nhiều năm liền được tặng Cờ thi đua".
_BACKGROUND_START = re.compile(
    r"^\W*(?:(?:vào\s+|từ\s+)?năm\s+(\d{4})\b|những năm qua|trong những năm qua"
    r"|nhiều năm qua|qua\s+\d+\s+năm|trong\s+\d+\s+năm|giai đoạn)"
)
_BACKGROUND_ANY = re.compile(
    r"(?<!\w)(?:từng được|đã từng|năm liền|liên tục được|nhiều lần được)(?!\w)"
)
# Words that place an award at the meeting itself.
_AT_MEETING = re.compile(
    r"(?<!\w)(?:nhân dịp|dịp này|tại hội nghị|hội nghị đã|hội nghị cũng|tại buổi|cũng tại)(?!\w)"
)
# Every award's name and "khen thưởng" hold one of these (a quick test before the patterns).
_AWARD_WORDS = ("khen", "thi đua", "chương", "danh hiệu", "lao động")
_ITEM = re.compile(r"\s*(?:[-–+•*]|[a-zđ0-9][.)])\s")
# Who hands an award over for the one who confers it: "Thừa ủy quyền của Thủ tướng Chính phủ,
# đồng chí … trao Bằng khen".
_PROXY = re.compile(
    r"(?:thừa|được(?: sự)?)\s+(?:ủy|uỷ)\s+(?:quyền|nhiệm)(?:\s+của)?\s+|thừa lệnh(?:\s+của)?\s+"
    r"|thay mặt\s+"
)
# The verb that receives or confers, after the counts that go with the award it names:
# "05 tập thể và 12 cá nhân được tặng Bằng khen".
_RECEIVE = re.compile(r"(?<!\w)(?:được|nhận|đạt|đón nhận|vinh dự)(?!\w)")


_HAS_NAME = re.compile(r"kỷ niệm chương|huy chương|danh hiệu$")
_NAMED_AWARD = re.compile(
    r"\s+(?:[“\"‘'«]([^“”\"‘’'«»]{3,80})[”\"’'»]"
    r"|((?:Vì|vì)\s[^,;.()“”\"]+?)(?=\s+(?:cho|của|tới|đến)\s|\s*[,;.(]|\s*$)"
    # A title's name written without quotes: "danh hiệu Anh hùng Lao động".
    r"|((?<=[Dd]anh hiệu )[" + UPPER + r"][^,;.()“”\"]{2,60}?)"
    r"(?=\s+(?:cho|của|tới|đến|năm|tại|và|được|đã)\s|\s*[,;.(]|\s*$))"
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
    key = re.sub(r"^(?:chủ tịch|bộ trưởng|thủ tướng)\s+", "", key)
    key = re.sub(r"ủy ban nhân dân|uỷ ban nhân dân", "ubnd", key)
    # "UBND tỉnh Bến Tre" is "UBND tỉnh".
    key = re.sub(r"^(ubnd (?:tỉnh|thành phố))\b.*", r"\1", key)
    ministry = re.match(r"bộ\s+(.+)", key)
    if ministry:
        # "Bộ Thông tin và Truyền thông" and "Bộ TT&TT": the initials of the name.
        name = ministry.group(1)
        words = [w for w in re.findall(r"\w+", name) if w != "và"]
        initials = "".join(w[0] for w in words) if len(words) > 1 else "".join(words)
        if re.fullmatch(r"[\w&\-–]+", name):
            initials = re.sub(r"[&\-–]", "", name)
        key = "bộ " + initials
    return key


def extract_commendations(
    sentences: list[str],
    *,
    department: str | None = None,
    title: str | None = None,
    year: int | None = None,
) -> list[dict]:
    """Awards in ``sentences`` (and in the headline ``title``: "… nhận Cờ thi đua của Chính
    phủ"); a Giấy khen whose grantor the text leaves out, at a department's meeting, is its
    director's. Awards proposed or planned, and awards told as background (of a year before
    ``year``, the first the meeting reviewed), are not counted."""
    lex = _lex()
    awards = lex[0]
    found: list[dict] = []
    proposed_list = False
    for sentence in [*sentences, *([title] if title else [])]:
        # "Sở đề nghị khen thưởng như sau:" and its items ("- Bằng khen …").
        if proposed_list and _ITEM.match(sentence):
            continue
        lower = sentence.lower()
        if not any(word in lower for word in _AWARD_WORDS):
            proposed_list = False
            continue
        folded = fold(sentence)
        proposed_list = sentence.rstrip().endswith(":") and bool(_PROPOSED.search(folded))
        if _background(folded, year):
            continue
        matches = list(awards.finditer(folded))
        if not matches:
            plain = _plain_commendation(sentence, folded, department)
            if plain:
                found.append(plain)
            continue
        previous_end = 0
        proposed = False
        for m in matches:
            if m.start() < previous_end:
                continue  # inside the quoted name of the title before
            # "đề nghị UBND tỉnh tặng Bằng khen cho …, Bộ TT&TT tặng Bằng khen cho …": all
            # that the proposal names.
            proposed = proposed or _proposed(folded, m.start())
            if proposed:
                previous_end = m.end()
                continue
            named = _NAMED_AWARD.match(sentence, m.end()) if _HAS_NAME.match(m.group()) else None
            end = named.end() if named else m.end()
            following = next((n for n in matches if n.start() >= end), None)
            item = _one_award(sentence, folded, m, named, following, previous_end, department, lex)
            previous_end = end
            if item is not None:
                found.append(item)
    return _merge(found)


def _proposed(folded: str, start: int) -> bool:
    """An award the clause before it proposes or plans ("đề nghị UBND tỉnh tặng …"): the
    proposing word joined to the award without a comma."""
    for p in _PROPOSED.finditer(folded, 0, start):
        between = folded[p.end() : start]
        if len(between) <= 70 and "," not in between:
            return True
    return False


def _background(folded: str, year: int | None) -> bool:
    """A sentence telling awards of earlier years ("Năm 2015, Sở được tặng …")."""
    if _BACKGROUND_ANY.search(folded) and not _AT_MEETING.search(folded):
        return True
    start = _BACKGROUND_START.match(folded)
    if not start:
        return False
    if start.group(1):
        return year is not None and int(start.group(1)) < year
    return True


def _one_award(sentence, folded, m, named, following, previous_end, department, lex) -> dict | None:
    _, grantors, verbs, shorten, _, _ = lex
    award = _canonical_award(sentence[m.start() : m.end()])
    grantor = None
    after = sentence[m.end() :]
    if named:
        # "Kỷ niệm chương Vì sự nghiệp Thông tin và Truyền thông": the medal's name.
        award = f"{award} {(named.group(1) or named.group(2) or named.group(3)).strip()}"
        after = sentence[named.end() :]
    if fold(award) == "danh hiệu":
        return None  # "danh hiệu …" without a title's name is not an award
    if re.search(
        r"(?:giữ vững|duy trì|giữ)\s+(?:được\s+)?$", folded[max(0, m.start() - 20) : m.start()]
    ):
        return None  # a title kept, not conferred
    # A state order is the President's: its form is its name unless the text writes
    # a grantor after it ("Huân chương Lao động hạng Ba").
    state_order = fold(award).startswith("huân chương")
    conferred = fold(award).startswith(("bằng khen", "giấy khen", "cờ thi đua"))
    gm = re.match(r"\s+(?:xuất sắc\s+)?của\s+", after)
    if gm:
        rest = after[gm.end() :]
        if following is not None:
            # "Bằng khen của Bộ trưởng Bộ TT&TT, Bằng khen của …": up to the next award.
            rest = rest[: max(0, following.start() - (len(sentence) - len(rest)))]
        end = _GRANTOR_END.search(rest)
        grantor = rest[: end.start()] if end else rest
        grantor = re.sub(r"(?:[\s,]+(?:và|cùng|với))+\s*$", "", grantor).strip(" ,")
    elif conferred:
        # "Bằng khen UBND tỉnh", "Giấy khen Giám đốc Sở": the grantor without "của".
        start = len(sentence) - len(after)
        gd = grantors.match(folded, start + len(after) - len(after.lstrip()))
        if gd and after[:1].isspace():
            grantor = sentence[gd.start() : gd.end()]
    if grantor is None and conferred:
        # "Thừa ủy quyền của Thủ tướng Chính phủ, đồng chí … trao Bằng khen" (an order's
        # name already says who confers it): the one who authorised the hand-over.
        proxy = list(_PROXY.finditer(folded, previous_end, m.start()))
        if proxy:
            gm2 = grantors.match(folded, proxy[-1].end())
            if gm2:
                grantor = sentence[gm2.start() : gm2.end()]
    # A title ("danh hiệu Chiến sĩ thi đua cơ sở") is named without the one who confers it.
    title = re.match(r"(?:danh hiệu|chiến sĩ|lao động|tập thể)", fold(award)) is not None
    if grantor is None and not title:
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
                    r"\s*(?:(?:đã|cũng|vừa|quyết định|ký quyết định|trao)\s*)*",
                    before[gs[-1].end() :],
                )
            ):
                offset = m.start() - len(head)
                grantor = sentence[offset + gs[-1].start() : offset + gs[-1].end()]
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
    if grantor is None and not state_order and not title:
        # "Sở Nội vụ đã tặng Giấy khen": a department before the verb.
        head = sentence[max(0, m.start() - 90) : m.start()]
        dm = re.search(
            r"(Sở\s[^,;.]{2,60}?|Giám đốc Sở[^,;.]{0,60}?)\s+(?:đã\s+|cũng\s+)*(?:tặng|trao tặng|trao|khen thưởng)\s+$",
            head,
        )
        if dm:
            grantor = dm.group(1)
        elif award.lower().startswith("giấy khen") and department and department.startswith("Sở"):
            grantor = "Giám đốc Sở"
    if grantor is not None and fold(grantor) == "bộ trưởng":
        # "Thừa ủy quyền của Bộ trưởng Bộ TT&TT, … trao Bằng khen của Bộ trưởng": the
        # minister named before.
        ministry = _named_before(sentence[: m.start()], "Bộ")
        grantor = f"Bộ trưởng {ministry}" if ministry else grantor
    if grantor in ("Bộ", "bộ"):
        # "Cục trưởng …, Bộ Thông tin - Truyền thông được sự ủy nhiệm của Bộ trao cờ thi
        # đua": the ministry is the one named before.
        grantor = _named_before(sentence[: m.start()], "Bộ") or grantor
    if grantor:
        grantor = _shorten(grantor.strip(), shorten)
        if len(grantor.split()) > 12:
            grantor = None
    form = f"{award} của {grantor}" if grantor else award
    collectives, individuals = _counts(folded, m, following, previous_end, lex)
    return {
        "form": form,
        "collectives": collectives,
        "individuals": individuals,
        "_award": fold(award),
        "_grantor": _grantor_key(grantor),
    }


def _counts(folded, m, following, previous_end, lex) -> tuple:
    """How many collectives and individuals received the award matched by ``m``: counts after
    it up to the next award ("… cho 2 tập thể và 3 cá nhân"), else counts before it that a
    verb joins to it ("05 tập thể và 12 cá nhân được tặng …"), else a number of awards and
    who got them ("tặng 25 giấy khen cho các cá nhân")."""
    coll, indiv = lex[4], lex[5]
    stop = m.end() + 160
    if following is not None:
        stop = min(stop, following.start())
    tail = folded[m.end() : stop]
    tail = re.split(
        r"[;.]|\s(?:và|,)\s*(?:nhiều|các)?\s*(?:tập thể|cá nhân)?\s*(?:được|nhận)\s", tail
    )[0]
    # Counts written before a later verb belong to the next award ("…, 5 tập thể được công
    # nhận danh hiệu …").
    nouns = f"(?:{coll.pattern}|{indiv.pattern})"
    ahead = re.search(
        rf"(?:,|\svà|\scùng)\s+(?:có\s+)?\d+\s+{nouns}(?:\s*(?:,|và)\s*\d+\s+{nouns})*"
        r"[^,;.\d]{0,30}?\s(?:được|nhận|đạt|đón nhận)(?!\w)",
        tail,
    )
    if ahead:
        tail = tail[: ahead.start()]
    collectives, individuals = _count(tail, coll), _count(tail, indiv)
    if collectives is None and individuals is None:
        head = folded[max(previous_end, m.start() - 100) : m.start()]
        counted = list(re.finditer(rf"\d+\s+{nouns}", head))
        if counted and _RECEIVE.search(head, counted[-1].end()):
            head = head[: counted[-1].end()]
            collectives, individuals = _count(head, coll), _count(head, indiv)
    if collectives is None and individuals is None:
        # "tặng 10 giấy khen cho các tập thể": the number of awards, and who got them;
        # "công nhận 5 Chiến sĩ thi đua cơ sở": the title says who.
        nm = re.search(r"(?<![\d.,/])(\d+)\s+$", folded[max(0, m.start() - 12) : m.start()])
        if nm:
            award = folded[m.start() : m.end()]
            who = re.match(
                r"[^;.]{0,40}?\bcho\s+(?:các\s+|những\s+)?(tập thể|cá nhân)\b(?!\s*(?:,|và)\s*(?:tập thể|cá nhân))",
                tail,
            )
            kind = who.group(1) if who else None
            if kind is None and re.match(r"(?:danh hiệu\s+)?tập thể", award):
                kind = "tập thể"
            elif kind is None and re.match(r"(?:danh hiệu\s+)?(?:chiến sĩ|lao động)", award):
                kind = "cá nhân"
            if kind == "tập thể":
                collectives = int(nm.group(1))
            elif kind == "cá nhân":
                individuals = int(nm.group(1))
    return collectives, individuals


# "Giám đốc Sở đã khen thưởng cho 5 tập thể, 10 cá nhân": an award the text leaves unnamed;
# its grantor's usual form (a director's Giấy khen, a chairman's or minister's Bằng khen).
_PLAIN = re.compile(
    r"(?:^|[\s,])(?:(?P<grantor>[^,;.]{2,60}?)\s+)?(?:đã\s+|cũng\s+|quyết định\s+)*"
    r"khen thưởng\s+(?:cho\s+)?(?P<counts>\d+\s+[^;.]{2,60})"
)


def _plain_commendation(sentence: str, folded: str, department: str | None) -> dict | None:
    if "khen thưởng" not in folded:
        return None
    pm = _PLAIN.search(folded)
    if not pm or _proposed(folded, pm.start("counts")) or not _AT_MEETING.search(folded):
        # Without an award's name, only what the meeting itself gave ("Tại hội nghị, …").
        return None
    _, grantors, _, shorten, coll, indiv = _lex()
    counts = pm.group("counts")
    counts = (
        counts[: m.start()] if (m := re.search(r"\s(?:có|vì|về|trong|đã)\s", counts)) else counts
    )
    collectives, individuals = _count(counts, coll), _count(counts, indiv)
    if collectives is None and individuals is None:
        return None
    words = pm.group("grantor") or ""
    named = list(grantors.finditer(words))
    grantor = None
    if named:
        start = pm.start("grantor") + named[-1].start()
        grantor = sentence[start : pm.start("grantor") + named[-1].end()]
    elif not department or not department.startswith("Sở"):
        return None
    key = fold(grantor or "sở")
    if key.startswith(("chủ tịch nước", "chính phủ")):
        return None
    if key.startswith(("sở", "giám đốc sở")):
        form, grantor_key = "Giấy khen của Giám đốc Sở", "giám đốc sở"
    else:
        grantor = _shorten(grantor or "", shorten)
        form, grantor_key = f"Bằng khen của {grantor}", _grantor_key(grantor)
    return {
        "form": form,
        "collectives": collectives,
        "individuals": individuals,
        "_award": "giấy khen" if form.startswith("Giấy") else "bằng khen",
        "_grantor": grantor_key,
    }


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


_BOTH = re.compile(r"\s*(?:,|và|hoặc)\s*(?:tập thể|cá nhân)(?!\w)")


def _count(text: str, nouns: re.Pattern) -> int | None:
    folded = fold(text)
    total = None
    for m in nouns.finditer(folded):
        if _BOTH.match(folded, m.end()):
            continue  # "20 tập thể, cá nhân" counts both together
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
