"""``tongket extract [--out DIR] INPUT...``: read .txt, .html and .jsonl documents, write one
record per document (``DIR/<id>.json``, or JSON lines on stdout). A bad document gets one
error line (file, line, reason) and the others go on; the exit status tells whether any
failed. Runs without Django settings."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tongket.extraction.decoding import MAX_BYTES, decode_bytes
from tongket.extraction.errors import ExtractionError
from tongket.extraction.record import extract

_SUFFIXES = {".txt", ".text", ".html", ".htm", ".jsonl", ".json"}


@dataclass
class Job:
    """One document to read: where it comes from and how to get it."""

    id: str
    where: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    error: str | None = None


def _read_file(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ExtractionError(
            f"tệp quá lớn ({size:,} byte, tối đa {MAX_BYTES:,})".replace(",", "."),
            f"file too large ({size:,} bytes, at most {MAX_BYTES:,})",
        )
    return path.read_bytes()


def iter_jobs(paths: list[Path]) -> Iterator[Job]:
    for path in paths:
        suffix = path.suffix.lower()
        if path.is_dir():
            yield from iter_jobs(sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES))
            continue
        if not path.exists():
            yield Job(path.stem, str(path), error="không có tệp này / no such file")
            continue
        if suffix not in _SUFFIXES:
            yield Job(
                path.stem,
                str(path),
                error=f"định dạng {suffix or '(không có)'} không được hỗ trợ (.txt, .html, .jsonl) / "
                f"unsupported format {suffix or '(none)'} (.txt, .html, .jsonl)",
            )
            continue
        try:
            data = _read_file(path)
            text = decode_bytes(data, name="")
        except ExtractionError as exc:
            yield Job(path.stem, str(path), error=str(exc))
            continue
        except OSError as exc:
            yield Job(
                path.stem,
                str(path),
                error=f"không đọc được tệp ({exc.strerror}) / cannot read file ({exc.strerror})",
            )
            continue
        if suffix in (".jsonl", ".json"):
            yield from _jsonl_jobs(path, text)
        elif suffix in (".html", ".htm"):
            yield Job(path.stem, str(path), html=text)
        else:
            yield Job(path.stem, str(path), text=text)


def _jsonl_jobs(path: Path, text: str) -> Iterator[Job]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Job(
                f"{path.stem}-{lineno}",
                where,
                error=f"dòng JSON hỏng (cột {exc.colno}: {exc.msg}) / broken JSON line (column {exc.colno}: {exc.msg})",
            )
            continue
        except (RecursionError, ValueError):
            # Nested deeper than the parser goes, or a whole number of thousands of digits:
            # this line is refused, the batch goes on.
            yield Job(
                f"{path.stem}-{lineno}",
                where,
                error="dòng JSON lồng nhau quá sâu hoặc có số quá dài / JSON line nested too "
                "deeply or with a number too long",
            )
            continue
        if not isinstance(doc, dict):
            yield Job(
                f"{path.stem}-{lineno}",
                where,
                error="dòng không phải đối tượng JSON / line is not a JSON object",
            )
            continue
        doc_id = str(doc.get("id") or f"{path.stem}-{lineno}")
        if "/" in doc_id or "\\" in doc_id or doc_id in (".", ".."):
            yield Job(
                doc_id, where, error="id không hợp lệ làm tên tệp / id not usable as a file name"
            )
            continue
        text_value, html_value = doc.get("text"), doc.get("html")
        if text_value is None and html_value is None:
            yield Job(doc_id, where, error='thiếu "text" hoặc "html" / missing "text" or "html"')
            continue
        if not isinstance(text_value or html_value, str):
            yield Job(
                doc_id, where, error='"text"/"html" phải là chuỗi / "text"/"html" must be a string'
            )
            continue
        url = doc.get("url") if isinstance(doc.get("url"), str) else None
        yield Job(doc_id, where, text=text_value, html=html_value, url=url)


def run_job(job: Job) -> dict:
    if job.error:
        raise (
            ExtractionError(*job.error.split(" / ", 1))
            if " / " in job.error
            else ExtractionError(job.error, job.error)
        )
    if job.html is not None:
        return extract(html=job.html, url=job.url)
    return extract(job.text, url=job.url)


def run(argv: list[str] | None = None, *, stdout=None, stderr=None) -> int:
    """The command: returns the exit status (0 all read, 1 some failed, 2 bad usage)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = argparse.ArgumentParser(
        prog="tongket extract",
        description="Đọc báo cáo hội nghị thành bản ghi / Read meeting reports into records.",
    )
    parser.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help=".txt, .html or .jsonl"
    )
    parser.add_argument("--out", type=Path, help="thư mục ghi <id>.json / directory for <id>.json")
    parser.add_argument(
        "--no-progress", action="store_true", help="không hiện thanh tiến độ / no progress bar"
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.out:
        try:
            args.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(
                f"{args.out}: không tạo được thư mục ({exc.strerror}) / cannot create directory ({exc.strerror})",
                file=stderr,
            )
            return 2
    jobs = list(iter_jobs(args.inputs))
    progress = None
    if len(jobs) > 1 and not args.no_progress:
        from tqdm import tqdm

        progress = tqdm(total=len(jobs), file=stderr, unit="tài liệu", leave=False)
    failed = 0
    for job in jobs:
        try:
            record = run_job(job)
        except ExtractionError as exc:
            failed += 1
            _report(progress, stderr, f"{job.where}: {exc}")
        except Exception as exc:  # one broken document must not stop the others
            failed += 1
            _report(
                progress,
                stderr,
                f"{job.where}: lỗi khi đọc ({type(exc).__name__}: {exc}) / failed to read ({type(exc).__name__}: {exc})",
            )
        else:
            payload = json.dumps(record, ensure_ascii=False)
            if args.out:
                (args.out / f"{job.id}.json").write_text(
                    json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
                )
            else:
                print(
                    json.dumps({"id": job.id, **record}, ensure_ascii=False) if payload else "",
                    file=stdout,
                )
        if progress is not None:
            progress.update(1)
    if progress is not None:
        progress.close()
    if failed:
        print(
            f"{failed}/{len(jobs)} tài liệu lỗi / {failed}/{len(jobs)} documents failed",
            file=stderr,
        )
    return 1 if failed else 0


def _report(progress, stream, message: str) -> None:
    if progress is not None:
        progress.write(message, file=stream)
    else:
        print(message, file=stream)


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
