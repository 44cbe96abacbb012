"""Take a scraped page apart: headline, datelines, byline, photo captions, page furniture,
repeated paragraphs, and the body that is left."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from tongket.extraction.dates import Dateline, parse_dateline
from tongket.extraction.lexicon import UPPER, fold, load

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# A caption glued to the lead: "... Sở BCVT Sơn LaNgày 18/01/2007, Sở BCVT ...".
_FUSED_LEAD = re.compile(
    r"(?<=[^\W\d_]|[.)”\"])(?=(?:Ngày|Sáng|Chiều|Tối|Trưa|Hôm nay|Vừa qua)\s*(?:ngày\s*)?"
    r"(?:nay\s*)?\(?\d{1,2}\s*[/-]\s*\d{1,2})"
)
_FUSED_DATE = re.compile(r"(?<=[^\W\d_])(?=\d{1,2}/\d{1,2}/\d{4}\b)")
_LEAD_START = re.compile(
    r"^(?:\(?[^()\n]{0,40}\)?\s*[-–—]\s*)?(?:vừa qua,?\s*)?(?:vào\s+)?"
    r"(?:(?:sáng|chiều|tối|trưa|hôm|đêm)\s+(?:nay\s*)?(?:ngày\s*)?|ngày\s*|trong\s+(?:hai\s+|2\s+)?ngày\s+)"
    r"\(?\d{1,2}\s*(?:[/-]|tháng)",
    re.IGNORECASE,
)
_SENTENCE_BREAK = re.compile(rf"[.!?…]\s+(?=[{UPPER}\"“(])")
_BULLET = re.compile(r"^[\s•·▪►»*]+")
_PERSON_START = re.compile(
    r"^(?:ông|bà|đồng chí|đồng trí|đ/c|lãnh đạo|đại diện|các đại biểu|đại biểu|thứ trưởng|bộ trưởng|"
    r"phó chủ tịch|chủ tịch|giám đốc|phó giám đốc|bí thư|phó bí thư|trưởng ban|thừa ủy quyền|"
    r"thừa uỷ quyền|tập thể|cán bộ|quang cảnh|toàn cảnh)\b",
    re.IGNORECASE,
)
_UNIT_START = re.compile(
    r"^(?:sở|phòng|trung tâm|ban|văn phòng|ubnd|ủy ban|uỷ ban|báo|đài|cổng|bộ|cục|chi cục|"
    r"thanh tra|tạp chí)\b",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(rf"^[{UPPER}][^\W\d_]*\.?$|^[{UPPER}]\.[{UPPER}][^\W\d_]*$")


@dataclass
class Layout:
    """A page taken apart. ``paragraphs`` is the body in order."""

    title: str | None = None
    datelines: list[Dateline] = field(default_factory=list)
    source_hint: str | None = None
    byline: str | None = None
    captions: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    fused_captions: list[str] = field(default_factory=list)


@functools.cache
def _furniture() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern, list[str]]:
    data = load("furniture")
    lines = re.compile("|".join(f"(?:{p})" for p in data["lines"]), re.IGNORECASE)
    inline = re.compile("|".join(f"(?:{p})" for p in data["inline"]), re.IGNORECASE)
    cues = re.compile("|".join(f"(?:{p})" for p in data["caption_cues"]), re.IGNORECASE)
    lead = re.compile(data["lead_source"])
    return lines, inline, cues, lead, [fold(w) for w in data["header_words"]]


def normalize(text: str) -> str:
    """NFC, one kind of space, no invisible characters, Unix line ends."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def is_furniture(line: str) -> bool:
    lines, *_ = _furniture()
    return bool(lines.fullmatch(line.strip()))


def _is_lead(line: str) -> bool:
    if _LEAD_START.match(line):
        return True
    _, _, _, lead, _ = _furniture()
    m = lead.match(line)
    if m and len(line) > 60:
        return True
    if len(line) > 220:
        return True
    return len(line) > 120 and bool(_SENTENCE_BREAK.search(line.rstrip(".")))


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


def _same_paragraph(a: str, b: str) -> bool:
    fa, fb = fold(a).strip(" ."), fold(b).strip(" .")
    if fa == fb:
        return True
    if min(len(fa), len(fb)) < 60:
        return False
    ta, tb = _tokens(a), _tokens(b)
    return len(ta & tb) / max(1, len(ta | tb)) >= 0.85


_HEADLINE_WORDS = re.compile(
    r"hội nghị|tổng kết|sơ kết|triển khai|giao ban|nhiệm vụ|kế hoạch|công tác|phương hướng|"
    r"năm \d{4}|tháng|quý|hội thảo|làm việc|thi đua|khen thưởng",
    re.IGNORECASE,
)


