"""Score expected records kept by line number against the extractor, with the shared scorer.

An expected record names its clean text by the document's line numbers (non-empty lines,
counted from 0), optionally from a phrase on: the document's text is never stored here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tongket.extraction import extract_document


def gold_record(doc: dict, expected: dict) -> dict:
    lines = [line.strip() for line in doc["text"].split("\n") if line.strip()]
    kept = []
    expected.pop("known_misses", None)
    for entry in expected.pop("clean_text_lines"):
        if isinstance(entry, list):
            index, phrase = entry
            kept.append(lines[index][lines[index].index(phrase) :])
        else:
            kept.append(lines[entry])
    expected["clean_text"] = "\n\n".join(kept)
    return expected


def score_records(paths: list[Path], corpus: dict, shared: Path, work: Path) -> dict:
    """The scorer's summary of the extractor on these expected records."""
    gold_dir, pred_dir = work / "gold", work / "pred"
    gold_dir.mkdir()
    pred_dir.mkdir()
    for path in paths:
        doc = corpus[path.stem]
        expected = json.loads(path.read_text(encoding="utf-8"))
        (gold_dir / path.name).write_text(
            json.dumps(gold_record(doc, expected), ensure_ascii=False), "utf-8"
        )
        (pred_dir / path.name).write_text(
            json.dumps(extract_document(doc), ensure_ascii=False), "utf-8"
        )
    scored = subprocess.run(
        [
            sys.executable,
            str(shared / "eval" / "score_extraction.py"),
            "--gold",
            str(gold_dir),
            "--pred",
            str(pred_dir),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(scored.stdout[: scored.stdout.rindex("}") + 1])
