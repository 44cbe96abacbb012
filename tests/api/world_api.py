"""The permission-test world of ``accounts.world`` with what the API reaches besides reports:
form lines and values, targets, meetings, tasks and commendations, in Hưng Yên and in Hà Nội,
and reports in every state the transitions need."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from accounts.world import World, build_world
from factories import make_indicator
from tongket.documents.models import SourceDocument
from tongket.meetings.services import (
    AssignmentSpec,
    award_form_find,
    commendation_create,
    meeting_create,
    notice_create,
    plan_create,
    task_create,
)
from tongket.papers.models import DocumentJob, JobKind, JobStatus
from tongket.reporting.models import (
    FormIndicator,
    Submission,
    SubmissionStatus,
    Target,
    Value,
    ValueSource,
)
from tongket.reporting.periods import period_get_or_create

ACTOR = "test"


@dataclass
class ApiWorld:
    world: World
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str):
        objects = self.__dict__.get("objects", {})
        if name in objects:
            return objects[name]
        return getattr(self.__dict__["world"], name)


def _status(sub: Submission, status: str) -> Submission:
    now = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    sub.status = status
    sub.submitted_at = sub.first_submitted_at = now
    if status == SubmissionStatus.APPROVED:
        sub.approved_at, sub.approved_by = now, "staff"
    sub.save()
    return sub


def build_api_world() -> ApiWorld:
    w = build_world()
    o: dict[str, Any] = {}
    form = w.sub_xa_hy.form
    o["ind_a"] = make_indicator("test.a", name="Thuê bao thử")
    o["ind_b"] = make_indicator("test.b", name="Trạm thử")
    FormIndicator.objects.create(form=form, indicator=o["ind_a"], line=1, required=False)
    FormIndicator.objects.create(form=form, indicator=o["ind_b"], line=2, required=False)
    # Reports waiting for approval, and approved ones, in both provinces.
    o["sub_submitted_hy"] = _status(w.sub_xa_hy2, SubmissionStatus.SUBMITTED)
    o["sub_submitted_hn"] = _status(w.sub_dn_move_2021, SubmissionStatus.SUBMITTED)
    o["sub_approved_hy"] = _status(w.sub_national_hy, SubmissionStatus.APPROVED)
    p2025 = period_get_or_create("2025")
    for key, unit in (("hy", w.xa_hy), ("hn", w.xa_hn)):
        o[f"value_{key}"] = Value.objects.create(
            unit=unit, indicator=o["ind_a"], period=p2025, value=120, source=ValueSource.IMPORT
        )
        o[f"target_{key}"] = Target.objects.create(
            unit=unit, indicator=o["ind_a"], period=p2025, value=100
        )
        so = w.so_hy if key == "hy" else w.so_hn
        o[f"meeting_{key}"] = meeting_create(
            kind="annual_review",
            title=f"Hội nghị tổng kết năm 2025 ({so.name})",
            date=dt.date(2025, 12, 20),
            organizer=so,
            actor=ACTOR,
        )
        o[f"task_{key}"] = task_create(
            text="Phủ sóng di động đến các thôn",
            lead=so,
            source="meeting",
            meeting=o[f"meeting_{key}"],
            deadline=dt.date(2026, 6, 30),
            actor=ACTOR,
        )
        o[f"document_{key}"] = SourceDocument.objects.create(
            sha256=f"{key:0>64}",
            title=f"Tổng kết năm 2025 ({so.name})",
            raw_text="Sáng 20/12/2025, Sở tổ chức hội nghị tổng kết.",
            clean_text="Sáng 20/12/2025, Sở tổ chức hội nghị tổng kết.",
            record={"meeting": {"date": "2025-12-20"}},
            extractor_version="test",
            provenance="api",
            meeting=o[f"meeting_{key}"],
            ingested_by=ACTOR,
        )
        o[f"commendation_{key}"] = commendation_create(
            form=award_form_find("gk_so"),
            year=2025,
            unit=unit,
            collectives=1,
            actor=ACTOR,
        )
        o[f"plan_{key}"] = plan_create(
            unit=so, period="2025", key_tasks=["Phủ sóng 5G các khu công nghiệp"], actor=ACTOR
        )
        o[f"notice_{key}"] = notice_create(
            meeting=o[f"meeting_{key}"],
            items=[AssignmentSpec(text="Hoàn thiện hạ tầng số", lead=so)],
            actor=ACTOR,
        )
    # A file made for Hưng Yên's staff, and one of Hà Nội's: each reaches only its own.
    for key, user, so in (("hy", w.staff, w.so_hy), ("hn", w.staff_other, w.so_hn)):
        o[f"job_{key}"] = DocumentJob.objects.create(
            kind=JobKind.REPORT,
            fmt="xlsx",
            unit=so,
            year=2025,
            requested_by=user,
            status=JobStatus.DONE,
            step="done",
            progress=100,
            file_name="bao-cao.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            data=b"PK-test",
        )
    return ApiWorld(world=w, objects=o)
