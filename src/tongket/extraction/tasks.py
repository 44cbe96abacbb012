"""Tasks: each task, direction or target the meeting set for the coming period, one clause
each, as written. They come as lists ("tập trung vào 5 nhiệm vụ trọng tâm: A; B; C"), as
directions ("Thứ trưởng đề nghị Sở BCVT nhanh chóng tham mưu ..."), as plans ("trong năm 2007
Sở sẽ triển khai ...; xây dựng ...") or as the sentences that follow the words that announce
them ("thống nhất với phương hướng, nhiệm vụ năm 2011 ... Tiếp tục ... Tạo điều kiện ...")."""

from __future__ import annotations

import functools
import re

from tongket.extraction.lexicon import load

_SENTENCES = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ])")


@functools.cache
def _rules(planned_year: str, next_month: str):
    d = load("tasks")
    def fill(pattern: str) -> str:
        return pattern.replace("{planned}", re.escape(planned_year)).replace(
            "{next_month}", re.escape(next_month)
        )

    flags = re.IGNORECASE
    return {
        "list_intro": re.compile(d["list_intro"], flags),
        "directive": re.compile(r"(?<!\w)" + d["directive"] + r"(?!\w)", flags),
        "modal": re.compile(r"(?<!\w)" + d["modal"] + r"(?!\w)\s*", flags),
        "period_opening": re.compile(fill(d["period_opening"]), flags),
        "zone_opening": re.compile(fill(d["zone_opening"]), flags),
        "not_task": re.compile(d["not_task"], flags),
        "tails": re.compile(d["tails"], flags),
        "split_inside": re.compile(d["split_inside"], flags),
        "leading_noise": re.compile(d["leading_noise"], flags),
    }


def _planned_year(planned: str | None, fallback: int | None) -> str:
    if planned and re.match(r"\d{4}", planned):
        return planned[:4]
    return str(fallback) if fallback else "0000"


def extract_tasks(paragraphs: list[str], *, planned: str | None, year: int | None) -> list[dict]:
    py = _planned_year(planned, year)
    nm = re.match(r"\d{4}-(\d{2})$", planned or "")
    rules = _rules(py, str(int(nm.group(1))) if nm else "13")
    out: list[str] = []
    carry_list = False
    for paragraph in paragraphs:
        sentences = _SENTENCES.split(paragraph)
        zone = carry_list
        carry_list = False
        for k, sentence in enumerate(sentences):
            items, opens_zone, ends_with_intro = _tasks_of(sentence, rules, in_zone=zone)
            out.extend(items)
            if opens_zone:
                zone = True
            elif zone and not items:
                zone = False
            if ends_with_intro and k == len(sentences) - 1:
                carry_list = True
    return [{"text": t} for t in _dedupe(out)]


def _tasks_of(sentence: str, rules, *, in_zone: bool) -> tuple[list[str], bool, bool]:
    """The tasks in one sentence; whether the following sentences are tasks too; whether the
    sentence ends by announcing a list."""
    text = sentence.strip().rstrip(".…").strip()
    if not text:
        return [], False, False
    intro = None
    for m in rules["list_intro"].finditer(text):
        intro = m
        break
    if intro is not None and _forward(text[: intro.start()], rules):
        rest = text[intro.end() :]
        if not rest.strip():
            return [], True, True
        return _items(rest, rules, first_lead_in=False), True, False
    opening = rules["period_opening"].search(text)
    directive = rules["directive"].search(text)
    modal = rules["modal"].search(text)
    start = None
    if directive and not re.search(r"(?<!\w)đã\s*$", text[: directive.start()]):
        after = text[directive.end() :]
        mm = rules["modal"].search(after)
        if mm and mm.start() <= 60:
            start = directive.end() + mm.end()
        else:
            # "đề nghị Sở BCVT tham mưu": skip the addressee (capitalized words).
            am = re.match(r"\s*(?:(?:các|ngành|UBND|Sở|Bộ|doanh nghiệp|đơn vị|địa phương)\b[^,;:]{0,40}?\s+)?", after)
            start = directive.end() + (am.end() if am else 0)
    elif modal and (opening or in_zone or _subject_before(text[: modal.start()])):
        if not re.search(r"(?<!\w)đã(?!\w)", text[: modal.start()]):
            start = modal.end()
    elif opening:
        start = opening.end()
        sub = re.match(r"\s*,?\s*(?:Sở|ngành|các|đơn vị|UBND)[^,;]{0,60}?\s+(?=[a-zđ])", text[start:])
        if sub:
            start += sub.end()
    elif in_zone:
        start = 0
    opens_zone = bool(rules["zone_opening"].search(text))
    if start is None:
        return [], opens_zone, False
    items = _items(text[start:], rules, first_lead_in=True)
    if opens_zone and start is not None and not items:
        return [], True, False
    if opens_zone and start == 0:
        return items, True, False
    return items, opens_zone and not items, False


def _subject_before(head: str) -> bool:
    """A subject that sets itself a task: "Sở Bưu chính Viễn thông", "các doanh nghiệp"."""
    return bool(
        re.search(
            r"(?:Sở|sở|ngành|Ngành|doanh nghiệp|đơn vị|UBND|Bộ|địa phương|cơ quan|Trung tâm|"
            r"tỉnh|huyện|Hội nghị|hội nghị)[^;:]{0,60}$",
            head,
        )
    )


def _forward(head: str, rules) -> bool:
    """The words before a list intro point forward (not a list of past results)."""
    if re.search(r"(?<!\w)đã(?!\w)", head) and not re.search(r"sẽ|cần|tiếp tục|đề ra|yêu cầu|đề nghị|tập trung", head):
        return False
    return True


def _items(text: str, rules, *, first_lead_in: bool) -> list[str]:
    out = []
    for part in re.split(r"\s*;\s*", text):
        for piece in rules["split_inside"].split(part):
            piece = rules["modal"].sub("", piece, count=1) if re.match(r"^(?:\S+\s+){0,2}(?:sẽ|cần|phải)\s", piece) else piece
            piece = rules["leading_noise"].sub("", piece.strip())
            piece = rules["tails"].sub("", piece).strip(" ,.:;-–")
            piece = re.sub(r"\s+", " ", piece)
            if len(piece.split()) < 3 or rules["not_task"].search(piece):
                continue
            out.append(piece)
    return out


def _dedupe(items: list[str]) -> list[str]:
    seen, out = set(), []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
