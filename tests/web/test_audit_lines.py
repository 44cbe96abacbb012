"""A report's history and the trail say what happened in the page's language, from what the
entries record: the period in words, the form's name, how late a report was sent and with how
many warnings, a value's indicator and figures; no stored bilingual summary, code or «/»."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from tongket.analytics.services import target_set
from tongket.core.models import AuditEntry
from tongket.reporting.services import submission_return, submission_submit, submission_values_set
from tongket.web.audit_lines import describe
from web.reporting.world import reporting_of


def _history_text(client, path: str) -> str:
    body = client.get(path).content.decode()
    part = body.split('<ul class="plain history">', 1)[1].split("</ul>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))


@pytest.fixture
def sent_late(world):
    r = reporting_of(world)
    sub = world.sub_xa_hy
    submission_values_set(submission=sub, values={"web.mobile": 1000}, actor=world.reporting)
    submission_submit(submission=sub, actor=world.reporting)
    submission_return(submission=sub, actor=world.staff, reason="Kiểm tra lại")
    submission_submit(submission=sub, actor=world.reporting)
    late = (timezone.localdate() - sub.deadline).days
    assert late > 1
    return r, sub, late


def test_the_history_of_a_late_report_in_vietnamese(clients, sent_late):
    _r, sub, late = sent_late
    text = _history_text(clients["staff"], f"/approvals/{sub.pk}/")
    assert f"Gửi báo cáo: trễ {late} ngày" in text
    assert "Trả lại báo cáo" in text and "Lý do: Kiểm tra lại" in text
    assert " / " not in text and "#" not in text and "TEST.01" not in text
    assert not re.search(r"submitted|late|day\(s\)|warning", text)


def test_the_history_of_a_late_report_in_english(clients, sent_late, settings):
    _r, sub, late = sent_late
    client = clients["staff"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = _history_text(client, f"/approvals/{sub.pk}/")
    assert f"Report sent: {late} days late" in text
    assert "Report returned" in text and "Reason: Kiểm tra lại" in text
    assert not re.search(r"Gửi|trễ|ngày|cảnh báo|hạn", text)


def test_the_trail_names_periods_forms_and_indicators_in_words(world, sent_late):
    r, _sub, _late = sent_late
    target_set(unit=world.hung_yen, indicator=r.total, period_code="2025", value=1100, actor="t")
    entries = list(AuditEntry.objects.order_by("id"))
    with translation.override("vi"):
        lines = {(e.action, e.line) for e in describe(entries)}
    assert ("submission.approved", "Năm 2025 · Biểu thử") not in lines  # never approved
    assert any(
        a == "submission.submitted" and t.startswith("Năm 2025 · Biểu thử: trễ") for a, t in lines
    )
    assert ("value.created", "«Thuê bao di động», Năm 2025: — → 1.000") in lines
    assert ("target.changed", "«Tổng số thuê bao», Năm 2025: 1.000 → 1.100") in lines
    with translation.override("en"):
        lines = {(e.action, e.line) for e in describe(entries)}
    assert ("value.created", "«Mobile subscribers», Year 2025: — → 1.000") in lines
    assert ("target.changed", "«Total subscribers», Year 2025: 1.000 → 1.100") in lines


def test_warnings_and_on_time_in_both_languages(world):
    """A report sent before its deadline is «đúng hạn»; its warnings are counted in words."""
    reporting_of(world)
    sub = world.sub_xa_hy
    entry = AuditEntry(
        actor="x",
        action="submission.submitted",
        object_type="submission",
        object_id=str(sub.pk),
        new={"status": "submitted", "warnings": 2},
    )
    entry.at = timezone.make_aware(dt.datetime.combine(sub.deadline, dt.time(9)))
    with translation.override("vi"):
        assert describe([entry])[0].detail == "đúng hạn, 2 cảnh báo"
    with translation.override("en"):
        assert describe([entry])[0].detail == "on time, 2 warnings"
    entry.action = "submission.opened"
    with translation.override("vi"):
        assert describe([entry])[0].detail == "hạn 15/01/2026"
    with translation.override("en"):
        assert describe([entry])[0].line == "Year 2025 · Biểu thử: due 15/01/2026"
    entry.action = "submission.submitted"
    entry.at += dt.timedelta(days=1)
    entry.new = {"status": "submitted", "warnings": 1}
    with translation.override("en"):
        assert describe([entry])[0].detail == "1 day late, 1 warning"
