"""Tasks: each task, direction or target the meeting set for the coming period, one clause
each, as written. They come as lists ("tập trung vào 5 nhiệm vụ trọng tâm: A; B; C"), as
directions ("Thứ trưởng đề nghị Sở BCVT nhanh chóng tham mưu ..."), as plans ("trong năm 2007
Sở sẽ triển khai ...; xây dựng ...") or as the sentences that follow the words that announce
them ("thống nhất với phương hướng, nhiệm vụ năm 2011 ... Tiếp tục ... Tạo điều kiện ...")."""

from __future__ import annotations

import functools
import re

from tongket.extraction.lexicon import UPPER, load
from tongket.extraction.organizer import department_mentions

_SENTENCES = re.compile(rf"(?<=[.!?…])\s+(?=[\"“(]?[{UPPER}])")
# A full stop that ends an abbreviation does not end the sentence ("UBND TP. Bến Tre").
_ABBREVIATION = re.compile(r"(?<!\w)(?:TP|Tp|TX|Tx|TT|Q|P|H|X|ThS|TS|PGS|GS|Th\.S)\.$")


def _sentences(paragraph: str) -> list[str]:
    out: list[str] = []
    for piece in _SENTENCES.split(paragraph):
        if out and _ABBREVIATION.search(out[-1].rstrip()):
            out[-1] = f"{out[-1].rstrip()} {piece}"
        else:
            out.append(piece)
    return out


_MARKER = re.compile(r"^\s*(?:\d{1,2}\s*[.)/]|[a-zđ]\s*\)|[-–+•*])\s+")


@functools.cache
def _rules(planned_year: str, next_month: str) -> dict[str, re.Pattern]:
    d = load("tasks")

    def fill(pattern: str) -> str:
        return (
            pattern.replace("{planned}", re.escape(planned_year))
            .replace("{next_month}", re.escape(next_month))
            .replace("{verbs}", verbs)
        )

    rules = {}
    verbs = d["verbs"]
    for key in (
        "list_intro",
        "run_on_intro",
        "forward_after_past",
        "target_split",
        "result_nouns",
        "period_opening",
        "zone_opening",
        "meeting_sentence",
        "not_task",
        "zone_end",
        "tails",
        "split_inside",
        "leading_noise",
        "forward",
    ):
        rules[key] = re.compile(fill(d[key]), re.IGNORECASE)
    # A directive word before a comma or the end of the clause is a noun or a participle
    # ("với tinh thần đoàn kết, quyết tâm, ...", "các nhiệm vụ trọng tâm đề ra, đặc biệt ..."),
    # and so is one that owns something ("yêu cầu của công dân").
    rules["directive"] = re.compile(
        r"(?<!\w)" + d["directive"] + r"(?!\w)(?!\s*(?:[,.;)…]|$))(?!\s+của\b)", re.IGNORECASE
    )
    rules["self_directive"] = re.compile(d["self_directive"], re.IGNORECASE)
    rules["weak_directive"] = re.compile(d["weak_directive"], re.IGNORECASE)
    rules["verb_start"] = re.compile(rf"^(?:{verbs})(?!\w)", re.IGNORECASE)
    rules["modal"] = re.compile(r"(?<!\w)" + d["modal"] + r"(?!\w)\s*", re.IGNORECASE)
    # Case tells a department's name from ordinary words here.
    rules["subject"] = re.compile(d["subject"])
    rules["addressee"] = re.compile(d["addressee"])
    return rules


def _planned_year(planned: str | None, fallback: int | None) -> str:
    if planned and re.match(r"\d{4}", planned):
        return planned[:4]
    return str(fallback) if fallback else "0000"


def extract_tasks(paragraphs: list[str], *, planned: str | None, year: int | None) -> list[dict]:
    py = _planned_year(planned, year)
    nm = re.match(r"\d{4}-(\d{2})$", planned or "")
    rules = _rules(py, str(int(nm.group(1))) if nm else "13")
    out: list[str] = []
    # The body each task is addressed to, when the text names one.
    addressed: dict[str, str] = {}
    carry = listing = False
    list_lead = ""
    for paragraph in paragraphs:
        marker = _MARKER.match(paragraph)
        # The items of a list announced before ("... các nhiệm vụ trọng tâm sau:"), one a
        # paragraph ("1. ...", "- ...", "a) ..."), stay in the list while they are marked.
        if marker and (carry or listing):
            items = [
                item
                for sentence in _sentences(paragraph[marker.end() :])
                for item in _items(sentence.strip().rstrip(".…").strip(), rules)
            ]
            out.extend(items[:1] or [])
            if items and list_lead:
                addressed.setdefault(items[0], list_lead)
            listing, carry = True, False
            continue
        listing = False
        zone = carry
        carry = False
        sentences = _sentences(paragraph)
        for k, sentence in enumerate(sentences):
            text = sentence.strip().rstrip(".…").strip()
            if not text:
                continue
            if zone and rules["zone_end"].search(text):
                zone = False
            items, opens, announces, lead = _tasks_of(
                text, rules, in_zone=zone, addressed=addressed
            )
            out.extend(items)
            if opens:
                zone = True
            if announces and k == len(sentences) - 1:
                carry, list_lead = True, lead
    tasks = []
    for text in _dedupe(out):
        to = addressed.get(text)
        tasks.append({"text": text, "to": to} if to else {"text": text})
    return tasks


