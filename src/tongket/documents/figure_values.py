"""Which figures of a report are values of the indicator catalogue (rules in
``data/figure_values.yaml``, where each condition is explained)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError, PeriodKind
from tongket.documents.spans import FoldedText, Span, fold
from tongket.indicators.models import Aggregation, Indicator, ValueType

_BREAK = re.compile(r"[;()\n]|[.:!?…](?=\s)")
_SENTENCE = re.compile(r"\n|[.!?…](?=\s)")
_TAIL_END = re.compile(r"[,;.()\n]")
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d]|[.,]\d)")
_COMPARISON = re.compile(r"so với(?: cùng kỳ)?(?: năm)?\s*$")
_NUMBER = re.compile(r"^[\d.,/]+(?:\s+(?:nghìn|ngàn|triệu|tỷ|tỉ))?\s*")


@dataclass(frozen=True)
class Rule:
    indicator: str
    cues: tuple[str, ...]
    unless: tuple[str, ...]
    cue_after: bool


@dataclass(frozen=True)
class Rules:
    units: dict[str, frozenset[str]]
    approximate: tuple[str, ...]
    between: tuple[str, ...]
    unless: tuple[str, ...]
    part_of_year: dict[str, tuple[str, ...]]
    rules: tuple[Rule, ...]
    labels: dict[str, str]  # a folded word → as the rules file writes it (for messages)


def _folds(items) -> tuple[str, ...]:
    return tuple(fold(str(i)) for i in items or ())


@lru_cache(maxsize=1)
def figure_rules() -> Rules:
    text = resources.files("tongket.documents").joinpath("data/figure_values.yaml")
    data = yaml.safe_load(text.read_text("utf-8"))
    words = [*data["between"], *data["unless"]]
    words += [w for r in data["rules"] for w in r.get("unless") or ()]
    return Rules(
        labels={fold(str(w)): str(w) for w in words},
        units={fold(k): frozenset(_folds(v)) for k, v in data["units"].items()},
        approximate=_folds(data["approximate"]),
        between=_folds(data["between"]),
        unless=_folds(data["unless"]),
        part_of_year={k: _folds(v) for k, v in data["part_of_year"].items()},
        rules=tuple(
            Rule(
                indicator=r["indicator"],
                cues=_folds(r["cues"]),
                unless=_folds(r.get("unless")),
                cue_after=bool(r.get("cue_after")),
            )
            for r in data["rules"]
        ),
    )


@dataclass(frozen=True)
class Reading:
    """What a figure is: an indicator's value for a period, or why it stays a figure only."""

    indicator: Indicator | None = None
    period: str = ""
    reason_vi: str = ""
    reason_en: str = ""

    @property
    def reason(self) -> str:
        return f"{self.reason_vi} / {self.reason_en}" if self.reason_vi else ""


def _no(vi: str, en: str, indicator: Indicator | None = None) -> Reading:
    return Reading(indicator=indicator, reason_vi=vi, reason_en=en)


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def _last_cue(clause: str, rules: Rules) -> tuple[Rule, int] | None:
    """The rule whose cue is written last in ``clause`` (the longest when two end together),
    with the cue's end."""
    best: tuple[int, int, Rule] | None = None
    for rule in rules.rules:
        if rule.cue_after:
            continue
        for cue in rule.cues:
            for m in re.finditer(rf"(?<!\w){re.escape(cue)}(?!\w)", clause):
                candidate = (m.end(), len(cue), rule)
                if best is None or candidate[:2] > best[:2]:
                    best = candidate
    return (best[2], best[0]) if best else None


def _cue_after(tail: str, rules: Rules) -> Rule | None:
    """A rule whose cue is the figure's own noun phrase ("18 doanh nghiệp bưu chính")."""
    rest = _NUMBER.sub("", tail, count=1)
    found = [
        (len(cue), rule)
        for rule in rules.rules
        if rule.cue_after
        for cue in rule.cues
        if rest.startswith(cue) and (len(rest) == len(cue) or not rest[len(cue)].isalnum())
    ]
    return max(found, key=lambda item: item[0])[1] if found else None


def reviewed_period(code: str | None) -> PeriodCode | None:
    try:
        return PeriodCode.parse(code) if code else None
    except PeriodError:
        return None


