"""``tongket ingest INPUT... [--dry-run] [--json]``: read published meeting reports and store
them with what they report. A bad document gets one error line and the others go on; the
exit status is 1 when any failed."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from tongket.core.numbers import format_date
from tongket.documents.errors import DocumentError
from tongket.documents.inputs import Incoming, incoming
from tongket.documents.models import Provenance
from tongket.documents.pdf import signature_lines
from tongket.documents.services import document_ingest, document_preview
from tongket.meetings.commandline import actor_default


class Command(BaseCommand):
    help = (
        "Đọc và lưu báo cáo hội nghị đã công bố (.txt, .html, .jsonl) / read and store "
        "published meeting reports"
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="chỉ cho biết sẽ lưu gì / only say what would be stored",
        )
        parser.add_argument(
            "--json", action="store_true", help="mỗi dòng một đối tượng JSON / JSON lines"
        )
        parser.add_argument("--actor", default=actor_default(), help="người nhập / actor")
        parser.add_argument(
            "--no-progress", action="store_true", help="không hiện thanh tiến độ / no progress bar"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        entries = list(incoming(o["inputs"]))
        progress = None
        if len(entries) > 1 and not o["no_progress"]:
            from tqdm import tqdm

            progress = tqdm(total=len(entries), file=sys.stderr, unit="tài liệu", leave=False)
        tally = {"stored": 0, "duplicate": 0, "would_store": 0, "failed": 0}
        for entry in entries:
            row = self._one(entry, dry_run=o["dry_run"], actor=o["actor"])
            tally[row["status"]] += 1
            if row["status"] == "failed":
                self._say(progress, f"{entry.where}: {row['error']}", err=True)
            if o["json"]:
                self._say(progress, json.dumps(row, ensure_ascii=False, default=str))
            elif row["status"] != "failed":
                for line in _lines(row):
                    self._say(progress, line)
            if progress is not None:
                progress.update(1)
        if progress is not None:
            progress.close()
        if len(entries) > 1 or tally["failed"]:
            self.stderr.write(
                f"{len(entries)} tài liệu: {tally['stored']} đã lưu, {tally['duplicate']} đã có "
                f"từ trước, {tally['would_store']} sẽ lưu, {tally['failed']} lỗi / "
                f"{len(entries)} documents: {tally['stored']} stored, {tally['duplicate']} "
                f"already there, {tally['would_store']} would be stored, {tally['failed']} failed"
            )
        if tally["failed"]:
            raise SystemExit(1)

    def _say(self, progress: Any, line: str, *, err: bool = False) -> None:
        stream = self.stderr if err else self.stdout
        if progress is not None:
            progress.clear()
        stream.write(line)
        if progress is not None:
            progress.refresh()

    def _one(self, entry: Incoming, *, dry_run: bool, actor: str) -> dict[str, Any]:
        row: dict[str, Any] = {"id": entry.id, "where": entry.where}
        if entry.error:
            return {**row, "status": "failed", "error": entry.error}
        try:
            if dry_run:
                preview = document_preview(
                    text=entry.text, html=entry.html, url=entry.url, data=entry.data
                )
                if preview.error:
                    return {**row, "status": "failed", "error": preview.error}
                plan = preview.plan.as_json()
                return {
                    **row,
                    "status": "duplicate" if preview.duplicate_of else "would_store",
                    "document_id": preview.duplicate_of.pk if preview.duplicate_of else None,
                    "meeting": plan["meeting"],
                    "counts": preview.counts(),
                    "notes": plan["notes"],
                }
            result = document_ingest(
                text=entry.text,
                html=entry.html,
                url=entry.url,
                data=entry.data,
                source_name=entry.name,
                source_id=entry.id,
                provenance=Provenance.FILE,
                actor=actor,
                signature=entry.signature,
            )
        except DocumentError as error:
            return {**row, "status": "failed", "error": str(error)}
        except Exception as error:  # one broken document must not stop the others
            return {
                **row,
                "status": "failed",
                "error": f"lỗi khi lưu ({type(error).__name__}: {error}) / failed to store "
                f"({type(error).__name__}: {error})",
            }
        meeting = result.meeting
        return {
            **row,
            "status": "stored" if result.created else "duplicate",
            **result.as_json(),
            "signature": result.document.signature,
            "meeting": {
                "id": meeting.pk,
                "title": meeting.title,
                "date": meeting.date.isoformat(),
                "date_approximate": meeting.date_approximate,
                "organizer": {"code": meeting.organizer.code, "name": meeting.organizer.name},
            }
            if meeting
            else None,
        }


def _lines(row: dict[str, Any]) -> list[str]:
    where = row["where"]
    if row["status"] == "duplicate":
        return [
            f"{where}: đã nhập trước đây (văn bản #{row['document_id']}), không lưu gì thêm / "
            f"already ingested (document #{row['document_id']}), nothing stored"
        ]
    meeting, c = row["meeting"], row["counts"]
    day = format_date(dt.date.fromisoformat(meeting["date"]))
    if meeting.get("date_approximate"):
        day += " (ngày ước tính / approximate date)"
    if row["status"] == "would_store":
        head = "sẽ lưu / would store"
        what = (
            "cuộc họp đã có / existing meeting"
            if meeting["existing_id"]
            else "cuộc họp mới / new meeting"
        )
    else:
        head = f"đã lưu văn bản #{row['document_id']} / stored document #{row['document_id']}"
        what = (
            f"cuộc họp #{meeting['id']} (mới / new)"
            if row["meeting_created"]
            else f"cuộc họp đã có #{meeting['id']} / existing meeting #{meeting['id']}"
        )
    lines = [
        f"{where}: {head} — {what}, {day}, {meeting['organizer']['code']}: "
        f"{c['participants']} người / people, {c['figures']} số liệu / figures, "
        f"{c['values']} giá trị chỉ tiêu / indicator values, {c['reviews']} số liệu chờ duyệt / "
        f"figures to review, {c['tasks']} nhiệm vụ / tasks, "
        f"{c['commendations']} khen thưởng / commendations"
    ]
    lines += [f"  ! {n}" for n in row.get("notes") or []]
    lines += [f"  {line}" for line in signature_lines(row.get("signature"))]
    return lines