def _tasks_of(
    text: str, rules, *, in_zone: bool, addressed: dict[str, str]
) -> tuple[list[str], bool, bool, str]:
    """The tasks in one sentence; whether the sentences after it list tasks; whether it ends
    by announcing a list; the body the list it announces is set for."""
    if rules["meeting_sentence"].search(text):
        return [], False, False, ""
    if rules["zone_opening"].search(text) and not rules["list_intro"].search(text):
        return [], True, False, ""
    items: list[str] = []
    # "Hai là, tăng cường …": an item of a list counted in words is a task by its place.
    listing = in_zone or bool(_ORDINAL.match(text))
    announces = opens = False
    said = ""
    lead = ""
    clauses = re.split(r"\s*;\s*", text)
    for clause in clauses:
        before, said = said, f"{said} {clause};"
        intro = rules["list_intro"].search(clause)
        colon = clause.rfind(":", 0, intro.end()) if intro is not None else -1
        if intro is not None and _forward(before + clause[:colon], rules):
            rest = clause[intro.end() :]
            listing = True
            lead = _intro_lead(before + clause[: max(colon, intro.start())], rules) or lead
            if rest.strip():
                # "Sở Thông tin và Truyền thông tham mưu ...": the body named first is the
                # task's lead, not part of it.
                found = department_mentions(rest[:80])
                if (
                    found
                    and found[0][0] == 0
                    and rules["verb_start"].match(rest[found[0][1] :].strip())
                ):
                    rest = rest[found[0][1] :]
                for item in _items(rest, rules):
                    if lead:
                        addressed.setdefault(item, lead)
                    items.append(item)
                # "Về kế hoạch trọng tâm đến cuối năm: Tham mưu ... . Hoàn thiện ... .": a list
                # whose items are sentences goes on in the sentences after this one.
                opens = opens or len(clauses) == 1
            else:
                announces = True
            continue
        run_on = rules["run_on_intro"].search(clause)
        if run_on is not None and _forward(before + clause[: run_on.end()], rules):
            listing = True
            for part in re.split(
                r",\s+(?=(?:" + load("tasks")["verbs"] + r")\s)", clause[run_on.end() :]
            ):
                items.extend(_items(part, rules))
            continue
        start = _task_start(clause, rules, listing=listing, before=before)
        if start is not None:
            to = _addressee(clause, start, rules) or lead
            lead = to
            for item in _items(clause[start:], rules):
                addressed[item] = to
                items.append(item)
            listing = True
            if rules["period_opening"].search(clause):
                opens = True
        elif listing:
            if items and re.search(r"(?<!\w)(?:như|gồm|bao gồm)\s*:", items[-1]):
                # "tổ chức giao lưu nhân các dịp lễ lớn như: kỷ niệm A; kỷ niệm B": examples of
                # the task before, not tasks.
                items[-1] = f"{items[-1]}; {clause.strip()}"
            elif items and _continues(clause, items[-1], rules):
                # "Tổ chức tập huấn về báo chí, xuất bản; thông tin đối ngoại; kỹ năng ...": the
                # topics after the first belong to the same task.
                items[-1] = f"{items[-1]}; {clause.strip()}"
            else:
                # The clauses after a direction are set for the body it addressed.
                for item in _items(clause, rules):
                    if lead:
                        addressed.setdefault(item, lead)
                    items.append(item)
    return items, opens, announces, lead


_ORDINAL = re.compile(
    r"^(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+là\b|^thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám)\s*,",
    re.IGNORECASE,
)


