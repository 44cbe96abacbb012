"""People named as taking part, with their positions as written: "Đ/c Nguyễn Văn Quang, Ủy
viên Thường vụ Tỉnh ủy", "Giám đốc Hồ Xuân Phán", "đồng chí Hà Ngọc Giang -Giám đốc Sở BCVT
Sơn La", "về phía Bộ Bưu chính, Viễn thông có Thứ trưởng Nguyễn Thành Hưng"."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tongket.extraction.lexicon import alternation, fold, load
from tongket.extraction.organizer import department_mentions

_HONORIFIC_BEFORE = re.compile(r"(?<![\w/])(?:đồng chí|đồng trí|đ/c|ông|bà)\s*:?\s*$")
_NOT_NAME_START = frozenset(
    [
        "sở",
        "bộ",
        "ban",
        "hội",
        "ubnd",
        "hđnd",
        "tỉnh",
        "thành",
        "phòng",
        "trung",
        "văn",
        "đài",
        "báo",
        "cục",
        "vụ",
        "viện",
        "trường",
        "công",
        "ty",
        "tổng",
        "ngành",
        "đảng",
        "nhà",
        "chính",
        "quốc",
        "việt",
    ]
)
_BETWEEN_NAMES = re.compile(r"\s*(,|và)\s*")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+|\S")


@functools.cache
def _lex():
    data = load("people")
    heads = alternation(data["title_heads"])
    honor = alternation(data["honorifics"])
    stops = sorted(data["title_stops"], key=len, reverse=True)
    stop_re = re.compile(
        r"\s+(?:"
        + "|".join(re.escape(s) for s in stops)
        + r"|và\s+(?:đồng chí|đ/c|ông|bà|các|lãnh đạo|đại diện|toàn thể|đông đảo|nhiều))(?![^\W\d_])",
        re.IGNORECASE,
    )
    surnames = {fold(s) for s in data["surnames"]}
    not_people = {fold(s) for s in data["not_people"]}
    bare = {fold(s) for s in data["bare_department_titles"]}
    typos = sorted(data["typo_fixes"].items(), key=lambda kv: -len(kv[0]))
    return heads, honor, stop_re, surnames, not_people, bare, typos


@dataclass
class _Person:
    name: str
    title: str | None
    start: int


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and word[:1].isalpha()


def _runs(text: str):
    """Runs of capitalized words: (list of (word, start, end))."""
    run: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(text):
        w = m.group(0)
        if _is_cap(w) and (not run or text[run[-1][2] : m.start()] in (" ",)):
            run.append((w, m.start(), m.end()))
        else:
            if run:
                yield run
            run = [(w, m.start(), m.end())] if _is_cap(w) else []
    if run:
        yield run


# The most common family names: a run "Tiền Giang Nguyễn Thị Đang" starts its name at one.
_COMMON_SURNAMES = frozenset(
    fold(s)
    for s in [
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
    ]
)


def _name_in(run, surnames, heads_folded) -> tuple[int, int] | None:
    words = [w for w, _, _ in run]
    starts = [i for i, w in enumerate(words) if fold(w) in surnames]
    common = [i for i in starts if fold(words[i]) in _COMMON_SURNAMES and len(words) - i >= 2]
    if common:
        first = set(common)
        starts = common + [i for i in starts if i not in first]
    for i in starts:
        j = i + 1
        while j < len(words) and j - i < 4 and not _starts_title(words[j : j + 4], heads_folded):
            j += 1
        if j - i >= 2:
            return i, j
    return None


def _starts_title(words: list[str], heads_folded: re.Pattern) -> bool:
    return bool(heads_folded.match(fold(" ".join(words[:4]))))


def _clean_title(title: str, typos) -> str | None:
    title = re.sub(r"\s*\([^)]*\)?$", "", title)
    title = title.strip(" ,;:-–—")
    title = re.sub(r"\s*[-–—]\s*$", "", title)
    for wrong, right in typos:
        title = re.sub(rf"(?<!\w){re.escape(wrong)}(?!\w)", right, title)
    return title or None


# A title runs at most 14 words; a stretch this long with no end in sight is not one. Every
# search after a name looks this far at most, so a long paragraph costs linear time.
_TITLE_REACH = 300
_TITLE_LEAD = re.compile(r"\s*(?:,|[-–—]|\()\s*")
_SEGMENT_END = re.compile(r"[,;.:()\n]|\s[-–—]\s|[-–—](?=\s*[A-ZĐ])")
_DEPARTMENT_END = re.compile(r"[,;.:()\n]|\s[-–—]\s")
_SEGMENT_SEP = re.compile(r"\s*(?:,|[-–—])\s*")
_BAN_BEFORE = re.compile(r"\bBan$")
_CAC = re.compile(r"(?<!\w)các(?!\w)")


def _segment_end(text: str, start: int, pattern: re.Pattern) -> tuple[int, bool | None]:
    """Where a title segment from ``start`` ends: (position, True) at a separator, (end of
    text, False) when there is none, (``start`` + reach, None) when none is within reach."""
    reach = start + _TITLE_REACH
    found = pattern.search(text, start, reach)
    if found:
        return found.start(), True
    if reach >= len(text):
        return len(text), False
    return reach, None


def _post_title(text: str, folded: str, pos: int, heads, stop_re) -> str | None:
    """The title written after a name: ", Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh tới dự".

    ``folded`` is ``fold(text)`` (same length, so positions carry over)."""
    m = _TITLE_LEAD.match(text, pos)
    if not m:
        return None
    at = m.end()
    segments = []
    while True:
        hm = heads.match(folded, at)
        if not hm:
            break
        seg_end, ended = _segment_end(text, at, _SEGMENT_END)
        # A department name with a comma or dash inside ("Sở Bưu chính, Viễn thông").
        for d_start, d_end, _ in department_mentions(text[at : at + 120]):
            if d_start < seg_end - at < d_end:
                seg_end, ended = _segment_end(text, at + d_end, _DEPARTMENT_END)
                break
        seg = text[at:seg_end]
        if ended is None:
            # Cut at the reach: a stop word may still end the title within it.
            seg = text[at : seg_end + 40]
        sm = next(
            (s for s in stop_re.finditer(seg) if not _BAN_BEFORE.search(seg, 0, s.start())),
            None,
        )
        if ended is None and (sm is None or sm.start() >= seg_end - at):
            break  # no end within reach: too long for a title
        stopped = bool(sm)
        if sm:
            seg = seg[: sm.start()]
        if _CAC.search(seg) or len(seg.split()) > 14:
            break
        segments.append(seg.strip())
        if stopped or not ended:
            break
        sep = _SEGMENT_SEP.match(text, seg_end)
        if not sep:
            break
        at = sep.end()
    return ", ".join(segments) if segments else None


def _pre_title(text: str, start: int, heads) -> str | None:
    """The title written before a name: "Giám đốc Sở Tư pháp Tiền Giang Nguyễn Thị Đang"."""
    reach = max(0, start - _TITLE_REACH)
    clause_start = max(reach, max(text.rfind(ch, reach, start) for ch in ',;.:(\n“"') + 1)
    # "… và đồng chí Phạm Thu Hà": what stands before the honorific belongs to someone else.
    honorific = list(
        re.finditer(
            r"(?<!\w)(?:đồng chí|đồng trí|đ/c|ông|bà)(?!\w)", fold(text[clause_start:start])
        )
    )
    if honorific:
        clause_start += honorific[-1].end()
    clause = text[clause_start:start]
    found = list(heads.finditer(fold(clause)))
    if not found:
        return None
    head = found[-1]
    title = clause[head.start() :].strip()
    if len(title.split()) > 14 or re.search(r"(?<!\w)(các|đã|của các)(?!\w)", title):
        return None
    # "về phía Bộ Bưu chính, Viễn thông có Thứ trưởng X": the body comes before.
    side = re.search(
        r"về phía\s+(?P<org>(?:Bộ|Sở|Ban|Tổng cục|Cục|Ủy ban|UBND|Văn phòng)\b[^;:]*?)\s+có\s+"
        r"(?:đồng chí\s+|ông\s+|bà\s+)?$",
        text[max(0, start - 120) : clause_start + head.start()],
        re.IGNORECASE,
    )
    if side and len(title.split()) <= 3:
        title = f"{title} {side.group('org').strip()}"
    return title


def extract_people(
    text: str, *, department: str | None = None, exclude: set[str] | None = None
) -> list[dict]:
    heads, _, stop_re, surnames, not_people, bare, typos = _lex()
    exclude_f = {fold(e) for e in (exclude or set())}
    folded = fold(text)
    found: list[_Person] = []
    last_end, last_pre_title = -10, None
    for run in _runs(text):
        span = _name_in(run, surnames, heads)
        honor_before = None
        if span is None:
            # "ông K’Mák", "ông Y Biêr Niê": names without a family name, after an honorific.
            first = run[0]
            hm = _HONORIFIC_BEFORE.search(folded[max(0, first[1] - 12) : first[1]])
            words = [w for w, _, _ in run]
            if (
                hm
                and len(run) <= 3
                and (len(run) > 1 or re.search(r"['’]", first[0]))
                and not heads.match(folded, first[1])
                and fold(words[0]) not in _NOT_NAME_START
            ):
                span = (0, len(run))
                honor_before = True
            else:
                continue
        i, j = span
        start, end = run[i][1], run[j - 1][2]
        name = text[start:end]
        if fold(name) in not_people or fold(name) in exclude_f:
            continue
        if honor_before is None:
            honor_before = bool(_HONORIFIC_BEFORE.search(folded[max(0, start - 15) : start]))
        post = _post_title(text, folded, end, heads, stop_re)
        pre = _pre_title(text, start, heads) if post is None else None
        title = post or pre
        inherited = False
        if title is None and not honor_before:
            between = last_end >= 0 and _BETWEEN_NAMES.fullmatch(text, last_end, start)
            if between and last_pre_title:
                title, inherited = last_pre_title, True
            else:
                continue
        if title:
            title = _clean_title(title, typos)
        if title and department and fold(title) in bare:
            title = f"{title} {department}" if department.startswith("Sở") else title
        found.append(_Person(name, title, start))
        last_end = end
        last_pre_title = pre if (pre and not post) else (last_pre_title if inherited else None)
    return _merge(found)


def _merge(found: list[_Person]) -> list[dict]:
    out: dict[str, dict] = {}
    for p in found:
        key = fold(p.name)
        if key not in out:
            out[key] = {"name": p.name, "title": p.title}
        elif not out[key]["title"] and p.title:
            out[key]["title"] = p.title
    return list(out.values())
