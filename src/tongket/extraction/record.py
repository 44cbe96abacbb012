"""One document in, one record out (the extraction contract's record)."""

from __future__ import annotations

import datetime as dt
import re

from tongket.extraction import places
from tongket.extraction.cleaning import layout
from tongket.extraction.commendations import extract_commendations
from tongket.extraction.dates import (
    Dateline,
    choose_published,
    find_meeting_days,
    make_date,
    url_month,
    year_before,
)
from tongket.extraction.decoding import check_text
from tongket.extraction.figures import extract_figures
from tongket.extraction.meeting import (
    Meeting,
    infer_missing,
    meeting_kind,
    meeting_sentence,
    periods,
)
from tongket.extraction.organizer import find_department, find_province
from tongket.extraction.people import extract_people
from tongket.extraction.tasks import extract_tasks

_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
# A printed date this far from the meeting is the page's own date, not the item's.
_PUBLISHED_WINDOW = dt.timedelta(days=60)


def extract(text: str | None = None, *, html: str | None = None, url: str | None = None) -> dict:
    """The record of one meeting report given as text or as an HTML page."""
    if html is not None:
        from tongket.extraction.html import html_to_text

        text = html_to_text(check_text(html, max_line=None))
    text = check_text(text or "")
    lay = layout(text)
    paragraphs = lay.paragraphs
    lead = paragraphs[0] if paragraphs else ""
    sentence = meeting_sentence(lead) or (
        meeting_sentence(paragraphs[1]) if len(paragraphs) > 1 else ""
    )
    clean_text = "\n\n".join(paragraphs)

    kind = meeting_kind([lay.title or "", sentence])
    if kind == "other" and not sentence:
        # Only a photo caption may name the meeting ("Quang cảnh Hội nghị triển khai ...").
        sentence = next((c for c in lay.captions if meeting_kind([c]) != "other"), "")
        kind = meeting_kind([sentence])
    meeting_date, published = _dates(
        lay.datelines, sentence, lead, paragraphs, lay.title, url, kind
    )

    meeting = Meeting(kind=kind)
    default_year = meeting_date.year if meeting_date else None
    meeting.reviewed, meeting.planned = periods(sentence, default_year=default_year)
    if lay.title and (meeting.reviewed is None or meeting.planned is None):
        r, p = periods(lay.title, default_year=default_year)
        meeting.reviewed = meeting.reviewed or r
        meeting.planned = meeting.planned or p
    infer_missing(meeting, clean_text)
    if meeting_date is None and (meeting.reviewed or meeting.planned):
        meeting_date = _date_from_periods([sentence, lead, lay.title or ""], meeting)

    department, dept_end = find_department(lay.title, lead, clean_text)
    province = find_province(lay.title, lead, clean_text, dept_end, url)
    province_then = places.at_time(province, meeting_date)

    people_text = "\n".join([clean_text, *lay.captions])
    people = extract_people(
        people_text, department=department, exclude={lay.byline} if lay.byline else None
    )
    sentences = [s for p in [*paragraphs, *lay.captions] for s in _SENTENCE.split(p)]
    # Awards of years before the reviewed one are background.
    first = re.match(r"\d{4}", meeting.reviewed or "")
    reviewed_year = int(first.group()) if first else None
    if reviewed_year is None and default_year is not None:
        reviewed_year = default_year - 1
    return {
        "title": lay.title,
        "published": published,
        "source_site": places.host_of(url) or lay.source_hint,
        "byline": lay.byline,
        "captions": lay.captions,
        "meeting": {
            "kind": kind,
            "date": meeting_date.isoformat() if meeting_date else None,
            "organizer": {"department": department, "province": province_then},
            "province_today": places.today(province_then),
            "reviewed_period": meeting.reviewed,
            "planned_period": meeting.planned,
        },
        "people": people,
        "figures": extract_figures(clean_text),
        "commendations": extract_commendations(
            sentences, department=department, title=lay.title, year=reviewed_year
        ),
        "tasks": extract_tasks(paragraphs, planned=meeting.planned, year=default_year),
        "clean_text": clean_text,
    }


def extract_document(doc: dict) -> dict:
    """A JSON line's document (``{"id", "url", "text"}`` or ``"html"``) → its record."""
    url = doc.get("url") or None
    if doc.get("html") is not None:
        return extract(html=doc["html"], url=url)
    return extract(doc.get("text"), url=url)


def _dates(
    datelines: list[Dateline],
    sentence: str,
    lead: str,
    paragraphs: list[str],
    title: str | None,
    url: str | None,
    kind: str,
) -> tuple[dt.date | None, str | None]:
    """The meeting's day and the publication date, each deciding the other's open parts."""
    mention = None
    for text in (sentence, lead, *paragraphs[1:3], title or ""):
        days = find_meeting_days(text)
        if days:
            mention = days[0]
            break
    line = datelines[0] if datelines else None
    meeting = None
    if mention and mention.year:
        meeting = make_date(mention.year, mention.month, mention.day)
    published = None
    if line is not None:
        if meeting is None and mention is not None:
            best = None
            for _, reading in line.readings():
                candidate = year_before(reading, mention.month, mention.day)
                if candidate is None:
                    continue
                gap = (reading - candidate).days
                if best is None or gap < best[0]:
                    best = (gap, candidate)
            if best is not None:
                meeting = best[1]
        published = choose_published(line, meeting)
        if published and meeting:
            day = dt.date.fromisoformat(published[:10])
            if not -dt.timedelta(days=1) <= day - meeting <= _PUBLISHED_WINDOW:
                published = None
                if mention and not mention.year:
                    meeting = None
    if meeting is None and mention is not None:
        ref = url_month(url)
        if ref is not None:
            meeting = year_before(ref, mention.month, mention.day, slack_days=3)
    # Still without a year: the caller takes it from the periods the meeting names.
    return meeting, published


def _date_from_periods(texts: list[str], meeting: Meeting) -> dt.date | None:
    """A day without a year in a meeting that names its periods: a year-end meeting held in
    the autumn or winter of the year it reviews, or early in the next."""
    day = next((d[0] for d in (find_meeting_days(t) for t in texts if t) if d), None)
    if day is None or day.year:
        return None
    years = [int(p[:4]) for p in (meeting.reviewed, meeting.planned) if p and re.match(r"\d{4}", p)]
    if not years:
        return None
    if (
        meeting.kind == "annual_review"
        and meeting.reviewed
        and re.fullmatch(r"\d{4}", meeting.reviewed)
    ):
        reviewed = int(meeting.reviewed)
        year = reviewed if day.month >= 9 else reviewed + 1
    else:
        year = years[0]
    return make_date(year, day.month, day.day)
