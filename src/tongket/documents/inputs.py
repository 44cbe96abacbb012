"""The documents named on the command line: ``.txt``, ``.html`` and ``.pdf`` files (kept as
bytes, which identify the document; a PDF's signatures are checked), ``.jsonl`` files of ``{"id", "url", "text"|"html"}`` lines, and
folders of them. A file that cannot be read becomes an entry with its error."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tongket.extraction.cli import iter_jobs
from tongket.extraction.decoding import MAX_BYTES, decode_bytes
from tongket.extraction.errors import ExtractionError

# A PDF carries fonts and pictures beside its text: it may be larger than a text file.
PDF_MAX_BYTES = 20 * MAX_BYTES

_SUFFIXES = {".txt", ".text", ".html", ".htm", ".jsonl", ".json", ".pdf"}


@dataclass
class Incoming:
    id: str
    where: str  # file, or file:line for a JSON line
    name: str  # the file name stored as the document's provenance
    data: bytes | None = None
    text: str | None = None
    html: str | None = None
    url: str | None = None
    error: str = ""
    signature: dict | None = None  # a PDF's signatures, checked (``documents.pdf``)


def incoming(paths: list[Path]) -> Iterator[Incoming]:
    for path in paths:
        if path.is_dir():
            yield from incoming(sorted(p for p in path.iterdir() if p.suffix.lower() in _SUFFIXES))
            continue
        suffix = path.suffix.lower()
        if suffix in (".jsonl", ".json") or not path.exists() or suffix not in _SUFFIXES:
            # The extraction command's reader: the same JSON-line rules and messages.
            for job in iter_jobs([path]):
                yield Incoming(
                    id=job.id,
                    where=job.where,
                    name=path.name,
                    text=job.text,
                    html=job.html,
                    url=job.url,
                    error=job.error or "",
                )
            continue
        if suffix == ".pdf":
            yield _pdf(path)
            continue
        yield _file(path, html=suffix in (".html", ".htm"))


def _file(path: Path, *, html: bool) -> Incoming:
    """A text or HTML file, decoded (old Vietnamese encodings are read or refused by name)."""

    def read(entry: Incoming, data: bytes) -> None:
        decoded = decode_bytes(data)
        if html:
            entry.html = decoded
        else:
            entry.text = decoded

    return _read(path, MAX_BYTES, read)


def _pdf(path: Path) -> Incoming:
    """A PDF: its text, and what its digital signatures say when it is signed."""
    from tongket.documents.pdf import pdf_signature, pdf_text

    def read(entry: Incoming, data: bytes) -> None:
        entry.text = pdf_text(data)
        entry.signature = pdf_signature(data)

    return _read(path, PDF_MAX_BYTES, read)


def _read(path: Path, limit: int, read) -> Incoming:
    """The file's bytes (at most ``limit``) given to ``read``; a file that cannot be read
    becomes an entry with its error."""
    entry = Incoming(id=path.stem, where=str(path), name=path.name)
    try:
        size = path.stat().st_size
        if size > limit:
            raise ExtractionError(
                f"tệp quá lớn ({size:,} byte, tối đa {limit:,})".replace(",", "."),
                f"file too large ({size:,} bytes, at most {limit:,})",
            )
        entry.data = path.read_bytes()
        read(entry, entry.data)
    except ExtractionError as error:
        entry.error = str(error)
    except OSError as error:
        entry.error = f"không đọc được tệp ({error.strerror}) / cannot read file ({error.strerror})"
    return entry
