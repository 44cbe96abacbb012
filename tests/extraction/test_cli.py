"""`tongket extract`: files and JSON lines in, records out; one bad document is one error line
and the others go on; the library runs without Django settings."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

from tongket.extraction.cli import run

# Short reports written for these tests.
REPORT = (
    "Sở TT&TT Hòa Bình tổng kết công tác năm 2019\n\n10/01/2020\n\n"
    "Ngày 9/1, Sở Thông tin và Truyền thông tỉnh Hòa Bình tổ chức hội nghị tổng kết công tác "
    "năm 2019, triển khai nhiệm vụ năm 2020. Đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh dự.\n\n"
    "Năm 2019, doanh thu toàn ngành đạt 1.250 tỷ đồng, tăng 12%.\n\nMinh Anh\n"
)
PAGE = (
    "<html><head><title>Sở TT&TT tổng kết năm 2019 - Cổng thông tin</title></head><body>"
    "<nav>Trang chủ | Tin tức | Liên hệ</nav><article><h1>Sở TT&TT tổng kết năm 2019</h1>"
    "<div class='post-date'>10/01/2020 08:15</div>"
    "<p>Ngày 9/1, Sở Thông tin và Truyền thông tỉnh Hòa Bình tổ chức hội nghị tổng kết công tác "
    "năm 2019, triển khai nhiệm vụ năm 2020. Đồng chí Nguyễn Văn An, Phó Chủ tịch UBND tỉnh dự "
    "và chỉ đạo hội nghị.</p><p>Năm 2019, doanh thu toàn ngành đạt 1.250 tỷ đồng, tăng 12% so "
    "với năm 2018; toàn tỉnh có 150 điểm phục vụ bưu chính.</p>"
    "<p>Năm 2020, Sở tiếp tục đẩy mạnh ứng dụng công nghệ thông tin; tăng cường quản lý báo chí "
    "trên địa bàn tỉnh.</p></article><footer>Bản quyền thuộc về Sở TT&TT</footer></body></html>"
)


def test_files_to_directory(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    err = io.StringIO()
    assert (
        run(["--out", str(out), str(tmp_path / "a.txt"), str(tmp_path / "b.html")], stderr=err) == 0
    )
    a = json.loads((out / "a.json").read_text(encoding="utf-8"))
    b = json.loads((out / "b.json").read_text(encoding="utf-8"))
    for record in (a, b):
        assert record["meeting"]["date"] == "2020-01-09"
        assert record["meeting"]["organizer"] == {
            "department": "Sở Thông tin và Truyền thông",
            "province": "Hòa Bình",
        }
        assert record["meeting"]["province_today"] == "Phú Thọ"
        assert {"value": 1250000000000, "unit": "đồng", "text": "1.250 tỷ đồng"} in record[
            "figures"
        ]
    assert a["byline"] == "Minh Anh"
    assert b["title"] == "Sở TT&TT tổng kết năm 2019"
    assert b["published"].startswith("2020-01-10")
    assert "Trang chủ" not in b["clean_text"] and "Bản quyền" not in b["clean_text"]
    assert any("tăng cường quản lý báo chí" in t["text"] for t in b["tasks"])


def test_jsonl_to_stdout_and_one_error_line_per_bad_document(tmp_path):
    lines = [
        json.dumps(
            {"id": "good", "url": "https://hoabinh.gov.vn/x", "text": REPORT}, ensure_ascii=False
        ),
        "{not json",
        json.dumps({"id": "empty", "text": "   "}),
        json.dumps({"id": "nothing"}),
        json.dumps({"id": "../evil", "text": REPORT}, ensure_ascii=False),
    ]
    src = tmp_path / "docs.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    status = run([str(src), "--no-progress"], stdout=out, stderr=err)
    assert status == 1
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == ["good"]
    assert records[0]["source_site"] == "hoabinh.gov.vn"
    errors = err.getvalue().splitlines()
    assert any(line.startswith(f"{src}:2: ") and "JSON" in line for line in errors)
    assert any(line.startswith(f"{src}:3: ") and "rỗng" in line for line in errors)
    assert any(line.startswith(f"{src}:4: ") and '"text"' in line for line in errors)
    assert any(line.startswith(f"{src}:5: ") and "id" in line for line in errors)
    assert "Traceback" not in err.getvalue()
    assert errors[-1] == "4/5 tài liệu lỗi / 4/5 documents failed"


def test_bad_files_do_not_stop_the_others(tmp_path):
    (tmp_path / "ok.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(10 * 1024 * 1024 + 1)
    out = tmp_path / "out"
    err = io.StringIO()
    files = ["ok.txt", "empty.txt", "image.txt", "sheet.xlsx", "big.txt", "missing.txt"]
    status = run(
        ["--out", str(out), "--no-progress", *[str(tmp_path / f) for f in files]], stderr=err
    )
    assert status == 1
    assert [p.name for p in out.iterdir()] == ["ok.json"]
    text = err.getvalue()
    assert "empty.txt: tài liệu rỗng / empty document" in text
    assert "image.txt: không phải tệp văn bản" in text
    assert "sheet.xlsx: định dạng .xlsx không được hỗ trợ" in text
    assert "big.txt: tệp quá lớn" in text and "file too large" in text
    assert "missing.txt: không có tệp này / no such file" in text
    assert "Traceback" not in text


def test_progress_bar_on_stderr_for_many_documents(tmp_path):
    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text(REPORT, encoding="utf-8")
    err = io.StringIO()
    assert (
        run(
            ["--out", str(tmp_path / "o"), *[str(p) for p in sorted(tmp_path.glob("*.txt"))]],
            stderr=err,
        )
        == 0
    )
    assert "0/3" in err.getvalue() and "tài liệu" in err.getvalue()


def test_library_and_cli_run_without_django_settings(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys; from tongket.extraction.cli import run; from django.conf import settings;"
        f"status = run(['--out', {str(tmp_path / 'o')!r}, {str(tmp_path / 'a.txt')!r}]);"
        "assert not settings.configured; sys.exit(status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "o" / "a.json").exists()


def test_management_command_is_a_thin_wrapper(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "tongket", "extract", str(tmp_path / "a.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["id"] == "a" and record["meeting"]["reviewed_period"] == "2019"
