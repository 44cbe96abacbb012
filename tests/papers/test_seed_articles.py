"""The five published items of ``shared/seeds``: each meeting's record (the gold record of the
item) is put in the database through the meetings services, and the article tongket writes
about it must carry the same date, organizer, leaders with their titles, figures and
commendations, field by field."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from tongket.core.numbers import format_number
from tongket.meetings.models import Meeting
from tongket.meetings.services import (
    FigureSpec,
    PersonSpec,
    ReportSpec,
    award_form_find,
    commendation_create,
    meeting_create,
    plan_create,
)
from tongket.meetings.text import text_key
from tongket.papers.meeting_gather import meeting_article_gather
from tongket.papers.render_article import article_html, article_text, headline
from tongket.papers.wording import counts_words
from tongket.units.models import Unit, UnitKind, UnitLink

ROOT = Path(__file__).resolve().parents[2]
SEEDS = next(
    (
        p
        for p in (ROOT / "shared" / "seeds", ROOT.parent / "shared" / "seeds")
        if (p / "gold").is_dir()
    ),
    None,
)
GOLD = sorted((SEEDS / "gold").glob("*.json")) if SEEDS else []
pytestmark = pytest.mark.skipif(not GOLD, reason="shared/seeds/gold is not beside the repository")


def _key(text: str) -> str:
    """Names compared without commas and case: «Sở Bưu chính, Viễn thông» is the record's
    «Sở Bưu chính Viễn thông»."""
    return re.sub(r"\s+", " ", text_key(text).replace(",", " ")).strip()


def _valid(units, day: dt.date) -> list[Unit]:
    return [u for u in units if u.valid_from <= day and (u.valid_to is None or day <= u.valid_to)]


def _value_words(figure: dict) -> str:
    """«2.060 tỷ đồng», «19%», «5 nhiệm vụ»: the value in Vietnamese style with its unit."""
    value, unit = figure["value"], figure["unit"]
    if unit == "đồng" and value >= 1e9:
        value, unit = value / 1e9, "tỷ đồng"
    return f"{format_number(value)}{'' if unit == '%' else ' '}{unit}"


def _organizer(record: dict, day: dt.date) -> Unit:
    """The department the record names, in the province it names, on the meeting day."""
    org = record["meeting"]["organizer"]
    (province,) = _valid(Unit.objects.filter(kind=UnitKind.PROVINCE, name=org["province"]), day)
    children = UnitLink.objects.filter(parent=province).values("child_id")
    found = [
        u
        for u in _valid(Unit.objects.filter(kind=UnitKind.DEPARTMENT, pk__in=children), day)
        if _key(u.name).startswith(_key(org["department"]))
    ]
    assert len(found) == 1, found
    return found[0]


def _store(record: dict) -> Meeting:
    """The record through the meetings services: the meeting with its people (a department's
    director presents the report) and figures, the plan it launched, its commendations."""
    m = record["meeting"]
    day = dt.date.fromisoformat(m["date"])
    organizer = _organizer(record, day)
    reviewed, planned = m["reviewed_period"], m["planned_period"]
    directors = [p for p in record["people"] if text_key(p["title"]).startswith("giám đốc")]
    guests = [p for p in record["people"] if p not in directors]
    meeting = meeting_create(
        kind=m["kind"],
        title=f"Hội nghị tổng kết công tác năm {reviewed} và triển khai nhiệm vụ năm {planned}",
        date=day,
        organizer=organizer,
        participants=[PersonSpec(p["name"], p["title"]) for p in guests],
        reports=[
            ReportSpec(
                f"Báo cáo tổng kết công tác năm {reviewed} và phương hướng, nhiệm vụ năm {planned}",
                presenter=PersonSpec(p["name"], p["title"], organizer),
            )
            for p in directors
        ],
        reviewed_periods=[reviewed],
        planned_periods=[planned],
        figures=[FigureSpec(f["value"], f["unit"], f["text"]) for f in record["figures"]],
        source="imported",
        actor="test",
    )
    if record["tasks"]:
        plan_create(
            unit=organizer,
            period=planned,
            meeting=meeting,
            key_tasks=[t["text"] for t in record["tasks"]],
            actor="test",
        )
    for c in record["commendations"]:
        commendation_create(
            form=award_form_find(c["form"]),
            year=int(reviewed),
            unit=organizer,
            meeting=meeting,
            collectives=c["collectives"],
            individuals=c["individuals"],
            actor="test",
        )
    return meeting


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_article_carries_the_seed_record(reference_units, path):
    record = json.loads(path.read_text("utf-8"))
    meeting = _store(record)
    article = meeting_article_gather(meeting=meeting)
    text = article_text(article)
    flat = _key(text)
    m = record["meeting"]

    # Date.
    day = dt.date.fromisoformat(m["date"])
    assert f"Ngày {day:%d/%m/%Y}, " in text

    # Organizer: the department of the province, in the headline and the first sentence.
    org = m["organizer"]
    assert _key(f"{org['department']} {org['province']}") in _key(headline(article))
    assert (
        f"{meeting.organizer.name} tổ chức Hội nghị tổng kết công tác năm {m['reviewed_period']}"
        in text
    )

    # The periods reviewed and launched.
    assert f"năm {m['reviewed_period']}" in headline(article)
    assert f"năm {m['planned_period']}" in headline(article)

    # Leaders, each with the title the item gives.
    for person in record["people"]:
        assert f"đồng chí {person['name']}, {person['title']}" in text, person

    # Figures: each as the item states it.
    for figure in record["figures"]:
        assert _key(figure["text"]) in flat, figure

    # Commendations: the form, who gives it, and how many collectives and individuals.
    for c in record["commendations"]:
        form = award_form_find(c["form"])
        assert _key(form.name) == _key(c["form"])
        said = f"{counts_words(c['collectives'], c['individuals'])} được tặng {form.name}"
        assert said in text, said

    # Directions: every task the item lists.
    for task in record["tasks"]:
        assert _key(task["text"]) in flat, task

    # Nothing else is claimed: no commendation paragraph without commendations.
    assert ("Nhân dịp này" in text) == bool(record["commendations"])

    # The HTML carries the same paragraphs, escaped.
    page = article_html(article)
    assert page.count("<p>") == text.count("\n\n") - 1
    assert "&amp;" in page if "&" in text else "&amp;" not in page


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_seed_text_ingested_then_written_back_as_an_article(reference_units, path):
    """The same fields when the meeting comes from the published text itself, read by
    ``tongket ingest``: text → record → database → article."""
    from tongket.documents import services

    record = json.loads(path.read_text("utf-8"))
    text = (path.parent.parent / f"{path.stem}.txt").read_text("utf-8")
    result = services.document_ingest(text=text, actor="test", source_name=path.name)
    article = meeting_article_gather(meeting=result.meeting)
    flat = _key(article_text(article))
    m = record["meeting"]
    day = dt.date.fromisoformat(m["date"])
    assert _key(f"Ngày {day:%d/%m/%Y}, ") in flat
    org = m["organizer"]
    assert _key(f"{org['department']} {org['province']}") in _key(headline(article))
    for person in record["people"]:
        assert _key(f"đồng chí {person['name']}, {person['title']}") in flat, person
    for figure in record["figures"]:
        # As the item words it, or as its value and unit («5 nhiệm vụ» for «5 nhiệm vụ trọng
        # tâm» when the article lists the five tasks).
        said = (_key(figure["text"]), _key(_value_words(figure)))
        assert any(words in flat for words in said), figure
    for c in record["commendations"]:
        said = f"{counts_words(c['collectives'], c['individuals'])} được tặng {c['form']}"
        assert _key(said) in flat, said
