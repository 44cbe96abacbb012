"""Reading a YAML or JSON file of meetings, notices, tasks, plans and commendations.

The file is read whole, every reference is resolved and every rule checked inside one
transaction: an error anywhere names the file, line and field and stores nothing. Loading the
same file again stores nothing new (each record has a natural identity and a fingerprint of
its entry; an entry that changed is reported, not silently merged). The layout is documented
in ``data/meetings_example.yaml``.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from tongket.meetings.errors import MeetingsError
from tongket.meetings.loading_records import Records
from tongket.meetings.loading_yaml import SECTIONS, YamlMap, located, parse_document, wrap


def meetings_load_text(
    text: str,
    *,
    file: str,
    actor: str,
    dry_run: bool = False,
    existing: str = "error",
    is_synthetic: bool = False,
) -> dict[str, int]:
    """Load a document; ``existing="skip"`` leaves records that are already stored as they
    are even when their entry changed (the demo uses it); ``"error"`` reports a change."""
    return meetings_load_data(
        parse_document(text, file=file),
        file=file,
        actor=actor,
        dry_run=dry_run,
        existing=existing,
        is_synthetic=is_synthetic,
    )


def meetings_load_data(
    data: dict,
    *,
    file: str,
    actor: str,
    dry_run: bool = False,
    existing: str = "error",
    is_synthetic: bool = False,
) -> dict[str, int]:
    """Load a document already in memory (the layout of a file, as Python data)."""
    if existing not in ("error", "skip"):
        raise ValueError(existing)
    if not isinstance(data, YamlMap):
        data = wrap(data)
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise MeetingsError(
            f"Mục không biết: {', '.join(sorted(map(str, unknown)))}",
            f"unknown section(s): {', '.join(sorted(map(str, unknown)))}",
            file=file,
            row=min(data.lines.get(str(k), 0) for k in unknown)
            if isinstance(data, YamlMap)
            else None,
        )
    with transaction.atomic():
        records = Records(file=file, actor=actor, existing=existing, is_synthetic=is_synthetic)
        for section in SECTIONS:
            entries = data.get(section) or []
            if not isinstance(entries, list):
                raise MeetingsError(
                    f"Mục «{section}» phải là một danh sách",
                    f"section «{section}» must be a list",
                    file=file,
                    row=data.lines.get(section) if isinstance(data, YamlMap) else None,
                )
            for entry in entries:
                if not isinstance(entry, dict):
                    raise MeetingsError(
                        f"Mỗi phần tử của «{section}» phải là một bảng",
                        f"each item of «{section}» must be a mapping",
                        file=file,
                        row=data.lines.get(section) if isinstance(data, YamlMap) else None,
                    )
                with located(entry, file=file):
                    records.load(section, entry)
        if dry_run:
            transaction.set_rollback(True)
    return dict(records.counts)


def meetings_load_file(
    path: str | Path, *, actor: str, dry_run: bool = False, existing: str = "error"
) -> dict[str, int]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise MeetingsError("Không có tệp", "no such file", file=str(path)) from None
    except UnicodeDecodeError:
        raise MeetingsError(
            "Tệp không phải UTF-8", "the file is not UTF-8", file=str(path)
        ) from None
    return meetings_load_text(text, file=path.name, actor=actor, dry_run=dry_run, existing=existing)