def looks_like_caption(line: str, *, last: bool = False) -> bool:
    """A stand-alone line that reads as a photo caption."""
    _, _, cues, _, _ = _furniture()
    text = line.strip().rstrip("| ").strip()
    if not text or len(text) > 320 or text.endswith((":", ";")) or text[0] in "-+•–":
        return False
    body = re.split(r"[.\s]+[-–]?\s*ảnh\s*:", text, flags=re.IGNORECASE)[0]
    if _SENTENCE_BREAK.search(body.rstrip(".")):
        return False
    if ";" in body or re.search(r"\w\s*:\s+\w", body):
        return False  # "… yêu cầu Sở tập trung vào 3 nhiệm vụ: A; B; C" lists, a caption does not
    cue = bool(cues.search(body))
    if re.match(r"^(quang cảnh|toàn cảnh)\b", body, re.IGNORECASE):
        return True
    if len(body) <= 170 and cue and (_PERSON_START.match(body) or len(body) <= 90):
        return True
    if last:
        return False
    ends_open = not re.search(r"[.!?…\"”)]$", body)
    return (
        ends_open
        and len(body) >= 12
        and (cue or bool(_PERSON_START.match(body)) or len(body) < 250)
    )


def _byline_candidate(line: str) -> str | None:
    """The author or signing unit a line names, if that is all the line is."""
    text = line.strip()
    m = re.match(r"^\((?P<x>[^()]{2,60})\)$", text)
    if m:
        text = m.group("x").strip()
    text = re.sub(
        r"^(?:theo|bài(?:,| và)? ảnh|bài|tin(?:,| và)? ảnh|tin|nguồn|tác giả|thực hiện)\s*:?\s*",
        "",
        text,
        flags=re.I,
    )
    # "Hoàng Yến (Trung tâm Truyền thông tỉnh)": the name, without its unit.
    unit = re.match(r"^(?P<name>[^()]{4,40}?)\s*[(–-]\s*[^()]{3,60}\)?$", text)
    if unit and _UNIT_START.match(re.sub(r"^[(–\s-]+", "", text[unit.end("name") :])):
        text = unit.group("name").strip()
    text = re.sub(r"\s*[:(-]?\s*(?:https?://)?www\.\S+$|\s*[:(]\s*https?://\S+$", "", text).strip()
    text = re.sub(r"\s*\((?:[A-ZĐ]{1,4}|tổng hợp|TH|st|ST)\)$", "", text).strip()
    if not text or len(text) > 70 or re.search(r"[.;:!?]$|\d", text):
        return None
    words = text.replace(" - ", " ").replace(",", " ").split()
    if _UNIT_START.match(text) and len(words) <= 10:
        return text
    if 2 <= len(words) <= 7 and all(_NAME_WORD.match(w) or w in "-–&" for w in words):
        if re.match(r"^(ông|bà|đồng chí)$", words[0], re.I):
            return None
        return text
    return None


# A byline of initials or a role at the end of an item: "T.H", "N.A", "PV", "Minh Anh - PV".
_INITIALS = re.compile(
    rf"^(?:[{UPPER}][{UPPER}a-zđ]?\.\s?){{1,3}}[{UPPER}][{UPPER}a-zđ]?\.?$|^[{UPPER}]{{2,4}}$|"
    rf"^(?:PV|CTV|BTV|PV-CTV|Nhóm PV)$"
)


def _initials(line: str) -> str | None:
    text = line.strip().strip("()").strip()
    if len(text) <= 12 and _INITIALS.match(text) and not _UNIT_START.match(text):
        return text
    return None


def _split_fused(line: str) -> list[tuple[str, bool]]:
    """Split a caption glued to the next sentence; the flag marks a glued caption."""
    m = _FUSED_LEAD.search(line)
    if m and 8 <= m.start() <= 300:
        head, tail = line[: m.start()].strip(), line[m.start() :].strip()
        if not _SENTENCE_BREAK.search(head):
            return [(head, True), (tail, False)]
    m = _FUSED_DATE.search(line)
    if m and m.start() >= 4 and len(line) - m.start() <= 30:
        return [(line[: m.start()].strip(), False), (line[m.start() :].strip(), False)]
    return [(line, False)]


