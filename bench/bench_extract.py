"""Extraction speed: documents per second on one core, beside underthesea's ``ner``.

Builds a corpus of at least 1,000 documents at run time from the seed and corpus documents
in ../shared (variations: other provinces, dates, figures, paragraph order, page furniture),
runs ``tongket.extraction.extract`` over all of them, then underthesea's ``ner`` over the same
texts, in one process. Prints a Markdown table and writes it to bench/out/extract.md.

    python bench/bench_extract.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = Path(os.environ.get("TONGKET_SHARED", ROOT.parent / "shared"))
sys.path.insert(0, str(ROOT / "src"))

from tongket.extraction import extract  # noqa: E402

PROVINCES = [
    "Thái Bình",
    "Sơn La",
    "Vĩnh Long",
    "Nghệ An",
    "Lâm Đồng",
    "Quảng Ngãi",
    "Bắc Ninh",
    "Cà Mau",
    "Hòa Bình",
    "Đồng Tháp",
]
FURNITURE = [
    "ĐÁNH GIÁ BÀI VIẾT( 0)",
    "Số lượt xem: 1234",
    "Bài viết liên quan",
    "Skip Ribbon Commands",
]


def base_documents() -> list[dict]:
    docs = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        docs.append({"text": path.read_text(encoding="utf-8"), "url": None})
    corpus = SHARED / "corpus" / "pages.jsonl"
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            docs.append({"text": d.get("text") or d.get("html") or "", "url": d.get("url")})
    return docs


def vary(doc: dict, rng: random.Random) -> dict:
    """A new document of the same kind: another province, shifted years and figures,
    paragraphs after the lead in another order, furniture added."""
    text = doc["text"]
    old = [p for p in PROVINCES if p in text]
    if old:
        text = text.replace(old[0], rng.choice(PROVINCES))
    shift = rng.randint(-3, 3)
    text = re.sub(r"(?<!\d)(20[0-2]\d)(?!\d)", lambda m: str(int(m.group(1)) + shift), text)
    text = re.sub(
        r"(?<![\d.,])(\d{2,3})(?= (?:tỷ|doanh nghiệp|thuê bao|cuộc))",
        lambda m: str(int(m.group(1)) + rng.randint(1, 9)),
        text,
    )
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 4:
        middle = paragraphs[2:-1]
        rng.shuffle(middle)
        paragraphs = paragraphs[:2] + middle + paragraphs[-1:]
    if rng.random() < 0.5:
        paragraphs.append(rng.choice(FURNITURE))
    return {"text": "\n\n".join(paragraphs), "url": doc["url"]}


def corpus(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    base = base_documents()
    out = list(base)
    while len(out) < n:
        out.append(vary(rng.choice(base), rng))
    return out[:n]


def timed(fn, docs) -> tuple[float, float]:
    """Wall-clock and CPU seconds of this process (the machine may be shared: CPU seconds
    are what the extractor itself costs)."""
    start, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        fn(doc)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="200 documents instead of 1,000")
    parser.add_argument("--docs", type=int, help="number of documents")
    args = parser.parse_args()
    n = args.docs or (200 if args.quick else 1000)
    docs = corpus(n)
    chars = sum(len(d["text"]) for d in docs)
    # Warm up: data files load once per process.
    extract(docs[0]["text"], url=docs[0]["url"])
    ours = timed(lambda d: extract(d["text"], url=d["url"]), docs)
    rows = [("tongket.extraction.extract (full record)", n, ours)]
    notes = []
    try:
        from underthesea import ner, word_tokenize

        ner(docs[0]["text"][:200])
        rows.append(("underthesea.ner (entities only)", n, timed(lambda d: ner(d["text"]), docs)))
        rows.append(
            ("underthesea.word_tokenize", n, timed(lambda d: word_tokenize(d["text"]), docs))
        )
    except Exception as exc:  # a model it cannot fetch here, or it is not installed
        notes.append(f"underthesea could not run: {type(exc).__name__}: {exc}")
    lines = [
        f"Extraction speed, one core, {n:,} documents ({chars / n:,.0f} characters each on average)",
        "",
        f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start)",
        "",
        "| method | documents | seconds | documents/s | CPU seconds | documents per CPU second "
        "| tongket's speed ÷ this (CPU) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, count, (seconds, cpu) in rows:
        rate = count / seconds if seconds else float("inf")
        cpu_rate = count / cpu if cpu else float("inf")
        ratio = (cpu / ours[1]) if ours[1] else float("inf")
        lines.append(
            f"| {name} | {count:,} | {seconds:.2f} | {rate:,.0f} | {cpu:.2f} | {cpu_rate:,.0f} "
            f"| {ratio:.1f}× |"
        )
    lines.extend(f"\n{note}" for note in notes)
    table = "\n".join(lines)
    print(table)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / "extract.md").write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