def figure_reading(
    *,
    text: FoldedText,
    span: Span | None,
    value: float | None,
    unit: str,
    period: PeriodCode | None,
    indicators: dict[str, Indicator],
) -> Reading:
    """Whether the figure at ``span`` of the cleaned text is a value (see the rules file)."""
    if span is None:
        return _no("không thấy số liệu trong văn bản", "figure not found in the text")
    if value is None:
        return _no("không có giá trị số", "no numeric value")
    rules = figure_rules()
    source = text.text
    # The clause holds the figure's own cue; the sentence, what applies to all its clauses
    # (a target, a year, a smaller area, the part of the year).
    starts = [m.end() for m in _BREAK.finditer(source, 0, span[0])]
    clause = fold(source[starts[-1] if starts else 0 : span[0]])
    starts = [m.end() for m in _SENTENCE.finditer(source, 0, span[0])]
    sentence = fold(source[starts[-1] if starts else 0 : span[0]])
    tail = fold(source[span[0] : min(len(source), span[1] + 80)])
    rule = _cue_after(tail, rules)
    if rule is not None:
        between = clause
        # The figure's noun phrase may narrow it ("1.482 tổ công nghệ số cộng đồng cấp xóm").
        phrase = _TAIL_END.split(tail[len(fold(source[span[0] : span[1]])) :], maxsplit=1)[0]
        clause = f"{clause} {phrase}"
    else:
        found = _last_cue(clause, rules)
        if found is None:
            return _no("không có từ chỉ tiêu trước số liệu", "no indicator cue before the figure")
        rule, cue_end = found
        between = clause[cue_end:]
    indicator = indicators.get(rule.indicator)
    if indicator is None:
        return _no(
            f"chỉ tiêu {rule.indicator} chưa có trong danh mục",
            f"indicator {rule.indicator} is not in the catalogue",
        )
    if indicator.is_derived:
        return _no(
            "chỉ tiêu tính từ các chỉ tiêu khác", "a derived indicator is computed", indicator
        )
    accepted = rules.units.get(fold(indicator.unit_of_measure), frozenset())
    if fold(unit) not in accepted:
        return _no(
            f"đơn vị «{unit}» không hợp với «{indicator.unit_of_measure}» của {indicator.code}",
            f"unit «{unit}» does not fit «{indicator.unit_of_measure}» of {indicator.code}",
        )
    words = clause.rstrip().split()
    if words and any(
        " ".join(words[-len(a.split()) :]) == a for a in rules.approximate if a.split()
    ):
        return _no("số liệu ước chừng (hơn, gần, khoảng...)", "an approximate figure", indicator)
    for word in rules.between:
        if _has_word(between, word) if word.isalnum() or " " in word else word in between:
            label = rules.labels.get(word, word)
            return _no(
                f"«{label}» đứng trước số liệu (không phải giá trị của kỳ)",
                f"«{label}» before the figure (not the period's value)",
                indicator,
            )
    for word, where in [(w, sentence) for w in rules.unless] + [(w, clause) for w in rule.unless]:
        if _has_word(where, word):
            label = rules.labels.get(word, word)
            return _no(
                f"câu có «{label}»: không chắc là giá trị của tỉnh trong kỳ",
                f"the sentence says «{label}»: not surely the province's value for the period",
                indicator,
            )
    if period is None:
        return _no(
            "cuộc họp không đánh giá một kỳ lưu được (năm, 6 tháng, quý, tháng)",
            "the meeting reviews no storable period (year, half, quarter, month)",
            indicator,
        )
    for m in _YEAR.finditer(sentence):
        if int(m.group(0)) != period.year and not _COMPARISON.search(sentence[: m.start()]):
            return _no(
                f"câu nói về năm {m.group(0)}, không phải kỳ {period.code}",
                f"the clause is about {m.group(0)}, not {period.code}",
                indicator,
            )
    flow = indicator.period_aggregation == Aggregation.SUM
    if flow and period.kind is not PeriodKind.YEAR:
        parts = rules.part_of_year.get(period.kind.value, ())
        if not any(_has_word(sentence, p) for p in parts):
            return _no(
                f"câu không nói rõ số liệu của {period.label_vi().lower()}",
                f"the clause does not say the figure is for {period.code}",
                indicator,
            )
    bounded = bounds_problem(indicator, float(value))
    if bounded:
        return _no(*bounded, indicator)
    return Reading(indicator=indicator, period=period.code)


def bounds_problem(indicator: Indicator, value: float) -> tuple[str, str] | None:
    if indicator.min_value is not None and value < indicator.min_value:
        return "nhỏ hơn giá trị nhỏ nhất của chỉ tiêu", "below the indicator's minimum"
    if indicator.max_value is not None and value > indicator.max_value:
        return "lớn hơn giá trị lớn nhất của chỉ tiêu", "above the indicator's maximum"
    if indicator.value_type == ValueType.INTEGER and not float(value).is_integer():
        return "chỉ tiêu đếm cần số nguyên", "a count needs a whole number"
    return None