def _intro_lead(head: str, rules) -> str:
    """The body a list of tasks is set for, named after the directive that announces it
    ("Giám đốc Sở yêu cầu các phòng, đơn vị trực thuộc tập trung … nội dung sau:")."""
    directives = list(rules["directive"].finditer(head))
    if not directives:
        return ""
    after = head[directives[-1].end() :]
    found = department_mentions(after[:80])
    if found and found[0][0] <= 1:
        return after[: found[0][1]].strip()
    am = rules["addressee"].match(after)
    if not am:
        return ""
    # "Trung tâm Kiểm soát bệnh tật tập trung …": the name runs up to the modal.
    mm = rules["modal"].search(after, am.start())
    if mm and mm.start() <= 80 and not re.search(r"[;:]", after[: mm.start()]):
        return after[: mm.start()].strip(" ,:")
    return re.sub(_TRAILING_MODALS, "", am.group(0)).strip(" ,:")


def _continues(clause: str, previous: str, rules) -> bool:
    """A short clause without a verb of its own that goes on with the topics of the task
    before it."""
    words = clause.split()
    return (
        0 < len(words) <= 10
        and not rules["verb_start"].match(clause.strip())
        and not re.search(r"\d|(?<!\w)(?:đạt|tăng|giảm)(?!\w)", clause)
        and bool(re.search(r"(?<!\w)về(?:\s+\S+){0,4}$|; ", previous))
    )


def _addressee(clause: str, start: int, rules) -> str:
    """The body a task is set for, as written before it: "đề nghị các doanh nghiệp viễn thông
    tiếp tục ..." → "các doanh nghiệp viễn thông"; "UBND các huyện cần ..." → "UBND các
    huyện"."""
    head = clause[:start]
    directives = list(rules["directive"].finditer(head))
    if directives:
        head = head[directives[-1].end() :]
    elif not rules["addressee"].fullmatch(re.sub(_TRAILING_MODALS, "", head).strip() + " "):
        # "UBND các huyện, thị xã, thành phố cần ...": a body named with commas stays whole.
        head = head.split(",")[-1]
    while True:
        trimmed = re.sub(r"\s*(?:" + load("tasks")["modal"] + r")\s*$", "", head, flags=re.I)
        if trimmed == head:
            break
        head = trimmed
    # "Sở Công Thương xác định tiếp tục ...": the verb that announces the task is not the body.
    head = re.sub(r"\s+(?:xác định|đề ra|chủ trương|cam kết|thống nhất)\s*$", "", head)
    head = rules["leading_noise"].sub("", head.strip(" ,:")).strip(" ,:")
    if (
        head
        and len(head.split()) <= 12
        and (department_mentions(head) or rules["addressee"].match(head + " "))
    ):
        return head
    # "Đối với các doanh nghiệp viễn thông, đồng chí đề nghị tiếp tục ...".
    towards = re.match(r"\s*(?:Đối với|đối với|Với)\s+([^,;]{3,80}),", clause)
    if towards and rules["addressee"].match(towards.group(1) + " "):
        return towards.group(1).strip()
    return ""


_TRAILING_MODALS = r"(?:\s*(?:sẽ|cần|phải|tiếp tục|tập trung|nhanh chóng))+\s*$"


def _task_start(clause: str, rules, *, listing: bool, before: str = "") -> int | None:
    """Where the task begins in a clause that sets one, or None."""
    directive = rules["directive"].search(clause)
    while directive is not None and not _directs(clause, directive, rules, before):
        directive = rules["directive"].search(clause, directive.end())
    if directive:
        # "Sở sẽ tiếp tục triển khai ..., phấn đấu ...": the subject's own words come first.
        opening = rules["period_opening"].search(clause)
        for modal in rules["modal"].finditer(clause, 0, directive.start()):
            head = clause[: modal.start()]
            if (
                (opening or listing or rules["subject"].search(head))
                and not re.search(r"(?:\bđã|\bđang|\bvẫn)\s*$", head)
                and not rules["directive"].search(head)
                and _no_past(before + head)
            ):
                return modal.end()
    if directive and len(re.findall(r"\w+", clause[directive.end() :])) < 3:
        directive = None  # "mục tiêu ... đề ra)": a past decision, not a direction
    if directive and not re.search(r"(?<!\w)được(?!\w)[^,;]{0,30}$", clause[: directive.start()]):
        after = clause[directive.end() :]
        # "lưu ý trong thời gian tới, nhất là 6 tháng cuối năm, ngành ... cần chú trọng ...":
        # the period and the body addressed may stand between the directive and the modal.
        reach = (
            150
            if re.match(
                r"\s*(?:trong|từ nay|từ|đến)?\s*(?:thời gian tới|năm tới|năm \d{4}|(?:6|sáu|3|ba) tháng cuối năm|những tháng cuối năm|các tháng cuối năm|cuối năm)",
                after,
            )
            else 60
        )
        mm = rules["modal"].match(after) or rules["modal"].search(after[:reach])
        if mm and mm.start() <= reach and _no_past(after[: mm.start()]):
            return directive.end() + mm.end()
        space = re.match(r"\s*", after)
        skip = space.end() if space else 0
        return directive.end() + skip + _subject_length(after[skip:], rules)
    opening = rules["period_opening"].search(clause)
    for modal in rules["modal"].finditer(clause):
        head = clause[: modal.start()]
        if re.search(r"(?:\bđã|\bđang|\bvẫn)\s*$", head):
            continue
        if (opening or listing or rules["subject"].search(head)) and _no_past(before + head):
            return modal.end()
    if opening:
        start = opening.end()
        comma = re.match(r"\s*,?\s*", clause[start:])
        start += comma.end() if comma else 0
        return start + _subject_length(clause[start:], rules)
    return None