def _undouble(line: str) -> str:
    """ "Sở X tỉnh Cà MauSở X tỉnh Cà Mau" (a unit printed twice, glued) → once."""
    n = len(line)
    if n % 2 == 0 and n >= 8 and line[: n // 2] == line[n // 2 :]:
        return line[: n // 2]
    return line


def strip_lead_source(paragraph: str) -> tuple[str, str | None]:
    """Remove an agency tag that opens the lead ("(Mic.gov.vn) - ", "(LĐ online) - ",
    "LSO-"); return the paragraph and, when the tag is a site, its host."""
    _, _, _, lead, _ = _furniture()
    m = lead.match(paragraph)
    if not m:
        return paragraph, None
    tag = (m.group("paren") or m.group("caps") or "").strip()
    if m.group("paren") and not (
        len(tag) <= 24
        and (
            re.fullmatch(r"[\w.-]+\.[a-z]{2,}", tag, re.I)
            or " " not in tag
            or "online" in tag.lower()
            or tag.isupper()
        )
    ):
        return paragraph, None
    rest = paragraph[m.end() :].strip()
    if not rest:
        return "", _site(tag)
    return rest, _site(tag)


def _site(tag: str) -> str | None:
    tag = tag.strip().lower()
    if re.fullmatch(
        r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|gov|edu|info)(?:\.vn)?", tag
    ):
        return tag.removeprefix("www.")
    return None


def layout(text: str) -> Layout:
    """Take a page's text apart into headline, datelines, byline, captions and body."""
    out = Layout()
    lines_re, inline_re, _, _, _ = _furniture()
    raw = _without_link_lists(
        [inline_re.sub("", line).strip() for line in normalize(text).split("\n")]
    )
    # Lines: drop furniture, split glued captions, join a caption broken over two lines.
    lines: list[tuple[str, bool]] = []
    for line in raw:
        line = _BULLET.sub("", line).strip()
        if not line or lines_re.fullmatch(line):
            continue
        for part, fused in _split_fused(_undouble(line)):
            part = _undouble(part)
            if not part or lines_re.fullmatch(part):
                continue
            prev = lines[-1][0] if lines else ""
            if (
                lines
                and part[0].islower()
                # A long line cut without a full stop goes on in the next one too ("... đề
                # nghị Sở tiếp tục" / "đẩy mạnh ...").
                and (len(prev) < 140 or not re.search(r"[.!?…\"”)]$", prev))
                and not re.search(r"[.:;!?]$", prev)
                and not parse_dateline(prev)
            ):
                lines[-1] = (f"{prev} {part}", lines[-1][1])
            else:
                lines.append((part, fused))

    # The top: everything before the lead paragraph (headline, datelines, site furniture).
    lead_at = next((i for i, (line, _) in enumerate(lines) if _is_lead(line)), len(lines))
    if lead_at > 12:
        lead_at = min(lead_at, 3)
    top, body = lines[:lead_at], lines[lead_at:]
    title_at = _pick_title(top)
    for i, (line, fused) in enumerate(top):
        dl = parse_dateline(line)
        if dl:
            out.datelines.append(dl)
            continue
        rest, site = strip_lead_source(line)
        if site and not rest:
            out.source_hint = out.source_hint or site
            continue
        if i == title_at:
            title = line
            if i > 0 and top[i - 1][0].endswith(":") and not parse_dateline(top[i - 1][0]):
                title = f"{top[i - 1][0]} {title}"
            if title.endswith(":") and i + 1 < len(top) and not parse_dateline(top[i + 1][0]):
                title = f"{title} {top[i + 1][0]}"
            m = re.search(r"\s*\((\d{1,2}/\d{1,2}/\d{4})\)\s*$", title)
            if m:
                dl = parse_dateline(m.group(1))
                if dl:
                    out.datelines.append(dl)
                title = title[: m.start()].strip()
            title, stamp = _title_parts(title)
            if stamp is not None:
                out.datelines.append(stamp)
            out.title = title
        elif title_at is not None and i == title_at - 1 and line.endswith(":"):
            continue
        elif re.match(r"^(?:quang cảnh|toàn cảnh)\b", line, re.IGNORECASE):
            # A photo of the meeting above the text: its caption, not the headline.
            out.captions.append(line)
            continue
        elif (
            title_at is not None
            and i > title_at
            and not out.byline
            and not (top[i - 1][0].endswith(":") and i - 1 == title_at)
        ):
            cand = _byline_candidate(line)
            if cand and not _HEADLINE_WORDS.search(line):
                out.byline = cand
        if fused:
            out.fused_captions.append(line)

    # The body: datelines, duplicates, captions; the byline at the end.
    kept: list[str] = []
    seen: list[str] = [out.title] if out.title else []
    tail_bylines: list[str] = []
    while body:
        line = body[-1][0]
        cand = _byline_candidate(line) or _initials(line)
        if cand is None or len(body) == 1:
            break
        tail_bylines.insert(0, cand)
        body.pop()
        if len(tail_bylines) == 3:
            break
    first = True
    for idx, (line, fused) in enumerate(body):
        dl = parse_dateline(line)
        if dl:
            out.datelines.append(dl)
            continue
        if first:
            line, site = strip_lead_source(line)
            out.source_hint = out.source_hint or site
            if not line:
                continue
        elif idx < 3:
            line, site = strip_lead_source(line)
            out.source_hint = out.source_hint or site
        if any(_same_paragraph(line, s) for s in seen):
            continue
        seen.append(line)
        if not first and idx <= 2 and _UNIT_START.match(line) and _byline_candidate(line):
            out.byline = out.byline or _byline_candidate(line)
            continue
        if fused or (not first and looks_like_caption(line, last=idx == len(body) - 1)):
            if not any(_same_paragraph(line, c) for c in out.captions):
                out.captions.append(line)
            continue
        if not first and _byline_candidate(line) and idx <= 2:
            out.byline = out.byline or _byline_candidate(line)
            continue
        kept.append(line)
        first = False
    for line in out.fused_captions:
        if not any(_same_paragraph(line, c) for c in out.captions):
            out.captions.insert(0, line)
    out.paragraphs = kept
    if tail_bylines and not out.byline:
        names = [b for b in tail_bylines if not _UNIT_START.match(b)]
        out.byline = names[0] if names else tail_bylines[0]
    if out.byline:
        out.byline = re.sub(r"\s*\((?:[A-ZĐ]{1,4})\)$", "", out.byline).strip()
    return out


# A rubric before the headline ("TIN VẮN: ...") and a time stamp after it ("... - 14:30
# 10/01/2020", "... (15:20)") are not part of it.
_TITLE_PREFIX = re.compile(
    r"^(?:tin vắn|tin nhanh|tin mới|tin tức|tin ảnh|video|infographic|clip)\s*[:|–—-]\s*",
    re.IGNORECASE,
)
_TITLE_STAMP = re.compile(
    r"\s*[-–—|(]?\s*(?P<stamp>\d{1,2}[:h]\d{2}(?:\s*[,-]?\s*(?:ngày\s*)?\d{1,2}/\d{1,2}/\d{4})?"
    r"|\d{1,2}/\d{1,2}/\d{4}\s*[,-]?\s*\d{1,2}[:h]\d{2})\s*\)?\s*$"
)


def _title_parts(title: str) -> tuple[str, Dateline | None]:
    """The headline without a rubric or a time stamp, and the stamp's date when it has one."""
    rest = _TITLE_PREFIX.sub("", title, count=1)
    stamp = None
    m = _TITLE_STAMP.search(rest)
    if m and m.start() >= 15:
        stamp = parse_dateline(m.group("stamp"))
        rest = rest[: m.start()].rstrip(" -–—|,")
    return (rest or title), stamp


# A list of links to other items ("Tin liên quan:", "Các tin khác") is the site's, as are the
# headlines listed under it, up to a blank line.
_LINK_LIST = re.compile(
    r"(?:tin|bài|bài viết|các tin|các bài|tin tức)\s+(?:liên quan|khác|cùng chuyên mục|cùng "
    r"lĩnh vực|đã đưa|mới|mới nhất|mới hơn|cũ hơn|trước|đọc nhiều|xem nhiều|nổi bật|tiêu điểm)"
    r"(?:\s+nhất)?|xem thêm|đọc thêm|có thể bạn quan tâm|tin tức khác|bài viết khác",
    re.IGNORECASE,
)
_LINKED_HEADLINE = re.compile(r"[^.!?…]{8,200}(?:\s*\(\d{1,2}/\d{1,2}/\d{4}\))?")


def _without_link_lists(lines: list[str]) -> list[str]:
    out: list[str] = []
    listing = False
    for line in lines:
        if _LINK_LIST.fullmatch(line.strip(" :»›>-–•*")):
            listing = True
            continue
        if listing:
            text = _BULLET.sub("", line).strip()
            if text and _LINKED_HEADLINE.fullmatch(text) and not parse_dateline(text):
                continue
            listing = False
        out.append(line)
    return out


def _pick_title(top: list[tuple[str, bool]]) -> int | None:
    """The headline among the lines above the lead: the one that names the meeting, else the
    first line that is neither a date, a caption nor site furniture."""
    _, _, _, _, header_words = _furniture()
    best, best_score = None, -1
    for i, (line, fused) in enumerate(top):
        if fused or parse_dateline(line) or len(line) < 8:
            continue
        if re.match(r"^(quang cảnh|toàn cảnh)\b", line, re.IGNORECASE):
            continue
        words = fold(line)
        score = 0
        if _HEADLINE_WORDS.search(line):
            score += 2
        if len(line) >= 25:
            score += 1
        is_header = len(line) < 60 and any(words.startswith(w) or words == w for w in header_words)
        if is_header and not _HEADLINE_WORDS.search(line):
            score -= 1
        if _byline_candidate(line) and not _HEADLINE_WORDS.search(line) and i > 0:
            score -= 2
        if score > best_score:
            best, best_score = i, score
    return best
