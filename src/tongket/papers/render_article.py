"""The portal article of a meeting, as plain text and as HTML, from a ``MeetingArticle``.

It follows the published items the department's portal runs (see the seed documents): the
headline names the department and the meeting; the first paragraph says who held what meeting
when, who attended and who chaired; then the reports heard and the main figures with their
change, the directions for the period ahead and the commendations presented.
"""

from __future__ import annotations

import html
import re

from tongket.core.numbers import format_date
from tongket.core.periods import Period as PeriodCode
from tongket.core.periods import PeriodError, PeriodKind
from tongket.papers.content import AwardFact, FigureFact, MeetingArticle, Person
from tongket.papers.wording import change_words, counts_words, figure_with_unit, sentence


def _period_words(codes: tuple[str, ...]) -> str:
    """«năm 2017», «6 tháng đầu năm 2017», «quý I năm 2018»; «» when none."""
    if len(codes) != 1:
        return ""
    try:
        period = PeriodCode.parse(codes[0])
    except PeriodError:
        return ""
    if period.kind is PeriodKind.YEAR:
        return f"năm {period.year}"
    if period.kind is PeriodKind.HALF:
        return f"6 tháng {'đầu' if period.number == 1 else 'cuối'} năm {period.year}"
    if period.kind is PeriodKind.QUARTER:
        return f"quý {['I', 'II', 'III', 'IV'][period.number - 1]} năm {period.year}"
    return f"tháng {period.number:02d}/{period.year}"


def headline(a: MeetingArticle) -> str:
    reviewed, planned = _period_words(a.reviewed), _period_words(a.planned)
    if a.kind == "annual_review" and reviewed and planned:
        return f"{a.organizer} tổng kết công tác {reviewed} và triển khai nhiệm vụ {planned}"
    if a.kind == "midyear_review" and reviewed:
        return f"{a.organizer} sơ kết công tác {reviewed}"
    return f"{a.organizer} tổ chức {a.title}"


def _person(p: Person) -> str:
    return f"đồng chí {p.name}, {p.title}" if p.title else f"đồng chí {p.name}"


def _opening(a: MeetingArticle) -> str:
    day = format_date(a.date)
    if a.end_date and a.end_date != a.date:
        day = f"{day} đến ngày {format_date(a.end_date)}"
    where = f" tại {a.place}" if a.place else ""
    text = f"Ngày {day}, {a.organizer} tổ chức {a.title}{where}."
    if a.guests:
        text += f" Tham dự Hội nghị có {'; '.join(_person(p) for p in a.guests)}."
    if a.chair is not None:
        text += f" {sentence(_person(a.chair))[:-1]} chủ trì Hội nghị."
    return text


def _reports(a: MeetingArticle) -> str:
    if not a.reports and not a.presenters:
        return ""
    if a.presenters:
        who = "; ".join(_person(p) for p in a.presenters)
        heard = "; ".join(a.reports) or "báo cáo tổng kết"
        return f"Hội nghị đã nghe {who} trình bày {heard[0].lower()}{heard[1:]}."
    return f"Hội nghị đã nghe {'; '.join(r[0].lower() + r[1:] for r in a.reports)}."


def _figure(f: FigureFact) -> str:
    if f.indicator and f.value is not None and f.measure is not None:
        period = _period_words((f.period,)) if f.period else ""
        text = f"{f.indicator}{' ' + period if period else ''} đạt {figure_with_unit(f.value, f.measure)}"
        change = ""
        if f.previous is not None and f.period.isdigit():
            change = change_words(f.value, f.previous, f"năm {int(f.period) - 1}")
        return f"{text}, {change}" if change else text
    return f.text


def _directions(a: MeetingArticle) -> str:
    if not a.directions:
        return ""
    planned = _period_words(a.planned)
    lead = f"Về phương hướng, nhiệm vụ {planned}, " if planned else ""
    texts = [t.rstrip(" .;") for t in a.directions]
    if any(";" in t for t in texts):
        # A task that has a semicolon of its own is numbered, so the list still reads.
        texts = [f"({n}) {t}" for n, t in enumerate(texts, start=1)]
    items = "; ".join(texts)
    n = len(a.directions)
    if a.direction_source == "plan":
        body = f"Hội nghị thống nhất tập trung vào {n} nhiệm vụ trọng tâm: {items}."
    else:
        body = f"Hội nghị giao {n} nhiệm vụ: {items}."
    return lead + body


def _award(w: AwardFact) -> str:
    names = f" ({', '.join(w.names)})" if w.names and len(w.names) <= 5 else ""
    verb = "được công nhận danh hiệu" if w.is_title else "được tặng"
    return f"{counts_words(w.collectives, w.individuals)}{names} {verb} {w.form}"


def _awards(a: MeetingArticle) -> str:
    if not a.awards:
        return ""
    return f"Nhân dịp này, {'; '.join(_award(w) for w in a.awards)}."


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


def paragraphs(a: MeetingArticle) -> list[str]:
    """The article's paragraphs, headline excluded."""
    directions, awards = _directions(a), _awards(a)
    said = _key(f"{directions} {awards}")
    # Figures the directions or the awards already state («5 nhiệm vụ», «1 tập thể») are
    # not listed again.
    figures = [t for t in (_figure(f) for f in a.figures) if t and _key(t) not in said]
    parts = [_opening(a), _reports(a)]
    if figures:
        parts.append(
            f"Một số kết quả, số liệu chủ yếu được nêu tại Hội nghị: {'; '.join(figures)}."
        )
    if a.conclusions:
        parts.extend(p.strip() for p in a.conclusions.splitlines() if p.strip())
    parts.extend([directions, awards])
    return [p for p in parts if p]


def article_text(a: MeetingArticle) -> str:
    """Headline, blank line, paragraphs separated by blank lines, then the byline."""
    return "\n\n".join([headline(a), *paragraphs(a), a.organizer_short]) + "\n"


def article_html(a: MeetingArticle) -> str:
    """An ``<article>`` fragment to paste into a portal's editor."""
    e = html.escape
    body = "\n".join(f"  <p>{e(p)}</p>" for p in paragraphs(a))
    return (
        f'<article lang="vi">\n  <h1>{e(headline(a))}</h1>\n'
        f'  <p class="date">{e(format_date(a.date))}</p>\n{body}\n'
        f'  <p class="byline">{e(a.organizer_short)}</p>\n</article>\n'
    )
