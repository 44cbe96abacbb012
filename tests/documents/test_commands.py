"""``tongket ingest`` and ``tongket documents``: files, folders and JSON lines; a bad document
gets its error line and the others go on; the exit status says whether any failed."""

from __future__ import annotations

import io
import json
import unicodedata

import pytest
from django.core.management import call_command

from tongket.documents.models import SourceDocument
from tongket.meetings.models import Meeting


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: a base letter, then a combining tone."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.extend(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        tones = [c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323"]
        out.extend(
            unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)).encode(
                "cp1258"
            )
        )
        out.extend("".join(tones).encode("cp1258"))
    return bytes(out)


def test_ingest_the_seeds_then_again(world, shared):
    seeds = sorted(str(p) for p in (shared / "seeds").glob("*.txt"))
    status, out, err = _run("ingest", "--no-progress", "--actor", "cli:test", *seeds)
    assert status == 0, err
    lines = out.splitlines()
    assert len(lines) == 5
    assert all("đã lưu văn bản #" in line and "stored document #" in line for line in lines)
    assert "10/01/2018, 34.STTTT" in lines[3] and "2 giá trị chỉ tiêu" in lines[3]
    assert "5 tài liệu: 5 đã lưu" in err
    assert SourceDocument.objects.filter(ingested_by="cli:test").count() == 5
    status, out, _ = _run("ingest", "--no-progress", "--json", *seeds)
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["status"] for r in rows] == ["duplicate"] * 5
    assert Meeting.objects.count() == 5


def test_dry_run_stores_nothing(world, shared):
    seed = str(next((shared / "seeds").glob("003_*.txt")))
    status, out, _ = _run("ingest", "--dry-run", "--json", seed)
    assert status == 0
    [row] = [json.loads(line) for line in out.splitlines()]
    assert row["status"] == "would_store"
    assert row["counts"]["values"] == 2 and row["meeting"]["organizer"]["code"] == "34.STTTT"
    assert not SourceDocument.objects.exists() and not Meeting.objects.exists()


# A department the unit register does not hold (not every province has one).
_FOREIGN_AFFAIRS = (
    "Sở Ngoại vụ tổng kết công tác năm 2019\n\n"
    "Sáng 10/01/2020, Sở Ngoại vụ tỉnh Thái Bình tổ chức Hội nghị tổng kết công tác năm 2019 "
    "và triển khai nhiệm vụ năm 2020. Dự hội nghị có đồng chí Nguyễn Văn A, Giám đốc Sở."
)


def test_bad_documents_get_an_error_line_and_the_rest_go_on(world, shared, corpus, tmp_path):
    good = tmp_path / "thai-binh.txt"
    good.write_bytes(_cp1258(next((shared / "seeds").glob("003_*.txt")).read_text("utf-8")))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "huge.txt").write_bytes(b"a" * (10 * 1024 * 1024 + 1))
    lines = tmp_path / "pages.jsonl"
    lines.write_text(
        "\n".join(
            [
                json.dumps(
                    {"id": "p024", "url": corpus["p024"]["url"], "text": corpus["p024"]["text"]},
                    ensure_ascii=False,
                ),
                '{"id": "hong", "text": ',
                json.dumps({"id": "ngoai-vu", "text": _FOREIGN_AFFAIRS}, ensure_ascii=False),
            ]
        ),
        encoding="utf-8",
    )
    status, _, err = _run(
        "ingest",
        "--no-progress",
        str(good),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "binary.txt"),
        str(tmp_path / "report.pdf"),
        str(tmp_path / "huge.txt"),
        str(tmp_path / "missing.txt"),
        str(lines),
    )
    assert status == 1
    assert "Traceback" not in err
    errors = dict(
        line.split(": ", 1) for line in err.splitlines() if line.startswith(str(tmp_path))
    )
    assert "tài liệu rỗng / empty document" in errors[str(tmp_path / "empty.txt")]
    assert "nhị phân" in errors[str(tmp_path / "binary.txt")]
    assert "không đọc được tệp PDF" in errors[str(tmp_path / "report.pdf")]  # a broken PDF
    assert "quá lớn" in errors[str(tmp_path / "huge.txt")]
    assert "no such file" in errors[str(tmp_path / "missing.txt")]
    assert "JSON" in errors[f"{lines}:2"]
    assert "Sở Ngoại vụ" in errors[f"{lines}:3"] and "unit register" in errors[f"{lines}:3"]
    assert "9 tài liệu: 2 đã lưu" in err and "7 lỗi" in err
    stored = {d.source_name: d for d in SourceDocument.objects.all()}
    assert set(stored) == {"thai-binh.txt", "pages.jsonl"}
    # The Windows-1258 file is read as Vietnamese and known by its original bytes.
    document = stored["thai-binh.txt"]
    assert "Sở Thông tin và Truyền thông" in document.clean_text
    assert document.meeting.organizer.code == "34.STTTT"
    assert stored["pages.jsonl"].source_id == "p024"


def test_documents_lists_what_was_ingested(world, shared):
    seeds = sorted(str(p) for p in (shared / "seeds").glob("*.txt"))
    _run("ingest", "--no-progress", *seeds)
    status, out, _ = _run("documents", "--json")
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 5
    thai_binh = next(r for r in rows if r["organizer"] == "34.STTTT")
    assert (thai_binh["meeting_date"], thai_binh["values"], thai_binh["conflicts"]) == (
        "2018-01-10",
        2,
        0,
    )
    _, table, _ = _run("documents", "--site", "mic.gov.vn")
    assert table.splitlines()[0].startswith("Mã")
    assert len(table.splitlines()) == 1 + 3
    _, items, _ = _run("documents", "--id", str(thai_binh["id"]), "--json")
    kinds = [json.loads(line)["kind"] for line in items.splitlines()]
    assert kinds.count("figures") == 9 and kinds.count("values") == 2
    assert kinds.count("tasks") == 5 and kinds.count("commendations") == 3


def test_documents_of_an_unknown_id(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có văn bản #999"):
        call_command("documents", "--id", "999", stdout=io.StringIO())


def test_the_corpus_is_stored_and_each_refusal_says_why_in_one_line(world, shared):
    pages = shared / "corpus" / "pages.jsonl"
    total = sum(1 for line in pages.read_text("utf-8").splitlines() if line.strip())
    status, _, err = _run("ingest", "--no-progress", str(pages))
    stored = SourceDocument.objects.count()
    assert stored >= 0.95 * total, (stored, total)
    refused = [line for line in err.splitlines() if line.startswith(f"{pages}:")]
    assert len(refused) == total - stored
    for line in refused:
        # «file:line: field: Vietnamese / English», one line for each refused document.
        reason = line.split(": ", 1)[1]
        assert " / " in reason and "Traceback" not in reason
    assert status == (1 if refused else 0)
    assert f"{total} tài liệu: {stored} đã lưu" in err
