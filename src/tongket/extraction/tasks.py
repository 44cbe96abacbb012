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
def _rules(planned_year: str, next_month: str) -> dict[str, re.Pattern]:
    d = load("tasks")

    def fill(pattern: str) -> str:
        return pattern.replace("{planned}", re.escape(planned_year)).replace(
            "{next_month}", re.escape(next_month)
        )

    rules = {}
    for key in (
        "list_intro", "period_opening", "zone_opening", "meeting_sentence", "not_task",
        "zone_end", "tails", "split_inside", "leading_noise",
    ):
        rules[key] = re.compile(fill(d[key]), re.IGNORECASE)
    rules["directive"] = re.compile(r"(?<!\w)" + d["directive"] + r"(?!\w)", re.IGNORECASE)
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
    carry = False
    for paragraph in paragraphs:
        zone = carry
        carry = False
        sentences = _SENTENCES.split(paragraph)
        for k, sentence in enumerate(sentences):
            text = sentence.strip().rstrip(".…").strip()
            if not text:
                continue
            if zone and rules["zone_end"].search(text):
                zone = False
            items, opens, announces = _tasks_of(text, rules, in_zone=zone)
            out.extend(items)
            if opens:
                zone = True
            if announces and k == len(sentences) - 1:
                carry = True
    return [{"text": t} for t in _dedupe(out)]


def _tasks_of(text: str, rules, *, in_zone: bool) -> tuple[list[str], bool, bool]:
    """The tasks in one sentence; whether the sentences after it list tasks; whether it ends
    by announcing a list."""
    if rules["meeting_sentence"].search(text):
        return [], False, False
    if rules["zone_opening"].search(text) and not rules["list_intro"].search(text):
        return [], True, False
    items: list[str] = []
    listing = in_zone
    announces = False
    said = ""
    for clause in re.split(r"\s*;\s*", text):
        before, said = said, f"{said} {clause};"
        intro = rules["list_intro"].search(clause)
        if intro is not None and _forward(clause[: intro.start()]):
            rest = clause[intro.end() :]
            listing = True
            if rest.strip():
                items.extend(_items(rest, rules))
            else:
                announces = True
            continue
        start = _task_start(clause, rules, listing=listing, before=before)
        if start is not None:
            items.extend(_items(clause[start:], rules))
            listing = True
        elif listing:
            items.extend(_items(clause, rules))
    return items, False, announces


def _task_start(clause: str, rules, *, listing: bool, before: str = "") -> int | None:
    """Where the task begins in a clause that sets one, or None."""
    directive = rules["directive"].search(clause)
    if directive and not re.search(r"(?<!\w)được(?!\w)[^,;]{0,30}$", clause[: directive.start()]):
        after = clause[directive.end() :]
        mm = rules["modal"].match(after) or rules["modal"].search(after[:60])
        if mm and mm.start() <= 60 and _no_past(after[: mm.start()]):
            return directive.end() + mm.end()
        am = rules["addressee"].match(after)
        return directive.end() + (am.end() if am else 0)
    opening = rules["period_opening"].search(clause)
    for modal in rules["modal"].finditer(clause):
        head = clause[: modal.start()]
        if re.search(r"(?:\bđã|\bđang|\bvẫn)\s*$", head):
            continue
        if (opening or listing or rules["subject"].search(head)) and _no_past(before + head):
            return modal.end()
    if opening:
        start = opening.end()
        sub = re.match(r"\s*,?\s*(?:Sở|ngành|các|đơn vị|UBND)[^,;]{0,60}?\s+(?=[a-zđ])", clause[start:])
        return start + (sub.end() if sub else 0)
    return None


def _no_past(head: str) -> bool:
    """No "đã" (a result, not a task) after the last "để"/"nhằm" (a purpose looks ahead)."""
    tail = re.split(r"(?<!\w)(?:để|nhằm)(?!\w)", head)[-1]
    return not re.search(r"(?<!\w)đã(?!\w)", tail)


def _forward(head: str) -> bool:
    """The words before a list intro point forward (not a list of past results)."""
    if re.search(r"(?<!\w)đã(?!\w)", head) and not re.search(
        r"sẽ|cần|tiếp tục|đề ra|yêu cầu|đề nghị|tập trung", head
    ):
        return False
    return True


def _items(text: str, rules) -> list[str]:
    out = []
    for piece in rules["split_inside"].split(text):
        lead = re.match(r"^(?:\S+\s+){0,2}?(?:sẽ|cần|phải)\s+", piece)
        if lead and piece is not text:
            piece = piece[lead.end() :]
        piece = re.sub(r"^((?:\S+\s+){0,2}?)(?:sẽ|cần|phải)\s+", r"\1", piece)
        piece = rules["leading_noise"].sub("", piece.strip())
        piece = rules["tails"].sub("", piece).strip(" ,.:;-–")
        piece = re.sub(r"\s+", " ", piece)
        if len(piece.split()) < 4 or rules["not_task"].search(piece):
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