def _directs(clause: str, directive: re.Match, rules, before: str) -> bool:
    """Whether a directive word found in a clause sets a task there."""
    word = directive.group(0).strip()
    if rules["self_directive"].match(word) and not _no_past(before + clause[: directive.start()]):
        return False  # "đã nỗ lực, phấn đấu đạt nhiều kết quả": a result
    if rules["weak_directive"].match(word):
        after = clause[directive.end() : directive.end() + 150]
        return bool(rules["modal"].search(after) or rules["verb_start"].match(after.strip(" :,")))
    return True


def _subject_length(text: str, rules) -> int:
    """The length of a department or unit named at the start of ``text`` ("Sở Thông tin và
    Truyền thông", "các doanh nghiệp") with the words after it up to its verb."""
    found = department_mentions(text[:80])
    if found and found[0][0] == 0:
        end = found[0][1]
        tail = re.match(
            r"(?:\s+(?:tỉnh|thành phố)?\s*[A-ZĐ][\w&-]*(?:\s+[A-ZĐ][\w&-]*)*)?\s+", text[end:]
        )
        return end + (tail.end() if tail else 0)
    am = rules["addressee"].match(text)
    return am.end() if am else 0


def _no_past(head: str) -> bool:
    """No "đã" (a result, not a task) after the last "để"/"nhằm" (a purpose looks ahead)."""
    tail = re.split(r"(?<!\w)(?:để|nhằm)(?!\w)", head)[-1]
    return not re.search(r"(?<!\w)đã(?!\w)", tail)


def _forward(head: str, rules) -> bool:
    """The words before a list intro point forward (not a list of past results): after "đã",
    only a direction to others or an agreed plan does."""
    if not rules["forward"].search(head):
        return False
    tail = re.split(r"(?<!\w)(?:để|nhằm)(?!\w)", head)[-1]
    past = list(re.finditer(r"(?<!\w)đã(?!\w)", tail))
    return not past or bool(rules["forward_after_past"].search(tail, past[-1].end()))


def _items(text: str, rules) -> list[str]:
    out = []
    pieces = [
        p for part in rules["split_inside"].split(text) for p in rules["target_split"].split(part)
    ]
    for piece in pieces:
        lead = re.match(r"^(?:\S+\s+){0,2}?(?:sẽ|cần|phải)\s+", piece)
        if lead and piece is not text:
            piece = piece[lead.end() :]
        piece = re.sub(r"^((?:\S+\s+){0,2}?)(?:sẽ|cần|phải)\s+", r"\1", piece)
        piece = rules["leading_noise"].sub("", piece.strip())
        # A remark in brackets is not part of the task ("(tăng 0,66% so với năm 2024)").
        piece = re.sub(r"\s*\((?:[^()]*\s){2,}[^()]*\)", "", piece)
        piece = rules["tails"].sub("", piece).strip(" ,.:;-–")
        piece = re.sub(r"\s+", " ", piece)
        if len(piece.split()) < 4 or rules["not_task"].search(piece) or _tells_result(piece, rules):
            continue
        out.append(piece)
    return out


def _tells_result(piece: str, rules) -> bool:
    """A clause that says what was done ("ngành ... đã hoàn thành xuất sắc nhiệm vụ") is a
    result, unless its "đã" qualifies what a task builds on ("phát huy kết quả đã đạt được")."""
    for m in re.finditer(r"(?<!\w)đã(?!\w)", piece):
        if not rules["result_nouns"].search(piece[: m.start()]):
            return True
    return False


def _dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
